//! Civilian-harm incidents: who sees what, the lifecycle, early warnings, the aggregated CSV,
//! and actions that follow an incident up.

mod lifecycle;
mod summary;
mod who_sees_what;

use crate::fixtures::world::{Account, World};
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
