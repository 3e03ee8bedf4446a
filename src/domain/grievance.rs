//! The grievance-redress lifecycle: received → acknowledged → referred to a unit → responded →
//! resolved / not resolved → closed; an appeal sends a decided or closed grievance back to the
//! unit (or to acknowledged, if it never reached one).

use super::{Invalid, vocabulary};

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
        if ok {
            Ok(())
        } else {
            Err(Invalid::new(
                "status",
                format!(
                    "a grievance goes received → acknowledged → referred → responded → resolved or \
                     not_resolved → closed; it cannot go from {} to {}",
                    self.as_str(),
                    to.as_str()
                ),
            ))
        }
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
        for s in GrievanceStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
        for c in GrievanceCategory::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
