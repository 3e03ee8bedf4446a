//! Changing a second factor once it is set up: new recovery codes and removing the app, each on
//! a code of it, and an admin's reset for a holder who lost both; on the API and the pages.

use crate::apps::code_after;
use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, assert_json_error};
use crate::pages::Browser;
use bantay::clock::FixedClock;
use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;

const SECRETARY: &str = "secretary@test.bantay.example";

/// An admin and a secretary, each signed in with an authenticator app set up.
async fn staff(clock: &Arc<FixedClock>) -> (TestApp, String, String) {
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let account = json!({"email": SECRETARY, "name": "Sec", "password": PASSWORD,
        "roles": [{"role": "secretary", "board_id": board}]});
    app.create("/api/v1/users", &admin, account).await;
    let secretary = app.login(SECRETARY, PASSWORD).await;
    (app, admin, secretary)
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 10).unwrap(),
    ))
}

async fn recovery_codes_left(app: &TestApp, token: &str) -> i64 {
    let state = app.get("/api/v1/auth/second-factor", Some(token)).await;
    state.body["recovery_codes_left"].as_i64().expect("a count")
}

#[actix_web::test]
async fn new_recovery_codes_need_a_code_of_the_app_and_the_old_ones_stop_working() {
    let clock = clock();
    let (app, _, secretary) = staff(&clock).await;
    let before = app.audit_head().await;
    let wrong = json!({"code": "000000"});
    let refused = (app.post_json("/api/v1/auth/recovery-codes", Some(&secretary), wrong)).await;
    assert_json_error(&refused, 422, "validation_failed");
    assert_eq!(
        app.audit_head().await,
        before,
        "a wrong code changes nothing"
    );

    let secret = app.apps.secret(SECRETARY);
    let old_codes = app.apps.recovery_codes(SECRETARY);
    let code = json!({"code": code_after(&secret, clock.as_ref(), 1)});
    let made = (app.post_json("/api/v1/auth/recovery-codes", Some(&secretary), code)).await;
    assert_eq!(made.status, 200, "{}", made.text);
    let new_codes = made.body["recovery_codes"].as_array().unwrap();
    assert_eq!(new_codes.len(), 10);
    assert_eq!(recovery_codes_left(&app, &secretary).await, 10);

    // An old recovery code opens nothing now; a new one does, once.
    let waiting = app.try_login(SECRETARY, PASSWORD).await.body["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let old = json!({"code": old_codes[0]});
    let second = app
        .post_json("/api/v1/auth/second-factor", Some(&waiting), old)
        .await;
    assert_json_error(&second, 401, "unauthorized");
    let new = json!({"code": new_codes[0]});
    let opened = app
        .post_json("/api/v1/auth/second-factor", Some(&waiting), new)
        .await;
    assert_eq!(opened.status, 200, "{}", opened.text);
}

#[actix_web::test]
async fn removing_the_app_with_a_recovery_code_ends_other_sign_ins_and_leads_to_a_new_app() {
    let clock = clock();
    let (app, _, secretary) = staff(&clock).await;
    clock.advance(TimeDelta::seconds(30));
    let elsewhere = app.login(SECRETARY, PASSWORD).await;
    let lost_phone = json!({"code": app.apps.recovery_codes(SECRETARY)[4]});
    let before = app.audit_head().await;
    let removed = app
        .post_json("/api/v1/auth/totp/remove", Some(&secretary), lost_phone)
        .await;
    assert_eq!(removed.status, 204, "{}", removed.text);
    assert_eq!(app.audit_head().await, before + 1);
    app.assert_signed_out(&elsewhere).await;

    // A secretary must have a second factor: this session reaches nothing but a new app.
    let held = app.get("/api/v1/me", Some(&secretary)).await;
    assert_json_error(&held, 403, "forbidden");
    assert!(held.text.contains("second factor"), "{}", held.text);
    let state = app
        .get("/api/v1/auth/second-factor", Some(&secretary))
        .await;
    assert_eq!(state.body, json!({"totp": false, "recovery_codes_left": 0}));
    app.set_up_app(SECRETARY, &secretary).await;
    assert_eq!(app.get("/api/v1/me", Some(&secretary)).await.status, 200);
}

#[actix_web::test]
async fn an_admin_resets_a_lost_second_factor_the_account_s_sessions_end_and_it_sets_one_up_again()
{
    let clock = clock();
    let (app, admin, secretary) = staff(&clock).await;
    let secretary_id = app.my_id(&secretary).await;
    let admin_id = app.my_id(&admin).await;
    let reset = |id: i64| format!("/api/v1/users/{id}/second-factor/reset");

    let own = app
        .post_json(&reset(admin_id), Some(&admin), json!({}))
        .await;
    assert_json_error(&own, 403, "forbidden");
    let by_secretary = (app.post_json(&reset(admin_id), Some(&secretary), json!({}))).await;
    assert_json_error(&by_secretary, 403, "forbidden");
    let before = app.audit_head().await;
    let done = (app.post_json(&reset(secretary_id), Some(&admin), json!({}))).await;
    assert_eq!(done.status, 204, "{}", done.text);
    assert_eq!(app.audit_head().await, before + 1);
    app.assert_signed_out(&secretary).await;
    let again = (app.post_json(&reset(secretary_id), Some(&admin), json!({}))).await;
    assert_json_error(&again, 409, "conflict");
    let nobody = app.post_json(&reset(9999), Some(&admin), json!({})).await;
    assert_json_error(&nobody, 404, "not_found");

    let next = app.try_login(SECRETARY, PASSWORD).await;
    assert_eq!(
        next.body["second_factor_setup_required"], true,
        "{}",
        next.text
    );
}

#[actix_web::test]
async fn on_the_pages_a_secretary_replaces_codes_and_removes_the_app_and_an_admin_resets_one() {
    let clock = clock();
    let (app, _, secretary) = staff(&clock).await;
    let secretary_id = app.my_id(&secretary).await;
    clock.advance(TimeDelta::seconds(30));

    let mut sec = Browser::new(&app);
    sec.sign_in(SECRETARY).await;
    let page = sec.get("/desk/security", "fil").await;
    assert_eq!(page.status, 200, "{}", page.html);
    for action in [
        "/desk/security/recovery-codes",
        "/desk/security/totp/remove",
    ] {
        assert!(
            page.html.contains(&format!("action=\"{action}\"")),
            "{}",
            page.html
        );
    }
    let wrong = sec
        .submit("/desk/security/recovery-codes", &[("code", "000000")])
        .await;
    assert_eq!(wrong.status, 422, "{}", wrong.html);
    assert!(
        wrong.html.contains("id=\"replace-codes-code-error\""),
        "{}",
        wrong.html
    );
    let code = app.apps.recovery_codes(SECRETARY)[0].clone();
    let made = sec
        .submit("/desk/security/recovery-codes", &[("code", &code)])
        .await;
    assert_eq!(made.status, 200, "{}", made.html);
    assert!(made.html.contains("id=\"recovery-codes\""), "{}", made.html);

    let mut admin = Browser::new(&app);
    admin.sign_in(ADMIN_EMAIL).await;
    let account = format!("/desk/admin/users/{secretary_id}");
    let shown = admin.get(&account, "en").await;
    assert!(
        shown.html.contains("authenticator app set up"),
        "{}",
        shown.html
    );
    let reset = admin
        .submit(
            &format!("{account}/second-factor/reset"),
            &[("reset", "yes")],
        )
        .await;
    assert_eq!(
        (reset.status.as_u16(), reset.location.as_str()),
        (303, account.as_str())
    );
    let after = admin.get(&account, "en").await;
    assert!(
        !after.html.contains("second-factor/reset"),
        "{}",
        after.html
    );
    let desk = sec.get("/desk", "en").await;
    assert_eq!(
        (desk.status.as_u16(), desk.location.as_str()),
        (303, "/signin"),
        "the secretary's session ended"
    );
}
