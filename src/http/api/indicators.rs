//! `/api/v1/boards/{id}/indicators`, `/api/v1/indicators/{id}` with its targets and values.

use crate::domain::ids::{BoardId, IndicatorId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::indicators::values::RawFigure;
use crate::indicators::{
    self, CreateIndicatorRequest, EditIndicatorRequest, IndicatorView, ListValuesRequest,
    RecordedView, SetTargetsRequest, TargetsView, ValueView,
};
use actix_web::{HttpResponse, get, patch, post, put, web};

#[utoipa::path(tag = "indicators", params(BoardId),
    responses((status = 200, body = Vec<IndicatorView>)))]
#[get("/{id}/indicators")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
) -> Result<web::Json<Vec<IndicatorView>>, AppError> {
    let found = indicators::list(&state.db, &who.0, id.into_inner()).await?;
    Ok(web::Json(found))
}

#[utoipa::path(tag = "indicators", params(BoardId),
    request_body = CreateIndicatorRequest, responses((status = 201, body = IndicatorView)))]
#[post("/{id}/indicators")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
    body: Json<CreateIndicatorRequest>,
) -> Result<HttpResponse, AppError> {
    let (board, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let created = indicators::create(&state.db, &who.0, board, req, now).await?;
    Ok(HttpResponse::Created().json(created))
}

#[utoipa::path(tag = "indicators", params(IndicatorId),
    responses((status = 200, body = IndicatorView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
) -> Result<web::Json<IndicatorView>, AppError> {
    let found = indicators::show(&state.db, &who.0, id.into_inner()).await?;
    Ok(web::Json(found))
}

#[utoipa::path(tag = "indicators", params(IndicatorId),
    request_body = EditIndicatorRequest, responses((status = 200, body = IndicatorView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
    body: Json<EditIndicatorRequest>,
) -> Result<web::Json<IndicatorView>, AppError> {
    let (id, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let updated = indicators::update(&state.db, &who.0, id, req, now).await?;
    Ok(web::Json(updated))
}

#[utoipa::path(tag = "indicators", params(IndicatorId),
    responses((status = 200, body = TargetsView)))]
#[get("/{id}/targets")]
pub async fn targets(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
) -> Result<web::Json<TargetsView>, AppError> {
    let all = indicators::targets(&state.db, &who.0, id.into_inner()).await?;
    Ok(web::Json(all))
}

/// Replaces the benchmarks; a change needs a reason, recorded with who made it.
#[utoipa::path(tag = "indicators", params(IndicatorId),
    request_body = SetTargetsRequest, responses((status = 200, body = TargetsView)))]
#[put("/{id}/targets")]
pub async fn set_targets(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
    body: Json<SetTargetsRequest>,
) -> Result<web::Json<TargetsView>, AppError> {
    let (id, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let all = indicators::set_targets(&state.db, &who.0, id, req, now).await?;
    Ok(web::Json(all))
}

#[utoipa::path(tag = "indicators",
    params(ListValuesRequest, IndicatorId),
    responses((status = 200, body = Vec<ValueView>)))]
#[get("/{id}/values")]
pub async fn list_values(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
    query: web::Query<ListValuesRequest>,
) -> Result<web::Json<Vec<ValueView>>, AppError> {
    let (id, req) = (id.into_inner(), query.into_inner());
    let all = indicators::list_values(&state.db, &who.0, id, req).await?;
    Ok(web::Json(all))
}

/// Records one figure (the same figure again changes nothing); 409 in a locked month.
#[utoipa::path(tag = "indicators", params(IndicatorId),
    request_body = RawFigure,
    responses((status = 200, body = RecordedView)))]
#[post("/{id}/values")]
pub async fn record_value(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IndicatorId>,
    body: Json<RawFigure>,
) -> Result<web::Json<RecordedView>, AppError> {
    let (id, raw, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let lock_days = state.settings.indicator_lock_days;
    let outcome = indicators::record_value(&state.db, &who.0, id, raw, now, lock_days).await?;
    Ok(web::Json(outcome))
}
