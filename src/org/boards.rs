//! The boards of the national → regional → provincial tree as operations: reading them,
//! creating them and changing them inside the tree.

use crate::audit::{self, Actor, Change};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::boards::{self as store, Board, NewBoard};
use crate::db::{Db, DbConn};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::BoardId;
use crate::domain::refusal::{self, Remedy};
use crate::domain::request::nullable;
use crate::domain::text::{Label, NAME_MAX, trimmed};
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct BoardView {
    pub id: BoardId,
    pub name: String,
    pub level: BoardLevel,
    pub parent_id: Option<BoardId>,
    /// IANA time zone in which the board's sessions and deadlines are kept.
    pub time_zone: String,
    /// Business days to acknowledge a grievance; `null` when the installation's default applies.
    pub grievance_ack_days: Option<u32>,
    /// Business days to respond to a grievance; `null` when the installation's default applies.
    pub grievance_response_days: Option<u32>,
    /// Whether a report needs a second officer's approval before it is published.
    pub two_person_approval: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Board> for BoardView {
    fn from(b: Board) -> Self {
        Self {
            id: b.id,
            name: b.name,
            level: b.level,
            parent_id: b.parent_id,
            time_zone: b.time_zone,
            grievance_ack_days: b.grievance_ack_days,
            grievance_response_days: b.grievance_response_days,
            two_person_approval: b.two_person_approval,
            created_at: b.created_at.and_utc(),
            updated_at: b.updated_at.and_utc(),
        }
    }
}

/// Every board, in the order they were created. Public: boards hold no personal data.
pub async fn list(db: &Db, who: Option<&Principal>) -> Result<Vec<BoardView>, AppError> {
    authorize(who, Permission::ReadBoards)?;
    let all = db.read(store::list).await?;
    Ok(all.into_iter().map(BoardView::from).collect())
}

pub async fn show(db: &Db, who: Option<&Principal>, id: BoardId) -> Result<BoardView, AppError> {
    authorize(who, Permission::ReadBoards)?;
    Ok(db.read(move |conn| find(conn, id)).await?.into())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = BoardCreate)]
pub struct CreateBoardRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    pub level: BoardLevel,
    /// Required for regional (a national parent) and provincial (a regional parent) boards.
    pub parent_id: Option<BoardId>,
    /// Defaults to Asia/Manila.
    pub time_zone: Option<String>,
}

pub async fn add(
    db: &Db,
    who: &Principal,
    req: CreateBoardRequest,
    now: DateTime<Utc>,
) -> Result<BoardView, AppError> {
    authorize(Some(who), Permission::CreateBoard)?;
    let draft = BoardDraft {
        name: Label::parse("name", &req.name, NAME_MAX)?,
        level: req.level,
        parent_id: req.parent_id,
        time_zone: TimeZoneName::parse(req.time_zone.as_deref().unwrap_or(DEFAULT_TIME_ZONE))?,
    };
    let actor = who.actor();
    let board = db
        .write(move |conn| create(conn, &actor, draft, now))
        .await?;
    Ok(BoardView::from(board))
}

/// A change to a board as requested, read once the policy has been asked; `None` leaves a field
/// as it is, `Some(None)` clears a nullable one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = BoardPatch)]
pub struct EditBoardRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: Option<String>,
    pub time_zone: Option<String>,
    /// Admins only.
    pub level: Option<BoardLevel>,
    /// Admins only; `null` makes the board a root (national) board.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<BoardId>)]
    pub parent_id: Option<Option<BoardId>>,
    /// Business days to acknowledge a grievance (1–60); `null` returns to the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 60)]
    pub grievance_ack_days: Option<Option<u32>>,
    /// Business days to respond to a grievance (1–120); `null` returns to the default.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 120)]
    pub grievance_response_days: Option<Option<u32>>,
    /// Whether a report needs a second officer's approval before it is published (default on).
    /// Admins only, with a `reason`: the rule binds the board's secretaries.
    pub two_person_approval: Option<bool>,
    /// Why the two-person rule changes: required with `two_person_approval`, kept in the audit
    /// log.
    #[schema(min_length = 1, max_length = 1000, format = "text")]
    pub reason: Option<String>,
}

/// Changes a board: its secretaries change its name, zone and deadlines; an admin moves it in
/// the tree or turns its two-person rule on or off.
pub async fn edit(
    db: &Db,
    who: &Principal,
    id: BoardId,
    req: EditBoardRequest,
    now: DateTime<Utc>,
) -> Result<BoardView, AppError> {
    authorize(Some(who), Permission::EditBoard(id))?;
    if req.two_person_approval.is_some() {
        authorize(Some(who), Permission::SetPublishingRule)?;
    } else if req.reason.is_some() {
        return Err(AppError::validation(
            "reason",
            refusal::board_reason_without_rule_change(),
        ));
    }
    let changes = BoardChanges {
        name: req
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        time_zone: req
            .time_zone
            .as_deref()
            .map(TimeZoneName::parse)
            .transpose()?,
        level: req.level,
        parent_id: req.parent_id,
        grievance_ack_days: req.grievance_ack_days,
        grievance_response_days: req.grievance_response_days,
        publishing_rule: req
            .two_person_approval
            .map(|on| PublishingRuleChange::parse(on, req.reason.as_deref()))
            .transpose()?,
    };
    if changes.moves() {
        authorize(Some(who), Permission::MoveBoard)?;
    }
    let actor = who.actor();
    let board = db
        .write(move |conn| update(conn, &actor, id, changes, now))
        .await?;
    Ok(BoardView::from(board))
}

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
struct BoardChanges {
    name: Option<Label>,
    time_zone: Option<TimeZoneName>,
    level: Option<BoardLevel>,
    parent_id: Option<Option<BoardId>>,
    /// `Some(None)` returns to the installation's default.
    grievance_ack_days: Option<Option<u32>>,
    grievance_response_days: Option<Option<u32>>,
    publishing_rule: Option<PublishingRuleChange>,
}

/// Turning the two-person rule for publishing on or off, with the reason the audit log keeps.
struct PublishingRuleChange {
    two_person_approval: bool,
    reason: String,
}

impl PublishingRuleChange {
    fn parse(two_person_approval: bool, reason: Option<&str>) -> Result<Self, AppError> {
        let reason = trimmed("reason", reason.unwrap_or(""), REASON_MAX)?;
        if reason.is_empty() {
            return Err(AppError::validation(
                "reason",
                refusal::board_rule_change_reason(),
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
    fn moves(&self) -> bool {
        self.level.is_some() || self.parent_id.is_some()
    }
}

/// Applies the changes; a change that changes nothing writes nothing, not even an audit entry.
fn update(
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
                refusal::board_own_parent(),
            ));
        }
        after
            .level
            .check_parent(parent_level(conn, after.parent_id)?)?;
        if after.level != before.level && store::has_children(conn, id)? {
            return Err(AppError::conflict(
                refusal::board_has_boards_under_it()
                    .remedied(Remedy::MoveBoardsUnder { board: id }),
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
            refusal::board_deadline_days(max),
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
                        AppError::validation("parent_id", refusal::board_parent_missing(p))
                    }
                    other => other.into(),
                })
        })
        .transpose()
}
