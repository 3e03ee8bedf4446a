//! A report's lifecycle: draft (regenerable, the board only) → approved → published (signed,
//! immutable) → superseded by a correction, which is a new report naming the one it replaces.

use super::refusal::{self, Word};
use super::{Invalid, allow_step, vocabulary};
use serde::{Deserialize, Serialize};

vocabulary!(
    ReportStatus, "status", {
        Draft = "draft",
        Approved = "approved",
        Published = "published",
        Superseded = "superseded",
    }
);

vocabulary!(
    /// The capacity in which someone approved or published a report, which is how a published
    /// report names them (never by name): a secretary or a member (civil society) of the report's
    /// board, a secretary of the board above it, or the installation's operator publishing from
    /// the command line.
    Officer, "officer", {
        Secretary = "secretary",
        Member = "member",
        ParentSecretary = "parent_secretary",
        Operator = "operator",
    }
);

vocabulary!(
    /// A language a report is published in: each published report has a signed edition in
    /// each, drawn from the same document.
    Language, "language", {
        En = "en",
        Fil = "fil",
    }
);

/// How a report was approved and published, by role: printed on its face, its public page and
/// in the API.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signoff {
    /// The capacity in which the draft was approved; none if it was published unapproved, which
    /// only a board whose two-person rule an admin turned off allows.
    pub approved_as: Option<Officer>,
    /// The capacity in which it was published; none until it is.
    pub published_as: Option<Officer>,
    /// Whether the board's two-person rule was in force when it was published; none until it is.
    pub two_person_rule: Option<bool>,
}

impl Signoff {
    /// Which sentence tells how the report was published, for the report template and the page
    /// catalogues: `two_person`, `rule_off_approved`, `rule_off_alone`, or `not_recorded` for a
    /// report published before signoffs were kept. The sentence names the approver's and the
    /// publisher's capacities.
    pub fn sentence(&self) -> &'static str {
        match (self.published_as, self.two_person_rule, self.approved_as) {
            (None, _, _) | (_, None, _) => "not_recorded",
            (Some(_), Some(true), _) => "two_person",
            (Some(_), Some(false), Some(_)) => "rule_off_approved",
            (Some(_), Some(false), None) => "rule_off_alone",
        }
    }
}

impl ReportStatus {
    /// Whether the public may read it.
    pub fn is_public(self) -> bool {
        matches!(self, Self::Published | Self::Superseded)
    }

    /// Whether its content may still change (be drafted again).
    pub fn is_open(self) -> bool {
        self == Self::Draft
    }

    pub fn check_step(self, to: Self) -> Result<(), Invalid> {
        use ReportStatus::*;
        allow_step(
            matches!(
                (self, to),
                (Draft, Approved)
                    | (Approved, Draft)
                    | (Draft | Approved, Published)
                    | (Published, Superseded)
            ),
            || {
                refusal::report_step(
                    Word::of("report_status", self.as_str()),
                    Word::of("report_status", to.as_str()),
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReportStatus::*;

    #[test]
    fn published_reports_never_reopen() {
        assert!(Draft.check_step(Approved).is_ok());
        assert!(Approved.check_step(Published).is_ok());
        assert!(Published.check_step(Draft).is_err());
        assert!(Published.check_step(Approved).is_err());
        assert!(Superseded.check_step(Published).is_err());
        assert!(Published.check_step(Superseded).is_ok());
        assert!(Published.is_public() && Superseded.is_public() && !Approved.is_public());
        for s in ReportStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
