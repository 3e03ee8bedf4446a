//! Civilian-harm incidents after the HURIDOCS Events Standard Formats: what harm, to whom (counted
//! by sex and age), by whom and how directly, on what sources, and where the board's follow-up
//! stands: reported → under assessment → credible / not credible → under investigation → response
//! recorded → closed.

use super::refusal::{self, Word};
use super::{Invalid, allow_step, vocabulary};

vocabulary!(
    IncidentStatus, "status", {
        Reported = "reported",
        UnderAssessment = "under_assessment",
        Credible = "credible",
        NotCredible = "not_credible",
        UnderInvestigation = "under_investigation",
        ResponseRecorded = "response_recorded",
        Closed = "closed",
    }
);

vocabulary!(
    /// The kind of harm done to civilians.
    Harm, "harms", {
        Killed = "killed",
        Injured = "injured",
        SexualAndGenderBasedViolence = "sexual_and_gender_based_violence",
        ArbitraryArrestOrDetention = "arbitrary_arrest_or_detention",
        PropertyDestroyed = "property_destroyed",
        Displacement = "displacement",
        Other = "other",
    }
);

vocabulary!(
    /// How grave the incident is; at or above the configured level it raises an early warning.
    Severity, "severity", {
        Low = "low",
        Moderate = "moderate",
        High = "high",
        Critical = "critical",
    }
);

vocabulary!(
    /// Who is alleged to have done it.
    PerpetratorKind, "kind", {
        Unit = "unit",
        NonStateArmedGroup = "non_state_armed_group",
        Unknown = "unknown",
    }
);

vocabulary!(
    /// How the alleged perpetrator took part (HURIDOCS "degree of involvement").
    Involvement, "involvement", {
        Direct = "direct",
        Ordered = "ordered",
        Complicit = "complicit",
        FailedToPrevent = "failed_to_prevent",
        Unknown = "unknown",
    }
);

vocabulary!(
    /// A victim's age group; `unknown` when the source does not say.
    VictimAge, "age_group", {
        Child = "child",
        Youth = "youth",
        Adult = "adult",
        Elder = "elder",
        Unknown = "unknown",
    }
);

vocabulary!(
    /// Where information came from.
    SourceKind, "kind", {
        Victim = "victim",
        Witness = "witness",
        Family = "family",
        CivilSociety = "civil_society",
        Media = "media",
        Official = "official",
        Other = "other",
    }
);

vocabulary!(
    /// How far a source can be trusted.
    Reliability, "reliability", {
        High = "high",
        Medium = "medium",
        Low = "low",
        Unknown = "unknown",
    }
);

vocabulary!(
    /// What the security sector did about it.
    ResponseKind, "kind", {
        Acknowledgement = "acknowledgement",
        Amends = "amends",
        DisciplinaryAction = "disciplinary_action",
        Referral = "referral",
    }
);

impl Severity {
    fn rank(self) -> u8 {
        match self {
            Self::Low => 0,
            Self::Moderate => 1,
            Self::High => 2,
            Self::Critical => 3,
        }
    }

    /// Whether this incident is at least as grave as `threshold`.
    pub fn reaches(self, threshold: Self) -> bool {
        self.rank() >= threshold.rank()
    }
}

impl IncidentStatus {
    /// The steps the board may take from here. Recording a response is its own step (it needs a
    /// response), and new information may send a not-credible report back to assessment.
    pub fn check_step(self, to: Self) -> Result<(), Invalid> {
        use IncidentStatus::*;
        let ok = matches!(
            (self, to),
            (Reported, UnderAssessment)
                | (UnderAssessment, Credible | NotCredible)
                | (NotCredible, UnderAssessment | Closed)
                | (Credible, UnderInvestigation)
                | (UnderInvestigation, ResponseRecorded)
                | (ResponseRecorded, Closed)
        );
        allow_step(ok, || {
            refusal::incident_step(
                Word::of("incident_status", self.as_str()),
                Word::of("incident_status", to.as_str()),
            )
        })
    }

    /// The steps the board may take from here by choosing one: recording a response has a form
    /// of its own.
    pub fn next_steps(self) -> Vec<Self> {
        let next = Self::ALL.iter().copied();
        next.filter(|s| *s != Self::ResponseRecorded && self.check_step(*s).is_ok())
            .collect()
    }

    /// Whether a response from the security sector may be recorded now.
    pub fn takes_responses(self) -> bool {
        matches!(self, Self::UnderInvestigation | Self::ResponseRecorded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentStatus::*;

    #[test]
    fn the_lifecycle_allows_only_its_own_steps() {
        let path = [
            Reported,
            UnderAssessment,
            Credible,
            UnderInvestigation,
            ResponseRecorded,
            Closed,
        ];
        for pair in path.windows(2) {
            assert!(pair[0].check_step(pair[1]).is_ok(), "{pair:?}");
        }
        assert!(UnderAssessment.check_step(NotCredible).is_ok());
        assert!(NotCredible.check_step(UnderAssessment).is_ok());
        assert!(NotCredible.check_step(Closed).is_ok());
        assert!(Reported.check_step(Credible).is_err());
        assert!(Credible.check_step(Closed).is_err());
        assert!(Closed.check_step(Reported).is_err());
        assert!(UnderInvestigation.takes_responses());
        assert!(!Credible.takes_responses());
    }

    #[test]
    fn severity_is_ordered() {
        assert!(Severity::Critical.reaches(Severity::High));
        assert!(Severity::High.reaches(Severity::High));
        assert!(!Severity::Moderate.reaches(Severity::High));
        for (i, s) in Severity::ALL.iter().enumerate() {
            assert_eq!(usize::from(s.rank()), i);
        }
    }

    #[test]
    fn serde_words_are_the_stored_words() {
        fn check<T: serde::Serialize + Copy>(all: &[T], text: fn(T) -> &'static str) {
            for &v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), text(v));
            }
        }
        check(IncidentStatus::ALL, IncidentStatus::as_str);
        check(Harm::ALL, Harm::as_str);
        check(Severity::ALL, Severity::as_str);
        check(PerpetratorKind::ALL, PerpetratorKind::as_str);
        check(Involvement::ALL, Involvement::as_str);
        check(VictimAge::ALL, VictimAge::as_str);
        check(SourceKind::ALL, SourceKind::as_str);
        check(Reliability::ALL, Reliability::as_str);
        check(ResponseKind::ALL, ResponseKind::as_str);
    }
}
