//! `/api/v1/boards/{id}/series` and `/api/v1/series/{id}`: a board's recurring sessions.

use crate::domain::ids::{BoardId, SeriesId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::series::{self, CreateSeriesRequest, EditSeriesRequest};
use crate::meetings::views::SeriesView;
use actix_web::{HttpResponse, delete, get, patch, post, web};

#[utoipa::path(tag = "meetings", params(BoardId),
    responses((status = 200, body = Vec<SeriesView>)))]
#[get("/{id}/series")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    board: web::Path<BoardId>,
) -> Result<web::Json<Vec<SeriesView>>, AppError> {
    Ok(web::Json(series::list(&state.db, &who.0, *board).await?))
}

/// Creates a series and at once the meetings it calls for up to the planning horizon.
#[utoipa::path(tag = "meetings", params(BoardId), request_body = CreateSeriesRequest,
    responses((status = 201, body = SeriesView)))]
#[post("/{id}/series")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    board: web::Path<BoardId>,
    body: Json<CreateSeriesRequest>,
) -> Result<HttpResponse, AppError> {
    let (now, horizon) = (state.clock.now(), horizon(&state));
    let created = series::add(&state.db, &who.0, *board, body.into_inner(), now, horizon).await?;
    Ok(HttpResponse::Created().json(created))
}

#[utoipa::path(tag = "meetings", params(SeriesId),
    responses((status = 200, body = SeriesView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<SeriesId>,
) -> Result<web::Json<SeriesView>, AppError> {
    Ok(web::Json(series::show(&state.db, &who.0, *id).await?))
}

/// Changes apply from today: future meetings not changed by hand follow the new rule.
#[utoipa::path(tag = "meetings", params(SeriesId), request_body = EditSeriesRequest,
    responses((status = 200, body = SeriesView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<SeriesId>,
    body: Json<EditSeriesRequest>,
) -> Result<web::Json<SeriesView>, AppError> {
    let (now, horizon) = (state.clock.now(), horizon(&state));
    let updated = series::edit(&state.db, &who.0, *id, body.into_inner(), now, horizon).await?;
    Ok(web::Json(updated))
}

/// Ends the series: future meetings not changed by hand are cancelled; past ones stay.
#[utoipa::path(tag = "meetings", params(SeriesId), responses((status = 204)))]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<SeriesId>,
) -> Result<HttpResponse, AppError> {
    series::end(&state.db, &who.0, *id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn horizon(state: &AppState) -> u32 {
    state.settings.jobs.meetings.meeting_horizon_months
}
