//! Recurring sessions: an RFC 5545 RRULE counted from a local date and time in a named zone.
//! The rule is expanded on a wall clock that never changes (the `rrule` crate's expansion, in
//! UTC), and only then is each session placed in the zone (`local_time`): 09:00 stays 09:00
//! across daylight-saving changes, a session the clock skips over starts when the clock jumps
//! to (that session only), and no session is lost on a night the clock skips midnight.

pub mod plain;
mod rule;

use super::Invalid;
use super::local_time::{actual, to_utc};
use super::refusal;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use rrule::RRuleSet;

/// Dates listed as exceptions, at most.
pub const EXDATES_MAX: usize = 366;

/// A validated recurrence. The rule text is kept as entered (upper-cased, without `RRULE:`),
/// because the `rrule` crate does not write every rule back out faithfully.
#[derive(Debug, Clone)]
pub struct Recurrence {
    text: String,
    zone: Tz,
    until: Option<DateTime<Utc>>,
    exdates: Vec<NaiveDate>,
    /// The rule without UNTIL, from `first_date` at `start_time` on the unchanging clock.
    expansion: RRuleSet,
}

/// One session of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The date the rule gives; it names the session.
    pub date: NaiveDate,
    /// When the session starts on the zone's clock: the series' start time on `date`, unless
    /// the clock skips that time.
    pub starts_local: NaiveDateTime,
}

impl Recurrence {
    /// `first` is the date the rule counts from: the first session is the first date on or after
    /// it that the rule gives (RFC 5545 leaves a DTSTART the rule does not give undefined).
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
        if exdates.len() > EXDATES_MAX {
            return Err(Invalid::new(
                "exdates",
                refusal::rrule_exdates_too_many(EXDATES_MAX),
            ));
        }
        exdates.sort_unstable();
        exdates.dedup();
        let rule = rule::read(text)?;
        let wall_start = rrule::Tz::UTC.from_utc_datetime(&first.and_time(start));
        let expansion = rule
            .expansion
            .validate(wall_start)
            .map_err(|_| Invalid::new("rrule", refusal::rrule_not_followable(&rule.text)))?;
        let recurrence = Self {
            text: rule.text,
            zone,
            until: rule.until,
            exdates,
            expansion: RRuleSet::new(wall_start).rrule(expansion).limit(),
        };
        recurrence.check_gives_a_session(first)?;
        Ok(recurrence)
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn exdates(&self) -> &[NaiveDate] {
        &self.exdates
    }

    /// The first session that is not an exception date.
    pub fn first_session(&self) -> Option<Occurrence> {
        // Past the exception dates, there is one.
        self.walk()
            .take(EXDATES_MAX + 1)
            .find(|o| !self.is_exception(o.date))
    }

    /// The sessions whose date lies in `from..=to`, in order.
    pub fn occurrences(&self, from: NaiveDate, to: NaiveDate) -> Vec<Occurrence> {
        self.walk()
            .skip_while(|o| o.date < from)
            .take_while(|o| o.date <= to)
            .filter(|o| !self.is_exception(o.date))
            .collect()
    }

    /// The first `count` sessions on or after `from`, without reading ahead further.
    pub fn upcoming(&self, from: NaiveDate, count: usize) -> Vec<Occurrence> {
        self.walk()
            .skip_while(|o| o.date < from)
            .filter(|o| !self.is_exception(o.date))
            .take(count)
            .collect()
    }

    /// Every session the rule gives up to UNTIL, exception dates included.
    fn walk(&self) -> impl Iterator<Item = Occurrence> + '_ {
        (&self.expansion)
            .into_iter()
            .map(|wall| {
                let wall = wall.naive_utc();
                Occurrence {
                    date: wall.date(),
                    starts_local: actual(wall, self.zone),
                }
            })
            .take_while(|o| {
                self.until
                    .is_none_or(|until| to_utc(o.starts_local, self.zone) <= until)
            })
    }

    fn is_exception(&self, date: NaiveDate) -> bool {
        self.exdates.binary_search(&date).is_ok()
    }

    fn check_gives_a_session(&self, first: NaiveDate) -> Result<(), Invalid> {
        if self.first_session().is_some() {
            return Ok(());
        }
        let Some(given) = (&self.expansion).into_iter().next() else {
            return Err(Invalid::new("rrule", refusal::rrule_no_session(first)));
        };
        match self.until {
            Some(until) if to_utc(given.naive_utc(), self.zone) > until => Err(Invalid::new(
                "rrule",
                refusal::rrule_until_before_first(
                    given.date_naive(),
                    until.format("%Y%m%dT%H%M%SZ"),
                ),
            )),
            _ => Err(Invalid::new("exdates", refusal::rrule_all_excepted())),
        }
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
            refusal::date_outside_years(date, YEARS.start(), YEARS.end()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(hh_mm: &str) -> NaiveTime {
        NaiveTime::parse_from_str(hh_mm, "%H:%M").unwrap()
    }

    fn series(rule: &str, first: &str, start: &str, zone: Tz) -> Recurrence {
        Recurrence::parse(rule, date(first), at(start), zone, vec![]).unwrap()
    }

    fn monthly(rule: &str, zone: Tz) -> Recurrence {
        series(rule, "2026-12-01", "09:00", zone)
    }

    fn refusal(rule: &str) -> String {
        Recurrence::parse(
            rule,
            date("2026-12-01"),
            at("09:00"),
            Tz::Asia__Manila,
            vec![],
        )
        .unwrap_err()
        .message()
    }

    /// Each session as "local start = UTC instant".
    fn sessions(r: &Recurrence, from: &str, to: &str) -> Vec<String> {
        r.occurrences(date(from), date(to))
            .iter()
            .map(|o| {
                let utc = to_utc(o.starts_local, r.zone);
                format!(
                    "{} = {}",
                    o.starts_local.format("%Y-%m-%d %H:%M"),
                    utc.format("%H:%M")
                )
            })
            .collect()
    }

    #[test]
    fn second_tuesday_in_manila_is_one_oclock_utc() {
        let r = monthly("RRULE:FREQ=MONTHLY;BYDAY=2TU", Tz::Asia__Manila);
        assert_eq!(
            sessions(&r, "2026-12-01", "2027-02-28"),
            [
                "2026-12-08 09:00 = 01:00",
                "2027-01-12 09:00 = 01:00",
                "2027-02-09 09:00 = 01:00"
            ]
        );
        assert_eq!(r.text(), "FREQ=MONTHLY;BYDAY=2TU");
    }

    #[test]
    fn nine_local_stays_nine_local_across_daylight_saving_time() {
        let r = monthly("FREQ=MONTHLY;BYDAY=1MO", Tz::Europe__Madrid);
        assert_eq!(
            sessions(&r, "2027-03-01", "2027-04-30"),
            ["2027-03-01 09:00 = 08:00", "2027-04-05 09:00 = 07:00"]
        );
    }

    #[test]
    fn a_series_that_starts_in_a_skipped_hour_moves_that_session_only() {
        let r = series(
            "FREQ=WEEKLY;COUNT=3",
            "2027-03-14",
            "02:30",
            Tz::America__New_York,
        );
        assert_eq!(
            sessions(&r, "2027-03-01", "2027-12-31"),
            [
                "2027-03-14 03:30 = 07:30",
                "2027-03-21 02:30 = 06:30",
                "2027-03-28 02:30 = 06:30"
            ]
        );
        // Lord Howe's clock skips half an hour.
        let r = series(
            "FREQ=WEEKLY;COUNT=2",
            "2026-10-04",
            "02:15",
            Tz::Australia__Lord_Howe,
        );
        assert_eq!(
            sessions(&r, "2026-10-01", "2026-12-31"),
            ["2026-10-04 02:45 = 15:45", "2026-10-11 02:15 = 15:15"]
        );
        let first = r.first_session().unwrap();
        assert_eq!(
            (first.date, first.starts_local.time()),
            (date("2026-10-04"), at("02:45"))
        );
    }

    #[test]
    fn no_session_is_lost_on_a_night_the_clock_skips_midnight() {
        // Santiago skips from 00:00 to 01:00 on 6 September 2026.
        let r = series(
            "FREQ=WEEKLY;COUNT=3",
            "2026-08-30",
            "00:00",
            Tz::America__Santiago,
        );
        assert_eq!(
            sessions(&r, "2026-08-01", "2026-12-31"),
            [
                "2026-08-30 00:00 = 04:00",
                "2026-09-06 01:00 = 04:00",
                "2026-09-13 00:00 = 03:00"
            ]
        );
        let r = series(
            "FREQ=DAILY;COUNT=3",
            "2018-11-03",
            "00:30",
            Tz::America__Sao_Paulo,
        );
        assert_eq!(
            sessions(&r, "2018-11-01", "2018-11-30"),
            [
                "2018-11-03 00:30 = 03:30",
                "2018-11-04 01:30 = 03:30",
                "2018-11-05 00:30 = 02:30"
            ]
        );
    }

    #[test]
    fn a_time_the_clock_repeats_is_its_first_instant() {
        let r = series(
            "FREQ=WEEKLY;COUNT=2",
            "2026-11-01",
            "01:30",
            Tz::America__New_York,
        );
        assert_eq!(
            sessions(&r, "2026-11-01", "2026-11-30"),
            ["2026-11-01 01:30 = 05:30", "2026-11-08 01:30 = 06:30"]
        );
    }

    #[test]
    fn until_is_an_instant_and_the_last_session_may_fall_on_it() {
        let ny = Tz::America__New_York;
        let r = series(
            "FREQ=WEEKLY;UNTIL=20270314T073000Z",
            "2027-03-07",
            "02:30",
            ny,
        );
        assert_eq!(sessions(&r, "2027-03-01", "2027-12-31").len(), 2);
        let r = series(
            "FREQ=WEEKLY;UNTIL=20270314T072959Z",
            "2027-03-07",
            "02:30",
            ny,
        );
        assert_eq!(sessions(&r, "2027-03-01", "2027-12-31").len(), 1);
    }

    #[test]
    fn the_first_session_is_the_first_date_from_first_date_that_the_rule_gives() {
        let r = monthly("FREQ=MONTHLY;BYDAY=2TU", Tz::Asia__Manila);
        let first = r.first_session().unwrap();
        assert_eq!(first.starts_local.to_string(), "2026-12-08 09:00:00");
        assert_eq!(
            sessions(&r, "2026-12-01", "2026-12-07"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn exception_dates_are_left_out() {
        let r = Recurrence::parse(
            "FREQ=MONTHLY;BYDAY=-1FR",
            date("2026-12-01"),
            at("09:00"),
            Tz::Asia__Manila,
            vec![date("2027-01-29")],
        )
        .unwrap();
        let got = r.occurrences(date("2026-12-01"), date("2027-02-28"));
        let days: Vec<String> = got.iter().map(|o| o.date.to_string()).collect();
        assert_eq!(days, ["2026-12-25", "2027-02-26"]);
        let all_out = Recurrence::parse(
            "FREQ=MONTHLY;COUNT=1",
            date("2026-12-01"),
            at("09:00"),
            Tz::Asia__Manila,
            vec![date("2026-12-01")],
        );
        assert_eq!(all_out.unwrap_err().field, "exdates");
    }

    #[test]
    fn the_next_sessions_are_counted_from_a_date_past_the_exceptions() {
        let r = Recurrence::parse(
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
            date("2030-01-01"),
            at("09:00"),
            Tz::Asia__Manila,
            vec![date("2030-01-17")],
        )
        .unwrap();
        let days: Vec<String> = r
            .upcoming(date("2030-01-05"), 3)
            .iter()
            .map(|o| o.date.to_string())
            .collect();
        assert_eq!(days, ["2030-01-14", "2030-01-28", "2030-01-31"]);
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
        assert!(refusal("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30").contains("no session"));
        let before = refusal("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20261208T000000Z");
        assert!(
            before.contains("UNTIL=20261208T000000Z") && before.contains("2026-12-08"),
            "{before}"
        );
        let far = Recurrence::parse(
            "FREQ=DAILY",
            date("9999-01-01"),
            at("09:00"),
            Tz::UTC,
            vec![],
        );
        assert_eq!(far.unwrap_err().field, "first_date");
    }
}
