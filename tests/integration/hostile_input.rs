//! Malformed, oversized and hostile input: always a 4xx with a JSON error, never a 5xx, and
//! nothing written.

use crate::helpers::{PASSWORD, Response, TestApp, assert_json_error};
use awc::http::Method;
use bantay::clock::SystemClock;
use bantay::config::ServerSettings;
use serde_json::{Value, json};
use std::sync::Arc;

/// Every route in the OpenAPI document that takes a JSON body, with `{id}` filled by `id`.
async fn writing_routes(app: &TestApp, id: &str) -> Vec<(Method, String)> {
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut routes = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for (method, operation) in ops.as_object().unwrap() {
            if operation["requestBody"].is_object() {
                routes.push((
                    method.to_uppercase().parse().unwrap(),
                    path.replace("{id}", id),
                ));
            }
        }
    }
    assert!(
        routes.len() >= 8,
        "expected the writing routes, found {routes:?}"
    );
    routes
}

#[actix_web::test]
async fn malformed_bodies_get_a_4xx_json_error_on_every_writing_route() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app.national_board(&admin).await.to_string();
    let deep = "[".repeat(100_000);
    let bodies: Vec<(&str, Vec<u8>)> = vec![
        ("application/json", b"{bad".to_vec()),
        ("application/json", b"".to_vec()),
        ("application/json", b"[]".to_vec()),
        ("application/json", b"\"text\"".to_vec()),
        ("application/json", b"{\"unexpected_field\": 1}".to_vec()),
        (
            "application/json",
            b"{\"name\": 12, \"level\": [], \"email\": {}}".to_vec(),
        ),
        ("application/json", vec![0xff, 0xfe, 0x00, 0x7b]),
        ("application/json", deep.into_bytes()),
        ("text/plain", b"{}".to_vec()),
        ("application/x-www-form-urlencoded", b"name=x".to_vec()),
    ];
    let head = app.audit_head().await;
    for (method, path) in writing_routes(&app, &id).await {
        for (content_type, body) in &bodies {
            let r = app
                .raw(
                    method.clone(),
                    &path,
                    Some(&admin),
                    Some((content_type, body)),
                    &[],
                )
                .await;
            let status = r.status.as_u16();
            assert!(
                (400..500).contains(&status),
                "{method} {path} with {content_type} {:?}: {status} {}",
                String::from_utf8_lossy(&body[..body.len().min(40)]),
                r.text
            );
            assert!(
                r.body["error"]["code"].is_string(),
                "{method} {path}: not a JSON error: {}",
                r.text
            );
        }
    }
    assert_eq!(
        app.audit_head().await,
        head,
        "a refused request wrote something"
    );
}

#[actix_web::test]
async fn an_oversized_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let name = "x".repeat(2 * 1024 * 1024);
    let body = format!("{{\"name\":\"{name}\",\"level\":\"national\"}}");
    let r = app
        .raw(
            Method::POST,
            "/api/v1/boards",
            Some(&admin),
            Some(("application/json", body.as_bytes())),
            &[],
        )
        .await;
    assert_json_error(&r, 413, "payload_too_large");
    let form = format!("description={name}");
    let r = app
        .raw(
            Method::POST,
            "/grievances/new",
            None,
            Some(("application/x-www-form-urlencoded", form.as_bytes())),
            &[],
        )
        .await;
    assert_json_error(&r, 413, "payload_too_large");
}

#[actix_web::test]
async fn values_out_of_range_name_the_field_at_fault() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/api/v1/boards",
            serde_json::json!({"name": "  ", "level": "national"}),
            "name",
        ),
        (
            "/api/v1/boards",
            serde_json::json!({"name": "N", "level": "national", "time_zone": "Mars/Olympus"}),
            "time_zone",
        ),
        (
            "/api/v1/boards",
            serde_json::json!({"name": "R", "level": "regional"}),
            "parent_id",
        ),
        (
            "/api/v1/boards",
            serde_json::json!({"name": "N", "level": "national", "parent_id": 999}),
            "parent_id",
        ),
        (
            "/api/v1/boards",
            serde_json::json!({"name": "a\u{0}b", "level": "national"}),
            "name",
        ),
        (
            "/api/v1/units",
            serde_json::json!({"name": "U", "service": "army", "parent_id": 999}),
            "parent_id",
        ),
        (
            "/api/v1/users",
            serde_json::json!({"email": "not-an-address", "name": "X", "password": "long enough password"}),
            "email",
        ),
        (
            "/api/v1/users",
            serde_json::json!({"email": "x@test.bantay.example", "name": "X", "password": "short"}),
            "password",
        ),
        (
            "/api/v1/users",
            serde_json::json!({"email": "y@test.bantay.example", "name": "Y", "password": "long enough password",
            "roles": [{"role": "secretary", "board_id": 999}]}),
            "roles",
        ),
        (
            "/api/v1/users",
            serde_json::json!({"email": "z@test.bantay.example", "name": "Z", "password": "long enough password",
            "roles": [{"role": "representative", "board_id": 1}]}),
            "roles",
        ),
        (
            "/api/v1/users",
            serde_json::json!({"email": "w@test.bantay.example", "name": "W", "password": "long enough password",
            "roles": [{"role": "general", "board_id": 1}]}),
            "roles",
        ),
    ];
    let head = app.audit_head().await;
    for (path, body, field) in cases {
        let r = app.post_json(path, Some(&admin), body.clone()).await;
        assert_json_error(&r, 422, "validation_failed");
        assert_eq!(r.body["error"]["field"], field, "{path} {body}: {}", r.text);
    }
    assert_eq!(app.audit_head().await, head);
}

#[actix_web::test]
async fn bad_paths_and_queries_are_client_errors() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (path, status, code) in [
        ("/api/v1/boards/abc", 400, "bad_request"),
        ("/api/v1/boards/99999999999999999999999", 400, "bad_request"),
        ("/api/v1/boards/-1", 404, "not_found"),
        ("/api/v1/units/424242", 404, "not_found"),
        ("/api/v1/users/424242", 404, "not_found"),
        ("/api/v1/users?limit=abc", 400, "bad_request"),
        ("/api/v1/users?limit=100000", 422, "validation_failed"),
        ("/api/v1/audit?limit=0", 422, "validation_failed"),
        ("/api/v1/nowhere", 404, "not_found"),
        ("/nowhere/../../etc/passwd", 404, "not_found"),
    ] {
        let r = app.get(path, Some(&admin)).await;
        assert_json_error(&r, status, code);
    }
    let wrong_method = app
        .request(Method::PUT, "/api/v1/boards", Some(&admin), None)
        .await;
    assert_eq!(wrong_method.status.as_u16() / 100, 4);
    assert!(wrong_method.body["error"]["code"].is_string());
    let bad_header = app
        .raw(
            Method::GET,
            "/api/v1/me",
            None,
            None,
            &[("Authorization", "Basic Zm9vOmJhcg==")],
        )
        .await;
    assert_json_error(&bad_header, 401, "unauthorized");
}

/// SQL and HTML metacharacters, a NUL, a right-to-left override, and 10,000 characters of them.
fn hostile_strings() -> Vec<String> {
    let mut strings: Vec<String> = [
        "'; DROP TABLE users; --",
        "<script>alert(1)</script>",
        "\" OR 1=1 --",
        "before\u{0}after",
        "\u{202e}fdp.exe",
    ]
    .map(str::to_owned)
    .to_vec();
    strings.push("'\"<>&;--".repeat(1250));
    strings
}

/// Whether `text` is, whole, one of the strings in `json`.
fn holds(json: &Value, text: &str) -> bool {
    match json {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(fields) => fields.values().any(|v| holds(v, text)),
        _ => false,
    }
}

fn shown(text: &str) -> String {
    format!("{:?}", text.chars().take(30).collect::<String>())
}

/// An answer to hostile input: 2xx, or a 4xx with a JSON message; never a 5xx.
fn assert_kept_or_refused(what: &str, r: &Response) -> bool {
    let status = r.status.as_u16();
    assert!(
        status < 500,
        "{what}: {status} {}",
        &r.text[..r.text.len().min(300)]
    );
    if r.status.is_client_error() {
        assert!(
            r.body["error"]["message"].is_string(),
            "{what}: {status} without a JSON message: {}",
            &r.text[..r.text.len().min(300)]
        );
    }
    r.status.is_success()
}

/// A board with a unit, its secretary, and a meeting; the public form is not throttled here.
struct Desk {
    app: TestApp,
    admin: String,
    secretary: String,
    board: i64,
    unit: i64,
    meeting: i64,
}

impl Desk {
    async fn new() -> Self {
        let settings = ServerSettings {
            public_max_requests: 10_000,
            ..ServerSettings::default()
        };
        let app = TestApp::spawn_with(settings, Arc::new(SystemClock)).await;
        let admin = app.admin_token().await;
        let board = app.national_board(&admin).await.as_i64().unwrap();
        let unit = app
            .create(
                "/api/v1/units",
                &admin,
                json!({"name": "Army", "service": "army"}),
            )
            .await["id"]
            .as_i64()
            .unwrap();
        let email = "sec@test.bantay.example";
        app.create(
            "/api/v1/users",
            &admin,
            json!({"email": email, "name": "Sec", "password": PASSWORD,
                "roles": [{"role": "secretary", "board_id": board}]}),
        )
        .await;
        let secretary = app.login(email, PASSWORD).await;
        app.create(
            &format!("/api/v1/boards/{board}/series"),
            &secretary,
            json!({"title": "Session", "rrule": "FREQ=MONTHLY;BYDAY=2TU",
                "first_date": "2026-01-01", "start_time": "09:00", "duration_minutes": 60}),
        )
        .await;
        let meetings = app
            .get(
                &format!("/api/v1/boards/{board}/meetings"),
                Some(&secretary),
            )
            .await;
        let meeting = meetings.body[0]["id"].as_i64().expect("a meeting");
        Self {
            app,
            admin,
            secretary,
            board,
            unit,
            meeting,
        }
    }
}

/// One way in: a request body with text fields to fill, and where the record is read back.
struct Entry<'a> {
    method: Method,
    path: String,
    token: Option<&'a str>,
    body: Value,
    fields: &'a [&'a str],
    /// Where the record is read: `{id}` is the new record's id; no `{id}` reads the board's
    /// newest grievance.
    read: String,
}

#[actix_web::test]
async fn hostile_text_in_every_field_of_the_main_records_is_kept_verbatim_or_refused() {
    let d = Desk::new().await;
    let (board, unit, meeting) = (d.board, d.unit, d.meeting);
    let grievance = json!({"board_id": board, "category": "other", "description": "A complaint",
        "location": "Purok 1", "contact": {"name": "Ana", "phone": "0917", "email": "a@b.ph"}});
    let grievance_fields: &[&str] = &[
        "/description",
        "/location",
        "/contact/name",
        "/contact/phone",
        "/contact/email",
    ];
    let entries = [
        Entry {
            method: Method::POST,
            path: "/api/v1/boards".into(),
            token: Some(&d.admin),
            body: json!({"name": "R", "level": "regional", "parent_id": board,
                "time_zone": "Asia/Manila"}),
            fields: &["/name", "/time_zone"],
            read: "/api/v1/boards/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/units".into(),
            token: Some(&d.admin),
            body: json!({"name": "U", "abbreviation": "U", "service": "police"}),
            fields: &["/name", "/abbreviation"],
            read: "/api/v1/units/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/actions".into(),
            token: Some(&d.secretary),
            body: json!({"board_id": board, "title": "T", "description": "D",
                "source_kind": "none", "unit_id": unit, "due_date": "2030-01-31"}),
            fields: &["/title", "/description"],
            read: "/api/v1/actions/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/grievances".into(),
            token: Some(&d.secretary),
            body: grievance.clone(),
            fields: grievance_fields,
            read: format!("/api/v1/grievances?board={board}&limit=200"),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/public/grievances".into(),
            token: None,
            body: grievance,
            fields: grievance_fields,
            read: format!("/api/v1/grievances?board={board}&limit=200"),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/incidents".into(),
            token: Some(&d.secretary),
            body: json!({"board_id": board, "occurred_on": "2026-02-02", "occurred_time": "23:30",
                "region": "Region A", "province": "Samar", "municipality": "Catbalogan",
                "summary": "S", "severity": "low", "harms": ["injured"],
                "perpetrators": [{"kind": "non_state_armed_group", "group_name": "Z"}],
                "narrative": "N",
                "victim_identities": [{"name": "V", "sex": "female", "age_group": "adult",
                    "note": "n"}],
                "sources": [{"kind": "witness", "reliability": "high", "description": "W"}]}),
            fields: &[
                "/occurred_time",
                "/region",
                "/province",
                "/municipality",
                "/summary",
                "/perpetrators/0/group_name",
                "/narrative",
                "/victim_identities/0/name",
                "/victim_identities/0/note",
                "/sources/0/description",
            ],
            read: "/api/v1/incidents/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: format!("/api/v1/boards/{board}/indicators"),
            token: Some(&d.secretary),
            body: json!({"code": "C", "name": "N", "description": "D", "unit": "u",
                "measure": "count", "direction": "lower_is_better", "data_source": "s",
                "baseline": {"value": 1, "date": "2026-01-01", "note": "n"}}),
            fields: &[
                "/code",
                "/name",
                "/description",
                "/unit",
                "/data_source",
                "/baseline/note",
            ],
            read: "/api/v1/indicators/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: format!("/api/v1/boards/{board}/series"),
            token: Some(&d.secretary),
            body: json!({"title": "T", "rrule": "FREQ=MONTHLY;BYDAY=3WE",
                "first_date": "2026-01-01", "start_time": "09:00", "duration_minutes": 60,
                "location": "L"}),
            fields: &["/title", "/rrule", "/start_time", "/location"],
            read: "/api/v1/series/{id}".into(),
        },
        Entry {
            method: Method::PUT,
            path: format!("/api/v1/meetings/{meeting}/agenda"),
            token: Some(&d.secretary),
            body: json!({"items": [{"title": "T", "description": "D", "is_public": true}]}),
            fields: &["/items/0/title", "/items/0/description"],
            read: format!("/api/v1/meetings/{meeting}/agenda"),
        },
    ];
    let mut codes = 0;
    for entry in &entries {
        let mut kept = 0;
        for field in entry.fields {
            for text in hostile_strings() {
                let mut body = entry.body.clone();
                *body.pointer_mut(field).expect("a field of the body") = json!(text);
                if *field != "/code" && body.get("code").is_some() {
                    codes += 1;
                    body["code"] = json!(format!("C{codes}"));
                }
                let what = format!("{} {} {field} = {}", entry.method, entry.path, shown(&text));
                let r = d
                    .app
                    .request(entry.method.clone(), &entry.path, entry.token, Some(body))
                    .await;
                if !assert_kept_or_refused(&what, &r) {
                    continue;
                }
                let stored = if entry.read.contains("{id}") {
                    let path = entry.read.replace("{id}", &r.body["id"].to_string());
                    d.app.get(&path, Some(&d.secretary)).await.body
                } else {
                    let list = d.app.get(&entry.read, Some(&d.secretary)).await.body;
                    let items = list["items"].as_array().cloned().unwrap_or_default();
                    items.last().cloned().unwrap_or(list)
                };
                assert!(
                    holds(&stored, &text),
                    "{what}: not read back as sent: {stored}"
                );
                kept += 1;
            }
        }
        assert!(kept > 0, "{} {} kept nothing", entry.method, entry.path);
    }
    let users = d.app.get("/api/v1/users", Some(&d.admin)).await;
    assert_eq!(users.status, 200, "{}", users.text);
    assert!(users.text.contains("sec@test.bantay.example"));
}

/// Percent-encodes every byte but unreserved ones.
fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[actix_web::test]
async fn hostile_filters_on_the_lists_get_an_answer_or_a_4xx_and_the_database_still_works() {
    let d = Desk::new().await;
    let board = d.board;
    let lists = [
        "/api/v1/actions?board={}&unit={}&status={}&overdue={}&limit={}&after={}",
        "/api/v1/actions?status={}",
        "/api/v1/actions.csv?board={}&status={}",
        "/api/v1/incidents?board={}&status={}&limit={}&after={}",
        "/api/v1/incidents?status={}",
        "/api/v1/incidents/summary.csv?board={}&from={}&to={}",
        "/api/v1/grievances?board={}&limit={}&after={}",
        "/api/v1/users?limit={}",
        "/api/v1/audit?after={}&limit={}",
        "/api/v1/public/reports?board={}",
        "/api/v1/actions?sort={}&order={}",
    ];
    let boarded = [
        "/api/v1/boards/{board}/meetings?from={}&to={}",
        "/api/v1/boards/{board}/indicator-status?period={}",
        "/api/v1/boards/{board}/series?sort={}",
    ];
    let pages = ["/?lang={}", "/calendar?board={}", "/signin?next={}"];
    let board = board.to_string();
    let templates: Vec<String> = lists
        .iter()
        .chain(&boarded)
        .map(|t| t.replace("{board}", &board))
        .collect();
    for text in hostile_strings() {
        let value = encoded(&text);
        for template in &templates {
            let slots = template.matches("{}").count();
            for slot in 0..slots {
                let path = (0..slots).fold(template.clone(), |path, i| {
                    path.replacen("{}", if i == slot { &value } else { "1" }, 1)
                });
                let r = d.app.get(&path, Some(&d.secretary)).await;
                let what = format!("GET {template}, value {slot} = {}", shown(&text));
                assert_kept_or_refused(&what, &r);
            }
        }
        for template in pages {
            let r = d.app.get(&template.replace("{}", &value), None).await;
            let status = r.status.as_u16();
            assert!(status < 500, "GET {template} = {}: {status}", shown(&text));
        }
    }
    let users = d.app.get("/api/v1/users", Some(&d.admin)).await;
    assert_eq!(users.status, 200, "{}", users.text);
    assert!(users.text.contains("sec@test.bantay.example"));
}

#[actix_web::test]
async fn text_that_is_not_utf8_in_a_query_string_or_a_page_form_is_a_client_error() {
    let d = Desk::new().await;
    let board = d.board;
    let head = d.app.audit_head().await;
    for path in [
        "/api/v1/actions?status=%FF".to_owned(),
        format!("/api/v1/boards/{board}/meetings?from=%C3%28"),
        "/api/v1/grievances?board=1%80".to_owned(),
        "/?lang=%FF%FE".to_owned(),
        "/calendar?x=%ED%A0%80".to_owned(),
    ] {
        let r = d.app.get(&path, Some(&d.secretary)).await;
        assert_json_error(&r, 400, "bad_request");
    }
    let mut visitor = crate::pages::Browser::new(&d.app);
    visitor.get("/grievances/new", "en").await;
    let cookie = format!(
        "bantay_csrf={}",
        visitor.cookie("bantay_csrf").expect("csrf")
    );
    let fields = format!("csrf={}&board={board}&category=other", visitor.csrf);
    let before = crate::pages::grievance_count(&d.app).await;
    for description in [&b"%FF%FE"[..], b"caf%E9", b"raw\xff", b"%C0%AF"] {
        let mut body = format!("{fields}&description=").into_bytes();
        body.extend_from_slice(description);
        let r = d
            .app
            .raw(
                Method::POST,
                "/grievances/new",
                None,
                Some(("application/x-www-form-urlencoded", &body)),
                &[("Cookie", &cookie)],
            )
            .await;
        assert!(r.status.is_client_error(), "{}: {}", r.status, r.text);
    }
    assert_eq!(crate::pages::grievance_count(&d.app).await, before);
    assert_eq!(d.app.audit_head().await, head);
}

#[actix_web::test]
async fn an_integer_written_with_a_zero_fraction_is_that_integer_and_a_fraction_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let national = app.national_board(&admin).await.as_i64().unwrap();
    let regional = app
        .post_json(
            "/api/v1/boards",
            Some(&admin),
            serde_json::json!({"name": "Region VIII", "level": "regional", "parent_id": national as f64}),
        )
        .await;
    assert_eq!(regional.status, 201, "{}", regional.text);
    assert_eq!(regional.body["parent_id"], national);
    let head = app.audit_head().await;
    let halves = app
        .post_json(
            "/api/v1/boards",
            Some(&admin),
            serde_json::json!({"name": "Region XI", "level": "regional", "parent_id": national as f64 + 0.5}),
        )
        .await;
    assert_json_error(&halves, 422, "validation_failed");
    // Whole numbers as large as 64-bit integers go are integers too: a board that does not exist,
    // not a body that does not fit.
    for far in [-9_007_199_254_740_992.0, 9.0e18] {
        let missing = app
            .post_json(
                "/api/v1/boards",
                Some(&admin),
                serde_json::json!({"name": "Region XII", "level": "regional", "parent_id": far}),
            )
            .await;
        assert_json_error(&missing, 422, "validation_failed");
        assert!(!missing.text.contains("fit"), "{far}: {}", missing.text);
    }
    assert_eq!(app.audit_head().await, head);
}
