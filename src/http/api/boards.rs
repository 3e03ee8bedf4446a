//! `/api/v1/boards`: the national, regional and provincial boards.

use super::{nullable, utc};
use crate::db::boards::Board;
use crate::domain::board::BoardLevel;
use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::http::extract::{Json, MaybeSignedIn, SignedIn};
use crate::http::state::AppState;
use crate::org::boards::{self, BoardCreate, BoardEdit};
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
    created_at: DateTime<Utc>,
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

impl From<BoardPatch> for BoardEdit {
    fn from(p: BoardPatch) -> Self {
        Self {
            name: p.name,
            time_zone: p.time_zone,
            level: p.level,
            parent_id: p.parent_id,
            grievance_ack_days: p.grievance_ack_days,
            grievance_response_days: p.grievance_response_days,
            two_person_approval: p.two_person_approval,
            reason: p.reason,
        }
    }
}

/// Every board, in the order they were created. Public: boards hold no personal data.
#[utoipa::path(tag = "boards", responses((status = 200, body = Vec<BoardView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
) -> Result<web::Json<Vec<BoardView>>, AppError> {
    let all = boards::list(&state.db, who.0.as_ref()).await?;
    Ok(web::Json(all.into_iter().map(BoardView::from).collect()))
}

#[utoipa::path(tag = "boards", responses((status = 200, body = BoardView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<BoardView>, AppError> {
    let board = boards::show(&state.db, who.0.as_ref(), BoardId(id.into_inner())).await?;
    Ok(web::Json(board.into()))
}

#[utoipa::path(tag = "boards", request_body = BoardCreate,
    responses((status = 201, body = BoardView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<BoardCreate>,
) -> Result<HttpResponse, AppError> {
    let board = boards::add(&state.db, &who.0, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Created().json(BoardView::from(board)))
}

#[utoipa::path(tag = "boards", request_body = BoardPatch,
    responses((status = 200, body = BoardView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<BoardPatch>,
) -> Result<web::Json<BoardView>, AppError> {
    let (id, now) = (BoardId(id.into_inner()), state.clock.now());
    let board = boards::edit(&state.db, &who.0, id, body.into_inner().into(), now).await?;
    Ok(web::Json(board.into()))
}
