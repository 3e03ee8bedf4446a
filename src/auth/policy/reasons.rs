//! What a refusal says: one sentence per permission, naming who may.

use super::{Permission, ReportStep};
use crate::domain::refusal::{self, Reason};

pub(super) fn reason(permission: Permission<'_>) -> Reason {
    match permission {
        Permission::CreateBoard | Permission::MoveBoard => refusal::forbidden_boards_tree(),
        Permission::EditBoard(_) => refusal::forbidden_edit_board(),
        Permission::ReadUnit { .. } => refusal::forbidden_read_unit(),
        Permission::ManageUnits => refusal::forbidden_manage_units(),
        Permission::ManageAccounts => refusal::forbidden_manage_accounts(),
        Permission::ReadAccount(_) | Permission::EditOwnProfile(_) => {
            refusal::forbidden_other_account()
        }
        Permission::ReadAudit => refusal::forbidden_read_audit(),
        Permission::ReadOutbox => refusal::forbidden_read_outbox(),
        Permission::ManageOutbox => refusal::forbidden_manage_outbox(),
        Permission::ManageSigningKeys => refusal::forbidden_signing_keys(),
        Permission::ReadMeetingRecord(_) => refusal::forbidden_meeting_record(),
        Permission::ManageMeetings(_) => refusal::forbidden_manage_meetings(),
        Permission::ReadDecision { .. } => refusal::forbidden_read_decision(),
        Permission::ReadIndicators(_) => refusal::forbidden_read_indicators(),
        Permission::ReadIndicator { .. } => refusal::forbidden_read_indicator(),
        Permission::ManageIndicators(_) => refusal::forbidden_manage_indicators(),
        Permission::RecordIndicatorValues(_) => refusal::forbidden_record_figures(),
        Permission::ReadActions(_) => refusal::forbidden_read_actions(),
        Permission::ManageActions(_) => refusal::forbidden_manage_actions(),
        Permission::ReadAction { .. } => refusal::forbidden_read_action(),
        Permission::ReportProgress { .. } => refusal::forbidden_report_progress(),
        Permission::VerifyActions(_) => refusal::forbidden_verify_actions(),
        Permission::ReadGrievances(_) => refusal::forbidden_read_grievances(),
        Permission::ManageGrievances(_) => refusal::forbidden_manage_grievances(),
        Permission::ChangeGrievance { .. } => refusal::forbidden_change_grievance(),
        Permission::ReadIncidents(_) => refusal::forbidden_read_incidents(),
        Permission::RecordIncidents(_) => refusal::forbidden_record_incidents(),
        Permission::ManageIncidents(_) => refusal::forbidden_manage_incidents(),
        Permission::ChangeIncident { .. } => refusal::forbidden_change_incident(),
        Permission::ReadReports(_) => refusal::forbidden_read_reports(),
        Permission::ManageReports(_) => refusal::forbidden_manage_reports(),
        Permission::ReportStep(_, ReportStep::Approve) => refusal::forbidden_approve_report(),
        Permission::ReportStep(_, ReportStep::Publish) => refusal::forbidden_publish_report(),
        Permission::SetPublishingRule => refusal::forbidden_publishing_rule(),
        Permission::AcknowledgeReport(_) => refusal::forbidden_acknowledge_report(),
        Permission::ManageOwnTokens => refusal::forbidden_tokens(),
        Permission::IssueOwnToken => refusal::forbidden_token_without_second_factor(),
        Permission::ResetSecondFactor(_) => refusal::forbidden_reset_second_factor(),
        Permission::ManageOwnSessions => refusal::forbidden_sessions(),
        Permission::ManageOwnSecondFactor => refusal::forbidden_second_factor(),
        Permission::ReadBoards | Permission::ListUnits | Permission::ReadMeetings => {
            refusal::forbidden()
        }
    }
}
