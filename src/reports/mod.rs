//! Monthly accountability reports: drafted from the month's records (by the scheduled job or a
//! secretary), approved, then signed and published; a correction is a new revision that
//! supersedes the published one. Published reports never change.

pub mod assessment;
pub mod atom;
pub mod compose;
pub mod document;
pub mod gather;
pub mod keys;
pub mod layout;
pub mod pdf;
pub mod public;
pub mod sign;
pub mod standing;
pub mod tables;
pub mod template;
pub mod trends;
pub mod verify;
pub mod views;
pub mod workflow;

pub use assessment::assess;

use crate::audit::{self, Actor, Change};
use crate::auth::policy::ReportBoard;
use crate::db::DbConn;
use crate::db::reports::{self as store, Report};
use crate::domain::ids::{BoardId, ReportId};
use crate::domain::period::Period;
use crate::domain::refusal::{self, Reason, Remedy, Word};
use crate::domain::report::{Language, Officer, ReportStatus, Signoff};
use crate::error::{AppError, not_found};
use crate::org::boards;
use chrono::{DateTime, Utc};
use document::{Assessment, ReportDocument};
use serde::Serialize;
use sha2::Digest;

pub fn find(conn: &mut DbConn, id: ReportId) -> Result<Report, AppError> {
    store::find(conn, id).map_err(not_found("report", id))
}

/// The board a report belongs to, with the board above it, as the access policy weighs them.
pub fn board_of(conn: &mut DbConn, r: &Report) -> Result<ReportBoard, AppError> {
    let board = boards::find(conn, r.board_id)?;
    Ok(ReportBoard {
        board: board.id,
        parent: board.parent_id,
    })
}

/// What the audit log keeps of a report: where it stands and what it says, by hash.
#[derive(Serialize)]
struct Audited<'a> {
    board_id: BoardId,
    period: &'a str,
    revision: i32,
    status: ReportStatus,
    document_sha256: &'a str,
    pdf_sha256: Option<&'a str>,
    signoff: Signoff,
}

impl<'a> From<&'a Report> for Audited<'a> {
    fn from(r: &'a Report) -> Self {
        Self {
            board_id: r.board_id,
            period: &r.period,
            revision: r.revision,
            status: r.status,
            document_sha256: &r.document_sha256,
            pdf_sha256: r.pdf_sha256.as_deref(),
            signoff: r.signoff,
        }
    }
}

/// The report laid out and drawn as an unsigned PDF in the template's language, with its
/// document attached byte for byte (a draft's preview, or what publishing signs).
pub fn render(r: &Report, template: &template::Template) -> Result<Vec<u8>, AppError> {
    let doc = document(r)?;
    let fonts = pdf::fonts().map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?;
    let cover = compose::Cover {
        revision: r.revision,
        draft: !r.status.is_public(),
        document_sha256: &r.document_sha256,
        signoff: r.status.is_public().then_some(r.signoff),
    };
    let pages = compose::pages(&doc, &cover, template, fonts);
    let title = format!(
        "{} — {} {}",
        template.text("title", &[]),
        doc.board.name,
        doc.period
    );
    let at = r.published_at.unwrap_or(r.updated_at).and_utc();
    let drawn = pdf::render(fonts, &pages, &title, at);
    let name = public::file_name(r, Language::En, "json");
    let description = template.text("attachment", &[]);
    pdf::attach_json(&drawn, &name, &description, r.document.as_bytes(), at)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("report {} attachment: {e}", r.id)))
}

/// The report document of a stored report.
pub fn document(r: &Report) -> Result<ReportDocument, AppError> {
    serde_json::from_str(&r.document)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("report {} document: {e}", r.id)))
}

/// The month gathered afresh, with the board's assessment kept from the report it replaces.
fn gathered(
    conn: &mut DbConn,
    board: BoardId,
    period: Period,
    assessment: Vec<Assessment>,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<(String, String), AppError> {
    let board = boards::find(conn, board)?;
    let mut doc = gather::gather(conn, &board, period, threshold, now)?;
    doc.assessment = assessment;
    stored(&doc)
}

/// A document as a report keeps it: its canonical JSON and that JSON's SHA-256.
fn stored(doc: &ReportDocument) -> Result<(String, String), AppError> {
    let json = String::from_utf8(doc.canonical())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("report document: {e}")))?;
    Ok((json, doc.sha256()))
}

/// Whether a month may be reported on: it must have ended in the board's zone.
fn check_period(
    conn: &mut DbConn,
    board: BoardId,
    period: Period,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let today = now
        .with_timezone(&boards::find(conn, board)?.zone())
        .date_naive();
    let after = period.last_day().succ_opt().unwrap_or(today);
    if after > today {
        return Err(AppError::validation(
            "period",
            refusal::report_month_not_ended(after, period),
        ));
    }
    Ok(())
}

/// Drafts the board's report for the month (`true` with it), or drafts the open one again from
/// today's records (`false`). A published month answers 409: correct it instead.
pub fn draft(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    period: Period,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<(Report, bool), AppError> {
    check_period(conn, board, period, now)?;
    let existing = store::of_period(conn, board, &period.to_string())?;
    let Some(latest) = existing.last() else {
        let report = insert_draft(conn, actor, board, period, 1, None, vec![], threshold, now)?
            .ok_or_else(|| AppError::conflict(refusal::report_drafted_meanwhile()))?;
        return Ok((report, true));
    };
    if !latest.status.is_open() && latest.status != ReportStatus::Approved {
        return Err(AppError::conflict(no_longer_changes(latest)));
    }
    let before = latest.clone();
    let assessment = document(&before)?.assessment;
    let (json, sha) = gathered(conn, board, period, assessment, threshold, now)?;
    let after = redrafted(&before, json, sha, now);
    let after = save(conn, actor, &before, &after, now)?;
    Ok((after, false))
}

/// The report with a new document, back to draft: an approval covered the old one.
fn redrafted(before: &Report, json: String, sha: String, now: DateTime<Utc>) -> Report {
    let mut after = before.clone();
    after.document = json;
    after.document_sha256 = sha;
    after.status = ReportStatus::Draft;
    after.approved_by = None;
    after.approved_at = None;
    after.signoff = Signoff::default();
    after.updated_at = now.naive_utc();
    after
}

/// Stores a changed report with its audit entry.
fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &Report,
    after: &Report,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let saved = store::update(conn, after)?;
    audit::record(
        conn,
        actor,
        Change::updated(
            "report",
            saved.id,
            &Audited::from(before),
            &Audited::from(&saved),
        ),
        now,
    )?;
    Ok(saved)
}

/// Inserts a draft unless this revision exists already (`None` then).
#[allow(clippy::too_many_arguments)]
fn insert_draft(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    period: Period,
    revision: i32,
    supersedes: Option<ReportId>,
    assessment: Vec<Assessment>,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<Option<Report>, AppError> {
    let (json, sha) = gathered(conn, board, period, assessment, threshold, now)?;
    let Some(report) = store::insert_new(
        conn,
        &Report {
            id: ReportId(0),
            board_id: board,
            period: period.to_string(),
            revision,
            status: ReportStatus::Draft,
            document: json,
            document_sha256: sha,
            supersedes_id: supersedes,
            drafted_at: now.naive_utc(),
            approved_by: None,
            approved_at: None,
            published_by: None,
            published_at: None,
            pdf_sha256: None,
            updated_at: now.naive_utc(),
            signoff: Signoff::default(),
        },
    )?
    else {
        return Ok(None);
    };
    audit::record(
        conn,
        actor,
        Change::created("report", report.id, &Audited::from(&report)),
        now,
    )?;
    Ok(Some(report))
}

/// The scheduled draft of a closed month: made once, whoever asks again.
pub fn draft_once(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    period: Period,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<Option<Report>, AppError> {
    if !store::of_period(conn, board, &period.to_string())?.is_empty() {
        return Ok(None);
    }
    insert_draft(conn, actor, board, period, 1, None, vec![], threshold, now)
}

/// A correction: a new draft revision of a published report's month that will supersede it.
pub fn correct(
    conn: &mut DbConn,
    actor: &Actor,
    id: ReportId,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let published = find(conn, id)?;
    if published.status != ReportStatus::Published {
        return Err(AppError::conflict(refusal::report_correct_published_only(
            id,
            Word::of("report_status", published.status.as_str()),
        )));
    }
    let period = Period::parse_month("period", &published.period)?;
    let revisions = store::of_period(conn, published.board_id, &published.period)?;
    if let Some(open) = revisions.iter().find(|r| r.supersedes_id == Some(id)) {
        return Err(AppError::conflict(
            refusal::report_already_corrected(open.id, id).remedied(Remedy::FinishCorrection {
                board: published.board_id,
                correction: open.id,
            }),
        ));
    }
    let next = revisions.iter().map(|r| r.revision).max().unwrap_or(0) + 1;
    insert_draft(
        conn,
        actor,
        published.board_id,
        period,
        next,
        Some(id),
        document(&published)?.assessment,
        threshold,
        now,
    )?
    .ok_or_else(|| AppError::conflict(refusal::report_correction_meanwhile()))
}

/// The report, if it may take the step to `next`.
fn ready_for(conn: &mut DbConn, id: ReportId, next: ReportStatus) -> Result<Report, AppError> {
    let report = find(conn, id)?;
    report.status.check_step(next).map_err(|e| {
        AppError::conflict(if report.status.is_public() {
            no_longer_changes(&report)
        } else {
            e.reason
        })
    })?;
    Ok(report)
}

/// Why a published or superseded report refuses to change; a published one leads whoever may
/// draft its correction to the form that does it.
pub fn no_longer_changes(r: &Report) -> Reason {
    if r.status == ReportStatus::Superseded {
        return refusal::report_superseded(r.id, &r.period);
    }
    let refused = refusal::report_published(r.id, &r.period);
    remedied_in_month(refused, r, |period| Remedy::CorrectReport {
        board: r.board_id,
        report: r.id,
        period,
    })
}

/// The refusal with the remedy that names the report's month (every report has one).
fn remedied_in_month(refused: Reason, r: &Report, remedy: impl FnOnce(Period) -> Remedy) -> Reason {
    match Period::parse_month("period", &r.period) {
        Ok(period) => refused.remedied(remedy(period)),
        Err(_) => refused,
    }
}

/// Approves a draft, acting `as_officer`. When the board needs two people, the approver will not
/// be the publisher.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    as_officer: Officer,
    id: ReportId,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let before = ready_for(conn, id, ReportStatus::Approved)?;
    let mut after = before.clone();
    after.status = ReportStatus::Approved;
    after.approved_by = actor.user_id;
    after.approved_at = Some(now.naive_utc());
    after.signoff.approved_as = Some(as_officer);
    after.updated_at = now.naive_utc();
    let after = save(conn, actor, &before, &after, now)?;
    Ok(after)
}

/// A report signed for publication, with what it was signed from.
pub struct Signed {
    pub document_sha256: String,
    pub signoff: Signoff,
    /// One signed PDF per language, English first.
    pub editions: Vec<(Language, Vec<u8>)>,
}

/// The signed PDFs of `r`, one per language, as it will be published at `now` by someone acting
/// `as_officer` under the board's rule as it stands: rendered without the draft mark, saying
/// how it was approved, and signed. Made outside the write transaction; [`publish`] checks
/// nothing changed meanwhile.
pub fn sign_for_publication(
    r: &Report,
    as_officer: Officer,
    two_person_rule: bool,
    templates: &template::Templates,
    signer: &sign::Signer,
    now: DateTime<Utc>,
) -> Result<Signed, AppError> {
    let mut published = r.clone();
    published.status = ReportStatus::Published;
    published.published_at = Some(now.naive_utc());
    published.signoff.published_as = Some(as_officer);
    published.signoff.two_person_rule = Some(two_person_rule);
    let editions = (Language::ALL.iter())
        .map(|&language| {
            let pdf = render(&published, templates.get(language.as_str()))?;
            let pdf = signer.sign(&pdf, now).map_err(|e| {
                AppError::Internal(anyhow::anyhow!("signing report {} ({language}): {e}", r.id))
            })?;
            Ok((language, pdf))
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Signed {
        document_sha256: r.document_sha256.clone(),
        signoff: published.signoff,
        editions,
    })
}

/// Publishes a report with its signed PDFs: immutable from now on; each edition's hash enters
/// the audit chain. A board that needs two people
/// publishes only what another officer approved. A correction supersedes the report it names.
pub fn publish(
    conn: &mut DbConn,
    actor: &Actor,
    id: ReportId,
    signed: &Signed,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let before = ready_for(conn, id, ReportStatus::Published)?;
    let board = boards::find(conn, before.board_id)?;
    if before.document_sha256 != signed.document_sha256
        || before.signoff.approved_as != signed.signoff.approved_as
        || signed.signoff.two_person_rule != Some(board.two_person_approval)
    {
        return Err(AppError::conflict(refusal::report_changed_while_signing()));
    }
    if board.two_person_approval {
        check_second_person(&before, board.parent_id, actor)?;
    }
    let mut after = before.clone();
    after.status = ReportStatus::Published;
    after.published_by = actor.user_id;
    after.signoff = signed.signoff;
    after.published_at = Some(now.naive_utc());
    after.updated_at = now.naive_utc();
    for (language, pdf) in &signed.editions {
        let sha256 = hex::encode(sha2::Sha256::digest(pdf));
        store::add_edition(conn, id, language.as_str(), pdf, &sha256)?;
        let edition = serde_json::json!({"language": language, "pdf_sha256": sha256});
        audit::record(
            conn,
            actor,
            Change::created("report_edition", id, &edition),
            now,
        )?;
        if *language == Language::En {
            after.pdf_sha256 = Some(sha256);
        }
    }
    let after = save(conn, actor, &before, &after, now)?;
    if let Some(old) = after.supersedes_id {
        let was = find(conn, old)?;
        let mut superseded = was.clone();
        superseded.status = ReportStatus::Superseded;
        superseded.updated_at = now.naive_utc();
        save(conn, actor, &was, &superseded, now)?;
    }
    Ok(after)
}

/// Under the two-person rule a report is published only once approved, and by someone other than
/// its approver. A draft leads whoever may approve it (on its board or, `parent`, the one above)
/// to the form that does.
pub fn check_second_person(
    r: &Report,
    parent: Option<BoardId>,
    publisher: &Actor,
) -> Result<(), AppError> {
    if r.status != ReportStatus::Approved {
        let refused = refusal::report_needs_approval();
        return Err(AppError::conflict(remedied_in_month(
            refused,
            r,
            |period| Remedy::ApproveReport {
                board: r.board_id,
                parent,
                report: r.id,
                period,
            },
        )));
    }
    if r.approved_by.is_some() && r.approved_by == publisher.user_id {
        return Err(AppError::Forbidden(refusal::report_second_person()));
    }
    Ok(())
}
