//! Creating and changing boards inside the national → regional → provincial tree.

use crate::audit::{self, Actor, Change};
use crate::db::DbConn;
use crate::db::boards::{self as store, Board, NewBoard};
use crate::domain::board::{BoardLevel, TimeZoneName};
use crate::domain::ids::BoardId;
use crate::domain::text::{Label, trimmed};
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};

pub struct BoardDraft {
    pub name: Label,
    pub level: BoardLevel,
    pub parent_id: Option<BoardId>,
    pub time_zone: TimeZoneName,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    draft: BoardDraft,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    draft
        .level
        .check_parent(parent_level(conn, draft.parent_id)?)?;
    let board = store::insert(
        conn,
        &NewBoard {
            name: draft.name.as_str(),
            level: draft.level,
            parent_id: draft.parent_id,
            time_zone: draft.time_zone.as_str(),
            now: now.naive_utc(),
        },
    )?;
    audit::record(conn, actor, Change::created("board", board.id, &board), now)?;
    Ok(board)
}

/// Changes to a board; `None` leaves a field as it is.
#[derive(Default)]
pub struct BoardChanges {
    pub name: Option<Label>,
    pub time_zone: Option<TimeZoneName>,
    pub level: Option<BoardLevel>,
    pub parent_id: Option<Option<BoardId>>,
    /// `Some(None)` returns to the installation's default.
    pub grievance_ack_days: Option<Option<u32>>,
    pub grievance_response_days: Option<Option<u32>>,
    pub publishing_rule: Option<PublishingRuleChange>,
}

/// Turning the two-person rule for publishing on or off, with the reason the audit log keeps.
pub struct PublishingRuleChange {
    pub two_person_approval: bool,
    pub reason: String,
}

impl PublishingRuleChange {
    pub fn parse(two_person_approval: bool, reason: Option<&str>) -> Result<Self, AppError> {
        let reason = trimmed("reason", reason.unwrap_or(""), REASON_MAX)?;
        if reason.is_empty() {
            return Err(AppError::validation(
                "reason",
                "say why the two-person rule changes: it goes into the audit log",
            ));
        }
        Ok(Self {
            two_person_approval,
            reason,
        })
    }
}

const REASON_MAX: usize = 1000;

/// A board as the audit log keeps a change to it, with the reason when one was given.
#[derive(serde::Serialize)]
struct Changed<'a> {
    #[serde(flatten)]
    board: &'a Board,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

impl BoardChanges {
    /// Whether the change would move the board in the tree (an admin's decision).
    pub fn moves(&self) -> bool {
        self.level.is_some() || self.parent_id.is_some()
    }
}

/// Applies the changes; a change that changes nothing writes nothing, not even an audit entry.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: BoardId,
    changes: BoardChanges,
    now: DateTime<Utc>,
) -> Result<Board, AppError> {
    let before = find(conn, id)?;
    let mut after = before.clone();
    if let Some(name) = changes.name {
        after.name = name.into_inner();
    }
    if let Some(tz) = changes.time_zone {
        after.time_zone = tz.as_str().to_owned();
    }
    after.level = changes.level.unwrap_or(before.level);
    after.parent_id = changes.parent_id.unwrap_or(before.parent_id);
    after.grievance_ack_days = changes
        .grievance_ack_days
        .unwrap_or(before.grievance_ack_days);
    after.grievance_response_days = changes
        .grievance_response_days
        .unwrap_or(before.grievance_response_days);
    let reason = changes.publishing_rule.map(|rule| {
        after.two_person_approval = rule.two_person_approval;
        rule.reason
    });
    check_days("grievance_ack_days", after.grievance_ack_days, ACK_DAYS_MAX)?;
    check_days(
        "grievance_response_days",
        after.grievance_response_days,
        RESPONSE_DAYS_MAX,
    )?;
    let moved = after.level != before.level || after.parent_id != before.parent_id;
    let same_rules = after.grievance_ack_days == before.grievance_ack_days
        && after.grievance_response_days == before.grievance_response_days
        && after.two_person_approval == before.two_person_approval;
    if !moved && after.name == before.name && after.time_zone == before.time_zone && same_rules {
        return Ok(before);
    }
    if moved {
        if after.parent_id == Some(id) {
            return Err(AppError::validation(
                "parent_id",
                "a board cannot be its own parent",
            ));
        }
        after
            .level
            .check_parent(parent_level(conn, after.parent_id)?)?;
        if after.level != before.level && store::has_children(conn, id)? {
            return Err(AppError::conflict(
                "this board has boards under it: move them before changing its level",
            ));
        }
    }
    let after = store::update(conn, &after, now.naive_utc())?;
    audit::record(
        conn,
        actor,
        Change::updated(
            "board",
            id,
            &before,
            &Changed {
                board: &after,
                reason: reason
                    .as_deref()
                    .filter(|_| after.two_person_approval != before.two_person_approval),
            },
        ),
        now,
    )?;
    Ok(after)
}

/// The longest grievance deadlines a board may set, in business days.
pub const ACK_DAYS_MAX: u32 = 60;
pub const RESPONSE_DAYS_MAX: u32 = 120;

fn check_days(field: &'static str, days: Option<u32>, max: u32) -> Result<(), AppError> {
    match days {
        Some(d) if d == 0 || d > max => Err(AppError::validation(
            field,
            format!("must be between 1 and {max} business days, or null for the default"),
        )),
        _ => Ok(()),
    }
}

pub fn find(conn: &mut DbConn, id: BoardId) -> Result<Board, AppError> {
    store::find(conn, id).map_err(not_found("board", id))
}

fn parent_level(
    conn: &mut DbConn,
    parent: Option<BoardId>,
) -> Result<Option<BoardLevel>, AppError> {
    parent
        .map(|p| {
            store::find(conn, p)
                .map(|board| board.level)
                .map_err(|e| match e {
                    crate::db::Error::NotFound => {
                        AppError::validation("parent_id", format!("board {p} does not exist"))
                    }
                    other => other.into(),
                })
        })
        .transpose()
}
