//! Sessions across the hour a clock skips or repeats.

use crate::fixtures::scene::Scene;
use serde_json::{Value, json};

/// `(starts_local, starts_at)` of every meeting of `series` in the range, in order.
async fn sessions(s: &Scene, series: &Value, from: &str, to: &str) -> Vec<(String, String)> {
    s.meetings(from, to)
        .await
        .iter()
        .filter(|m| m["series_id"] == series["id"])
        .map(|m| {
            let at = |k: &str| m[k].as_str().expect("string field").to_owned();
            (at("starts_local"), at("starts_at"))
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(l, u)| ((*l).to_owned(), (*u).to_owned()))
        .collect()
}

#[actix_web::test]
async fn a_series_whose_first_session_falls_in_the_skipped_hour_keeps_its_wall_time_afterwards() {
    // New York springs forward from 02:00 to 03:00 on 8 March 2026: 02:30 that day is 03:30.
    let s = Scene::new("America/New_York", "2026-03-01T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=3", "first_date": "2026-03-08",
            "start_time": "02:30"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2026-03-01", "2026-04-30").await,
        pairs(&[
            ("2026-03-08T03:30", "2026-03-08T07:30:00Z"),
            ("2026-03-15T02:30", "2026-03-15T06:30:00Z"),
            ("2026-03-22T02:30", "2026-03-22T06:30:00Z"),
        ])
    );

    // Lord Howe Island skips only half an hour (02:00 to 02:30) on 4 October 2026.
    let s = Scene::new("Australia/Lord_Howe", "2026-09-20T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=2", "first_date": "2026-10-04",
            "start_time": "02:15"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2026-10-01", "2026-10-31").await,
        pairs(&[
            ("2026-10-04T02:45", "2026-10-03T15:45:00Z"),
            ("2026-10-11T02:15", "2026-10-10T15:15:00Z"),
        ])
    );
}

#[actix_web::test]
async fn weekly_sessions_on_a_day_whose_midnight_is_skipped_are_kept_and_count_stays_whole() {
    // São Paulo went from midnight to 01:00 on Sunday 4 November 2018.
    let s = Scene::new("America/Sao_Paulo", "2018-10-01T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=4", "first_date": "2018-10-21",
            "start_time": "00:00"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2018-10-01", "2018-12-31").await,
        pairs(&[
            ("2018-10-21T00:00", "2018-10-21T03:00:00Z"),
            ("2018-10-28T00:00", "2018-10-28T03:00:00Z"),
            ("2018-11-04T01:00", "2018-11-04T03:00:00Z"),
            ("2018-11-11T00:00", "2018-11-11T02:00:00Z"),
        ])
    );

    // Santiago does the same on Sunday 6 September 2026; a session at 00:20 moves to 01:20.
    let s = Scene::new("America/Santiago", "2026-08-20T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SA,SU;COUNT=3", "first_date": "2026-09-05",
            "start_time": "00:20"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2026-09-01", "2026-09-30").await,
        pairs(&[
            ("2026-09-05T00:20", "2026-09-05T04:20:00Z"),
            ("2026-09-06T01:20", "2026-09-06T04:20:00Z"),
            ("2026-09-12T00:20", "2026-09-12T03:20:00Z"),
        ])
    );
}

#[actix_web::test]
async fn a_time_that_occurs_twice_takes_the_first_of_its_two_instants() {
    // New York falls back from 02:00 to 01:00 on 1 November 2026: 01:30 is first EDT (UTC-4).
    let s = Scene::new("America/New_York", "2026-10-20T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=2", "first_date": "2026-11-01",
            "start_time": "01:30"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2026-10-20", "2026-11-30").await,
        pairs(&[
            ("2026-11-01T01:30", "2026-11-01T05:30:00Z"),
            ("2026-11-08T01:30", "2026-11-08T06:30:00Z"),
        ])
    );

    // Havana falls back from 01:00 to midnight the same day: its midnight itself occurs twice.
    let s = Scene::new("America/Havana", "2026-10-20T00:00:00Z").await;
    let series = s
        .series(
            json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=2", "first_date": "2026-10-25",
            "start_time": "00:30"}),
        )
        .await;
    assert_eq!(
        sessions(&s, &series, "2026-10-20", "2026-11-30").await,
        pairs(&[
            ("2026-10-25T00:30", "2026-10-25T04:30:00Z"),
            ("2026-11-01T00:30", "2026-11-01T04:30:00Z"),
        ])
    );
}

#[actix_web::test]
async fn a_meeting_moved_by_hand_into_a_skipped_hour_shows_when_it_will_take_place() {
    let s = Scene::new("America/New_York", "2027-03-01T00:00:00Z").await;
    let series = s
        .series(json!({"rrule": "FREQ=WEEKLY;BYDAY=SU;COUNT=2", "first_date": "2027-03-07"}))
        .await;
    let meetings = s.meetings("2027-03-01", "2027-03-31").await;
    assert_eq!(meetings.len(), 2, "{series}");
    let moved = s
        .patch(
            &format!("/api/v1/meetings/{}", meetings[1]["id"]),
            json!({"starts_local": "2027-03-14T02:30"}),
        )
        .await;
    assert_eq!(moved["starts_local"], "2027-03-14T03:30");
    assert_eq!(moved["starts_at"], "2027-03-14T07:30:00Z");

    let s = Scene::new("Australia/Lord_Howe", "2026-09-20T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=WEEKLY;BYDAY=TU;COUNT=1", "first_date": "2026-09-29"}))
        .await;
    let meeting = &s.meetings("2026-09-01", "2026-10-31").await[0];
    let moved = s
        .patch(
            &format!("/api/v1/meetings/{}", meeting["id"]),
            json!({"starts_local": "2026-10-04T02:20"}),
        )
        .await;
    assert_eq!(moved["starts_local"], "2026-10-04T02:50");
    assert_eq!(moved["starts_at"], "2026-10-03T15:50:00Z");
    let shown = s
        .app
        .get(&format!("/api/v1/meetings/{}", meeting["id"]), Some(&s.sec))
        .await;
    assert_eq!(shown.body["starts_local"], "2026-10-04T02:50");
}
