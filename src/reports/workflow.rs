//! A report's steps as operations, one function each, whichever door they come through (the API,
//! the pages, the command line): who may take the step, the step in one transaction, the report
//! as it then stands. Publishing renders and signs outside the transaction.

use super::template::Templates;
use super::views::AssessmentRequest;
use crate::audit::{self, Actor, Change};
use crate::auth::policy::{
    Permission, Principal, ReportBoard, ReportStep, authorize, report_officer,
};
use crate::db::Db;
use crate::db::reports::{self as store, Reply, Report};
use crate::domain::ids::{BoardId, ReportId, UnitId};
use crate::domain::period::Period;
use crate::domain::refusal::{self, Word};
use crate::domain::report::{Language, Officer, ReportStatus};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use std::sync::Arc;

/// The longest reply a unit may give to a report, in characters.
pub const REPLY_MAX: usize = 1000;

/// The report with its board as the policy weighs it, if this principal may see it: a draft is
/// for the board's people and the secretaries above it, and answers 404 to anyone else.
pub async fn readable(
    db: &Db,
    who: &Principal,
    id: ReportId,
) -> Result<(Report, ReportBoard), AppError> {
    let (report, on) = db
        .read(move |conn| {
            let report = super::find(conn, id)?;
            let on = super::board_of(conn, &report)?;
            Ok::<_, AppError>((report, on))
        })
        .await?;
    if !report.status.is_public() && authorize(Some(who), Permission::ReadReports(on)).is_err() {
        return Err(AppError::not_found(refusal::not_found(
            id,
            Word::of("record", "report"),
        )));
    }
    Ok((report, on))
}

/// A board's reports, newest month first, with the board as the policy weighs it: for the
/// board's people and the secretaries above it, drafts included.
pub async fn list(
    db: &Db,
    who: &Principal,
    board: BoardId,
) -> Result<(Vec<Report>, crate::db::boards::Board), AppError> {
    let (b, found) = db
        .read(move |conn| {
            let b = crate::org::boards::find(conn, board)?;
            Ok::<_, AppError>((b, store::list_for_board(conn, board)?))
        })
        .await?;
    let on = ReportBoard {
        board,
        parent: b.parent_id,
    };
    authorize(Some(who), Permission::ReadReports(on))?;
    Ok((found, b))
}

/// The report as PDF in `language`, with the name to save it under: a published report's signed
/// edition byte for byte, or a draft's preview (marked as a draft, not signed).
pub async fn pdf(
    db: &Db,
    who: &Principal,
    id: ReportId,
    language: Language,
    templates: Arc<Templates>,
) -> Result<(Vec<u8>, String), AppError> {
    let (report, _) = readable(db, who, id).await?;
    let name = super::public::file_name(&report, language, "pdf");
    let bytes = if report.status.is_public() {
        let id = report.id;
        db.read(move |conn| store::edition_pdf(conn, id, language.as_str()))
            .await?
            .ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("report {id} has no {language} edition"))
            })?
    } else {
        tokio::task::spawn_blocking(move || {
            super::render(&report, templates.get(language.as_str()))
        })
        .await
        .map_err(|e| AppError::Internal(e.into()))??
    };
    Ok((bytes, name))
}

/// The step a report waits for (approval of a draft, publication of an approved one), and
/// whether `who` may take it now: the policy lets them, and under the two-person rule they are
/// not the one who approved it. `None` once it is published.
pub fn next_step(
    who: &Principal,
    on: ReportBoard,
    r: &Report,
    two_person_rule: bool,
) -> Option<(ReportStep, bool)> {
    let step = match r.status {
        ReportStatus::Draft => ReportStep::Approve,
        ReportStatus::Approved => ReportStep::Publish,
        ReportStatus::Published | ReportStatus::Superseded => return None,
    };
    let approved_it = two_person_rule && r.approved_by == Some(who.user_id);
    let allowed = authorize(Some(who), Permission::ReportStep(on, step)).is_ok();
    Some((
        step,
        allowed && !(step == ReportStep::Publish && approved_it),
    ))
}

/// Drafts (or drafts again) a board's report for a month (`YYYY-MM`); `true` when it is new.
pub async fn draft(
    db: &Db,
    who: &Principal,
    board: BoardId,
    period: &str,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<(Report, bool), AppError> {
    authorize(Some(who), Permission::ManageReports(board))?;
    let period = Period::parse_month("period", period)?;
    let actor = who.actor();
    db.write(move |conn| super::draft(conn, &actor, board, period, threshold, now))
        .await
}

/// A report whose assessment `who` may write: on its way to publication, on a board they keep
/// the reports of.
pub async fn for_assessment(db: &Db, who: &Principal, id: ReportId) -> Result<Report, AppError> {
    let (report, _) = readable(db, who, id).await?;
    authorize(Some(who), Permission::ManageReports(report.board_id))?;
    if report.status.is_public() {
        return Err(AppError::conflict(super::no_longer_changes(&report)));
    }
    Ok(report)
}

/// Writes the board's assessment of the month into a report on its way to publication.
pub async fn assess(
    db: &Db,
    who: &Principal,
    id: ReportId,
    req: &AssessmentRequest,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let report = for_assessment(db, who, id).await?;
    let assessment = req.checked()?;
    let actor = who.actor();
    db.write(move |conn| super::assess(conn, &actor, report.id, assessment, now))
        .await
}

/// Approves a draft, in the capacity the policy gives the approver.
pub async fn approve(
    db: &Db,
    who: &Principal,
    id: ReportId,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let (report, on) = readable(db, who, id).await?;
    let officer = report_officer(who, on, ReportStep::Approve)?;
    let actor = who.actor();
    db.write(move |conn| super::approve(conn, &actor, officer, report.id, now))
        .await
}

/// Drafts a correction of a published report: a new revision that will supersede it.
pub async fn correct(
    db: &Db,
    who: &Principal,
    id: ReportId,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let (report, _) = readable(db, who, id).await?;
    authorize(Some(who), Permission::ManageReports(report.board_id))?;
    let actor = who.actor();
    db.write(move |conn| super::correct(conn, &actor, report.id, threshold, now))
        .await
}

/// Who publishes: an officer signed in, or the installation's operator at the command line.
pub enum Publisher<'a> {
    Officer(&'a Principal),
    Operator(Actor),
}

/// Renders, signs and stores the report in each language: immutable from then on.
pub async fn publish(
    db: &Db,
    by: Publisher<'_>,
    id: ReportId,
    templates: Arc<Templates>,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let (report, officer, actor) = match by {
        Publisher::Officer(who) => {
            let (report, on) = readable(db, who, id).await?;
            let officer = report_officer(who, on, ReportStep::Publish)?;
            (report, officer, who.actor())
        }
        Publisher::Operator(actor) => {
            let report = db.read(move |conn| super::find(conn, id)).await?;
            (report, Officer::Operator, actor)
        }
    };
    if report.status.is_public() {
        return Err(AppError::conflict(super::no_longer_changes(&report)));
    }
    let board = report.board_id;
    let (signer, b) = db
        .read(move |conn| {
            let b = crate::org::boards::find(conn, board)?;
            Ok::<_, AppError>((super::keys::require(conn)?, b))
        })
        .await?;
    let rule = b.two_person_approval;
    // Checked again in the transaction; here so that a refusal costs no signature.
    if rule {
        super::check_second_person(&report, b.parent_id, &actor)?;
    }
    let signed = tokio::task::spawn_blocking(move || {
        super::sign_for_publication(&report, officer, rule, &templates, &signer, now)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    db.write(move |conn| super::publish(conn, &actor, id, &signed, now))
        .await
}

/// A unit the caller represents acknowledges a published report, once, with a short reply
/// that the next month's report prints.
pub async fn reply(
    db: &Db,
    who: &Principal,
    id: ReportId,
    unit: UnitId,
    text: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (report, _) = readable(db, who, id).await?;
    authorize(Some(who), Permission::AcknowledgeReport(unit))?;
    if report.status != ReportStatus::Published {
        return Err(AppError::conflict(refusal::report_acknowledge_published(
            report.id,
            Word::of("report_status", report.status.as_str()),
        )));
    }
    let text = crate::domain::text::trimmed("text", text, REPLY_MAX)?;
    let (actor, rid) = (who.actor(), report.id);
    let fresh = db
        .write(move |conn| {
            let reply = Reply {
                unit_id: unit,
                user_id: actor.user_id,
                text: text.clone(),
                at: now.naive_utc(),
            };
            let fresh = store::add_reply(conn, rid, &reply)?;
            if fresh {
                let change = Change::created(
                    "report_reply",
                    rid,
                    &serde_json::json!({"unit_id": unit, "text": text}),
                );
                audit::record(conn, &actor, change, now)?;
            }
            Ok::<_, AppError>(fresh)
        })
        .await?;
    if fresh {
        Ok(())
    } else {
        Err(AppError::conflict(refusal::report_already_acknowledged()))
    }
}
