//! `/api/v1/actions`: follow-up actions, their status reports and verification, as JSON and CSV.

mod views;

pub use views::{ActionDetail, ActionPage, ActionView, UpdateView};

use super::json_out;
use super::page_limit;
use crate::actions::{self, Edit, ListRequest, NewAction, Progress, Verdict};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use views::DETAIL_BYTES;

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
    responses((status = 200, body = ActionPage)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, PAGE_DEFAULT, PAGE_MAX)?;
    let (req, now) = (ListRequest::from(q), state.clock.now());
    let found = who
        .read(move |conn, who| actions::list_in(conn, who, &req, limit, now))
        .await?;
    let items: Vec<ActionView> = found.into_iter().map(ActionView::from).collect();
    let next_after = (items.len() as i64 == limit)
        .then(|| items.last().map(|a| a.id))
        .flatten();
    let page = ActionPage { items, next_after };
    Ok(json_out::answer(
        StatusCode::OK,
        &page,
        DETAIL_BYTES * page.items.len(),
    ))
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionCreate {
    board_id: BoardId,
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    title: String,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    description: String,
    /// decision, indicator or grievance (of the same board), or none.
    source_kind: SourceKind,
    source_id: Option<i64>,
    unit_id: UnitId,
    due_date: NaiveDate,
}

#[utoipa::path(tag = "actions", request_body = ActionCreate,
    responses((status = 201, body = ActionView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<ActionCreate>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let req = NewAction {
        board_id: b.board_id,
        title: b.title,
        description: b.description,
        source_kind: b.source_kind,
        source_id: b.source_id,
        unit_id: b.unit_id,
        due_date: b.due_date,
    };
    let created = actions::create(&state.db, &who.0, req, state.clock.now()).await?;
    let view = ActionView::from(created);
    Ok(json_out::answer(StatusCode::CREATED, &view, DETAIL_BYTES))
}

#[utoipa::path(tag = "actions", responses((status = 200, body = ActionDetail)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (ActionId(id.into_inner()), state.clock.now());
    let found = who
        .read(move |conn, who| actions::detail_in(conn, who, id, now))
        .await?;
    Ok(ActionDetail::from(found).answer(StatusCode::OK))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    title: Option<String>,
    #[schema(max_length = 10000, format = "text")]
    description: Option<String>,
    unit_id: Option<UnitId>,
    due_date: Option<NaiveDate>,
}

/// The board's secretaries change an action's wording, unit or due date. Units report progress
/// through `/updates`; the board verifies through `/verify`.
#[utoipa::path(tag = "actions", request_body = ActionPatch,
    responses((status = 200, body = ActionDetail)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ActionPatch>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let edit = Edit {
        title: b.title,
        description: b.description,
        unit_id: b.unit_id,
        due_date: b.due_date,
    };
    let id = ActionId(id.into_inner());
    let updated = actions::update(&state.db, &who.0, id, edit, state.clock.now()).await?;
    Ok(ActionDetail::from(updated).answer(StatusCode::OK))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportInput {
    /// in_progress, blocked or reported_done.
    status: ActionStatus,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    note: String,
}

/// A representative of the action's unit (or a unit above it), or the board's secretary,
/// reports progress.
#[utoipa::path(tag = "actions", request_body = ReportInput,
    responses((status = 200, body = ActionDetail)))]
#[post("/{id}/updates")]
pub async fn report(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ReportInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let req = Progress {
        status: b.status,
        note: b.note,
    };
    let id = ActionId(id.into_inner());
    let updated = actions::progress(&state.db, &who.0, id, req, state.clock.now()).await?;
    Ok(ActionDetail::from(updated).answer(StatusCode::OK))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyInput {
    /// `true` verifies the action as done; `false` sends it back to the unit.
    accept: bool,
    /// Required when sending back.
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    reason: String,
}

/// The board's secretaries and members verify an action reported done, or send it back.
#[utoipa::path(tag = "actions", request_body = VerifyInput,
    responses((status = 200, body = ActionDetail)))]
#[post("/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<VerifyInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let verdict = Verdict {
        accept: b.accept,
        reason: b.reason,
    };
    let id = ActionId(id.into_inner());
    let updated = actions::verify(&state.db, &who.0, id, verdict, state.clock.now()).await?;
    Ok(ActionDetail::from(updated).answer(StatusCode::OK))
}
