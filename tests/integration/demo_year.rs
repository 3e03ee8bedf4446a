//! The demo as a newcomer meets it: a year of the Eastern Visayas board, read through the public
//! surface of a server on the loaded database.

use crate::helpers::{TestApp, TestDb, bantay_cli};
use bantay::clock::SystemClock;
use bantay::config::ServerSettings;
use chrono::{Datelike, Months};
use serde_json::Value;
use std::sync::Arc;

const REGION_VIII: i64 = 2;

/// The twelve months before this one on the board's clock, oldest first.
fn the_year() -> Vec<String> {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Manila)
        .date_naive();
    let this_month = today.with_day(1).unwrap();
    (1..=12)
        .rev()
        .map(|back| (this_month - Months::new(back)).format("%Y-%m").to_string())
        .collect()
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("not a count: {v}"))
}

/// A published count: exact, or suppressed below the threshold (`<5`, so at least one).
fn at_least_one(shown: &Value) -> bool {
    match shown.as_str() {
        Some(s) if s.starts_with('<') => true,
        Some(s) => s.parse::<u64>().is_ok_and(|n| n > 0),
        None => false,
    }
}

/// A database with the demo loaded by the command line, its audit chain checked.
fn demo_loaded_and_verified() -> TestDb {
    let test_db = TestDb::new();
    let loaded = bantay_cli(&test_db, &["demo", "load"], None);
    let stderr = String::from_utf8_lossy(&loaded.stderr);
    assert!(loaded.status.success(), "{stderr}");
    let verify = bantay_cli(&test_db, &["audit", "verify"], None);
    let said = String::from_utf8_lossy(&verify.stdout).into_owned();
    assert!(verify.status.success() && said.contains("intact"), "{said}");
    let entries: u64 = (said.split_whitespace())
        .skip_while(|w| *w != "intact:")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .expect("entry count");
    assert!(entries > 1000, "a year of work leaves its trail: {said}");
    test_db
}

/// Region VIII's published reports, oldest first: approved by a member, published by a
/// secretary, each in two signed editions.
async fn published_reports(app: &TestApp) -> Vec<Value> {
    let path = format!("/api/v1/public/reports?board={REGION_VIII}");
    let listed = app.get(&path, None).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let mut reports: Vec<Value> = listed.body.as_array().unwrap().clone();
    reports.sort_by_key(|r| r["period"].as_str().unwrap().to_owned());
    let periods: Vec<&str> = (reports.iter())
        .map(|r| r["period"].as_str().unwrap())
        .collect();
    assert_eq!(
        periods,
        the_year(),
        "a report a month, the twelve before this one"
    );
    for r in &reports {
        assert_eq!(r["status"], "published", "{r}");
        assert_eq!(r["signoff"]["approved_as"], "member", "{r}");
        assert_eq!(r["signoff"]["published_as"], "secretary", "{r}");
        let languages: Vec<&str> = (r["editions"].as_array().unwrap().iter())
            .map(|e| e["language"].as_str().unwrap())
            .collect();
        assert_eq!(languages, ["en", "fil"], "two signed editions: {r}");
    }
    reports
}

/// Every month's report: its session held with attendance, decisions, incidents, grievances,
/// actions and the board's assessment; in Filipino too for the last three months.
fn every_month_has_its_record(documents: &[Value]) {
    for (doc, period) in documents.iter().zip(the_year()) {
        assert_eq!(doc["period"], period.as_str());
        let held = doc["sessions"]["held"].as_array().unwrap();
        assert_eq!(held.len(), 1, "{period}");
        assert!(
            count(&doc["sessions"]["attendance"]["total"]) >= 4,
            "{period}"
        );
        assert!(!doc["decisions"].as_array().unwrap().is_empty(), "{period}");
        assert!(at_least_one(&doc["incidents"]["total"]), "{period}");
        assert!(at_least_one(&doc["grievances"]["received"]), "{period}");
        assert!(count(&doc["actions"]["opened"]) >= 2, "{period}");
        let english = (doc["assessment"].as_array().unwrap().iter())
            .find(|a| a["language"] == "en")
            .unwrap_or_else(|| panic!("{period} has no assessment in English"));
        assert!(!english["went_well"].as_str().unwrap().is_empty());
    }
    for doc in &documents[documents.len() - 3..] {
        let languages: Vec<&str> = (doc["assessment"].as_array().unwrap().iter())
            .map(|a| a["language"].as_str().unwrap())
            .collect();
        assert_eq!(languages, ["en", "fil"], "{}", doc["period"]);
    }
}

/// The latest report has all a newcomer looks for, and its glance compares with the month
/// before.
fn the_latest_month_is_whole(latest: &Value) {
    let attendance = &latest["sessions"]["attendance"];
    for part in ["female", "male", "civil_society", "military", "police"] {
        assert!(count(&attendance[part]) > 0, "{part}: {attendance}");
    }
    let decisions = latest["decisions"].as_array().unwrap();
    assert!(
        decisions.iter().any(|d| d["unit"].is_string()),
        "a decision names the unit responsible: {decisions:?}"
    );
    assert!(at_least_one(&latest["grievances"]["responded_on_time"]));
    let actions = &latest["actions"];
    assert!(
        count(&actions["opened"]) > 0 && count(&actions["verified"]) > 0,
        "{actions}"
    );
    for code in ["CH-01", "PS-02"] {
        let line = (latest["indicators"].as_array().unwrap().iter())
            .find(|i| i["code"] == code)
            .unwrap_or_else(|| panic!("no {code}"));
        assert!(line["actual"].is_number(), "{line}");
        let trend = line["trend"].as_array().unwrap();
        assert_eq!(trend.len(), 12);
        assert!(trend.iter().all(|point| point[1].is_number()), "{line}");
    }
    let glance = &latest["glance"];
    assert_eq!(
        glance["previous_period"],
        the_year()[10].as_str(),
        "{glance}"
    );
    let figures = glance["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    assert!(
        figures.iter().all(|f| f["previous"].is_string()),
        "{glance}"
    );
}

#[actix_web::test]
async fn the_demo_holds_a_year_of_region_viii_with_a_published_report_for_every_month() {
    let test_db = demo_loaded_and_verified();
    let mut settings = ServerSettings::default();
    let app = TestApp::spawn_on(test_db, &mut settings, Arc::new(SystemClock)).await;
    let reports = published_reports(&app).await;
    let mut documents = Vec::new();
    for r in &reports {
        let path = format!("/api/v1/public/reports/{}/document.json", r["id"]);
        let doc = app.get(&path, None).await;
        assert_eq!(doc.status, 200, "{}", doc.text);
        documents.push(doc.body);
    }
    every_month_has_its_record(&documents);
    the_latest_month_is_whole(&documents[11]);

    let path = format!(
        "/api/v1/public/reports/{}/pdf?language=fil",
        reports[11]["id"]
    );
    let pdf = app.get(&path, None).await;
    assert_eq!(pdf.status, 200);
    let checked = app.verify_pdf(&pdf.bytes).await;
    assert_eq!(checked["genuine"], true, "{checked}");
    assert_eq!(checked["language"], "fil", "{checked}");
    assert_eq!(
        checked["report"]["period"],
        the_year()[11].as_str(),
        "{checked}"
    );
    the_keys_were_valid_when_the_first_report_was_signed(&app, &reports[0]).await;
}

/// The installation's root certificate is valid from before the year's first signature, as a
/// validator that checks a certificate at the signing time expects.
async fn the_keys_were_valid_when_the_first_report_was_signed(app: &TestApp, first: &Value) {
    use x509_cert::der::DecodePem;
    let pem = app.get("/api/v1/public/root-certificate.pem", None).await;
    let root = x509_cert::Certificate::from_pem(&pem.bytes).expect("a PEM certificate");
    let valid_from = root.tbs_certificate.validity.not_before.to_unix_duration();
    let published = chrono::DateTime::parse_from_rfc3339(first["published_at"].as_str().unwrap())
        .expect("a time");
    let published = u64::try_from(published.timestamp()).unwrap();
    assert!(
        valid_from.as_secs() < published,
        "root valid from {valid_from:?}, first report published at {first}"
    );
}
