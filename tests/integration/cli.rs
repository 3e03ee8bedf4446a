//! The command line, run as the real binary.

use crate::helpers::{TestDb, bantay_cli, count};
use chrono::Datelike;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create", "--help"],
        vec!["demo", "--help"],
        vec!["demo", "load", "--help"],
        vec!["audit", "--help"],
        vec!["audit", "verify", "--help"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_bantay"))
            .args(&args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert!(
            stdout(&out).contains("Usage: bantay"),
            "{args:?}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn an_unsupported_database_url_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    for command in [vec!["serve"], vec!["migrate"], vec!["audit", "verify"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_bantay"))
            .args(&command)
            .env("DATABASE_URL", "mysql://x")
            .env("BANTAY_DATA_DIR", &data)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{command:?}");
        assert!(
            stderr(&out).contains("unsupported DATABASE_URL 'mysql://"),
            "{}",
            stderr(&out)
        );
        assert!(!data.exists(), "{command:?} created {}", data.display());
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn audit_verify_does_not_create_a_missing_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bantay"))
        .args([
            "--data-dir",
            dir.path().to_str().unwrap(),
            "audit",
            "verify",
        ])
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(stderr(&out).contains("no database at"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn admin_create_takes_the_password_from_stdin_never_from_an_argument() {
    let test_db = TestDb::new();
    let args = [
        "admin",
        "create",
        "--email",
        "Chief@Test.Bantay.Example",
        "--name",
        "Chief Admin",
    ];
    let short = bantay_cli(&test_db, &args, Some("short\n"));
    assert!(!short.status.success());
    assert!(
        stderr(&short).contains("at least 12 characters"),
        "{}",
        stderr(&short)
    );

    let ok = bantay_cli(&test_db, &args, Some("a long admin password\n"));
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("chief@test.bantay.example"));

    let again = bantay_cli(&test_db, &args, Some("a long admin password\n"));
    assert!(!again.status.success());
    assert!(
        stderr(&again).contains("exists already"),
        "{}",
        stderr(&again)
    );

    let mut with_flag = args.to_vec();
    with_flag.extend(["--password", "a long admin password"]);
    let refused = bantay_cli(&test_db, &with_flag, None);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("unexpected argument"),
        "{}",
        stderr(&refused)
    );

    let verify = bantay_cli(&test_db, &["audit", "verify"], None);
    assert!(verify.status.success(), "{}", stdout(&verify));
}

#[test]
fn demo_load_fills_an_empty_database_once() {
    let test_db = TestDb::new();
    let first = bantay_cli(&test_db, &["demo", "load"], None);
    assert!(first.status.success(), "{}", stderr(&first));
    let text = stdout(&first);
    assert!(text.contains("3 boards"), "{text}");
    for role in [
        "admin",
        "secretary (national)",
        "member (Region VIII)",
        "representative (8th Infantry Division)",
    ] {
        assert!(text.contains(role), "{role} missing from: {text}");
    }
    let second = bantay_cli(&test_db, &["demo", "load"], None);
    assert!(!second.status.success());
    assert!(
        stderr(&second).contains("already has accounts"),
        "{}",
        stderr(&second)
    );
}

#[test]
fn demo_load_with_an_archive_writes_what_it_reports_and_the_same_month_whatever_the_span() {
    let two_years = TestDb::new();
    let out = bantay_cli(
        &two_years,
        &["demo", "load", "--scale", "0.005", "--months", "24"],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("18 boards"), "{text}");
    // 18 boards over 24 months, less the twelve sessions of Region VIII's year, which the base
    // demo records itself.
    assert!(
        text.contains(
            "Archive over 24 months: 420 sessions, 840 decisions, 1000 incidents, 200 actions, \
             50 grievances, 300 indicators with 7104 monthly figures."
        ),
        "{text}"
    );
    // The base demo's own records come on top of the archive's.
    let base = TestDb::new();
    assert!(bantay_cli(&base, &["demo", "load"], None).status.success());
    let all = |table: &str| format!("SELECT COUNT(*) AS n FROM {table}");
    assert_eq!(count(&base, &all("minutes")), 12, "the year's sessions");
    for (table, n) in [("boards", 18), ("indicators", 300)] {
        assert_eq!(count(&two_years, &all(table)), n, "{table}");
    }
    for (table, n) in [
        ("incidents", 1000),
        ("actions", 200),
        ("grievances", 50),
        ("decisions", 840),
    ] {
        let with_base = n + count(&base, &all(table));
        assert_eq!(count(&two_years, &all(table)), with_base, "{table}");
    }
    let frozen = "SELECT COUNT(*) AS n FROM minutes WHERE status = 'frozen'";
    assert_eq!(count(&two_years, frozen), 420 + count(&base, frozen));
    let verify = bantay_cli(&two_years, &["audit", "verify"], None);
    assert!(verify.status.success(), "{}", stdout(&verify));
    let again = bantay_cli(&two_years, &["demo", "load", "--scale", "0.005"], None);
    assert!(!again.status.success());

    // Large enough that a month's incidents take several statements.
    let load = |months: &str| {
        let db = TestDb::new();
        let out = bantay_cli(
            &db,
            &["demo", "load", "--scale", "0.5", "--months", months],
            None,
        );
        assert!(out.status.success(), "{}", stderr(&out));
        db
    };
    let (two_months, one_month) = (load("2"), load("1"));
    let today = chrono::Utc::now().date_naive();
    let this_month = today.with_day(1).unwrap();
    let last_month = this_month - chrono::Months::new(1);
    for (table, at) in [
        ("incidents", "reported_at"),
        ("actions", "created_at"),
        ("grievances", "filed_at"),
    ] {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE board_id = 5 \
             AND {at} >= '{last_month}' AND {at} < '{this_month}'"
        );
        let in_both = (count(&two_months, &sql), count(&one_month, &sql));
        assert_eq!(in_both.0, in_both.1, "{table}");
        assert!(in_both.0 > 0, "{table}: {in_both:?}");
    }
    let critical = format!(
        "SELECT COUNT(*) AS n FROM incidents WHERE board_id = 5 AND severity = 'critical' \
         AND reported_at >= '{last_month}'"
    );
    assert_eq!(count(&two_months, &critical), count(&one_month, &critical));
    let earlier = format!("SELECT COUNT(*) AS n FROM incidents WHERE reported_at < '{last_month}'");
    assert!(count(&two_months, &earlier) > count(&one_month, &earlier));
}

/// The README's run command, end to end: `bantay serve --demo` on a fresh data directory.
#[actix_web::test]
async fn serve_with_demo_data_lets_the_demo_secretary_sign_in_with_the_printed_app_secret_and_see_their_roles()
 {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_bantay"))
        .args(["serve", "--demo", "--listen", "127.0.0.1:0"])
        .env_remove("DATABASE_URL")
        .env("BANTAY_DATA_DIR", dir.path().join("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut password, mut secret, mut base) = (None, None, None);
    let mut secretary_next = false;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if line.contains("secretary@demo.bantay.example") {
            password = line.split_whitespace().last().map(str::to_owned);
            secretary_next = true;
        } else if let Some(typed) = line.trim().strip_prefix("app secret ")
            && std::mem::take(&mut secretary_next)
        {
            secret = Some(typed.to_owned());
        }
        if let Some(url) = line.strip_prefix("bantay listening on ") {
            base = Some(url.to_owned());
            break;
        }
    }
    let (base, password, secret) = (
        base.expect("listening line"),
        password.expect("password line"),
        secret.expect("the secretary's app secret"),
    );
    let client = awc::Client::default();
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let call = async |path: &str, token: Option<&str>, body: serde_json::Value| {
        let mut request = client.post(format!("{base}{path}"));
        if let Some(token) = token {
            request = request.insert_header(("Authorization", format!("Bearer {token}")));
        }
        let mut answer = request.send_json(&body).await.unwrap();
        let status = answer.status();
        let body: serde_json::Value = answer.json().await.unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        body["token"].as_str().unwrap().to_owned()
    };
    let credentials =
        serde_json::json!({"email": "secretary@demo.bantay.example", "password": password});
    let waiting = call("/api/v1/auth/login", None, credentials).await;
    // The secretary's app, as printed: its code after the password.
    let code = crate::apps::code_at(&secret, chrono::Utc::now()).1;
    let second = serde_json::json!({"code": code});
    let token = call("/api/v1/auth/second-factor", Some(&waiting), second).await;
    let me: serde_json::Value = client
        .get(format!("{base}/api/v1/me"))
        .insert_header(("Authorization", format!("Bearer {token}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["roles"][0]["role"], "secretary");
    assert_eq!(
        me["roles"][0]["scope_name"],
        "Bantay Bayanihan National Forum"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(dir.path().join("data/bantay.db").exists());
}

/// OpenSSL's exit-time cleanup, registered by libpq, once crashed the process when the pool was
/// still opening a connection at exit (about one run in eight on PostgreSQL); twenty clean exits
/// in a row make a return of that visible.
#[test]
fn audit_verify_exits_cleanly_every_time() {
    let test_db = TestDb::new();
    assert!(
        bantay_cli(&test_db, &["demo", "load"], None)
            .status
            .success()
    );
    for run in 0..20 {
        let out = bantay_cli(&test_db, &["audit", "verify"], None);
        assert!(
            out.status.success(),
            "run {run}: {} {}",
            out.status,
            stderr(&out)
        );
    }
}

#[test]
fn the_command_line_drafts_only_ended_months_and_publishes_only_what_another_officer_approved() {
    let test_db = TestDb::new();
    assert!(
        bantay_cli(&test_db, &["demo", "load"], None)
            .status
            .success()
    );
    // The demo's twelve published reports went through a member's approval.
    let signoff = "SELECT COUNT(*) AS n FROM reports WHERE status = 'published' \
                   AND signoff LIKE '%\"approved_as\":\"member\"%'";
    assert_eq!(count(&test_db, signoff), 12);
    let manila = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Manila);
    let this_month = manila.format("%Y-%m").to_string();
    let early = bantay_cli(
        &test_db,
        &["report", "draft", "--board", "3", "--period", &this_month],
        None,
    );
    assert!(!early.status.success());
    assert!(
        stderr(&early).contains("has not ended"),
        "{}",
        stderr(&early)
    );
    let last_month = (manila.date_naive().with_day(1).expect("day") - chrono::TimeDelta::days(1))
        .format("%Y-%m")
        .to_string();
    let drafted = bantay_cli(
        &test_db,
        &["report", "draft", "--board", "3", "--period", &last_month],
        None,
    );
    assert!(drafted.status.success(), "{}", stderr(&drafted));
    let id = stdout(&drafted)
        .split_whitespace()
        .nth(2)
        .expect("report id")
        .to_owned();
    // Region XI keeps the two-person rule: its operator cannot publish an unapproved draft.
    let alone = bantay_cli(&test_db, &["report", "publish", &id], None);
    assert!(!alone.status.success());
    assert!(
        stderr(&alone).contains("approves it first"),
        "{}",
        stderr(&alone)
    );
}
