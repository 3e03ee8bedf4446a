//! `/api/v1/incidents`: civilian-harm incidents for the board, the units concerned, and an
//! aggregated CSV. Each handler calls the operation of [`crate::incidents::workflow`]; what each
//! audience sees is in [`crate::incidents::views`], what each takes in
//! [`crate::incidents::input`].

use crate::domain::ids::IncidentId;
use crate::domain::request::page_limit;
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::incidents::input::{
    ChangeIncidentRequest, IncidentSummaryRequest, ListIncidentsRequest, RecordIncidentRequest,
};
use crate::incidents::views::{IncidentPageView, IncidentView};
use crate::incidents::workflow;
use actix_web::http::header;
use actix_web::{HttpResponse, get, patch, post, web};

/// Documents an incident. At or above the early-warning severity, the board's secretaries and
/// the units concerned are told at once.
#[utoipa::path(tag = "incidents", request_body = RecordIncidentRequest,
    responses((status = 201, body = IncidentView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<RecordIncidentRequest>,
) -> Result<HttpResponse, AppError> {
    let (warn_from, now) = (state.settings.early_warning_severity, state.clock.now());
    let view = workflow::record(&state.db, &who.0, body.into_inner(), warn_from, now).await?;
    Ok(HttpResponse::Created().json(view))
}

/// Incidents the caller may see, in id order: their boards' (admins: all), and those concerning
/// the units they represent.
#[utoipa::path(tag = "incidents", params(ListIncidentsRequest),
    responses((status = 200, body = IncidentPageView)))]
#[get("")]
pub async fn list(
    who: Credentials,
    query: web::Query<ListIncidentsRequest>,
) -> Result<web::Json<IncidentPageView>, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, 50, 200)?;
    Ok(web::Json(
        who.read(move |conn, who| workflow::list_in(conn, who, q, limit))
            .await?,
    ))
}

#[utoipa::path(tag = "incidents", params(IncidentId),
    responses((status = 200, body = IncidentView)))]
#[get("/{id}")]
pub async fn show(
    who: Credentials,
    id: web::Path<IncidentId>,
) -> Result<web::Json<IncidentView>, AppError> {
    let id = id.into_inner();
    Ok(web::Json(
        who.read(move |conn, who| workflow::show_in(conn, who, id))
            .await?,
    ))
}

/// Corrects an incident, records a response or moves it along. The secretariat does all three;
/// a representative of a unit concerned may only record a response.
#[utoipa::path(tag = "incidents", params(IncidentId),
    request_body = ChangeIncidentRequest,
    responses((status = 200, body = IncidentView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<IncidentId>,
    body: Json<ChangeIncidentRequest>,
) -> Result<web::Json<IncidentView>, AppError> {
    let (id, req) = (id.into_inner(), body.into_inner());
    let (warn_from, now) = (state.settings.early_warning_severity, state.clock.now());
    let view = workflow::change(&state.db, &who.0, id, req, warn_from, now).await?;
    Ok(web::Json(view))
}

/// Incident counts by month, region, harm and alleged perpetrator, as CSV: aggregates only,
/// counts below the small-count threshold shown as `<N`.
#[utoipa::path(tag = "incidents", params(IncidentSummaryRequest),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
#[get("/summary.csv")]
pub async fn summary_csv(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<IncidentSummaryRequest>,
) -> Result<HttpResponse, AppError> {
    let (q, threshold) = (query.into_inner(), state.settings.small_count_threshold);
    let body = workflow::summary_csv(&state.db, &who.0, q, threshold, state.clock.now()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"incident-summary.csv\"",
        ))
        .body(body))
}
