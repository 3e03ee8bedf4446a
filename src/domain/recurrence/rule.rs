//! Reading an RRULE value. Every part RFC 5545 defines is checked here, against the RFC and
//! against what a board's sessions can follow, so that a refusal names the part, says why in
//! this service's words and what to write instead; the `rrule` crate only ever sees a rule it
//! accepts.

use crate::domain::Invalid;
use chrono::{DateTime, Month, NaiveDateTime, Utc, Weekday};
use rrule::{Frequency, NWeekday, RRule, Unvalidated};

const RULE_MAX: usize = 500;
const INTERVAL_MAX: u16 = 1000;
const COUNT_MAX: u32 = 10_000;
const EXAMPLE: &str = "for example FREQ=MONTHLY;BYDAY=2TU";
const PARTS: &str = "FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYYEARDAY, BYWEEKNO, BYMONTH, \
    BYSETPOS and WKST";

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
                refuse("an empty part: write parts one after another with one ';' between them")
            } else {
                refuse(format!("'{part}' is not of the form NAME=VALUE; {EXAMPLE}"))
            }
        })?;
        check_name(name, part)?;
        if parts.iter().any(|(seen, _)| *seen == name) {
            return Err(refuse(format!(
                "{name} is given twice; write each part once"
            )));
        }
        if value.is_empty() {
            return Err(refuse(format!("{name}= has no value")));
        }
        parts.push((name, value));
    }
    let get = |name: &str| parts.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let freq = frequency(get("FREQ"))?;
    let mut rule = RRule::new(freq);
    let mut until = None;
    if let (Some(_), Some(_)) = (get("COUNT"), get("UNTIL")) {
        return Err(refuse(
            "COUNT and UNTIL together: a rule ends after a number of sessions (COUNT) or at a \
             time (UNTIL), not both; keep one of them",
        ));
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
                    return Err(refuse(format!(
                        "{part} with FREQ=WEEKLY: a weekly rule picks weekdays (BYDAY); use \
                         FREQ=MONTHLY for days of the month"
                    )));
                }
                rule.by_month_day(numbers(name, value, 31, &counted("days", "month", 31))?)
            }
            "BYYEARDAY" => {
                only_yearly(freq, &part)?;
                rule.by_year_day(numbers(name, value, 366, &counted("days", "year", 366))?)
            }
            "BYWEEKNO" => {
                only_yearly(freq, &part)?;
                rule.by_week_no(numbers(name, value, 53, &counted("weeks", "year", 53))?)
            }
            "BYMONTH" => rule.by_month(&months(value)?),
            "BYSETPOS" => rule.by_set_pos(set_positions(freq, &parts, value)?),
            "WKST" => rule.week_start(weekday(value).ok_or_else(|| {
                refuse(format!(
                    "{part}: the week starts on MO, TU, WE, TH, FR, SA or SU"
                ))
            })?),
            _ => rule,
        };
    }
    Ok(Rule {
        text,
        until,
        expansion: rule,
    })
}

fn refuse(message: impl Into<String>) -> Invalid {
    Invalid::new("rrule", message.into())
}

fn normalise(raw: &str) -> Result<String, Invalid> {
    let text = match raw.get(..6) {
        Some(prefix) if prefix.eq_ignore_ascii_case("RRULE:") => &raw[6..],
        _ => raw,
    };
    if text.is_empty() {
        return Err(refuse(format!("must not be empty; {EXAMPLE}")));
    }
    if raw.chars().count() > RULE_MAX {
        return Err(refuse(format!("must be at most {RULE_MAX} characters")));
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '=' | ';' | ',' | '+' | '-'))
    {
        return Err(refuse(
            "must be one RRULE value: letters, digits, '=', ';', ',', '+' and '-' without spaces",
        ));
    }
    Ok(text.to_ascii_uppercase())
}

fn check_name(name: &str, part: &str) -> Result<(), Invalid> {
    match name {
        "FREQ" | "INTERVAL" | "COUNT" | "UNTIL" | "BYDAY" | "BYMONTHDAY" | "BYYEARDAY"
        | "BYWEEKNO" | "BYMONTH" | "BYSETPOS" | "WKST" => Ok(()),
        "BYHOUR" | "BYMINUTE" | "BYSECOND" => Err(refuse(format!(
            "{part}: the time of day is start_time, not part of the rule"
        ))),
        "DTSTART" => Err(refuse(
            "DTSTART: the series starts from first_date at start_time, not from a part of the rule",
        )),
        "EXDATE" => Err(refuse(
            "EXDATE: dates without a session go in exdates, not in the rule",
        )),
        _ => Err(refuse(format!(
            "{name}: not a part of a rule; the parts are {PARTS}"
        ))),
    }
}

fn frequency(value: Option<&str>) -> Result<Frequency, Invalid> {
    match value {
        Some("DAILY") => Ok(Frequency::Daily),
        Some("WEEKLY") => Ok(Frequency::Weekly),
        Some("MONTHLY") => Ok(Frequency::Monthly),
        Some("YEARLY") => Ok(Frequency::Yearly),
        Some(other) => Err(refuse(format!(
            "FREQ={other}: sessions repeat DAILY, WEEKLY, MONTHLY or YEARLY"
        ))),
        None => Err(refuse(format!("FREQ is missing; {EXAMPLE}"))),
    }
}

fn interval(part: &str, value: &str) -> Result<u16, Invalid> {
    match whole(value) {
        Some(0) => Err(refuse(format!(
            "{part}: the interval is the number of periods from one session to the next, at \
             least 1 (INTERVAL=2 is every other week, month or year)"
        ))),
        Some(n) if n <= u64::from(INTERVAL_MAX) => Ok(u16::try_from(n).unwrap_or(INTERVAL_MAX)),
        _ => Err(refuse(format!(
            "{part}: the interval is a whole number from 1 to {INTERVAL_MAX}"
        ))),
    }
}

fn count(part: &str, value: &str) -> Result<u32, Invalid> {
    match whole(value) {
        Some(0) => Err(refuse(format!(
            "{part}: a series has at least one session; leave COUNT out for a series without end"
        ))),
        Some(n) if n <= u64::from(COUNT_MAX) => Ok(u32::try_from(n).unwrap_or(COUNT_MAX)),
        _ => Err(refuse(format!(
            "{part}: the number of sessions is a whole number from 1 to {COUNT_MAX}"
        ))),
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
        .ok_or_else(|| {
            refuse(format!(
                "{part}: UNTIL must be a UTC time such as 20270601T000000Z (date, 'T', time, 'Z')"
            ))
        })
}

fn only_yearly(freq: Frequency, part: &str) -> Result<(), Invalid> {
    if freq == Frequency::Yearly {
        Ok(())
    } else {
        Err(refuse(format!(
            "{part}: needs FREQ=YEARLY (it counts within a year)"
        )))
    }
}

/// The items of a comma-separated list.
fn items<'a>(name: &str, value: &'a str) -> Result<Vec<&'a str>, Invalid> {
    let items: Vec<&str> = value.split(',').collect();
    if items.iter().any(|item| item.is_empty()) {
        return Err(refuse(format!(
            "{name}={value}: an empty item; separate items with one ',' between them"
        )));
    }
    Ok(items)
}

/// A comma-separated list of numbers from 1 to `max` or -1 to -`max`, in the crate's type.
fn numbers<T: TryFrom<i64> + Default>(
    name: &str,
    value: &str,
    max: i64,
    why: &str,
) -> Result<Vec<T>, Invalid> {
    items(name, value)?
        .into_iter()
        .map(|item| match signed(item) {
            Some(n) if n != 0 && n.abs() <= max => Ok(narrow(n)),
            _ => Err(refuse(format!("{name}={item}: {why}"))),
        })
        .collect()
}

/// Why a day or week of a month or year is out of range.
fn counted(what: &str, period: &str, max: i64) -> String {
    format!(
        "{what} of the {period} are 1 to {max}, or -1 (the last) to -{max} counting from the end \
         of the {period}"
    )
}

fn months(value: &str) -> Result<Vec<Month>, Invalid> {
    items("BYMONTH", value)?
        .into_iter()
        .map(|item| {
            whole(item)
                .and_then(|n| u8::try_from(n).ok())
                .and_then(|n| Month::try_from(n).ok())
                .ok_or_else(|| {
                    refuse(format!(
                        "BYMONTH={item}: months are 1 (January) to 12 (December)"
                    ))
                })
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
            let code = item.len().checked_sub(2).map(|at| item.split_at(at));
            let Some((number, day)) = code.and_then(|(n, d)| Some((n, weekday(d)?))) else {
                return Err(refuse(format!(
                    "BYDAY={item}: a weekday is MO, TU, WE, TH, FR, SA or SU, numbered (2TU, \
                     -1FR) only with FREQ=MONTHLY or FREQ=YEARLY"
                )));
            };
            if number.is_empty() {
                return Ok(NWeekday::Every(day));
            }
            let n = signed(number).unwrap_or(i64::MAX);
            let why = if first_max == 0 {
                "a numbered weekday needs FREQ=MONTHLY or FREQ=YEARLY".to_owned()
            } else if by_week_no {
                "a numbered weekday cannot be used with BYWEEKNO; write the weekday alone"
                    .to_owned()
            } else if n == 0 || n > first_max || n < -last_max {
                let within = if freq == Frequency::Monthly {
                    "a month"
                } else {
                    "a year"
                };
                format!(
                    "within {within}, number a weekday 1 to {first_max} from the start, or -1 \
                     (the last) to -{last_max} from the end"
                )
            } else {
                return Ok(NWeekday::Nth(narrow(n), day));
            };
            Err(refuse(format!("BYDAY={item}: {why}")))
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
        return Err(refuse(format!(
            "BYSETPOS={value}: it picks among the days another BY part gives, so it needs one \
             (FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 is the last weekday of each month); \
             add one, or leave BYSETPOS out"
        )));
    }
    let (max, period) = match freq {
        Frequency::Yearly => (366, "a year gives at most 366 days"),
        Frequency::Monthly => (31, "a month gives at most 31 days"),
        Frequency::Weekly => (7, "a week gives at most 7 days"),
        _ => (1, "a day gives one session"),
    };
    let why = format!("{period} to choose from (1 to {max}, or -1 to -{max} from the end)");
    numbers("BYSETPOS", value, max, &why)
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
