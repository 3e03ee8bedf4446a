//! What anyone may read of the reports: the published ones, their signed PDFs, the root
//! certificate to trust, and a check of a PDF in hand.

use super::reports::{ReportFacts, pdf_response};
use crate::db::reports::{self as store, Report};
use crate::domain::ids::{BoardId, ReportId};
use crate::error::AppError;
use crate::http::state::AppState;
use crate::reports::verify::{self as checked, Verdict};
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

/// A published report as the public sees it.
#[derive(Serialize, ToSchema)]
pub struct PublicReport {
    #[serde(flatten)]
    summary: ReportFacts,
    board_name: String,
    /// The correction that replaces this report, if there is one.
    superseded_by: Option<ReportId>,
}

fn public(conn: &mut crate::db::DbConn, r: &Report) -> Result<PublicReport, AppError> {
    Ok(PublicReport {
        summary: r.into(),
        board_name: crate::org::boards::find(conn, r.board_id)?.name,
        superseded_by: store::superseded_by(conn, r.id)?.map(|s| s.id),
    })
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublicListQuery {
    /// Only this board's reports.
    board: Option<i64>,
}

/// Published (and superseded) reports, newest first.
#[utoipa::path(tag = "public", params(PublicListQuery),
    responses((status = 200, body = Vec<PublicReport>)))]
#[get("/reports")]
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<PublicListQuery>,
) -> Result<web::Json<Vec<PublicReport>>, AppError> {
    let board = query.into_inner().board.map(BoardId);
    let found = state
        .db
        .read(move |conn| {
            store::list_public(conn, board, None)?
                .iter()
                .map(|r| public(conn, r))
                .collect::<Result<Vec<_>, AppError>>()
        })
        .await?;
    Ok(web::Json(found))
}

/// The signed PDF of a published report, byte for byte as signed.
#[utoipa::path(tag = "public",
    responses((status = 200, description = "PDF", content_type = "application/pdf")))]
#[get("/reports/{id}/pdf")]
pub async fn pdf(state: web::Data<AppState>, id: web::Path<i64>) -> Result<HttpResponse, AppError> {
    let id = ReportId(id.into_inner());
    let unknown = || AppError::not_found(format!("no published report with id {id}"));
    let (report, bytes) = state
        .db
        .read(move |conn| {
            let Ok(report) = store::find(conn, id) else {
                return Ok(None);
            };
            if !report.status.is_public() {
                return Ok(None);
            }
            Ok::<_, AppError>(store::pdf(conn, id)?.map(|b| (report, b)))
        })
        .await?
        .ok_or_else(unknown)?;
    Ok(pdf_response(
        bytes,
        &format!(
            "report-{}-{}-r{}.pdf",
            report.board_id, report.period, report.revision
        ),
    ))
}

/// The root certificate that signs this installation's reports: import it into a PDF reader
/// or validator to see the signatures as trusted.
#[utoipa::path(tag = "public",
    responses((status = 200, description = "PEM certificate", content_type = "application/x-pem-file")))]
#[get("/root-certificate.pem")]
pub async fn root_certificate(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pem = state
        .db
        .read(crate::reports::keys::root_pem)
        .await?
        .ok_or_else(|| AppError::not_found("this installation has not set up its signing keys"))?;
    Ok(HttpResponse::Ok()
        .content_type("application/x-pem-file")
        .body(pem))
}

/// What a PDF in hand is.
#[derive(Serialize, ToSchema)]
pub struct PdfVerification {
    /// Signed by this installation's key, unaltered, the whole file covered, and one of its
    /// published reports.
    genuine: bool,
    signature: Verdict,
    /// SHA-256 of the file as received.
    sha256: String,
    /// The published report this file is, if it is one.
    report: Option<PublicReport>,
}

/// Checks a PDF (the request body, `application/pdf`): whether its signature is intact and
/// this installation's, and which published report it is.
#[utoipa::path(tag = "public",
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = PdfVerification)))]
#[post("/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    body: web::Bytes,
) -> Result<web::Json<PdfVerification>, AppError> {
    if !body.starts_with(b"%PDF-") {
        return Err(AppError::validation(
            "body",
            "send the PDF file itself as the request body (it starts with %PDF-)",
        ));
    }
    let bytes = body.to_vec();
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let wanted = sha256.clone();
    let (roots, known) = state
        .db
        .read(move |conn| {
            let roots = crate::reports::keys::trusted_roots_pem(conn)?;
            let known = match store::find_by_pdf_sha256(conn, &wanted)? {
                Some(r) if r.status.is_public() => Some(public(conn, &r)?),
                _ => None,
            };
            Ok::<_, AppError>((roots, known))
        })
        .await?;
    let signature = web::block(move || checked::verify(&bytes, &roots))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let genuine = signature.genuine(known.is_some());
    Ok(web::Json(PdfVerification {
        genuine,
        signature,
        sha256,
        report: known,
    }))
}
