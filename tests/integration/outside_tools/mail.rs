//! Reminders through a real SMTP server that is down, then up.

use super::python;
use crate::fixtures::scene::Scene;
use crate::helpers::{bantay_cli, wait_for};
use bantay::jobs;
use bantay::outbox::{self, MailSettings, Mailer};
use chrono::TimeDelta;
use serde_json::json;
use std::process::{Child, Command, Stdio};

/// An aiosmtpd server writing each message it receives into a maildir.
struct MailServer {
    child: Child,
    maildir: tempfile::TempDir,
}

impl MailServer {
    fn start(port: u16) -> Self {
        let maildir = tempfile::tempdir().expect("maildir");
        let child = Command::new(python())
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let server = Self { child, maildir };
        wait_for("aiosmtpd to listen", || {
            std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        server
    }

    fn messages(&self) -> Vec<String> {
        let new = self.maildir.path().join("mail/new");
        std::fs::read_dir(new)
            .map(|dir| {
                dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("address")
        .port()
}

fn mail_settings(port: u16) -> MailSettings {
    MailSettings {
        smtp_host: Some("127.0.0.1".to_owned()),
        smtp_port: port,
        smtp_security: outbox::SmtpSecurity::None,
        smtp_from: "Lupon <lupon@test.bantay.example>".to_owned(),
        ..MailSettings::default()
    }
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn a_reminder_waits_in_the_outbox_while_the_mail_server_is_down_and_arrives_once_it_is_up() {
    let s = Scene::new("Asia/Manila", "2026-12-06T01:00:00Z").await;
    s.series(json!({"rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01"}))
        .await;
    assert_eq!(
        jobs::reminders::run(&s.app.db, s.now(), 3)
            .await
            .expect("queue"),
        2
    );
    let port = free_port();
    let mailer = Mailer::from_settings(&mail_settings(port))
        .expect("settings")
        .expect("a mailer");

    let down = outbox::deliver_due(&s.app.db, Some(&mailer), s.now())
        .await
        .expect("run");
    assert_eq!((down.sent, down.failed), (0, 2));
    let waiting = s.outbox().await;
    assert!(
        waiting
            .iter()
            .all(|n| n["status"] == "pending" && n["attempts"] == 1 && n["last_error"].is_string()),
        "{waiting:?}"
    );
    // Before the retry pause is over, nothing is tried again.
    let early = outbox::deliver_due(&s.app.db, Some(&mailer), s.now())
        .await
        .expect("run");
    assert_eq!((early.sent, early.failed), (0, 0));

    let server = MailServer::start(port);
    s.clock.advance(TimeDelta::seconds(31));
    let up = outbox::deliver_due(&s.app.db, Some(&mailer), s.now())
        .await
        .expect("run");
    assert_eq!((up.sent, up.failed), (2, 0));
    let again = outbox::deliver_due(&s.app.db, Some(&mailer), s.now())
        .await
        .expect("run");
    assert_eq!(again.sent, 0, "each message goes out once");
    let mail = server.messages();
    assert_eq!(mail.len(), 2, "{mail:?}");
    assert!(
        mail.iter()
            .all(|m| m.contains("Reminder: Monthly session on Tuesday 8 December 2026"))
    );
    assert!(
        mail.iter()
            .any(|m| m.contains("To: member@board.test.bantay.example"))
    );
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn the_server_s_own_scheduler_sends_the_reminder_of_a_session_in_two_days() {
    let s = Scene::new("Asia/Manila", &chrono::Utc::now().to_rfc3339()).await;
    let soon = (chrono::Utc::now() + TimeDelta::days(2)).date_naive();
    s.series(
        json!({"rrule": "FREQ=DAILY;COUNT=1", "first_date": soon.to_string(),
        "start_time": "23:00"}),
    )
    .await;
    let port = free_port();
    let server = MailServer::start(port);
    let mut serve = Command::new(env!("CARGO_BIN_EXE_bantay"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--job-interval-secs",
            "1",
        ])
        .args(["--smtp-host", "127.0.0.1", "--smtp-port", &port.to_string()])
        .args(["--smtp-security", "none"])
        .env("DATABASE_URL", &s.app.test_db.url)
        .env("BANTAY_DATA_DIR", s.app.test_db.data_dir())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("bantay serve");
    wait_for("the reminder e-mails", || server.messages().len() == 2);
    let _ = serve.kill();
    let _ = serve.wait();
    let mail = server.messages();
    assert!(
        mail.iter()
            .all(|m| m.contains("Subject: Reminder: Monthly session")),
        "{mail:?}"
    );
    let status = bantay_cli(&s.app.test_db, &["audit", "verify"], None);
    assert!(status.status.success());
}
