//! `/api/v1/boards/{id}/indicator-status` and the reopening of locked months.

use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::indicators::{self, BoardStatusRequest, ReopenMonthRequest, StatusView};
use actix_web::{HttpResponse, get, post, web};

/// Every indicator's status for a month (see `src/domain/indicator.rs` for the rule).
#[utoipa::path(tag = "indicators",
    params(BoardStatusRequest, BoardId),
    responses((status = 200, body = Vec<StatusView>)))]
#[get("/{id}/indicator-status")]
pub async fn board_status(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
    query: web::Query<BoardStatusRequest>,
) -> Result<web::Json<Vec<StatusView>>, AppError> {
    let (board, req) = (id.into_inner(), query.into_inner());
    let all = indicators::board_status(&state.db, &who.0, board, req).await?;
    Ok(web::Json(all))
}

/// Opens a locked month for changes again.
#[utoipa::path(tag = "indicators", request_body = ReopenMonthRequest,
    params(("id" = i64, Path, description = "The board"),
        ("period" = String, Path, description = "A month, `YYYY-MM`",
            pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")),
    responses((status = 204)))]
#[post("/{id}/indicator-periods/{period}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(BoardId, String)>,
    body: Json<ReopenMonthRequest>,
) -> Result<HttpResponse, AppError> {
    let ((board, period), req, now) = (path.into_inner(), body.into_inner(), state.clock.now());
    indicators::reopen(&state.db, &who.0, board, &period, req, now).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Locks a reopened month again.
#[utoipa::path(tag = "indicators",
    params(("id" = i64, Path, description = "The board"),
        ("period" = String, Path, description = "A month, `YYYY-MM`",
            pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")),
    responses((status = 204)))]
#[post("/{id}/indicator-periods/{period}/relock")]
pub async fn relock(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(BoardId, String)>,
) -> Result<HttpResponse, AppError> {
    let (board, period) = path.into_inner();
    let now = state.clock.now();
    indicators::relock(&state.db, &who.0, board, &period, now).await?;
    Ok(HttpResponse::NoContent().finish())
}
