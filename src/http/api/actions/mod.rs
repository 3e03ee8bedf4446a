//! `/api/v1/actions`: follow-up actions, their status reports and verification, as JSON and CSV.

mod views;

pub use views::{ActionDetail, ActionPage, ActionView, UpdateView};

use super::json_out;
use super::{ApiErrors, page_limit};
use crate::actions::{self, ActionChanges, ActionDraft};
use crate::auth::policy::{Permission, Principal, authorize, represents};
use crate::db::actions::{self as store, Action, Filter};
use crate::db::{DbConn, boards, units};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::text::Label;
use crate::domain::unit::UnitTree;
use crate::error::AppError;
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use views::DETAIL_BYTES;

const TITLE_MAX: usize = 300;
const PAGE_DEFAULT: i64 = 50;
const PAGE_MAX: i64 = 200;
const CSV_MAX: i64 = 100_000;

#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    pub(crate) board: Option<i64>,
    /// A unit and every unit under it.
    pub(crate) unit: Option<i64>,
    pub(crate) status: Option<ActionStatus>,
    /// `true`: only actions still owed after their due date.
    pub(crate) overdue: Option<bool>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub(crate) limit: Option<i64>,
    /// The `next_after` of the previous page.
    pub(crate) after: Option<i64>,
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

/// Whether a principal sees an action: the board's people and admins, or a representative of
/// its unit or a unit above it. `chain` (the action's unit and those above it) is asked for only
/// when being among the board's people is not enough.
fn sees(
    who: &Principal,
    a: &Action,
    chain: impl FnOnce() -> Result<Vec<UnitId>, AppError>,
) -> Result<bool, AppError> {
    Ok(
        authorize(Some(who), Permission::ReadActions(a.board_id)).is_ok()
            || represents(who, &chain()?),
    )
}

fn today(conn: &mut DbConn, board: BoardId, now: DateTime<Utc>) -> Result<NaiveDate, AppError> {
    let zone = boards::zone(conn, board)?
        .ok_or_else(|| AppError::not_found(format!("no board with id {board}")))?;
    Ok(now.with_timezone(&zone).date_naive())
}

/// The unit tree in `slot`, read on first use.
fn unit_tree<'t>(
    slot: &'t mut Option<UnitTree>,
    conn: &mut DbConn,
) -> Result<&'t UnitTree, AppError> {
    let tree = match slot.take() {
        Some(tree) => tree,
        None => units::tree(conn)?,
    };
    Ok(slot.insert(tree))
}

/// The actions a principal may see that match the query, in id order, at most `limit`.
pub(crate) fn visible_page(
    conn: &mut DbConn,
    who: &Principal,
    q: &ListQuery,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<ActionView>, AppError> {
    // The unit tree is read only for a unit filter, a representative, or a row the caller's
    // boards do not cover.
    let mut tree = None;
    let units = match q.unit {
        Some(u) => Some(unit_tree(&mut tree, conn)?.subtree(UnitId(u))),
        None => None,
    };
    let mut filter = Filter {
        boards: q.board.map(|b| vec![BoardId(b)]),
        units,
        statuses: q.status.map(|s| vec![s]),
        due_before: None,
        after_id: q.after.map(ActionId),
    };
    if q.overdue == Some(true) {
        // Zones differ by less than a day; the exact check against each board's date follows.
        filter.due_before = Some((now + chrono::TimeDelta::days(1)).date_naive());
    }
    // Scopes a principal may see: everything (admins), boards they sit on, units they represent.
    let mut scopes: Vec<Filter> = Vec::new();
    if who.is_admin {
        scopes.push(filter.clone());
    } else {
        let boards: Vec<BoardId> = who.boards().collect();
        if !boards.is_empty() {
            let allowed = match &filter.boards {
                Some(wanted) => wanted
                    .iter()
                    .copied()
                    .filter(|b| boards.contains(b))
                    .collect(),
                None => boards,
            };
            scopes.push(Filter {
                boards: Some(allowed),
                ..filter.clone()
            });
        }
        let mut represented: Vec<UnitId> = Vec::new();
        for u in who.represented_units() {
            represented.extend(unit_tree(&mut tree, conn)?.subtree(u));
        }
        if !represented.is_empty() {
            let allowed = match &filter.units {
                Some(wanted) => wanted
                    .iter()
                    .copied()
                    .filter(|u| represented.contains(u))
                    .collect(),
                None => represented,
            };
            scopes.push(Filter {
                units: Some(allowed),
                ..filter.clone()
            });
        }
    }
    // The first `limit` of the scopes together are among the first `limit` of each. Only the
    // overdue filter, exact to each board's date, drops rows after loading: load more for it,
    // and load on from where a scope's rows ended until the page is full, so that a short page
    // really is the last.
    let load = if q.overdue == Some(true) {
        limit.saturating_mul(2)
    } else {
        limit
    };
    // One look-up of each board's date, not one per row: the CSV export may hold many rows.
    let mut todays: Vec<(BoardId, NaiveDate)> = Vec::new();
    let mut out = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(1024));
    loop {
        let mut found: Vec<Action> = Vec::new();
        // Every scope is loaded up to this id; beyond it, rows of a scope may be missing.
        let mut loaded_to: Option<ActionId> = None;
        for scope in &scopes {
            let rows = store::list(conn, scope, load)?;
            if let Some(last) = rows.last().filter(|_| rows.len() as i64 == load) {
                loaded_to = Some(loaded_to.map_or(last.id, |to| to.min(last.id)));
            }
            if found.is_empty() {
                found = rows;
                continue;
            }
            for a in rows {
                if !found.iter().any(|f| f.id == a.id) {
                    found.push(a);
                }
            }
        }
        found.sort_by_key(|a| a.id);
        for a in found {
            if loaded_to.is_some_and(|to| a.id > to) {
                break;
            }
            if !sees(who, &a, || Ok(unit_tree(&mut tree, conn)?.chain(a.unit_id)))? {
                continue;
            }
            let today = match todays.iter().find(|(b, _)| *b == a.board_id) {
                Some((_, day)) => *day,
                None => {
                    let day = today(conn, a.board_id, now)?;
                    todays.push((a.board_id, day));
                    day
                }
            };
            let view = ActionView::new(a, today);
            if q.overdue == Some(true) && !view.overdue {
                continue;
            }
            out.push(view);
            if out.len() as i64 >= limit {
                return Ok(out);
            }
        }
        let Some(to) = loaded_to else {
            return Ok(out);
        };
        for scope in &mut scopes {
            scope.after_id = Some(to);
        }
    }
}

/// Actions the caller may see, filtered, in a stable order (by id), a page at a time.
#[utoipa::path(tag = "actions", params(ListQuery),
    responses((status = 200, body = ActionPage), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let q = query.into_inner();
    let limit = page_limit(q.limit, PAGE_DEFAULT, PAGE_MAX)?;
    let now = state.clock.now();
    let items = who
        .read(move |conn, who| visible_page(conn, who, &q, limit, now))
        .await?;
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
    responses((status = 200, description = "CSV", content_type = "text/csv"), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/actions.csv")]
pub async fn export(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, AppError> {
    let e = query.into_inner();
    let q = ListQuery {
        board: e.board,
        unit: e.unit,
        status: e.status,
        overdue: e.overdue,
        ..ListQuery::default()
    };
    let now = state.clock.now();
    let who = who.0;
    let items = state
        .db
        .read(move |conn| visible_page(conn, &who, &q, CSV_MAX, now))
        .await?;
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| AppError::Internal(e.into());
    out.write_record([
        "id",
        "board_id",
        "title",
        "unit_id",
        "due_date",
        "status",
        "overdue",
        "source_kind",
        "source_id",
        "verified_at",
    ])
    .map_err(fail)?;
    for a in items {
        out.write_record([
            a.id.to_string(),
            a.board_id.to_string(),
            a.title,
            a.unit_id.to_string(),
            a.due_date.to_string(),
            a.status.as_str().to_owned(),
            a.overdue.to_string(),
            a.source_kind.as_str().to_owned(),
            a.source_id.map(|s| s.to_string()).unwrap_or_default(),
            a.verified_at.map(|t| t.to_rfc3339()).unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    let body = out
        .into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))?;
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
    pub(crate) board_id: BoardId,
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    pub(crate) title: String,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub(crate) description: String,
    /// decision, indicator or grievance (of the same board), or none.
    pub(crate) source_kind: SourceKind,
    pub(crate) source_id: Option<i64>,
    pub(crate) unit_id: UnitId,
    pub(crate) due_date: NaiveDate,
}

#[utoipa::path(tag = "actions", request_body = ActionCreate,
    responses((status = 201, body = ActionView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<ActionCreate>,
) -> Result<HttpResponse, AppError> {
    let view = create_as(&state, &who.0, body.into_inner()).await?;
    Ok(json_out::answer(StatusCode::CREATED, &view, DETAIL_BYTES))
}

pub(crate) async fn create_as(
    state: &AppState,
    who: &Principal,
    b: ActionCreate,
) -> Result<ActionView, AppError> {
    authorize(Some(who), Permission::ManageActions(b.board_id))?;
    let draft = ActionDraft {
        board_id: b.board_id,
        title: Label::parse("title", &b.title, TITLE_MAX)?,
        description: b.description,
        source_kind: b.source_kind,
        source_id: b.source_id,
        unit_id: b.unit_id,
        due_date: b.due_date,
    };
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| {
            let a = actions::create(conn, &actor, draft, now)?;
            let today = today(conn, a.board_id, now)?;
            Ok::<_, AppError>(ActionView::new(a, today))
        })
        .await
}

/// The action, or "not found" for someone who may not see it.
fn visible_in(conn: &mut DbConn, who: &Principal, id: ActionId) -> Result<Action, AppError> {
    let a = actions::find(conn, id)?;
    if sees(who, &a, || Ok(units::tree(conn)?.chain(a.unit_id)))? {
        Ok(a)
    } else {
        Err(AppError::not_found(format!("no action with id {id}")))
    }
}

pub(crate) async fn visible(
    state: &AppState,
    who: &Principal,
    id: ActionId,
) -> Result<Action, AppError> {
    let who = who.clone();
    state.db.read(move |conn| visible_in(conn, &who, id)).await
}

fn detail_of(conn: &mut DbConn, a: Action, now: DateTime<Utc>) -> Result<ActionDetail, AppError> {
    let updates = store::updates_of(conn, a.id)?;
    let today = today(conn, a.board_id, now)?;
    Ok(ActionDetail {
        action: ActionView::new(a, today),
        updates: updates.into_iter().map(UpdateView::from).collect(),
    })
}

pub(crate) async fn detail(state: &AppState, a: Action) -> Result<ActionDetail, AppError> {
    let now = state.clock.now();
    state.db.read(move |conn| detail_of(conn, a, now)).await
}

#[utoipa::path(tag = "actions", responses((status = 200, body = ActionDetail), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let (id, now) = (ActionId(id.into_inner()), state.clock.now());
    let found = who
        .read(move |conn, who| {
            let a = visible_in(conn, who, id)?;
            detail_of(conn, a, now)
        })
        .await?;
    Ok(found.answer(StatusCode::OK))
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
    responses((status = 200, body = ActionDetail), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ActionPatch>,
) -> Result<HttpResponse, AppError> {
    let a = visible(&state, &who.0, ActionId(id.into_inner())).await?;
    authorize(Some(&who.0), Permission::ManageActions(a.board_id))?;
    let b = body.into_inner();
    let changes = ActionChanges {
        title: b
            .title
            .as_deref()
            .map(|t| Label::parse("title", t, TITLE_MAX))
            .transpose()?,
        description: b.description,
        unit_id: b.unit_id,
        due_date: b.due_date,
    };
    let (actor, now, id) = (who.0.actor(), state.clock.now(), a.id);
    let updated = state
        .db
        .write(move |conn| actions::update(conn, &actor, id, changes, now))
        .await?;
    Ok(detail(&state, updated).await?.answer(StatusCode::OK))
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
    responses((status = 200, body = ActionDetail), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("/{id}/updates")]
pub async fn report(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ReportInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let updated = report_as(&state, &who.0, ActionId(id.into_inner()), b.status, b.note).await?;
    Ok(detail(&state, updated).await?.answer(StatusCode::OK))
}

/// Progress reported by a representative of the action's unit chain or a board secretary.
pub(crate) async fn report_as(
    state: &AppState,
    who: &Principal,
    id: ActionId,
    status: ActionStatus,
    note: String,
) -> Result<Action, AppError> {
    let a = visible(state, who, id).await?;
    let tree = state.db.read(units::tree).await?;
    if !represents(who, &tree.chain(a.unit_id)) {
        authorize(Some(who), Permission::ManageActions(a.board_id))?;
    }
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| actions::report(conn, &actor, a.id, status, &note, now))
        .await
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
    responses((status = 200, body = ActionDetail), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("/{id}/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<VerifyInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let updated = verify_as(
        &state,
        &who.0,
        ActionId(id.into_inner()),
        b.accept,
        b.reason,
    )
    .await?;
    Ok(detail(&state, updated).await?.answer(StatusCode::OK))
}

/// The board's verdict on an action reported done.
pub(crate) async fn verify_as(
    state: &AppState,
    who: &Principal,
    id: ActionId,
    accept: bool,
    reason: String,
) -> Result<Action, AppError> {
    let a = visible(state, who, id).await?;
    authorize(Some(who), Permission::VerifyActions(a.board_id))?;
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| actions::verify(conn, &actor, a.id, accept, &reason, now))
        .await
}
