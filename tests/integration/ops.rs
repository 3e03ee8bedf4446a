//! Operations endpoints, the OpenAPI document, response headers, and the README's settings table.

use crate::helpers::TestApp;

#[actix_web::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", None).await.body["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.body["status"], "ready");
    let metrics = app.get("/metrics", None).await;
    assert!(
        metrics
            .headers
            .get("content-type")
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert!(
        metrics.text.contains(
            "bantay_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{}",
        metrics.text
    );
    assert!(
        metrics
            .text
            .contains("bantay_http_request_duration_seconds_bucket")
    );
}

#[actix_web::test]
async fn the_openapi_document_describes_the_api_and_its_error_shape() {
    let app = TestApp::spawn().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    assert!(doc["paths"]["/api/v1/boards/{id}"]["patch"].is_object());
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
}

#[actix_web::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for r in [
        app.get("/healthz", None).await,
        app.get("/api/v1/me", Some(&token)).await,
        app.get("/missing", None).await,
    ] {
        let h = |name: &str| {
            r.headers
                .get(name)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        assert!(h("content-security-policy").contains("default-src 'self'"));
        assert!(h("content-security-policy").contains("frame-ancestors 'none'"));
        assert_eq!(h("x-content-type-options"), "nosniff");
        assert_eq!(h("x-frame-options"), "DENY");
        assert_eq!(h("cache-control"), "no-store");
    }
}

#[test]
fn the_readme_lists_every_setting() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut help = String::new();
    for args in [vec!["--help"], vec!["serve", "--help"]] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_bantay"))
            .args(args)
            .output()
            .unwrap();
        help.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    let vars: Vec<&str> = help
        .split("[env: ")
        .skip(1)
        .map(|rest| rest.split(['=', ']']).next().unwrap())
        .collect();
    assert!(vars.len() >= 10, "{vars:?}");
    for var in vars.iter().chain(&["BANTAY_LOG", "TEST_DATABASE_URL"]) {
        assert!(
            readme.contains(&format!("`{var}`")),
            "README.md does not document {var}"
        );
    }
}
