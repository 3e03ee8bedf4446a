//! The recurrence benchmark's Rust side (`scripts/bench.sh` runs it beside python-dateutil): 200
//! meeting series of mixed rules, each expanded over ten years by bantay's own expansion
//! (`Recurrence::occurrences`, what `meetings::schedule::materialise` calls), `RUNS` times.
//! Only the expansion is timed; the rules are parsed once, before. Writes the series as JSON for
//! the dateutil script and prints the median time and every series' occurrence count.
//!
//! Usage: recurrence_bench OUT_DIR

mod bench;

use bantay::domain::recurrence::Recurrence;
use chrono::{Months, NaiveDate, NaiveTime, TimeDelta};
use chrono_tz::Tz;
use serde::Serialize;
use std::time::Instant;

const SERIES: usize = 200;
const YEARS: u32 = 10;
const RUNS: usize = 21;

/// Rules a board might keep, from the common (second Tuesday) to the fussy (last weekday).
const RULES: &[&str] = &[
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=WEEKLY;BYDAY=MO,TH",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15",
    "FREQ=MONTHLY;INTERVAL=2;BYDAY=1WE",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=MONTHLY;BYMONTHDAY=1,15",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=YEARLY;BYMONTH=1,4,7,10;BYDAY=1MO",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
    "FREQ=DAILY;BYDAY=MO,WE,FR",
    "FREQ=MONTHLY;BYDAY=1MO,3MO",
    "FREQ=WEEKLY;BYDAY=FR;COUNT=100",
    "FREQ=YEARLY;BYMONTH=6,12;BYDAY=-1TH",
    "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10",
    "FREQ=DAILY;INTERVAL=10",
    "FREQ=MONTHLY;BYDAY=4SA;COUNT=60",
    "FREQ=WEEKLY;BYDAY=SU,WE,SA",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
    "FREQ=MONTHLY;BYDAY=5FR",
];

#[derive(Serialize)]
struct Series {
    rule: &'static str,
    first: NaiveDate,
    start: NaiveTime,
    /// The last date of the span (inclusive): ten years after `first`, less a day.
    to: NaiveDate,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = bench::out_dir("usage: recurrence_bench OUT_DIR")?;
    let origin = NaiveDate::from_ymd_opt(2026, 12, 1).ok_or("origin")?;
    let series: Vec<Series> = (0..SERIES)
        .map(|i| {
            let first = origin + TimeDelta::days((i * 37 % 365) as i64);
            Series {
                rule: RULES[i % RULES.len()],
                first,
                start: NaiveTime::from_hms_opt(8 + (i % 9) as u32, 0, 0).unwrap_or_default(),
                to: first
                    .checked_add_months(Months::new(12 * YEARS))
                    .and_then(|d| d.pred_opt())
                    .unwrap_or(first),
            }
        })
        .collect();
    std::fs::write(out.join("series.json"), serde_json::to_vec_pretty(&series)?)?;
    let parsed = series
        .iter()
        .map(|s| Recurrence::parse(s.rule, s.first, s.start, Tz::Asia__Manila, Vec::new()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    let mut times = Vec::new();
    let mut counts = Vec::new();
    for _ in 0..RUNS {
        let started = Instant::now();
        let expanded: Vec<usize> = parsed
            .iter()
            .zip(&series)
            .map(|(r, s)| std::hint::black_box(r.occurrences(s.first, s.to)).len())
            .collect();
        times.push(started.elapsed());
        counts = expanded;
    }
    println!(
        "{}",
        serde_json::json!({
            "series": series.len(),
            "occurrences": counts.iter().sum::<usize>(),
            "expand_ms": bench::median(times).as_secs_f64() * 1000.0,
            "runs": RUNS,
            "counts": counts,
        })
    );
    Ok(())
}
