//! Checks made with tools nobody here wrote: Python's `icalendar` and `recurring_ical_events`
//! for calendars, `aiosmtpd` as the mail server. They are ignored by a plain `cargo test`;
//! `scripts/test.sh` installs the tools and runs them (as CI does).

use crate::fixtures::scene::Scene;
use crate::helpers::{bantay_cli, wait_for};
use bantay::jobs;
use bantay::outbox::{self, MailSettings, Mailer};
use chrono::TimeDelta;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

fn python() -> PathBuf {
    let path = std::env::var_os("BANTAY_TEST_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/test-tools/bin/python"),
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} is missing: run scripts/install-test-tools.sh",
        path.display()
    );
    path
}

/// Runs `tests/tools/calendar_check.py MODE` with `input` on stdin; insists it succeeds.
pub fn calendar_check(mode: &str, input: &str) -> Value {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/calendar_check.py");
    let mut child = Command::new(python())
        .arg(script)
        .arg(mode)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    let out = child.wait_with_output().expect("python output");
    assert!(
        out.status.success(),
        "calendar_check {mode} refused:\n{}\ninput:\n{input}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON from calendar_check")
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn every_exported_calendar_parses_with_python_icalendar() {
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    s.series(
        json!({"title": "Sesyon ng Lupon, ikalawang Martes; \"bukas\"",
        "rrule": "FREQ=MONTHLY;BYDAY=2TU", "first_date": "2026-12-01",
        "location": "Kampo Aguinaldo, Lungsod Quezon \\ Bulwagan 2"}),
    )
    .await;
    s.series(json!({"rrule": "FREQ=WEEKLY;BYDAY=FR;COUNT=4", "first_date": "2026-12-01"}))
        .await;
    let list = s.meetings("2026-12-01", "2027-05-31").await;
    let at = |local: &str| {
        list.iter()
            .find(|m| m["starts_local"] == local)
            .unwrap_or_else(|| panic!("no meeting at {local}"))["id"]
            .clone()
    };
    let long_title = "Pag-uulat ng mga yunit tungkol sa mga insidente at hinaing ".repeat(4);
    s.app
        .request(
            "PUT".parse().expect("method"),
            &format!("/api/v1/meetings/{}/agenda", at("2027-01-12T09:00")),
            Some(&s.sec),
            Some(
                json!({"items": [{"title": long_title.trim(), "is_public": true},
                {"title": "Pambungad, panalangin; pagkilala", "is_public": true}]}),
            ),
        )
        .await;
    let moved = s
        .patch(
            &format!("/api/v1/meetings/{}", at("2026-12-08T09:00")),
            json!({"starts_local": "2026-12-12T14:00"}),
        )
        .await;
    s.patch(
        &format!("/api/v1/meetings/{}", at("2026-12-11T09:00")),
        json!({"status": "cancelled"}),
    )
    .await;

    let parsed = calendar_check("parse", &s.feed().await);
    let events = parsed["events"].as_array().expect("events");
    assert_eq!(events.len(), list.len());
    let uids: std::collections::BTreeSet<&str> = events
        .iter()
        .map(|e| e["uid"].as_str().expect("uid"))
        .collect();
    assert_eq!(uids.len(), events.len(), "UIDs are unique");
    let by_start = |start: &str| {
        events
            .iter()
            .find(|e| e["start"] == start)
            .unwrap_or_else(|| panic!("no event at {start}: {events:?}"))
    };
    let first = by_start("2027-01-12T01:00:00Z");
    assert_eq!(
        first["summary"],
        "Sesyon ng Lupon, ikalawang Martes; \"bukas\""
    );
    assert_eq!(
        first["location"],
        "Kampo Aguinaldo, Lungsod Quezon \\ Bulwagan 2"
    );
    assert_eq!(first["end"], "2027-01-12T04:00:00Z");
    assert!(
        first["description"]
            .as_str()
            .expect("text")
            .contains(long_title.trim())
    );
    assert!(
        first["description"]
            .as_str()
            .expect("text")
            .contains("2. Pambungad, panalangin; pagkilala")
    );
    let rescheduled = by_start(moved["starts_at"].as_str().expect("start"));
    assert_eq!(rescheduled["sequence"], 1);
    assert_eq!(rescheduled["start"], "2026-12-12T06:00:00Z");
    let cancelled: Vec<&Value> = events
        .iter()
        .filter(|e| e["status"] == "CANCELLED")
        .collect();
    assert_eq!(cancelled.len(), 1);

    // Each meeting's own file too, with the UID the feed gave it.
    for m in &list {
        let r = s
            .app
            .get(&format!("/meetings/{}/calendar.ics", m["id"]), None)
            .await;
        let one = calendar_check("parse", &r.text);
        let uid = &one["events"][0]["uid"];
        assert!(
            events.iter().any(|e| &e["uid"] == uid),
            "{uid} not in the feed"
        );
    }
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn occurrences_equal_those_of_recurring_ical_events_over_three_years() {
    let cases = [
        (
            "Asia/Manila",
            "FREQ=MONTHLY;BYDAY=2TU",
            "2026-12-08",
            vec![],
        ),
        (
            "Asia/Manila",
            "FREQ=MONTHLY;BYDAY=-1FR",
            "2026-12-25",
            vec![],
        ),
        (
            "Europe/Madrid",
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
            "2026-12-31",
            vec![],
        ),
        (
            "Europe/Madrid",
            "FREQ=MONTHLY;BYDAY=1MO",
            "2026-12-07",
            vec!["2027-03-01", "2028-01-03"],
        ),
        (
            "Asia/Manila",
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=20",
            "2026-12-02",
            vec![],
        ),
        (
            "America/New_York",
            "FREQ=MONTHLY;BYMONTHDAY=15;UNTIL=20280615T000000Z",
            "2026-12-15",
            vec![],
        ),
        (
            "Asia/Manila",
            "FREQ=YEARLY;BYMONTH=3,9;BYDAY=1TH",
            "2027-03-04",
            vec![],
        ),
    ];
    for (zone, rule, first, exdates) in cases {
        let mut settings = bantay::config::ServerSettings::default();
        settings.jobs.meetings.meeting_horizon_months = 36;
        let clock = std::sync::Arc::new(bantay::clock::FixedClock::new(
            "2026-11-22T00:00:00Z".parse().expect("instant"),
        ));
        let app = crate::helpers::TestApp::spawn_with(settings, clock.clone()).await;
        let s = Scene::on(app, clock, zone).await;
        s.series(json!({"rrule": rule, "first_date": first, "exdates": exdates}))
            .await;
        let mut ours: Vec<String> = Vec::new();
        for (from, to) in [("2026-11-22", "2028-06-30"), ("2028-07-01", "2029-11-22")] {
            ours.extend(
                s.meetings(from, to)
                    .await
                    .iter()
                    .map(|m| m["starts_local"].as_str().expect("start").to_owned()),
            );
        }
        let reference = calendar_check(
            "expand",
            &json!({"rrule": rule, "first": format!("{first}T09:00"), "tzid": zone,
                "exdates": exdates, "from": "2026-11-22", "to": "2029-11-22"})
            .to_string(),
        );
        let theirs: Vec<String> = serde_json::from_value(reference).expect("list");
        assert!(!theirs.is_empty(), "{rule}");
        assert_eq!(ours, theirs, "{rule} in {zone}");
    }
}

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

/// `pyhanko sign validate`, trusting only `root`.
fn pyhanko_validate(root: &Path, pdf: &Path) -> (bool, String) {
    let pyhanko = python().with_file_name("pyhanko");
    let args: Vec<&std::ffi::OsStr> = ["sign", "validate", "--pretty-print", "--trust"]
        .map(std::ffi::OsStr::new)
        .into_iter()
        .chain([
            root.as_os_str(),
            "--trust-replace".as_ref(),
            pdf.as_os_str(),
        ])
        .collect();
    tool(pyhanko.to_str().expect("path"), &args)
}

fn tool(name: &str, args: &[&std::ffi::OsStr]) -> (bool, String) {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is missing ({e}): run scripts/install-test-tools.sh"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn a_published_report_is_valid_for_pdfsig_and_pyhanko_and_one_changed_byte_breaks_both() {
    use crate::fixtures::world::World;
    let mut w = World::build().await;
    let sec = w.sec_a.bearer();
    let board: i64 = w.boards.a;
    let markers = [
        "MARKER-VICTIM-Amihan",
        "MARKER-NARRATIVE-ilog",
        "MARKER-FILER-Tala",
        "+63-MARKER-777",
    ];
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for n in 0..7 {
        let r = w
            .app
            .post_json(
                "/api/v1/incidents",
                sec,
                json!({"board_id": board, "occurred_on": today, "region": "Rehiyon ng Bicol",
                    "summary": format!("Pagsunog ng bahay {n}"), "severity": "low",
                    "harms": ["property_destroyed"],
                    "victims": [{"sex": "female", "age_group": "adult", "count": 2}],
                    "narrative": markers[1],
                    "victim_identities": [{"name": markers[0], "sex": "female", "age_group": "adult"}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let r = w
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": board, "category": "harassment", "description": "Harassed",
                "contact": {"name": markers[2], "phone": markers[3]}}),
        )
        .await;
    assert_eq!(r.status, 201);
    w.close_this_month().await;
    let sec = w.sec_a.bearer();
    let drafted = w
        .app
        .create(
            &format!("/api/v1/boards/{board}/reports"),
            sec.expect("secA"),
            json!({"period": w.this_month}),
        )
        .await;
    let id = drafted["id"].clone();
    let published = w
        .app
        .post_json(&format!("/api/v1/reports/{id}/publish"), sec, json!({}))
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let pdf = w
        .app
        .raw(
            awc::http::Method::GET,
            &format!("/api/v1/public/reports/{id}/pdf"),
            None,
            None,
            &[],
        )
        .await
        .bytes;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let sha = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&pdf))
    };
    assert_eq!(published.body["pdf_sha256"], sha.as_str());
    let root = w
        .app
        .get("/api/v1/public/root-certificate.pem", None)
        .await
        .text;
    let root_file = dir.path().join("root.pem");
    std::fs::write(&root_file, &root).expect("write");

    // Text and figures come back out; nothing personal does, nor in metadata or attachments.
    let (ok, text) = tool("pdftotext", &[file.as_os_str(), "-".as_ref()]);
    assert!(ok, "{text}");
    for expected in [
        "Monthly accountability report",
        "Rehiyon ng Bicol",
        "Incidents this month: 7. Victims counted: 14.",
        "not yet counted: 0.",
        // Board A's two-person rule is off (the world's admin turned it off): the cover says so.
        "Signed and published by a secretary of the board",
    ] {
        assert!(
            text.contains(expected),
            "pdftotext lacks {expected:?}:\n{text}"
        );
    }
    let (_, info) = tool("pdfinfo", &["-meta".as_ref(), file.as_os_str()]);
    let (_, attachments) = tool("pdfdetach", &["-list".as_ref(), file.as_os_str()]);
    assert!(attachments.contains("0 embedded files"), "{attachments}");
    let raw = String::from_utf8_lossy(&pdf);
    for m in markers {
        for (what, haystack) in [
            ("text", &text),
            ("metadata", &info),
            ("bytes", &raw.to_string()),
        ] {
            assert!(!haystack.contains(m), "the PDF's {what} holds {m}");
        }
    }

    // poppler: valid, the whole file, and trusted once the root is in an NSS database.
    let (_, sig) = tool("pdfsig", &[file.as_os_str()]);
    assert!(sig.contains("Signature is Valid"), "{sig}");
    assert!(sig.contains("Total document signed"), "{sig}");
    assert!(sig.contains("ETSI.CAdES.detached"), "{sig}");
    let nss = dir.path().join("nss");
    std::fs::create_dir(&nss).expect("nss dir");
    let nss_arg = format!("sql:{}", nss.display());
    let (ok, out) = tool(
        "certutil",
        &[
            "-N".as_ref(),
            "-d".as_ref(),
            nss_arg.as_ref(),
            "--empty-password".as_ref(),
        ],
    );
    assert!(ok, "{out}");
    let (ok, out) = tool(
        "certutil",
        &[
            "-A",
            "-d",
            &nss_arg,
            "-n",
            "bantay root",
            "-t",
            "C,C,C",
            "-i",
        ]
        .map(std::ffi::OsStr::new)
        .iter()
        .copied()
        .chain([root_file.as_os_str()])
        .collect::<Vec<_>>(),
    );
    assert!(ok, "{out}");
    let (_, sig) = tool(
        "pdfsig",
        &["-nssdir".as_ref(), nss_arg.as_ref(), file.as_os_str()],
    );
    assert!(sig.contains("Certificate is Trusted"), "{sig}");

    // pyHanko: valid, trusted, covering the entire file.
    let validate = |pdf: &Path| pyhanko_validate(&root_file, pdf);
    let (ok, hanko) = validate(&file);
    assert!(ok, "{hanko}");
    assert!(hanko.contains("judged VALID"), "{hanko}");
    assert!(hanko.contains("entire file"), "{hanko}");

    // The Atom feed parses with feedparser and lists this report with the PDF's SHA-256.
    let feed = w.app.get("/reports.atom", None).await.text;
    let mut child = Command::new(python())
        .args([
            "-c",
            "import feedparser, json, sys\n\
             d = feedparser.parse(sys.stdin.read())\n\
             print(json.dumps({'bozo': bool(d.bozo), 'version': d.version, \
             'summaries': [e.summary for e in d.entries]}))",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(feed.as_bytes())
        .expect("write");
    let parsed: Value = serde_json::from_slice(&child.wait_with_output().expect("out").stdout)
        .expect("feedparser's answer");
    assert_eq!(parsed["bozo"], false, "{feed}");
    assert_eq!(parsed["version"], "atom10");
    assert!(parsed["summaries"].to_string().contains(&sha), "{parsed}");

    // The service and the CLI agree.
    let upload = async |bytes: Vec<u8>| w.app.verify_pdf(&bytes).await;
    let verdict = upload(pdf.clone()).await;
    assert_eq!(verdict["genuine"], true, "{verdict}");
    assert_eq!(verdict["report"]["id"], id);
    let cli = bantay_cli(
        &w.app.test_db,
        &["report", "verify", file.to_str().expect("path")],
        None,
    );
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stdout)
    );

    // One changed byte inside the signed content: everyone says no.
    let mut tampered = pdf.clone();
    let at = tampered.len() / 3;
    tampered[at] ^= 0x01;
    let bad = dir.path().join("tampered.pdf");
    std::fs::write(&bad, &tampered).expect("write");
    let (_, sig) = tool("pdfsig", &[bad.as_os_str()]);
    assert!(!sig.contains("Signature is Valid"), "{sig}");
    let (ok, hanko) = validate(&bad);
    assert!(!ok && !hanko.contains("judged VALID"), "{hanko}");
    let verdict = upload(tampered).await;
    assert_eq!(verdict["genuine"], false, "{verdict}");
    assert_eq!(verdict["signature"]["intact"], false, "{verdict}");
    let cli = bantay_cli(
        &w.app.test_db,
        &["report", "verify", bad.to_str().expect("path")],
        None,
    );
    assert!(
        !cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stdout)
    );
}

/// Runs `openssl` in `dir` with whitespace-separated `args`; panics on failure.
fn openssl(dir: &Path, args: &str) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args.split_whitespace())
        .output()
        .unwrap_or_else(|e| panic!("openssl is missing ({e}): run scripts/install-test-tools.sh"));
    assert!(
        out.status.success(),
        "openssl {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[actix_web::test]
#[ignore = "needs the outside validators: run scripts/test.sh"]
async fn an_operator_s_own_pkcs12_key_signs_reports_pyhanko_trusts_and_earlier_reports_stay_genuine()
 {
    use crate::fixtures::world::World;
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    // The operator's own PKI, made with OpenSSL: a root, an intermediate and a signing key.
    std::fs::write(
        d.join("ext.cnf"),
        "[ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n\
         [leaf]\nbasicConstraints=critical,CA:FALSE\n\
         keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .expect("write");
    let p256 = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc";
    openssl(
        d,
        &format!(
            "req -x509 {p256} -keyout root.key -out root.crt -days 3650 \
             -subj /CN=Ombudsman-Root/O=Ombudsman -addext basicConstraints=critical,CA:TRUE \
             -addext keyUsage=critical,keyCertSign,cRLSign"
        ),
    );
    openssl(
        d,
        &format!("req {p256} -keyout ca.key -out ca.csr -subj /CN=Ombudsman-Issuing/O=Ombudsman"),
    );
    openssl(
        d,
        "x509 -req -in ca.csr -CA root.crt -CAkey root.key -CAcreateserial -out ca.crt \
         -days 1825 -extfile ext.cnf -extensions ca",
    );
    openssl(
        d,
        &format!(
            "req {p256} -keyout leaf.key -out leaf.csr -subj /CN=Ombudsman-Reports/O=Ombudsman"
        ),
    );
    openssl(
        d,
        "x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out leaf.crt \
         -days 365 -extfile ext.cnf -extensions leaf",
    );
    let read = |name: &str| std::fs::read_to_string(d.join(name)).expect("read");
    std::fs::write(d.join("cas.pem"), read("ca.crt") + &read("root.crt")).expect("write");
    let password = "Tagumpay-2026";
    // OpenSSL 3's default (PBES2, AES-256, PBKDF2) and the older 3DES kind.
    openssl(
        d,
        &format!(
            "pkcs12 -export -inkey leaf.key -in leaf.crt -certfile cas.pem -out modern.p12 \
             -passout pass:{password}"
        ),
    );
    openssl(
        d,
        &format!(
            "pkcs12 -export -inkey leaf.key -in leaf.crt -certfile cas.pem -out legacy.p12 \
             -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1 -passout pass:{password}"
        ),
    );
    let path = |name: &str| d.join(name).to_str().expect("path").to_owned();
    let installation_root = w
        .app
        .get("/api/v1/public/root-certificate.pem", None)
        .await
        .text;
    let earlier_pdf = w
        .app
        .get(
            &format!("/api/v1/public/reports/{}/pdf", w.reports.published),
            None,
        )
        .await
        .bytes;

    // A wrong password or a key that is not the chain's changes nothing and says why.
    let wrong = bantay_cli(
        &w.app.test_db,
        &["keys", "import", "--pkcs12", &path("modern.p12")],
        Some("not-the-password\n"),
    );
    assert!(!wrong.status.success());
    let said = String::from_utf8_lossy(&wrong.stderr);
    assert!(said.contains("wrong password"), "{said}");
    let foreign = bantay_cli(
        &w.app.test_db,
        &[
            "keys",
            "import",
            "--key",
            &path("ca.key"),
            "--chain",
            &path("leaf.crt"),
        ],
        None,
    );
    assert!(!foreign.status.success());
    let said = String::from_utf8_lossy(&foreign.stderr);
    assert!(
        said.contains("no certificate of the chain is the key's"),
        "{said}"
    );
    assert_eq!(
        w.app
            .get("/api/v1/public/root-certificate.pem", None)
            .await
            .text,
        installation_root
    );

    // Each file imports, a PEM chain in any order too, and the root served is the operator's.
    std::fs::write(
        d.join("shuffled.pem"),
        read("root.crt") + &read("leaf.crt") + &read("ca.crt"),
    )
    .expect("write");
    for (args, stdin) in [
        (
            vec!["--pkcs12", "legacy.p12"],
            Some(format!("{password}\n")),
        ),
        (vec!["--key", "leaf.key", "--chain", "shuffled.pem"], None),
        (
            vec!["--pkcs12", "modern.p12"],
            Some(format!("{password}\n")),
        ),
    ] {
        let files: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("--") {
                    (*a).to_owned()
                } else {
                    path(a)
                }
            })
            .collect();
        let mut all = vec!["keys", "import"];
        all.extend(files.iter().map(String::as_str));
        let out = bantay_cli(&w.app.test_db, &all, stdin.as_deref());
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            read("root.crt"),
            "{args:?}"
        );
    }
    assert_eq!(
        w.app
            .get("/api/v1/public/root-certificate.pem", None)
            .await
            .text,
        read("root.crt")
    );

    // A report published now is signed by the operator's key through their intermediate.
    let id = &w.reports.draft;
    let r = w
        .app
        .post_json(&format!("/api/v1/reports/{id}/publish"), sec, json!({}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let pdf = w
        .app
        .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
        .await
        .bytes;
    std::fs::write(d.join("report.pdf"), &pdf).expect("write");
    let (ok, hanko) = pyhanko_validate(&d.join("root.crt"), &d.join("report.pdf"));
    assert!(ok && hanko.contains("judged VALID"), "{hanko}");
    assert!(hanko.contains("Ombudsman-Reports"), "{hanko}");

    // The service's own verification trusts the new root and still the one it replaced.
    for (what, bytes, signer) in [
        ("new", pdf, "Ombudsman-Reports"),
        ("earlier", earlier_pdf, "report signer"),
    ] {
        let verdict = w.app.verify_pdf(&bytes).await;
        assert_eq!(verdict["genuine"], true, "{what}: {verdict}");
        assert!(
            verdict["signature"]["signer"]
                .as_str()
                .is_some_and(|s| s.contains(signer)),
            "{what}: {verdict}"
        );
    }
}

#[actix_web::test]
#[ignore = "needs Chromium, playwright-core and axe-core: run scripts/test.sh"]
async fn the_pages_walk_in_chromium_from_series_to_verified_action_to_published_report_with_no_serious_axe_finding()
 {
    use crate::fixtures::world::World;
    let w = World::build().await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shots = dir.join("target/screenshots");
    let world = json!({
        "draft": w.reports.draft,
        "board": w.boards.a,
        "unit": w.units.x1,
        "otherUnit": w.units.y,
        "password": crate::helpers::PASSWORD,
        "secretary": w.sec_a.email,
        "member": w.mem_a.email,
        "representative": w.rep_x.email,
    });
    let app = &w.app;
    let base = app.base.clone();
    let out = actix_web::rt::task::spawn_blocking(move || {
        Command::new("node")
            .arg(dir.join("tests/browser/walk.mjs"))
            .env("BANTAY_BASE_URL", base)
            .env("BANTAY_SCREENSHOTS", shots)
            .env("BANTAY_WORLD", world.to_string())
            .output()
            .unwrap_or_else(|e| panic!("node is missing ({e}): run scripts/install-test-tools.sh"))
    })
    .await
    .expect("walk");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    let result: Value = serde_json::from_slice(&out.stdout).expect("the walk's JSON");
    assert_eq!(result["problems"], json!([]), "{said}");
    assert!(
        result["checked"].as_array().is_some_and(|c| c.len() >= 25),
        "{said}"
    );
}
