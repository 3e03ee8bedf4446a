//! The report's document: what a month counts, what it hides, and its trend.

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use serde_json::{Value, json};

const MARKERS: [&str; 4] = [
    "MARKER-VICTIM-Dalisay",
    "MARKER-NARRATIVE-bukid",
    "MARKER-FILER-Bayani",
    "MARKER-WORDS-gabi",
];

#[actix_web::test]
async fn the_document_counts_the_month_hides_small_counts_and_holds_no_one() {
    let mut w = World::build().await;
    let sec = w.sec_a.bearer();
    let board: i64 = w.boards.a;
    let x1: i64 = w.units.x1;
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for n in 0..6 {
        let body = json!({"board_id": board, "occurred_on": today, "region": "Region A",
            "summary": format!("Burned house {n}"), "severity": "low",
            "harms": ["property_destroyed"], "victims": [{"sex": "female", "age_group": "adult", "count": 1}],
            "perpetrators": [{"kind": "unit", "unit_id": x1}],
            "narrative": MARKERS[1],
            "victim_identities": [{"name": MARKERS[0], "sex": "female", "age_group": "adult"}]});
        let r = w.app.post_json("/api/v1/incidents", sec, body).await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let filed = w
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": board, "category": "harassment", "description": MARKERS[3],
                "contact": {"name": MARKERS[2]}}),
        )
        .await;
    assert_eq!(filed.status, 201);
    let month = w.this_month.clone();
    let path = format!("/api/v1/boards/{board}/reports");
    let early = w.app.post_json(&path, sec, json!({"period": month})).await;
    assert_json_error(&early, 422, "validation_failed");
    let next = chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
        .expect("month")
        .checked_add_months(chrono::Months::new(1))
        .expect("next month");
    assert!(
        early.text.contains("has not ended") && early.text.contains(&next.to_string()),
        "{}",
        early.text
    );
    w.close_this_month().await;
    let sec = w.sec_a.bearer();
    let drafted = w.app.post_json(&path, sec, json!({"period": month})).await;
    assert_eq!(drafted.status, 201, "{}", drafted.text);
    let doc = &drafted.body["document"];
    for m in MARKERS {
        assert!(!drafted.text.contains(m), "the report document holds {m}");
    }
    assert_eq!(doc["period"], month);
    assert_eq!(doc["incidents"]["total"], "6");
    assert_eq!(doc["incidents"]["victims"], "6");
    assert_eq!(
        doc["incidents"]["by_harm"],
        json!([{"label": "property_destroyed", "count": "6"}])
    );
    // Two grievances this month (the world's and this one): below the threshold.
    assert_eq!(doc["grievances"]["received"], "<5");
    assert_eq!(doc["small_count_threshold"], 5);
    assert_eq!(doc["actions"]["opened"], 2, "{doc}");
    assert_eq!(doc["actions"]["reported_done"], 1, "{doc}");
    let head = w.app.get("/api/v1/audit/verify", w.admin.bearer()).await;
    assert!(
        doc["audit_head"]["seq"].as_i64().expect("seq") > 0,
        "{}",
        head.text
    );
    let sha = drafted.body["document_sha256"].as_str().expect("sha");
    assert_eq!(sha.len(), 64);
    // Redrafting from unchanged records gives the same document (but a newer audit head).
    let again = w.app.post_json(&path, sec, json!({"period": month})).await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert_eq!(again.body["id"], drafted.body["id"]);
    assert_eq!(again.body["document"]["incidents"], doc["incidents"]);
    // Months not yet ended, and nonsense, are refused.
    let now_month = next.format("%Y-%m").to_string();
    for period in [now_month.as_str(), "2999-01", "2026-13", "soon", "2026-Q1"] {
        let r = w.app.post_json(&path, sec, json!({"period": period})).await;
        assert_json_error(&r, 422, "validation_failed");
    }
}

/// The whole document of a known month, against `tests/snapshots/report_document.json`
/// (`UPDATE_SNAPSHOTS=1` rewrites it; read the diff before committing). The audit hash is the
/// one part that is not compared: it covers sign-in times and hashes of random tokens.
#[actix_web::test]
async fn a_known_month_gives_the_snapshot_document() {
    let mut s = Scene::new("Asia/Manila", "2026-11-02T01:00:00Z").await;
    let units = s
        .unit_chain(&["Army", "8th Division", "802nd Brigade"])
        .await;
    let (sec, board) = (s.sec.clone(), s.board);
    let post = async |path: String, body: Value| {
        let r = s.app.post_json(&path, Some(&sec), body).await;
        assert!(r.status.is_success(), "POST {path}: {}", r.text);
        r.body
    };
    s.series(
        json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-11-01",
        "start_time": "09:00", "location": "Tacloban"}),
    )
    .await;
    // A closed session (counted without any detail) and a session nobody recorded.
    s.series(
        json!({"rrule": "FREQ=MONTHLY;BYDAY=4TU", "first_date": "2026-11-01",
        "title": "Closed session on the checkpoint case", "location": "Camp Silungan",
        "is_public": false}),
    )
    .await;
    s.series(
        json!({"rrule": "FREQ=MONTHLY;BYDAY=3TU", "first_date": "2026-11-01",
        "title": "Unrecorded session"}),
    )
    .await;
    let sessions = s.meetings("2026-11-01", "2026-11-30").await;
    let meeting = sessions[0]["id"].clone();
    let closed = sessions
        .iter()
        .find(|m| m["is_public"] == false)
        .expect("closed session")["id"]
        .clone();
    for (name, sector, sex) in [
        ("A", "civil_society", "female"),
        ("B", "civil_society", "female"),
        ("C", "military", "male"),
        ("D", "police", "male"),
        ("E", "government", "not_stated"),
    ] {
        post(
            format!("/api/v1/meetings/{meeting}/attendance"),
            json!({"name": name, "organisation": "Org", "sector": sector, "sex": sex}),
        )
        .await;
    }
    post(
        format!("/api/v1/meetings/{meeting}/decisions"),
        json!({"text": "The brigade explains the checkpoint closures", "responsible_unit_id": units[2]}),
    )
    .await;
    post(
        format!("/api/v1/meetings/{closed}/attendance"),
        json!({"name": "F", "organisation": "Org", "sector": "military", "sex": "male"}),
    )
    .await;
    post(
        format!("/api/v1/meetings/{closed}/decisions"),
        json!({"text": "Closed decision on the checkpoint case"}),
    )
    .await;
    let indicator = post(
        format!("/api/v1/boards/{board}/indicators"),
        json!({"code": "CH-01", "name": "Civilian-harm incidents", "measure": "count",
            "direction": "lower_is_better", "baseline": {"value": 12, "date": "2026-01-01"}}),
    )
    .await["id"]
        .clone();
    let r = s
        .app
        .request(
            awc::http::Method::PUT,
            &format!("/api/v1/indicators/{indicator}/targets"),
            Some(&sec),
            Some(json!({"targets": [{"period": "2026", "value": 8}], "reason": "Agreed"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    for (period, value) in [("2026-10", 9), ("2026-11", 7)] {
        post(
            format!("/api/v1/indicators/{indicator}/values"),
            json!({"period": period, "value": value}),
        )
        .await;
    }
    for day in 1..=6 {
        post(
            "/api/v1/incidents".to_owned(),
            json!({"board_id": board, "occurred_on": format!("2026-11-0{}", day.min(2)),
                "region": if day < 6 { "Eastern Visayas" } else { "Caraga" },
                "summary": "Shelling near houses", "severity": "low",
                "harms": if day == 1 { json!(["injured", "displacement"]) } else { json!(["displacement"]) },
                "victims": [{"sex": "female", "age_group": "child", "count": 2}],
                "perpetrators": [{"kind": "unit", "unit_id": units[2]}]}),
        )
        .await;
    }
    // An incident recorded without victim counts: its victims are not counted, not zero.
    post(
        "/api/v1/incidents".to_owned(),
        json!({"board_id": board, "occurred_on": "2026-11-02", "region": "Caraga",
            "summary": "Arrest at a checkpoint", "severity": "low",
            "harms": ["arbitrary_arrest_or_detention"],
            "perpetrators": [{"kind": "unit", "unit_id": units[2]}]}),
    )
    .await;
    // Eight grievances on Monday 2 November (acknowledge by the 4th, answer by the 16th): five
    // acknowledged on time, two late, one never; four answered on time, two late.
    let mut grievances = Vec::new();
    for n in 0..8 {
        let filed = s
            .app
            .post_json(
                "/api/v1/public/grievances",
                None,
                json!({"board_id": board, "category": "checkpoint", "description": format!("Held {n}")}),
            )
            .await;
        assert_eq!(filed.status, 201, "{}", filed.text);
    }
    let listed = s
        .app
        .get(&format!("/api/v1/grievances?board={board}"), Some(&s.sec))
        .await;
    for g in listed.body["items"].as_array().expect("grievances") {
        grievances.push(format!("/api/v1/grievances/{}", g["id"]));
    }
    grievances.sort();
    assert_eq!(grievances.len(), 8, "{}", listed.text);
    let steps: [(&str, &[usize], Value); 5] = [
        (
            "2026-11-03T02:00:00Z",
            &[0, 1, 2, 3, 4],
            json!({"status": "acknowledged"}),
        ),
        (
            "2026-11-06T02:00:00Z",
            &[5, 6],
            json!({"status": "acknowledged"}),
        ),
        (
            "2026-11-06T03:00:00Z",
            &[0, 1, 2, 3, 4, 5],
            json!({"status": "referred", "unit_id": units[2], "unit_summary": "Held at the checkpoint"}),
        ),
        (
            "2026-11-10T02:00:00Z",
            &[0, 1, 2, 3],
            json!({"status": "responded", "response": "Released"}),
        ),
        (
            "2026-11-20T02:00:00Z",
            &[4, 5],
            json!({"status": "responded", "response": "Released late"}),
        ),
    ];
    for (at, which, body) in steps {
        s.clock.set(at.parse().expect("instant"));
        s.sign_in_again().await;
        for &i in which {
            let r = s
                .app
                .patch_json(&grievances[i], Some(&s.sec), body.clone())
                .await;
            assert_eq!(r.status, 200, "{at} {}: {}", grievances[i], r.text);
        }
    }
    let sec = s.sec.clone();
    let post = async |path: String, body: Value| {
        let r = s.app.post_json(&path, Some(&sec), body).await;
        assert!(r.status.is_success(), "POST {path}: {}", r.text);
        r.body
    };
    post(
        "/api/v1/actions".to_owned(),
        json!({"board_id": board, "title": "Reopen the road", "source_kind": "none",
            "unit_id": units[2], "due_date": "2026-11-20"}),
    )
    .await;
    // The month closes; the secretary drafts it on 2 December.
    s.clock
        .set("2026-12-02T01:00:00Z".parse().expect("instant"));
    s.sign_in_again().await;
    let drafted = s.draft("2026-11").await;
    assert_eq!(drafted.status, 201, "{}", drafted.text);
    let mut doc = drafted.body["document"].clone();
    assert_eq!(
        doc["audit_head"]["hash"].as_str().map(str::len),
        Some(64),
        "{doc}"
    );
    doc["audit_head"]["hash"] = json!("<audit hash>");
    // Closed sessions are counted without any detail; a session nobody recorded is not "held".
    let sessions = &doc["sessions"];
    assert_eq!(sessions["held"].as_array().map(Vec::len), Some(1), "{doc}");
    assert_eq!(sessions["held"][0]["title"], "Monthly session");
    assert_eq!(
        (
            sessions["closed_held"].clone(),
            sessions["not_recorded"].clone()
        ),
        (json!(1), json!(1))
    );
    assert_eq!(
        sessions["attendance"]["total"], 5,
        "closed sessions' attendance is not shown"
    );
    for secret in [
        "Closed session",
        "Camp Silungan",
        "Closed decision",
        "Unrecorded",
    ] {
        assert!(!drafted.text.contains(secret), "{secret} in {doc}");
    }
    // Victims counted, apart from the incident whose victims are not counted yet.
    let incidents = &doc["incidents"];
    assert_eq!(
        (
            incidents["total"].clone(),
            incidents["victims"].clone(),
            incidents["victims_not_counted"].clone()
        ),
        (json!("7"), json!("12"), json!("<5"))
    );
    // Deadlines kept, exactly: 5 shown, 4 hidden.
    let g = &doc["grievances"];
    assert_eq!(
        [
            &g["received"],
            &g["acknowledged_on_time"],
            &g["acknowledgement_due"],
            &g["responded_on_time"],
            &g["response_due"]
        ],
        [
            &json!("8"),
            &json!("5"),
            &json!("8"),
            &json!("<5"),
            &json!("8")
        ],
        "{doc}"
    );
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/snapshots/report_document.json"
    );
    let text = serde_json::to_string_pretty(&doc).expect("json") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(file, &text).expect("write snapshot");
        panic!("{file} written: read its diff, then run the test again without UPDATE_SNAPSHOTS");
    }
    let expected = std::fs::read_to_string(file).expect("snapshot (UPDATE_SNAPSHOTS=1 makes it)");
    assert_eq!(text, expected, "the report document changed");
}

/// An indicator's trend in a month's report is the twelve months up to and including that
/// month: a figure for the month before the first, or for the month after the report's, is not
/// in it, however near.
#[actix_web::test]
async fn a_reports_trend_is_its_twelve_months_and_no_month_either_side() {
    let mut s = Scene::new("Asia/Manila", "2025-11-05T01:00:00Z").await;
    let board = s.board;
    let r = s
        .app
        .post_json(
            &format!("/api/v1/boards/{board}/indicators"),
            Some(&s.sec),
            json!({"code": "CH-01", "name": "Civilian-harm incidents", "measure": "count",
                "direction": "lower_is_better"}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let indicator = r.body["id"].clone();
    // Each month's figure is entered while that month is under way.
    for (period, value) in [
        ("2025-11", 100),
        ("2025-12", 1),
        ("2026-10", 10),
        ("2026-11", 11),
        ("2026-12", 99),
    ] {
        s.clock
            .set(format!("{period}-05T01:00:00Z").parse().expect("instant"));
        s.sign_in_again().await;
        let r = s
            .app
            .post_json(
                &format!("/api/v1/indicators/{indicator}/values"),
                Some(&s.sec),
                json!({"period": period, "value": value}),
            )
            .await;
        assert!(r.status.is_success(), "{period}: {}", r.text);
    }
    let drafted = s.draft("2026-11").await;
    assert_eq!(drafted.status, 201, "{}", drafted.text);
    let mut expected = vec![json!(["2025-12", 1.0])];
    expected.extend((1..=9).map(|m| json!([format!("2026-{m:02}"), null])));
    expected.extend([json!(["2026-10", 10.0]), json!(["2026-11", 11.0])]);
    assert_eq!(
        drafted.body["document"]["indicators"][0]["trend"],
        Value::Array(expected)
    );
}

/// The actions part counts every action open at some moment of the month, however old, and no
/// other; the month's bounds are the board's local midnights.
#[actix_web::test]
async fn a_month_counts_the_actions_open_during_it_however_old_and_no_others() {
    let mut s = Scene::new("Asia/Manila", "2026-09-05T01:00:00Z").await;
    let units = s
        .unit_chain(&["Army", "8th Division", "802nd Brigade"])
        .await;
    let (division, brigade) = (units[1], units[2]);
    async fn at(s: &mut Scene, instant: &str) {
        s.clock.set(instant.parse().expect("instant"));
        s.sign_in_again().await;
    }
    async fn act(s: &Scene, path: String, body: Value) -> Value {
        let r = s.app.post_json(&path, Some(&s.sec), body).await;
        assert!(r.status.is_success(), "POST {path}: {}", r.text);
        r.body
    }
    async fn action(s: &Scene, unit: i64, due: &str) -> i64 {
        let body = json!({"board_id": s.board, "title": "Act", "source_kind": "none",
            "unit_id": unit, "due_date": due});
        act(s, "/api/v1/actions".to_owned(), body).await["id"]
            .as_i64()
            .expect("id")
    }
    let done = json!({"status": "reported_done"});
    // September: one left open (overdue by November), one finished in October, one finished in
    // November after being reported done twice there.
    let left_open = action(&s, brigade, "2026-10-15").await;
    let finished_before = action(&s, brigade, "2026-12-31").await;
    let finished_in = action(&s, brigade, "2026-11-10").await;
    at(&mut s, "2026-10-10T01:00:00Z").await;
    act(
        &s,
        format!("/api/v1/actions/{finished_before}/updates"),
        done.clone(),
    )
    .await;
    act(
        &s,
        format!("/api/v1/actions/{finished_before}/verify"),
        json!({"accept": true}),
    )
    .await;
    // 1 November 01:00 in Manila (31 October in UTC): in November.
    at(&mut s, "2026-10-31T17:00:00Z").await;
    let opened = action(&s, division, "2026-12-15").await;
    at(&mut s, "2026-11-03T01:00:00Z").await;
    act(
        &s,
        format!("/api/v1/actions/{finished_in}/updates"),
        done.clone(),
    )
    .await;
    act(
        &s,
        format!("/api/v1/actions/{finished_in}/verify"),
        json!({"accept": false, "reason": "No proof"}),
    )
    .await;
    act(
        &s,
        format!("/api/v1/actions/{finished_in}/updates"),
        done.clone(),
    )
    .await;
    at(&mut s, "2026-11-25T01:00:00Z").await;
    act(
        &s,
        format!("/api/v1/actions/{finished_in}/verify"),
        json!({"accept": true}),
    )
    .await;
    // 1 December 01:00 in Manila (30 November in UTC): not in November.
    at(&mut s, "2026-11-30T17:00:00Z").await;
    let later = action(&s, division, "2026-12-20").await;
    act(&s, format!("/api/v1/actions/{later}/updates"), done).await;
    at(&mut s, "2026-12-02T01:00:00Z").await;
    let drafted = s.draft("2026-11").await;
    assert_eq!(drafted.status, 201, "{}", drafted.text);
    assert_eq!(
        drafted.body["document"]["actions"],
        json!({
            "opened": 1, "reported_done": 1, "verified": 1, "overdue": 1,
            "by_unit": [
                {"unit": "802nd Brigade", "open": 1, "reported_done": 1, "verified": 1, "overdue": 1},
                {"unit": "8th Division", "open": 1, "reported_done": 0, "verified": 0, "overdue": 0},
            ],
        }),
        "actions {left_open}, {finished_before}, {finished_in}, {opened}, {later}"
    );
}
