//! Dates and times read from SQLite without chrono's format parser.
//!
//! SQLite keeps them as text, and diesel reads each one by trying its formats in turn with a
//! strftime parser: a tenth of the CPU time of a 50-row list page went there. The text bantay
//! writes (`2026-11-23 05:41:07`, with or without a fraction of a second) is read here by
//! position; any other text goes to diesel's reading, unchanged. PostgreSQL sends binary values,
//! which diesel reads as before.
//!
//! For the records read on every request: `#[diesel(deserialize_as = Stamp)]` on a
//! `NaiveDateTime` field, `NullableStamp` on an `Option<NaiveDateTime>`, `Day` on a `NaiveDate`.

use super::MultiBackend;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, FromSqlRow, FromStaticSqlRow, Queryable};
use diesel::pg::Pg;
use diesel::sql_types::{Date, Nullable, Timestamp};
use diesel::sqlite::Sqlite;

#[derive(FromSqlRow)]
pub struct Stamp(NaiveDateTime);

pub struct NullableStamp(Option<NaiveDateTime>);

#[derive(FromSqlRow)]
pub struct Day(NaiveDate);

impl From<Stamp> for NaiveDateTime {
    fn from(s: Stamp) -> Self {
        s.0
    }
}

impl From<NullableStamp> for Option<NaiveDateTime> {
    fn from(s: NullableStamp) -> Self {
        s.0
    }
}

impl From<Day> for NaiveDate {
    fn from(d: Day) -> Self {
        d.0
    }
}

impl FromSql<Timestamp, Sqlite> for Stamp {
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        match plain_timestamp(value.read_text()) {
            Some(t) => Ok(Self(t)),
            None => <NaiveDateTime as FromSql<Timestamp, Sqlite>>::from_sql(value).map(Self),
        }
    }
}

impl FromSql<Date, Sqlite> for Day {
    fn from_sql(mut value: <Sqlite as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        match plain_date(value.read_text()) {
            Some(d) => Ok(Self(d)),
            None => <NaiveDate as FromSql<Date, Sqlite>>::from_sql(value).map(Self),
        }
    }
}

impl FromSql<Timestamp, Pg> for Stamp {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDateTime as FromSql<Timestamp, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Date, Pg> for Day {
    fn from_sql(value: <Pg as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        <NaiveDate as FromSql<Date, Pg>>::from_sql(value).map(Self)
    }
}

impl FromSql<Timestamp, MultiBackend> for Stamp {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Timestamp>()
    }
}

impl FromSql<Date, MultiBackend> for Day {
    fn from_sql(value: <MultiBackend as Backend>::RawValue<'_>) -> deserialize::Result<Self> {
        value.from_sql::<Self, Date>()
    }
}

impl<DB> Queryable<Nullable<Timestamp>, DB> for NullableStamp
where
    DB: Backend,
    Option<Stamp>: FromStaticSqlRow<Nullable<Timestamp>, DB>,
{
    type Row = Option<Stamp>;

    fn build(row: Option<Stamp>) -> deserialize::Result<Self> {
        Ok(Self(row.map(NaiveDateTime::from)))
    }
}

/// `YYYY-MM-DD HH:MM:SS`, then nothing or a fraction of one to nine digits; `None` for anything
/// else, including a time that does not exist;
/// a leap second (`23:59:60`) is left to chrono too.
fn plain_timestamp(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    if b.len() < 19 || b[10] != b' ' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = plain_date(text.get(..10)?)?;
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(digits)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    date.and_hms_nano_opt(
        number(&b[11..13])?,
        number(&b[14..16])?,
        number(&b[17..19])?,
        nanos,
    )
}

/// `YYYY-MM-DD`, a day that exists; `None` for anything else.
fn plain_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )
}

/// The value of a run of ASCII digits (at most nine), or `None` if any byte is not a digit.
fn number(digits: &[u8]) -> Option<u32> {
    digits.iter().try_fold(0u32, |n, &d| {
        d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What diesel's own reading makes of the text bantay writes.
    fn chrono(text: &str) -> Option<NaiveDateTime> {
        NaiveDateTime::parse_from_str(text, "%F %T%.f").ok()
    }

    #[test]
    fn written_timestamps_read_as_chrono_reads_them() {
        for text in [
            "2026-11-23 05:41:07",
            "1970-01-01 00:00:00",
            "2024-02-29 23:59:59",
            "2026-11-23 05:41:07.5",
            "2026-11-23 05:41:07.123456",
            "2026-11-23 05:41:07.123456789",
            "9999-12-31 23:59:59.999999999",
        ] {
            assert_eq!(plain_timestamp(text), chrono(text), "{text}");
            assert!(plain_timestamp(text).is_some(), "{text}");
        }
    }

    #[test]
    fn anything_else_is_left_to_diesel() {
        for text in [
            "",
            "2026-11-23",
            "2026-11-23T05:41:07",
            "2026-11-23 05:41",
            "2026-02-30 05:41:07",
            "2026-11-23 24:00:00",
            "2026-11-23 05:60:00",
            "2026-11-23 23:59:60",
            "2026-11-23 05:41:07.",
            "2026-11-23 05:41:07.1234567890",
            "2026-11-23 05:41:07Z",
            "2026-11-23 05:41:07+08:00",
            "+2026-11-23 05:41:0",
            "2026-1a-23 05:41:07",
            "2026-11-23 05:41:07.12x",
            "２０２６-11-23 05:41:07",
        ] {
            assert_eq!(plain_timestamp(text), None, "{text}");
        }
    }

    #[test]
    fn days_read_as_chrono_reads_them() {
        for text in ["2026-11-23", "2024-02-29", "0001-01-01"] {
            let chrono = NaiveDate::parse_from_str(text, "%F").ok();
            assert_eq!(plain_date(text), chrono, "{text}");
            assert!(chrono.is_some());
        }
        for text in [
            "2026-02-29",
            "2026-13-01",
            "2026-11-2",
            "2026/11/23",
            "20261123",
        ] {
            assert_eq!(plain_date(text), None, "{text}");
        }
    }
}
