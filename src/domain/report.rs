//! A report's lifecycle: draft (regenerable, the board only) → approved → published (signed,
//! immutable) → superseded by a correction, which is a new report naming the one it replaces.

use super::{Invalid, vocabulary};

vocabulary!(
    ReportStatus, "status", {
        Draft = "draft",
        Approved = "approved",
        Published = "published",
        Superseded = "superseded",
    }
);

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
        match (self, to) {
            (Draft, Approved) | (Approved, Draft) | (Draft | Approved, Published) => Ok(()),
            (Published, Superseded) => Ok(()),
            _ => Err(Invalid::new(
                "status",
                format!(
                    "a report goes draft → approved → published → superseded; it cannot go \
                     from {} to {}",
                    self.as_str(),
                    to.as_str()
                ),
            )),
        }
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
