//! What anyone may read of the reports: the published ones, their signed PDFs, the root
//! certificate to trust, and a check of a PDF in hand.

use crate::domain::ids::ReportId;
use crate::error::AppError;
use crate::http::state::AppState;
use crate::http::throttle::throttle;
use crate::reports::public::{self, PdfVerificationView, PublicReportsRequest};
use crate::reports::views::{EditionRequest, PublicReportView};
use actix_web::{HttpRequest, HttpResponse, get, post, web};

/// Published (and superseded) reports, newest first.
#[utoipa::path(tag = "public", params(PublicReportsRequest),
    responses((status = 200, body = Vec<PublicReportView>)))]
#[get("/reports")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<PublicReportsRequest>,
) -> Result<web::Json<Vec<PublicReportView>>, AppError> {
    Ok(web::Json(
        public::list(&state.db, query.into_inner()).await?,
    ))
}

/// The signed PDF of a published report in one language (English unless `language` names
/// another), byte for byte as signed. It never changes: its SHA-256 is its `ETag`,
/// `If-None-Match` gets 304, and `Range` one byte range (206).
#[utoipa::path(tag = "public", params(ReportId, EditionRequest),
    responses((status = 200, description = "PDF", content_type = "application/pdf")))]
#[get("/reports/{id}/pdf")]
pub async fn pdf(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<ReportId>,
    query: web::Query<EditionRequest>,
) -> Result<HttpResponse, AppError> {
    let pdf = public::pdf(&state.db, *id, query.language());
    state.known_files.serve(&req, pdf, "application/pdf").await
}

/// The document a published report was drawn from, as canonical JSON: its SHA-256 is the hash
/// the PDF prints. Served as the PDF is (`ETag`, 304, byte ranges).
#[utoipa::path(tag = "public", params(ReportId),
    responses((status = 200, description = "the report's document, canonical JSON", content_type = "application/json")))]
#[get("/reports/{id}/document.json")]
pub async fn document(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, AppError> {
    let document = public::document(&state.db, *id);
    state
        .known_files
        .serve(&req, document, "application/json")
        .await
}

/// The tables of a published report as one CSV file in long form (`table,row,column,value`):
/// every figure exactly as the PDF prints it, suppressed counts included. Served as the PDF is.
#[utoipa::path(tag = "public", params(ReportId),
    responses((status = 200, description = "the report's tables, CSV", content_type = "text/csv")))]
#[get("/reports/{id}/tables.csv")]
pub async fn tables(
    state: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, AppError> {
    let tables = public::tables(&state.db, *id);
    state
        .known_files
        .serve(&req, tables, "text/csv; charset=utf-8")
        .await
}

/// The root certificate that signs this installation's reports: import it into a PDF reader
/// or validator to see the signatures as trusted.
#[utoipa::path(tag = "public",
    responses((status = 200, description = "PEM certificate", content_type = "application/x-pem-file")))]
#[get("/root-certificate.pem")]
pub async fn root_certificate(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pem = public::root_certificate(&state.db).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-pem-file")
        .body(pem))
}

/// Checks a PDF (the request body, `application/pdf`): whether its signature is intact and
/// this installation's, and which published report it is.
#[utoipa::path(tag = "public",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = PdfVerificationView)))]
#[post("/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<web::Json<PdfVerificationView>, AppError> {
    throttle(&state, &req, "verify").await?;
    Ok(web::Json(public::check(&state.db, body.to_vec()).await?))
}
