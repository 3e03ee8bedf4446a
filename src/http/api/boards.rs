//! `/api/v1/boards`: the national, regional and provincial boards.

use super::{ApiErrors, json_time, nullable, utc};
use crate::auth::policy::{Permission, authorize};
use crate::db::boards::{self as store, Board};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::BoardId;
use crate::domain::text::{Label, NAME_MAX};
use crate::error::AppError;
use crate::http::extract::{Json, MaybeSignedIn, SignedIn};
use crate::http::state::AppState;
use crate::org::boards::{self, BoardChanges, BoardDraft, PublishingRuleChange};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct BoardView {
    id: BoardId,
    name: String,
    level: BoardLevel,
    parent_id: Option<BoardId>,
    /// IANA time zone in which the board's sessions and deadlines are kept.
    time_zone: String,
    /// Business days to acknowledge a grievance; `null` when the installation's default applies.
    grievance_ack_days: Option<u32>,
    /// Business days to respond to a grievance; `null` when the installation's default applies.
    grievance_response_days: Option<u32>,
    /// Whether a report needs a second officer's approval before it is published.
    two_person_approval: bool,
    #[serde(serialize_with = "json_time::instant")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
    updated_at: DateTime<Utc>,
}

impl From<Board> for BoardView {
    fn from(b: Board) -> Self {
        Self {
            id: b.id,
            name: b.name,
            level: b.level,
            parent_id: b.parent_id,
            time_zone: b.time_zone,
            grievance_ack_days: b.grievance_ack_days,
            grievance_response_days: b.grievance_response_days,
            two_person_approval: b.two_person_approval,
            created_at: utc(b.created_at),
            updated_at: utc(b.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoardCreate {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: String,
    level: BoardLevel,
    /// Required for regional (a national parent) and provincial (a regional parent) boards.
    parent_id: Option<BoardId>,
    /// Defaults to Asia/Manila.
    time_zone: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoardPatch {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: Option<String>,
    time_zone: Option<String>,
    /// Admins only.
    level: Option<BoardLevel>,
    /// Admins only; `null` makes the board a root (national) board.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<BoardId>)]
    parent_id: Option<Option<BoardId>>,
    /// Business days to acknowledge a grievance (1–60); `null` returns to the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 60)]
    grievance_ack_days: Option<Option<u32>>,
    /// Business days to respond to a grievance (1–120); `null` returns to the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 120)]
    grievance_response_days: Option<Option<u32>>,
    /// Whether a report needs a second officer's approval before it is published (default on).
    /// Admins only, with a `reason`: the rule binds the board's secretaries.
    two_person_approval: Option<bool>,
    /// Why the two-person rule changes: required with `two_person_approval`, kept in the audit
    /// log.
    #[schema(min_length = 1, max_length = 1000, format = "text")]
    reason: Option<String>,
}

/// Every board, in the order they were created. Public: boards hold no personal data.
#[utoipa::path(tag = "boards", responses((status = 200, body = Vec<BoardView>), ApiErrors))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
) -> Result<web::Json<Vec<BoardView>>, AppError> {
    authorize(who.0.as_ref(), Permission::ReadBoards)?;
    let boards = state.db.read(store::list).await?;
    Ok(web::Json(boards.into_iter().map(BoardView::from).collect()))
}

#[utoipa::path(tag = "boards", responses((status = 200, body = BoardView), ApiErrors))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<BoardView>, AppError> {
    authorize(who.0.as_ref(), Permission::ReadBoards)?;
    let id = BoardId(id.into_inner());
    let board = state.db.read(move |conn| boards::find(conn, id)).await?;
    Ok(web::Json(board.into()))
}

#[utoipa::path(tag = "boards", request_body = BoardCreate,
    responses((status = 201, body = BoardView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<BoardCreate>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(&who.0), Permission::CreateBoard)?;
    let body = body.into_inner();
    let draft = BoardDraft {
        name: Label::parse("name", &body.name, NAME_MAX)?,
        level: body.level,
        parent_id: body.parent_id,
        time_zone: TimeZoneName::parse(body.time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE))?,
    };
    let (actor, now) = (who.0.actor(), state.clock.now());
    let board = state
        .db
        .write(move |conn| boards::create(conn, &actor, draft, now))
        .await?;
    Ok(HttpResponse::Created().json(BoardView::from(board)))
}

#[utoipa::path(tag = "boards", request_body = BoardPatch,
    responses((status = 200, body = BoardView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<BoardPatch>,
) -> Result<web::Json<BoardView>, AppError> {
    let id = BoardId(id.into_inner());
    authorize(Some(&who.0), Permission::EditBoard(id))?;
    let body = body.into_inner();
    if body.two_person_approval.is_some() {
        authorize(Some(&who.0), Permission::SetPublishingRule)?;
    } else if body.reason.is_some() {
        return Err(AppError::validation(
            "reason",
            "a reason goes with a change of two_person_approval only",
        ));
    }
    let changes = BoardChanges {
        name: body
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        time_zone: body
            .time_zone
            .as_deref()
            .map(TimeZoneName::parse)
            .transpose()?,
        level: body.level,
        parent_id: body.parent_id,
        grievance_ack_days: body.grievance_ack_days,
        grievance_response_days: body.grievance_response_days,
        publishing_rule: body
            .two_person_approval
            .map(|on| PublishingRuleChange::parse(on, body.reason.as_deref()))
            .transpose()?,
    };
    if changes.moves() {
        authorize(Some(&who.0), Permission::MoveBoard)?;
    }

    let (actor, now) = (who.0.actor(), state.clock.now());
    let board = state
        .db
        .write(move |conn| boards::update(conn, &actor, id, changes, now))
        .await?;
    Ok(web::Json(board.into()))
}
