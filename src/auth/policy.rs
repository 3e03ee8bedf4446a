//! The one place that decides who may do what. Deny by default: an action is allowed only by an
//! explicit rule below. Handlers ask; they never reimplement.

use crate::audit::Actor;
use crate::domain::ids::{BoardId, SessionId, UnitId, UserId};
use crate::domain::report::Officer;
use crate::domain::role::Grant;

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
    capacity(p, on, step).ok_or(Denial::Forbidden(reason(Action::ReportStep(on, step))))
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
pub enum Action<'a> {
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

pub fn authorize(who: Option<&Principal>, action: Action<'_>) -> Result<(), Denial> {
    let Some(p) = who else {
        return match action {
            Action::ReadBoards => Ok(()),
            _ => Err(Denial::NotSignedIn),
        };
    };
    let allowed = match action {
        Action::ReadBoards | Action::ListUnits => true,
        Action::CreateBoard | Action::MoveBoard | Action::ManageUnits | Action::ManageAccounts => {
            p.is_admin
        }
        Action::ReadAudit | Action::ReadOutbox => p.is_admin,
        Action::ReadMeetings => true,
        Action::ReadMeetingRecord(board) => p.is_admin || p.sits_on(board),
        Action::ManageMeetings(board) | Action::ManageIndicators(board) => p.is_secretary_of(board),
        Action::ReadIndicators(board) | Action::ReadActions(board) => {
            p.is_admin || p.sits_on(board)
        }
        Action::RecordIndicatorValues(board) | Action::VerifyActions(board) => p.sits_on(board),
        Action::ManageActions(board)
        | Action::ManageGrievances(board)
        | Action::ManageIncidents(board)
        | Action::ManageReports(board) => p.is_secretary_of(board),
        Action::ReadGrievances(board) | Action::ReadIncidents(board) => {
            p.is_admin || p.sits_on(board)
        }
        Action::ReadReports(on) => {
            p.is_admin || p.sits_on(on.board) || on.parent.is_some_and(|b| p.is_secretary_of(b))
        }
        Action::ReportStep(on, step) => capacity(p, on, step).is_some(),
        Action::SetPublishingRule => p.is_admin,
        Action::AcknowledgeReport(unit) => p.represented_units().any(|u| u == unit),
        Action::RecordIncidents(board) => p.sits_on(board),
        Action::EditBoard(board) => p.is_admin || p.is_secretary_of(board),
        Action::ReadUnit { chain } => unit_visible(p, chain),
        Action::ReadAccount(user) | Action::EditOwnProfile(user) => p.is_admin || p.user_id == user,
        // A leaked token must not be able to mint its own successors.
        Action::ManageOwnTokens => !p.via_api_token,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denial::Forbidden(reason(action)))
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

fn reason(action: Action<'_>) -> &'static str {
    match action {
        Action::CreateBoard | Action::MoveBoard => {
            "only an admin may create boards or move them in the tree"
        }
        Action::EditBoard(_) => "only an admin or a secretary of this board may change it",
        Action::ReadUnit { .. } => "this unit is outside the chain of command you represent",
        Action::ManageUnits => "only an admin may create or change units",
        Action::ManageAccounts => "only an admin may manage accounts",
        Action::ReadAccount(_) | Action::EditOwnProfile(_) => {
            "you may only see and change your own account"
        }
        Action::ReadAudit => "only an admin may read the audit log",
        Action::ReadOutbox => "only an admin may read the notification outbox",
        Action::ReadMeetingRecord(_) => {
            "only the board's secretaries and members see its closed business and records"
        }
        Action::ManageMeetings(_) => "only a secretary of this board may change its sessions",
        Action::ReadIndicators(_) => {
            "only the board's secretaries and members see all its indicators"
        }
        Action::ManageIndicators(_) => {
            "only a secretary of this board may define indicators, baselines and targets"
        }
        Action::RecordIndicatorValues(_) => {
            "only the board's secretaries and members enter indicator figures"
        }
        Action::ReadActions(_) => "only the board's secretaries and members see all its actions",
        Action::ManageActions(_) => {
            "only a secretary of this board may create actions or change their unit, due date or wording"
        }
        Action::VerifyActions(_) => {
            "only the board's secretaries and members verify actions reported done"
        }
        Action::ReadGrievances(_) => "only the board's secretaries and members see its grievances",
        Action::ManageGrievances(_) => "only the board's secretariat handles its grievances",
        Action::ReadIncidents(_) => "only the board's secretaries and members see its incidents",
        Action::RecordIncidents(_) => "only the board's secretaries and members record incidents",
        Action::ManageIncidents(_) => "only the board's secretariat handles its incidents",
        Action::ReadReports(_) => {
            "only the board's secretaries and members, and the secretaries of the board above it, \
             see its draft reports"
        }
        Action::ManageReports(_) => "only the board's secretariat drafts its reports",
        Action::ReportStep(_, ReportStep::Approve) => {
            "a report is approved by a secretary or member of its board, or a secretary of the \
             board above it"
        }
        Action::ReportStep(_, ReportStep::Publish) => {
            "a report is published by a secretary of its board or of the board above it"
        }
        Action::SetPublishingRule => {
            "only an admin turns a board's two-person rule for publishing on or off"
        }
        Action::AcknowledgeReport(_) => {
            "only a representative of the unit acknowledges a report for it"
        }
        Action::ManageOwnTokens => {
            "API tokens are managed from a signed-in session, not with a token"
        }
        Action::ReadBoards | Action::ListUnits | Action::ReadMeetings => "not allowed",
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
        assert!(authorize(None, Action::ReadBoards).is_ok());
        let chain = [UnitId(1)];
        for action in [
            Action::CreateBoard,
            Action::EditBoard(BoardId(1)),
            Action::MoveBoard,
            Action::ListUnits,
            Action::ReadUnit { chain: &chain },
            Action::ManageUnits,
            Action::ManageAccounts,
            Action::ReadAccount(UserId(1)),
            Action::EditOwnProfile(UserId(1)),
            Action::ManageOwnTokens,
            Action::ReadAudit,
            Action::ReadMeetings,
            Action::ReadMeetingRecord(BoardId(1)),
            Action::ManageMeetings(BoardId(1)),
            Action::ReadOutbox,
            Action::ReadIndicators(BoardId(1)),
            Action::ManageIndicators(BoardId(1)),
            Action::RecordIndicatorValues(BoardId(1)),
            Action::ReadActions(BoardId(1)),
            Action::ManageActions(BoardId(1)),
            Action::VerifyActions(BoardId(1)),
            Action::ReadGrievances(BoardId(1)),
            Action::ManageGrievances(BoardId(1)),
            Action::ReadIncidents(BoardId(1)),
            Action::RecordIncidents(BoardId(1)),
            Action::ManageIncidents(BoardId(1)),
            Action::ReadReports(ReportBoard {
                board: BoardId(1),
                parent: None,
            }),
            Action::ManageReports(BoardId(1)),
            Action::ReportStep(
                ReportBoard {
                    board: BoardId(1),
                    parent: None,
                },
                ReportStep::Approve,
            ),
            Action::SetPublishingRule,
            Action::AcknowledgeReport(UnitId(1)),
        ] {
            assert_eq!(
                authorize(None, action),
                Err(Denial::NotSignedIn),
                "{action:?}"
            );
        }
    }

    #[test]
    fn an_api_token_cannot_manage_api_tokens() {
        let mut p = principal(true, vec![]);
        assert!(authorize(Some(&p), Action::ManageOwnTokens).is_ok());
        p.via_api_token = true;
        assert!(authorize(Some(&p), Action::ManageOwnTokens).is_err());
        assert!(authorize(Some(&p), Action::ManageAccounts).is_ok());
    }

    #[test]
    fn a_secretary_edits_only_their_own_board() {
        let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
        assert!(authorize(Some(&sec), Action::EditBoard(BoardId(1))).is_ok());
        assert!(authorize(Some(&sec), Action::EditBoard(BoardId(2))).is_err());
        assert!(authorize(Some(&sec), Action::MoveBoard).is_err());
        let member = principal(false, vec![Grant::Member(BoardId(1))]);
        assert!(authorize(Some(&member), Action::EditBoard(BoardId(1))).is_err());
    }

    #[test]
    fn secretaries_keep_the_record_members_read_it_representatives_see_public_business() {
        let sec = principal(false, vec![Grant::Secretary(BoardId(1))]);
        let member = principal(false, vec![Grant::Member(BoardId(1))]);
        let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
        let admin = principal(true, vec![]);
        let can = |p: &Principal, a| authorize(Some(p), a).is_ok();
        assert!(can(&sec, Action::ManageMeetings(BoardId(1))));
        assert!(!can(&sec, Action::ManageMeetings(BoardId(2))));
        assert!(!can(&member, Action::ManageMeetings(BoardId(1))));
        assert!(!can(&admin, Action::ManageMeetings(BoardId(1))));
        assert!(can(&member, Action::ReadMeetingRecord(BoardId(1))));
        assert!(!can(&member, Action::ReadMeetingRecord(BoardId(2))));
        assert!(can(&admin, Action::ReadMeetingRecord(BoardId(2))));
        assert!(!can(&rep, Action::ReadMeetingRecord(BoardId(1))));
        assert!(can(&rep, Action::ReadMeetings));
    }

    #[test]
    fn a_representative_sees_only_their_subtree() {
        let rep = principal(false, vec![Grant::Representative(UnitId(2))]);
        let below = [UnitId(3), UnitId(2), UnitId(1)];
        let above = [UnitId(1)];
        let elsewhere = [UnitId(9)];
        assert!(authorize(Some(&rep), Action::ReadUnit { chain: &below }).is_ok());
        assert!(authorize(Some(&rep), Action::ReadUnit { chain: &above }).is_err());
        assert!(authorize(Some(&rep), Action::ReadUnit { chain: &elsewhere }).is_err());
        assert!(authorize(Some(&rep), Action::ManageUnits).is_err());
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
        assert!(authorize(Some(&admin), Action::ReportStep(on, Publish)).is_err());
        assert!(authorize(Some(&admin), Action::SetPublishingRule).is_ok());
        let sec = principal(false, vec![Grant::Secretary(BoardId(2))]);
        assert!(authorize(Some(&sec), Action::SetPublishingRule).is_err());
    }

    #[test]
    fn accounts_are_the_admins_and_each_ones_own() {
        let user = principal(false, vec![]);
        assert!(authorize(Some(&user), Action::ReadAccount(UserId(7))).is_ok());
        assert!(authorize(Some(&user), Action::ReadAccount(UserId(8))).is_err());
        assert!(authorize(Some(&user), Action::ManageAccounts).is_err());
        let admin = principal(true, vec![]);
        assert!(authorize(Some(&admin), Action::ReadAccount(UserId(8))).is_ok());
        assert!(authorize(Some(&admin), Action::ManageAccounts).is_ok());
    }
}
