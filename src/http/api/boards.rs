//! `/api/v1/boards`: the national, regional and provincial boards.

use super::{ApiErrors, nullable, utc};
use crate::audit::{self, Change};
use crate::auth::policy::{Action, authorize};
use crate::db::boards::{self as store, Board, NewBoard};
use crate::db::{self, DbConn};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::BoardId;
use crate::domain::text::Label;
use crate::error::AppError;
use crate::http::extract::{MaybeSignedIn, SignedIn};
use crate::http::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const NAME_MAX: usize = 200;

#[derive(Serialize, ToSchema)]
pub struct BoardView {
    id: BoardId,
    name: String,
    level: BoardLevel,
    parent_id: Option<BoardId>,
    /// IANA time zone in which the board's sessions and deadlines are kept.
    time_zone: String,
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
            created_at: utc(b.created_at),
            updated_at: utc(b.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BoardCreate {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
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
    name: Option<String>,
    time_zone: Option<String>,
    /// Admins only.
    level: Option<BoardLevel>,
    /// Admins only; `null` makes the board a root (national) board.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<BoardId>)]
    parent_id: Option<Option<BoardId>>,
}

/// Every board, in the order they were created. Public: boards hold no personal data.
#[utoipa::path(tag = "boards", responses((status = 200, body = Vec<BoardView>), ApiErrors))]
#[get("/boards")]
pub async fn list(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
) -> Result<web::Json<Vec<BoardView>>, AppError> {
    authorize(who.0.as_ref(), Action::ReadBoards)?;
    let boards = state.db.read(store::list).await?;
    Ok(web::Json(boards.into_iter().map(BoardView::from).collect()))
}

#[utoipa::path(tag = "boards", responses((status = 200, body = BoardView), ApiErrors))]
#[get("/boards/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<BoardView>, AppError> {
    authorize(who.0.as_ref(), Action::ReadBoards)?;
    let id = BoardId(id.into_inner());
    let board = state.db.read(move |conn| find(conn, id)).await?;
    Ok(web::Json(board.into()))
}

#[utoipa::path(tag = "boards", request_body = BoardCreate,
    responses((status = 201, body = BoardView), ApiErrors))]
#[post("/boards")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Json<BoardCreate>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(&who.0), Action::CreateBoard)?;
    let body = body.into_inner();
    let name = Label::parse("name", &body.name, NAME_MAX)?;
    let time_zone = TimeZoneName::parse(body.time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE))?;
    let actor = who.0.actor();
    let now = state.clock.now();
    let board = state
        .db
        .write(move |conn| {
            let parent_level = parent_level(conn, body.parent_id)?;
            body.level.check_parent(parent_level)?;
            let board = store::insert(
                conn,
                &NewBoard {
                    name: name.as_str(),
                    level: body.level,
                    parent_id: body.parent_id,
                    time_zone: time_zone.as_str(),
                    now: now.naive_utc(),
                },
            )?;
            audit::record(
                conn,
                &actor,
                Change::created("board", board.id, &board),
                now,
            )?;
            Ok::<_, AppError>(board)
        })
        .await?;
    Ok(HttpResponse::Created().json(BoardView::from(board)))
}

#[utoipa::path(tag = "boards", request_body = BoardPatch,
    responses((status = 200, body = BoardView), ApiErrors))]
#[patch("/boards/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: web::Json<BoardPatch>,
) -> Result<web::Json<BoardView>, AppError> {
    let id = BoardId(id.into_inner());
    authorize(Some(&who.0), Action::EditBoard(id))?;
    let body = body.into_inner();
    if body.level.is_some() || body.parent_id.is_some() {
        authorize(Some(&who.0), Action::MoveBoard)?;
    }
    let name = body
        .name
        .as_deref()
        .map(|n| Label::parse("name", n, NAME_MAX))
        .transpose()?;
    let time_zone = body
        .time_zone
        .as_deref()
        .map(TimeZoneName::parse)
        .transpose()?;
    let actor = who.0.actor();
    let now = state.clock.now();
    let board = state
        .db
        .write(move |conn| {
            let before = find(conn, id)?;
            let mut after = before.clone();
            if let Some(name) = name {
                after.name = name.into_inner();
            }
            if let Some(tz) = time_zone {
                after.time_zone = tz.as_str().to_owned();
            }
            if let Some(level) = body.level {
                after.level = level;
            }
            if let Some(parent) = body.parent_id {
                after.parent_id = parent;
            }
            if after.level != before.level || after.parent_id != before.parent_id {
                if after.parent_id == Some(id) {
                    return Err(AppError::validation(
                        "parent_id",
                        "a board cannot be its own parent",
                    ));
                }
                after
                    .level
                    .check_parent(parent_level(conn, after.parent_id)?)?;
                if after.level != before.level && store::has_children(conn, id)? {
                    return Err(AppError::conflict(
                        "this board has boards under it: move them before changing its level",
                    ));
                }
            }
            let after = store::update(conn, &after, now.naive_utc())?;
            audit::record(
                conn,
                &actor,
                Change::updated("board", id, &before, &after),
                now,
            )?;
            Ok(after)
        })
        .await?;
    Ok(web::Json(board.into()))
}

fn find(conn: &mut DbConn, id: BoardId) -> Result<Board, AppError> {
    store::find(conn, id).map_err(|e| match e {
        db::Error::NotFound => AppError::not_found(format!("no board with id {id}")),
        other => other.into(),
    })
}

fn parent_level(
    conn: &mut DbConn,
    parent: Option<BoardId>,
) -> Result<Option<BoardLevel>, AppError> {
    parent
        .map(|p| match store::find(conn, p) {
            Ok(board) => Ok(board.level),
            Err(db::Error::NotFound) => Err(AppError::validation(
                "parent_id",
                format!("board {p} does not exist"),
            )),
            Err(e) => Err(e.into()),
        })
        .transpose()
}
