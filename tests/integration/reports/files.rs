//! A published report's PDF and its document (open data) never change, and are served so: their
//! SHA-256 as the `ETag`, cached for a year, 304 to a reader who holds them, `HEAD`, and byte
//! ranges for a resumed download — checked with curl.

use crate::fixtures::world::World;
use sha2::{Digest, Sha256};
use std::process::Command;

/// curl's answer: the status, the headers (lower-case names) and the body.
fn curl(args: &[&str], url: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let dir = tempfile::tempdir().expect("a directory");
    let (head, body) = (dir.path().join("head"), dir.path().join("body"));
    let out = Command::new("curl")
        .args(["-sS", "-D"])
        .arg(&head)
        .arg("-o")
        .arg(&body)
        .args(args)
        .arg(url)
        .output()
        .expect("curl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let head = std::fs::read_to_string(head).expect("headers");
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    let headers = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
        .collect();
    (status, headers, std::fs::read(body).unwrap_or_default())
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[actix_web::test]
async fn a_published_pdf_and_its_document_have_their_sha256_as_etag_answer_head_304_and_ranges() {
    let w = World::build().await;
    let url = format!(
        "{}/api/v1/public/reports/{}/pdf",
        w.app.base, w.reports.published
    );
    let (status, headers, pdf) = curl(&[], &url);
    assert_eq!(status, 200);
    assert!(pdf.starts_with(b"%PDF-"));
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&pdf)));
    assert_eq!(header(&headers, "etag"), Some(etag.as_str()));
    assert_eq!(
        header(&headers, "cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(header(&headers, "accept-ranges"), Some("bytes"));

    // curl -I writes what it read, the headers alone, where the body would go.
    let (status, head, read) = curl(&["-I"], &url);
    assert_eq!(status, 200, "HEAD");
    assert!(!read.windows(5).any(|w| w == b"%PDF-"));
    assert_eq!(header(&head, "etag"), Some(etag.as_str()));
    let length = pdf.len().to_string();
    assert_eq!(header(&head, "content-length"), Some(length.as_str()));

    let held = format!("If-None-Match: {etag}");
    let (status, headers, body) = curl(&["-H", &held], &url);
    assert_eq!((status, body.len()), (304, 0));
    assert_eq!(header(&headers, "etag"), Some(etag.as_str()));
    let (status, _, _) = curl(&["-H", "If-None-Match: \"another\""], &url);
    assert_eq!(status, 200);

    // A download cut at 1,000 bytes and resumed from there, then the last 100 bytes.
    let (status, headers, first) = curl(&["-r", "0-999"], &url);
    assert_eq!((status, first.as_slice()), (206, &pdf[..1000]));
    let whole = format!("bytes 0-999/{}", pdf.len());
    assert_eq!(header(&headers, "content-range"), Some(whole.as_str()));
    let if_range = format!("If-Range: {etag}");
    let (status, _, rest) = curl(&["-r", "1000-", "-H", &if_range], &url);
    assert_eq!((status, [first, rest].concat()), (206, pdf.clone()));
    let (status, _, tail) = curl(&["-r", "-100"], &url);
    assert_eq!((status, tail.as_slice()), (206, &pdf[pdf.len() - 100..]));

    // A range of another version of the file gets this one whole; one beyond it, 416.
    let (status, _, body) = curl(&["-r", "0-9", "-H", "If-Range: \"older\""], &url);
    assert_eq!((status, body), (200, pdf.clone()));
    let beyond = format!("{}-", pdf.len() + 10);
    let (status, headers, refusal) = curl(&["-r", &beyond], &url);
    assert_eq!(status, 416);
    let refusal: serde_json::Value = serde_json::from_slice(&refusal).expect("a JSON refusal");
    assert_eq!(
        refusal["error"]["reason"], "range_outside_file",
        "{refusal}"
    );
    let size = format!(
        "this file of {} bytes: ask for bytes 0 to {},",
        pdf.len(),
        pdf.len() - 1
    );
    assert!(
        refusal["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains(&size))
    );
    let unsatisfied = format!("bytes */{}", pdf.len());
    assert_eq!(
        header(&headers, "content-range"),
        Some(unsatisfied.as_str())
    );

    // The report's page and the Atom feed link its document beside its PDF, served the same way.
    let document = format!(
        "/api/v1/public/reports/{}/document.json",
        w.reports.published
    );
    let page = w
        .app
        .get(&format!("/reports/{}", w.reports.published), None)
        .await
        .text;
    assert!(page.contains(&format!("href=\"{document}\"")), "{page}");
    let feed = w.app.get("/reports.atom", None).await.text;
    assert!(feed.contains(&format!("{document}\"")), "{feed}");
    let (status, headers, json) = curl(&[], &format!("{}{document}", w.app.base));
    assert_eq!(status, 200);
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&json)));
    assert_eq!(header(&headers, "etag"), Some(etag.as_str()));
}

#[actix_web::test]
async fn a_published_reports_tables_come_as_csv_with_every_figure_the_document_gives() {
    let w = World::build().await;
    let path = format!("/api/v1/public/reports/{}/tables.csv", w.reports.published);
    let (status, headers, csv) = curl(&[], &format!("{}{path}", w.app.base));
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/csv; charset=utf-8")
    );
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(&csv)));
    assert_eq!(header(&headers, "etag"), Some(etag.as_str()));
    let csv = String::from_utf8(csv).expect("UTF-8");
    let doc = w.published_document().await;
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("table,row,column,value"));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let value = |table: &str, row: &str, column: &str| {
        (rows.iter())
            .find(|r| r[..3] == [table, row, column])
            .map(|r| r[3].to_owned())
            .unwrap_or_else(|| panic!("no {table},{row},{column} in\n{csv}"))
    };
    assert_eq!(
        value("glance", "incidents", "this_month"),
        doc["incidents"]["total"]
    );
    assert_eq!(
        value("glance", "victims", "this_month"),
        doc["incidents"]["victims"]
    );
    for c in doc["incidents"]["by_harm"].as_array().expect("by harm") {
        let label = c["label"].as_str().expect("label");
        assert_eq!(value("incidents_by_harm", label, "count"), c["count"]);
    }
    for u in doc["actions"]["by_unit"].as_array().expect("by unit") {
        let unit = u["unit"].as_str().expect("unit");
        assert_eq!(
            value("actions_by_unit", unit, "open"),
            u["open"].to_string()
        );
    }
    // Linked where the report is.
    let page = w
        .app
        .get(&format!("/reports/{}", w.reports.published), None)
        .await
        .text;
    assert!(page.contains(&format!("href=\"{path}\"")), "{page}");
    let feed = w.app.get("/reports.atom", None).await.text;
    assert!(feed.contains(&format!("{path}\"")), "{feed}");
}
