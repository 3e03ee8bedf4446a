//! The one place that decides who may do what. Deny by default: a permission is granted only by an
//! explicit rule below. Handlers ask; they never reimplement.

mod reasons;
#[cfg(test)]
mod tests;

use crate::audit::Actor;
use crate::domain::ids::{BoardId, SessionId, UnitId, UserId};
use crate::domain::refusal::{self, Reason, Remedy};
use crate::domain::report::Officer;
use crate::domain::role::{Grant, SecondFactorRoles};
use crate::error::AppError;
use reasons::reason;

/// The signed-in account behind a request, loaded fresh for every request so that a role change
/// or a disabled account takes effect at once.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: UserId,
    pub email: String,
    pub(in crate::auth) is_admin: bool,
    pub(in crate::auth) grants: Vec<Grant>,
    pub session_id: SessionId,
    /// Signed in with a long-lived API token rather than a login session.
    pub via_api_token: bool,
    /// Signed in with a second factor as well as the password.
    pub(in crate::auth) passed_second_factor: bool,
}

impl Principal {
    /// Whether pages offer this principal resetting `user`'s second factor.
    pub fn may_reset_second_factor_of(&self, user: UserId) -> bool {
        authorize(Some(self), Permission::ResetSecondFactor(user)).is_ok()
    }

    /// Whether pages offer this principal the audit log ([`Permission::ReadAudit`]).
    pub fn may_read_audit(&self) -> bool {
        authorize(Some(self), Permission::ReadAudit).is_ok()
    }

    /// How this principal is named in the audit log.
    pub fn actor(&self) -> Actor {
        Actor::user(self.user_id, &self.email)
    }

    fn is_secretary_of(&self, board: BoardId) -> bool {
        self.grants.contains(&Grant::Secretary(board))
    }

    /// Whether the account sits on this board as secretary or member.
    fn sits_on(&self, board: BoardId) -> bool {
        self.grants.iter().any(|g| g.board() == Some(board))
    }

    /// The boards the account sits on as secretary or member.
    fn boards(&self) -> impl Iterator<Item = BoardId> + '_ {
        self.grants.iter().filter_map(|g| g.board())
    }

    /// Whether the account sits on any board as secretary or member (civil-society side).
    fn sits_on_a_board(&self) -> bool {
        self.grants.iter().any(|g| g.board().is_some())
    }

    fn represented_units(&self) -> impl Iterator<Item = UnitId> + '_ {
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
    /// List and revoke one's own API tokens.
    ManageOwnTokens,
    /// Issue oneself an API token: only from a login session that passed a second factor.
    IssueOwnToken,
    /// See and end one's own login sessions.
    ManageOwnSessions,
    /// Remove another account's second factors, for a holder who lost them.
    ResetSecondFactor(UserId),
    /// Set up one's own second factor.
    ManageOwnSecondFactor,
    ReadAudit,
    /// See the schedule of public sessions and their public agenda.
    ReadMeetings,
    /// See a board's whole meeting record: closed sessions and agenda items, attendance, minutes.
    ReadMeetingRecord(BoardId),
    /// Schedule a board's sessions and keep their record.
    ManageMeetings(BoardId),
    /// See a decision of a session one may see: the board's people see every one, a
    /// representative those that fall to their unit's chain (`chain` is empty when the decision
    /// names no unit).
    ReadDecision {
        board: BoardId,
        chain: &'a [UnitId],
    },
    /// See the notification outbox.
    ReadOutbox,
    /// Send a waiting notification now rather than after its pause.
    ManageOutbox,
    /// See the report-signing keys' state, set them up or bring in the installation's own.
    ManageSigningKeys,
    /// See all of a board's indicators and figures (representatives see those of their units
    /// through [`Permission::ReadIndicator`]).
    ReadIndicators(BoardId),
    /// See one indicator and its figures: the board's people, and the representatives of the
    /// chain of the unit responsible for it (`chain` is empty when no unit is).
    ReadIndicator {
        board: BoardId,
        chain: &'a [UnitId],
    },
    /// Define indicators, change baselines and targets, reopen locked months.
    ManageIndicators(BoardId),
    /// Enter monthly figures, by hand or as CSV.
    RecordIndicatorValues(BoardId),
    /// See all of a board's follow-up actions (representatives see their units' through
    /// [`represents`]).
    ReadActions(BoardId),
    /// See one action: the board's people, and the representatives of its unit's chain.
    ReadAction {
        board: BoardId,
        chain: &'a [UnitId],
    },
    /// Report an action's progress: a representative of its unit's chain, or the board's
    /// secretary.
    ReportProgress {
        board: BoardId,
        chain: &'a [UnitId],
    },
    /// Create follow-up actions and change their unit, due date or wording.
    ManageActions(BoardId),
    /// Verify an action reported done, or send it back.
    VerifyActions(BoardId),
    /// See a board's grievances, without who filed them (representatives see those referred
    /// to their units through [`represents`]).
    ReadGrievances(BoardId),
    /// Record grievances, move them along, and see who filed them: the secretariat.
    ManageGrievances(BoardId),
    /// Take a grievance's next step: the secretariat any step; the representatives of the chain
    /// of the unit it was referred to (`chain`, empty before a referral) only its answer.
    ChangeGrievance {
        board: BoardId,
        chain: &'a [UnitId],
        answer_only: bool,
    },
    /// See a board's incidents without their confidential parts (representatives see their
    /// units' through [`represents`]).
    ReadIncidents(BoardId),
    /// Document an incident: the board's secretaries and members.
    RecordIncidents(BoardId),
    /// Move incidents along, correct them, and read narratives, places and identities: the
    /// secretariat.
    ManageIncidents(BoardId),
    /// Correct an incident, record a response or move it along: the secretariat all three; a
    /// unit concerned, that sees the incident as a unit ([`case_sight`]), only a response.
    /// `concerned` holds the chains of the units the incident concerns.
    ChangeIncident {
        board: BoardId,
        concerned: &'a [Vec<UnitId>],
        response_only: bool,
    },
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    NotSignedIn,
    Forbidden(Reason),
}

impl From<Denial> for AppError {
    fn from(d: Denial) -> Self {
        match d {
            Denial::NotSignedIn => AppError::Unauthorized(refusal::sign_in_first()),
            Denial::Forbidden(why) => AppError::Forbidden(why),
        }
    }
}

/// Whether the reader of a refusal may take the step that puts it right, and so be shown it.
pub fn may_remedy(who: Option<&Principal>, remedy: Remedy) -> bool {
    let permission = match remedy {
        Remedy::ReopenMonth { board, .. } => Permission::ManageIndicators(board),
        Remedy::SetUpSigningKeys => Permission::ManageSigningKeys,
        Remedy::MoveBoardsUnder { .. } => Permission::MoveBoard,
        Remedy::CorrectReport { board, .. } => Permission::ManageReports(board),
        Remedy::FinishCorrection { board, .. } => Permission::ManageReports(board),
        Remedy::RescheduleSession { board, .. } | Remedy::RelinkDecision { board, .. } => {
            Permission::ManageMeetings(board)
        }
        Remedy::ApproveReport { board, parent, .. } => {
            Permission::ReportStep(ReportBoard { board, parent }, ReportStep::Approve)
        }
        Remedy::StepIncident { board, .. } => Permission::ManageIncidents(board),
        Remedy::AddUnit => Permission::ManageUnits,
    };
    authorize(who, permission).is_ok()
}

/// Whether an account holding these roles must sign in with a second factor, as the
/// installation's `BANTAY_MFA_REQUIRED` says.
pub fn second_factor_required(is_admin: bool, grants: &[Grant], roles: SecondFactorRoles) -> bool {
    (is_admin && roles.admin)
        || grants.iter().any(|g| match g {
            Grant::Secretary(_) => roles.secretary,
            Grant::Member(_) => roles.member,
            Grant::Representative(_) => roles.representative,
        })
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
        Permission::ReadAudit
        | Permission::ReadOutbox
        | Permission::ManageOutbox
        | Permission::ManageSigningKeys => p.is_admin,
        Permission::ReadMeetings => true,
        Permission::ReadMeetingRecord(board) => p.is_admin || p.sits_on(board),
        Permission::ReadDecision { board, chain } => {
            p.is_admin || p.sits_on(board) || represents(p, chain)
        }
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
        Permission::ChangeIncident {
            board,
            concerned,
            response_only,
        } => {
            p.is_secretary_of(board)
                || (response_only
                    && case_sight(p, Case::Incident, board, concerned) == Some(Sight::Unit))
        }
        Permission::ChangeGrievance {
            board,
            chain,
            answer_only,
        } => p.is_secretary_of(board) || (answer_only && represents(p, chain)),
        Permission::ReadAction { board, chain } | Permission::ReadIndicator { board, chain } => {
            p.is_admin || p.sits_on(board) || represents(p, chain)
        }
        Permission::ReportProgress { board, chain } => {
            p.is_secretary_of(board) || represents(p, chain)
        }
        Permission::EditBoard(board) => p.is_admin || p.is_secretary_of(board),
        Permission::ReadUnit { chain } => unit_visible(p, chain),
        Permission::ReadAccount(user) | Permission::EditOwnProfile(user) => {
            p.is_admin || p.user_id == user
        }
        // A leaked token must not be able to mint its own successors.
        Permission::ManageOwnTokens => !p.via_api_token,
        // A token outlives the session that issues it, so it asks for more than a password.
        Permission::IssueOwnToken => !p.via_api_token && p.passed_second_factor,
        // One's own factor is changed with a code of it, so that a stolen session cannot.
        Permission::ResetSecondFactor(user) => p.is_admin && user != p.user_id,
        // Nor may it bind the account to an app of its holder's choosing.
        Permission::ManageOwnSecondFactor => !p.via_api_token,
        Permission::ManageOwnSessions => !p.via_api_token,
    };
    if allowed {
        Ok(())
    } else {
        Err(Denial::Forbidden(reason(permission)))
    }
}

/// Whether the principal represents a unit in this chain of command (the unit or one above it).
fn represents(p: &Principal, chain: &[UnitId]) -> bool {
    p.represented_units().any(|u| chain.contains(&u))
}

/// The rows of a board's records (actions, incidents, grievances) a list may show a principal:
/// every row, or the rows of the boards it sits on and the rows concerning the units it
/// represents or a unit below one of them. The db layer turns it into a filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Everything,
    Within {
        boards: Vec<BoardId>,
        /// Represented units; the rows of each one's subtree are in scope.
        units: Vec<UnitId>,
    },
}

impl Scope {
    pub fn is_empty(&self) -> bool {
        matches!(self, Scope::Within { boards, units } if boards.is_empty() && units.is_empty())
    }
}

pub fn scope(who: &Principal) -> Scope {
    if who.is_admin {
        return Scope::Everything;
    }
    Scope::Within {
        boards: who.boards().collect(),
        units: who.represented_units().collect(),
    }
}

/// The units for which a principal acknowledges published reports
/// ([`Permission::AcknowledgeReport`]): those it represents.
pub fn acknowledging_units(who: &Principal) -> Vec<UnitId> {
    who.represented_units().collect()
}

/// A seat a principal holds: a board's secretary or member, or a unit's representative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seat<T> {
    pub on: T,
    /// `secretary`, `member` or `representative`.
    pub role: &'static str,
}

/// The boards and units a principal holds seats on, in the order they were granted: for a page
/// to name them and to pick what concerns the reader, never to decide an access.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seats {
    pub boards: Vec<Seat<BoardId>>,
    pub units: Vec<Seat<UnitId>>,
}

pub fn seats(who: &Principal) -> Seats {
    fn seat<T>(on: T, g: &Grant) -> Seat<T> {
        Seat {
            on,
            role: g.role_name(),
        }
    }
    Seats {
        boards: who
            .grants
            .iter()
            .filter_map(|g| g.board().map(|b| seat(b, g)))
            .collect(),
        units: who
            .grants
            .iter()
            .filter_map(|g| g.unit().map(|u| seat(u, g)))
            .collect(),
    }
}

/// A case the board follows: an incident or a grievance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Incident,
    Grievance,
}

/// How much of a case a principal sees: the secretariat all of it (identities, contacts,
/// narratives), the board's people what the board discusses, the units concerned what they
/// must answer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Secretariat,
    Board,
    Unit,
}

/// The view of a case of `board` a principal gets, or `None` when it may not see the case.
/// `concerned` holds the chain of command of each unit the case concerns (the unit, then those
/// above it).
pub fn case_sight(
    who: &Principal,
    case: Case,
    board: BoardId,
    concerned: &[Vec<UnitId>],
) -> Option<Sight> {
    let (manage, read) = match case {
        Case::Incident => (
            Permission::ManageIncidents(board),
            Permission::ReadIncidents(board),
        ),
        Case::Grievance => (
            Permission::ManageGrievances(board),
            Permission::ReadGrievances(board),
        ),
    };
    if authorize(Some(who), manage).is_ok() {
        Some(Sight::Secretariat)
    } else if authorize(Some(who), read).is_ok() {
        Some(Sight::Board)
    } else if concerned.iter().any(|chain| represents(who, chain)) {
        Some(Sight::Unit)
    } else {
        None
    }
}

/// Admins and board members see every unit; a representative sees their unit's subtree.
fn unit_visible(p: &Principal, chain: &[UnitId]) -> bool {
    p.is_admin || p.sits_on_a_board() || represents(p, chain)
}
