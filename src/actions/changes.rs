//! An action's changes inside the caller's transaction: the rules, the stored rows, the audit log
//! and the notices to the unit or the board.

use super::find;
use crate::audit::{self, Actor, Change};
use crate::db::actions::{self as store, Action};
use crate::db::{DbConn, decisions, grievances, incidents, indicators, meetings, units};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::recurrence::check_date;
use crate::domain::refusal::{self, Remedy, Word};
use crate::domain::text::{Label, check_text};
use crate::error::AppError;
use crate::org::boards;
use crate::outbox::{self, Notice};
use chrono::{DateTime, NaiveDate, Utc};

pub const TEXT_MAX: usize = 10_000;

pub struct ActionDraft {
    pub board_id: BoardId,
    pub title: Label,
    pub description: String,
    pub source_kind: SourceKind,
    pub source_id: Option<i64>,
    pub unit_id: UnitId,
    pub due_date: NaiveDate,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    draft: ActionDraft,
    now: DateTime<Utc>,
) -> Result<Action, AppError> {
    boards::find(conn, draft.board_id)?;
    check_unit(conn, draft.unit_id)?;
    check_date("due_date", draft.due_date)?;
    check_text("description", &draft.description, TEXT_MAX)?;
    check_source(conn, draft.board_id, draft.source_kind, draft.source_id)?;
    let action = store::insert(
        conn,
        &Action {
            id: ActionId(0),
            board_id: draft.board_id,
            title: draft.title.into_inner(),
            description: draft.description.trim().to_owned(),
            source_kind: draft.source_kind,
            source_id: draft.source_id,
            unit_id: draft.unit_id,
            due_date: draft.due_date,
            status: ActionStatus::Open,
            verified_at: None,
            verified_by: None,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change::created("action", action.id, &action),
        now,
    )?;
    notify_unit(
        conn,
        &action,
        "action_assigned",
        "New action for your unit",
        now,
    )?;
    Ok(action)
}

/// The board's changes to an action; `None` leaves a part as it is.
#[derive(Default)]
pub struct ActionChanges {
    pub title: Option<Label>,
    pub description: Option<String>,
    pub unit_id: Option<UnitId>,
    pub due_date: Option<NaiveDate>,
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: ActionId,
    changes: ActionChanges,
    now: DateTime<Utc>,
) -> Result<Action, AppError> {
    let before = find(conn, id)?;
    let mut after = before.clone();
    if let Some(title) = changes.title {
        after.title = title.into_inner();
    }
    if let Some(description) = changes.description {
        check_text("description", &description, TEXT_MAX)?;
        after.description = description.trim().to_owned();
    }
    if let Some(unit) = changes.unit_id {
        check_unit(conn, unit)?;
        after.unit_id = unit;
    }
    if let Some(due) = changes.due_date {
        check_date("due_date", due)?;
        after.due_date = due;
    }
    if after == before {
        return Ok(before);
    }
    if before.status == ActionStatus::Verified {
        return Err(AppError::conflict(refusal::action_verified(id)));
    }
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("action", id, &before, &after),
        now,
    )?;
    if after.unit_id != before.unit_id {
        notify_unit(
            conn,
            &after,
            "action_assigned",
            "New action for your unit",
            now,
        )?;
    }
    Ok(after)
}

/// A unit's progress: in progress, blocked or done, with a note. Reported done, the board's
/// secretaries and members are asked to verify it.
pub fn progress(
    conn: &mut DbConn,
    actor: &Actor,
    id: ActionId,
    status: ActionStatus,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Action, AppError> {
    let before = find(conn, id)?;
    before.status.check_report(status).map_err(|e| {
        if before.status == ActionStatus::Verified {
            AppError::conflict(e.reason)
        } else {
            e.into()
        }
    })?;
    check_text("note", note, TEXT_MAX)?;
    let mut after = before.clone();
    after.status = status;
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    let update = store::add_update(
        conn,
        id,
        "status",
        status,
        note.trim(),
        actor.user_id,
        now.naive_utc(),
    )?;
    audit::record(
        conn,
        actor,
        Change::event("report", "action", id, &update),
        now,
    )?;
    if status == ActionStatus::ReportedDone && before.status != ActionStatus::ReportedDone {
        let subject = format!("Reported done, please verify: {}", after.title);
        let body = format!(
            "The unit reports action {} done: \"{}\".\nNote: {}\n",
            after.id,
            after.title,
            note.trim()
        );
        outbox::notify_board(
            conn,
            after.board_id,
            &Notice {
                kind: "action_reported_done",
                key: &format!("action/{}/reported/{}", after.id, update.id),
                subject: &subject,
                body: &body,
                not_after: None,
            },
            now,
        )?;
    }
    Ok(after)
}

/// The board's verdict on an action reported done: verified, or sent back with a reason.
pub fn verify(
    conn: &mut DbConn,
    actor: &Actor,
    id: ActionId,
    accept: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Action, AppError> {
    let before = find(conn, id)?;
    if before.status != ActionStatus::ReportedDone {
        return Err(AppError::conflict(refusal::action_not_reported_done(
            id,
            Word::of("action_status", before.status.as_str()),
        )));
    }
    check_text("reason", reason, TEXT_MAX)?;
    let reason = reason.trim();
    if !accept && reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            refusal::action_send_back_reason(),
        ));
    }
    let mut after = before.clone();
    after.updated_at = now.naive_utc();
    let kind = if accept {
        after.status = ActionStatus::Verified;
        after.verified_at = Some(now.naive_utc());
        after.verified_by = actor.user_id;
        "verified"
    } else {
        after.status = ActionStatus::InProgress;
        "sent_back"
    };
    let after = store::update(conn, &after)?;
    let update = store::add_update(
        conn,
        id,
        kind,
        after.status,
        reason,
        actor.user_id,
        now.naive_utc(),
    )?;
    audit::record(conn, actor, Change::event(kind, "action", id, &update), now)?;
    if !accept {
        notify_unit(
            conn,
            &after,
            "action_sent_back",
            "Sent back, not yet done",
            now,
        )?;
    }
    Ok(after)
}

fn notify_unit(
    conn: &mut DbConn,
    action: &Action,
    kind: &str,
    headline: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let subject = format!("{headline}: {}", action.title);
    let body = format!(
        "Action {}: \"{}\", due {}.\nStatus: {}.\n",
        action.id,
        action.title,
        action.due_date,
        action.status.as_str()
    );
    outbox::notify_unit(
        conn,
        action.unit_id,
        &Notice {
            kind,
            key: &format!(
                "action/{}/{kind}/{}",
                action.id,
                action.updated_at.and_utc().timestamp_micros()
            ),
            subject: &subject,
            body: &body,
            not_after: None,
        },
        now,
    )?;
    Ok(())
}

fn check_unit(conn: &mut DbConn, unit: UnitId) -> Result<(), AppError> {
    units::find(conn, unit).map(|_| ()).map_err(|_| {
        AppError::validation(
            "unit_id",
            refusal::not_found(unit, Word::of("record", "unit")).remedied(Remedy::AddUnit),
        )
    })
}

/// The record an action follows up must exist on the same board.
fn check_source(
    conn: &mut DbConn,
    board: BoardId,
    kind: SourceKind,
    id: Option<i64>,
) -> Result<(), AppError> {
    let on_board = match (kind, id) {
        (SourceKind::None, None) => return Ok(()),
        (SourceKind::None, Some(_)) => {
            return Err(AppError::validation(
                "source_id",
                refusal::action_source_unwanted(),
            ));
        }
        (_, None) => {
            return Err(AppError::validation(
                "source_id",
                refusal::action_source_missing(),
            ));
        }
        (SourceKind::Decision, Some(id)) => decisions::find_any(conn, id.into())
            .ok()
            .and_then(|d| meetings::find(conn, d.meeting_id).ok())
            .is_some_and(|m| m.board_id == board),
        (SourceKind::Indicator, Some(id)) => {
            indicators::find(conn, id.into()).is_ok_and(|i| i.board_id == board)
        }
        (SourceKind::Grievance, Some(id)) => {
            grievances::find(conn, id.into()).is_ok_and(|g| g.board_id == board)
        }
        (SourceKind::Incident, Some(id)) => {
            incidents::find(conn, id.into()).is_ok_and(|i| i.board_id == board)
        }
    };
    if on_board {
        Ok(())
    } else {
        Err(AppError::validation(
            "source_id",
            refusal::action_source_elsewhere(
                id.unwrap_or(0),
                Word::of("source_kind", kind.as_str()),
            ),
        ))
    }
}
