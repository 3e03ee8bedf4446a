//! A representative reaches their unit and the units under it: never a record that falls to the
//! unit above theirs or to one beside it, neither to read nor to write.

use crate::world::World;
use awc::http::Method;
use serde_json::{Value, json};

#[actix_web::test]
async fn a_representative_can_neither_read_nor_write_the_records_of_the_unit_above_or_beside() {
    let w = World::build().await.with_records_above_and_beside().await;
    let head = w.app.audit_head().await;
    for name in ["Top", "Z"] {
        let id = |kind: &str| w.ids[&format!("{kind}{name}")].clone();
        let (action, grievance, incident) = (
            format!("/api/v1/actions/{}", id("action")),
            format!("/api/v1/grievances/{}", id("grievance")),
            format!("/api/v1/incidents/{}", id("incident")),
        );
        for path in [&action, &grievance, &incident] {
            let seen = w.app.get(path, w.token("secA")).await;
            assert_eq!(
                seen.status, 200,
                "the secretary reads {path}: {}",
                seen.text
            );
        }
        let tries: [(Method, String, Option<Value>); 8] = [
            (Method::GET, action.clone(), None),
            (
                Method::POST,
                format!("{action}/updates"),
                Some(json!({"status": "in_progress", "note": "Started"})),
            ),
            (
                Method::POST,
                format!("{action}/verify"),
                Some(json!({"accept": true})),
            ),
            (
                Method::PATCH,
                action.clone(),
                Some(json!({"title": "Renamed"})),
            ),
            (Method::GET, grievance.clone(), None),
            (
                Method::PATCH,
                grievance.clone(),
                Some(json!({"status": "responded", "response": "We met the family"})),
            ),
            (Method::GET, incident.clone(), None),
            (
                Method::PATCH,
                incident.clone(),
                Some(json!({"response": {"kind": "acknowledgement", "text": "We acknowledge it"}})),
            ),
        ];
        for (method, path, body) in tries {
            let r = w
                .app
                .request(method.clone(), &path, w.token("repX"), body)
                .await;
            assert_eq!(
                r.status, 404,
                "repX, {method} {path} of the unit {name}: {}",
                r.text
            );
        }
    }
    assert_eq!(w.app.audit_head().await, head, "refusals wrote nothing");

    // Nor do the lists show them; they do show X's own (under brigade X1).
    let ids = async |path: &str| -> Vec<String> {
        let r = w.app.get(path, w.token("repX")).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        let items = r.body.get("items").unwrap_or(&r.body);
        items
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| i["id"].to_string())
            .collect()
    };
    let decisions = format!("/api/v1/meetings/{}/decisions", w.ids["meetingA"]);
    for (path, own) in [
        ("/api/v1/actions", "actionX1"),
        ("/api/v1/grievances", "grievanceA"),
        ("/api/v1/incidents", "incidentA"),
        (decisions.as_str(), "decisionA"),
    ] {
        let seen = ids(path).await;
        assert!(seen.contains(&w.ids[own]), "{path} shows {own}: {seen:?}");
        let kind = own.trim_end_matches(|c: char| c.is_uppercase() || c.is_ascii_digit());
        for name in ["Top", "Z"] {
            let other = &w.ids[&format!("{kind}{name}")];
            assert!(!seen.contains(other), "{path} shows {kind}{name}: {seen:?}");
        }
    }
}
