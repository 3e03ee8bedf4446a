//! What a refusal says: one sentence per permission, naming who may.

use super::{Permission, ReportStep};

pub(super) fn reason(permission: Permission<'_>) -> &'static str {
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
        Permission::ReadDecision { .. } => {
            "only the board's people and the representatives of the unit a decision falls to see it"
        }
        Permission::ReadIndicators(_) => {
            "only the board's secretaries and members see all its indicators"
        }
        Permission::ReadIndicator { .. } => {
            "only the board's people and the representatives of the unit responsible for an \
             indicator see it"
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
        Permission::ReadAction { .. } => {
            "only the board's people and the representatives of the action's unit see it"
        }
        Permission::ReportProgress { .. } => {
            "only a representative of the action's unit (or a unit above it) or a secretary of \
             the board reports its progress"
        }
        Permission::VerifyActions(_) => {
            "only the board's secretaries and members verify actions reported done"
        }
        Permission::ReadGrievances(_) => {
            "only the board's secretaries and members see its grievances"
        }
        Permission::ManageGrievances(_) => "only the board's secretariat handles its grievances",
        Permission::ChangeGrievance { .. } => {
            "only the secretariat moves a grievance along; its unit may answer it"
        }
        Permission::ReadIncidents(_) => {
            "only the board's secretaries and members see its incidents"
        }
        Permission::RecordIncidents(_) => {
            "only the board's secretaries and members record incidents"
        }
        Permission::ManageIncidents(_) => "only the board's secretariat handles its incidents",
        Permission::ChangeIncident { .. } => {
            "only the board's secretariat corrects an incident or moves it along; a unit \
             concerned may record its response"
        }
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
