//! `/api/v1/actions`: follow-up actions, their status reports and verification, as JSON and CSV.

use crate::actions::{
    self, ActionDetailView, ActionPageView, ActionView, CreateActionRequest, EditActionRequest,
    ExportActionsRequest, ListActionsRequest, ListRequest, ReportProgressRequest,
    VerifyActionRequest,
};
use crate::domain::ids::ActionId;
use crate::domain::request::page_limit;
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, get, patch, post, web};

/// An answer of JSON text the action views wrote themselves (their measured fast path).
fn answer(status: StatusCode, json: Vec<u8>) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .body(json)
}

const PAGE_DEFAULT: i64 = 50;
const PAGE_MAX: i64 = 200;

/// Actions the caller may see, filtered, in a stable order (by id), a page at a time.
#[utoipa::path(tag = "actions", params(ListActionsRequest),
    responses((status = 200, body = ActionPageView)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListActionsRequest>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, PAGE_DEFAULT, PAGE_MAX)?;
    let (req, now) = (ListRequest::from(q), state.clock.now());
    let page = who
        .read(move |conn, who| actions::page_in(conn, who, &req, limit, now))
        .await?;
    Ok(answer(StatusCode::OK, page.to_json()))
}

/// The same list as CSV (up to 100,000 rows), for spreadsheets.
#[utoipa::path(tag = "actions", params(ExportActionsRequest),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
#[get("/actions.csv")]
pub async fn export(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<ExportActionsRequest>,
) -> Result<HttpResponse, AppError> {
    let req = ListRequest::from(query.into_inner());
    let body = actions::export(&state.db, &who.0, req, state.clock.now()).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"actions.csv\"",
        ))
        .body(body))
}

#[utoipa::path(tag = "actions", request_body = CreateActionRequest,
    responses((status = 201, body = ActionView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<CreateActionRequest>,
) -> Result<HttpResponse, AppError> {
    let req = body.into_inner();
    let created = actions::create(&state.db, &who.0, req, state.clock.now()).await?;
    Ok(answer(StatusCode::CREATED, created.to_json()))
}

#[utoipa::path(tag = "actions", params(ActionId),
    responses((status = 200, body = ActionDetailView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<ActionId>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let found = who
        .read(move |conn, who| actions::detail_in(conn, who, id, now))
        .await?;
    Ok(answer(StatusCode::OK, found.to_json()))
}

/// The board's secretaries change an action's wording, unit or due date. Units report progress
/// through `/updates`; the board verifies through `/verify`.
#[utoipa::path(tag = "actions", params(ActionId),
    request_body = EditActionRequest,
    responses((status = 200, body = ActionDetailView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ActionId>,
    body: Json<EditActionRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let updated = actions::update(&state.db, &who.0, id, req, now).await?;
    Ok(answer(StatusCode::OK, updated.to_json()))
}

/// A representative of the action's unit (or a unit above it), or the board's secretary,
/// reports progress.
#[utoipa::path(tag = "actions", params(ActionId),
    request_body = ReportProgressRequest,
    responses((status = 200, body = ActionDetailView)))]
#[post("/{id}/updates")]
pub async fn report(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ActionId>,
    body: Json<ReportProgressRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let updated = actions::progress(&state.db, &who.0, id, req, now).await?;
    Ok(answer(StatusCode::OK, updated.to_json()))
}

/// The board's secretaries and members verify an action reported done, or send it back.
#[utoipa::path(tag = "actions", params(ActionId),
    request_body = VerifyActionRequest,
    responses((status = 200, body = ActionDetailView)))]
#[post("/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ActionId>,
    body: Json<VerifyActionRequest>,
) -> Result<HttpResponse, AppError> {
    let (id, req, now) = (id.into_inner(), body.into_inner(), state.clock.now());
    let updated = actions::verify(&state.db, &who.0, id, req, now).await?;
    Ok(answer(StatusCode::OK, updated.to_json()))
}
