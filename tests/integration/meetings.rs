//! Series, meetings and their record through the API; the jobs called as the scheduler calls them.

use crate::fixtures::scene::Scene;
use crate::helpers::{PASSWORD, TestApp, assert_json_error, bantay_cli};
use bantay::clock::FixedClock;
use bantay::config::ServerSettings;
use bantay::jobs;
use chrono::{TimeDelta, Utc};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

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
async fn minutes_go_draft_circulated_approved_frozen_and_frozen_minutes_refuse_changes() {
    // An hour into the second session, at which the first one's minutes are approved.
    let s = Scene::new("Asia/Manila", "2027-01-12T02:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-02-28").await;
    let (first, second) = (list[0]["id"].clone(), list[1]["id"].clone());
    let minutes = format!("/api/v1/meetings/{first}/minutes");
    let r = s.app.get(&minutes, Some(&s.sec)).await;
    assert_json_error(&r, 404, "not_found");
    let draft = s.patch(&minutes, json!({"body": "Opened at 09:05."})).await;
    assert_eq!(draft["status"], "draft");
    s.patch(&minutes, json!({"status": "circulated"})).await;
    let r = s
        .app
        .patch_json(&minutes, Some(&s.sec), json!({"status": "approved"}))
        .await;
    assert_json_error(&r, 422, "validation_failed");
    let r = s
        .app
        .patch_json(
            &minutes,
            Some(&s.sec),
            json!({"status": "approved", "approved_at_meeting": first}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    let approved = s
        .patch(
            &minutes,
            json!({"status": "approved", "approved_at_meeting": second}),
        )
        .await;
    assert_eq!(approved["approved_at_meeting"], second);
    assert!(approved["approved_by"].is_i64());
    let r = s
        .app
        .patch_json(&minutes, Some(&s.sec), json!({"body": "Rewritten."}))
        .await;
    assert_json_error(&r, 409, "conflict");
    s.patch(&minutes, json!({"status": "frozen"})).await;

    let head = s.app.audit_head().await;
    let base = format!("/api/v1/meetings/{first}");
    for (method, path, body) in [
        ("PATCH", minutes.clone(), json!({"body": "Changed."})),
        ("PATCH", minutes.clone(), json!({"status": "draft"})),
        (
            "PUT",
            format!("{base}/agenda"),
            json!({"items": [{"title": "Late item"}]}),
        ),
        (
            "POST",
            format!("{base}/attendance"),
            json!({"name": "Late", "organisation": "CSO", "sector": "other", "sex": "not_stated"}),
        ),
        (
            "POST",
            format!("{base}/decisions"),
            json!({"text": "Late decision"}),
        ),
        (
            "PATCH",
            base.clone(),
            json!({"starts_local": "2026-12-09T09:00"}),
        ),
    ] {
        let r = s
            .app
            .request(
                method.parse().expect("method"),
                &path,
                Some(&s.sec),
                Some(body),
            )
            .await;
        assert_json_error(&r, 409, "conflict");
    }
    assert_eq!(s.app.audit_head().await, head, "refusals wrote nothing");
    let kept = s.app.get(&minutes, Some(&s.member)).await;
    assert_eq!(kept.body["body"], "Opened at 09:05.");
    assert_eq!(kept.body["status"], "frozen");
}

#[actix_web::test]
async fn the_agenda_keeps_item_ids_in_order_and_will_not_drop_an_item_a_decision_cites() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-01-31").await;
    let (first, second) = (&list[0]["id"], &list[1]["id"]);
    let agenda = format!("/api/v1/meetings/{first}/agenda");
    let r = s
        .app
        .request(
            "PUT".parse().expect("method"),
            &agenda,
            Some(&s.sec),
            Some(json!({"items": [{"title": "Opening", "is_public": true},
                {"title": "Incident at the checkpoint", "is_public": false}]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let items = r.body["items"].as_array().expect("items").clone();
    let decision = s
        .app
        .create(
            &format!("/api/v1/meetings/{first}/decisions"),
            &s.sec,
            json!({"text": "Refer to the division", "agenda_item_id": items[1]["id"]}),
        )
        .await;
    let reordered = s
        .app
        .request(
            "PUT".parse().expect("method"),
            &agenda,
            Some(&s.sec),
            Some(json!({"items": [
                {"id": items[1]["id"], "title": "Incident at the checkpoint"},
                {"id": items[0]["id"], "title": "Opening", "is_public": true}]})),
        )
        .await;
    assert_eq!(reordered.body["items"][0]["id"], items[1]["id"]);
    assert_eq!(reordered.body["items"][0]["position"], 1);
    let dropped = s
        .app
        .request(
            "PUT".parse().expect("method"),
            &agenda,
            Some(&s.sec),
            Some(json!({"items": []})),
        )
        .await;
    assert_json_error(&dropped, 409, "conflict");
    // The next session carries the decision over.
    let next = s
        .app
        .get(
            &format!("/api/v1/meetings/{second}/agenda"),
            Some(&s.member),
        )
        .await;
    assert_eq!(next.body["carried_over"][0]["id"], decision["id"]);
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
async fn a_representative_sees_only_the_decisions_that_fall_to_units_they_represent() {
    let world = crate::fixtures::world::World::build().await;
    let path = format!("/api/v1/meetings/{}/decisions", world.sessions.meeting);
    let decision: i64 = world.sessions.decision;
    for (role, sees) in [
        ("repX", true),
        ("repY", false),
        ("memA", true),
        ("secB", false),
    ] {
        let r = world.app.get(&path, world.token(role)).await;
        assert_eq!(r.status, 200, "{role}: {}", r.text);
        let ids: Vec<i64> = r
            .body
            .as_array()
            .expect("list")
            .iter()
            .map(|d| d["id"].as_i64().expect("id"))
            .collect();
        assert_eq!(ids.contains(&decision), sees, "{role}: {ids:?}");
    }
    let attendance = format!("/api/v1/meetings/{}/attendance", world.sessions.meeting);
    let r = world.app.get(&attendance, world.rep_x.bearer()).await;
    assert_json_error(&r, 403, "forbidden");
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
