//! A representative reaches their unit and the units under it: never a record that falls to the
//! unit above theirs or to one beside it, neither to read nor to write.

use crate::fixtures::world::{OutOfReach, World};
use awc::http::Method;
use serde_json::{Value, json};

#[actix_web::test]
async fn a_representative_can_neither_read_nor_write_the_records_of_the_unit_above_or_beside() {
    let w = World::build().await.with_records_above_and_beside().await;
    let head = w.app.audit_head().await;
    for out in &w.out_of_reach {
        let name = out.name;
        let (action, grievance, incident) = (
            format!("/api/v1/actions/{}", out.action),
            format!("/api/v1/grievances/{}", out.grievance),
            format!("/api/v1/incidents/{}", out.incident),
        );
        for path in [&action, &grievance, &incident] {
            let seen = w.app.get(path, w.sec_a.bearer()).await;
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
                .request(method.clone(), &path, w.rep_x.bearer(), body)
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
    let ids = async |path: &str| -> Vec<i64> {
        let r = w.app.get(path, w.rep_x.bearer()).await;
        assert_eq!(r.status, 200, "{path}: {}", r.text);
        let items = r.body.get("items").unwrap_or(&r.body);
        items
            .as_array()
            .expect("a list")
            .iter()
            .map(|i| i["id"].as_i64().expect("id"))
            .collect()
    };
    let decisions = format!("/api/v1/meetings/{}/decisions", w.sessions.meeting);
    let theirs = |pick: fn(&OutOfReach) -> i64| -> Vec<(&str, i64)> {
        w.out_of_reach.iter().map(|o| (o.name, pick(o))).collect()
    };
    for (path, own, others) in [
        ("/api/v1/actions", w.actions.open, theirs(|o| o.action)),
        (
            "/api/v1/grievances",
            w.grievance.id,
            theirs(|o| o.grievance),
        ),
        ("/api/v1/incidents", w.incident, theirs(|o| o.incident)),
        (
            decisions.as_str(),
            w.sessions.decision,
            theirs(|o| o.decision),
        ),
    ] {
        let seen = ids(path).await;
        assert!(seen.contains(&own), "{path} shows {own}: {seen:?}");
        for (name, other) in others {
            assert!(
                !seen.contains(&other),
                "{path} shows {other} of {name}: {seen:?}"
            );
        }
    }
}
