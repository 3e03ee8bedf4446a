//! `/api/v1/boards`: the national, regional and provincial boards.

use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::http::extract::{Json, MaybeSignedIn, SignedIn};
use crate::http::state::AppState;
use crate::org::boards::{self, BoardView, CreateBoardRequest, EditBoardRequest};
use actix_web::{HttpResponse, get, patch, post, web};

/// Every board, in the order they were created. Public: boards hold no personal data.
#[utoipa::path(tag = "boards", responses((status = 200, body = Vec<BoardView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
) -> Result<web::Json<Vec<BoardView>>, AppError> {
    Ok(web::Json(boards::list(&state.db, who.0.as_ref()).await?))
}

#[utoipa::path(tag = "boards", params(BoardId),
    responses((status = 200, body = BoardView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: MaybeSignedIn,
    id: web::Path<BoardId>,
) -> Result<web::Json<BoardView>, AppError> {
    Ok(web::Json(
        boards::show(&state.db, who.0.as_ref(), *id).await?,
    ))
}

#[utoipa::path(tag = "boards", request_body = CreateBoardRequest,
    responses((status = 201, body = BoardView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<CreateBoardRequest>,
) -> Result<HttpResponse, AppError> {
    let board = boards::add(&state.db, &who.0, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Created().json(board))
}

#[utoipa::path(tag = "boards", params(BoardId), request_body = EditBoardRequest,
    responses((status = 200, body = BoardView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
    body: Json<EditBoardRequest>,
) -> Result<web::Json<BoardView>, AppError> {
    let now = state.clock.now();
    let board = boards::edit(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(board))
}
