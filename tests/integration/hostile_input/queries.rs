//! Hostile paths, filters and query strings, and forms that are not UTF-8.

use super::{Desk, assert_kept_or_refused, hostile_strings, shown};
use crate::helpers::{TestApp, assert_json_error};
use awc::http::Method;

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
