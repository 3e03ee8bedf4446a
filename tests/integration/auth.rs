//! Signing in and out, cookies, tokens, throttling, and changes that must bite at once.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, assert_json_error};
use awc::http::Method;
use bantay::config::ServerSettings;
use serde_json::json;
use std::sync::Arc;

pub fn session_cookie(r: &crate::helpers::Response) -> String {
    r.headers
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .expect("a Set-Cookie header")
        .to_owned()
}

#[actix_web::test]
async fn login_sets_an_http_only_same_site_cookie_that_works_like_the_bearer_token() {
    let app = TestApp::spawn().await;
    app.create_account(ADMIN_EMAIL, true).await;
    let r = app.signed_in(" Admin@Test.Bantay.Example ", PASSWORD).await;
    let cookie = session_cookie(&r);
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(
        !cookie.contains("Secure"),
        "no TLS here, so no Secure flag: {cookie}"
    );
    assert!(r.body["token"].as_str().unwrap().starts_with("bty_"));
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");

    let pair = cookie.split(';').next().unwrap().to_owned();
    let me = app.get_with_cookie("/api/v1/me", &pair).await;
    assert_eq!(me.status, 200, "{}", me.text);
    assert_eq!(me.body["user"]["email"], ADMIN_EMAIL);
    assert_eq!(me.body["user"]["is_admin"], true);
}

#[actix_web::test]
async fn the_cookie_is_secure_behind_tls() {
    let settings = ServerSettings {
        secure_cookies: true,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    app.create_account(ADMIN_EMAIL, true).await;
    let r = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert!(session_cookie(&r).contains("Secure"));
}

#[actix_web::test]
async fn a_forged_or_tampered_cookie_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    for value in [token.clone(), format!("{token}.00ff"), "garbage".to_owned()] {
        let cookie = format!("bantay_session={value}");
        let r = app.get_with_cookie("/api/v1/me", &cookie).await;
        assert_json_error(&r, 401, "unauthorized");
    }
}

#[actix_web::test]
async fn wrong_credentials_get_one_answer_whichever_part_is_wrong() {
    let app = TestApp::spawn().await;
    app.create_account(ADMIN_EMAIL, true).await;
    let wrong_password = app.try_login(ADMIN_EMAIL, "not the password").await;
    let unknown = app.try_login("nobody@test.bantay.example", PASSWORD).await;
    assert_json_error(&wrong_password, 401, "unauthorized");
    assert_json_error(&unknown, 401, "unauthorized");
    assert_eq!(wrong_password.body, unknown.body);
}

#[actix_web::test]
async fn repeated_failures_are_throttled_even_for_the_right_password() {
    let settings = ServerSettings {
        login_max_failures: 3,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    app.create_account(ADMIN_EMAIL, true).await;
    for _ in 0..3 {
        let r = app.try_login(ADMIN_EMAIL, "guess guess guess").await;
        assert_eq!(r.status, 401);
    }
    let r = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert_json_error(&r, 429, "rate_limited");
    let retry: i64 = r
        .headers
        .get("retry-after")
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry > 0 && retry <= 900, "{retry}");
}

#[actix_web::test]
async fn logout_ends_the_session_and_clears_the_cookie() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let r = app
        .post_json("/api/v1/auth/logout", Some(&token), json!({}))
        .await;
    assert_eq!(r.status, 204);
    assert!(session_cookie(&r).contains("Max-Age=0"));
    app.assert_signed_out(&token).await;
}

#[actix_web::test]
async fn disabling_an_account_ends_its_sessions_at_the_next_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.create_account("ana@test.bantay.example", false).await;
    let ana = app.login("ana@test.bantay.example", PASSWORD).await;
    let id = app.my_id(&ana).await;
    assert_eq!(app.get("/api/v1/me", Some(&ana)).await.status, 200);

    let r = app
        .patch_json(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            json!({"disabled": true}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.assert_signed_out(&ana).await;
    let again = app.try_login("ana@test.bantay.example", PASSWORD).await;
    assert_json_error(&again, 401, "unauthorized");
}

#[actix_web::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await.as_i64().unwrap();
    let user = app
        .post_json(
            "/api/v1/users",
            Some(&admin),
            json!({"email": "sec@test.bantay.example", "name": "Sec", "password": PASSWORD,
                   "roles": [{"role": "secretary", "board_id": board}]}),
        )
        .await;
    assert_eq!(user.status, 201, "{}", user.text);
    let sec = app.login("sec@test.bantay.example", PASSWORD).await;
    let path = format!("/api/v1/boards/{board}");
    assert_eq!(
        app.patch_json(&path, Some(&sec), json!({"name": "National Forum"}))
            .await
            .status,
        200
    );

    let id = user.body["id"].as_i64().unwrap();
    let demoted = app
        .patch_json(
            &format!("/api/v1/users/{id}"),
            Some(&admin),
            json!({"roles": [{"role": "member", "board_id": board}]}),
        )
        .await;
    assert_eq!(demoted.status, 200, "{}", demoted.text);
    assert_json_error(
        &app.patch_json(&path, Some(&sec), json!({"name": "Again"}))
            .await,
        403,
        "forbidden",
    );
    assert_eq!(
        app.get("/api/v1/me", Some(&sec)).await.body["roles"][0]["role"],
        "member"
    );
}

#[actix_web::test]
async fn api_tokens_are_shown_once_listed_without_secret_and_revocable() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = app
        .post_json(
            "/api/v1/auth/tokens",
            Some(&admin),
            json!({"label": "CSV export", "expires_in_days": 30}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let secret = created.body["secret"].as_str().unwrap().to_owned();
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(app.get("/api/v1/me", Some(&secret)).await.status, 200);

    let listed = app.get("/api/v1/auth/tokens", Some(&admin)).await;
    assert_eq!(listed.body[0]["label"], "CSV export");
    assert!(
        !listed.text.contains(&secret),
        "the secret must not be listed"
    );

    let gone = app
        .request(
            Method::DELETE,
            &format!("/api/v1/auth/tokens/{id}"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(gone.status, 204);
    app.assert_signed_out(&secret).await;
    for days in [0, 366] {
        let r = app
            .post_json(
                "/api/v1/auth/tokens",
                Some(&admin),
                json!({"label": "x", "expires_in_days": days}),
            )
            .await;
        assert_json_error(&r, 422, "validation_failed");
    }
}

#[actix_web::test]
async fn the_cookie_key_is_kept_across_restarts() {
    let app = TestApp::spawn().await;
    app.create_account(ADMIN_EMAIL, true).await;
    let r = app.signed_in(ADMIN_EMAIL, PASSWORD).await;
    let pair = session_cookie(&r).split(';').next().unwrap().to_owned();
    let test_db = app.stop().await;

    let mut settings = ServerSettings::default();
    let restarted =
        TestApp::spawn_on(test_db, &mut settings, Arc::new(bantay::clock::SystemClock)).await;
    let me = restarted.get_with_cookie("/api/v1/me", &pair).await;
    assert_eq!(me.status, 200, "{}", me.text);
}

#[actix_web::test]
async fn the_last_active_admin_cannot_be_disabled_or_demoted() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app.my_id(&admin).await;
    for change in [json!({"disabled": true}), json!({"is_admin": false})] {
        let r = app
            .patch_json(&format!("/api/v1/users/{id}"), Some(&admin), change)
            .await;
        assert_json_error(&r, 409, "conflict");
    }
    assert_eq!(app.get("/api/v1/me", Some(&admin)).await.status, 200);
}

#[actix_web::test]
async fn changing_your_own_password_needs_the_current_one_and_ends_your_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let id = app.my_id(&admin).await;
    let path = format!("/api/v1/users/{id}");
    let new = "an even longer new password";
    let r = app
        .patch_json(&path, Some(&admin), json!({"password": new}))
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert_eq!(r.body["error"]["field"], "current_password");
    for refused in [
        json!({"password": new, "current_password": "wrong wrong wrong"}),
        json!({"password": "short", "current_password": PASSWORD}),
    ] {
        let r = app.patch_json(&path, Some(&admin), refused).await;
        assert_json_error(&r, 422, "validation_failed");
    }
    let r = app
        .patch_json(
            &path,
            Some(&admin),
            json!({"password": new, "current_password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    app.assert_signed_out(&admin).await;
    app.login(ADMIN_EMAIL, new).await;
}

#[actix_web::test]
async fn an_api_token_cannot_mint_or_list_api_tokens() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let created = app
        .create("/api/v1/auth/tokens", &admin, json!({"label": "script"}))
        .await;
    let secret = created["secret"].as_str().unwrap();
    let r = app
        .post_json(
            "/api/v1/auth/tokens",
            Some(secret),
            json!({"label": "successor"}),
        )
        .await;
    assert_json_error(&r, 403, "forbidden");
    assert_json_error(
        &app.get("/api/v1/auth/tokens", Some(secret)).await,
        403,
        "forbidden",
    );
    assert_eq!(app.get("/api/v1/users", Some(secret)).await.status, 200);
}

#[actix_web::test]
async fn an_e_mail_that_is_no_address_is_an_ordinary_failed_sign_in() {
    let app = TestApp::spawn().await;
    app.create_account(ADMIN_EMAIL, true).await;
    for email in [
        "a\u{0}b@test.bantay.example",
        "",
        "no-at-sign",
        &"x".repeat(100_000),
    ] {
        assert_json_error(&app.try_login(email, PASSWORD).await, 401, "unauthorized");
    }
}

#[actix_web::test]
async fn the_sign_in_page_is_throttled_per_account_and_per_address_like_the_api() {
    let settings = ServerSettings {
        login_max_failures: 2,
        login_max_attempts: 5,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    app.create_account(ADMIN_EMAIL, true).await;
    app.create_account("ana@test.bantay.example", false).await;
    let mut browser = crate::pages::Browser::new(&app);
    let retry_after = |page: &crate::pages::Page| -> i64 {
        page.headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or_default()
    };
    for _ in 0..2 {
        let r = browser.sign_in_with(ADMIN_EMAIL, "wrong wrong wrong").await;
        assert_eq!(r.status, 401, "{}", r.html);
    }
    let locked = browser.sign_in(ADMIN_EMAIL).await;
    assert_eq!(locked.status, 429, "{}", locked.html);
    assert!((1..=900).contains(&retry_after(&locked)));
    assert_eq!(browser.cookie("bantay_session"), None);
    assert_json_error(
        &app.try_login(ADMIN_EMAIL, PASSWORD).await,
        429,
        "rate_limited",
    );

    let other = browser
        .sign_in_with("ana@test.bantay.example", "wrong wrong wrong")
        .await;
    assert_eq!(other.status, 401, "another account is not locked");
    let address = browser.sign_in("ana@test.bantay.example").await;
    assert_eq!(address.status, 429, "{}", address.html);
    assert!((1..=900).contains(&retry_after(&address)));
    assert_eq!(browser.cookie("bantay_session"), None);
}
