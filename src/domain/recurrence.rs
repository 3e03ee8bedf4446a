//! Recurring sessions: an RFC 5545 RRULE anchored at a local date and time in a named zone.
//! Expansion is the `rrule` crate's; this module decides which rules a board may use and turns
//! local wall-clock times into instants, so that "09:00 Manila" stays 09:00 across DST.

use super::Invalid;
use chrono::{
    DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;
use rrule::{RRule, RRuleError, RRuleSet, Unvalidated};

const RULE_MAX: usize = 500;
/// Dates listed as exceptions, at most.
pub const EXDATES_MAX: usize = 366;

/// A validated recurrence. The rule text is kept as entered (upper-cased, without `RRULE:`),
/// because the `rrule` crate does not write every rule back out faithfully.
#[derive(Debug, Clone)]
pub struct Recurrence {
    text: String,
    first: NaiveDate,
    start: NaiveTime,
    zone: Tz,
    exdates: Vec<NaiveDate>,
    rule: RRule,
}

impl Recurrence {
    pub fn parse(
        text: &str,
        first: NaiveDate,
        start: NaiveTime,
        zone: Tz,
        mut exdates: Vec<NaiveDate>,
    ) -> Result<Self, Invalid> {
        check_date("first_date", first)?;
        for d in &exdates {
            check_date("exdates", *d)?;
        }
        let text = normalise(text)?;
        check_parts(&text)?;
        let unvalidated: RRule<Unvalidated> = text.parse().map_err(rule_error)?;
        let rule = unvalidated
            .validate(local_instant(first.and_time(start), zone))
            .map_err(rule_error)?;
        if exdates.len() > EXDATES_MAX {
            return Err(Invalid::new(
                "exdates",
                format!("at most {EXDATES_MAX} exception dates"),
            ));
        }
        exdates.sort_unstable();
        exdates.dedup();
        let recurrence = Self {
            text,
            first,
            start,
            zone,
            exdates,
            rule,
        };
        if recurrence.set().all(1).dates.is_empty() {
            return Err(Invalid::new(
                "rrule",
                "the rule, from first_date on, never produces a session",
            ));
        }
        Ok(recurrence)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn exdates(&self) -> &[NaiveDate] {
        &self.exdates
    }

    /// The local start of every occurrence whose date lies in `from..=to`, in order.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDateTime> {
        if to < from {
            return Vec::new();
        }
        let after = local_instant(from.and_time(NaiveTime::MIN), self.zone);
        let before = local_instant(
            to.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN)),
            self.zone,
        );
        self.set()
            .after(after)
            .before(before)
            .all(u16::MAX)
            .dates
            .into_iter()
            .map(|d| d.naive_local())
            .filter(|d| !self.exdates.contains(&d.date()))
            .collect()
    }

    fn set(&self) -> RRuleSet {
        RRuleSet::new(local_instant(self.first.and_time(self.start), self.zone))
            .rrule(self.rule.clone())
    }
}

/// The years sessions may be planned in: wide enough for any real board, narrow enough that date
/// arithmetic never nears the calendar's ends.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;

pub fn check_date(field: &'static str, date: NaiveDate) -> Result<(), Invalid> {
    use chrono::Datelike;
    if YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(Invalid::new(
            field,
            format!(
                "{date} is outside the years {} to {}",
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// The instant a local wall-clock time names in `zone`. In the hour a DST change repeats, the
/// earlier instant; in the hour it skips, the time an hour later (as RFC 5545 prescribes).
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    local_instant(local, zone).with_timezone(&Utc)
}

fn local_instant(local: NaiveDateTime, zone: Tz) -> DateTime<rrule::Tz> {
    let zone = rrule::Tz::Tz(zone);
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
        LocalResult::None => match zone.from_local_datetime(&(local + TimeDelta::hours(1))) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t,
            LocalResult::None => zone.from_utc_datetime(&local),
        },
    }
}

fn normalise(raw: &str) -> Result<String, Invalid> {
    let text = match raw.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &raw[6..],
        _ => raw,
    };
    if text.is_empty() {
        return Err(Invalid::new(
            "rrule",
            "must not be empty; for example FREQ=MONTHLY;BYDAY=2TU",
        ));
    }
    if raw.chars().count() > RULE_MAX {
        return Err(Invalid::new(
            "rrule",
            format!("must be at most {RULE_MAX} characters"),
        ));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | ';' | ',' | '+' | '-'))
    {
        return Err(Invalid::new(
            "rrule",
            "must be one RRULE value: letters, digits, '=', ';', ',', '+' and '-' without spaces",
        ));
    }
    Ok(text.to_ascii_uppercase())
}

/// Rules the `rrule` crate accepts but a board's sessions cannot follow, refused with the part
/// that is wrong.
fn check_parts(text: &str) -> Result<(), Invalid> {
    let mut freq = None;
    for part in text.split(';') {
        let (key, value) = part.split_once('=').ok_or_else(|| {
            Invalid::new("rrule", format!("'{part}' is not of the form NAME=VALUE"))
        })?;
        match key {
            "FREQ" => freq = Some(value),
            "BYHOUR" | "BYMINUTE" | "BYSECOND" => {
                return Err(Invalid::new(
                    "rrule",
                    format!("{part}: the time of day is start_time, not part of the rule"),
                ));
            }
            "DTSTART" => {
                return Err(Invalid::new(
                    "rrule",
                    "DTSTART: the first session is first_date and start_time, not part of the rule",
                ));
            }
            _ => {}
        }
    }
    let max_ordinal = match freq {
        Some("DAILY" | "WEEKLY") => 0,
        Some("MONTHLY") => 5,
        Some("YEARLY") => 53,
        Some(other) => {
            return Err(Invalid::new(
                "rrule",
                format!("FREQ={other}: sessions repeat DAILY, WEEKLY, MONTHLY or YEARLY"),
            ));
        }
        None => {
            return Err(Invalid::new(
                "rrule",
                "FREQ is missing; for example FREQ=MONTHLY;BYDAY=2TU",
            ));
        }
    };
    for part in text.split(';') {
        let Some(days) = part.strip_prefix("BYDAY=") else {
            continue;
        };
        for day in days.split(',') {
            let digits = day.trim_end_matches(char::is_alphabetic);
            if digits.is_empty() || digits == "+" || digits == "-" {
                continue;
            }
            let n: i32 = digits.parse().unwrap_or(i32::MAX);
            if n == 0 || n.abs() > max_ordinal || max_ordinal == 0 {
                let why = match max_ordinal {
                    0 => "a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY".to_owned(),
                    5 => {
                        "a month has at most five of each weekday (1 to 5, or -1 to -5)".to_owned()
                    }
                    _ => "a year has at most 53 of each weekday".to_owned(),
                };
                return Err(Invalid::new("rrule", format!("BYDAY={day}: {why}")));
            }
        }
    }
    Ok(())
}

fn rule_error(e: RRuleError) -> Invalid {
    let message = match e {
        RRuleError::ParserError(e) => e.to_string(),
        RRuleError::ValidationError(e) => e.to_string(),
        RRuleError::IterError(e) => e,
    };
    Invalid::new("rrule", message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn nine() -> NaiveTime {
        NaiveTime::from_hms_opt(9, 0, 0).unwrap()
    }

    fn monthly(rule: &str, zone: Tz) -> Recurrence {
        Recurrence::parse(rule, date("2026-12-01"), nine(), zone, vec![]).unwrap()
    }

    fn refusal(rule: &str) -> String {
        Recurrence::parse(rule, date("2026-12-01"), nine(), Tz::Asia__Manila, vec![])
            .unwrap_err()
            .message
    }

    #[test]
    fn second_tuesday_in_manila_is_one_oclock_utc() {
        let r = monthly("RRULE:FREQ=MONTHLY;BYDAY=2TU", Tz::Asia__Manila);
        let got = r.occurrences(date("2026-12-01"), date("2027-02-28"));
        let dates: Vec<String> = got.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            dates,
            [
                "2026-12-08 09:00:00",
                "2027-01-12 09:00:00",
                "2027-02-09 09:00:00"
            ]
        );
        assert_eq!(
            to_utc(got[0], Tz::Asia__Manila).to_rfc3339(),
            "2026-12-08T01:00:00+00:00"
        );
        assert_eq!(r.text(), "FREQ=MONTHLY;BYDAY=2TU");
    }

    #[test]
    fn nine_local_stays_nine_local_across_daylight_saving_time() {
        let r = monthly("FREQ=MONTHLY;BYDAY=1MO", Tz::Europe__Madrid);
        let got = r.occurrences(date("2027-03-01"), date("2027-04-30"));
        assert!(got.iter().all(|d| d.time() == nine()), "{got:?}");
        let utc: Vec<String> = got
            .iter()
            .map(|d| {
                to_utc(*d, Tz::Europe__Madrid)
                    .format("%m-%d %H:%M")
                    .to_string()
            })
            .collect();
        assert_eq!(utc, ["03-01 08:00", "04-05 07:00"]);
    }

    #[test]
    fn exception_dates_are_left_out() {
        let r = Recurrence::parse(
            "FREQ=MONTHLY;BYDAY=-1FR",
            date("2026-12-01"),
            nine(),
            Tz::Asia__Manila,
            vec![date("2027-01-29")],
        )
        .unwrap();
        let got = r.occurrences(date("2026-12-01"), date("2027-02-28"));
        let days: Vec<String> = got.iter().map(|d| d.date().to_string()).collect();
        assert_eq!(days, ["2026-12-25", "2027-02-26"]);
    }

    #[test]
    fn count_and_until_end_the_series() {
        let r = monthly("FREQ=MONTHLY;BYDAY=2TU;COUNT=2", Tz::Asia__Manila);
        assert_eq!(
            r.occurrences(date("2026-01-01"), date("2030-01-01")).len(),
            2
        );
        let r = monthly(
            "FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270301T000000Z",
            Tz::Asia__Manila,
        );
        assert_eq!(
            r.occurrences(date("2026-01-01"), date("2030-01-01")).len(),
            3
        );
    }

    #[test]
    fn a_bad_rule_is_refused_naming_the_bad_part() {
        assert!(refusal("FREQ=MONTHLY;BYDAY=8TU").contains("BYDAY=8TU"));
        assert!(refusal("FREQ=MONTHLY;BYDAY=2XX").contains("2XX"));
        assert!(refusal("FREQ=HOURLY").contains("FREQ=HOURLY"));
        assert!(refusal("FREQ=FORTNIGHTLY").contains("FREQ=FORTNIGHTLY"));
        assert!(refusal("BYDAY=TU").contains("FREQ is missing"));
        assert!(refusal("FREQ=MONTHLY;BYHOUR=9").contains("BYHOUR=9"));
        assert!(refusal("FREQ=WEEKLY;BYDAY=2TU").contains("BYDAY=2TU"));
        assert!(refusal("FREQ=MONTHLY;BYMONTHDAY=40").contains("40"));
        assert!(refusal("FREQ=MONTHLY;COUNT=abc").contains("ABC"));
        assert!(refusal("FREQ=MONTHLY;BYDAY").contains("BYDAY"));
        assert!(refusal("").contains("empty"));
        assert!(refusal("FREQ=MONTHLY\nBYDAY=TU").contains("one RRULE value"));
        // As the API's pattern says: no blanks around it, no other characters, 500 at most.
        assert!(refusal(" FREQ=MONTHLY").contains("one RRULE value"));
        assert!(refusal("FREQ=MONTHLY.").contains("one RRULE value"));
        let long = format!("RRULE:FREQ=DAILY;COUNT={}1", "0".repeat(479));
        assert!(long.len() > 500 && long.len() - "RRULE:".len() <= 500);
        assert!(refusal(&long).contains("at most 500"));
        assert_eq!(
            monthly("rrule:freq=monthly;byday=2tu", Tz::UTC).text,
            "FREQ=MONTHLY;BYDAY=2TU"
        );
        assert!(refusal("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").contains("never"));
        let far = Recurrence::parse("FREQ=DAILY", date("9999-01-01"), nine(), Tz::UTC, vec![]);
        assert_eq!(far.unwrap_err().field, "first_date");
    }
}
