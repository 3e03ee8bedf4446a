//! `/api/v1/boards/{id}/indicator-values.csv`: a board's indicator figures as CSV, both ways.

use crate::domain::ids::BoardId;
use crate::domain::refusal;
use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use crate::indicators;
use crate::indicators::csv::ImportSummary;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};

/// Every figure of the board's indicators: `indicator_code,period,region,sex,age_group,value,
/// source,note`, UTF-8, comma-separated. Importing it back changes nothing.
#[utoipa::path(tag = "indicators", params(BoardId),
    responses((status = 200, description = "CSV", content_type = "text/csv")))]
#[get("/{id}/indicator-values.csv")]
pub async fn export(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
) -> Result<HttpResponse, AppError> {
    let board = id.into_inner();
    let body = indicators::export(&state.db, &who.0, board).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"board-{board}-indicator-values.csv\""),
        ))
        .body(body))
}

/// Imports figures from CSV (UTF-8 with or without BOM; comma or semicolon, and with semicolons a
/// decimal comma). Every row is checked first: any problem answers 422 listing each bad row,
/// column and reason, and nothing is written. A clean file is applied in one transaction;
/// importing the same file again changes nothing.
#[utoipa::path(tag = "indicators", params(BoardId),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportSummary)))]
#[post("/{id}/indicator-values.csv")]
pub async fn import(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<web::Json<ImportSummary>, AppError> {
    let board = id.into_inner();
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("text/csv") && !content_type.starts_with("text/plain") {
        return Err(AppError::UnsupportedMediaType(
            refusal::indicator_csv_media_type(),
        ));
    }
    let (now, lock_days) = (state.clock.now(), state.settings.indicator_lock_days);
    let summary =
        indicators::import(&state.db, &who.0, board, body.to_vec(), now, lock_days).await?;
    Ok(web::Json(summary))
}
