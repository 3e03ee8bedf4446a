//! A meeting's record: minutes, agenda and decisions.

use crate::fixtures::scene::Scene;
use crate::helpers::assert_json_error;
use serde_json::json;

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
