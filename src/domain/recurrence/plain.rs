//! The ways a board's sessions usually repeat, as people say them ("the second Tuesday of every
//! month"), and the RRULE each one is; any other rule is kept and shown as it is written.

use chrono::Weekday;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pattern {
    /// Every `every` months on the `nth` weekday `day` (1 to 4, or -1 for the last).
    MonthlyWeekday { every: u16, nth: i8, day: Weekday },
    /// Every `every` months on day `day` (1 to 31, or -1 for the last day).
    MonthlyDay { every: u16, day: i8 },
    /// Every `every` weeks on `days` (none: on the weekday of the first session).
    Weekly { every: u16, days: Vec<Weekday> },
}

const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "MO"),
    (Weekday::Tue, "TU"),
    (Weekday::Wed, "WE"),
    (Weekday::Thu, "TH"),
    (Weekday::Fri, "FR"),
    (Weekday::Sat, "SA"),
    (Weekday::Sun, "SU"),
];

fn code(day: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(d, _)| *d == day)
        .map_or("MO", |(_, c)| c)
}

fn day_of(code: &str) -> Option<Weekday> {
    DAYS.iter().find(|(_, c)| *c == code).map(|(d, _)| *d)
}

impl Pattern {
    /// The RRULE, in the order people write it.
    pub fn rrule(&self) -> String {
        let (freq, every, rest) = match self {
            Self::MonthlyWeekday { every, nth, day } => {
                ("MONTHLY", every, format!(";BYDAY={nth}{}", code(*day)))
            }
            Self::MonthlyDay { every, day } => ("MONTHLY", every, format!(";BYMONTHDAY={day}")),
            Self::Weekly { every, days } if days.is_empty() => ("WEEKLY", every, String::new()),
            Self::Weekly { every, days } => {
                let days: Vec<&str> = days.iter().map(|d| code(*d)).collect();
                ("WEEKLY", every, format!(";BYDAY={}", days.join(",")))
            }
        };
        let interval = if *every > 1 {
            format!(";INTERVAL={every}")
        } else {
            String::new()
        };
        format!("FREQ={freq}{interval}{rest}")
    }

    /// The pattern a rule (as stored: upper case, without `RRULE:`) follows, if it is one of
    /// these; a rule with any other part (an end, a month, a week start) is none.
    pub fn of_rule(rule: &str) -> Option<Self> {
        let mut freq = None;
        let mut every = 1u16;
        let (mut by_day, mut by_month_day, mut set_pos) = (None, None, None);
        for part in rule.split(';') {
            let (name, value) = part.split_once('=')?;
            match name {
                "FREQ" => freq = Some(value),
                "INTERVAL" => every = value.parse().ok().filter(|n| *n >= 1)?,
                "BYDAY" => by_day = Some(value),
                "BYMONTHDAY" => by_month_day = Some(value.parse::<i8>().ok()?),
                "BYSETPOS" => set_pos = Some(value.parse::<i8>().ok()?),
                _ => return None,
            }
        }
        let nth_ok = |n: i8| (1..=4).contains(&n) || n == -1;
        match (freq?, by_day, by_month_day, set_pos) {
            ("MONTHLY", Some(days), None, None) => {
                let split = days.find(|c: char| c.is_ascii_alphabetic())?;
                let (nth, day) = days.split_at(split);
                let nth = nth.parse::<i8>().ok().filter(|n| nth_ok(*n))?;
                Some(Self::MonthlyWeekday {
                    every,
                    nth,
                    day: day_of(day)?,
                })
            }
            ("MONTHLY", Some(day), None, Some(nth)) if nth_ok(nth) => Some(Self::MonthlyWeekday {
                every,
                nth,
                day: day_of(day)?,
            }),
            ("MONTHLY", None, Some(day), None) if (1..=31).contains(&day) || day == -1 => {
                Some(Self::MonthlyDay { every, day })
            }
            ("WEEKLY", days, None, None) => Some(Self::Weekly {
                every,
                days: days.map_or(Some(Vec::new()), |days| {
                    days.split(',').map(day_of).collect::<Option<Vec<_>>>()
                })?,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_usual_patterns_read_from_their_rules_and_write_them_back() {
        for (rule, pattern) in [
            (
                "FREQ=MONTHLY;BYDAY=2TU",
                Pattern::MonthlyWeekday {
                    every: 1,
                    nth: 2,
                    day: Weekday::Tue,
                },
            ),
            (
                "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR",
                Pattern::MonthlyWeekday {
                    every: 3,
                    nth: -1,
                    day: Weekday::Fri,
                },
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=15",
                Pattern::MonthlyDay { every: 1, day: 15 },
            ),
            (
                "FREQ=MONTHLY;BYMONTHDAY=-1",
                Pattern::MonthlyDay { every: 1, day: -1 },
            ),
            (
                "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH",
                Pattern::Weekly {
                    every: 2,
                    days: vec![Weekday::Mon, Weekday::Thu],
                },
            ),
            (
                "FREQ=WEEKLY",
                Pattern::Weekly {
                    every: 1,
                    days: vec![],
                },
            ),
        ] {
            assert_eq!(Pattern::of_rule(rule).as_ref(), Some(&pattern), "{rule}");
            assert_eq!(pattern.rrule(), rule);
        }
        assert_eq!(
            Pattern::of_rule("FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"),
            Pattern::of_rule("FREQ=MONTHLY;BYDAY=2TU")
        );
    }

    #[test]
    fn other_rules_are_no_pattern_and_are_shown_as_written() {
        for rule in [
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=10",
            "FREQ=MONTHLY;BYDAY=5TU",
            "FREQ=MONTHLY;BYDAY=1MO,3MO",
            "FREQ=YEARLY;BYMONTH=3",
            "FREQ=DAILY",
            "FREQ=WEEKLY;BYDAY=2MO",
        ] {
            assert_eq!(Pattern::of_rule(rule), None, "{rule}");
        }
    }
}
