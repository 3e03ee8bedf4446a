//! Reading an RRULE value. Every part RFC 5545 defines is checked here, against the RFC and
//! against what a board's sessions can follow, so that a refusal names the part, says why in
//! this service's words and what to write instead; the `rrule` crate only ever sees a rule it
//! accepts.

use crate::domain::Invalid;
use crate::domain::refusal::{self, Reason};
use chrono::{DateTime, Month, NaiveDateTime, Utc, Weekday};
use rrule::{Frequency, NWeekday, RRule, Unvalidated};

const RULE_MAX: usize = 500;
pub(super) const INTERVAL_MAX: u16 = 1000;
const COUNT_MAX: u32 = 10_000;
const PARTS: &str = "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, \
    BYSETPOS, WKST";

/// A rule that passed every check: its text as entered (upper-cased, without `RRULE:`), its end
/// in time if it has one, and the rest for the `rrule` crate to expand.
pub(super) struct Rule {
    pub text: String,
    pub until: Option<DateTime<Utc>>,
    pub expansion: RRule<Unvalidated>,
}

pub(super) fn read(raw: &str) -> Result<Rule, Invalid> {
    let text = normalise(raw)?;
    let mut parts: Vec<(&str, &str)> = Vec::new();
    for part in text.split(';') {
        let (name, value) = part.split_once('=').ok_or_else(|| {
            if part.is_empty() {
                refuse(refusal::rrule_empty_part())
            } else {
                refuse(refusal::rrule_not_name_value(part))
            }
        })?;
        check_name(name, part)?;
        if parts.iter().any(|(seen, _)| *seen == name) {
            return Err(refuse(refusal::rrule_part_twice(name)));
        }
        if value.is_empty() {
            return Err(refuse(refusal::rrule_part_no_value(name)));
        }
        parts.push((name, value));
    }
    let get = |name: &str| parts.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let freq = frequency(get("FREQ"))?;
    let mut rule = RRule::new(freq);
    let mut until = None;
    if let (Some(_), Some(_)) = (get("COUNT"), get("UNTIL")) {
        return Err(refuse(refusal::rrule_count_and_until()));
    }
    for &(name, value) in &parts {
        let part = format!("{name}={value}");
        rule = match name {
            "INTERVAL" => rule.interval(interval(&part, value)?),
            "COUNT" => rule.count(count(&part, value)?),
            "UNTIL" => {
                until = Some(until_time(&part, value)?);
                rule
            }
            "BYDAY" => rule.by_weekday(weekdays(freq, value, get("BYWEEKNO").is_some())?),
            "BYMONTHDAY" => {
                if freq == Frequency::Weekly {
                    return Err(refuse(refusal::rrule_monthday_weekly(part)));
                }
                rule.by_month_day(numbers(name, value, 31, |max, part| {
                    refusal::rrule_monthday_range(max, part)
                })?)
            }
            "BYYEARDAY" => {
                only_yearly(freq, &part)?;
                rule.by_year_day(numbers(name, value, 366, |max, part| {
                    refusal::rrule_yearday_range(max, part)
                })?)
            }
            "BYWEEKNO" => {
                only_yearly(freq, &part)?;
                rule.by_week_no(numbers(name, value, 53, |max, part| {
                    refusal::rrule_weekno_range(max, part)
                })?)
            }
            "BYMONTH" => rule.by_month(&months(value)?),
            "BYSETPOS" => rule.by_set_pos(set_positions(freq, &parts, value)?),
            "WKST" => {
                rule.week_start(weekday(value).ok_or_else(|| refuse(refusal::rrule_wkst(&part)))?)
            }
            _ => rule,
        };
    }
    Ok(Rule {
        text,
        until,
        expansion: rule,
    })
}

fn refuse(reason: Reason) -> Invalid {
    Invalid::new("rrule", reason)
}

fn normalise(raw: &str) -> Result<String, Invalid> {
    let text = match raw.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &raw[6..],
        _ => raw,
    };
    if text.is_empty() {
        return Err(refuse(refusal::rrule_empty()));
    }
    if raw.chars().count() > RULE_MAX {
        return Err(refuse(refusal::rrule_too_long(RULE_MAX)));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | ';' | ',' | '+' | '-'))
    {
        return Err(refuse(refusal::rrule_characters()));
    }
    Ok(text.to_ascii_uppercase())
}

fn check_name(name: &str, part: &str) -> Result<(), Invalid> {
    match name {
        "FREQ" | "INTERVAL" | "COUNT" | "UNTIL" | "BYDAY" | "BYMONTHDAY" | "BYYEARDAY"
        | "BYWEEKNO" | "BYMONTH" | "BYSETPOS" | "WKST" => Ok(()),
        "BYHOUR" | "BYMINUTE" | "BYSECOND" => Err(refuse(refusal::rrule_time_of_day(name, part))),
        "DTSTART" => Err(refuse(refusal::rrule_dtstart())),
        "EXDATE" => Err(refuse(refusal::rrule_exdate())),
        _ => Err(refuse(refusal::rrule_unknown_part(name, PARTS))),
    }
}

fn frequency(value: Option<&str>) -> Result<Frequency, Invalid> {
    match value {
        Some("DAILY") => Ok(Frequency::Daily),
        Some("WEEKLY") => Ok(Frequency::Weekly),
        Some("MONTHLY") => Ok(Frequency::Monthly),
        Some("YEARLY") => Ok(Frequency::Yearly),
        Some(other) => Err(refuse(refusal::rrule_freq_unknown(format!("FREQ={other}")))),
        None => Err(refuse(refusal::rrule_freq_missing())),
    }
}

fn interval(part: &str, value: &str) -> Result<u16, Invalid> {
    match whole(value) {
        Some(0) => Err(refuse(refusal::rrule_interval_zero(part))),
        Some(n) if n <= u64::from(INTERVAL_MAX) => Ok(u16::try_from(n).unwrap_or(INTERVAL_MAX)),
        _ => Err(refuse(refusal::rrule_interval_range(INTERVAL_MAX, part))),
    }
}

fn count(part: &str, value: &str) -> Result<u32, Invalid> {
    match whole(value) {
        Some(0) => Err(refuse(refusal::rrule_count_zero(part))),
        Some(n) if n <= u64::from(COUNT_MAX) => Ok(u32::try_from(n).unwrap_or(COUNT_MAX)),
        _ => Err(refuse(refusal::rrule_count_range(COUNT_MAX, part))),
    }
}

/// RFC 5545: with a start in a named zone, UNTIL is a UTC date and time.
fn until_time(part: &str, value: &str) -> Result<DateTime<Utc>, Invalid> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let shaped = value.len() == 16
        && digits(&value[..8])
        && &value[8..9] == "T"
        && digits(&value[9..15])
        && value.ends_with('Z');
    shaped
        .then(|| NaiveDateTime::parse_from_str(&value[..15], "%Y%m%dT%H%M%S").ok())
        .flatten()
        .map(|t| t.and_utc())
        .ok_or_else(|| refuse(refusal::rrule_until_form(part)))
}

fn only_yearly(freq: Frequency, part: &str) -> Result<(), Invalid> {
    if freq == Frequency::Yearly {
        Ok(())
    } else {
        Err(refuse(refusal::rrule_needs_yearly(part)))
    }
}

/// The items of a comma-separated list.
fn items<'a>(name: &str, value: &'a str) -> Result<Vec<&'a str>, Invalid> {
    let items: Vec<&str> = value.split(',').collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(refuse(refusal::rrule_empty_item(format!("{name}={value}"))));
    }
    Ok(items)
}

/// A comma-separated list of numbers from 1 to `max` or -1 to -`max`, in the crate's type;
/// `out_of_range(max, part)` says why an item is refused.
fn numbers<T: TryFrom<i64> + Default>(
    name: &str,
    value: &str,
    max: i64,
    out_of_range: impl Fn(i64, String) -> Reason,
) -> Result<Vec<T>, Invalid> {
    items(name, value)?
        .into_iter()
        .map(|item| match signed(item) {
            Some(n) if n != 0 && n.abs() <= max => Ok(narrow(n)),
            _ => Err(refuse(out_of_range(max, format!("{name}={item}")))),
        })
        .collect()
}

fn months(value: &str) -> Result<Vec<Month>, Invalid> {
    items("BYMONTH", value)?
        .into_iter()
        .map(|item| {
            whole(item)
                .and_then(|n| u8::try_from(n).ok())
                .and_then(|n| Month::try_from(n).ok())
                .ok_or_else(|| refuse(refusal::rrule_month_range(format!("BYMONTH={item}"))))
        })
        .collect()
}

/// BYDAY: weekdays, numbered within the month or year when FREQ is MONTHLY or YEARLY.
fn weekdays(freq: Frequency, value: &str, by_week_no: bool) -> Result<Vec<NWeekday>, Invalid> {
    // The `rrule` crate counts back from the end at most four weekdays in a month and 52 in a year.
    let (first_max, last_max) = match freq {
        Frequency::Monthly => (5, 4),
        Frequency::Yearly => (53, 52),
        _ => (0, 0),
    };
    items("BYDAY", value)?
        .into_iter()
        .map(|item| {
            let part = format!("BYDAY={item}");
            let code = item.len().checked_sub(2).map(|at| item.split_at(at));
            let Some((number, day)) = code.and_then(|(n, d)| Some((n, weekday(d)?))) else {
                return Err(refuse(refusal::rrule_byday_unknown(part)));
            };
            if number.is_empty() {
                return Ok(NWeekday::Every(day));
            }
            let n = signed(number).unwrap_or(i64::MAX);
            let why = if first_max == 0 {
                refusal::rrule_byday_number_freq(part)
            } else if by_week_no {
                refusal::rrule_byday_number_weekno(part)
            } else if n == 0 || n > first_max || n < -last_max {
                if freq == Frequency::Monthly {
                    refusal::rrule_byday_number_month(first_max, last_max, part)
                } else {
                    refusal::rrule_byday_number_year(first_max, last_max, part)
                }
            } else {
                return Ok(NWeekday::Nth(narrow(n), day));
            };
            Err(refuse(why))
        })
        .collect()
}

/// BYSETPOS picks among the days the other BY parts give in each period, of which a year has at
/// most 366, a month 31, a week 7 and a day one.
fn set_positions(
    freq: Frequency,
    parts: &[(&str, &str)],
    value: &str,
) -> Result<Vec<i32>, Invalid> {
    let picks_days = |name: &str| name.starts_with("BY") && name != "BYSETPOS";
    if !parts.iter().any(|(name, _)| picks_days(name)) {
        return Err(refuse(refusal::rrule_setpos_alone(format!(
            "BYSETPOS={value}"
        ))));
    }
    let (max, freq) = match freq {
        Frequency::Yearly => (366, "YEARLY"),
        Frequency::Monthly => (31, "MONTHLY"),
        Frequency::Weekly => (7, "WEEKLY"),
        _ => {
            return numbers("BYSETPOS", value, 1, |_, part| {
                refusal::rrule_setpos_daily(part)
            });
        }
    };
    numbers("BYSETPOS", value, max, |max, part| {
        refusal::rrule_setpos_range(freq, max, part)
    })
}

fn weekday(code: &str) -> Option<Weekday> {
    Some(match code {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

/// Digits only, as RFC 5545 writes counts and months.
fn whole(text: &str) -> Option<u64> {
    let digits = !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
    digits.then(|| text.parse().ok()).flatten()
}

/// Digits with an optional sign.
fn signed(text: &str) -> Option<i64> {
    match text.as_bytes().first() {
        Some(b'-') => whole(&text[1..])
            .and_then(|n| i64::try_from(n).ok())
            .map(|n| -n),
        Some(b'+') => whole(&text[1..]).and_then(|n| i64::try_from(n).ok()),
        _ => whole(text).and_then(|n| i64::try_from(n).ok()),
    }
}

/// A number already checked to lie within the range of the crate's type.
fn narrow<T: TryFrom<i64> + Default>(n: i64) -> T {
    T::try_from(n).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(rule: &str) -> String {
        match read(rule) {
            Ok(_) => panic!("{rule} was accepted"),
            Err(e) => e.message(),
        }
    }

    #[test]
    fn rules_rfc_5545_forbids_are_refused_naming_the_part() {
        for (rule, named) in [
            ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
            ("FREQ=MONTHLY;BYMONTHDAY=1,0", "BYMONTHDAY=0"),
            (
                "FREQ=MONTHLY;COUNT=3;UNTIL=20270601T000000Z",
                "COUNT and UNTIL",
            ),
            ("FREQ=MONTHLY;BYSETPOS=-1", "BYSETPOS=-1"),
            ("FREQ=WEEKLY;INTERVAL=0", "INTERVAL=0"),
            ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY=3 with FREQ=WEEKLY"),
            ("FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY=100"),
            ("FREQ=MONTHLY;BYWEEKNO=20", "BYWEEKNO=20"),
            ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO", "BYDAY=1MO"),
            ("FREQ=MONTHLY;FREQ=WEEKLY", "FREQ is given twice"),
            ("FREQ=MONTHLY;BYDAY=0MO", "BYDAY=0MO"),
            ("FREQ=MONTHLY;BYMONTH=13", "BYMONTH=13"),
            ("FREQ=MONTHLY;BYMONTH=0", "BYMONTH=0"),
            ("FREQ=YEARLY;BYYEARDAY=367", "BYYEARDAY=367"),
            ("FREQ=MONTHLY;COUNT=0", "COUNT=0"),
            ("FREQ=MONTHLY;WKST=XX", "WKST=XX"),
            ("FREQ=MONTHLY;BYDAY=MO,,TU", "BYDAY=MO,,TU"),
            ("FREQ=MONTHLY;BYEASTER=1", "BYEASTER"),
            ("FREQ=MONTHLY;BYWEEKDAY=MO", "BYWEEKDAY"),
            ("FREQ=MONTHLY;;BYDAY=MO", "empty part"),
            ("FREQ=MONTHLY;", "empty part"),
            ("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=32", "BYSETPOS=32"),
            ("FREQ=WEEKLY;BYDAY=MO;BYSETPOS=8", "BYSETPOS=8"),
        ] {
            let message = refusal(rule);
            assert!(message.contains(named), "{rule}: {message}");
        }
    }

    #[test]
    fn refusals_are_in_this_service_s_words_and_say_what_to_write() {
        let crate_words = [
            "should not be happening",
            "larger or smaller then",
            "timezone Local",
            "DTSTART",
            "`",
            "valid",
        ];
        for rule in [
            "FREQ=MONTHLY;UNTIL=20270601T000000",
            "FREQ=MONTHLY;UNTIL=20270601",
            "FREQ=MONTHLY;UNTIL=2027-06-01",
            "FREQ=MONTHLY;UNTIL=20271341T000000Z",
            "FREQ=MONTHLY;BYMONTHDAY=0",
            "FREQ=MONTHLY;INTERVAL=0",
            "FREQ=MONTHLY;INTERVAL=70000",
            "FREQ=MONTHLY;COUNT=99999999999999999999",
            "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO",
            "FREQ=MONTHLY;BYDAY=-5FR",
            "FREQ=YEARLY;BYDAY=54MO",
            "FREQ=SECONDLY",
            "FREQ=DAILY;BYSETPOS=2;BYDAY=MO",
            "FREQ=MONTHLY;X-NAME=1",
        ] {
            let message = refusal(rule);
            for words in crate_words {
                assert!(!message.contains(words), "{rule}: {message}");
            }
        }
        let until = refusal("FREQ=MONTHLY;UNTIL=20270601T000000");
        assert!(
            until.contains("UNTIL must be a UTC time such as 20270601T000000Z"),
            "{until}"
        );
        assert!(refusal("FREQ=MONTHLY;UNTIL=20270601").contains("UNTIL=20270601:"));
        assert!(refusal("FREQ=MONTHLY;BYDAY=-5FR").contains("-1 (the last) to -4"));
        assert!(refusal("FREQ=WEEKLY;BYSETPOS=1").contains("BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"));
    }

    #[test]
    fn what_the_rfc_allows_is_read() {
        for rule in [
            "FREQ=MONTHLY;BYMONTHDAY=-1,+15",
            "FREQ=MONTHLY;BYDAY=+1MO,-1FR;INTERVAL=2",
            "FREQ=YEARLY;BYWEEKNO=1,-1;BYDAY=MO;WKST=SU",
            "FREQ=YEARLY;BYYEARDAY=1,-1;UNTIL=20301231T235959Z",
            "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1TH",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1,1",
            "FREQ=DAILY;INTERVAL=1000;COUNT=10000",
        ] {
            let read = read(rule).unwrap_or_else(|e| panic!("{rule}: {}", e.message()));
            assert_eq!(read.text, rule);
        }
        let until = read("FREQ=DAILY;UNTIL=20270601T120000Z").unwrap().until;
        assert_eq!(until.unwrap().to_rfc3339(), "2027-06-01T12:00:00+00:00");
    }
}
