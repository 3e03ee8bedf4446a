//! The words of a meeting's record and the rules of its minutes' lifecycle.

use super::refusal::{self, Word};
use super::{Invalid, allow_step, vocabulary};

vocabulary!(
    /// Where an occurrence stands. A rescheduled meeting is `scheduled` at its new time.
    MeetingStatus, "status", {
        Scheduled = "scheduled",
        Postponed = "postponed",
        Cancelled = "cancelled",
    }
);

vocabulary!(
    /// The side an attendee comes from; the report shows how inclusive the board is.
    Sector, "sector", {
        CivilSociety = "civil_society",
        Military = "military",
        Police = "police",
        Government = "government",
        Other = "other",
    }
);

vocabulary!(
    Sex, "sex", {
        Female = "female",
        Male = "male",
        Other = "other",
        NotStated = "not_stated",
    }
);

vocabulary!(
    /// draft → circulated → approved (at a later session) → frozen. Circulated minutes may go
    /// back to draft for corrections; approved minutes only move on to frozen.
    MinutesStatus, "status", {
        Draft = "draft",
        Circulated = "circulated",
        Approved = "approved",
        Frozen = "frozen",
    }
);

impl MinutesStatus {
    /// Whether the text may still change.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::Circulated)
    }

    /// Whether the meeting's agenda, attendance and decisions may still change: once the
    /// minutes are approved they are the record.
    pub fn record_is_open(status: Option<Self>) -> bool {
        status.is_none_or(Self::is_editable)
    }

    /// The statuses the minutes may move on to from this one.
    pub fn next_steps(self) -> Vec<Self> {
        let all = Self::ALL.iter().copied();
        all.filter(|s| self.check_transition(*s).is_ok()).collect()
    }

    pub fn check_transition(self, to: Self) -> Result<(), Invalid> {
        use MinutesStatus::*;
        allow_step(
            matches!(
                (self, to),
                (Draft, Circulated) | (Circulated, Draft | Approved) | (Approved, Frozen)
            ),
            || {
                refusal::minutes_step(
                    Word::of("minutes_status", self.as_str()),
                    Word::of("minutes_status", to.as_str()),
                )
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_move_forward_one_step_at_a_time() {
        use MinutesStatus::*;
        let allowed = [
            (Draft, Circulated),
            (Circulated, Draft),
            (Circulated, Approved),
            (Approved, Frozen),
        ];
        for from in MinutesStatus::ALL {
            for to in MinutesStatus::ALL {
                assert_eq!(
                    from.check_transition(*to).is_ok(),
                    allowed.contains(&(*from, *to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        assert!(!Frozen.is_editable() && !Approved.is_editable());
        assert!(MinutesStatus::record_is_open(None));
        assert!(!MinutesStatus::record_is_open(Some(Approved)));
    }

    #[test]
    fn every_word_is_what_serde_and_the_api_document_call_it() {
        fn check<T: serde::Serialize + Copy>(all: &[T], text: fn(T) -> &'static str) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), text(*v));
            }
        }
        check(MeetingStatus::ALL, MeetingStatus::as_str);
        check(Sector::ALL, Sector::as_str);
        check(Sex::ALL, Sex::as_str);
        check(MinutesStatus::ALL, MinutesStatus::as_str);
    }

    #[test]
    fn vocabularies_refuse_unknown_words_listing_the_known_ones() {
        let e = "women".parse::<Sex>().unwrap_err();
        assert_eq!(e.field, "sex");
        assert!(e.message().contains("female, male, other, not_stated"));
        assert_eq!(
            "civil_society".parse::<Sector>().unwrap(),
            Sector::CivilSociety
        );
    }
}
