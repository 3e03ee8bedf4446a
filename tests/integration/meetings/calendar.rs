//! Series and their meetings in the calendar and the public feed: rules, zones, edits, cancellations, closed sessions.

use crate::fixtures::scene::Scene;
use crate::helpers::{PASSWORD, assert_json_error};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn field<'a>(meetings: &'a [Value], key: &str) -> Vec<&'a str> {
    meetings
        .iter()
        .map(|m| m[key].as_str().expect("string field"))
        .collect()
}

#[actix_web::test]
async fn a_second_tuesday_series_in_manila_is_at_one_oclock_utc_in_the_feed() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let meetings = s.meetings("2026-12-01", "2027-02-28").await;
    assert_eq!(
        field(&meetings, "starts_at"),
        [
            "2026-12-08T01:00:00Z",
            "2027-01-12T01:00:00Z",
            "2027-02-09T01:00:00Z"
        ]
    );
    let feed = s.feed().await;
    for start in ["20261208T010000Z", "20270112T010000Z", "20270209T010000Z"] {
        assert!(
            feed.contains(&format!("DTSTART:{start}\r\n")),
            "{start} missing:\n{feed}"
        );
    }
    assert!(feed.contains("X-WR-CALNAME:Board\\, \"Region\"\\; One\r\n"));
}

#[actix_web::test]
async fn a_series_in_madrid_keeps_nine_oclock_local_across_daylight_saving_time() {
    let s = Scene::new("Europe/Madrid", "2027-01-15T12:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=1MO", "first_date": "2027-02-01"}))
        .await;
    let meetings = s.meetings("2027-02-01", "2027-04-30").await;
    assert_eq!(
        field(&meetings, "starts_local"),
        ["2027-02-01T09:00", "2027-03-01T09:00", "2027-04-05T09:00"]
    );
    assert_eq!(
        field(&meetings, "starts_at"),
        [
            "2027-02-01T08:00:00Z",
            "2027-03-01T08:00:00Z",
            "2027-04-05T07:00:00Z"
        ]
    );
}

#[actix_web::test]
async fn an_invalid_rule_is_refused_naming_the_bad_part_and_writes_nothing() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    let head = s.app.audit_head().await;
    let path = format!("/api/v1/boards/{}/series", s.board);
    // Rules bantay cannot follow, and what the API's patterns refuse: blanks around a rule or time.
    for (rule, time, field, named) in [
        ("FREQ=MONTHLY;BYDAY=8TU", "09:00", "rrule", "BYDAY=8TU"),
        ("FREQ=MONTHLY;BYDAY=2XX", "09:00", "rrule", "2XX"),
        ("FREQ=HOURLY", "09:00", "rrule", "FREQ=HOURLY"),
        ("FREQ=MONTHLY;BYHOUR=9", "09:00", "rrule", "BYHOUR=9"),
        (" FREQ=MONTHLY", "09:00", "rrule", "one RRULE value"),
        ("FREQ=MONTHLY", "09:00 ", "start_time", "HH:MM"),
    ] {
        let r = s
            .app
            .post_json(
                &path,
                Some(&s.sec),
                json!({"title": "S", "rrule": rule, "first_date": "2026-12-01",
                    "start_time": time, "duration_minutes": 60}),
            )
            .await;
        assert_json_error(&r, 422, "validation_failed");
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
        let message = r.body["error"]["message"].as_str().expect("message");
        assert!(message.contains(named), "{rule}: {message}");
    }
    assert_eq!(s.app.audit_head().await, head);
    let listed = s.app.get(&path, Some(&s.sec)).await;
    assert_eq!(listed.body, json!([]));
    assert!(s.meetings("2026-01-01", "2027-12-31").await.is_empty());
}

#[actix_web::test]
async fn editing_a_series_moves_untouched_future_meetings_and_keeps_hand_made_changes() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    let series = s
        .series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let before = s.meetings("2026-12-01", "2027-05-31").await;
    let moved_by_hand = before[1]["id"].as_i64().expect("id");
    s.patch(
        &format!("/api/v1/meetings/{moved_by_hand}"),
        json!({"starts_local": "2027-01-14T13:30"}),
    )
    .await;
    s.patch(
        &format!("/api/v1/series/{}", series["id"]),
        json!({"start_time": "10:00"}),
    )
    .await;
    let after = s.meetings("2026-12-01", "2027-05-31").await;
    for m in &after {
        if m["id"] == moved_by_hand {
            assert_eq!(m["starts_local"], "2027-01-14T13:30");
            assert_eq!(m["overridden"], true);
        } else {
            assert!(
                m["starts_local"]
                    .as_str()
                    .expect("start")
                    .ends_with("T10:00"),
                "{m}"
            );
            assert_eq!(m["sequence"], 1, "{m}");
        }
    }
    let feed = s.feed().await;
    assert!(feed.contains("DTSTART:20261208T020000Z\r\n"), "{feed}");
    assert!(feed.contains("SEQUENCE:1\r\n"));

    // A new rule: the old untouched dates are cancelled, the new ones appear, the override stays.
    s.patch(
        &format!("/api/v1/series/{}", series["id"]),
        json!({"rrule": "FREQ=MONTHLY;BYDAY=3WE"}),
    )
    .await;
    let now = s.meetings("2026-12-01", "2027-05-31").await;
    let scheduled: Vec<&str> = now
        .iter()
        .filter(|m| m["status"] == "scheduled")
        .map(|m| m["starts_local"].as_str().expect("start"))
        .collect();
    assert!(scheduled.contains(&"2027-01-14T13:30"), "{scheduled:?}");
    assert!(scheduled.contains(&"2026-12-16T10:00"), "{scheduled:?}");
    assert!(!scheduled.contains(&"2027-02-09T10:00"), "{scheduled:?}");
    let cancelled = now.iter().filter(|m| m["status"] == "cancelled").count();
    assert_eq!(cancelled, 5, "{now:?}");
    assert!(s.feed().await.contains("STATUS:CANCELLED\r\n"));
    let kinds: Vec<Value> = s.outbox().await.iter().map(|n| n["kind"].clone()).collect();
    assert!(kinds.contains(&json!("series_changed")), "{kinds:?}");
    assert!(kinds.contains(&json!("meeting_rescheduled")), "{kinds:?}");
}

#[actix_web::test]
async fn a_cancelled_meeting_stays_in_the_feed_as_cancelled_and_the_board_is_told() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let first = &s.meetings("2026-12-01", "2026-12-31").await[0];
    let cancelled = s
        .patch(
            &format!("/api/v1/meetings/{}", first["id"]),
            json!({"status": "cancelled"}),
        )
        .await;
    assert_eq!(cancelled["sequence"], 1);
    let one = s
        .app
        .get(&format!("/meetings/{}/calendar.ics", first["id"]), None)
        .await;
    assert_eq!(one.status, 200);
    assert!(
        one.text
            .contains("STATUS:CANCELLED\r\nSUMMARY:Monthly session")
    );
    assert!(one.text.contains("SEQUENCE:1\r\n"));
    let told: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|n| n["kind"] == "meeting_cancelled")
        .collect();
    let recipients: BTreeSet<&str> = told
        .iter()
        .map(|n| n["recipient"].as_str().expect("recipient"))
        .collect();
    assert_eq!(
        recipients,
        BTreeSet::from([
            "member@board.test.bantay.example",
            "secretary@board.test.bantay.example"
        ])
    );
}

#[actix_web::test]
async fn closed_sessions_and_closed_items_stay_out_of_the_public_calendar_and_from_outsiders() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    s.series(
        json!({"title": "Closed caucus", "rrule": "FREQ=MONTHLY;BYDAY=3TH",
        "first_date": "2026-12-01", "is_public": false}),
    )
    .await;
    let list = s.meetings("2026-12-01", "2026-12-31").await;
    let open = list.iter().find(|m| m["is_public"] == true).expect("open");
    let closed = list
        .iter()
        .find(|m| m["is_public"] == false)
        .expect("closed");
    s.app
        .request(
            "PUT".parse().expect("method"),
            &format!("/api/v1/meetings/{}/agenda", open["id"]),
            Some(&s.sec),
            Some(
                json!({"items": [{"title": "Public budget hearing", "is_public": true},
                {"title": "Witness statement from Barangay Marker", "is_public": false}]}),
            ),
        )
        .await;
    let feed = s.feed().await;
    assert!(feed.contains("Public budget hearing"));
    assert!(!feed.contains("Witness statement"));
    assert!(!feed.contains("Closed caucus"));
    let r = s
        .app
        .get(&format!("/meetings/{}/calendar.ics", closed["id"]), None)
        .await;
    assert_json_error(&r, 404, "not_found");

    let email = "outsider@test.bantay.example";
    s.app
        .create(
            "/api/v1/users",
            &s.admin,
            json!({"email": email, "name": "Outsider", "password": PASSWORD}),
        )
        .await;
    let outsider = s.app.login(email, PASSWORD).await;
    let seen = s
        .app
        .get(
            &format!(
                "/api/v1/boards/{}/meetings?from=2026-12-01&to=2026-12-31",
                s.board
            ),
            Some(&outsider),
        )
        .await;
    assert_eq!(seen.body.as_array().expect("list").len(), 1);
    let agenda = s
        .app
        .get(
            &format!("/api/v1/meetings/{}/agenda", open["id"]),
            Some(&outsider),
        )
        .await;
    assert!(
        !agenda.text.contains("Witness statement"),
        "{}",
        agenda.text
    );
    let r = s
        .app
        .get(
            &format!("/api/v1/meetings/{}", closed["id"]),
            Some(&outsider),
        )
        .await;
    assert_json_error(&r, 404, "not_found");
}

#[actix_web::test]
async fn moving_the_first_date_later_cancels_the_untouched_meetings_before_it() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    let series = s
        .series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    s.patch(
        &format!("/api/v1/series/{}", series["id"]),
        json!({"first_date": "2027-02-01"}),
    )
    .await;
    let all = s.meetings("2026-12-01", "2027-03-31").await;
    let status: Vec<(&str, &str)> = all
        .iter()
        .map(|m| {
            (
                m["starts_local"].as_str().expect("start"),
                m["status"].as_str().expect("status"),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("2026-12-08T09:00", "cancelled"),
            ("2027-01-12T09:00", "cancelled"),
            ("2027-02-09T09:00", "scheduled"),
            ("2027-03-09T09:00", "scheduled")
        ]
    );
}

#[actix_web::test]
async fn a_location_longer_than_allowed_is_refused_even_when_only_its_surrounding_blanks_make_it_so()
 {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let path = format!(
        "/api/v1/meetings/{}",
        s.meetings("2026-12-01", "2026-12-31").await[0]["id"]
    );
    let head = s.app.audit_head().await;
    let over = format!(" {}", "*".repeat(300));
    let r = s
        .app
        .patch_json(&path, Some(&s.sec), json!({"location": over}))
        .await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert_eq!(r.body["error"]["field"], "location", "{}", r.text);
    assert_eq!(s.app.audit_head().await, head);
    let kept = s
        .patch(&path, json!({"location": format!(" {} ", "*".repeat(298))}))
        .await;
    assert_eq!(kept["location"], "*".repeat(298));
}
