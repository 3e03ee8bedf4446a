//! Reporting periods: a month (`2026-10`), a quarter (`2026-Q4`) or a year (`2026`).

use super::Invalid;
use super::refusal;
use chrono::{Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Year(i32),
    Quarter(i32, u32),
    Month(i32, u32),
}

const YEARS: std::ops::RangeInclusive<i32> = 1970..=2200;

impl Period {
    pub fn parse(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        let bad = || Invalid::new(field, refusal::period_invalid(raw));
        let year = |s: &str| -> Result<i32, Invalid> {
            let y: i32 = (s.len() == 4)
                .then(|| s.parse().ok())
                .flatten()
                .ok_or_else(bad)?;
            if YEARS.contains(&y) {
                Ok(y)
            } else {
                Err(bad())
            }
        };
        let period = match raw.split_once('-') {
            None => Self::Year(year(raw)?),
            Some((y, rest)) if rest.starts_with(['Q', 'q']) => {
                let digits = &rest[1..];
                let q: u32 = (digits.len() == 1)
                    .then(|| digits.parse().ok())
                    .flatten()
                    .ok_or_else(bad)?;
                if !(1..=4).contains(&q) {
                    return Err(bad());
                }
                Self::Quarter(year(y)?, q)
            }
            Some((y, m)) => {
                let month: u32 = (m.len() == 2)
                    .then(|| m.parse().ok())
                    .flatten()
                    .ok_or_else(bad)?;
                if !(1..=12).contains(&month) {
                    return Err(bad());
                }
                Self::Month(year(y)?, month)
            }
        };
        Ok(period)
    }

    /// The month before the one `day` falls in: the last month ended.
    pub fn month_before(day: NaiveDate) -> Self {
        let before = day.checked_sub_months(Months::new(1)).unwrap_or(day);
        Self::Month(before.year(), before.month())
    }

    /// A month period, refusing quarters and years.
    pub fn parse_month(field: &'static str, raw: &str) -> Result<Self, Invalid> {
        match Self::parse(field, raw)? {
            month @ Self::Month(..) => Ok(month),
            _ => Err(Invalid::new(field, refusal::period_not_month(raw))),
        }
    }

    pub fn first_day(self) -> NaiveDate {
        let (y, m) = match self {
            Self::Year(y) => (y, 1),
            Self::Quarter(y, q) => (y, 3 * q - 2),
            Self::Month(y, m) => (y, m),
        };
        NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        let next = match self {
            Self::Year(y) => NaiveDate::from_ymd_opt(y + 1, 1, 1),
            Self::Quarter(y, 4) | Self::Month(y, 12) => NaiveDate::from_ymd_opt(y + 1, 1, 1),
            Self::Quarter(y, q) => NaiveDate::from_ymd_opt(y, 3 * q + 1, 1),
            Self::Month(y, m) => NaiveDate::from_ymd_opt(y, m + 1, 1),
        };
        next.and_then(|d| d.pred_opt()).unwrap_or(NaiveDate::MAX)
    }

    /// The period on the wall clock: from the midnight that begins its first day to the one that
    /// ends its last.
    pub fn span(self) -> (NaiveDateTime, NaiveDateTime) {
        let last = self.last_day();
        let after = last.succ_opt().unwrap_or(last);
        (
            self.first_day().and_time(NaiveTime::MIN),
            after.and_time(NaiveTime::MIN),
        )
    }

    /// The periods a month falls in, narrowest first: the month, its quarter, its year.
    pub fn enclosing(self) -> Vec<Self> {
        let d = self.first_day();
        let (y, m) = (d.year(), d.month());
        match self {
            Self::Month(..) => vec![self, Self::Quarter(y, (m - 1) / 3 + 1), Self::Year(y)],
            Self::Quarter(..) => vec![self, Self::Year(y)],
            Self::Year(_) => vec![self],
        }
    }

    /// The twelve months ending with this one, oldest first.
    pub fn last_twelve_months(self) -> Vec<Self> {
        let end = self.first_day();
        (0..12)
            .rev()
            .filter_map(|back| end.checked_sub_months(Months::new(back)))
            .map(|d| Self::Month(d.year(), d.month()))
            .collect()
    }
}

/// Whether figures for `period` are locked on `today` (the board's local date): from the
/// `lock_days`-th day after the period ends.
pub fn is_locked(period: Period, today: NaiveDate, lock_days: u32) -> bool {
    today > period.last_day() + chrono::Days::new(u64::from(lock_days))
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(y) => write!(f, "{y}"),
            Self::Quarter(y, q) => write!(f, "{y}-Q{q}"),
            Self::Month(y, m) => write!(f, "{y}-{m:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_month_spans_from_its_first_midnight_to_the_next_month_s() {
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        let (from, to) = Period::Month(2026, 12).span();
        assert_eq!((from, to), (at("2026-12-01 00:00"), at("2027-01-01 00:00")));
    }

    #[test]
    fn periods_parse_and_print_the_same() {
        for text in ["2026-10", "2026-01", "2026-Q4", "2026-Q1", "2026"] {
            assert_eq!(Period::parse("period", text).unwrap().to_string(), text);
        }
        for bad in [
            "2026-13",
            "2026-00",
            "2026-1",
            "2026-Q5",
            "2026-Q0",
            "26",
            "2026-10-01",
            "",
            "abcd",
            "9999",
            " 2026-10",
            "2026-10\n",
        ] {
            assert!(Period::parse("period", bad).is_err(), "{bad}");
        }
        assert!(Period::parse_month("period", "2026-Q1").is_err());
    }

    #[test]
    fn a_period_knows_its_days_and_what_encloses_it() {
        let q = Period::parse("p", "2026-Q4").unwrap();
        assert_eq!(q.first_day().to_string(), "2026-10-01");
        assert_eq!(q.last_day().to_string(), "2026-12-31");
        let feb = Period::parse("p", "2028-02").unwrap();
        assert_eq!(feb.last_day().to_string(), "2028-02-29");
        let names: Vec<String> = feb.enclosing().iter().map(ToString::to_string).collect();
        assert_eq!(names, ["2028-02", "2028-Q1", "2028"]);
        let months = feb.last_twelve_months();
        assert_eq!(months.first().unwrap().to_string(), "2027-03");
        assert_eq!(months.last().unwrap().to_string(), "2028-02");
    }

    #[test]
    fn a_month_locks_the_given_number_of_days_after_it_ends() {
        let oct = Period::parse_month("p", "2026-10").unwrap();
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(!is_locked(oct, day("2026-10-15"), 15));
        assert!(!is_locked(oct, day("2026-11-15"), 15));
        assert!(is_locked(oct, day("2026-11-16"), 15));
        assert!(is_locked(oct, day("2026-11-01"), 0));
    }
}
