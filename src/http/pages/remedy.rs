//! Where a refusal sends the reader to put it right: a link to the step that fixes it, offered
//! only to a reader the policy lets take that step.

use super::Ctx;
use crate::auth::policy;
use crate::domain::refusal::{Reason, Remedy};
use std::fmt::Display;

/// A link a page offers: where, and its words.
#[derive(Clone)]
pub struct Link {
    pub href: String,
    pub label: String,
}

impl Link {
    /// Where the reader can put a refusal right, if the policy lets them.
    pub fn remedy(c: &Ctx, reason: &Reason) -> Option<Self> {
        let remedy = reason
            .remedy()
            .filter(|r| policy::may_remedy(c.principal().ok(), *r))?;
        Some(match remedy {
            Remedy::ReopenMonth { board, period } => Self {
                href: format!("/desk/boards/{board}/indicators?period={period}#reopen--heading"),
                label: c.t.fill1("remedy.reopen_month", "period", period),
            },
            Remedy::SetUpSigningKeys => Self {
                href: "/desk/admin/keys".to_owned(),
                label: c.t.get("remedy.set_up_keys").to_owned(),
            },
            Remedy::MoveBoardsUnder { board } => Self {
                href: format!("/desk/admin/boards#board-{board}"),
                label: c.t.get("remedy.move_boards_under").to_owned(),
            },
            Remedy::CorrectReport {
                board,
                report,
                period,
            } => Self::to_report(c, board, report, "remedy.correct_report", period),
            Remedy::FinishCorrection { board, correction } => Self {
                href: format!("/desk/boards/{board}/reports#report-{correction}"),
                label: c.t.fill1("remedy.finish_correction", "id", correction),
            },
            Remedy::RescheduleSession { session, .. } => Self {
                href: format!("/desk/meetings/{session}#status"),
                label: c.t.fill1("remedy.reschedule_session", "session", session),
            },
            Remedy::RelinkDecision {
                meeting, decision, ..
            } => Self {
                href: format!("/desk/meetings/{meeting}#decision-{decision}"),
                label: c.t.get("remedy.relink_decision").to_owned(),
            },
            Remedy::ApproveReport {
                board,
                report,
                period,
                ..
            } => Self::to_report(c, board, report, "remedy.approve_report", period),
            Remedy::StepIncident { incident, .. } => Self {
                href: format!("/desk/incidents/{incident}#step--heading"),
                label: c.t.fill1("remedy.step_incident", "id", incident),
            },
            Remedy::AddUnit => Self {
                href: "/desk/admin/units#new-unit--heading".to_owned(),
                label: c.t.get("remedy.add_unit").to_owned(),
            },
        })
    }

    /// A report on its board's reports page, with words that name its month.
    fn to_report(
        c: &Ctx,
        board: impl Display,
        report: impl Display,
        words: &str,
        period: impl Display,
    ) -> Self {
        Self {
            href: format!("/desk/boards/{board}/reports#report-{report}"),
            label: c.t.fill1(words, "period", period),
        }
    }
}
