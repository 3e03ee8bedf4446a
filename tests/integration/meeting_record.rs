//! A meeting's record once the session is over: minutes approved only at a later session that
//! has begun, and every write to the record refused once its minutes are approved or frozen.

use crate::helpers::{PASSWORD, assert_json_error};
use crate::meetings::Scene;
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
