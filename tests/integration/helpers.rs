//! Test harness: a fresh database and a server on 127.0.0.1:0 per test, generic HTTP helpers.

use crate::apps::{Apps, SetUp, code_at};
use awc::http::{Method, StatusCode, header::HeaderMap};
use bantay::audit::Actor;
use bantay::auth::accounts::{self, NewAccount};
use bantay::auth::password::NewPassword;
use bantay::clock::{FixedClock, SharedClock, SystemClock};
use bantay::config::ServerSettings;
use bantay::db::{Backend, DatabaseUrl, Db, Open};
use bantay::domain::text::{Email, Label};
use bantay::startup::Application;
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::{Value, json};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub const ADMIN_EMAIL: &str = "admin@test.bantay.example";
pub const PASSWORD: &str = "a long test password";

/// A database of its own: a temporary SQLite file, or a new PostgreSQL database on the server
/// named by `TEST_DATABASE_URL`, dropped at the end.
pub struct TestDb {
    pub url: String,
    _dir: tempfile::TempDir,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub fn new() -> Self {
        // As the service does before its first PostgreSQL connection (see db/connect.rs).
        openssl_sys::init();
        let dir = tempfile::tempdir().expect("temp dir");
        match std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(server_url) => {
                let name = format!("bantay_test_{}", unique_suffix());
                let mut admin =
                    PgConnection::establish(&server_url).expect("connect TEST_DATABASE_URL");
                diesel::sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create test database");
                let base = server_url
                    .rsplit_once('/')
                    .map_or(server_url.as_str(), |(b, _)| b);
                Self {
                    url: format!("{base}/{name}"),
                    _dir: dir,
                    pg: Some((server_url.clone(), name)),
                }
            }
            None => Self {
                url: format!("sqlite://{}", dir.path().join("bantay.db").display()),
                _dir: dir,
                pg: None,
            },
        }
    }

    pub fn backend(&self) -> Backend {
        DatabaseUrl::parse(&self.url).expect("test url").backend()
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn open(&self) -> Db {
        Db::open(
            &DatabaseUrl::parse(&self.url).expect("test url"),
            4,
            Open::Prepare,
        )
        .expect("open test db")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server_url, name)) = &self.pg
            && let Ok(mut admin) = PgConnection::establish(server_url)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

fn unique_suffix() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos % 1_000_000_000,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub test_db: TestDb,
    pub clock: SharedClock,
    /// The authenticator apps of the accounts signed in so far.
    pub apps: Arc<Apps>,
    server: actix_web::dev::ServerHandle,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(ServerSettings::default(), Arc::new(SystemClock)).await
    }

    pub async fn spawn_with_clock(clock: Arc<FixedClock>) -> Self {
        Self::spawn_with(ServerSettings::default(), clock).await
    }

    pub async fn spawn_with(mut settings: ServerSettings, clock: SharedClock) -> Self {
        Self::spawn_on(TestDb::new(), &mut settings, clock).await
    }

    /// Serves an existing test database (for restarts).
    pub async fn spawn_on(
        test_db: TestDb,
        settings: &mut ServerSettings,
        clock: SharedClock,
    ) -> Self {
        settings.listen = "127.0.0.1:0".parse().expect("address");
        settings.workers = 1;
        // Tests run the jobs themselves, at moments they choose.
        settings.jobs.run_jobs = false;
        let db = test_db.open();
        let app =
            Application::build(settings.clone(), db.clone(), clock.clone()).expect("build app");
        let base = format!("http://{}", app.address());
        let server = app.server_handle();
        actix_web::rt::spawn(app.run_until_stopped());
        Self {
            base,
            db,
            test_db,
            clock,
            apps: Arc::default(),
            server,
        }
    }

    /// Another server process-alike on the same database, as behind a load balancer: its own
    /// pools and state. Returns its base URL.
    pub fn another_instance(&self) -> String {
        let settings = ServerSettings {
            listen: "127.0.0.1:0".parse().expect("address"),
            workers: 1,
            ..ServerSettings::default()
        };
        let mut settings = settings;
        settings.jobs.run_jobs = false;
        let app = Application::build(settings, self.test_db.open(), self.clock.clone())
            .expect("build second instance");
        let base = format!("http://{}", app.address());
        actix_web::rt::spawn(app.run_until_stopped());
        base
    }

    pub async fn stop(self) -> TestDb {
        self.server.stop(true).await;
        self.test_db
    }

    /// Creates the first admin the way `bantay admin create` does and signs it in.
    pub async fn admin_token(&self) -> String {
        self.create_account(ADMIN_EMAIL, true).await;
        self.login(ADMIN_EMAIL, PASSWORD).await
    }

    pub async fn create_account(&self, email: &str, is_admin: bool) {
        let account = NewAccount {
            email: Email::parse(email).expect("email"),
            name: Label::parse("name", "Test Admin", 100).expect("name"),
            password_hash: NewPassword::parse(PASSWORD)
                .expect("password")
                .hash()
                .expect("hash"),
            is_admin,
            grants: vec![],
        };
        let now = self.clock.now();
        self.db
            .write(move |conn| accounts::create(conn, &Actor::system("test"), account, now))
            .await
            .expect("create account");
    }

    /// A sign-in attempt, whatever its outcome.
    pub async fn try_login(&self, email: &str, password: &str) -> Response {
        let body = serde_json::json!({"email": email, "password": password});
        self.post_json("/api/v1/auth/login", None, body).await
    }

    /// A sign-in attempt from `client`, as a trusted proxy names it (`X-Forwarded-For`).
    pub async fn try_login_from(&self, client: &str, email: &str, password: &str) -> Response {
        let body = serde_json::json!({"email": email, "password": password}).to_string();
        let json = Some(("application/json", body.as_bytes()));
        let forwarded = [("X-Forwarded-For", client)];
        (self.raw(Method::POST, "/api/v1/auth/login", None, json, &forwarded)).await
    }

    /// Signs in and returns the bearer token: with the password, then a code of the account's
    /// app where it has one, or setting one up where its role must have one.
    pub async fn login(&self, email: &str, password: &str) -> String {
        let r = self.signed_in(email, password).await;
        r.body["token"].as_str().expect("token").to_owned()
    }

    /// Signs in as `login` does; answers with the response that holds the open session (its
    /// token and cookie): the second step's, or the password step's where an app had to be set
    /// up first, as confirming it opened that session.
    pub async fn signed_in(&self, email: &str, password: &str) -> Response {
        let r = self.try_login(email, password).await;
        assert_eq!(r.status, 200, "login of {email} failed: {}", r.text);
        let token = r.body["token"].as_str().expect("token").to_owned();
        if r.body["second_factor_setup_required"] == true {
            self.set_up_app(email, &token).await;
            return r;
        }
        if r.body["second_factor_required"] != true {
            return r;
        }
        let code = json!({"code": self.apps.next_code(email, self.clock.as_ref())});
        let opened = (self.post_json("/api/v1/auth/second-factor", Some(&token), code)).await;
        assert_eq!(
            opened.status, 200,
            "second step of {email}: {}",
            opened.text
        );
        opened
    }

    /// Sets up an authenticator app for the account signed in with `token`, as its holder
    /// would: asks for a secret, confirms it with the app's first code, keeps the recovery codes.
    pub async fn set_up_app(&self, email: &str, token: &str) -> SetUp {
        let started = (self.post_json("/api/v1/auth/totp", Some(token), json!({}))).await;
        assert_eq!(started.status, 201, "{}", started.text);
        let secret = started.body["secret"].as_str().expect("secret").to_owned();
        let (step, code) = code_at(&secret, self.clock.now());
        let confirm = json!({"code": code});
        let confirmed = (self.post_json("/api/v1/auth/totp/confirm", Some(token), confirm)).await;
        assert_eq!(confirmed.status, 200, "{}", confirmed.text);
        let recovery_codes = (confirmed.body["recovery_codes"].as_array().expect("codes"))
            .iter()
            .map(|c| c.as_str().expect("a code").to_owned())
            .collect();
        let set_up = SetUp {
            secret,
            step,
            recovery_codes,
        };
        self.apps.keep(email, set_up.clone());
        set_up
    }

    /// The id of the account behind a token.
    pub async fn my_id(&self, token: &str) -> i64 {
        self.get("/api/v1/me", Some(token)).await.body["user"]["id"]
            .as_i64()
            .expect("user id")
    }

    /// A GET sending `cookie` (`name=value`) instead of a bearer token.
    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> Response {
        self.raw(Method::GET, path, None, None, &[("Cookie", cookie)])
            .await
    }

    /// POSTs a new record, insists on 201 Created, and returns it.
    pub async fn create(&self, path: &str, token: &str, body: Value) -> Value {
        let r = self.post_json(path, Some(token), body).await;
        assert_eq!(r.status, 201, "POST {path}: {}", r.text);
        r.body
    }

    /// Creates a national board and returns its id.
    pub async fn national_board(&self, admin: &str) -> Value {
        let body = serde_json::json!({"name": "National", "level": "national"});
        self.create("/api/v1/boards", admin, body).await["id"].clone()
    }

    /// Insists that the token no longer opens a session.
    /// Refused where the credentials are checked in the handler's own read (the action list) and
    /// where they are checked before the handler (`/me`), in that order, so that ending an idle
    /// session is left to the first.
    pub async fn assert_signed_out(&self, token: &str) {
        for path in ["/api/v1/actions", "/api/v1/me"] {
            assert_json_error(&self.get(path, Some(token)).await, 401, "unauthorized");
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.request(Method::GET, path, token, None).await
    }

    pub async fn post_json(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::POST, path, token, Some(body)).await
    }

    pub async fn patch_json(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.request(Method::PATCH, path, token, Some(body)).await
    }

    pub async fn request(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let payload = body.map(|b| b.to_string());
        self.raw(
            method,
            path,
            token,
            payload
                .as_deref()
                .map(|p| ("application/json", p.as_bytes())),
            &[],
        )
        .await
    }

    /// A request with any body bytes, content type and extra headers.
    pub async fn raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(&str, &[u8])>,
        headers: &[(&str, &str)],
    ) -> Response {
        let client = awc::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .finish();
        let mut req = client.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        for (name, value) in headers {
            req = req.insert_header((*name, *value));
        }
        let mut res = match body {
            Some((content_type, bytes)) => req
                .insert_header(("Content-Type", content_type))
                .send_body(bytes.to_vec())
                .await
                .expect("request"),
            None => req.send().await.expect("request"),
        };
        let bytes = res.body().limit(64 * 1024 * 1024).await.expect("body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Response {
            status: res.status(),
            headers: res.headers().clone(),
            body: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
            text,
            bytes: bytes.to_vec(),
        }
    }

    /// `POST /api/v1/public/verify` with `pdf` as the body; the JSON answer.
    pub async fn verify_pdf(&self, pdf: &[u8]) -> Value {
        self.raw(
            Method::POST,
            "/api/v1/public/verify",
            None,
            Some(("application/pdf", pdf)),
            &[],
        )
        .await
        .body
    }

    /// The newest audit entry's sequence number (0 when the log is empty).
    pub async fn audit_head(&self) -> i64 {
        self.db
            .read(bantay::db::audit_log::head)
            .await
            .expect("audit head")
            .map_or(0, |(seq, _)| seq)
    }
}

/// Every error answer has the same JSON shape with a stable code and a message.
pub fn assert_json_error(r: &Response, status: u16, code: &str) {
    assert_eq!(r.status.as_u16(), status, "body: {}", r.text);
    assert_eq!(r.body["error"]["code"], code, "body: {}", r.text);
    assert!(
        r.body["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "error without a message: {}",
        r.text
    );
}

/// Runs the real `bantay` binary against a test database.
pub fn bantay_cli(test_db: &TestDb, args: &[&str], stdin: Option<&str>) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantay"))
        .args(args)
        .env("DATABASE_URL", &test_db.url)
        .env("BANTAY_DATA_DIR", test_db.data_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run bantay");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("bantay output")
}

/// Polls `done` for up to 30 seconds; fails naming what never happened.
pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "waited 30 s for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// The single number `sql` (`SELECT COUNT(*) AS n …`) answers, read straight from the database.
pub fn count(test_db: &TestDb, sql: &str) -> i64 {
    use diesel::RunQueryDsl;
    test_db
        .open()
        .read_blocking(|conn| {
            let found = match conn {
                bantay::db::DbConn::Sqlite(c) => diesel::sql_query(sql).get_result::<Count>(c),
                bantay::db::DbConn::Pg(c) => diesel::sql_query(sql).get_result::<Count>(c),
            };
            found.map_err(bantay::db::Error::from)
        })
        .unwrap()
        .n
}
