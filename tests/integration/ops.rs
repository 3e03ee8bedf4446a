//! Operations endpoints, the OpenAPI document, response headers, and the README's settings table.

use crate::fixtures::world::World;
use crate::helpers::{TestApp, assert_json_error};
use crate::pages::Browser;
use awc::http::Method;

#[actix_web::test]
async fn health_readiness_and_metrics_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz", None).await.body["status"], "ok");
    assert_eq!(app.get("/readyz", None).await.body["status"], "ready");
    // A second GET of the same route adds to its series; a method of the client's own
    // choosing is counted as OTHER, never under its own name.
    assert_eq!(app.get("/healthz", None).await.status, 200);
    let odd = Method::from_bytes(b"SPLORK").expect("method");
    let answered = app
        .raw(odd, "/healthz", None, None, &[])
        .await
        .status
        .as_u16();
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
            "bantay_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 2"
        ),
        "{}",
        metrics.text
    );
    for line in [
        "bantay_http_requests_total{method=\"GET\",route=\"/readyz\",status=\"200\"} 1".to_owned(),
        format!("bantay_http_requests_total{{method=\"OTHER\",route=\"/healthz\",status=\"{answered}\"}} 1"),
        "bantay_http_request_duration_seconds_count{method=\"GET\",route=\"/healthz\",status=\"200\"} 2".to_owned(),
        "bantay_http_request_duration_seconds_bucket{method=\"GET\",route=\"/healthz\",status=\"200\",le=\"+Inf\"} 2".to_owned(),
    ] {
        assert!(metrics.text.lines().any(|l| l == line), "{line} in\n{}", metrics.text);
    }
    assert!(!metrics.text.contains("SPLORK"), "{}", metrics.text);
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
async fn every_kind_of_answer_carries_the_security_headers_and_only_a_published_file_is_kept() {
    let w = World::build().await;
    let app = &w.app;
    let sec = w.sec_a.token.as_str();
    let mut visitor = Browser::new(app);
    let mut secretary = crate::pages::signed_in(&w, &w.sec_a).await;
    let bad_json = app
        .raw(
            Method::POST,
            "/api/v1/boards",
            Some(sec),
            Some(("application/json", b"{bad")),
            &[],
        )
        .await;
    let public_pdf = app
        .get(
            &format!("/api/v1/public/reports/{}/pdf", w.reports.published),
            None,
        )
        .await;
    let draft_pdf = app
        .get(
            &format!("/api/v1/reports/{}/pdf", w.reports.draft),
            Some(sec),
        )
        .await;
    for r in [&public_pdf, &draft_pdf] {
        assert_eq!(r.headers.get("content-type").unwrap(), "application/pdf");
    }
    let answers = [
        ("/healthz", app.get("/healthz", None).await.headers),
        ("a public page", visitor.get("/", "en").await.headers),
        (
            "a page not found",
            visitor.get("/reports/999999", "en").await.headers,
        ),
        (
            "a signed-in page",
            secretary.get("/desk", "en").await.headers,
        ),
        (
            "the API's JSON",
            app.get("/api/v1/me", Some(sec)).await.headers,
        ),
        (
            "the API's 404",
            app.get("/api/v1/nowhere", Some(sec)).await.headers,
        ),
        ("the API's 400", bad_json.headers),
        ("a published PDF", public_pdf.headers),
        ("a draft's PDF", draft_pdf.headers),
    ];
    for (what, headers) in answers {
        let h = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let csp = h("content-security-policy");
        for directive in [
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{what}: {directive} missing: {csp}"
            );
        }
        assert!(!csp.contains("unsafe-"), "{what}: {csp}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{what}");
        assert_eq!(h("x-frame-options"), "DENY", "{what}");
        assert_eq!(h("referrer-policy"), "no-referrer", "{what}");
        // A published file never changes: anyone may keep it. Nothing else may be kept.
        let kept = match what {
            "a published PDF" => "public, max-age=31536000, immutable",
            _ => "no-store",
        };
        assert_eq!(h("cache-control"), kept, "{what}");
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

/// utoipa keys the document's schemas by type name and keeps the last of two types with the same
/// name, so that one response would be described by another's schema. No two may share a name.
#[test]
fn no_two_api_types_share_a_schema_name() {
    /// `http::api::schemas` names a vocabulary for the API: `incident::SourceKind as "…"`.
    type Aliases = Vec<(String, String)>;
    fn walk(dir: &std::path::Path, aliases: &Aliases, names: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, aliases, names);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("read");
                let (mut derived, mut in_derive) = (false, false);
                let (mut in_vocabulary, mut renamed) = (false, None::<String>);
                for line in text.lines() {
                    let line = line.trim();
                    if let Some(name) = line
                        .strip_prefix("#[schema(as = ")
                        .and_then(|r| r.strip_suffix(")]"))
                    {
                        renamed = Some(name.to_owned());
                    }
                    if line.starts_with("vocabulary!(") {
                        in_vocabulary = true;
                        continue;
                    }
                    if in_vocabulary && !line.starts_with("///") && !line.starts_with("#[") {
                        let name = line.split(',').next().unwrap_or("").to_owned();
                        let module = path.file_stem().and_then(|m| m.to_str()).unwrap_or("");
                        let alias = aliases
                            .iter()
                            .find(|(of, _)| *of == format!("{module}::{name}"))
                            .map(|(_, alias)| alias.clone());
                        let name = renamed.take().or(alias).unwrap_or(name);
                        names.push((name, path.display().to_string()));
                        in_vocabulary = false;
                    }
                    if line.starts_with("#[derive") {
                        in_derive = true;
                    }
                    if in_derive {
                        derived |= line.contains("ToSchema");
                        in_derive = !line.contains(")]");
                    }
                    if derived && (line.starts_with("pub struct ") || line.starts_with("pub enum "))
                    {
                        let name = line.split_whitespace().nth(2).unwrap_or("");
                        let name = name.trim_end_matches(['{', '(', ';']).to_owned();
                        let name = renamed.take().unwrap_or(name);
                        names.push((name, path.display().to_string()));
                        derived = false;
                    }
                }
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let schemas = std::fs::read_to_string(src.join("http/api/schemas.rs")).expect("schemas");
    let aliases: Aliases = schemas
        .lines()
        .filter_map(|line| line.trim().trim_end_matches(',').split_once(" as "))
        .map(|(of, alias)| (of.to_owned(), alias.trim_matches('"').to_owned()))
        .collect();
    assert!(aliases.len() >= 2, "{aliases:?}");
    let mut names = Vec::new();
    walk(&src, &aliases, &mut names);
    assert!(names.len() > 50, "found only {} schema types", names.len());
    names.sort();
    let twice: Vec<_> = names.windows(2).filter(|p| p[0].0 == p[1].0).collect();
    assert!(twice.is_empty(), "schema names used twice: {twice:?}");
}

#[actix_web::test]
async fn a_method_a_documented_path_does_not_answer_gets_405_naming_the_ones_it_does() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for (method, path, allow) in [
        ("TRACE", "/api/v1/me", "GET"),
        ("DELETE", "/api/v1/actions/1", "GET, PATCH"),
        ("PUT", "/healthz", "GET"),
        ("PATCH", "/api/v1/boards", "GET, POST"),
    ] {
        let r = app
            .raw(method.parse().unwrap(), path, Some(&admin), None, &[])
            .await;
        assert_json_error(&r, 405, "method_not_allowed");
        assert_eq!(r.headers.get("allow").unwrap(), allow, "{method} {path}");
    }
    let r = app
        .raw(
            "TRACE".parse().unwrap(),
            "/api/v1/nothing",
            Some(&admin),
            None,
            &[],
        )
        .await;
    assert_json_error(&r, 404, "not_found");
}
