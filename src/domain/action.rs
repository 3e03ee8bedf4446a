//! Follow-up actions: who may move an action where, and when it is overdue or escalated.

use super::refusal::{self, Word};
use super::{Invalid, vocabulary};
use chrono::NaiveDate;

vocabulary!(
    /// open → in progress / blocked → reported done (by the unit) → verified (by the board);
    /// the board may send a reported action back to in progress.
    ActionStatus, "status", {
        Open = "open",
        InProgress = "in_progress",
        Blocked = "blocked",
        ReportedDone = "reported_done",
        Verified = "verified",
    }
);

vocabulary!(
    /// What the action follows up.
    SourceKind, "source_kind", {
        Decision = "decision",
        Indicator = "indicator",
        Incident = "incident",
        Grievance = "grievance",
        None = "none",
    }
);

impl ActionStatus {
    /// The statuses a unit reports.
    pub const REPORTED: [Self; 3] = [Self::InProgress, Self::Blocked, Self::ReportedDone];

    /// A status a unit may report: in progress, blocked or reported done, on an action not yet
    /// verified.
    pub fn check_report(self, to: Self) -> Result<(), Invalid> {
        if self == Self::Verified {
            return Err(Invalid::new("status", refusal::action_verified_no_report()));
        }
        if Self::REPORTED.contains(&to) {
            return Ok(());
        }
        Err(Invalid::new(
            "status",
            refusal::action_report_status(Word::of("action_status", to.as_str())),
        ))
    }

    /// Whether the unit still owes work on it.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress | Self::Blocked)
    }
}

/// Overdue: still owed by the unit after its due date (the board's local date).
pub fn is_overdue(status: ActionStatus, due: NaiveDate, today: NaiveDate) -> bool {
    status.is_pending() && today > due
}

/// Escalated up the chain of command: overdue by more than `grace_days`.
pub fn is_escalated(
    status: ActionStatus,
    due: NaiveDate,
    today: NaiveDate,
    grace_days: u32,
) -> bool {
    is_overdue(status, due, today) && today > due + chrono::Days::new(u64::from(grace_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ActionStatus::*;

    #[test]
    fn a_unit_reports_progress_but_never_opens_or_verifies() {
        for from in [Open, InProgress, Blocked, ReportedDone] {
            for to in [InProgress, Blocked, ReportedDone] {
                assert!(from.check_report(to).is_ok(), "{from:?} → {to:?}");
            }
            assert!(from.check_report(Verified).is_err());
            assert!(from.check_report(Open).is_err());
        }
        assert!(Verified.check_report(InProgress).is_err());
    }

    #[test]
    fn overdue_and_escalation_count_from_the_due_date() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let due = day("2026-11-30");
        assert!(!is_overdue(Open, due, day("2026-11-30")));
        assert!(is_overdue(Open, due, day("2026-12-01")));
        assert!(is_overdue(Blocked, due, day("2026-12-01")));
        assert!(
            !is_overdue(ReportedDone, due, day("2027-01-01")),
            "awaiting the board"
        );
        assert!(!is_overdue(Verified, due, day("2027-01-01")));
        assert!(!is_escalated(Open, due, day("2026-12-07"), 7));
        assert!(is_escalated(Open, due, day("2026-12-08"), 7));
    }

    #[test]
    fn every_word_is_what_serde_and_the_api_document_call_it() {
        for s in ActionStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for s in SourceKind::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
