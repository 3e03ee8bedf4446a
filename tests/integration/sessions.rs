//! A session's life: a new one at every sign-in, ended on the server by signing out, by an idle
//! spell or by its lifetime, whichever comes first.

use crate::auth::session_cookie;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, Response, TestApp, assert_json_error};
use crate::pages::Browser;
use awc::http::Method;
use bantay::clock::FixedClock;
use bantay::config::ServerSettings;
use chrono::{TimeDelta, Utc};
use serde_json::json;
use std::sync::Arc;

const SESSION: &str = "bantay_session";
const OTHER_EMAIL: &str = "other@test.bantay.example";
/// An account whose role needs no second factor, so that its password alone opens a session:
/// how a session opened after the second factor behaves is in `second_factor.rs`.
const PERSON_EMAIL: &str = "person@test.bantay.example";

/// `bantay_session=…` as a browser sends it back.
fn cookie_pair(r: &Response) -> String {
    session_cookie(r)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn login_holding(app: &TestApp, email: &str, cookie: &str) -> Response {
    let body = json!({"email": email, "password": PASSWORD}).to_string();
    app.raw(
        Method::POST,
        "/api/v1/auth/login",
        None,
        Some(("application/json", body.as_bytes())),
        &[("Cookie", cookie)],
    )
    .await
}

async fn two_accounts() -> TestApp {
    let app = TestApp::spawn().await;
    app.create_account(PERSON_EMAIL, false).await;
    app.create_account(OTHER_EMAIL, false).await;
    app
}

#[actix_web::test]
async fn signing_in_through_the_api_ends_the_session_the_browser_held_and_opens_a_new_one() {
    let app = two_accounts().await;
    let first = app.try_login(OTHER_EMAIL, PASSWORD).await;
    let held = cookie_pair(&first);
    let held_token = first.body["token"].as_str().unwrap().to_owned();

    let second = login_holding(&app, PERSON_EMAIL, &held).await;
    assert_eq!(second.status, 200, "{}", second.text);
    let fresh = cookie_pair(&second);
    assert_ne!(fresh, held);
    assert_ne!(second.body["token"], held_token.as_str());
    assert_json_error(
        &app.get_with_cookie("/api/v1/me", &held).await,
        401,
        "unauthorized",
    );
    app.assert_signed_out(&held_token).await;
    let me = app.get_with_cookie("/api/v1/me", &fresh).await;
    assert_eq!(me.body["user"]["email"], PERSON_EMAIL, "{}", me.text);

    let unsigned = format!("{SESSION}={}", second.body["token"].as_str().unwrap());
    for planted in [unsigned, format!("{SESSION}=garbage"), fresh.clone()] {
        let r = login_holding(&app, PERSON_EMAIL, &planted).await;
        assert_eq!(r.status, 200, "{}", r.text);
        let issued = cookie_pair(&r);
        assert_ne!(issued, planted);
        assert_eq!(app.get_with_cookie("/api/v1/me", &issued).await.status, 200);
    }
    assert_json_error(
        &app.get_with_cookie("/api/v1/me", &fresh).await,
        401,
        "unauthorized",
    );
}

#[actix_web::test]
async fn signing_in_on_the_page_ends_a_session_planted_in_the_browser_and_sets_a_strict_cookie() {
    let app = two_accounts().await;
    let planted = app.try_login(OTHER_EMAIL, PASSWORD).await;
    let planted_pair = cookie_pair(&planted);
    let planted_value = planted_pair.trim_start_matches("bantay_session=");

    let mut browser = Browser::new(&app);
    browser.set_cookie(SESSION, planted_value);
    browser.get("/signin", "en").await;
    let token_before = browser.csrf.clone();
    let secret_before = browser.cookie("bantay_csrf").map(str::to_owned);
    let r = browser.sign_in(PERSON_EMAIL).await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, "/desk"),
        "{}",
        r.html
    );
    let set = r
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("bantay_session="))
        .expect("the session cookie")
        .to_owned();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attribute), "{attribute} missing: {set}");
    }
    assert!(!set.contains("Secure"), "no TLS here: {set}");
    assert_ne!(browser.cookie(SESSION), Some(planted_value));
    assert_ne!(
        browser.cookie("bantay_csrf").map(str::to_owned),
        secret_before
    );
    let stale = browser
        .post("/signout", &[("csrf", &token_before)], "en")
        .await;
    assert_eq!(
        stale.status, 403,
        "a form token from before signing in: {}",
        stale.html
    );
    assert_eq!(browser.get("/desk", "en").await.status, 200);
    assert_json_error(
        &app.get_with_cookie("/api/v1/me", &planted_pair).await,
        401,
        "unauthorized",
    );

    let mut forged = Browser::new(&app);
    forged.get("/signin", "en").await;
    let r = forged
        .post(
            "/signin",
            &[
                ("csrf", ""),
                ("email", PERSON_EMAIL),
                ("password", PASSWORD),
            ],
            "en",
        )
        .await;
    assert_eq!(r.status, 403, "{}", r.html);
    assert_eq!(forged.cookie(SESSION), None);
}

#[actix_web::test]
async fn the_session_cookie_is_secure_over_https_and_on_the_page_behind_the_setting() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON_EMAIL, false).await;
    let body = json!({"email": PERSON_EMAIL, "password": PASSWORD}).to_string();
    let over_https = app
        .raw(
            Method::POST,
            "/api/v1/auth/login",
            None,
            Some(("application/json", body.as_bytes())),
            &[("X-Forwarded-Proto", "https")],
        )
        .await;
    assert!(session_cookie(&over_https).contains("Secure"));

    let settings = ServerSettings {
        secure_cookies: true,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    app.create_account(PERSON_EMAIL, false).await;
    let r = Browser::new(&app).sign_in(PERSON_EMAIL).await;
    let set = r
        .headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("bantay_session="))
        .expect("the session cookie")
        .to_owned();
    assert!(set.contains("Secure") && set.contains("HttpOnly"), "{set}");
}

#[actix_web::test]
async fn after_logout_neither_the_cookie_nor_the_bearer_token_of_the_session_works() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON_EMAIL, false).await;
    let r = app.try_login(PERSON_EMAIL, PASSWORD).await;
    let (pair, token) = (
        cookie_pair(&r),
        r.body["token"].as_str().unwrap().to_owned(),
    );
    let out = app
        .raw(
            Method::POST,
            "/api/v1/auth/logout",
            None,
            None,
            &[("Cookie", &pair)],
        )
        .await;
    assert_eq!(out.status, 204, "{}", out.text);
    assert_json_error(
        &app.get_with_cookie("/api/v1/me", &pair).await,
        401,
        "unauthorized",
    );
    app.assert_signed_out(&token).await;
    let mut browser = Browser::new(&app);
    browser.set_cookie(SESSION, pair.trim_start_matches("bantay_session="));
    let desk = browser.get("/desk", "en").await;
    assert_eq!(
        (desk.status.as_u16(), desk.location.as_str()),
        (303, "/signin")
    );
}

#[actix_web::test]
async fn signing_out_on_the_page_ends_the_session_on_the_server_and_needs_the_form_token() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON_EMAIL, false).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(PERSON_EMAIL).await;
    let held = browser.cookie(SESSION).expect("signed in").to_owned();

    let r = browser.post("/signout", &[("csrf", "")], "en").await;
    assert_eq!(r.status, 403, "{}", r.html);
    assert_eq!(browser.get("/desk", "en").await.status, 200);

    let csrf = browser.csrf.clone();
    let r = browser.post("/signout", &[("csrf", &csrf)], "en").await;
    assert_eq!((r.status.as_u16(), r.location.as_str()), (303, "/"));
    assert_eq!(browser.cookie(SESSION), None);

    browser.set_cookie(SESSION, &held);
    let desk = browser.get("/desk", "en").await;
    assert_eq!(
        (desk.status.as_u16(), desk.location.as_str()),
        (303, "/signin")
    );
    assert_json_error(
        &app.get_with_cookie("/api/v1/me", &format!("{SESSION}={held}"))
            .await,
        401,
        "unauthorized",
    );
}

async fn on_a_fixed_clock() -> (TestApp, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(Utc::now()));
    (TestApp::spawn_with_clock(clock.clone()).await, clock)
}

#[actix_web::test]
async fn a_session_used_every_twenty_minutes_outlives_the_idle_limit() {
    let (app, clock) = on_a_fixed_clock().await;
    let token = app.admin_token().await;
    // Both ways of checking credentials note the use.
    for path in ["/api/v1/me", "/api/v1/actions"].repeat(2) {
        clock.advance(TimeDelta::minutes(20));
        assert_eq!(app.get(path, Some(&token)).await.status, 200, "{path}");
    }
}

#[actix_web::test]
async fn a_session_left_unused_for_thirty_one_minutes_is_signed_out() {
    let (app, clock) = on_a_fixed_clock().await;
    let token = app.admin_token().await;
    let page = app.signed_in(ADMIN_EMAIL, PASSWORD).await;
    clock.advance(TimeDelta::minutes(31));
    app.assert_signed_out(&token).await;
    let mut browser = Browser::new(&app);
    browser.set_cookie(
        SESSION,
        cookie_pair(&page).trim_start_matches("bantay_session="),
    );
    let desk = browser.get("/desk", "en").await;
    assert_eq!(
        (desk.status.as_u16(), desk.location.as_str()),
        (303, "/signin")
    );
    clock.advance(TimeDelta::minutes(-30));
    app.assert_signed_out(&token).await;
}

#[actix_web::test]
async fn a_session_found_idle_is_ended_by_the_request_that_finds_it_whichever_way_it_checks() {
    let (app, clock) = on_a_fixed_clock().await;
    app.create_account(PERSON_EMAIL, false).await;
    for path in ["/api/v1/me", "/api/v1/actions"] {
        let login = app.try_login(PERSON_EMAIL, PASSWORD).await;
        let token = login.body["token"].as_str().unwrap().to_owned();
        clock.advance(TimeDelta::minutes(31));
        assert_json_error(&app.get(path, Some(&token)).await, 401, "unauthorized");
        // Back within the limit: the session stays ended.
        clock.advance(TimeDelta::minutes(-30));
        assert_json_error(&app.get(path, Some(&token)).await, 401, "unauthorized");
        clock.advance(TimeDelta::minutes(30));
    }
}

#[actix_web::test]
async fn the_idle_limit_is_the_operator_s_setting() {
    let clock = Arc::new(FixedClock::new(Utc::now()));
    let settings = ServerSettings {
        session_idle_minutes: 5,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, clock.clone()).await;
    let token = app.admin_token().await;
    clock.advance(TimeDelta::minutes(4));
    assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, 200);
    clock.advance(TimeDelta::minutes(6));
    app.assert_signed_out(&token).await;
}

#[actix_web::test]
async fn an_active_session_still_ends_at_its_lifetime() {
    let (app, clock) = on_a_fixed_clock().await;
    let token = app.admin_token().await;
    for _ in 0..35 {
        clock.advance(TimeDelta::minutes(20));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, 200);
    }
    clock.advance(TimeDelta::minutes(20));
    app.assert_signed_out(&token).await;
}

#[actix_web::test]
async fn an_api_token_is_not_ended_by_the_idle_limit_but_by_its_own_expiry() {
    let (app, clock) = on_a_fixed_clock().await;
    let session = app.admin_token().await;
    let created = app
        .create(
            "/api/v1/auth/tokens",
            &session,
            json!({"label": "nightly export", "expires_in_days": 2}),
        )
        .await;
    let secret = created["secret"].as_str().unwrap();
    clock.advance(TimeDelta::hours(40));
    assert_eq!(app.get("/api/v1/users", Some(secret)).await.status, 200);
    clock.advance(TimeDelta::hours(9));
    app.assert_signed_out(secret).await;
}
