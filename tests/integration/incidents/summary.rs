//! The aggregated summary and the paged, filtered list.

use super::{MARKERS, marked_incident, record};
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use serde_json::json;

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
