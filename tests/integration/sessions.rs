//! A session's life: ended on the server by an idle spell or by its lifetime, whichever comes
//! first.

use crate::auth::session_cookie;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, Response, TestApp};
use crate::pages::Browser;
use bantay::clock::FixedClock;
use bantay::config::ServerSettings;
use chrono::{TimeDelta, Utc};
use serde_json::json;
use std::sync::Arc;

const SESSION: &str = "bantay_session";

/// `bantay_session=…` as a browser sends it back.
fn cookie_pair(r: &Response) -> String {
    session_cookie(r)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_owned()
}

async fn on_a_fixed_clock() -> (TestApp, Arc<FixedClock>) {
    let clock = Arc::new(FixedClock::new(Utc::now()));
    (TestApp::spawn_with_clock(clock.clone()).await, clock)
}

#[actix_web::test]
async fn a_session_used_every_twenty_minutes_outlives_the_idle_limit() {
    let (app, clock) = on_a_fixed_clock().await;
    let token = app.admin_token().await;
    for _ in 0..4 {
        clock.advance(TimeDelta::minutes(20));
        assert_eq!(app.get("/api/v1/me", Some(&token)).await.status, 200);
    }
}

#[actix_web::test]
async fn a_session_left_unused_for_thirty_one_minutes_is_signed_out() {
    let (app, clock) = on_a_fixed_clock().await;
    let token = app.admin_token().await;
    let page = app.try_login(ADMIN_EMAIL, PASSWORD).await;
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
