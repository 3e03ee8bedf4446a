//! One's own sessions: each login with its device (from the user agent) and its network, ended
//! one by one or all but the current; a sign-in from a device the account never used tells its
//! holder by e-mail.

use crate::helpers::{PASSWORD, Response, TestApp, assert_json_error};
use crate::pages::Browser;
use awc::http::Method;
use serde_json::json;

const PERSON: &str = "person@test.bantay.example";
const PHONE: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like \
                     Gecko) Chrome/126.0 Mobile Safari/537.36";
const LAPTOP: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0";

async fn sign_in_from(app: &TestApp, agent: &str) -> String {
    let body = json!({"email": PERSON, "password": PASSWORD}).to_string();
    let json = Some(("application/json", body.as_bytes()));
    let r = (app.raw(
        Method::POST,
        "/api/v1/auth/login",
        None,
        json,
        &[("User-Agent", agent)],
    ))
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.body["token"].as_str().expect("a token").to_owned()
}

async fn sessions(app: &TestApp, token: &str) -> Response {
    let r = app.get("/api/v1/auth/sessions", Some(token)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r
}

/// The outbox's messages of `kind` to the person.
async fn mail(app: &TestApp, kind: &str) -> Vec<String> {
    let all = app
        .db
        .read(|conn| bantay::db::outbox::recent(conn, 500))
        .await
        .expect("the outbox");
    (all.into_iter())
        .filter(|n| n.recipient == PERSON && n.kind == kind)
        .map(|n| n.body)
        .collect()
}

#[actix_web::test]
async fn a_person_sees_each_session_s_device_and_network_and_ends_one_or_all_others() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON, false).await;
    let phone = sign_in_from(&app, PHONE).await;
    let laptop = sign_in_from(&app, LAPTOP).await;
    let third = sign_in_from(&app, LAPTOP).await;

    let listed = sessions(&app, &laptop).await.body;
    let rows = listed.as_array().expect("a list");
    assert_eq!(rows.len(), 3, "{listed}");
    let devices: Vec<&str> = rows.iter().map(|s| s["device"].as_str().unwrap()).collect();
    assert_eq!(
        devices,
        [
            "Firefox on Windows",
            "Firefox on Windows",
            "Chrome on Android"
        ]
    );
    assert!(rows.iter().all(|s| s["address"] == "127.0.0.x"), "{listed}");
    let current: Vec<bool> = rows.iter().map(|s| s["current"] == true).collect();
    assert_eq!(current, [false, true, false]);

    let phone_id = &rows[2]["id"];
    let ended = (app.request(
        Method::DELETE,
        &format!("/api/v1/auth/sessions/{phone_id}"),
        Some(&laptop),
        None,
    ))
    .await;
    assert_eq!(ended.status, 204, "{}", ended.text);
    app.assert_signed_out(&phone).await;
    let again = (app.request(
        Method::DELETE,
        &format!("/api/v1/auth/sessions/{phone_id}"),
        Some(&laptop),
        None,
    ))
    .await;
    assert_json_error(&again, 404, "not_found");

    let others =
        (app.post_json("/api/v1/auth/sessions/end-others", Some(&laptop), json!({}))).await;
    assert_eq!(others.status, 204, "{}", others.text);
    app.assert_signed_out(&third).await;
    assert_eq!(
        sessions(&app, &laptop).await.body.as_array().unwrap().len(),
        1
    );
}

#[actix_web::test]
async fn a_sign_in_from_a_device_never_used_before_is_told_by_e_mail_with_its_network_only() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON, false).await;
    sign_in_from(&app, PHONE).await;
    sign_in_from(&app, PHONE).await;
    assert!(
        mail(&app, "new_device").await.is_empty(),
        "the first device, and the same again, tell nobody"
    );
    sign_in_from(&app, LAPTOP).await;
    let told = mail(&app, "new_device").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(told[0].contains("Firefox on Windows"), "{}", told[0]);
    assert!(
        told[0].contains("127.0.0.x") && !told[0].contains("127.0.0.1"),
        "{}",
        told[0]
    );
    sign_in_from(&app, LAPTOP).await;
    assert_eq!(mail(&app, "new_device").await.len(), 1);
}

#[actix_web::test]
async fn on_the_security_page_a_person_ends_another_session() {
    let app = TestApp::spawn().await;
    app.create_account(PERSON, false).await;
    let phone = sign_in_from(&app, PHONE).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(PERSON).await;
    let page = browser.get("/desk/security", "fil").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("Chrome on Android"), "{}", page.html);
    assert!(page.html.contains("ang sesyong ito"), "{}", page.html);
    let listed = sessions(&app, &phone).await.body;
    let phone_id = (listed.as_array().unwrap().iter())
        .find(|s| s["current"] == true)
        .map(|s| s["id"].as_i64().unwrap())
        .expect("the phone's session");
    let end = format!("/desk/security/sessions/{phone_id}/end");
    assert!(
        page.html.contains(&format!("action=\"{end}\"")),
        "{}",
        page.html
    );
    let ended = browser.submit(&end, &[("end", "yes")]).await;
    assert_eq!(ended.status, 303, "{}", ended.html);
    app.assert_signed_out(&phone).await;
}
