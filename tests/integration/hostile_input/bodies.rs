//! Malformed, oversized and out-of-range request bodies.

use crate::helpers::{TestApp, assert_json_error};
use awc::http::Method;
use serde_json::Value;

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
