//! Another site cannot make a signed-in browser change anything through the API: the session
//! cookie only works for writes that come from this site and carry no form's body. Bearer
//! tokens, which no other site can add to a request, are not affected.

use crate::auth::session_cookie;
use crate::helpers::{PASSWORD, TestApp, assert_json_error};
use awc::http::Method;
use serde_json::json;

struct Signed {
    app: TestApp,
    cookie: String,
    token: String,
    board: String,
}

/// A board's secretary signed in through the API (both the cookie and the bearer token kept),
/// with an indicator to enter figures for.
async fn signed_in_with_a_board() -> Signed {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let email = "sec@test.bantay.example";
    app.create(
        "/api/v1/users",
        &admin,
        json!({"email": email, "name": "Sec", "password": PASSWORD,
            "roles": [{"role": "secretary", "board_id": board}]}),
    )
    .await;
    let r = app.signed_in(email, PASSWORD).await;
    let cookie = session_cookie(&r)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned();
    let token = r.body["token"].as_str().unwrap().to_owned();
    app.create(
        &format!("/api/v1/boards/{board}/indicators"),
        &token,
        json!({"code": "INC-01", "name": "Incidents", "measure": "count",
            "direction": "lower_is_better"}),
    )
    .await;
    Signed {
        app,
        cookie,
        token,
        board: board.to_string(),
    }
}

#[actix_web::test]
async fn a_cookie_session_cannot_write_through_the_api_with_a_body_a_form_can_send() {
    let s = signed_in_with_a_board().await;
    let month = chrono::Utc::now().format("%Y-%m");
    let csv = format!(
        "indicator_code,period,region,sex,age_group,value,source,note\nINC-01,{month},,,,3,,\n"
    );
    let csv_path = format!("/api/v1/boards/{}/indicator-values.csv", s.board);
    let writes = [
        (
            Method::PATCH,
            format!("/api/v1/boards/{}", s.board),
            r#"{"name": "Forged"}"#.to_owned(),
        ),
        (Method::POST, csv_path.clone(), csv.clone()),
        (
            Method::POST,
            "/api/v1/auth/logout".to_owned(),
            String::new(),
        ),
    ];
    let head = s.app.audit_head().await;
    for content_type in [
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        for (method, path, body) in &writes {
            let r = s
                .app
                .raw(
                    method.clone(),
                    path,
                    None,
                    Some((content_type, body.as_bytes())),
                    &[("Cookie", &s.cookie)],
                )
                .await;
            assert!(
                r.status.is_client_error() && r.body["error"]["code"].is_string(),
                "{method} {path} as {content_type}: {} {}",
                r.status,
                r.text
            );
        }
    }
    assert_eq!(s.app.audit_head().await, head, "a refused write wrote");
    assert_eq!(
        s.app.get_with_cookie("/api/v1/me", &s.cookie).await.status,
        200
    );

    let by_token = s
        .app
        .raw(
            Method::POST,
            &csv_path,
            Some(&s.token),
            Some(("text/plain", csv.as_bytes())),
            &[],
        )
        .await;
    assert_eq!(by_token.status, 200, "{}", by_token.text);
    let json_by_cookie = s
        .app
        .raw(
            Method::PATCH,
            &format!("/api/v1/boards/{}", s.board),
            None,
            Some(("application/json", br#"{"name": "Renamed"}"#)),
            &[("Cookie", &s.cookie)],
        )
        .await;
    assert_eq!(json_by_cookie.status, 200, "{}", json_by_cookie.text);
}

#[actix_web::test]
async fn a_cookie_session_cannot_write_through_the_api_from_another_site() {
    let s = signed_in_with_a_board().await;
    let board = format!("/api/v1/boards/{}", s.board);
    let write = async |headers: &[(&str, &str)], token: Option<&str>, name: &str| {
        let body = json!({ "name": name }).to_string();
        let mut all = headers.to_vec();
        if token.is_none() {
            all.push(("Cookie", &s.cookie));
        }
        s.app
            .raw(
                Method::PATCH,
                &board,
                token,
                Some(("application/json", body.as_bytes())),
                &all,
            )
            .await
    };
    let head = s.app.audit_head().await;
    let evil_twin = format!("{}.evil.example", s.app.base);
    for headers in [
        vec![("Origin", "https://evil.example")],
        vec![("Origin", "null")],
        vec![("Origin", evil_twin.as_str())],
        vec![("Sec-Fetch-Site", "cross-site")],
        vec![("Sec-Fetch-Site", "same-site")],
        vec![
            ("Origin", s.app.base.as_str()),
            ("Sec-Fetch-Site", "cross-site"),
        ],
    ] {
        assert_json_error(&write(&headers, None, "Forged").await, 403, "forbidden");
    }
    assert_eq!(s.app.audit_head().await, head, "a refused write wrote");

    let read = s
        .app
        .raw(
            Method::GET,
            "/api/v1/me",
            None,
            None,
            &[("Cookie", &s.cookie), ("Origin", "https://evil.example")],
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    let same_origin = [
        ("Origin", s.app.base.as_str()),
        ("Sec-Fetch-Site", "same-origin"),
    ];
    assert_eq!(write(&same_origin, None, "From here").await.status, 200);
    let by_token = write(
        &[("Origin", "https://evil.example")],
        Some(&s.token),
        "By token",
    )
    .await;
    assert_eq!(by_token.status, 200, "{}", by_token.text);
}
