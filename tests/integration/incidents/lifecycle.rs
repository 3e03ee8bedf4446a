//! An incident's lifecycle: its steps, refusals, early warnings and the actions that follow it up.

use super::{MARKERS, marked_incident, record};
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use serde_json::{Value, json};

#[actix_web::test]
async fn the_lifecycle_refuses_skipped_steps_and_early_responses() {
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let mut body = marked_incident(&w);
    body["severity"] = json!("low");
    let (path, _) = record(&w, &w.sec_a, body).await;
    assert_json_error(
        &w.app
            .patch_json(&path, sec, json!({"status": "credible"}))
            .await,
        409,
        "conflict",
    );
    assert_json_error(
        &w.app
            .patch_json(
                &path,
                sec,
                json!({"response": {"kind": "amends", "text": "Paid"}}),
            )
            .await,
        409,
        "conflict",
    );
    for status in [
        "under_assessment",
        "not_credible",
        "under_assessment",
        "credible",
        "under_investigation",
    ] {
        let r = w
            .app
            .patch_json(&path, sec, json!({"status": status}))
            .await;
        assert_eq!(r.status, 200, "{status}: {}", r.text);
    }
    assert_json_error(
        &w.app
            .patch_json(&path, sec, json!({"status": "response_recorded"}))
            .await,
        422,
        "validation_failed",
    );
    let r = w
        .app
        .patch_json(
            &path,
            sec,
            json!({"response": {"kind": "referral", "text": "Sent to the prosecutor"}, "status": "closed"}),
        )
        .await;
    assert_eq!(r.body["status"], "closed", "{}", r.text);
    let steps: Vec<&str> = r.body["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["status"].as_str().expect("status"))
        .collect();
    assert_eq!(
        steps,
        [
            "reported",
            "under_assessment",
            "not_credible",
            "under_assessment",
            "credible",
            "under_investigation",
            "response_recorded",
            "closed"
        ]
    );
}

#[actix_web::test]
async fn bad_incidents_are_refused_and_write_nothing() {
    let w = World::build().await;
    let head = w.app.audit_head().await;
    let good = marked_incident(&w);
    let with = |key: &str, value: Value| {
        let mut b = good.clone();
        b[key] = value;
        b
    };
    for (body, field) in [
        (with("occurred_on", json!("2099-01-01")), "occurred_on"),
        (with("occurred_time", json!("25:00")), "occurred_time"),
        (with("harms", json!([])), "harms"),
        (with("harms", json!(["killed", "killed"])), "harms"),
        (with("region", json!("  ")), "region"),
        (with("summary", json!("")), "summary"),
        (with("narrative", json!("NUL\u{0}inside")), "narrative"),
        (
            with("coordinates", json!({"latitude": 91.0, "longitude": 0.0})),
            "coordinates",
        ),
        (
            with(
                "victims",
                json!([{"sex": "male", "age_group": "child", "count": 0}]),
            ),
            "victims",
        ),
        (
            with(
                "victims",
                json!([{"sex": "male", "age_group": "child", "count": 1},
                                {"sex": "male", "age_group": "child", "count": 2}]),
            ),
            "victims",
        ),
        (
            with("perpetrators", json!([{"kind": "unit"}])),
            "perpetrators",
        ),
        (
            with("perpetrators", json!([{"kind": "unit", "unit_id": 999999}])),
            "perpetrators",
        ),
        (
            with(
                "perpetrators",
                json!([{"kind": "unknown", "group_name": "Z"}]),
            ),
            "perpetrators",
        ),
        (with("unit_id", json!(999999)), "unit_id"),
        (
            with(
                "victim_identities",
                json!([{"name": "", "sex": "male", "age_group": "adult"}]),
            ),
            "victim_identities",
        ),
    ] {
        let r = w
            .app
            .post_json("/api/v1/incidents", w.sec_a.bearer(), body)
            .await;
        assert_eq!(r.status, 422, "{field}: {}", r.text);
        assert_eq!(r.body["error"]["field"], field, "{}", r.text);
    }
    for body in [
        with("severity", json!("apocalyptic")),
        with("harms", json!(["rumour"])),
        json!({}),
    ] {
        let r = w
            .app
            .post_json("/api/v1/incidents", w.sec_a.bearer(), body)
            .await;
        assert!(r.status.is_client_error(), "{}", r.text);
    }
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn a_grave_incident_warns_the_secretaries_and_the_chain_of_command_once() {
    let w = World::build().await;
    let outbox = async || -> Vec<Value> {
        let r = w.app.get("/api/v1/outbox", w.admin.bearer()).await;
        r.body
            .as_array()
            .expect("outbox")
            .iter()
            .filter(|n| n["kind"] == "incident_early_warning")
            .cloned()
            .collect()
    };
    let mut body = marked_incident(&w);
    body["severity"] = json!("moderate");
    let (path, _) = record(&w, &w.mem_a, body).await;
    assert!(
        outbox().await.is_empty(),
        "a moderate incident warns nobody"
    );
    let raised = w
        .app
        .patch_json(&path, w.sec_a.bearer(), json!({"severity": "critical"}))
        .await;
    assert_eq!(raised.status, 200, "{}", raised.text);
    let warned = outbox().await;
    let mut to: Vec<String> = warned
        .iter()
        .map(|n| n["recipient"].as_str().expect("to").to_owned())
        .collect();
    to.sort();
    let mut expected = vec![w.sec_a.email.clone(), w.rep_x.email.clone()];
    expected.sort();
    assert_eq!(
        to, expected,
        "secretaries and the division above the brigade, not members"
    );
    for n in &warned {
        let text = n.to_string();
        for m in MARKERS {
            assert!(!text.contains(m), "the warning carries {m}");
        }
    }
    w.app
        .patch_json(&path, w.sec_a.bearer(), json!({"severity": "high"}))
        .await;
    assert_eq!(
        outbox().await.len(),
        warned.len(),
        "one warning per incident"
    );
}

#[actix_web::test]
async fn an_action_follows_up_an_incident_of_its_own_board() {
    let w = World::build().await;
    let action = |board: i64| {
        json!({"board_id": board, "title": "Rebuild the houses", "source_kind": "incident",
            "source_id": w.incident, "unit_id": w.units.x1, "due_date": "2030-06-30"})
    };
    let made = w
        .app
        .post_json("/api/v1/actions", w.sec_a.bearer(), action(w.boards.a))
        .await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["source_kind"], "incident");
    let elsewhere = w
        .app
        .post_json("/api/v1/actions", w.sec_b.bearer(), action(w.boards.b))
        .await;
    assert_json_error(&elsewhere, 422, "validation_failed");
}
