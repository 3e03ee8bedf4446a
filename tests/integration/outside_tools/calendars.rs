//! The exported calendars, read by python-icalendar and expanded by recurring-ical-events.

use super::calendar_check;
use crate::fixtures::scene::Scene;
use serde_json::{Value, json};

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn every_exported_calendar_parses_with_python_icalendar() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(
        json!({"title": "Sesyon ng Lupon, ikalawang Martes; \"bukas\"",
        "rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01",
        "location": "Kampo Aguinaldo, Lungsod Quezon \\ Bulwagan 2"}),
    )
    .await;
    s.series(json!({"rrule": "FREQ=WEEKLY;BYDAY=FR;COUNT=4", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-05-31").await;
    let at = |local: &str| {
        list.iter()
            .find(|m| m["starts_local"] == local)
            .unwrap_or_else(|| panic!("no meeting at {local}"))["id"]
            .clone()
    };
    let long_title = "Pag-uulat ng mga yunit tungkol sa mga insidente at hinaing ".repeat(4);
    s.app
        .request(
            "PUT".parse().expect("method"),
            &format!("/api/v1/meetings/{}/agenda", at("2027-01-12T09:00")),
            Some(&s.sec),
            Some(
                json!({"items": [{"title": long_title.trim(), "is_public": true},
                {"title": "Pambungad, panalangin; pagkilala", "is_public": true}]}),
            ),
        )
        .await;
    let moved = s
        .patch(
            &format!("/api/v1/meetings/{}", at("2026-12-08T09:00")),
            json!({"starts_local": "2026-12-12T14:00"}),
        )
        .await;
    s.patch(
        &format!("/api/v1/meetings/{}", at("2026-12-11T09:00")),
        json!({"status": "cancelled"}),
    )
    .await;

    let parsed = calendar_check("parse", &s.feed().await);
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), list.len());
    let uids: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["uid"].as_str().expect("uid"))
        .collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    let by_start = |start: &str| {
        events
            .iter()
            .find(|e| e["start"] == start)
            .unwrap_or_else(|| panic!("no event at {start}: {events:?}"))
    };
    let first = by_start("2027-01-12T01:00:00Z");
    assert_eq!(
        first["summary"],
        "Sesyon ng Lupon, ikalawang Martes; \"bukas\""
    );
    assert_eq!(
        first["location"],
        "Kampo Aguinaldo, Lungsod Quezon \\ Bulwagan 2"
    );
    assert_eq!(first["end"], "2027-01-12T04:00:00Z");
    assert!(
        first["description"]
            .as_str()
            .expect("text")
            .contains(long_title.trim())
    );
    assert!(
        first["description"]
            .as_str()
            .expect("text")
            .contains("2. Pambungad, panalangin; pagkilala")
    );
    let rescheduled = by_start(moved["starts_at"].as_str().expect("start"));
    assert_eq!(rescheduled["sequence"], 1);
    assert_eq!(rescheduled["start"], "2026-12-12T06:00:00Z");
    let cancelled: Vec<&Value> = events
        .iter()
        .filter(|e| e["status"] == "CANCELLED")
        .collect();
    assert_eq!(cancelled.len(), 1);

    // Each meeting's own file too, with the UID the feed gave it.
    for m in &list {
        let r = s
            .app
            .get(&format!("/meetings/{}/calendar.ics", m["id"]), None)
            .await;
        let one = calendar_check("parse", &r.text);
        let uid = &one["events"][0]["uid"];
        assert!(
            events.iter().any(|e| &e["uid"] == uid),
            "{uid} not in the feed"
        );
    }
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn occurrences_equal_those_of_recurring_ical_events_over_three_years() {
    let cases = [
        (
            "Asia/Manila",
            "FREQ=MONTHLY;BYDAY=2TU",
            "2026-12-08",
            vec![],
        ),
        (
            "Asia/Manila",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "2026-12-25",
            vec![],
        ),
        (
            "Europe/Madrid",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-12-31",
            vec![],
        ),
        (
            "Europe/Madrid",
            "FREQ=MONTHLY;BYDAY=1MO",
            "2026-12-07",
            vec!["2027-03-01", "2028-01-03"],
        ),
        (
            "Asia/Manila",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=20",
            "2026-12-02",
            vec![],
        ),
        (
            "America/New_York",
            "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20280615T000000Z",
            "2026-12-15",
            vec![],
        ),
        (
            "Asia/Manila",
            "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1TH",
            "2027-03-04",
            vec![],
        ),
    ];
    for (zone, rule, first, exdates) in cases {
        let mut settings = bantay::config::ServerSettings::default();
        settings.jobs.meetings.meeting_horizon_months = 36;
        let clock = std::sync::Arc::new(bantay::clock::FixedClock::new(
            "2026-11-22T00:00:00Z".parse().expect("instant"),
        ));
        let app = crate::helpers::TestApp::spawn_with(settings, clock.clone()).await;
        let s = Scene::on(app, clock, zone).await;
        s.series(json!({"rrule": rule, "first_date": first, "exdates": exdates}))
            .await;
        let mut ours: Vec<String> = Vec::new();
        for (from, to) in [("2026-11-22", "2028-06-30"), ("2028-07-01", "2029-11-22")] {
            ours.extend(
                s.meetings(from, to)
                    .await
                    .iter()
                    .map(|m| m["starts_local"].as_str().expect("start").to_owned()),
            );
        }
        let reference = calendar_check(
            "expand",
            &json!({"rrule": rule, "first": format!("{first}T09:00"), "tzid": zone,
                "exdates": exdates, "from": "2026-11-22", "to": "2029-11-22"})
            .to_string(),
        );
        let theirs: Vec<String> = serde_json::from_value(reference).expect("list");
        assert!(!theirs.is_empty(), "{rule}");
        assert_eq!(ours, theirs, "{rule} in {zone}");
    }
}
