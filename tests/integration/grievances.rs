//! Grievances: public filing and tracking, unit answers, deadlines, and the filer's privacy.

use crate::access::assert_never_public;
use crate::fixtures::scene::Scene;
use crate::fixtures::world::{ROLES, World};
use crate::helpers::{TestApp, assert_json_error};
use bantay::config::ServerSettings;
use bantay::jobs;
use chrono::TimeDelta;
use serde_json::{Value, json};

const MARKERS: [&str; 5] = [
    "MARKER-NAME-Ligaya",
    "marker.email@example.ph",
    "+63-MARKER-555",
    "MARKER-NARRATIVE-sitio",
    "MARKER-PLACE-purok",
];

fn marked_grievance(board: i64) -> Value {
    json!({"board_id": board, "category": "harassment",
        "description": format!("{} said soldiers came at night", MARKERS[3]),
        "location": MARKERS[4],
        "contact": {"name": MARKERS[0], "email": MARKERS[1], "phone": MARKERS[2]}})
}

fn assert_unmarked(what: &str, text: &str) {
    for marker in MARKERS {
        assert!(!text.contains(marker), "{what} leaks {marker}: {text}");
    }
}

#[actix_web::test]
async fn no_public_route_and_no_representative_ever_sees_the_filer_or_their_words() {
    let w = World::build().await;
    let filed = w
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            marked_grievance(w.boards.a),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    assert_unmarked("the filing answer", &filed.text);
    let sec = w.sec_a.token.as_str();
    let list = w.app.get("/api/v1/grievances", Some(sec)).await;
    let id = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|g| g["location"] == MARKERS[4])
        .expect("the marked grievance")["id"]
        .clone();
    let path = format!("/api/v1/grievances/{id}");
    let x1: i64 = w.units.x1;
    for step in [
        json!({"status": "acknowledged"}),
        json!({"status": "referred", "unit_id": x1, "unit_summary": "Night visit by soldiers, to be explained"}),
    ] {
        assert_eq!(w.app.patch_json(&path, Some(sec), step).await.status, 200);
    }
    // The secretariat sees everything; members the case without the filer.
    let full = w.app.get(&path, Some(sec)).await.text;
    assert!(MARKERS.iter().all(|m| full.contains(m)), "{full}");
    let member = w.app.get(&path, w.mem_a.bearer()).await.text;
    assert!(member.contains(MARKERS[3]));
    for m in &MARKERS[..3] {
        assert!(!member.contains(m), "a member sees {m}");
    }
    // Representatives: the referred unit's sees the summary only; others see nothing.
    for role in ["repX", "repY"] {
        for route in [path.clone(), "/api/v1/grievances".to_owned()] {
            assert_unmarked(
                &format!("{role} on {route}"),
                &w.app.get(&route, w.token(role)).await.text,
            );
        }
    }
    let rep_view = w.app.get(&path, w.rep_x.bearer()).await;
    assert_eq!(
        rep_view.body["unit_summary"],
        "Night visit by soldiers, to be explained"
    );
    // Every route the role table says anyone may read, as the public and as representatives.
    let code = filed.body["tracking_code"].as_str().expect("code");
    assert_never_public(&w, &MARKERS, Some(code)).await;
    assert!(ROLES.contains(&"repX"));
}

#[actix_web::test]
async fn a_wrong_code_is_answered_like_a_code_that_never_existed_and_look_ups_are_rate_limited() {
    let settings = ServerSettings {
        public_max_requests: 3,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, std::sync::Arc::new(bantay::clock::SystemClock)).await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let filed = app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": board, "category": "other", "description": "A complaint"}),
        )
        .await;
    let code = filed.body["tracking_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let right = app
        .get(&format!("/api/v1/public/grievances/{code}"), None)
        .await;
    assert_eq!(right.status, 200, "{}", right.text);
    assert_eq!(right.body["status"], "received");
    assert_eq!(
        right
            .body
            .as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        [
            "acknowledge_by",
            "dates",
            "outcome",
            "respond_by",
            "status",
            "steps"
        ]
    );
    let mut changed = code.clone().into_bytes();
    changed[0] = if changed[0] == b'2' { b'3' } else { b'2' };
    let wrong = app
        .get(
            &format!(
                "/api/v1/public/grievances/{}",
                String::from_utf8(changed).expect("utf8")
            ),
            None,
        )
        .await;
    let never = app
        .get("/api/v1/public/grievances/not-a-code-at-all", None)
        .await;
    assert_json_error(&wrong, 404, "not_found");
    assert_eq!((wrong.status, &wrong.body), (never.status, &never.body));
    let limited = app
        .get(&format!("/api/v1/public/grievances/{code}"), None)
        .await;
    assert_json_error(&limited, 429, "rate_limited");
    assert!(limited.headers.get("retry-after").is_some());
}

#[actix_web::test]
async fn filings_are_checked_for_size_and_write_nothing_when_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let head = app.audit_head().await;
    for body in [
        json!({"board_id": board, "category": "other", "description": "x".repeat(5001)}),
        json!({"board_id": board, "category": "other", "description": "   "}),
        json!({"board_id": board, "category": "gossip", "description": "A complaint"}),
        json!({"board_id": 999, "category": "other", "description": "A complaint"}),
        json!({"board_id": board, "category": "other", "description": "A complaint",
            "contact": {"phone": "9".repeat(41)}}),
        json!({"board_id": board, "category": "other", "description": "A complaint",
            "contact": {"phone": "0917\u{0}555"}}),
        json!({"board_id": board, "category": "other", "description": "NUL\u{0}inside"}),
    ] {
        let r = app.post_json("/api/v1/public/grievances", None, body).await;
        assert!(r.status.is_client_error(), "{}", r.text);
        assert!(r.body["error"]["code"].is_string());
    }
    assert_eq!(app.audit_head().await, head);
}

#[actix_web::test]
async fn the_referred_unit_answers_and_may_do_nothing_else() {
    let w = World::build().await;
    let path = format!("/api/v1/grievances/{}", w.grievance.id);
    let y: i64 = w.units.y;
    for body in [
        json!({"status": "resolved"}),
        json!({"status": "responded", "response": "Returned", "unit_id": y}),
        json!({"appeal": true}),
    ] {
        let r = w.app.patch_json(&path, w.rep_x.bearer(), body).await;
        assert_json_error(&r, 403, "forbidden");
    }
    let r = w
        .app
        .patch_json(
            &path,
            w.rep_x.bearer(),
            json!({"status": "responded", "response": "The motorbike was returned on 3 December"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "responded");
    assert!(
        r.body.get("description").is_none(),
        "a unit's view has no description field"
    );
    let sec = w.sec_a.bearer();
    for step in [
        json!({"status": "resolved"}),
        json!({"status": "closed"}),
        json!({"appeal": true}),
    ] {
        let r = w.app.patch_json(&path, sec, step).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let reopened = w.app.get(&path, sec).await;
    assert_eq!(
        reopened.body["status"], "referred",
        "an appeal goes back to the unit"
    );
    let public = w
        .app
        .get(
            &format!("/api/v1/public/grievances/{}", w.grievance.tracking_code),
            None,
        )
        .await;
    assert_eq!(public.body["status"], "referred");
    assert!(public.body["dates"]["closed_at"].is_string());
}

#[actix_web::test]
async fn missed_deadlines_are_flagged_once_and_a_late_answer_is_escalated_to_the_unit_above() {
    // Wednesday 18 November 2026, 10:00 in Manila: acknowledge by Friday, respond by 2 December.
    let mut s = Scene::new("Asia/Manila", "2026-11-18T02:00:00Z").await;
    let r = s
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": s.board, "category": "checkpoint", "description": "Held for hours"}),
        )
        .await;
    assert_eq!(r.body["acknowledge_by"], "2026-11-20", "{}", r.text);
    assert_eq!(r.body["respond_by"], "2026-12-02");
    let units = s.unit_chain(&["Division", "Brigade"]).await;
    s.representative("rep.division@test.bantay.example", units[0])
        .await;
    s.clock.advance(TimeDelta::days(3)); // Saturday: the acknowledgement is late.
    for expected in [2, 0] {
        let run = jobs::grievance_deadlines::run(&s.app.db, s.now())
            .await
            .expect("job");
        assert_eq!(
            (run.flagged, run.escalated),
            (expected, 0),
            "secretary and member told once"
        );
    }
    s.sign_in_again().await;
    let list = s.app.get("/api/v1/grievances", Some(&s.sec)).await;
    let path = format!("/api/v1/grievances/{}", list.body["items"][0]["id"]);
    assert_eq!(list.body["items"][0]["acknowledgement_overdue"], true);
    for step in [
        json!({"status": "acknowledged"}),
        json!({"status": "referred", "unit_id": units[1], "unit_summary": "Held at the checkpoint"}),
    ] {
        assert_eq!(
            s.app.patch_json(&path, Some(&s.sec), step).await.status,
            200
        );
    }
    s.clock.advance(TimeDelta::days(12)); // 3 December: the response is late.
    let run = jobs::grievance_deadlines::run(&s.app.db, s.now())
        .await
        .expect("job");
    assert_eq!((run.flagged, run.escalated), (2, 1));
    let again = jobs::grievance_deadlines::run(&s.app.db, s.now())
        .await
        .expect("job");
    assert_eq!((again.flagged, again.escalated), (0, 0));
    s.sign_in_again().await;
    let escalated: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|n| n["kind"] == "grievance_escalated")
        .collect();
    assert_eq!(escalated.len(), 1);
    assert_eq!(
        escalated[0]["recipient"],
        "rep.division@test.bantay.example"
    );
}

#[actix_web::test]
async fn a_board_sets_its_own_deadlines_and_can_return_to_the_defaults() {
    // Wednesday 18 November 2026, 10:00 in Manila.
    let s = Scene::new("Asia/Manila", "2026-11-18T02:00:00Z").await;
    let board = format!("/api/v1/boards/{}", s.board);
    let file = async || {
        let r = s
            .app
            .post_json(
                "/api/v1/public/grievances",
                None,
                json!({"board_id": s.board, "category": "other", "description": "Road blocked"}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        (
            r.body["acknowledge_by"].clone(),
            r.body["respond_by"].clone(),
        )
    };
    let set = s
        .patch(
            &board,
            json!({"grievance_ack_days": 5, "grievance_response_days": 15}),
        )
        .await;
    assert_eq!(set["grievance_ack_days"], 5);
    assert_eq!(file().await, (json!("2026-11-25"), json!("2026-12-09")));
    let head = s.app.audit_head().await;
    for bad in [
        json!({"grievance_ack_days": 0}),
        json!({"grievance_response_days": 121}),
        json!({"grievance_ack_days": -1}),
        json!({"grievance_ack_days": "two"}),
    ] {
        let r = s.app.patch_json(&board, Some(&s.sec), bad).await;
        assert!(r.status.is_client_error(), "{}", r.text);
    }
    assert_eq!(s.app.audit_head().await, head);
    let member = s
        .app
        .patch_json(&board, Some(&s.member), json!({"grievance_ack_days": 30}))
        .await;
    assert_json_error(&member, 403, "forbidden");
    s.patch(
        &board,
        json!({"grievance_ack_days": null, "grievance_response_days": null}),
    )
    .await;
    assert_eq!(file().await, (json!("2026-11-20"), json!("2026-12-02")));
}

#[actix_web::test]
async fn a_filing_past_the_limit_gets_429_with_retry_after_and_files_nothing_on_the_api_and_the_page()
 {
    let settings = ServerSettings {
        public_max_requests: 2,
        ..ServerSettings::default()
    };
    let spawn = async || {
        let app = TestApp::spawn_with(
            settings.clone(),
            std::sync::Arc::new(bantay::clock::SystemClock),
        )
        .await;
        let admin = app.admin_token().await;
        let board = app.national_board(&admin).await;
        (app, board)
    };
    let retry_after = |headers: &awc::http::header::HeaderMap| -> i64 {
        headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    };

    let (app, board) = spawn().await;
    let filing = json!({"board_id": board, "category": "other", "description": "A complaint"});
    for _ in 0..2 {
        let r = app
            .post_json("/api/v1/public/grievances", None, filing.clone())
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let filed = crate::pages::grievance_count(&app).await;
    let limited = app
        .post_json("/api/v1/public/grievances", None, filing)
        .await;
    assert_json_error(&limited, 429, "rate_limited");
    assert!((1..=3600).contains(&retry_after(&limited.headers)));
    assert_eq!(crate::pages::grievance_count(&app).await, filed);

    let (app, board) = spawn().await;
    let board = board.to_string();
    let mut visitor = crate::pages::Browser::new(&app);
    let mut file = async || {
        visitor.get("/grievances/new", "en").await;
        let csrf = visitor.csrf.clone();
        let fields = [
            ("csrf", csrf.as_str()),
            ("board", board.as_str()),
            ("category", "other"),
            ("description", "A complaint"),
        ];
        visitor.post("/grievances/new", &fields, "en").await
    };
    for _ in 0..2 {
        assert_eq!(file().await.status, 303);
    }
    let filed = crate::pages::grievance_count(&app).await;
    let limited = file().await;
    assert_eq!(limited.status, 429, "{}", limited.html);
    assert!((1..=3600).contains(&retry_after(&limited.headers)));
    assert_eq!(crate::pages::grievance_count(&app).await, filed);
}

/// A member of the public who names a unit not on the list is refused in Filipino on the
/// Filipino form, told what to do and nothing about which units exist; the API gives the
/// refusal's code; nothing is filed. A wrong tracking code is refused by its code too.
#[actix_web::test]
async fn the_public_form_refuses_a_unit_not_on_the_list_in_filipino_and_reveals_nothing() {
    let w = World::build().await;
    let board = w.boards.a.to_string();
    let filed = crate::pages::grievance_count(&w.app).await;
    let mut visitor = crate::pages::Browser::new(&w.app);
    visitor.get("/grievances/new", "fil").await;
    let fields = [
        ("board", board.as_str()),
        ("category", "other"),
        ("description", "Hinarang kami sa tsekpoint"),
        ("unit", "987654"),
    ];
    let r = visitor.submit_in("/grievances/new", &fields, "fil").await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("Ano ang nangyari?"),
        "the page's words: {}",
        r.html
    );
    assert!(
        r.html
            .contains("walang ganoong yunit: pumili mula sa listahan"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("no such unit"), "{}", r.html);
    assert!(!r.html.contains("987654"), "the unit typed is not echoed");

    let body = json!({"board_id": w.boards.a, "category": "other",
        "description": "Stopped at a checkpoint", "alleged_unit_id": 987654});
    let api = w
        .app
        .post_json("/api/v1/public/grievances", None, body)
        .await;
    assert_json_error(&api, 422, "validation_failed");
    assert_eq!(
        api.body["error"]["reason"], "grievance_unit_unknown",
        "{}",
        api.text
    );
    assert!(!api.text.contains("987654"), "{}", api.text);
    assert_eq!(
        crate::pages::grievance_count(&w.app).await,
        filed,
        "nothing filed"
    );

    let unknown = w
        .app
        .get("/api/v1/public/grievances/NOSUCHCODE", None)
        .await;
    assert_json_error(&unknown, 404, "not_found");
    assert_eq!(
        unknown.body["error"]["reason"],
        "grievance_tracking_unknown"
    );
}
