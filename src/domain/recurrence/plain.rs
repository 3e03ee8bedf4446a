//! The ways a board's sessions usually repeat, as people say them ("the second Tuesday of every
//! month"), and the RRULE each one is; any other rule is kept and shown as it is written.

use super::rule::INTERVAL_MAX;
use crate::domain::Invalid;
use crate::domain::refusal;
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

/// The weekdays from Monday, each with its RRULE code.
pub const DAYS: [(Weekday, &str); 7] = [
    (Weekday::Mon, "MO"),
    (Weekday::Tue, "TU"),
    (Weekday::Wed, "WE"),
    (Weekday::Thu, "TH"),
    (Weekday::Fri, "FR"),
    (Weekday::Sat, "SA"),
    (Weekday::Sun, "SU"),
];

pub fn code(day: Weekday) -> &'static str {
    DAYS.iter()
        .find(|(d, _)| *d == day)
        .map_or("MO", |(_, c)| c)
}

fn day_of(code: &str) -> Option<Weekday> {
    DAYS.iter().find(|(_, c)| *c == code).map(|(d, _)| *d)
}

/// A pattern as a form offers it, each part as typed: which `kind` (`monthly_weekday`,
/// `monthly_day` or `weekly`), every how many months or weeks, and the parts that kind uses.
pub struct Chosen<'a> {
    pub kind: &'a str,
    pub every: &'a str,
    /// 1 to 4, or -1 for the last.
    pub nth: &'a str,
    /// An RRULE code: MO to SU.
    pub weekday: &'a str,
    /// 1 to 31, or -1 for the last day.
    pub month_day: &'a str,
    /// The weekdays ticked.
    pub days: Vec<Weekday>,
}

impl Chosen<'_> {
    /// The pattern chosen, or why the choices make none, naming the part at fault (`every`,
    /// `nth`, `weekday`, `month_day`, `days` or `kind`).
    pub fn pattern(&self) -> Result<Pattern, Invalid> {
        let every = || {
            let raw = self.every.trim();
            raw.parse::<u16>()
                .ok()
                .filter(|n| (1..=INTERVAL_MAX).contains(n))
                .ok_or_else(|| {
                    Invalid::new("every", refusal::repeat_every_range(INTERVAL_MAX, raw))
                })
        };
        let choice = |field: &'static str, raw: &str| {
            Invalid::new(field, refusal::form_not_a_choice(raw.trim()))
        };
        match self.kind {
            "monthly_weekday" => {
                let every = every()?;
                let nth = self
                    .nth
                    .trim()
                    .parse::<i8>()
                    .ok()
                    .filter(|n| (1..=4).contains(n) || *n == -1)
                    .ok_or_else(|| choice("nth", self.nth))?;
                let day =
                    day_of(self.weekday.trim()).ok_or_else(|| choice("weekday", self.weekday))?;
                Ok(Pattern::MonthlyWeekday { every, nth, day })
            }
            "monthly_day" => {
                let every = every()?;
                let raw = self.month_day.trim();
                let day = raw
                    .parse::<i8>()
                    .ok()
                    .filter(|d| (1..=31).contains(d) || *d == -1)
                    .ok_or_else(|| Invalid::new("month_day", refusal::repeat_month_day(raw)))?;
                Ok(Pattern::MonthlyDay { every, day })
            }
            "weekly" => {
                let every = every()?;
                if self.days.is_empty() {
                    return Err(Invalid::new("days", refusal::repeat_no_weekday()));
                }
                let days = DAYS
                    .iter()
                    .map(|(d, _)| *d)
                    .filter(|d| self.days.contains(d))
                    .collect();
                Ok(Pattern::Weekly { every, days })
            }
            other => Err(choice("kind", other)),
        }
    }
}

impl Pattern {
    /// The kind a form names this pattern by (see [`Chosen`]).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::MonthlyWeekday { .. } => "monthly_weekday",
            Self::MonthlyDay { .. } => "monthly_day",
            Self::Weekly { .. } => "weekly",
        }
    }

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

    fn chosen<'a>(kind: &'a str, every: &'a str, days: Vec<Weekday>) -> Chosen<'a> {
        Chosen {
            kind,
            every,
            nth: "-1",
            weekday: "FR",
            month_day: "15",
            days,
        }
    }

    #[test]
    fn plain_choices_make_the_rules_people_mean() {
        let rule = |c: Chosen| c.pattern().map(|p| p.rrule());
        assert_eq!(
            rule(chosen("monthly_weekday", "1", vec![])).as_deref(),
            Ok("FREQ=MONTHLY;BYDAY=-1FR")
        );
        assert_eq!(
            rule(chosen("monthly_day", " 3 ", vec![])).as_deref(),
            Ok("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15")
        );
        // The days in the week's order, whatever order they came in.
        let days = vec![Weekday::Thu, Weekday::Mon];
        assert_eq!(
            rule(chosen("weekly", "2", days)).as_deref(),
            Ok("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH")
        );
        let last_day = Chosen {
            month_day: "-1",
            ..chosen("monthly_day", "1", vec![])
        };
        assert_eq!(rule(last_day).as_deref(), Ok("FREQ=MONTHLY;BYMONTHDAY=-1"));
        for pattern in [
            Pattern::MonthlyWeekday {
                every: 2,
                nth: 2,
                day: Weekday::Tue,
            },
            Pattern::MonthlyDay { every: 1, day: 1 },
            Pattern::Weekly {
                every: 1,
                days: vec![Weekday::Wed],
            },
        ] {
            assert_eq!(
                Pattern::of_rule(&pattern.rrule()).map(|p| p.kind()),
                Some(pattern.kind())
            );
        }
    }

    #[test]
    fn a_choice_that_makes_no_rule_is_refused_naming_its_part() {
        let field = |c: Chosen| c.pattern().unwrap_err().field;
        assert_eq!(field(chosen("weekly", "1", vec![])), "days");
        assert_eq!(field(chosen("monthly_weekday", "0", vec![])), "every");
        assert_eq!(field(chosen("monthly_day", "1001", vec![])), "every");
        assert_eq!(field(chosen("monthly_day", "two", vec![])), "every");
        let day_32 = Chosen {
            month_day: "32",
            ..chosen("monthly_day", "1", vec![])
        };
        assert_eq!(field(day_32), "month_day");
        let fifth = Chosen {
            nth: "5",
            ..chosen("monthly_weekday", "1", vec![])
        };
        assert_eq!(field(fifth), "nth");
        let no_day = Chosen {
            weekday: "XX",
            ..chosen("monthly_weekday", "1", vec![])
        };
        assert_eq!(field(no_day), "weekday");
        assert_eq!(field(chosen("yearly", "1", vec![])), "kind");
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
