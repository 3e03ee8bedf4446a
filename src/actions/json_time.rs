//! The fenced fast path of the action views' times (`views.rs`, the only user): dates and
//! instants in JSON exactly as chrono writes them, without chrono's formatting machinery:
//! serde_json drives that a character at a time through its string escaper, which made the
//! timestamps a fifth of the instructions of a 50-row list page. Every other view lets chrono
//! write its times. Years outside 0–9999, which chrono writes with a sign, go to chrono.

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Serialize, Serializer};

/// As chrono's `Serialize`: RFC 3339 in UTC with `Z`, and a fraction of 3, 6 or 9 digits only
/// when the instant has one.
pub fn instant<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
    match instant_text(t) {
        Some((buf, len)) => s.serialize_str(ascii(&buf[..len])),
        None => t.serialize(s),
    }
}

pub fn instant_opt<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => instant(t, s),
        None => s.serialize_none(),
    }
}

/// As chrono's `Serialize`: `YYYY-MM-DD`.
pub fn date<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
    match date_text(*d) {
        Some(buf) => s.serialize_str(ascii(&buf)),
        None => d.serialize(s),
    }
}

/// `YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ`
const INSTANT_MAX: usize = 30;

/// The instant's text in a buffer, with its length; `None` for a year chrono writes with a sign.
pub(super) fn instant_text(t: &DateTime<Utc>) -> Option<([u8; INSTANT_MAX], usize)> {
    let mut buf = [0; INSTANT_MAX];
    buf[..10].copy_from_slice(&date_text(t.date_naive())?);
    // A leap second is stored as second 59 with a billion nanoseconds and more.
    let (mut second, mut nano) = (t.second(), t.nanosecond());
    if nano >= 1_000_000_000 {
        second += 1;
        nano -= 1_000_000_000;
    }
    buf[10] = b'T';
    digits(&mut buf[11..13], t.hour());
    buf[13] = b':';
    digits(&mut buf[14..16], t.minute());
    buf[16] = b':';
    digits(&mut buf[17..19], second);
    let mut len = 19;
    let (width, fraction) = match nano {
        0 => (0, 0),
        n if n % 1_000_000 == 0 => (3, n / 1_000_000),
        n if n % 1_000 == 0 => (6, n / 1_000),
        n => (9, n),
    };
    if width > 0 {
        buf[len] = b'.';
        digits(&mut buf[len + 1..len + 1 + width], fraction);
        len += 1 + width;
    }
    buf[len] = b'Z';
    Some((buf, len + 1))
}

/// The date's text; `None` for a year chrono writes with a sign.
pub(super) fn date_text(d: NaiveDate) -> Option<[u8; 10]> {
    let mut buf = [0; 10];
    let year = u32::try_from(d.year()).ok().filter(|y| *y <= 9999)?;
    digits(&mut buf[0..4], year);
    buf[4] = b'-';
    digits(&mut buf[5..7], d.month());
    buf[7] = b'-';
    digits(&mut buf[8..10], d.day());
    Some(buf)
}

/// `value` in decimal, zero-padded to fill `out`.
fn digits(out: &mut [u8], mut value: u32) {
    for place in out.iter_mut().rev() {
        *place = b'0' + (value % 10) as u8;
        value /= 10;
    }
}

fn ascii(bytes: &[u8]) -> &str {
    // Only ASCII digits and separators are ever written.
    std::str::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDateTime, TimeZone};

    fn ours(t: &DateTime<Utc>) -> String {
        let mut out = Vec::new();
        instant(t, &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn ours_date(d: &NaiveDate) -> String {
        let mut out = Vec::new();
        date(d, &mut serde_json::Serializer::new(&mut out)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        let nanos = [
            0,
            1,
            999,
            1_000,
            120_000,
            1_000_000,
            7_000_000,
            123_456_789,
            999_999_999,
            // leap seconds
            1_000_000_000,
            1_500_000_000,
            1_999_999_999,
        ];
        let days = [
            NaiveDate::from_ymd_opt(0, 1, 1),
            NaiveDate::from_ymd_opt(7, 3, 9),
            NaiveDate::from_ymd_opt(999, 12, 31),
            NaiveDate::from_ymd_opt(2024, 2, 29),
            NaiveDate::from_ymd_opt(2026, 11, 23),
            NaiveDate::from_ymd_opt(9999, 12, 31),
            // chrono's own form, with a sign
            NaiveDate::from_ymd_opt(-1, 6, 15),
            NaiveDate::from_ymd_opt(10000, 1, 1),
            NaiveDate::from_ymd_opt(-262_000, 1, 1),
        ];
        let mut compared = 0;
        for day in days.into_iter().map(Option::unwrap) {
            assert_eq!(ours_date(&day), serde_json::to_string(&day).unwrap());
            for (h, m, s) in [(0, 0, 0), (9, 5, 7), (23, 59, 59), (12, 30, 59)] {
                for nano in nanos {
                    let Some(time) = chrono::NaiveTime::from_hms_nano_opt(h, m, s, nano) else {
                        continue;
                    };
                    let t = Utc.from_utc_datetime(&NaiveDateTime::new(day, time));
                    assert_eq!(ours(&t), serde_json::to_string(&t).unwrap(), "{t:?}");
                    compared += 1;
                }
            }
        }
        // Leap seconds exist only at :59.
        assert_eq!(compared, 9 * (4 * 9 + 2 * 3));
    }

    #[test]
    fn absent_values_are_null() {
        let mut out = Vec::new();
        instant_opt(&None, &mut serde_json::Serializer::new(&mut out)).unwrap();
        assert_eq!(out, b"null");
    }
}
