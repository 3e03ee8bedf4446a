//! Monthly reports: the document's content and privacy, its lifecycle, and the drafting job.

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::{Response, assert_json_error};
use bantay::config::ReportSettings;
use bantay::jobs;
use serde_json::{Value, json};

impl Scene {
    /// The secretary drafts (or redrafts) the board's report for `period`: the answer as it came.
    async fn draft(&self, period: &str) -> Response {
        let path = format!("/api/v1/boards/{}/reports", self.board);
        let body = json!({ "period": period });
        self.app.post_json(&path, Some(&self.sec), body).await
    }
}

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

#[actix_web::test]
async fn an_approved_draft_goes_back_to_draft_when_redrafted() {
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let path = format!("/api/v1/reports/{}", w.reports.draft);
    let approved = w
        .app
        .post_json(&format!("{path}/approve"), sec, json!({}))
        .await;
    assert_eq!(approved.body["status"], "approved", "{}", approved.text);
    assert!(approved.body["approved_by"].is_i64());
    assert_json_error(
        &w.app
            .post_json(&format!("{path}/approve"), sec, json!({}))
            .await,
        409,
        "conflict",
    );
    let board = format!("/api/v1/boards/{}/reports", w.boards.a);
    let redrafted = w
        .app
        .post_json(&board, sec, json!({"period": "2026-03"}))
        .await;
    assert_eq!(redrafted.body["status"], "draft", "{}", redrafted.text);
    assert_eq!(redrafted.body["approved_by"], Value::Null);
    assert_json_error(
        &w.app
            .post_json(&format!("{path}/corrections"), sec, json!({}))
            .await,
        409,
        "conflict",
    );
    let listed = w.app.get(&board, w.mem_a.bearer()).await;
    assert_eq!(
        listed.body.as_array().map(Vec::len),
        Some(2),
        "{}",
        listed.text
    );
    assert!(
        listed.body[0].get("document").is_none(),
        "lists carry no document"
    );
}

#[actix_web::test]
async fn the_drafting_job_drafts_each_closed_month_once_on_any_number_of_instances() {
    // A board created on 20 October 2026 (Manila).
    let mut s = Scene::new("Asia/Manila", "2026-10-20T00:00:00Z").await;
    let settings = ReportSettings::default();
    let run = async |db: &bantay::db::Db| jobs::report_drafts::run(db, s.now(), &settings, 5).await;
    assert_eq!(
        run(&s.app.db).await.expect("job"),
        0,
        "October is still open"
    );
    // 1 November, 05:00 Manila: before the drafting hour.
    s.clock
        .set("2026-10-31T21:00:00Z".parse().expect("instant"));
    assert_eq!(run(&s.app.db).await.expect("job"), 0, "before 06:00 local");
    s.clock
        .set("2026-10-31T22:00:00Z".parse().expect("instant"));
    assert_eq!(run(&s.app.db).await.expect("job"), 1);
    assert_eq!(
        run(&s.app.db).await.expect("job"),
        0,
        "a second tick drafts nothing"
    );
    // Down from 2 November until 5 January: November and December are caught up, by two
    // instances ticking at once; together they draft each month once.
    s.clock
        .set("2027-01-05T00:00:00Z".parse().expect("instant"));
    let other = s.app.test_db.open();
    let (a, b) = tokio::join!(run(&s.app.db), run(&other));
    let (a, b) = (
        a.expect("one instance's tick"),
        b.expect("the other's tick"),
    );
    let late = run(&s.app.db).await.expect("job");
    assert_eq!(a + b + late, 2, "{a} {b} then {late}");
    assert_eq!(run(&other).await.expect("job"), 0);
    s.sign_in_again().await;
    let listed = s
        .app
        .get(&format!("/api/v1/boards/{}/reports", s.board), Some(&s.sec))
        .await;
    let periods: Vec<&str> = listed
        .body
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["period"].as_str().expect("period"))
        .collect();
    assert_eq!(
        periods,
        ["2026-12", "2026-11", "2026-10"],
        "{}",
        listed.text
    );
    let told: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|n| n["kind"] == "report_drafted")
        .collect();
    assert_eq!(told.len(), 3, "the secretary, once a month: {told:?}");
    assert!(
        told.iter()
            .all(|n| n["recipient"] == "secretary@board.test.bantay.example")
    );
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

#[actix_web::test]
async fn two_officers_publish_a_report_and_a_correction_supersedes_it_without_changing_it() {
    let s = Scene::new("Asia/Manila", "2026-11-05T01:00:00Z").await;
    let now = s.now();
    s.app
        .db
        .write(move |conn| bantay::reports::keys::init(conn, "Scene", now))
        .await
        .expect("keys");
    let second = "secretary.two@board.test.bantay.example";
    s.app
        .create(
            "/api/v1/users",
            &s.admin,
            json!({"email": second, "name": "Second", "password": crate::helpers::PASSWORD,
                "roles": [{"role": "secretary", "board_id": s.board}]}),
        )
        .await;
    let other = s.app.login(second, crate::helpers::PASSWORD).await;
    let post =
        async |path: String, token: &str| s.app.post_json(&path, Some(token), json!({})).await;
    let drafted = s
        .app
        .create(
            &format!("/api/v1/boards/{}/reports", s.board),
            &s.sec,
            json!({"period": "2026-10"}),
        )
        .await;
    let id = drafted["id"].clone();
    let report = format!("/api/v1/reports/{id}");
    assert_json_error(
        &post(format!("{report}/publish"), &s.sec).await,
        409,
        "conflict",
    );
    assert_eq!(post(format!("{report}/approve"), &s.sec).await.status, 200);
    assert_json_error(
        &post(format!("{report}/publish"), &s.sec).await,
        403,
        "forbidden",
    );
    let published = post(format!("{report}/publish"), &other).await;
    assert_eq!(published.body["status"], "published", "{}", published.text);
    let first_pdf = s
        .app
        .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
        .await
        .bytes;
    assert!(first_pdf.starts_with(b"%PDF-"));
    // Published: nothing changes it.
    let redraft = s.draft("2026-10").await;
    assert_json_error(&redraft, 409, "conflict");
    for action in ["approve", "publish"] {
        assert_json_error(
            &post(format!("{report}/{action}"), &s.sec).await,
            409,
            "conflict",
        );
    }
    // A correction is a new revision; once published it supersedes the first, and both stay.
    let correction = post(format!("{report}/corrections"), &s.sec).await;
    assert_eq!(correction.status, 201, "{}", correction.text);
    assert_eq!(correction.body["revision"], 2);
    assert_eq!(correction.body["supersedes_id"], id);
    assert_json_error(
        &post(format!("{report}/corrections"), &s.sec).await,
        409,
        "conflict",
    );
    let fixed = correction.body["id"].clone();
    assert_eq!(
        post(format!("/api/v1/reports/{fixed}/approve"), &other)
            .await
            .status,
        200
    );
    let out = post(format!("/api/v1/reports/{fixed}/publish"), &s.sec).await;
    assert_eq!(out.body["status"], "published", "{}", out.text);
    let public = s.app.get("/api/v1/public/reports", None).await;
    let listed = public.body.as_array().expect("reports");
    assert_eq!(listed.len(), 2, "{}", public.text);
    let old = listed.iter().find(|r| r["id"] == id).expect("the first");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], fixed);
    assert_eq!(
        s.app
            .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
            .await
            .bytes,
        first_pdf,
        "the superseded PDF is kept byte for byte"
    );
    let feed = s.app.get("/reports.atom", None).await.text;
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(
        feed.contains(&format!("Superseded by report {fixed}")),
        "{feed}"
    );
}

#[actix_web::test]
async fn a_units_reply_to_a_published_report_appears_in_the_next_months_report() {
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let published = format!("/api/v1/reports/{}", w.reports.published);
    let x: i64 = w.units.x;
    let r = w
        .app
        .post_json(
            &format!("{published}/replies"),
            w.rep_x.bearer(),
            json!({"unit_id": x, "text": "The division has read the report and will answer in session."}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let again = w
        .app
        .post_json(
            &format!("{published}/replies"),
            w.rep_x.bearer(),
            json!({"unit_id": x}),
        )
        .await;
    assert_json_error(&again, 409, "conflict");
    let march = w
        .app
        .post_json(
            &format!("/api/v1/boards/{}/reports", w.boards.a),
            sec,
            json!({"period": "2026-03"}),
        )
        .await;
    let replies = &march.body["document"]["unit_replies"];
    assert_eq!(replies.as_array().map(Vec::len), Some(1), "{}", march.text);
    assert_eq!(
        replies[0]["text"],
        "The division has read the report and will answer in session."
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

#[actix_web::test]
async fn the_two_person_rule_binds_a_lone_secretary_and_is_completed_by_the_board_above() {
    use crate::pages::{Browser, signed_in};
    let w = World::build().await;
    let (admin, sec_b) = (w.admin.bearer(), w.sec_b.bearer());
    let board_b = w.boards.b;
    let board = format!("/api/v1/boards/{board_b}");
    // Board B's only secretary cannot switch the rule off, with or without a reason.
    let head = w.app.audit_head().await;
    for body in [
        json!({"two_person_approval": false}),
        json!({"two_person_approval": false, "reason": "I am alone"}),
    ] {
        assert_json_error(
            &w.app.patch_json(&board, sec_b, body).await,
            403,
            "forbidden",
        );
    }
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(
        w.app.get(&board, None).await.body["two_person_approval"],
        true
    );
    // An admin can, only with a reason, which the audit log keeps.
    let bare = w
        .app
        .patch_json(&board, admin, json!({"two_person_approval": false}))
        .await;
    assert_json_error(&bare, 422, "validation_failed");
    assert!(bare.text.contains("reason"), "{}", bare.text);
    let reasoned = json!({"two_person_approval": false, "reason": "Second officer on leave"});
    let off = w.app.patch_json(&board, admin, reasoned).await;
    assert_eq!(off.body["two_person_approval"], false, "{}", off.text);
    let log = w
        .app
        .get(&format!("/api/v1/audit?after={head}"), admin)
        .await;
    assert!(log.text.contains("Second officer on leave"), "{}", log.text);
    let on = json!({"two_person_approval": true, "reason": "Back"});
    assert_eq!(w.app.patch_json(&board, admin, on).await.status, 200);

    // A secretary of the national board above, and a member of board B.
    for (email, role, on_board) in [
        (
            "national.sec@test.bantay.example",
            "secretary",
            w.boards.national,
        ),
        ("member.b@test.bantay.example", "member", board_b),
    ] {
        w.app
            .create(
                "/api/v1/users",
                admin.expect("admin"),
                json!({"email": email, "name": format!("The {role}"), "password": crate::helpers::PASSWORD,
                    "roles": [{"role": role, "board_id": on_board}]}),
            )
            .await;
    }
    let national = w
        .app
        .login("national.sec@test.bantay.example", crate::helpers::PASSWORD)
        .await;
    let member = w
        .app
        .login("member.b@test.bantay.example", crate::helpers::PASSWORD)
        .await;
    let reports = format!("{board}/reports");
    let draft = async |period: &str| {
        let r = w
            .app
            .post_json(&reports, sec_b, json!({"period": period}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        format!("/api/v1/reports/{}", r.body["id"])
    };
    let step = async |report: &str, step: &str, token: &str| {
        w.app
            .post_json(&format!("{report}/{step}"), Some(token), json!({}))
            .await
    };

    // March: the lone secretary approves; she cannot publish; the national secretary does.
    let march = draft("2026-03").await;
    assert_json_error(
        &step(&march, "publish", sec_b.expect("secB")).await,
        409,
        "conflict",
    );
    let approved = step(&march, "approve", sec_b.expect("secB")).await;
    assert_eq!(
        approved.body["signoff"]["approved_as"], "secretary",
        "{}",
        approved.text
    );
    let refused = step(&march, "publish", sec_b.expect("secB")).await;
    assert_json_error(&refused, 403, "forbidden");
    assert!(
        refused.text.contains("you approved this report"),
        "{}",
        refused.text
    );
    // The pages lead nowhere that fails: she sees who can publish; the national secretary sees
    // the button and the report on the desk.
    let mut secretary = signed_in(&w, &w.sec_b).await;
    let reports_page = format!("/desk/boards/{board_b}/reports");
    let page = secretary.get(&reports_page, "en").await;
    assert!(!page.html.contains("/publish\""), "{}", page.html);
    assert!(
        page.html.contains("You approved it") && page.html.contains("The secretary"),
        "{}",
        page.html
    );
    let mut above = Browser::new(&w.app);
    above.sign_in("national.sec@test.bantay.example").await;
    let desk = above.get("/desk", "en").await;
    assert!(
        desk.html
            .contains(&format!("/desk/boards/{board_b}/reports"))
            && desk.html.contains("your step"),
        "{}",
        desk.html
    );
    let page = above.get(&reports_page, "en").await;
    let action = format!("{}/publish", march.replace("/api/v1", "/desk"));
    assert!(page.html.contains(&action), "{}", page.html);
    let csrf = above.csrf.clone();
    let done = above.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);
    let published = w.app.get(&march, Some(&national)).await;
    assert_eq!(published.body["status"], "published", "{}", published.text);
    assert_eq!(
        published.body["signoff"],
        json!({"approved_as": "secretary", "published_as": "parent_secretary", "two_person_rule": true})
    );

    // April: a member approves, cannot publish, and the secretary publishes.
    let april = draft("2026-04").await;
    assert_eq!(step(&april, "approve", &member).await.status, 200);
    assert_json_error(&step(&april, "publish", &member).await, 403, "forbidden");
    assert_json_error(
        &step(&april, "publish", admin.expect("admin")).await,
        403,
        "forbidden",
    );
    let out = step(&april, "publish", sec_b.expect("secB")).await;
    assert_eq!(
        out.body["signoff"],
        json!({"approved_as": "member", "published_as": "secretary", "two_person_rule": true}),
        "{}",
        out.text
    );
    // The public reads how each report was approved, by role and never by name.
    let id = out.body["id"].clone();
    let public = w.app.get("/api/v1/public/reports", None).await;
    let listed = public.body.as_array().expect("reports");
    let entry = listed.iter().find(|r| r["id"] == id).expect("listed");
    assert_eq!(entry["signoff"]["approved_as"], "member", "{}", public.text);
    assert!(
        entry.get("approved_by").is_none(),
        "no account on a public surface: {entry}"
    );
    let mut visitor = Browser::new(&w.app);
    for (lang, words) in [
        (
            "en",
            "Approved by a member of the board; signed and published by a secretary of the board",
        ),
        (
            "fil",
            "Inaprubahan ng isang kasapi ng lupon; nilagdaan at inilathala ng isang kalihim ng lupon",
        ),
    ] {
        let page = visitor.get(&format!("/reports/{id}"), lang).await;
        assert!(page.html.contains(words), "{lang}: {}", page.html);
        assert!(!page.html.contains("The member") && !page.html.contains("The secretary"));
    }
    // Board A's rule is off (the world's admin turned it off): its report says so plainly.
    let alone = &w.reports.published;
    let shown = w
        .app
        .get(&format!("/api/v1/reports/{alone}"), w.mem_a.bearer())
        .await;
    assert_eq!(
        shown.body["signoff"],
        json!({"approved_as": null, "published_as": "secretary", "two_person_rule": false}),
        "{}",
        shown.text
    );
    let page = visitor.get(&format!("/reports/{alone}"), "en").await;
    assert!(
        page.html
            .contains("an admin turned off this board&#39;s two-person rule")
            || page
                .html
                .contains("an admin turned off this board's two-person rule"),
        "{}",
        page.html
    );
}
