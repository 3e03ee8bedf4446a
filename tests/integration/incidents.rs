//! Civilian-harm incidents: who sees what, the lifecycle, early warnings, the aggregated CSV,
//! and actions that follow an incident up.

use crate::access::assert_never_public;
use crate::fixtures::world::{Account, World};
use crate::helpers::assert_json_error;
use serde_json::{Value, json};

const MARKERS: [&str; 5] = [
    "MARKER-VICTIM-Rosario",
    "MARKER-NARRATIVE-kubo",
    "12.34567",
    "MARKER-WITNESS-Tomas",
    "MARKER-NOTE-relative",
];

fn marked_incident(w: &World) -> Value {
    json!({"board_id": w.boards.a, "occurred_on": "2026-02-02", "occurred_time": "23:30",
        "region": "Region A", "province": "Samar", "municipality": "Catbalogan",
        "summary": "Two houses burned after an encounter", "severity": "high",
        "harms": ["property_destroyed", "displacement"],
        "victims": [{"sex": "female", "age_group": "elder", "count": 1},
                    {"sex": "male", "age_group": "child", "count": 3}],
        "perpetrators": [{"kind": "unit", "unit_id": w.units.x1, "involvement": "direct"},
                         {"kind": "non_state_armed_group", "group_name": "Armed group Z"}],
        "narrative": format!("{} said the fire started at night", MARKERS[1]),
        "coordinates": {"latitude": 12.34567, "longitude": 124.8},
        "victim_identities": [{"name": MARKERS[0], "sex": "female", "age_group": "elder",
                               "note": MARKERS[4]}],
        "sources": [{"kind": "witness", "reliability": "high", "description": MARKERS[3]}]})
}

async fn record(w: &World, who: &Account, body: Value) -> (String, Value) {
    let r = w
        .app
        .post_json("/api/v1/incidents", who.bearer(), body)
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    (format!("/api/v1/incidents/{}", r.body["id"]), r.body)
}

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
async fn the_summary_counts_by_month_region_harm_and_perpetrator_and_hides_small_counts() {
    let w = World::build().await;
    let x1 = w.units.x1;
    for day in 1..=6 {
        let body = json!({"board_id": w.boards.a, "occurred_on": format!("2026-05-0{day}"),
            "region": "Region A", "summary": "Checkpoint beating", "severity": "low",
            "harms": ["injured"], "victims": [{"sex": "male", "age_group": "youth", "count": 2}],
            "perpetrators": [{"kind": "unit", "unit_id": x1, "involvement": "direct"}]});
        record(&w, &w.sec_a, body).await;
    }
    let mut lone = marked_incident(&w);
    lone["occurred_on"] = json!("2026-05-20");
    record(&w, &w.sec_a, lone).await;
    // Recorded without victim counts: its victims are not counted, which is not zero.
    let uncounted = json!({"board_id": w.boards.a, "occurred_on": "2026-05-21",
        "region": "Region A", "summary": "Arrest at a checkpoint", "severity": "low",
        "harms": ["arbitrary_arrest_or_detention"]});
    record(&w, &w.sec_a, uncounted).await;
    let csv = w
        .app
        .get(
            "/api/v1/incidents/summary.csv?from=2026-05&to=2026-05",
            w.mem_a.bearer(),
        )
        .await;
    assert_eq!(csv.status, 200, "{}", csv.text);
    let unit = w
        .app
        .get(&format!("/api/v1/units/{x1}"), w.admin.bearer())
        .await
        .body["name"]
        .as_str()
        .expect("name")
        .to_owned();
    let mut reader = ::csv::Reader::from_reader(csv.text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("row").iter().map(str::to_owned).collect())
        .collect();
    let expect = |cells: [&str; 8]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        rows,
        vec![
            expect([
                "2026-05",
                "Region A",
                "arbitrary_arrest_or_detention",
                "unknown",
                "",
                "<5",
                "0",
                "<5"
            ]),
            expect([
                "2026-05",
                "Region A",
                "displacement",
                "non_state_armed_group",
                "Armed group Z",
                "<5",
                "<5",
                "0"
            ]),
            expect([
                "2026-05",
                "Region A",
                "displacement",
                "unit",
                &unit,
                "<5",
                "<5",
                "0"
            ]),
            expect([
                "2026-05", "Region A", "injured", "unit", &unit, "6", "12", "0"
            ]),
            expect([
                "2026-05",
                "Region A",
                "property_destroyed",
                "non_state_armed_group",
                "Armed group Z",
                "<5",
                "<5",
                "0"
            ]),
            expect([
                "2026-05",
                "Region A",
                "property_destroyed",
                "unit",
                &unit,
                "<5",
                "<5",
                "0"
            ]),
        ]
    );
    for m in MARKERS {
        assert!(!csv.text.contains(m));
    }
    // Another board's secretary sees none of it, and may not ask for it.
    let other = w
        .app
        .get(
            "/api/v1/incidents/summary.csv?from=2026-05&to=2026-05",
            w.sec_b.bearer(),
        )
        .await;
    assert_eq!(other.text.lines().count(), 1, "{}", other.text);
    let asked = format!("/api/v1/incidents/summary.csv?board={}", w.boards.a);
    assert_json_error(&w.app.get(&asked, w.sec_b.bearer()).await, 403, "forbidden");
    for query in [
        "from=2026-13",
        "from=2026-06&to=2026-05",
        "from=2000-01&to=2026-05",
        "to=soon",
    ] {
        let r = w
            .app
            .get(
                &format!("/api/v1/incidents/summary.csv?{query}"),
                w.sec_a.bearer(),
            )
            .await;
        assert_json_error(&r, 422, "validation_failed");
    }
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

#[actix_web::test]
async fn incidents_page_in_id_order_and_filter_by_status() {
    let w = World::build().await;
    for n in 0..4 {
        let body = json!({"board_id": w.boards.a, "occurred_on": "2026-01-01",
            "region": "Region A", "summary": format!("Incident {n}"), "severity": "low",
            "harms": ["other"]});
        record(&w, &w.mem_a, body).await;
    }
    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page = w
            .app
            .get(
                &format!("/api/v1/incidents?limit=2{after}"),
                w.sec_a.bearer(),
            )
            .await;
        assert_eq!(page.status, 200, "{}", page.text);
        for item in page.body["items"].as_array().expect("items") {
            seen.push(item["id"].as_i64().expect("id"));
        }
        match page.body["next_after"].as_i64() {
            Some(next) => after = format!("&after={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5, "{seen:?}");
    assert!(seen.windows(2).all(|p| p[0] < p[1]), "{seen:?}");
    let investigating = w
        .app
        .get(
            "/api/v1/incidents?status=under_investigation",
            w.mem_a.bearer(),
        )
        .await;
    let ids: Vec<i64> = investigating.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(ids, [w.incident]);
    assert_json_error(
        &w.app
            .get("/api/v1/incidents?limit=0", w.sec_a.bearer())
            .await,
        422,
        "validation_failed",
    );
}
