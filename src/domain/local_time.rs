//! Wall-clock times in a named zone and the instants they name, by RFC 5545's rule (§3.3.5) for
//! the hours a daylight-saving change skips or repeats. A repeated time names its first instant
//! (01:30 on New York's fall-back night is 01:30 EDT). A skipped time is read with the offset in
//! force before the gap, so the session starts as much later as the clock jumped: 02:30 on New
//! York's spring-forward night is 03:30 EDT, 02:15 on Lord Howe's (a 30-minute gap) is 02:45,
//! 00:00 on Santiago's is 01:00.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The instant `local` names in `zone`.
pub fn to_utc(local: NaiveDateTime, zone: Tz) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => t.with_timezone(&Utc),
        LocalResult::None => (local - offset_before_gap(local, zone)).and_utc(),
    }
}

/// The wall-clock time a session set for `local` actually starts at: `local` itself, unless the
/// clock skips it.
pub fn actual(local: NaiveDateTime, zone: Tz) -> NaiveDateTime {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(_) | LocalResult::Ambiguous(..) => local,
        LocalResult::None => zone
            .from_utc_datetime(&to_utc(local, zone).naive_utc())
            .naive_local(),
    }
}

/// The offset the clock showed just before the gap `local` falls in: that of the latest wall
/// time before it that exists. Gaps start on a whole minute and last at most a day (Samoa
/// skipped 30 December 2011).
fn offset_before_gap(local: NaiveDateTime, zone: Tz) -> TimeDelta {
    let minute = TimeDelta::minutes(1);
    let mut earlier = local - minute;
    for _ in 0..2 * 24 * 60 {
        match zone.from_local_datetime(&earlier) {
            LocalResult::Single(t) | LocalResult::Ambiguous(_, t) => {
                return seconds(t.offset().fix());
            }
            LocalResult::None => earlier -= minute,
        }
    }
    // No zone has a gap this long; read the time as UTC rather than fail.
    TimeDelta::zero()
}

fn seconds(offset: FixedOffset) -> TimeDelta {
    TimeDelta::seconds(i64::from(offset.local_minus_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    fn utc(local: &str, zone: Tz) -> String {
        to_utc(at(local), zone).format("%Y-%m-%d %H:%M").to_string()
    }

    fn shown(local: &str, zone: Tz) -> String {
        actual(at(local), zone).format("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn a_skipped_time_is_read_with_the_offset_before_the_gap() {
        let ny = Tz::America__New_York;
        assert_eq!(utc("2027-03-14 02:30", ny), "2027-03-14 07:30");
        assert_eq!(shown("2027-03-14 02:30", ny), "2027-03-14 03:30");
        let lord_howe = Tz::Australia__Lord_Howe;
        assert_eq!(shown("2026-10-04 02:15", lord_howe), "2026-10-04 02:45");
        assert_eq!(shown("2026-10-04 02:00", lord_howe), "2026-10-04 02:30");
        assert_eq!(utc("2026-10-04 02:15", lord_howe), "2026-10-03 15:45");
        let santiago = Tz::America__Santiago;
        assert_eq!(shown("2026-09-06 00:00", santiago), "2026-09-06 01:00");
        assert_eq!(utc("2026-09-06 00:00", santiago), "2026-09-06 04:00");
        let sao_paulo = Tz::America__Sao_Paulo;
        assert_eq!(shown("2018-11-04 00:30", sao_paulo), "2018-11-04 01:30");
        // A whole day skipped: 09:00 on 30 December 2011 in Samoa came a day later.
        assert_eq!(
            shown("2011-12-30 09:00", Tz::Pacific__Apia),
            "2011-12-31 09:00"
        );
    }

    #[test]
    fn a_repeated_time_names_its_first_instant() {
        let ny = Tz::America__New_York;
        assert_eq!(utc("2026-11-01 01:30", ny), "2026-11-01 05:30");
        assert_eq!(shown("2026-11-01 01:30", ny), "2026-11-01 01:30");
        let lord_howe = Tz::Australia__Lord_Howe;
        assert_eq!(utc("2027-04-04 01:45", lord_howe), "2027-04-03 14:45");
        let santiago = Tz::America__Santiago;
        assert_eq!(utc("2027-04-03 23:30", santiago), "2027-04-04 02:30");
    }

    #[test]
    fn other_times_are_as_the_zone_reads_them() {
        assert_eq!(
            utc("2026-12-08 09:00", Tz::Asia__Manila),
            "2026-12-08 01:00"
        );
        assert_eq!(
            shown("2027-03-14 03:30", Tz::America__New_York),
            "2027-03-14 03:30"
        );
    }
}
