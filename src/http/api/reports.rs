//! `/api/v1/boards/{id}/reports` and `/api/v1/reports/{id}`: the board's monthly reports, from
//! draft to publication.

use super::utc;

use crate::db::reports::Report;
use crate::domain::ids::{BoardId, ReportId, UserId};
use crate::domain::report::{ReportStatus, Signoff};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::reports::workflow::{self, Publisher};
use crate::reports::{self, document::ReportDocument};
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A report without its document and without any person: what the public's lists show.
#[derive(Serialize, ToSchema)]
pub struct ReportFacts {
    id: ReportId,
    board_id: BoardId,
    /// `YYYY-MM`.
    period: String,
    /// 1 for the first report of the month; a correction takes the next number.
    revision: i32,
    status: ReportStatus,
    /// SHA-256 of the report document (its canonical JSON).
    document_sha256: String,
    /// SHA-256 of the signed PDF, once published.
    pdf_sha256: Option<String>,
    supersedes_id: Option<ReportId>,
    drafted_at: DateTime<Utc>,
    approved_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    /// How it was approved and published, by role (never by name), and whether the board's
    /// two-person rule was in force.
    signoff: Signoff,
}

impl From<&Report> for ReportFacts {
    fn from(r: &Report) -> Self {
        Self {
            id: r.id,
            board_id: r.board_id,
            period: r.period.clone(),
            revision: r.revision,
            status: r.status,
            document_sha256: r.document_sha256.clone(),
            pdf_sha256: r.pdf_sha256.clone(),
            supersedes_id: r.supersedes_id,
            drafted_at: utc(r.drafted_at),
            approved_at: r.approved_at.map(utc),
            published_at: r.published_at.map(utc),
            signoff: r.signoff,
        }
    }
}

/// A report without its document, for the board's people: what their lists show.
#[derive(Serialize, ToSchema)]
pub struct ReportSummary {
    #[serde(flatten)]
    facts: ReportFacts,
    /// The account that approved it.
    approved_by: Option<UserId>,
}

impl From<&Report> for ReportSummary {
    fn from(r: &Report) -> Self {
        Self {
            facts: r.into(),
            approved_by: r.approved_by,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    #[serde(flatten)]
    summary: ReportSummary,
    document: ReportDocument,
}

fn view(r: &Report) -> Result<ReportView, AppError> {
    Ok(ReportView {
        summary: r.into(),
        document: reports::document(r)?,
    })
}

/// A board's reports, newest month first: drafts for the board's people.
#[utoipa::path(tag = "reports", responses((status = 200, body = Vec<ReportSummary>)))]
#[get("/{id}/reports")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<ReportSummary>>, AppError> {
    let (found, _) = workflow::list(&state.db, &who.0, BoardId(id.into_inner())).await?;
    Ok(web::Json(found.iter().map(ReportSummary::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    /// The month, `YYYY-MM`.
    #[schema(
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$",
        example = "2026-10"
    )]
    period: String,
}

/// Drafts the month's report from the records as they stand, or drafts the open one again
/// (201 for a new report, 200 for a redraft). A published month is corrected instead.
#[utoipa::path(tag = "reports", request_body = DraftRequest,
    responses((status = 201, body = ReportView), (status = 200, body = ReportView)))]
#[post("/{id}/reports")]
pub async fn draft(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<DraftRequest>,
) -> Result<HttpResponse, AppError> {
    let (report, created) = workflow::draft(
        &state.db,
        &who.0,
        BoardId(id.into_inner()),
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
#[utoipa::path(tag = "reports", responses((status = 200, body = ReportView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<ReportView>, AppError> {
    let id = ReportId(id.into_inner());
    let (report, _) = workflow::readable(&state.db, &who.0, id).await?;
    Ok(web::Json(view(&report)?))
}

/// The report as PDF: a published report's signed file byte for byte, or a draft's preview
/// (marked as a draft, not signed).
#[utoipa::path(tag = "reports",
    responses((status = 200, description = "PDF", content_type = "application/pdf")))]
#[get("/{id}/pdf")]
pub async fn pdf(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let template = state.report_template.clone();
    let (bytes, name) =
        workflow::pdf(&state.db, &who.0, ReportId(id.into_inner()), template).await?;
    Ok(pdf_response(bytes, &name))
}

/// A PDF answer, to be saved under `name`.
pub fn pdf_response(bytes: Vec<u8>, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            actix_web::http::header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(bytes)
}

/// Approves a draft for publication.
#[utoipa::path(tag = "reports", responses((status = 200, body = ReportSummary)))]
#[post("/{id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<ReportSummary>, AppError> {
    let id = ReportId(id.into_inner());
    let approved = workflow::approve(&state.db, &who.0, id, state.clock.now()).await?;
    Ok(web::Json((&approved).into()))
}

/// Drafts a correction of a published report: a new revision that will supersede it.
#[utoipa::path(tag = "reports", responses((status = 201, body = ReportView)))]
#[post("/{id}/corrections")]
pub async fn correct(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let correction = workflow::correct(
        &state.db,
        &who.0,
        ReportId(id.into_inner()),
        state.settings.small_count_threshold,
        state.clock.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(view(&correction)?))
}

/// Signs and publishes the report. The signed PDF is kept byte for byte; the report never
/// changes again (a correction supersedes it).
#[utoipa::path(tag = "reports", responses((status = 200, body = ReportSummary)))]
#[post("/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<ReportSummary>, AppError> {
    let published = workflow::publish(
        &state.db,
        Publisher::Officer(&who.0),
        ReportId(id.into_inner()),
        state.report_template.clone(),
        state.clock.now(),
    )
    .await?;
    Ok(web::Json((&published).into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// The unit acknowledging: one the caller represents.
    unit_id: crate::domain::ids::UnitId,
    /// A short reply, shown in the next month's report.
    #[serde(default)]
    #[schema(max_length = 1000, format = "text")]
    text: String,
}

/// A unit acknowledges a published report, with a short reply for the next month's report.
#[utoipa::path(tag = "reports", request_body = ReplyInput,
    responses((status = 201, description = "Recorded")))]
#[post("/{id}/replies")]
pub async fn reply(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ReplyInput>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let id = ReportId(id.into_inner());
    let now = state.clock.now();
    workflow::reply(&state.db, &who.0, id, b.unit_id, &b.text, now).await?;
    Ok(HttpResponse::Created().finish())
}
