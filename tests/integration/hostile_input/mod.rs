//! Malformed, oversized and hostile input: always a 4xx with a JSON error, never a 5xx, and
//! nothing written.

mod bodies;
mod queries;
mod text;

use crate::helpers::{PASSWORD, Response, TestApp};
use bantay::clock::SystemClock;
use bantay::config::ServerSettings;
use serde_json::json;
use std::sync::Arc;

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
