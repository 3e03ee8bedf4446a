//! Random series compared with python-dateutil and recurring-ical-events.

use super::NOT_OUR_WORDS;
use crate::fixtures::scene::Scene;
use crate::helpers::assert_json_error;
use chrono::{Datelike, Months, NaiveDate, Offset, TimeDelta, TimeZone};
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::BTreeSet;

/// Zones to compare in, each with the years its first dates are drawn from and the local hours
/// its clock skips or repeats (which start times favour).
const ZONES: &[(&str, std::ops::RangeInclusive<i32>, &[u32])] = &[
    ("America/New_York", 2026..=2030, &[1, 2]),
    ("Europe/London", 2026..=2030, &[1]),
    ("Australia/Lord_Howe", 2026..=2030, &[1, 2]),
    ("America/Santiago", 2026..=2030, &[23, 0]),
    ("America/Sao_Paulo", 2016..=2018, &[23, 0]),
    ("Asia/Tehran", 2019..=2022, &[23, 0]),
    ("America/Havana", 2026..=2030, &[0]),
    ("Asia/Beirut", 2026..=2029, &[23, 0]),
    ("Pacific/Chatham", 2026..=2030, &[2, 3]),
    ("Europe/Dublin", 2026..=2029, &[1]),
    ("Africa/Casablanca", 2026..=2029, &[2, 3]),
    ("America/St_Johns", 2026..=2030, &[1, 2]),
    ("Pacific/Apia", 2010..=2012, &[3, 4, 9]),
    ("Asia/Manila", 2026..=2028, &[]),
];
const CASES_PER_ZONE: usize = 30;
const WEEKDAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

/// The local dates on which `zone`'s offset changes, give or take a day.
fn offset_changes(zone: chrono_tz::Tz, years: &std::ops::RangeInclusive<i32>) -> Vec<NaiveDate> {
    let offset = |d: NaiveDate| {
        let noon = d.and_hms_opt(12, 0, 0).expect("noon");
        zone.offset_from_utc_datetime(&noon).fix()
    };
    let mut day = NaiveDate::from_ymd_opt(*years.start(), 1, 1).expect("date");
    let end = NaiveDate::from_ymd_opt(*years.end(), 12, 31).expect("date");
    let mut changes = Vec::new();
    while day < end {
        let next = day.succ_opt().expect("date");
        if offset(day) != offset(next) {
            changes.push(next);
        }
        day = next;
    }
    changes
}

fn some_of<'a>(rng: &mut StdRng, items: &[&'a str], most: usize) -> Vec<&'a str> {
    let n = rng.random_range(1..=most.min(items.len()));
    let mut picked: Vec<&str> = items.choose_multiple(rng, n).copied().collect();
    picked.sort_by_key(|w| items.iter().position(|i| i == w));
    picked
}

fn signed_list(rng: &mut StdRng, most: usize, max: i32, back: i32) -> String {
    (0..rng.random_range(1..=most))
        .map(|_| {
            if rng.random_bool(0.3) {
                -rng.random_range(1..=back)
            } else {
                rng.random_range(1..=max)
            }
        })
        .collect::<BTreeSet<i32>>()
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn numbered_weekdays(rng: &mut StdRng, most: usize, first: i32, back: i32) -> String {
    (0..rng.random_range(1..=most))
        .map(|_| {
            let n = if rng.random_bool(0.3) {
                -rng.random_range(1..=back)
            } else {
                rng.random_range(1..=first)
            };
            format!("{n}{}", WEEKDAYS.choose(rng).expect("weekday"))
        })
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(",")
}

fn months(rng: &mut StdRng, most: usize) -> String {
    (0..rng.random_range(1..=most))
        .map(|_| rng.random_range(1..=12))
        .collect::<BTreeSet<u32>>()
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A rule of any kind a board might write, ending by COUNT or UNTIL or not at all; its weekdays
/// often include `change`'s, the day the zone's clock changes.
fn random_rule(rng: &mut StdRng, first: NaiveDate, change: NaiveDate) -> String {
    let some_weekdays = |rng: &mut StdRng, most: usize| {
        let mut days = some_of(rng, &WEEKDAYS, most);
        let changing = WEEKDAYS[change.weekday().num_days_from_monday() as usize];
        if rng.random_bool(0.6) && !days.contains(&changing) {
            days.push(changing);
            days.sort_by_key(|w| WEEKDAYS.iter().position(|i| i == w));
        }
        days.join(",")
    };
    let freq = *["DAILY", "WEEKLY", "WEEKLY", "MONTHLY", "MONTHLY", "YEARLY"]
        .choose(rng)
        .expect("freq");
    let mut parts = vec![format!("FREQ={freq}")];
    let interval = if rng.random_bool(0.3) {
        rng.random_range(2..=4)
    } else {
        1
    };
    if interval > 1 || rng.random_bool(0.1) {
        parts.push(format!("INTERVAL={interval}"));
    }
    match freq {
        "DAILY" => {
            if rng.random_bool(0.4) {
                parts.push(format!("BYDAY={}", some_weekdays(rng, 3)));
            }
            if rng.random_bool(0.15) {
                parts.push(format!("BYMONTH={}", months(rng, 4)));
            }
        }
        "WEEKLY" => {
            if rng.random_bool(0.75) {
                parts.push(format!("BYDAY={}", some_weekdays(rng, 3)));
            }
            if rng.random_bool(0.2) {
                parts.push(format!("WKST={}", WEEKDAYS.choose(rng).expect("weekday")));
            }
        }
        "MONTHLY" => {
            match rng.random_range(0..4) {
                0 => parts.push(format!("BYDAY={}", numbered_weekdays(rng, 2, 5, 4))),
                1 => parts.push(format!("BYMONTHDAY={}", signed_list(rng, 3, 31, 31))),
                2 => {
                    parts.push(format!("BYDAY={}", some_of(rng, &WEEKDAYS, 5).join(",")));
                    parts.push(format!("BYSETPOS={}", signed_list(rng, 2, 3, 2)));
                }
                _ => {}
            }
            if rng.random_bool(0.15) {
                parts.push(format!("BYMONTH={}", months(rng, 4)));
            }
        }
        _ => match rng.random_range(0..5) {
            0 => {
                parts.push(format!("BYMONTH={}", months(rng, 3)));
                parts.push(format!("BYDAY={}", numbered_weekdays(rng, 1, 5, 4)));
            }
            1 => {
                parts.push(format!("BYMONTH={}", months(rng, 2)));
                parts.push(format!("BYMONTHDAY={}", signed_list(rng, 2, 31, 31)));
            }
            2 => parts.push(format!("BYYEARDAY={}", signed_list(rng, 3, 366, 366))),
            3 => {
                parts.push(format!("BYWEEKNO={}", signed_list(rng, 3, 53, 53)));
                parts.push(format!("BYDAY={}", some_of(rng, &WEEKDAYS, 2).join(",")));
            }
            _ => {}
        },
    }
    let sparse = matches!(freq, "MONTHLY" | "YEARLY") || (freq == "WEEKLY" && interval > 1);
    match rng.random_range(0..100) {
        0..45 => parts.push(format!("COUNT={}", rng.random_range(1..=25))),
        45..80 => {
            let day = first + TimeDelta::days(rng.random_range(-10..=500));
            let at = day
                .and_hms_opt(rng.random_range(0..24), rng.random_range(0..60), 0)
                .expect("time");
            parts.push(format!("UNTIL={}", at.format("%Y%m%dT%H%M%SZ")));
        }
        _ if sparse => {}
        _ => parts.push(format!("COUNT={}", rng.random_range(1..=25))),
    }
    parts.join(";")
}

/// A start time: often in an hour the zone's clock skips or repeats, often midnight.
fn random_start(rng: &mut StdRng, special_hours: &[u32]) -> String {
    let minute = *[0, 0, 15, 20, 30, 45, rng.random_range(0..60)]
        .choose(rng)
        .expect("minute");
    let hour = match rng.random_range(0..100) {
        0..40 if !special_hours.is_empty() => *special_hours.choose(rng).expect("hour"),
        0..55 => return "00:00".to_owned(),
        _ => rng.random_range(0..24),
    };
    format!("{hour:02}:{minute:02}")
}

/// One series as the test drew it, and what bantay made of it.
struct Case {
    spec: Value,
    ours: Result<(Vec<(String, String)>, Value), String>,
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn sessions_across_daylight_saving_changes_equal_those_of_dateutil_and_recurring_ical_events()
{
    let seed: u64 = std::env::var("BANTAY_RECURRENCE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_206);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut settings = bantay::config::ServerSettings::default();
    settings.jobs.meetings.meeting_horizon_months = 24;
    // The clock moves to each series' first date, years apart: sessions must outlast that.
    settings.session_hours = 24 * 366 * 40;
    settings.session_idle_minutes = 60 * 24 * 366 * 40;
    let clock = std::sync::Arc::new(bantay::clock::FixedClock::new(
        "2026-01-01T00:00:00Z".parse().expect("instant"),
    ));
    let app = crate::helpers::TestApp::spawn_with(settings, clock.clone()).await;
    let s = Scene::on(app, clock.clone(), "Asia/Manila").await;
    let mut cases = Vec::new();
    for (zone, years, special_hours) in ZONES {
        let r = s
            .app
            .patch_json(
                &format!("/api/v1/boards/{}", s.board),
                Some(&s.admin),
                json!({"time_zone": zone}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let tz: chrono_tz::Tz = zone.parse().expect("zone");
        let changes = offset_changes(tz, years);
        for _ in 0..CASES_PER_ZONE {
            let year = rng.random_range(years.clone());
            let any_day = NaiveDate::from_ymd_opt(year, 1, 1).expect("date")
                + TimeDelta::days(rng.random_range(0..365));
            let change = changes.choose(&mut rng).copied().unwrap_or(any_day);
            // Near a change, often on its weekday (the day a rule without BYDAY repeats on).
            let first = match rng.random_range(0..4) {
                0 => change - TimeDelta::weeks(rng.random_range(0..=3)),
                1 | 2 => change + TimeDelta::days(rng.random_range(-21..=2)),
                _ => any_day,
            };
            let rule = random_rule(&mut rng, first, change);
            let start = random_start(&mut rng, special_hours);
            let exdates: Vec<String> = if rng.random_bool(0.2) {
                (0..rng.random_range(1..=3))
                    .map(|_| (first + TimeDelta::days(rng.random_range(0..60))).to_string())
                    .collect()
            } else {
                Vec::new()
            };
            let to = first.checked_add_months(Months::new(20)).expect("date");
            let spec = json!({"rrule": rule, "tzid": zone, "first_date": first.to_string(),
                "start": start, "exdates": exdates, "to": to.to_string()});
            let ours = expand_through_the_api(&s, &spec, first, to).await;
            cases.push(Case { spec, ours });
        }
    }
    let specs: Vec<Value> = cases.iter().map(|c| c.spec.clone()).collect();
    let references =
        crate::outside_tools::calendar_check("references", &Value::from(specs).to_string());
    let references = references.as_array().expect("one answer per series");
    let mut failures = Vec::new();
    for (i, (case, theirs)) in cases.iter().zip(references).enumerate() {
        let listed = |tool: &str| -> Vec<(String, String)> {
            serde_json::from_value(theirs[tool].clone()).expect("sessions")
        };
        let (dateutil, ical) = (listed("dateutil"), listed("recurring_ical_events"));
        let verdict = match &case.ours {
            Ok((ours, _)) if *ours != dateutil => Some(format!("dateutil: {dateutil:?}")),
            Ok((ours, _)) if *ours != ical => Some(format!("recurring_ical_events: {ical:?}")),
            Ok((ours, first)) if !ours.is_empty() && *first != ours[0].0.as_str() => Some(format!(
                "first_session {first}, but the first listed is {}",
                ours[0].0
            )),
            Err(refusal)
                if !dateutil.is_empty() || NOT_OUR_WORDS.iter().any(|w| refusal.contains(w)) =>
            {
                Some(format!("refused ({refusal}), dateutil: {dateutil:?}"))
            }
            _ => None,
        };
        if let Some(verdict) = verdict {
            failures.push(format!(
                "case {i} (seed {seed}): {}\n  bantay: {:?}\n  {verdict}",
                case.spec, case.ours
            ));
        }
    }
    let refused = cases.iter().filter(|c| c.ours.is_err()).count();
    let sessions: usize = cases
        .iter()
        .filter_map(|c| c.ours.as_ref().ok())
        .map(|(ours, _)| ours.len())
        .sum();
    // Sessions whose start the clock skipped, and which therefore start later than the series.
    let skipped: usize = cases
        .iter()
        .filter_map(|c| Some((c.ours.as_ref().ok()?, c.spec["start"].as_str()?)))
        .map(|((ours, _), start)| ours.iter().filter(|(l, _)| !l.ends_with(start)).count())
        .sum();
    assert!(
        failures.is_empty(),
        "{} of {} series differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    // The draw is broad: most series are accepted and have sessions, some end before they
    // begin, and some sessions fall in skipped hours.
    assert!(
        refused < cases.len() / 4 && sessions > 10 * cases.len() && skipped > 0,
        "{refused} refused, {sessions} sessions, {skipped} in skipped hours"
    );
    eprintln!(
        "{} series, {refused} refused, {sessions} sessions, {skipped} in skipped hours",
        cases.len()
    );
}

/// Creates the series on the board (now in the case's zone) with the clock a little before its
/// first date, and lists its sessions with rule dates up to `to`: `(starts_local, starts_at)`,
/// and the series' `first_session`. A refusal gives its message.
async fn expand_through_the_api(
    s: &Scene,
    spec: &Value,
    first: NaiveDate,
    to: NaiveDate,
) -> Result<(Vec<(String, String)>, Value), String> {
    let before = (first - TimeDelta::days(15))
        .and_hms_opt(0, 0, 0)
        .expect("time");
    s.clock.set(before.and_utc());
    let r = s
        .app
        .post_json(
            &format!("/api/v1/boards/{}/series", s.board),
            Some(&s.sec),
            json!({"title": "Session", "rrule": spec["rrule"], "first_date": spec["first_date"],
                "start_time": spec["start"], "duration_minutes": 60, "exdates": spec["exdates"]}),
        )
        .await;
    if r.status != 201 {
        assert_json_error(&r, 422, "validation_failed");
        return Err(r.body["error"]["message"]
            .as_str()
            .expect("message")
            .to_owned());
    }
    let listed = s
        .meetings(
            &(first - TimeDelta::days(1)).to_string(),
            &(to + TimeDelta::days(2)).to_string(),
        )
        .await;
    let to = to.to_string();
    let ours = listed
        .iter()
        .filter(|m| m["series_id"] == r.body["id"])
        .filter(|m| m["occurrence_date"].as_str().is_some_and(|d| *d <= *to))
        .map(|m| {
            let at = |k: &str| m[k].as_str().expect("string field").to_owned();
            (at("starts_local"), at("starts_at"))
        })
        .collect();
    Ok((ours, r.body["first_session"].clone()))
}
