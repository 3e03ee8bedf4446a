//! The scheduled jobs across a month boundary, run by two real `bantay serve` processes on one
//! database with their clocks started just before the boundary (`--clock-start`); one of them is
//! killed with SIGKILL while the month's reports fall due.

use crate::helpers::{TestDb, bantay_cli, count, wait_for};
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, Utc};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One `bantay serve` whose clock reads `at` when it starts; ticks every second. Its log goes to
/// `log`, so that a failed tick (logged as an error) fails the test.
struct Instance(Child);

impl Instance {
    fn start(db: &TestDb, at: DateTime<Utc>, log: &Path) -> Self {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_bantay"))
            .args(["serve", "--listen", "127.0.0.1:0"])
            .env("DATABASE_URL", &db.url)
            .env("BANTAY_DATA_DIR", db.data_dir())
            .env("BANTAY_CLOCK_START", at.to_rfc3339())
            .env("BANTAY_JOB_INTERVAL_SECS", "1")
            .env("BANTAY_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        Self(child)
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn two_instances_across_a_month_boundary_draft_each_report_once_and_make_each_meeting_once_though_one_is_killed()
 {
    let db = TestDb::new();
    let demo = bantay_cli(&db, &["demo", "load"], None);
    assert!(demo.status.success());
    // The demo's three boards are in Manila (UTC+8): a month's report falls due at 06:00 on the
    // 1st of the next, 22:00 UTC the day before.
    let today = Utc::now().date_naive();
    let first_of_next =
        NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap() + Months::new(1);
    let due = (first_of_next - TimeDelta::days(1))
        .and_hms_opt(22, 0, 0)
        .unwrap()
        .and_utc();
    let month = (first_of_next - Months::new(1)).format("%Y-%m").to_string();
    let lead = TimeDelta::seconds(6);
    let origin = Instant::now();
    let clock = || due - lead + TimeDelta::from_std(origin.elapsed()).unwrap();

    let drafts = format!("SELECT COUNT(*) AS n FROM reports WHERE period = '{month}'");
    let logs = [
        db.data_dir().join("first.log"),
        db.data_dir().join("second.log"),
    ];
    let first = Instance::start(&db, clock(), &logs[0]);
    let second = Instance::start(&db, clock(), &logs[1]);
    std::thread::sleep(Duration::from_secs(5));
    assert_eq!(count(&db, &drafts), 0, "drafted before the month closed");
    // The first instance dies at a moment in the second around the boundary, when both are
    // drafting or about to; it comes back with its clock where it would have been.
    let jitter = Duration::from_millis(u64::from(Utc::now().timestamp_subsec_millis()));
    std::thread::sleep(Duration::from_secs(1) + jitter);
    drop(first);
    let _first_again = Instance::start(&db, clock(), &logs[0]);
    wait_for("the month's three drafts", || count(&db, &drafts) == 3);
    std::thread::sleep(Duration::from_secs(3));
    drop(second);

    assert_eq!(count(&db, &drafts), 3);
    let boards = format!(
        "SELECT COUNT(DISTINCT board_id) AS n FROM reports WHERE period = '{month}' \
         AND revision = 1 AND status = 'draft' AND document <> '' AND document_sha256 <> ''"
    );
    assert_eq!(count(&db, &boards), 3);
    let audited =
        "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'report' AND action = 'create'";
    assert_eq!(
        count(&db, audited),
        count(&db, "SELECT COUNT(*) AS n FROM reports")
    );
    let told = "SELECT COUNT(*) AS n FROM outbox WHERE kind = 'report_drafted'";
    let told_once =
        "SELECT COUNT(DISTINCT dedupe_key) AS n FROM outbox WHERE kind = 'report_drafted'";
    assert!(count(&db, told) > 0);
    assert_eq!(count(&db, told), count(&db, told_once));
    let twice = "SELECT COUNT(*) AS n FROM (SELECT series_id, occurrence_date FROM meetings \
                 GROUP BY series_id, occurrence_date HAVING COUNT(*) > 1) AS twice";
    assert_eq!(count(&db, twice), 0);
    let made = "SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'meeting' AND action = 'create'";
    assert_eq!(
        count(&db, made),
        count(&db, "SELECT COUNT(*) AS n FROM meetings")
    );
    // Every tick of every instance succeeded: a failed job is logged as an error.
    for log in &logs {
        let text = std::fs::read_to_string(log).unwrap();
        assert!(
            !text.contains("ERROR") && !text.contains("failed"),
            "{}: {text}",
            log.display()
        );
    }
    let verify = bantay_cli(&db, &["audit", "verify"], None);
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );
}
