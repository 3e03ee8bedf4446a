//! Deadlines in business days, in the board's own time zone: Saturdays, Sundays and the listed
//! holidays do not count. Something received on a given local day has until the end of the
//! `n`-th business day after it (the day of receipt never counts, whatever the hour).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

pub fn is_business_day(day: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&day)
}

/// The last day of a deadline of `n` business days for something received at `received`.
pub fn due_date(received: DateTime<Utc>, zone: Tz, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut day = received.with_timezone(&zone).date_naive();
    let mut left = n;
    while left > 0 {
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
        if is_business_day(day, holidays) {
            left -= 1;
        }
    }
    day
}

/// Whether the deadline has passed on `now`, in the board's zone.
pub fn is_breached(due: NaiveDate, now: DateTime<Utc>, zone: Tz) -> bool {
    now.with_timezone(&zone).date_naive() > due
}

/// The instant from which [`is_breached`] holds: the start of the day after `due` in the zone,
/// or, where the clock skips that midnight, the first minute of the day that exists.
pub fn breached_at(due: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let next = due.succ_opt().unwrap_or(due).and_time(NaiveTime::MIN);
    (0..24 * 60)
        .find_map(|m| {
            zone.from_local_datetime(&(next + TimeDelta::minutes(m)))
                .earliest()
        })
        .map_or_else(|| next.and_utc(), |t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const MANILA: Tz = Tz::Asia__Manila;

    #[test]
    fn a_deadline_is_breached_from_the_first_instant_of_the_next_local_day() {
        let second = TimeDelta::seconds(1);
        for (due, zone, expected) in [
            ("2026-11-20", MANILA, "2026-11-20T16:00:00Z"),
            // Santiago skipped from 00:00 to 01:00 on 11 September 2022.
            ("2022-09-10", Tz::America__Santiago, "2022-09-11T04:00:00Z"),
        ] {
            let from = breached_at(day(due), zone);
            assert_eq!(from, at(expected));
            assert!(is_breached(day(due), from, zone));
            assert!(!is_breached(day(due), from - second, zone));
        }
    }

    #[test]
    fn two_business_days_from_a_wednesday_is_friday() {
        assert_eq!(
            due_date(at("2026-11-18T02:00:00Z"), MANILA, 2, &[]),
            day("2026-11-20")
        );
    }

    #[test]
    fn weekends_do_not_count() {
        // Thursday → Friday, (weekend), Monday.
        assert_eq!(
            due_date(at("2026-11-19T02:00:00Z"), MANILA, 2, &[]),
            day("2026-11-23")
        );
        // Filed on a Saturday: Monday and Tuesday.
        assert_eq!(
            due_date(at("2026-11-21T02:00:00Z"), MANILA, 2, &[]),
            day("2026-11-24")
        );
        assert_eq!(
            due_date(at("2026-11-18T02:00:00Z"), MANILA, 10, &[]),
            day("2026-12-02")
        );
    }

    #[test]
    fn holidays_do_not_count() {
        let holidays = [
            day("2026-12-24"),
            day("2026-12-25"),
            day("2026-12-30"),
            day("2026-12-31"),
        ];
        // Wednesday 23 December → (24, 25 holidays, weekend) Monday 28, Tuesday 29.
        assert_eq!(
            due_date(at("2026-12-23T02:00:00Z"), MANILA, 2, &holidays),
            day("2026-12-29")
        );
        assert_eq!(
            due_date(at("2026-12-28T02:00:00Z"), MANILA, 2, &holidays),
            day("2027-01-01")
        );
    }

    #[test]
    fn a_filing_at_half_past_eleven_at_night_counts_from_that_local_day() {
        // 23:30 Monday in Manila is 15:30 UTC the same Monday.
        assert_eq!(
            due_date(at("2026-11-16T15:30:00Z"), MANILA, 2, &[]),
            day("2026-11-18")
        );
        // 00:30 Tuesday in Manila is still Monday in UTC: Tuesday is the day of receipt.
        assert_eq!(
            due_date(at("2026-11-16T16:30:00Z"), MANILA, 2, &[]),
            day("2026-11-19")
        );
    }

    #[test]
    fn a_board_in_another_zone_counts_its_own_days() {
        // Friday 20 November 23:00 in New York is Saturday 04:00 UTC and Saturday noon in Manila.
        let filed = at("2026-11-21T04:00:00Z");
        assert_eq!(
            due_date(filed, Tz::America__New_York, 2, &[]),
            day("2026-11-24")
        );
        assert_eq!(due_date(filed, MANILA, 2, &[]), day("2026-11-24"));
        // Thursday 22:00 in New York is Friday 03:00 UTC, Friday 11:00 in Manila.
        let filed = at("2026-11-20T03:00:00Z");
        assert_eq!(
            due_date(filed, Tz::America__New_York, 1, &[]),
            day("2026-11-20")
        );
        assert_eq!(due_date(filed, MANILA, 1, &[]), day("2026-11-23"));
    }

    #[test]
    fn a_deadline_is_breached_the_day_after_it_ends_locally() {
        let due = day("2026-11-20");
        assert!(!is_breached(due, at("2026-11-20T15:59:00Z"), MANILA));
        assert!(is_breached(due, at("2026-11-20T16:00:00Z"), MANILA));
    }
}
