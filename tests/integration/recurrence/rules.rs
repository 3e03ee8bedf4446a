//! What a rule, a time zone and a first date may be, and what they mean.

use super::NOT_OUR_WORDS;
use crate::fixtures::scene::Scene;
use crate::helpers::assert_json_error;
use crate::pages::Browser;
use serde_json::json;

#[actix_web::test]
async fn rules_rfc_5545_forbids_are_refused_in_the_apis_own_words_naming_the_part() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    let head = s.app.audit_head().await;
    let path = format!("/api/v1/boards/{}/series", s.board);
    for (rule, named) in [
        ("FREQ=MONTHLY;BYMONTHDAY=0", "BYMONTHDAY=0"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,0,15", "BYMONTHDAY=0"),
        (
            "FREQ=MONTHLY;BYDAY=2TU;COUNT=3;UNTIL=20270601T000000Z",
            "COUNT and UNTIL",
        ),
        ("FREQ=MONTHLY;BYSETPOS=1", "BYSETPOS=1"),
        ("FREQ=MONTHLY;INTERVAL=0", "INTERVAL=0"),
        ("FREQ=MONTHLY;COUNT=0", "COUNT=0"),
        ("FREQ=MONTHLY;UNTIL=20270601", "20270601T000000Z"),
        (
            "FREQ=MONTHLY;UNTIL=20270601T000000",
            "such as 20270601T000000Z",
        ),
        (
            "FREQ=MONTHLY;UNTIL=20200101T000000Z",
            "UNTIL=20200101T000000Z",
        ),
        (
            "FREQ=MONTHLY;UNTIL=20271341T000000Z",
            "UNTIL=20271341T000000Z",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=3;BYMONTHDAY=4", "BYMONTHDAY"),
        ("FREQ=WEEKLY;BYMONTHDAY=3", "BYMONTHDAY=3"),
        ("FREQ=MONTHLY;BYWEEKNO=3", "BYWEEKNO=3"),
        ("FREQ=MONTHLY;BYYEARDAY=3", "BYYEARDAY=3"),
        ("FREQ=YEARLY;BYMONTH=13", "BYMONTH=13"),
        ("FREQ=MONTHLY;WKST=XX", "WKST=XX"),
        ("FREQ=MONTHLY;FOO=1", "FOO"),
        ("FREQ=YEARLY;BYEASTER=0", "BYEASTER"),
        ("FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO", "BYSETPOS=0"),
    ] {
        let r = s
            .app
            .post_json(
                &path,
                Some(&s.sec),
                json!({"title": "S", "rrule": rule, "first_date": "2026-12-01",
                    "start_time": "09:00", "duration_minutes": 60}),
            )
            .await;
        assert_json_error(&r, 422, "validation_failed");
        assert_eq!(r.body["error"]["field"], "rrule", "{}", r.text);
        let reason = r.body["error"]["reason"].as_str().unwrap_or_default();
        assert!(reason.starts_with("rrule_"), "{rule}: {}", r.text);
        let message = r.body["error"]["message"].as_str().expect("message");
        assert!(message.contains(named), "{rule}: {message}");
        for theirs in NOT_OUR_WORDS {
            assert!(!message.contains(theirs), "{rule}: {message}");
        }
    }
    // A rule that is well formed but gives no date at all says so.
    let r = s
        .app
        .post_json(
            &path,
            Some(&s.sec),
            json!({"title": "S", "rrule": "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
                "first_date": "2026-12-01", "start_time": "09:00", "duration_minutes": 60}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert!(r.text.contains("no session"), "{}", r.text);
    assert_eq!(r.body["error"]["reason"], "rrule_no_session");
    assert_eq!(s.app.audit_head().await, head);

    // A change to a series is held to the same rules.
    let series = s
        .series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let r = s
        .app
        .patch_json(
            &format!("/api/v1/series/{}", series["id"]),
            Some(&s.sec),
            json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU;COUNT=2;UNTIL=20270601T000000Z"}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert!(r.text.contains("COUNT and UNTIL"), "{}", r.text);
    assert_eq!(r.body["error"]["reason"], "rrule_count_and_until");
}

#[actix_web::test]
async fn time_zone_names_match_whatever_their_case_and_are_kept_in_their_canonical_form() {
    let s = Scene::new("asia/manila", "2026-11-22T00:00:00Z").await;
    let path = format!("/api/v1/boards/{}", s.board);
    let board = s.app.get(&path, Some(&s.admin)).await;
    assert_eq!(board.body["time_zone"], "Asia/Manila", "{}", board.text);
    for (given, kept) in [
        ("EUROPE/MADRID", "Europe/Madrid"),
        (
            "america/argentina/buenos_aires",
            "America/Argentina/Buenos_Aires",
        ),
        ("etc/gmt+5", "Etc/GMT+5"),
        (" australia/lord_howe ", "Australia/Lord_Howe"),
    ] {
        let r = s
            .app
            .patch_json(&path, Some(&s.admin), json!({"time_zone": given}))
            .await;
        assert_eq!(r.status, 200, "{given}: {}", r.text);
        assert_eq!(r.body["time_zone"], kept);
    }
    let r = s
        .app
        .patch_json(&path, Some(&s.admin), json!({"time_zone": "asia/atlantis"}))
        .await;
    assert_json_error(&r, 422, "validation_failed");
}

#[actix_web::test]
async fn first_date_is_where_the_rule_starts_counting_and_the_first_session_is_shown() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    // 1 December 2026 is a Tuesday, but not the second one: the rule gives no session on it.
    let series = s
        .series(
            json!({"title": "Second Tuesdays", "rrule": "FREQ=MONTHLY;BYDAY=2TU;COUNT=2",
            "first_date": "2026-12-01"}),
        )
        .await;
    assert_eq!(series["first_date"], "2026-12-01");
    assert_eq!(series["first_session"], "2026-12-08T09:00");
    let shown = s
        .app
        .get(&format!("/api/v1/series/{}", series["id"]), Some(&s.sec))
        .await;
    assert_eq!(shown.body["first_session"], "2026-12-08T09:00");
    let meetings = s.meetings("2026-11-22", "2027-12-31").await;
    let starts: Vec<&str> = meetings
        .iter()
        .map(|m| m["starts_local"].as_str().expect("start"))
        .collect();
    assert_eq!(starts, ["2026-12-08T09:00", "2027-01-12T09:00"]);

    let mut browser = Browser::new(&s.app);
    browser.sign_in("secretary@board.test.bantay.example").await;
    let page = browser
        .get(&format!("/desk/boards/{}/meetings", s.board), "en")
        .await;
    assert_eq!(page.status, 200);
    let card = page
        .html
        .split("Second Tuesdays")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the series' card");
    assert!(card.contains("first session 2026-12-08 09:00"), "{card}");
    let page = browser
        .get(&format!("/desk/boards/{}/meetings", s.board), "fil")
        .await;
    assert!(
        page.html.contains("unang pulong 2026-12-08 09:00"),
        "{}",
        page.html
    );
}
