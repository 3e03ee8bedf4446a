//! The grievance-redress lifecycle: received → acknowledged → referred to a unit → responded →
//! resolved / not resolved → closed; an appeal sends a decided or closed grievance back to the
//! unit (or to acknowledged, if it never reached one).

use super::refusal::{self, Word};
use super::{Invalid, allow_step, vocabulary};

vocabulary!(
    GrievanceStatus, "status", {
        Received = "received",
        Acknowledged = "acknowledged",
        Referred = "referred",
        Responded = "responded",
        Resolved = "resolved",
        NotResolved = "not_resolved",
        Closed = "closed",
    }
);

vocabulary!(
    /// How a grievance the secretariat files for someone reached it.
    Intake, "intake", {
        WalkIn = "walk_in",
        Phone = "phone",
        Letter = "letter",
        TextMessage = "text_message",
        Email = "email",
        Other = "other",
    }
);

vocabulary!(
    /// What the complaint is about.
    GrievanceCategory, "category", {
        ConductOfPersonnel = "conduct_of_personnel",
        Checkpoint = "checkpoint",
        ArrestOrDetention = "arrest_or_detention",
        PropertyDamage = "property_damage",
        Harassment = "harassment",
        Other = "other",
    }
);

impl GrievanceStatus {
    /// The next steps the secretariat may take from here (appeals excepted).
    pub fn check_step(self, to: Self) -> Result<(), Invalid> {
        use GrievanceStatus::*;
        let ok = matches!(
            (self, to),
            (Received, Acknowledged)
                | (Acknowledged, Referred)
                | (Referred, Responded)
                | (Responded, Resolved | NotResolved)
                | (Resolved | NotResolved, Closed)
        );
        allow_step(ok, || {
            refusal::grievance_step(
                Word::of("status", self.as_str()),
                Word::of("status", to.as_str()),
            )
        })
    }

    /// The statuses the secretariat may move a grievance on to from this one.
    pub fn next_steps(self) -> Vec<Self> {
        let all = Self::ALL.iter().copied();
        all.filter(|s| self.check_step(*s).is_ok()).collect()
    }

    /// Where an appeal sends the grievance, if one is possible now.
    pub fn appealed(self, referred: bool) -> Option<Self> {
        use GrievanceStatus::*;
        match self {
            Resolved | NotResolved | Closed if referred => Some(Referred),
            Resolved | NotResolved | Closed => Some(Acknowledged),
            _ => None,
        }
    }

    pub fn awaits_acknowledgement(self) -> bool {
        self == Self::Received
    }

    pub fn awaits_response(self) -> bool {
        matches!(self, Self::Received | Self::Acknowledged | Self::Referred)
    }
}

vocabulary!(
    /// A step as the filer may follow it: the board's internal hand-offs are summed up, and an
    /// appeal is a step of its own.
    FilerStep, "step", {
        Received = "received",
        Acknowledged = "acknowledged",
        Referred = "referred",
        Responded = "responded",
        Decided = "decided",
        Closed = "closed",
        Appealed = "appealed",
    }
);

vocabulary!(
    /// How a grievance was decided.
    GrievanceOutcome, "outcome", {
        Resolved = "resolved",
        NotResolved = "not_resolved",
    }
);

impl GrievanceStatus {
    /// The decision this status records, if it is one.
    fn decision(self) -> Option<GrievanceOutcome> {
        match self {
            Self::Resolved => Some(GrievanceOutcome::Resolved),
            Self::NotResolved => Some(GrievanceOutcome::NotResolved),
            _ => None,
        }
    }

    fn is_finished(self) -> bool {
        matches!(self, Self::Resolved | Self::NotResolved | Self::Closed)
    }
}

/// One step of the filer's view, with its moment (`T`: whatever the caller dates it with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Milestone<T> {
    pub step: FilerStep,
    /// Set on a decision only.
    pub outcome: Option<GrievanceOutcome>,
    pub at: T,
}

/// The filer's steps from the history of statuses, oldest first. A finished grievance that
/// goes back to acknowledged or referred was appealed: that move is the step "appealed".
pub fn milestones<T>(history: impl IntoIterator<Item = (GrievanceStatus, T)>) -> Vec<Milestone<T>> {
    use GrievanceStatus::*;
    let mut previous: Option<GrievanceStatus> = None;
    let mut steps = Vec::new();
    for (status, at) in history {
        let appealed = previous.is_some_and(GrievanceStatus::is_finished)
            && matches!(status, Acknowledged | Referred);
        let step = match status {
            _ if appealed => FilerStep::Appealed,
            Received => FilerStep::Received,
            Acknowledged => FilerStep::Acknowledged,
            Referred => FilerStep::Referred,
            Responded => FilerStep::Responded,
            Resolved | NotResolved => FilerStep::Decided,
            Closed => FilerStep::Closed,
        };
        steps.push(Milestone {
            step,
            outcome: status.decision(),
            at,
        });
        previous = Some(status);
    }
    steps
}

/// How the grievance ended: the last decision, while it stands decided or closed; `None` while
/// it is open, an appeal included.
pub fn outcome<T>(status: GrievanceStatus, steps: &[Milestone<T>]) -> Option<GrievanceOutcome> {
    if !status.is_finished() {
        return None;
    }
    steps.iter().rev().find_map(|m| m.outcome)
}

#[cfg(test)]
mod tests {
    use super::*;
    use GrievanceStatus::*;

    #[test]
    fn the_lifecycle_moves_one_step_at_a_time_and_appeals_reopen() {
        let path = [
            Received,
            Acknowledged,
            Referred,
            Responded,
            Resolved,
            Closed,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].check_step(pair[1]).is_ok(), "{pair:?}");
        }
        assert!(Responded.check_step(NotResolved).is_ok());
        assert!(Received.check_step(Referred).is_err());
        assert!(Closed.check_step(Received).is_err());
        assert_eq!(Closed.appealed(true), Some(Referred));
        assert_eq!(NotResolved.appealed(false), Some(Acknowledged));
        assert_eq!(Referred.appealed(true), None);
        let history = [
            Received,
            Acknowledged,
            Referred,
            Responded,
            NotResolved,
            Closed,
            Referred,
            Responded,
            Resolved,
        ];
        let steps = milestones(history.iter().copied().zip(0..));
        let names: Vec<&str> = steps.iter().map(|m| m.step.as_str()).collect();
        assert_eq!(
            names,
            [
                "received",
                "acknowledged",
                "referred",
                "responded",
                "decided",
                "closed",
                "appealed",
                "responded",
                "decided"
            ]
        );
        assert_eq!(outcome(Resolved, &steps), Some(GrievanceOutcome::Resolved));
        assert_eq!(outcome(Referred, &steps[..7]), None, "an appeal reopens it");
        assert_eq!(
            outcome(Closed, &steps[..6]),
            Some(GrievanceOutcome::NotResolved)
        );
        for s in GrievanceStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for c in GrievanceCategory::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
