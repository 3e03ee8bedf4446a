//! `/api/v1/actions`: follow-up actions, their status reports and verification, as JSON and CSV.

use crate::actions::{
    self, ActionDetailView, ActionPageView, ActionView, CreateActionRequest, EditActionRequest,
    ListRequest, ReportProgressRequest, VerifyActionRequest,
};
use crate::domain::action::ActionStatus;
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::request::page_limit;
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

/// An answer of JSON text the action views wrote themselves (their measured fast path).
fn answer(status: StatusCode, json: Vec<u8>) -> HttpResponse {
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .body(json)
}

const PAGE_DEFAULT: i64 = 50;
const PAGE_MAX: i64 = 200;

#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    board: Option<i64>,
    /// A unit and every unit under it.
    unit: Option<i64>,
    status: Option<ActionStatus>,
    /// `true`: only actions still owed after their due date.
    overdue: Option<bool>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    /// The `next_after` of the previous page.
    after: Option<i64>,
}

/// The list's filters without its paging: the CSV export is one file.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    board: Option<i64>,
    /// A unit and every unit under it.
    unit: Option<i64>,
    status: Option<ActionStatus>,
    /// `true`: only actions still owed after their due date.
    overdue: Option<bool>,
}

impl From<ListQuery> for ListRequest {
    fn from(q: ListQuery) -> Self {
        Self {
            board: q.board.map(BoardId),
            unit: q.unit.map(UnitId),
            status: q.status,
            overdue: q.overdue == Some(true),
            after: q.after.map(ActionId),
        }
    }
}

impl From<ExportQuery> for ListRequest {
    fn from(e: ExportQuery) -> Self {
        Self::from(ListQuery {
            board: e.board,
            unit: e.unit,
            status: e.status,
            overdue: e.overdue,
            ..ListQuery::default()
        })
    }
}

/// Actions the caller may see, filtered, in a stable order (by id), a page at a time.
#[utoipa::path(tag = "actions", params(ListQuery),
    responses((status = 200, body = ActionPageView)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListQuery>,
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
#[utoipa::path(tag = "actions", params(ExportQuery),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
#[get("/actions.csv")]
pub async fn export(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<ExportQuery>,
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
