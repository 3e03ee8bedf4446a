//! What anyone may read of the reports: the published ones, their signed PDFs, the root
//! certificate to trust, and a check of a PDF in hand.

use super::reports::pdf_response;
use crate::domain::ids::ReportId;
use crate::error::AppError;
use crate::http::state::AppState;
use crate::reports::public::{self, PdfVerificationView, PublicReportsRequest};
use crate::reports::views::PublicReportView;
use actix_web::{HttpResponse, get, post, web};

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

/// The signed PDF of a published report, byte for byte as signed.
#[utoipa::path(tag = "public", params(ReportId),
    responses((status = 200, description = "PDF", content_type = "application/pdf")))]
#[get("/reports/{id}/pdf")]
pub async fn pdf(
    state: web::Data<AppState>,
    id: web::Path<ReportId>,
) -> Result<HttpResponse, AppError> {
    let (bytes, name) = public::pdf(&state.db, *id).await?;
    Ok(pdf_response(bytes, &name))
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
    body: web::Bytes,
) -> Result<web::Json<PdfVerificationView>, AppError> {
    Ok(web::Json(public::check(&state.db, body.to_vec()).await?))
}
