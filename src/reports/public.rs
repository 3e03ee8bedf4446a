//! What anyone may read of the reports, signed in or not: the published ones, their signed
//! PDFs, the root certificate to trust, and a check of a PDF in hand.

use super::keys;
use super::verify::{self as checked, Verdict};
use super::views::{PublicReportView, public};
use crate::db::Db;
use crate::db::reports as store;
use crate::domain::ids::{BoardId, ReportId};
use crate::domain::refusal::{self, Word};
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublicReportsRequest {
    /// Only this board's reports.
    board: Option<i64>,
}

/// Published (and superseded) reports, newest first.
pub async fn list(db: &Db, req: PublicReportsRequest) -> Result<Vec<PublicReportView>, AppError> {
    let board = req.board.map(BoardId);
    db.read(move |conn| {
        store::list_public(conn, board, None)?
            .iter()
            .map(|r| public(conn, r))
            .collect()
    })
    .await
}

/// The signed PDF of a published report, byte for byte as signed, with the name to save it
/// under.
pub async fn pdf(db: &Db, id: ReportId) -> Result<(Vec<u8>, String), AppError> {
    let unknown = || AppError::not_found(refusal::not_found(id, Word::of("record", "report")));
    let (report, bytes) = db
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
    let name = format!(
        "report-{}-{}-r{}.pdf",
        report.board_id, report.period, report.revision
    );
    Ok((bytes, name))
}

/// The root certificate that signs this installation's reports, as PEM.
pub async fn root_certificate(db: &Db) -> Result<String, AppError> {
    db.read(keys::root_pem)
        .await?
        .ok_or_else(|| AppError::not_found(refusal::report_no_root_certificate()))
}

/// What a PDF in hand is.
#[derive(Serialize, ToSchema)]
#[schema(as = PdfVerification)]
pub struct PdfVerificationView {
    /// Signed by this installation's key, unaltered, the whole file covered, and one of its
    /// published reports.
    genuine: bool,
    signature: Verdict,
    /// SHA-256 of the file as received.
    sha256: String,
    /// The published report this file is, if it is one.
    report: Option<PublicReportView>,
}

/// Whether a PDF's signature is intact and this installation's, and which published report it
/// is.
pub async fn check(db: &Db, bytes: Vec<u8>) -> Result<PdfVerificationView, AppError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(AppError::validation("body", refusal::report_pdf_body()));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let wanted = sha256.clone();
    let (roots, known) = db
        .read(move |conn| {
            let roots = keys::trusted_roots_pem(conn)?;
            let known = match store::find_by_pdf_sha256(conn, &wanted)? {
                Some(r) if r.status.is_public() => Some(public(conn, &r)?),
                _ => None,
            };
            Ok::<_, AppError>((roots, known))
        })
        .await?;
    let signature = tokio::task::spawn_blocking(move || checked::verify(&bytes, &roots))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(PdfVerificationView {
        genuine: signature.genuine(known.is_some()),
        signature,
        sha256,
        report: known,
    })
}
