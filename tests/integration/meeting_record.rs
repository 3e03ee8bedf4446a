//! A meeting's record once the session is over: minutes approved only at a later session that
//! has begun, and every write to the record refused once its minutes are approved or frozen.

use crate::fixtures::scene::Scene;
use crate::helpers::{PASSWORD, assert_json_error};
use crate::pages::Browser;
use serde_json::{Value, json};

const SECRETARY: &str = "secretary@board.test.bantay.example";

/// The options the minutes form offers for "approved at the session of", by meeting id.
fn approval_choices(html: &str) -> Vec<String> {
    let Some(select) = html
        .split("name=\"approved_at_meeting\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
    else {
        return Vec::new();
    };
    select
        .split("<option value=\"")
        .skip(1)
        .filter_map(|o| o.split('"').next())
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn minutes_are_approved_only_at_a_later_session_of_the_board_that_has_begun() {
    // 6 December 2026 in Manila: the sessions fall on 8 December, 12 January and 9 February.
    let s = Scene::new("Asia/Manila", "2026-12-06T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-02-28").await;
    let (dec, jan, feb) = (&list[0]["id"], &list[1]["id"], &list[2]["id"]);
    assert_eq!(list[1]["starts_local"], "2027-01-12T09:00");
    let minutes = format!("/api/v1/meetings/{dec}/minutes");
    s.patch(&minutes, json!({"body": "Opened at 09:05."})).await;
    s.patch(&minutes, json!({"status": "circulated"})).await;
    let approve = async |at: &Value| {
        // Signed in afresh: the clock jumps further than a session lasts.
        let sec = s.app.login(SECRETARY, PASSWORD).await;
        s.app
            .patch_json(
                &minutes,
                Some(&sec),
                json!({"status": "approved", "approved_at_meeting": at}),
            )
            .await
    };
    let page = format!("/desk/meetings/{dec}");
    let shown = async || {
        let mut browser = Browser::new(&s.app);
        browser.sign_in(SECRETARY).await;
        let shown = browser.get(&page, "en").await;
        assert_eq!(shown.status, 200, "{}", shown.html);
        approval_choices(&shown.html)
    };

    let r = approve(jan).await;
    assert_json_error(&r, 422, "validation_failed");
    assert_eq!(
        r.body["error"]["field"], "approved_at_meeting",
        "{}",
        r.text
    );
    let message = r.body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains(&format!("session {jan}")) && message.contains("2027-01-12 09:00"),
        "the refusal names the session and when it begins: {message}"
    );
    assert_eq!(shown().await, Vec::<String>::new());

    // A minute before the January session begins, board time.
    s.clock
        .set("2027-01-12T00:59:00Z".parse().expect("instant"));
    assert_json_error(&approve(jan).await, 422, "validation_failed");
    let sec = s.app.login(SECRETARY, PASSWORD).await;
    let kept = s.app.get(&minutes, Some(&sec)).await;
    assert_eq!(kept.body["status"], "circulated", "{}", kept.text);

    s.clock
        .set("2027-01-12T01:00:00Z".parse().expect("instant"));
    assert_eq!(shown().await, vec![jan.to_string()]);
    let r = approve(feb).await;
    assert_json_error(&r, 422, "validation_failed");
    assert!(r.text.contains("2027-02-09 09:00"), "{}", r.text);
    let r = approve(dec).await;
    assert_json_error(&r, 422, "validation_failed");
    let r = approve(jan).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["approved_at_meeting"], *jan);
}

#[actix_web::test]
async fn minutes_are_not_approved_at_a_cancelled_session_even_after_its_date() {
    let s = Scene::new("Asia/Manila", "2026-12-06T00:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-01-31").await;
    let (dec, jan) = (&list[0]["id"], &list[1]["id"]);
    s.patch(
        &format!("/api/v1/meetings/{jan}"),
        json!({"status": "cancelled"}),
    )
    .await;
    let minutes = format!("/api/v1/meetings/{dec}/minutes");
    s.patch(&minutes, json!({"body": "Opened at 09:05."})).await;
    s.patch(&minutes, json!({"status": "circulated"})).await;
    s.clock
        .set("2027-01-20T00:00:00Z".parse().expect("instant"));
    let sec = s.app.login(SECRETARY, PASSWORD).await;
    let r = s
        .app
        .patch_json(
            &minutes,
            Some(&sec),
            json!({"status": "approved", "approved_at_meeting": jan}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert!(r.text.contains("cancelled"), "{}", r.text);
}

/// Every route that writes to a meeting's record, through the API and the pages, once its
/// minutes are approved and again once they are frozen: 409 each, and nothing written.
#[actix_web::test]
async fn once_the_minutes_are_approved_or_frozen_every_write_to_the_record_is_refused() {
    // An hour into the January session, at which December's minutes are approved.
    let s = Scene::new("Asia/Manila", "2027-01-12T02:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-01-31").await;
    let (dec, jan) = (&list[0]["id"], &list[1]["id"]);
    let base = format!("/api/v1/meetings/{dec}");
    let unit = s.unit_chain(&["Brigade"]).await[0];
    s.app
        .request(
            "PUT".parse().expect("method"),
            &format!("{base}/agenda"),
            Some(&s.sec),
            Some(json!({"items": [{"title": "Checkpoints", "is_public": true}]})),
        )
        .await;
    let attendee = s
        .app
        .create(
            &format!("{base}/attendance"),
            &s.sec,
            json!({"name": "Ana", "organisation": "CSO", "sector": "civil_society", "sex": "female"}),
        )
        .await["id"]
        .clone();
    let decision = s
        .app
        .create(
            &format!("{base}/decisions"),
            &s.sec,
            json!({"text": "The brigade reports back", "responsible_unit_id": unit}),
        )
        .await["id"]
        .clone();
    let minutes = format!("{base}/minutes");
    s.patch(&minutes, json!({"body": "Opened at 09:05."})).await;
    s.patch(&minutes, json!({"status": "circulated"})).await;
    s.patch(
        &minutes,
        json!({"status": "approved", "approved_at_meeting": jan}),
    )
    .await;
    let mut browser = Browser::new(&s.app);
    browser.sign_in(SECRETARY).await;
    let record = async || {
        let mut parts = Vec::new();
        for part in ["", "/agenda", "/attendance", "/decisions", "/minutes"] {
            let r = s.app.get(&format!("{base}{part}"), Some(&s.sec)).await;
            assert_eq!(r.status, 200, "{part}: {}", r.text);
            parts.push(r.body);
        }
        parts
    };

    for stage in ["approved", "frozen"] {
        if stage == "frozen" {
            s.patch(&minutes, json!({"status": "frozen"})).await;
        }
        let kept = record().await;
        let head = s.app.audit_head().await;
        let api: Vec<(&str, String, Option<Value>)> = vec![
            (
                "PATCH",
                base.clone(),
                Some(json!({"starts_local": "2026-12-09T09:00"})),
            ),
            (
                "PATCH",
                base.clone(),
                Some(json!({"location": "Elsewhere"})),
            ),
            ("PATCH", base.clone(), Some(json!({"status": "cancelled"}))),
            (
                "PUT",
                format!("{base}/agenda"),
                Some(json!({"items": [{"title": "Late item", "is_public": true}]})),
            ),
            ("PUT", format!("{base}/agenda"), Some(json!({"items": []}))),
            (
                "POST",
                format!("{base}/attendance"),
                Some(
                    json!({"name": "Late", "organisation": "CSO", "sector": "other", "sex": "not_stated"}),
                ),
            ),
            ("DELETE", format!("{base}/attendance/{attendee}"), None),
            (
                "POST",
                format!("{base}/decisions"),
                Some(json!({"text": "Late decision"})),
            ),
            (
                "PATCH",
                format!("{base}/decisions/{decision}"),
                Some(json!({"text": "Rewritten decision"})),
            ),
            (
                "PATCH",
                format!("{base}/decisions/{decision}"),
                Some(json!({"text": "The brigade reports back", "responsible": "Nobody"})),
            ),
            (
                "PATCH",
                minutes.clone(),
                Some(json!({"body": "Rewritten."})),
            ),
            ("PATCH", minutes.clone(), Some(json!({"status": "draft"}))),
            (
                "PATCH",
                minutes.clone(),
                Some(json!({"status": "circulated"})),
            ),
        ];
        for (method, path, body) in api {
            let r = s
                .app
                .request(method.parse().expect("method"), &path, Some(&s.sec), body)
                .await;
            assert_eq!(r.status, 409, "{stage}: {method} {path}: {}", r.text);
            assert_eq!(r.body["error"]["code"], "conflict", "{}", r.text);
        }
        let page = format!("/desk/meetings/{dec}");
        let unit = unit.to_string();
        let forms: [(&str, Vec<(&str, &str)>); 4] = [
            ("agenda", vec![("title", "Late item"), ("is_public", "on")]),
            (
                "attendance",
                vec![
                    ("name", "Late"),
                    ("organisation", "CSO"),
                    ("sector", "other"),
                    ("sex", "not_stated"),
                ],
            ),
            (
                "decisions",
                vec![("text", "Late decision"), ("responsible_unit_id", &unit)],
            ),
            ("minutes", vec![("body", "Rewritten."), ("status", "draft")]),
        ];
        for (form, fields) in forms {
            browser.get(&page, "en").await;
            let csrf = browser.csrf.clone();
            let mut fields = fields;
            fields.push(("csrf", &csrf));
            let r = browser.post(&format!("{page}/{form}"), &fields, "en").await;
            assert_eq!(r.status, 409, "{stage}: the {form} form: {}", r.html);
        }
        assert_eq!(
            s.app.audit_head().await,
            head,
            "{stage}: refusals wrote nothing"
        );
        assert_eq!(record().await, kept, "{stage}: the record is as it was");
    }
}
