//! `/api/v1/boards/{id}/reports` and `/api/v1/reports/{id}`: the board's monthly reports, from
//! draft to publication.

use crate::domain::ids::{BoardId, ReportId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::reports::views::{
    AssessmentRequest, DraftReportRequest, EditionRequest, ReplyRequest, ReportSummaryView,
    ReportView, view,
};
use crate::reports::workflow::{self, Publisher};
use actix_web::{HttpResponse, get, post, put, web};

/// A board's reports, newest month first: drafts for the board's people.
#[utoipa::path(tag = "reports", params(BoardId), responses((status = 200, body = Vec<ReportSummaryView>)))]
#[get("/{id}/reports")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
) -> Result<web::Json<Vec<ReportSummaryView>>, AppError> {
    let (found, _) = workflow::list(&state.db, &who.0, *id).await?;
    Ok(web::Json(
        found.iter().map(ReportSummaryView::from).collect(),
    ))
}

/// Drafts the month's report from the records as they stand, or drafts the open one again
/// (201 for a new report, 200 for a redraft). A published month is corrected instead.
#[utoipa::path(tag = "reports", params(BoardId), request_body = DraftReportRequest,
    responses((status = 201, body = ReportView), (status = 200, body = ReportView)))]
#[post("/{id}/reports")]
pub async fn draft(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<BoardId>,
    body: Json<DraftReportRequest>,
) -> Result<HttpResponse, AppError> {
    let (report, created) = workflow::draft(
        &state.db,
        &who.0,
        *id,
        &body.period,
        state.settings.small_count_threshold,
        state.clock.now(),
    )
    .await?;
    let view = view(&report)?;
    Ok(if created {
        HttpResponse::Created().json(view)
    } else {
        HttpResponse::Ok().json(view)
    })
}

/// One report with its document. Drafts are for the board's people; published reports for
/// anyone signed in (the public reads them under `/api/v1/public/reports`).
#[utoipa::path(tag = "reports", params(ReportId), responses((status = 200, body = ReportView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
) -> Result<web::Json<ReportView>, AppError> {
    let (report, _) = workflow::readable(&state.db, &who.0, *id).await?;
    Ok(web::Json(view(&report)?))
}

/// The report as PDF in one language (English unless `language` names another): a published
/// report's signed edition byte for byte, or a draft's preview (marked as a draft, not signed).
#[utoipa::path(tag = "reports", params(ReportId, EditionRequest),
    responses((status = 200, description = "PDF", content_type = "application/pdf")))]
#[get("/{id}/pdf")]
pub async fn pdf(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
    query: web::Query<EditionRequest>,
) -> Result<HttpResponse, AppError> {
    let templates = state.report_templates.clone();
    let language = query.language();
    let (bytes, name) = workflow::pdf(&state.db, &who.0, *id, language, templates).await?;
    Ok(pdf_response(bytes, &name))
}

/// A PDF answer, to be saved under `name`. Its streams are compressed already: the `identity`
/// coding keeps the app's gzip off it.
fn pdf_response(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header(actix_web::http::header::ContentEncoding::Identity)
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}

/// Writes the board's assessment of the month — what went well, what did not, what it asks of
/// the units — in English, Filipino or both. It is part of the document the report signs, so an
/// approved report goes back to draft.
#[utoipa::path(tag = "reports", params(ReportId), request_body = AssessmentRequest,
    responses((status = 200, body = ReportView)))]
#[put("/{id}/assessment")]
pub async fn assess(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
    body: Json<AssessmentRequest>,
) -> Result<web::Json<ReportView>, AppError> {
    let now = state.clock.now();
    let report = workflow::assess(&state.db, &who.0, *id, &body, now).await?;
    Ok(web::Json(view(&report)?))
}

/// Approves a draft for publication.
#[utoipa::path(tag = "reports", params(ReportId), responses((status = 200, body = ReportSummaryView)))]
#[post("/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
) -> Result<web::Json<ReportSummaryView>, AppError> {
    let approved = workflow::approve(&state.db, &who.0, *id, state.clock.now()).await?;
    Ok(web::Json((&approved).into()))
}

/// Drafts a correction of a published report: a new revision that will supersede it.
#[utoipa::path(tag = "reports", params(ReportId), responses((status = 201, body = ReportView)))]
#[post("/{id}/corrections")]
pub async fn correct(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, AppError> {
    let correction = workflow::correct(
        &state.db,
        &who.0,
        *id,
        state.settings.small_count_threshold,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view(&correction)?))
}

/// Signs and publishes the report. The signed PDF is kept byte for byte; the report never
/// changes again (a correction supersedes it).
#[utoipa::path(tag = "reports", params(ReportId), responses((status = 200, body = ReportSummaryView)))]
#[post("/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
) -> Result<web::Json<ReportSummaryView>, AppError> {
    let published = workflow::publish(
        &state.db,
        Publisher::Officer(&who.0),
        *id,
        state.report_templates.clone(),
        state.clock.now(),
    )
    .await?;
    Ok(web::Json((&published).into()))
}

/// A unit acknowledges a published report, with a short reply for the next month's report.
#[utoipa::path(tag = "reports", params(ReportId), request_body = ReplyRequest,
    responses((status = 201, description = "Recorded")))]
#[post("/{id}/replies")]
pub async fn reply(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<ReportId>,
    body: Json<ReplyRequest>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let now = state.clock.now();
    workflow::reply(&state.db, &who.0, *id, b.unit_id, &b.text, now).await?;
    Ok(HttpResponse::Created().finish())
}
