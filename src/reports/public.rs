//! What anyone may read of the reports, signed in or not: the published ones, their signed
//! PDFs, the root certificate to trust, and a check of a PDF in hand; for the API, the public
//! pages and the Atom feed alike.

use super::atom::{self, Entry};
use super::keys;
use super::verify::{self as checked, Verdict};
use super::views::{PublicReportView, Published};
use crate::db::reports::{self as store, Edition, Report};
use crate::db::{Db, DbConn, boards};
use crate::domain::ids::{BoardId, ReportId};
use crate::domain::refusal::{self, Word};
use crate::domain::report::Language;
use crate::error::AppError;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublicReportsRequest {
    /// Only this board's reports.
    board: Option<i64>,
}

/// The report if it is published (or superseded); `None` for a draft, or for no report at all.
fn public_report(conn: &mut DbConn, id: ReportId) -> Option<Report> {
    store::find(conn, id).ok().filter(|r| r.status.is_public())
}

/// Every published (and superseded) report, or a board's, newest first, each with the
/// correction that replaces it.
fn all(
    conn: &mut DbConn,
    board: Option<BoardId>,
) -> Result<Vec<(Published, Option<ReportId>)>, AppError> {
    let reports = store::list_public(conn, board, None)?;
    let names: HashMap<BoardId, String> = boards::names(conn)?.into_iter().collect();
    let published = with_editions(conn, reports, &names)?;
    published
        .into_iter()
        .map(|p| {
            let later = store::superseded_by(conn, p.report.id)?.map(|s| s.id);
            Ok((p, later))
        })
        .collect()
}

/// The reports with their boards' names and their editions, in one query for the editions.
fn with_editions(
    conn: &mut DbConn,
    reports: Vec<Report>,
    names: &HashMap<BoardId, String>,
) -> Result<Vec<Published>, AppError> {
    let ids: Vec<ReportId> = reports.iter().map(|r| r.id).collect();
    let mut editions: HashMap<ReportId, Vec<Edition>> = HashMap::new();
    for (id, e) in store::editions_of(conn, &ids)? {
        editions.entry(id).or_default().push(e);
    }
    Ok(reports
        .into_iter()
        .map(|report| Published {
            board_name: names.get(&report.board_id).cloned().unwrap_or_default(),
            editions: editions.remove(&report.id).unwrap_or_default(),
            report,
        })
        .collect())
}

/// Published (and superseded) reports, newest first.
pub async fn list(db: &Db, req: PublicReportsRequest) -> Result<Vec<PublicReportView>, AppError> {
    let board = req.board.map(BoardId);
    let all = db.read(move |conn| all(conn, board)).await?;
    Ok(all.iter().map(|(p, later)| p.view(*later)).collect())
}

/// The Atom feed of every published report; `base` is the service's address as the reader
/// reached it (no trailing slash).
pub async fn feed(
    db: &Db,
    installation: String,
    base: String,
    title: String,
) -> Result<String, AppError> {
    let all = db.read(move |conn| all(conn, None)).await?;
    let entries: Vec<Entry<'_>> = all
        .iter()
        .map(|(p, later)| Entry {
            report: &p.report,
            board_name: &p.board_name,
            editions: &p.editions,
            superseded_by: later.map(|l| l.0),
        })
        .collect();
    Ok(atom::feed(&installation, &base, &title, &entries))
}

/// The newest published (and superseded) reports, at most `n`.
pub async fn latest(db: &Db, n: i64) -> Result<Vec<Published>, AppError> {
    db.read(move |conn| {
        let names: HashMap<BoardId, String> = boards::names(conn)?.into_iter().collect();
        let latest = store::list_public(conn, None, Some(n))?;
        with_editions(conn, latest, &names)
    })
    .await
}

/// A published report as its own page shows it: who signed its PDF (as the signature names
/// them), the correction that replaces it, and the report it corrects.
pub struct ReportPage {
    pub report: Published,
    pub signer: String,
    pub superseded_by: Option<Published>,
    pub supersedes: Option<Published>,
}

/// The page of published report `id`; a draft, like a report that does not exist, is not found.
pub async fn page(db: &Db, id: ReportId) -> Result<ReportPage, AppError> {
    let found = db
        .read(move |conn| {
            let Some(r) = public_report(conn, id) else {
                return Ok(None);
            };
            let roots = keys::trusted_roots_pem(conn)?;
            let later = store::superseded_by(conn, id)?;
            let earlier = match r.supersedes_id {
                Some(e) => Some(store::find(conn, e)?).filter(|e| e.status.is_public()),
                None => None,
            };
            let page = ReportPage {
                report: Published::of(conn, r)?,
                signer: String::new(),
                superseded_by: later.map(|l| Published::of(conn, l)).transpose()?,
                supersedes: earlier.map(|e| Published::of(conn, e)).transpose()?,
            };
            Ok::<_, AppError>(Some((page, roots)))
        })
        .await?;
    let (page, roots) = found.ok_or_else(|| AppError::not_found(refusal::no_published_report()))?;
    let english = (page.report.editions.iter())
        .find(|e| e.language == Language::En.as_str())
        .map(|e| e.pdf_sha256.clone())
        .unwrap_or_default();
    let signer = signer_of(db, id, english, roots).await?;
    Ok(ReportPage { signer, ..page })
}

/// Who signed a published PDF, as its signature names them, against these trusted roots; the
/// PDF is known by its SHA-256.
///
/// Fast path, with its measured reason: checking a signature reads the whole PDF and hashes it,
/// and the report's page shows the signer on every view. A published PDF never changes, so the
/// verdict on one (by its hash, and the roots' hash) is kept for the process's life (see the
/// README's code map for the figures; the outside-tools test checks the page's signer).
async fn signer_of(
    db: &Db,
    id: ReportId,
    pdf_sha256: String,
    roots: String,
) -> Result<String, AppError> {
    static SIGNERS: LazyLock<Mutex<HashMap<(String, String), String>>> =
        LazyLock::new(Default::default);
    let key = (pdf_sha256, hex::encode(Sha256::digest(roots.as_bytes())));
    if let Some(known) = SIGNERS.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Ok(known.clone());
    }
    let pdf = db
        .read(move |conn| store::edition_pdf(conn, id, Language::En.as_str()))
        .await?
        .unwrap_or_default();
    let verdict = tokio::task::spawn_blocking(move || checked::verify(&pdf, &roots))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let signer = verdict.signer.clone().unwrap_or_default();
    if verdict.genuine(true) {
        let mut signers = SIGNERS.lock().unwrap_or_else(|e| e.into_inner());
        if signers.len() >= 10_000 {
            signers.clear();
        }
        signers.insert(key, signer.clone());
    }
    Ok(signer)
}

/// A file of a published report as the public downloads it: byte for byte as published, its
/// SHA-256 (hex), and the name to save it under.
pub struct PublicFile {
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub file_name: String,
}

/// The signed PDF of a published report in `language`.
pub async fn pdf(db: &Db, id: ReportId, language: Language) -> Result<PublicFile, AppError> {
    let (report, bytes) = db
        .read(move |conn| {
            let Some(report) = public_report(conn, id) else {
                return Ok(None);
            };
            let pdf = store::edition_pdf(conn, id, language.as_str())?;
            Ok::<_, AppError>(pdf.map(|b| (report, b)))
        })
        .await?
        .ok_or_else(|| unknown(id))?;
    Ok(PublicFile {
        sha256: hex::encode(Sha256::digest(&bytes)),
        bytes,
        file_name: file_name(&report, language, "pdf"),
    })
}

/// The document a published report was drawn from, as canonical JSON: its SHA-256 is the one
/// the PDF prints, so anyone can check the figures they reuse are the report's.
pub async fn document(db: &Db, id: ReportId) -> Result<PublicFile, AppError> {
    let report = db
        .read(move |conn| Ok::<_, AppError>(public_report(conn, id)))
        .await?
        .ok_or_else(|| unknown(id))?;
    Ok(PublicFile {
        file_name: file_name(&report, Language::En, "json"),
        sha256: report.document_sha256,
        bytes: report.document.into_bytes(),
    })
}

/// The tables of a published report as CSV, drawn from its document.
pub async fn tables(db: &Db, id: ReportId) -> Result<PublicFile, AppError> {
    let report = db
        .read(move |conn| Ok::<_, AppError>(public_report(conn, id)))
        .await?
        .ok_or_else(|| unknown(id))?;
    let bytes = super::tables::csv(&super::document(&report)?)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("report {id} tables: {e}")))?;
    Ok(PublicFile {
        file_name: file_name(&report, Language::En, "csv"),
        sha256: hex::encode(Sha256::digest(&bytes)),
        bytes,
    })
}

fn unknown(id: ReportId) -> AppError {
    AppError::not_found(refusal::not_found(id, Word::of("record", "report")))
}

/// The name a report's file is saved under: `report-BOARD-PERIOD-rREVISION.pdf`, with the
/// language before the extension for an edition other than English.
pub fn file_name(report: &Report, language: Language, extension: &str) -> String {
    let edition = match language {
        Language::En => String::new(),
        other => format!(".{other}"),
    };
    format!(
        "report-{}-{}-r{}{edition}.{extension}",
        report.board_id, report.period, report.revision
    )
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
    /// Which of its editions: the language it is written in.
    language: Option<Language>,
}

/// What a PDF in hand is, for the public pages: as [`PdfVerificationView`] says, and the
/// correction that replaces the report it is.
pub struct PdfCheck {
    pub genuine: bool,
    pub signature: Verdict,
    pub sha256: String,
    pub report: Option<Published>,
    /// Which of the report's editions the file is.
    pub language: Option<Language>,
    pub superseded_by: Option<Published>,
}

/// Whether a PDF's signature is intact and this installation's, and which published report it
/// is; a file that is no PDF is refused.
pub async fn check_pdf(db: &Db, bytes: Vec<u8>) -> Result<PdfCheck, AppError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(AppError::validation("body", refusal::report_pdf_body()));
    }
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let wanted = sha256.clone();
    let (roots, known) = db
        .read(move |conn| {
            let roots = keys::trusted_roots_pem(conn)?;
            let known = match store::find_by_pdf_sha256(conn, &wanted)? {
                Some((r, language)) if r.status.is_public() => {
                    let later = store::superseded_by(conn, r.id)?;
                    let later = later.map(|l| Published::of(conn, l)).transpose()?;
                    Some((Published::of(conn, r)?, language.parse().ok(), later))
                }
                _ => None,
            };
            Ok::<_, AppError>((roots, known))
        })
        .await?;
    let signature = tokio::task::spawn_blocking(move || checked::verify(&bytes, &roots))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    let (report, language, superseded_by) = known.map_or((None, None, None), |(r, language, l)| {
        (Some(r), language, l)
    });
    Ok(PdfCheck {
        genuine: signature.genuine(report.is_some()),
        signature,
        sha256,
        report,
        language,
        superseded_by,
    })
}

/// Whether a PDF's signature is intact and this installation's, and which published report it
/// is.
pub async fn check(db: &Db, bytes: Vec<u8>) -> Result<PdfVerificationView, AppError> {
    let found = check_pdf(db, bytes).await?;
    let later = found.superseded_by.map(|l| l.report.id);
    Ok(PdfVerificationView {
        genuine: found.genuine,
        signature: found.signature,
        sha256: found.sha256,
        report: found.report.map(|r| r.view(later)),
        language: found.language,
    })
}
