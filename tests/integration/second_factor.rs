//! A second factor for signing in: an authenticator app set up and confirmed, then asked for
//! after the password; each code counts once, each recovery code is used once, and a sign-in
//! that awaits its code opens nothing. Codes are computed here from the secret with totp-rs,
//! as an authenticator app would.

use crate::apps::code_after;
use crate::auth::session_cookie;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, assert_json_error};
use crate::pages::Browser;
use bantay::clock::FixedClock;
use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;

/// An admin with an authenticator app set up and confirmed: its secret, recovery codes and the
/// session that set it up.
async fn enrolled(app: &TestApp, clock: &FixedClock) -> (String, Vec<String>, String) {
    app.create_account(ADMIN_EMAIL, true).await;
    let r = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(r.body["second_factor_setup_required"], true, "{}", r.text);
    let token = r.body["token"].as_str().unwrap().to_owned();
    let started = app
        .post_json("/api/v1/auth/totp", Some(&token), json!({}))
        .await;
    assert_eq!(started.status, 201, "{}", started.text);
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let address = started.body["address"].as_str().unwrap();
    assert!(address.starts_with("otpauth://totp/bantay:"), "{address}");
    assert!(started.body["qr_svg"].as_str().unwrap().starts_with("<svg"));

    let wrong = json!({"code": "000000"});
    let refused = app
        .post_json("/api/v1/auth/totp/confirm", Some(&token), wrong)
        .await;
    assert_json_error(&refused, 422, "validation_failed");
    let code = json!({"code": code_after(&secret, clock, 0)});
    let confirmed = app
        .post_json("/api/v1/auth/totp/confirm", Some(&token), code)
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let codes: Vec<String> = (confirmed.body["recovery_codes"].as_array().unwrap().iter())
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let state = app.get("/api/v1/auth/second-factor", Some(&token)).await;
    assert_eq!(state.body, json!({"totp": true, "recovery_codes_left": 10}));
    (secret, codes, token)
}

/// The password step: answers with a token that awaits its second factor.
async fn password_step(app: &TestApp) -> String {
    let r = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["second_factor_required"], true, "{}", r.text);
    r.body["token"].as_str().unwrap().to_owned()
}

async fn second_step(app: &TestApp, waiting: &str, code: &str) -> crate::helpers::Response {
    let body = json!({"code": code});
    app.post_json("/api/v1/auth/second-factor", Some(waiting), body)
        .await
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 10).unwrap(),
    ))
}

#[actix_web::test]
async fn after_the_password_a_sign_in_opens_nothing_until_a_code_from_the_app_each_code_once() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let (secret, _, _) = enrolled(&app, &clock).await;

    let waiting = password_step(&app).await;
    for path in ["/api/v1/me", "/api/v1/users", "/api/v1/auth/tokens"] {
        assert_json_error(&app.get(path, Some(&waiting)).await, 401, "unauthorized");
    }
    // The code that confirmed the app counted already: the same step's code is refused.
    let again = second_step(&app, &waiting, &code_after(&secret, clock.as_ref(), 0)).await;
    assert_json_error(&again, 401, "unauthorized");
    let next = code_after(&secret, clock.as_ref(), 1);
    let opened = second_step(&app, &waiting, &next).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    assert_eq!(opened.body["second_factor_required"], false);
    assert!(session_cookie(&opened).contains("HttpOnly"));
    let token = opened.body["token"].as_str().unwrap();
    assert_ne!(
        token, waiting,
        "a new session takes the waiting one's place"
    );
    let me = app.get("/api/v1/me", Some(token)).await;
    assert_eq!(me.status, 200, "{}", me.text);
    // The waiting token is spent, and the same code does not open a second sign-in.
    assert_json_error(
        &second_step(&app, &waiting, &next).await,
        401,
        "unauthorized",
    );
    let second = password_step(&app).await;
    assert_json_error(
        &second_step(&app, &second, &next).await,
        401,
        "unauthorized",
    );
    clock.advance(TimeDelta::seconds(60));
    let later = second_step(&app, &second, &code_after(&secret, clock.as_ref(), 0)).await;
    assert_eq!(later.status, 200, "{}", later.text);
}

#[actix_web::test]
async fn a_recovery_code_opens_one_sign_in_and_a_waiting_sign_in_lapses_after_ten_minutes() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let (secret, codes, _) = enrolled(&app, &clock).await;

    let waiting = password_step(&app).await;
    let typed = codes[3].to_uppercase().replace('-', " ");
    let opened = second_step(&app, &waiting, &typed).await;
    assert_eq!(opened.status, 200, "{}", opened.text);
    let token = opened.body["token"].as_str().unwrap();
    let state = app.get("/api/v1/auth/second-factor", Some(token)).await;
    assert_eq!(state.body["recovery_codes_left"], 9);
    let again = password_step(&app).await;
    assert_json_error(
        &second_step(&app, &again, &codes[3]).await,
        401,
        "unauthorized",
    );

    let lapsing = password_step(&app).await;
    clock.advance(TimeDelta::minutes(11));
    let late = second_step(&app, &lapsing, &code_after(&secret, clock.as_ref(), 0)).await;
    assert_json_error(&late, 401, "unauthorized");
}

#[actix_web::test]
async fn wrong_codes_count_against_the_sign_in_throttle_and_need_a_password_step_first() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let (secret, _, open) = enrolled(&app, &clock).await;
    // Without a password step there is nothing to complete, even for an open session.
    let alone = second_step(&app, &open, &code_after(&secret, clock.as_ref(), 1)).await;
    assert_json_error(&alone, 401, "unauthorized");

    let waiting = password_step(&app).await;
    let mut last = String::new();
    for _ in 0..12 {
        let r = second_step(&app, &waiting, "123456").await;
        last = format!("{} {}", r.status.as_u16(), r.text);
        if r.status == 429 {
            break;
        }
        assert_eq!(r.status, 401, "{}", r.text);
    }
    assert!(last.starts_with("429"), "{last}");
}

#[actix_web::test]
async fn an_admin_who_must_have_a_second_factor_and_has_none_reaches_nothing_but_setting_one_up() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    app.create_account(ADMIN_EMAIL, true).await;
    app.create_account("someone@test.bantay.example", false)
        .await;

    let r = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["second_factor_setup_required"], true, "{}", r.text);
    assert_eq!(r.body["second_factor_required"], false, "{}", r.text);
    let token = r.body["token"].as_str().unwrap().to_owned();
    for path in ["/api/v1/me", "/api/v1/users", "/api/v1/auth/tokens"] {
        let refused = app.get(path, Some(&token)).await;
        assert_json_error(&refused, 403, "forbidden");
        assert!(refused.text.contains("second factor"), "{}", refused.text);
    }
    let made = app
        .post_json("/api/v1/auth/tokens", Some(&token), json!({"label": "x"}))
        .await;
    assert_json_error(&made, 403, "forbidden");

    let started = app
        .post_json("/api/v1/auth/totp", Some(&token), json!({}))
        .await;
    assert_eq!(started.status, 201, "{}", started.text);
    let secret = started.body["secret"].as_str().unwrap().to_owned();
    let code = json!({"code": code_after(&secret, clock.as_ref(), 0)});
    let confirmed = app
        .post_json("/api/v1/auth/totp/confirm", Some(&token), code)
        .await;
    assert_eq!(confirmed.status, 200, "{}", confirmed.text);
    let me = app.get("/api/v1/me", Some(&token)).await;
    assert_eq!(
        me.status, 200,
        "the session opens once the app is set up: {}",
        me.text
    );

    // From now on the app's code is asked after the password.
    let again = app.try_login(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(again.body["second_factor_required"], true, "{}", again.text);
    assert_eq!(again.body["second_factor_setup_required"], false);
    // An account without a role that requires one signs in with its password alone.
    let other = app.try_login("someone@test.bantay.example", PASSWORD).await;
    assert_eq!(
        other.body["second_factor_setup_required"], false,
        "{}",
        other.text
    );
    let theirs = other.body["token"].as_str().unwrap();
    assert_eq!(app.get("/api/v1/me", Some(theirs)).await.status, 200);
}

#[actix_web::test]
async fn on_the_pages_a_sign_in_that_must_set_up_a_second_factor_is_led_to_it_and_held_there() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    app.create_account(ADMIN_EMAIL, true).await;
    let mut browser = Browser::new(&app);
    let signed = browser.password_step(ADMIN_EMAIL, PASSWORD).await;
    assert_eq!(signed.status, 303);
    assert_eq!(signed.location, "/desk/security");
    for path in ["/desk", "/desk/admin/boards", "/desk/audit"] {
        let held = browser.get(path, "en").await;
        assert_eq!(
            (held.status.as_u16(), held.location.as_str()),
            (303, "/desk/security"),
            "{path}"
        );
    }
    let page = browser.get("/desk/security", "fil").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("id=\"setup-required\""), "{}", page.html);
    assert!(
        page.html.contains("Kailangan ng iyong tungkulin"),
        "{}",
        page.html
    );
    browser.submit("/desk/security/totp", &[]).await;
    let setting_up = browser.get("/desk/security", "en").await;
    let secret = setting_up
        .html
        .split("id=\"totp-secret\">")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the secret on the page")
        .to_owned();
    let code = code_after(&secret, clock.as_ref(), 0);
    let done = browser
        .submit("/desk/security/totp/confirm", &[("code", &code)])
        .await;
    assert_eq!(done.status, 200, "{}", done.html);
    assert!(done.html.contains("id=\"recovery-codes\""), "{}", done.html);
    assert_eq!(browser.get("/desk", "en").await.status, 200);
}

#[actix_web::test]
async fn api_tokens_are_issued_only_from_a_session_that_passed_a_second_factor() {
    let clock = clock();
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let member = "member@test.bantay.example";
    app.create_account(member, false).await;
    let label = json!({"label": "nightly export"});

    // A role that needs no second factor signs in with its password alone, and may not issue one.
    let plain = app.login(member, PASSWORD).await;
    let refused = (app.post_json("/api/v1/auth/tokens", Some(&plain), label.clone())).await;
    assert_json_error(&refused, 403, "forbidden");
    assert!(refused.text.contains("second factor"), "{}", refused.text);
    assert_eq!(
        app.get("/api/v1/auth/tokens", Some(&plain)).await.status,
        200
    );

    // The session that sets an app up passed it; so does the next sign-in, with a code.
    app.set_up_app(member, &plain).await;
    let issued = (app.post_json("/api/v1/auth/tokens", Some(&plain), label.clone())).await;
    assert_eq!(issued.status, 201, "{}", issued.text);
    clock.advance(TimeDelta::seconds(30));
    let with_code = app.login(member, PASSWORD).await;
    let again = (app.post_json("/api/v1/auth/tokens", Some(&with_code), label)).await;
    assert_eq!(again.status, 201, "{}", again.text);
}
