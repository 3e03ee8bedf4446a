//! Throttles counted in the database: two `bantay serve` processes on one database share one
//! count; an account's failures from many addresses add up; checking a PDF is throttled like the
//! other public requests. Refusals answer 429 with `Retry-After`.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp, TestDb, bantay_cli};
use crate::pages::Browser;
use awc::http::Method;
use bantay::config::ServerSettings;
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

/// One `bantay serve` on the test database, with `env` set; its address once it listens.
struct Instance {
    child: Child,
    base: String,
}

impl Instance {
    fn start(db: &TestDb, env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bantay"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("DATABASE_URL", &db.url)
            .env("BANTAY_DATA_DIR", db.data_dir())
            .env("BANTAY_LOG", "warn")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bantay serve");
        let out = BufReader::new(child.stdout.take().expect("stdout"));
        let base = (out.lines().map_while(Result::ok))
            .find_map(|l| l.strip_prefix("bantay listening on ").map(str::to_owned))
            .expect("the listening line");
        Self { child, base }
    }

    async fn sign_in(&self, password: &str) -> (u16, Option<String>) {
        let body = json!({"email": ADMIN_EMAIL, "password": password});
        let answer = awc::Client::default()
            .post(format!("{}/api/v1/auth/login", self.base))
            .send_json(&body)
            .await
            .expect("an answer");
        let retry = (answer.headers().get("retry-after"))
            .map(|v| v.to_str().unwrap_or_default().to_owned());
        (answer.status().as_u16(), retry)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[actix_web::test]
async fn two_processes_on_one_database_share_the_sign_in_throttle() {
    let db = TestDb::new();
    let created = bantay_cli(
        &db,
        &["admin", "create", "--email", ADMIN_EMAIL, "--name", "Admin"],
        Some(&format!("{PASSWORD}\n")),
    );
    assert!(created.status.success(), "{created:?}");
    let limits = [("BANTAY_LOGIN_MAX_FAILURES", "2")];
    let (first, second) = (Instance::start(&db, &limits), Instance::start(&db, &limits));

    assert_eq!(first.sign_in("wrong password one").await.0, 401);
    assert_eq!(second.sign_in("wrong password two").await.0, 401);
    // Two failures, one on each process: the right password is refused on both.
    for instance in [&first, &second] {
        let (status, retry) = instance.sign_in(PASSWORD).await;
        assert_eq!(status, 429);
        let seconds: i64 = retry.expect("Retry-After").parse().expect("seconds");
        assert!((1..=900).contains(&seconds), "{seconds}");
    }
}

/// An admin's account on a server behind a trusted proxy that names each client, allowing two
/// failures per address.
async fn behind_a_proxy() -> TestApp {
    let settings = ServerSettings {
        login_max_failures: 2,
        trust_proxy: true,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    app.create_account(ADMIN_EMAIL, true).await;
    app
}

#[actix_web::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_throttled_on_its_own() {
    let app = behind_a_proxy().await;
    let attempt = async |client: &str, password: &str| {
        (app.try_login_from(client, ADMIN_EMAIL, password).await).status
    };
    for _ in 0..2 {
        assert_eq!(attempt("203.0.113.7", "wrong wrong wrong").await, 401);
    }
    assert_eq!(attempt("203.0.113.7", PASSWORD).await, 429);
    // A client cannot dodge the limit by prepending addresses of its own choosing.
    assert_eq!(attempt("192.0.2.99, 203.0.113.7", PASSWORD).await, 429);
    assert_eq!(attempt("198.51.100.2", PASSWORD).await, 200);
}

#[actix_web::test]
async fn an_account_s_failures_from_many_addresses_add_up() {
    let app = behind_a_proxy().await;
    let attempt = async |client: &str, password: &str| {
        app.try_login_from(client, ADMIN_EMAIL, password).await
    };
    // One failure from each of eight addresses: under the limit of each, at four times it for
    // the account (the limit of all addresses together).
    for n in 1..=8 {
        let r = attempt(&format!("198.51.100.{n}"), "a guess").await;
        assert_eq!(r.status, 401, "{}", r.text);
    }
    let refused = attempt("198.51.100.9", PASSWORD).await;
    assert_eq!(refused.status, 429, "{}", refused.text);
    assert!(refused.headers.contains_key("retry-after"));
}

#[actix_web::test]
async fn checking_a_pdf_is_throttled_per_address_on_the_api_and_the_page() {
    let settings = ServerSettings {
        public_max_requests: 2,
        ..ServerSettings::default()
    };
    let app = TestApp::spawn_with(settings, Arc::new(bantay::clock::SystemClock)).await;
    let pdf = Some(("application/pdf", b"%PDF-1.7 not a report".as_slice()));
    for _ in 0..2 {
        let r = (app.raw(Method::POST, "/api/v1/public/verify", None, pdf, &[])).await;
        assert_ne!(r.status, 429, "{}", r.text);
    }
    let refused = (app.raw(Method::POST, "/api/v1/public/verify", None, pdf, &[])).await;
    assert_eq!(refused.status, 429, "{}", refused.text);
    let seconds: i64 = (refused.headers.get("retry-after").expect("Retry-After"))
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=3600).contains(&seconds), "{seconds}");

    // The page counts with the API: the same address is refused there too, in its language.
    let mut browser = Browser::new(&app);
    browser.get("/verify", "fil").await;
    let file = [("file", "report.pdf", b"%PDF-1.7 not a report".as_slice())];
    let page = browser.upload("/verify", &file, &[], "fil").await;
    assert_eq!(page.status, 429, "{}", page.html);
    assert!(page.headers.contains_key("retry-after"));
}
