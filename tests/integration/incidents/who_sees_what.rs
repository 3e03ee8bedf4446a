//! Who sees an incident's victims, narrative and sources, and what a unit may change.

use super::{MARKERS, marked_incident, record};
use crate::access::assert_never_public;
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use serde_json::json;

#[actix_web::test]
async fn victims_narratives_places_and_sources_never_reach_a_unit_or_the_public() {
    let w = World::build().await;
    let (path, created) = record(&w, &w.mem_a, marked_incident(&w)).await;
    assert_eq!(created["view"], "board", "{created}");
    for m in MARKERS {
        assert!(
            !created.to_string().contains(m),
            "the member's answer shows {m}"
        );
    }
    // The secretariat sees the whole record; members the grades of the sources, not who.
    let full = w.app.get(&path, w.sec_a.bearer()).await;
    assert_eq!(full.body["view"], "secretariat");
    for m in MARKERS {
        assert!(full.text.contains(m), "the secretariat misses {m}");
    }
    assert_eq!(full.body["occurred_time"], "23:30");
    let member = w.app.get(&path, w.mem_a.bearer()).await;
    assert_eq!(
        member.body["sources"],
        json!([{"kind": "witness", "reliability": "high"}])
    );
    // The unit alleged sees the counted record and the summary, nothing personal.
    let unit = w.app.get(&path, w.rep_x.bearer()).await;
    assert_eq!(unit.status, 200);
    assert_eq!(unit.body["view"], "unit");
    assert_eq!(unit.body["summary"], "Two houses burned after an encounter");
    assert_eq!(unit.body["victims"].as_array().map(Vec::len), Some(2));
    for field in [
        "narrative",
        "coordinates",
        "victim_identities",
        "sources",
        "steps",
    ] {
        assert!(unit.body.get(field).is_none(), "a unit's view has {field}");
    }
    assert_json_error(&w.app.get(&path, w.rep_y.bearer()).await, 404, "not_found");
    for role in ["repX", "repY", "memA", "admin"] {
        for route in [path.clone(), "/api/v1/incidents".to_owned()] {
            let text = w.app.get(&route, w.token(role)).await.text;
            for m in MARKERS {
                assert!(!text.contains(m), "{role} on {route} sees {m}");
            }
        }
    }
    // Nor does any public route, or anything the representatives may read.
    assert_never_public(&w, &MARKERS, None).await;
    // The audit log keeps the counted record, not the confidential one.
    let audit = w.app.get("/api/v1/audit", w.admin.bearer()).await.text;
    for m in MARKERS {
        assert!(!audit.contains(m), "the audit log keeps {m}");
    }
}

#[actix_web::test]
async fn a_unit_may_only_record_its_response_and_another_unit_changes_nothing() {
    let w = World::build().await;
    let path = format!("/api/v1/incidents/{}", w.incident);
    let sec = w.sec_a.bearer();
    let before = w.app.get(&path, sec).await.text;
    let head = w.app.audit_head().await;
    let other = w.rep_y.bearer();
    assert_json_error(&w.app.get(&path, other).await, 404, "not_found");
    for body in [
        json!({"response": {"kind": "amends", "text": "Paid for the house"}}),
        json!({"status": "closed"}),
        json!({"severity": "low"}),
    ] {
        assert_json_error(
            &w.app.patch_json(&path, other, body).await,
            404,
            "not_found",
        );
    }
    let list = w.app.get("/api/v1/incidents", other).await;
    assert_eq!(list.body["items"], json!([]), "{}", list.text);
    // The unit concerned may not correct the record or move it along.
    for body in [
        json!({"severity": "low"}),
        json!({"unit_id": null}),
        json!({"status": "closed"}),
        json!({"response": {"kind": "amends", "text": "Paid"}, "summary": "Nothing happened"}),
    ] {
        assert_json_error(
            &w.app.patch_json(&path, w.rep_x.bearer(), body).await,
            403,
            "forbidden",
        );
    }
    assert_json_error(
        &w.app
            .patch_json(&path, w.mem_a.bearer(), json!({"status": "closed"}))
            .await,
        403,
        "forbidden",
    );
    assert_eq!(
        w.app.get(&path, sec).await.text,
        before,
        "the record changed"
    );
    assert_eq!(w.app.audit_head().await, head);
    // Its response moves the incident on, and the board closes it.
    let answered = w
        .app
        .patch_json(
            &path,
            w.rep_x.bearer(),
            json!({"response": {"kind": "disciplinary_action", "text": "The patrol leader was relieved"}}),
        )
        .await;
    assert_eq!(answered.status, 200, "{}", answered.text);
    assert_eq!(answered.body["status"], "response_recorded");
    let closed = w
        .app
        .patch_json(
            &path,
            sec,
            json!({"status": "closed", "note": "Family satisfied"}),
        )
        .await;
    assert_eq!(closed.body["status"], "closed", "{}", closed.text);
    for key in [
        "reported_at",
        "assessed_at",
        "investigation_opened_at",
        "response_recorded_at",
        "closed_at",
    ] {
        assert!(
            closed.body["dates"][key].is_string(),
            "{key}: {}",
            closed.text
        );
    }
    assert_json_error(
        &w.app
            .patch_json(&path, sec, json!({"severity": "low"}))
            .await,
        409,
        "conflict",
    );
}
