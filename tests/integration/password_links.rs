//! Passwords chosen through e-mailed links: an admin invites a person, who chooses their own
//! password from the link; a forgotten password is reset the same way. A link works once and
//! for 72 hours; asking for a reset answers alike for a known and an unknown address. The mail
//! is read from the outbox, as the mail server would receive it.

use crate::helpers::{PASSWORD, Response, TestApp, assert_json_error};
use crate::pages::Browser;
use bantay::clock::FixedClock;
use chrono::{TimeDelta, TimeZone, Utc};
use serde_json::json;
use std::sync::Arc;

const INVITED: &str = "invited@test.bantay.example";
const CHOSEN: &str = "three unrelated words tamaraw";

/// The outbox's messages to `to`, oldest first: (kind, subject, body).
async fn mail_to(app: &TestApp, to: &str) -> Vec<(String, String, String)> {
    let all = app
        .db
        .read(|conn| bantay::db::outbox::recent(conn, 500))
        .await
        .expect("the outbox");
    (all.into_iter().rev())
        .filter(|n| n.recipient == to)
        .map(|n| (n.kind, n.subject, n.body))
        .collect()
}

/// The token of the link in the newest message to `to`, after checking it leads to the server.
pub async fn link_token(app: &TestApp, to: &str) -> String {
    let (_, _, body) = mail_to(app, to).await.pop().expect("a message");
    let start = format!("{}/password/", app.base);
    let at = body
        .find(&start)
        .unwrap_or_else(|| panic!("no link to {start}: {body}"));
    body[at + start.len()..]
        .split_whitespace()
        .next()
        .expect("a token")
        .to_owned()
}

async fn set_password(app: &TestApp, token: &str, password: &str) -> Response {
    let body = json!({"token": token, "password": password});
    app.post_json("/api/v1/auth/password", None, body).await
}

async fn invite(app: &TestApp, admin: &str) {
    let board = app.national_board(admin).await;
    let account = json!({"email": INVITED, "name": "Invited Person",
        "roles": [{"role": "member", "board_id": board}]});
    app.create("/api/v1/users", admin, account).await;
}

#[actix_web::test]
async fn an_invited_person_chooses_their_password_once_and_signs_in_with_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    invite(&app, &admin).await;
    let mail = mail_to(&app, INVITED).await;
    assert_eq!(mail.len(), 1, "{mail:?}");
    let (kind, subject, body) = &mail[0];
    assert_eq!(kind, "invitation");
    assert!(subject.contains("bantay"), "{subject}");
    assert!(
        body.contains("Invited Person") && body.contains("72"),
        "{body}"
    );
    assert!(
        body.contains("Kumusta"),
        "the Filipino text follows: {body}"
    );
    // Nobody knows the password the account was made with.
    assert_json_error(&app.try_login(INVITED, PASSWORD).await, 401, "unauthorized");

    let token = link_token(&app, INVITED).await;
    let common = set_password(&app, &token, "qwerty123456").await;
    assert_json_error(&common, 422, "validation_failed");
    assert_eq!(set_password(&app, &token, CHOSEN).await.status, 204);
    let again = set_password(&app, &token, "another long password").await;
    assert_json_error(&again, 404, "not_found");
    let signed = app.try_login(INVITED, CHOSEN).await;
    assert_eq!(signed.status, 200, "{}", signed.text);
}

#[actix_web::test]
async fn a_link_no_longer_works_after_seventy_two_hours() {
    let clock = Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap(),
    ));
    let app = TestApp::spawn_with_clock(clock.clone()).await;
    let admin = app.admin_token().await;
    invite(&app, &admin).await;
    let token = link_token(&app, INVITED).await;
    clock.advance(TimeDelta::hours(72) + TimeDelta::seconds(1));
    assert_json_error(&set_password(&app, &token, CHOSEN).await, 404, "not_found");
    let mut browser = Browser::new(&app);
    let page = browser.get(&format!("/password/{token}"), "en").await;
    assert_eq!(page.status, 404, "{}", page.html);
    assert!(page.html.contains("id=\"link-gone\""), "{}", page.html);
}

#[actix_web::test]
async fn a_reset_request_answers_alike_for_a_known_and_an_unknown_address() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    invite(&app, &admin).await;
    let first = link_token(&app, INVITED).await;
    let ask = async |email: &str| {
        let body = json!({"email": email});
        app.post_json("/api/v1/auth/password-reset", None, body)
            .await
    };
    let known = ask(INVITED).await;
    let unknown = ask("nobody@test.bantay.example").await;
    assert_eq!(known.status, 202, "{}", known.text);
    assert_eq!(
        (unknown.status, &unknown.bytes),
        (known.status, &known.bytes)
    );
    let headers = |r: &Response| {
        let mut names: Vec<String> = (r.headers.keys())
            .filter(|h| *h != "date")
            .map(|h| format!("{h}: {:?}", r.headers.get_all(h).collect::<Vec<_>>()))
            .collect();
        names.sort();
        names
    };
    assert_eq!(headers(&unknown), headers(&known));
    assert!(mail_to(&app, "nobody@test.bantay.example").await.is_empty());
    // What is no address at all is refused as such, which tells nothing of accounts.
    assert_json_error(&ask("not an address").await, 422, "validation_failed");

    // The reset link works, and spends the invitation's too.
    let mail = mail_to(&app, INVITED).await;
    assert_eq!(mail.last().unwrap().0, "password_reset", "{mail:?}");
    let reset = link_token(&app, INVITED).await;
    assert_eq!(set_password(&app, &reset, CHOSEN).await.status, 204);
    assert_json_error(&set_password(&app, &first, CHOSEN).await, 404, "not_found");
}

#[actix_web::test]
async fn on_the_pages_an_admin_invites_and_the_person_chooses_a_password_then_signs_in() {
    let app = TestApp::spawn().await;
    app.admin_token().await;
    let mut admin = Browser::new(&app);
    admin.sign_in(crate::helpers::ADMIN_EMAIL).await;
    let list = admin.get("/desk/admin/users", "en").await;
    assert!(!list.html.contains("name=\"password\""), "{}", list.html);
    let made = admin
        .submit(
            "/desk/admin/users",
            &[("email", INVITED), ("name", "Invited Person"), ("role", "")],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.html);
    let token = link_token(&app, INVITED).await;

    let mut person = Browser::new(&app);
    let form = person.get(&format!("/password/{token}"), "fil").await;
    assert_eq!(form.status, 200, "{}", form.html);
    let path = format!("/password/{token}");
    let mismatch = person
        .submit(
            &path,
            &[("password", CHOSEN), ("again", "something else entirely")],
        )
        .await;
    assert_eq!(mismatch.status, 422, "{}", mismatch.html);
    let common = person
        .submit(
            &path,
            &[("password", "leavemealone"), ("again", "leavemealone")],
        )
        .await;
    assert_eq!(common.status, 422, "{}", common.html);
    assert!(
        common.html.contains("id=\"choose-error\""),
        "{}",
        common.html
    );
    let set = person
        .submit(&path, &[("password", CHOSEN), ("again", CHOSEN)])
        .await;
    assert_eq!(
        (set.status.as_u16(), set.location.as_str()),
        (303, "/signin?password=set")
    );
    let signin = person.get("/signin?password=set", "en").await;
    assert!(
        signin.html.contains("id=\"password-set\""),
        "{}",
        signin.html
    );
    let signed = person.sign_in_with(INVITED, CHOSEN).await;
    assert_eq!(
        (signed.status.as_u16(), signed.location.as_str()),
        (303, "/desk")
    );

    let mut forgetful = Browser::new(&app);
    forgetful.get("/signin/forgot", "en").await;
    let sent = forgetful
        .submit("/signin/forgot", &[("email", "nobody@test.bantay.example")])
        .await;
    assert_eq!(sent.status, 200, "{}", sent.html);
    assert!(sent.html.contains("id=\"reset-sent\""), "{}", sent.html);
}
