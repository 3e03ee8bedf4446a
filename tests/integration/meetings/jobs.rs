//! The jobs that make meetings and queue reminders, called as the scheduler calls them.

use crate::fixtures::scene::Scene;
use crate::helpers::{TestApp, bantay_cli};
use bantay::clock::FixedClock;
use bantay::config::ServerSettings;
use bantay::jobs;
use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

#[actix_web::test]
async fn materialising_again_adds_nothing_and_a_tick_after_downtime_fills_the_gap() {
    let mut s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let first = s.meetings("2026-12-01", "2028-11-30").await;
    assert_eq!(first.len(), 6, "six months ahead: {first:?}");
    for _ in 0..2 {
        let again = jobs::materialise::run(&s.app.db, s.now(), 6)
            .await
            .expect("job");
        assert_eq!(again.created, 0);
    }
    // Down for nine months: the next tick plans up to six months ahead of the new today.
    s.clock.advance(TimeDelta::days(9 * 30));
    let caught_up = jobs::materialise::run(&s.app.db, s.now(), 6)
        .await
        .expect("job");
    assert_eq!(caught_up.created, 9);
    s.sign_in_again().await;
    let all = s.meetings("2026-12-01", "2028-11-30").await;
    let months: Vec<String> = all
        .iter()
        .map(|m| m["starts_local"].as_str().expect("start")[..7].to_owned())
        .collect();
    let distinct: BTreeSet<&String> = months.iter().collect();
    assert_eq!(distinct.len(), months.len(), "one meeting per month");
    assert_eq!(months.first().map(String::as_str), Some("2026-12"));
    assert_eq!(months.last().map(String::as_str), Some("2028-02"));
    assert_eq!(months.len(), 15, "no month missing: {months:?}");
}

#[actix_web::test]
async fn a_reminder_is_queued_once_per_meeting_for_everyone_on_the_board() {
    // 2026-12-06 01:00Z is two days before the first session.
    let s = Scene::new("Asia/Manila", "2026-12-06T01:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let queued = jobs::reminders::run(&s.app.db, s.now(), 3)
        .await
        .expect("job");
    assert_eq!(queued, 2, "the secretary and the member");
    let again = jobs::reminders::run(&s.app.db, s.now(), 3)
        .await
        .expect("job");
    assert_eq!(again, 0);
    let reminders: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|n| n["kind"] == "meeting_reminder")
        .collect();
    assert_eq!(reminders.len(), 2);
    assert!(
        reminders[0]["subject"]
            .as_str()
            .expect("subject")
            .contains("Tuesday 8 December 2026, 09:00 (Asia/Manila)"),
        "{reminders:?}"
    );
}

#[actix_web::test]
async fn two_materialise_processes_at_once_leave_exactly_one_meeting_per_occurrence() {
    let mut settings = ServerSettings::default();
    settings.jobs.meetings.meeting_horizon_months = 1;
    let clock = Arc::new(FixedClock::new(Utc::now()));
    let app = TestApp::spawn_with(settings, clock.clone()).await;
    let s = Scene::on(app, clock, "Asia/Manila").await;
    s.series(json!({"rrule": "FREQ=WEEKLY;BYDAY=MO,TH", "first_date": "2026-11-01"}))
        .await;
    let args = ["meetings", "materialise", "--meeting-horizon-months", "24"];
    let (a, b) = std::thread::scope(|scope| {
        let a = scope.spawn(|| bantay_cli(&s.app.test_db, &args, None));
        let b = scope.spawn(|| bantay_cli(&s.app.test_db, &args, None));
        (a.join().expect("a"), b.join().expect("b"))
    });
    for out in [&a, &b] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let created: usize = [&a, &b]
        .iter()
        .map(|o| {
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            text.split_whitespace()
                .nth(1)
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or_else(|| panic!("unexpected output: {text}"))
        })
        .sum();
    let today = Utc::now().date_naive();
    let mut all = Vec::new();
    let mut from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    while from <= today + TimeDelta::days(800) {
        let to = from + TimeDelta::days(365);
        all.extend(s.meetings(&from.to_string(), &to.to_string()).await);
        from = to + TimeDelta::days(1);
    }
    let dates: Vec<&str> = all
        .iter()
        .map(|m| m["occurrence_date"].as_str().expect("date"))
        .collect();
    let distinct: BTreeSet<&&str> = dates.iter().collect();
    assert_eq!(distinct.len(), dates.len(), "a duplicated occurrence");
    assert!(
        created > 150,
        "two years of twice-weekly sessions: {created}"
    );
    assert!(dates.len() > created, "the first month was there already");
}
