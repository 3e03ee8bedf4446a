//! The one place that decides who may do what. Deny by default: a permission is granted only by an
//! explicit rule below. Handlers ask; they never reimplement.

use crate::audit::Actor;
use crate::domain::ids::{BoardId, SessionId, UnitId, UserId};
use crate::domain::report::Officer;
use crate::domain::role::Grant;
use crate::error::AppError;

/// The signed-in account behind a request, loaded fresh for every request so that a role change
/// or a disabled account takes effect at once.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    pub email: String,
    pub is_admin: bool,
    pub grants: Vec<Grant>,
    pub session_id: SessionId,
    /// Signed in with a long-lived API token rather than a login session.
    pub via_api_token: bool,
}

impl Principal {
    /// How this principal is named in the audit log.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user_id, &self.email)
    }

    pub fn is_secretary_of(&self, board: BoardId) -> bool {
        self.grants.contains(&Grant::Secretary(board))
    }

    /// Whether the account sits on this board as secretary or member.
    pub fn sits_on(&self, board: BoardId) -> bool {
        self.grants.iter().any(|g| g.board() == Some(board))
    }

    /// The boards the account sits on as secretary or member.
    pub fn boards(&self) -> impl Iterator<Item = BoardId> + '_ {
        self.grants.iter().filter_map(|g| g.board())
    }

    /// Whether the account sits on any board as secretary or member (civil-society side).
    fn sits_on_a_board(&self) -> bool {
        self.grants.iter().any(|g| g.board().is_some())
    }

    pub fn represented_units(&self) -> impl Iterator<Item = UnitId> + '_ {
        self.grants.iter().filter_map(|g| g.unit())
    }
}

/// A board whose reports are at stake, with the board above it: a secretary of the parent board
/// also approves and publishes the board's reports, so that the two-person rule can be completed
/// on a board with a single secretary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportBoard {
    pub board: BoardId,
    pub parent: Option<BoardId>,
}

/// A step of a report on its way to the public.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportStep {
    Approve,
    Publish,
}

/// The capacity in which this principal may take the step: a draft is approved by a secretary or
/// member of the board or a secretary of its parent; it is published by a secretary of the board
/// or of its parent. That the publisher is not the approver is the report's rule
/// ([`crate::reports::publish`]), not an access decision.
pub fn report_officer(p: &Principal, on: ReportBoard, step: ReportStep) -> Result<Officer, Denial> {
    capacity(p, on, step).ok_or(Denial::Forbidden(reason(Permission::ReportStep(on, step))))
}

fn capacity(p: &Principal, on: ReportBoard, step: ReportStep) -> Option<Officer> {
    capacity_of(&p.grants, on, step)
}

/// The capacity in which an account holding these grants may take the step: how a page names
/// the people who can take it when the reader cannot.
pub fn capacity_of(grants: &[Grant], on: ReportBoard, step: ReportStep) -> Option<Officer> {
    let holds = |g: Grant| grants.contains(&g);
    if holds(Grant::Secretary(on.board)) {
        Some(Officer::Secretary)
    } else if step == ReportStep::Approve && holds(Grant::Member(on.board)) {
        Some(Officer::Member)
    } else if on
        .parent
        .is_some_and(|parent| holds(Grant::Secretary(parent)))
    {
        Some(Officer::ParentSecretary)
    } else {
        None
    }
}

/// Something a request wants to do. Unit-scoped actions carry the unit's chain of command
/// (the unit itself, then its superiors), so the rule needs no database.
#[derive(Debug, Clone, Copy)]
pub enum Permission<'a> {
    ReadBoards,
    CreateBoard,
    /// Change a board's name or time zone.
    EditBoard(BoardId),
    /// Change a board's level or its place in the tree.
    MoveBoard,
    ListUnits,
    ReadUnit {
        chain: &'a [UnitId],
    },
    ManageUnits,
    ManageAccounts,
    ReadAccount(UserId),
    EditOwnProfile(UserId),
    ManageOwnTokens,
    ReadAudit,
    /// See the schedule of public sessions and their public agenda.
    ReadMeetings,
    /// See a board's whole meeting record: closed sessions and agenda items, attendance, minutes.
    ReadMeetingRecord(BoardId),
    /// Schedule a board's sessions and keep their record.
    ManageMeetings(BoardId),
    /// See the notification outbox.
    ReadOutbox,
    /// See all of a board's indicators and figures (representatives see those of their units
    /// through [`represents`]).
    ReadIndicators(BoardId),
    /// Define indicators, change baselines and targets, reopen locked months.
    ManageIndicators(BoardId),
    /// Enter monthly figures, by hand or as CSV.
    RecordIndicatorValues(BoardId),
    /// See all of a board's follow-up actions (representatives see their units' through
    /// [`represents`]).
    ReadActions(BoardId),
    /// Create follow-up actions and change their unit, due date or wording.
    ManageActions(BoardId),
    /// Verify an action reported done, or send it back.
    VerifyActions(BoardId),
    /// See a board's grievances, without who filed them (representatives see those referred
    /// to their units through [`represents`]).
    ReadGrievances(BoardId),
    /// Record grievances, move them along, and see who filed them: the secretariat.
    ManageGrievances(BoardId),
    /// See a board's incidents without their confidential parts (representatives see their
    /// units' through [`represents`]).
    ReadIncidents(BoardId),
    /// Document an incident: the board's secretaries and members.
    RecordIncidents(BoardId),
    /// Move incidents along, correct them, and read narratives, places and identities: the
    /// secretariat.
    ManageIncidents(BoardId),
    /// See a board's reports, drafts included: its people, and the secretaries of its parent.
    ReadReports(ReportBoard),
    /// Draft a board's reports and corrections of them: the secretariat.
    ManageReports(BoardId),
    /// Approve a draft, or publish an approved one ([`report_officer`]).
    ReportStep(ReportBoard, ReportStep),
    /// Turn a board's two-person rule for publishing on or off: not for those it binds.
    SetPublishingRule,
    /// Acknowledge a published report for a unit, with a reply: its representatives.
    AcknowledgeReport(UnitId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denial {
    NotSignedIn,
    Forbidden(&'static str),
}

impl From<Denial> for AppError {
    fn from(d: Denial) -> Self {
        match d {
            Denial::NotSignedIn => AppError::Unauthorized(
                "sign in first: send a session cookie or a bearer token".into(),
            ),
            Denial::Forbidden(why) => AppError::Forbidden(why.into()),
        }
    }
}

pub fn authorize(who: Option<&Principal>, permission: Permission<'_>) -> Result<(), Denial> {
    let Some(p) = who else {
        return match permission {
            Permission::ReadBoards => Ok(()),
            _ => Err(Denial::NotSignedIn),
        };
    };
    let allowed = match permission {
        Permission::ReadBoards | Permission::ListUnits => true,
        Permission::CreateBoard
        | Permission::MoveBoard
        | Permission::ManageUnits
        | Permission::ManageAccounts => p.is_admin,
        Permission::ReadAudit | Permission::ReadOutbox => p.is_admin,
        Permission::ReadMeetings => true,
        Permission::ReadMeetingRecord(board) => p.is_admin || p.sits_on(board),
        Permission::ManageMeetings(board) | Permission::ManageIndicators(board) => {
            p.is_secretary_of(board)
        }
        Permission::ReadIndicators(board) | Permission::ReadActions(board) => {
            p.is_admin || p.sits_on(board)
        }
        Permission::RecordIndicatorValues(board) | Permission::VerifyActions(board) => {
            p.sits_on(board)
        }
        Permission::ManageActions(board)
        | Permission::ManageGrievances(board)
        | Permission::ManageIncidents(board)
        | Permission::ManageReports(board) => p.is_secretary_of(board),
        Permission::ReadGrievances(board) | Permission::ReadIncidents(board) => {
            p.is_admin || p.sits_on(board)
        }
        Permission::ReadReports(on) => {
            p.is_admin || p.sits_on(on.board) || on.parent.is_some_and(|b| p.is_secretary_of(b))
        }
        Permission::ReportStep(on, step) => capacity(p, on, step).is_some(),
        Permission::SetPublishingRule => p.is_admin,
        Permission::AcknowledgeReport(unit) => p.represented_units().any(|u| u == unit),
        Permission::RecordIncidents(board) => p.sits_on(board),
        Permission::EditBoard(board) => p.is_admin || p.is_secretary_of(board),
        Permission::ReadUnit { chain } => unit_visible(p, chain),
        Permission::ReadAccount(user) | Permission::EditOwnProfile(user) => {
            p.is_admin || p.user_id == user
        }
        // A leaked token must not be able to mint its own successors.
        Permission::ManageOwnTokens => !p.via_api_token,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denial::Forbidden(reason(permission)))
    }
}

/// Whether the principal represents a unit in this chain of command (the unit or one above it).
pub fn represents(p: &Principal, chain: &[UnitId]) -> bool {
    p.represented_units().any(|u| chain.contains(&u))
}

/// Admins and board members see every unit; a representative sees their unit's subtree.
pub fn unit_visible(p: &Principal, chain: &[UnitId]) -> bool {
    p.is_admin || p.sits_on_a_board() || represents(p, chain)
}

fn reason(permission: Permission<'_>) -> &'static str {
    match permission {
        Permission::CreateBoard | Permission::MoveBoard => {
            "only an admin may create boards or move them in the tree"
        }
        Permission::EditBoard(_) => "only an admin or a secretary of this board may change it",
        Permission::ReadUnit { .. } => "this unit is outside the chain of command you represent",
        Permission::ManageUnits => "only an admin may create or change units",
        Permission::ManageAccounts => "only an admin may manage accounts",
        Permission::ReadAccount(_) | Permission::EditOwnProfile(_) => {
            "you may only see and change your own account"
        }
        Permission::ReadAudit => "only an admin may read the audit log",
        Permission::ReadOutbox => "only an admin may read the notification outbox",
        Permission::ReadMeetingRecord(_) => {
            "only the board's secretaries and members see its closed business and records"
        }
        Permission::ManageMeetings(_) => "only a secretary of this board may change its sessions",
        Permission::ReadIndicators(_) => {
            "only the board's secretaries and members see all its indicators"
        }
        Permission::ManageIndicators(_) => {
            "only a secretary of this board may define indicators, baselines and targets"
        }
        Permission::RecordIndicatorValues(_) => {
            "only the board's secretaries and members enter indicator figures"
        }
        Permission::ReadActions(_) => {
            "only the board's secretaries and members see all its actions"
        }
        Permission::ManageActions(_) => {
            "only a secretary of this board may create actions or change their unit, due date or wording"
        }
        Permission::VerifyActions(_) => {
            "only the board's secretaries and members verify actions reported done"
        }
        Permission::ReadGrievances(_) => {
            "only the board's secretaries and members see its grievances"
        }
        Permission::ManageGrievances(_) => "only the board's secretariat handles its grievances",
        Permission::ReadIncidents(_) => {
            "only the board's secretaries and members see its incidents"
        }
        Permission::RecordIncidents(_) => {
            "only the board's secretaries and members record incidents"
        }
        Permission::ManageIncidents(_) => "only the board's secretariat handles its incidents",
        Permission::ReadReports(_) => {
            "only the board's secretaries and members, and the secretaries of the board above it, \
             see its draft reports"
        }
        Permission::ManageReports(_) => "only the board's secretariat drafts its reports",
        Permission::ReportStep(_, ReportStep::Approve) => {
            "a report is approved by a secretary or member of its board, or a secretary of the \
             board above it"
        }
        Permission::ReportStep(_, ReportStep::Publish) => {
            "a report is published by a secretary of its board or of the board above it"
        }
        Permission::SetPublishingRule => {
            "only an admin turns a board's two-person rule for publishing on or off"
        }
        Permission::AcknowledgeReport(_) => {
            "only a representative of the unit acknowledges a report for it"
        }
        Permission::ManageOwnTokens => {
            "API tokens are managed from a signed-in session, not with a token"
        }
        Permission::ReadBoards | Permission::ListUnits | Permission::ReadMeetings => "not allowed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(is_admin: bool, grants: Vec<Grant>) -> Principal {
        Principal {
            user_id: UserId(7),
            email: "p@example.ph".into(),
            is_admin,
            grants,
            session_id: SessionId(1),
            via_api_token: false,
        }
    }

    #[test]
    fn nothing_but_reading_boards_is_open_to_the_anonymous() {
        assert!(authorize(None, Permission::ReadBoards).is_ok());
        let chain = [UnitId(1)];
        for permission in [
            Permission::CreateBoard,
            Permission::EditBoard(BoardId(1)),
            Permission::MoveBoard,
            Permission::ListUnits,
            Permission::ReadUnit { chain: &chain },
            Permission::ManageUnits,
            Permission::ManageAccounts,
            Permission::ReadAccount(UserId(1)),
            Permission::EditOwnProfile(UserId(1)),
            Permission::ManageOwnTokens,
            Permission::ReadAudit,
            Permission::ReadMeetings,
            Permission::ReadMeetingRecord(BoardId(1)),
            Permission::ManageMeetings(BoardId(1)),
            Permission::ReadOutbox,
            Permission::ReadIndicators(BoardId(1)),
            Permission::ManageIndicators(BoardId(1)),
            Permission::RecordIndicatorValues(BoardId(1)),
            Permission::ReadActions(BoardId(1)),
            Permission::ManageActions(BoardId(1)),
            Permission::VerifyActions(BoardId(1)),
            Permission::ReadGrievances(BoardId(1)),
            Permission::ManageGrievances(BoardId(1)),
            Permission::ReadIncidents(BoardId(1)),
            Permission::RecordIncidents(BoardId(1)),
            Permission::ManageIncidents(BoardId(1)),
            Permission::ReadReports(ReportBoard {
                board: BoardId(1),
                parent: None,
            }),
            Permission::ManageReports(BoardId(1)),
            Permission::ReportStep(
                ReportBoard {
                    board: BoardId(1),
                    parent: None,
                },
                ReportStep::Approve,
            ),
            Permission::SetPublishingRule,
            Permission::AcknowledgeReport(UnitId(1)),
        ] {
            assert_eq!(
                authorize(None, permission),
                Err(Denial::NotSignedIn),
                "{permission:?}"
            );
        }
    }

    #[test]
    fn an_api_token_cannot_manage_api_tokens() {
        let mut p = principal(true, vec![]);
        assert!(authorize(Some(&p), Permission::ManageOwnTokens).is_ok());
        p.via_api_token = true;
        assert!(authorize(Some(&p), Permission::ManageOwnTokens).is_err());
        assert!(authorize(Some(&p), Permission::ManageAccounts).is_ok());
    }

    #[test]
    fn a_secretary_edits_only_their_own_board() {
        let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
        assert!(authorize(Some(&sec), Permission::EditBoard(BoardId(1))).is_ok());
        assert!(authorize(Some(&sec), Permission::EditBoard(BoardId(2))).is_err());
        assert!(authorize(Some(&sec), Permission::MoveBoard).is_err());
        let member = principal(false, vec![Grant::Member(BoardId(1))]);
        assert!(authorize(Some(&member), Permission::EditBoard(BoardId(1))).is_err());
    }

    #[test]
    fn secretaries_keep_the_record_members_read_it_representatives_see_public_business() {
        let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
        let member = principal(false, vec![Grant::Member(BoardId(1))]);
        let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
        let admin = principal(true, vec![]);
        let can = |p: &Principal, a| authorize(Some(p), a).is_ok();
        assert!(can(&sec, Permission::ManageMeetings(BoardId(1))));
        assert!(!can(&sec, Permission::ManageMeetings(BoardId(2))));
        assert!(!can(&member, Permission::ManageMeetings(BoardId(1))));
        assert!(!can(&admin, Permission::ManageMeetings(BoardId(1))));
        assert!(can(&member, Permission::ReadMeetingRecord(BoardId(1))));
        assert!(!can(&member, Permission::ReadMeetingRecord(BoardId(2))));
        assert!(can(&admin, Permission::ReadMeetingRecord(BoardId(2))));
        assert!(!can(&rep, Permission::ReadMeetingRecord(BoardId(1))));
        assert!(can(&rep, Permission::ReadMeetings));
    }

    #[test]
    fn a_representative_sees_only_their_subtree() {
        let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
        let below = [UnitId(3), UnitId(2), UnitId(1)];
        let above = [UnitId(1)];
        let elsewhere = [UnitId(9)];
        assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &below }).is_ok());
        assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &above }).is_err());
        assert!(authorize(Some(&rep), Permission::ReadUnit { chain: &elsewhere }).is_err());
        assert!(authorize(Some(&rep), Permission::ManageUnits).is_err());
    }

    #[test]
    fn reports_are_approved_by_the_board_or_its_parent_and_published_by_secretaries() {
        let on = ReportBoard {
            board: BoardId(2),
            parent: Some(BoardId(1)),
        };
        let officer = |grants, step| report_officer(&principal(false, grants), on, step).ok();
        use ReportStep::{Approve, Publish};
        let sec = vec![Grant::Secretary(BoardId(2))];
        let member = vec![Grant::Member(BoardId(2))];
        let national = vec![Grant::Secretary(BoardId(1))];
        assert_eq!(officer(sec.clone(), Approve), Some(Officer::Secretary));
        assert_eq!(officer(sec, Publish), Some(Officer::Secretary));
        assert_eq!(officer(member.clone(), Approve), Some(Officer::Member));
        assert_eq!(officer(member, Publish), None);
        assert_eq!(
            officer(national.clone(), Approve),
            Some(Officer::ParentSecretary)
        );
        assert_eq!(officer(national, Publish), Some(Officer::ParentSecretary));
        assert_eq!(officer(vec![Grant::Member(BoardId(1))], Approve), None);
        assert_eq!(officer(vec![Grant::Secretary(BoardId(3))], Publish), None);
        let admin = principal(true, vec![]);
        assert!(authorize(Some(&admin), Permission::ReportStep(on, Publish)).is_err());
        assert!(authorize(Some(&admin), Permission::SetPublishingRule).is_ok());
        let sec = principal(false, vec![Grant::Secretary(BoardId(2))]);
        assert!(authorize(Some(&sec), Permission::SetPublishingRule).is_err());
    }

    #[test]
    fn accounts_are_the_admins_and_each_ones_own() {
        let user = principal(false, vec![]);
        assert!(authorize(Some(&user), Permission::ReadAccount(UserId(7))).is_ok());
        assert!(authorize(Some(&user), Permission::ReadAccount(UserId(8))).is_err());
        assert!(authorize(Some(&user), Permission::ManageAccounts).is_err());
        let admin = principal(true, vec![]);
        assert!(authorize(Some(&admin), Permission::ReadAccount(UserId(8))).is_ok());
        assert!(authorize(Some(&admin), Permission::ManageAccounts).is_ok());
    }
}
