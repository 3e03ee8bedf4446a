//! What a page costs to send: a page of fifty rows of each long list stays under 60 KB of HTML,
//! and pages come gzipped when the browser asks, plain when it does not, never the PDFs.

use crate::fixtures::world::World;
use crate::pages::{signed_in, without_tokens};
use flate2::read::GzDecoder;
use serde_json::json;
use std::io::Read;

/// The most HTML a page of fifty rows may weigh (issue 23).
const PAGE_MAX: usize = 60_000;

/// Words as long as an action's title may be (300 characters), numbered.
fn wordy(n: usize) -> String {
    let words = "Follow up with the battalion on the findings of the inquiry ".repeat(5);
    format!("{n:02} {}", &words[..297])
}

#[actix_web::test]
async fn a_page_of_fifty_rows_of_each_list_weighs_under_60_kb() {
    let w = World::build().await;
    let board = w.boards.a;
    for n in 0..55 {
        let action = json!({"board_id": board, "title": wordy(n), "unit_id": w.units.x1,
            "due_date": "2020-06-30", "source_kind": "none"});
        let incident = json!({"board_id": board, "occurred_on": "2026-05-20",
            "region": "Region X", "summary": wordy(n), "severity": "moderate",
            "harms": ["property_destroyed"], "unit_id": w.units.x1});
        let grievance = json!({"board_id": board, "category": "harassment",
            "description": wordy(n), "intake": "walk_in"});
        for (path, body) in [
            ("/api/v1/actions", action),
            ("/api/v1/incidents", incident),
            ("/api/v1/grievances", grievance),
        ] {
            let r = w.app.post_json(path, w.sec_a.bearer(), body).await;
            assert_eq!(r.status.as_u16(), 201, "{path}: {}", r.text);
        }
    }
    let weekly = json!({"title": &wordy(0)[..200], "rrule": "FREQ=WEEKLY;BYDAY=MO",
        "first_date": "2025-01-06", "start_time": "09:00", "duration_minutes": 60,
        "is_public": true});
    let r = w
        .app
        .post_json(
            &format!("/api/v1/boards/{board}/series"),
            w.sec_a.bearer(),
            weekly,
        )
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);

    let mut sec = signed_in(&w, &w.sec_a).await;
    let mut admin = signed_in(&w, &w.admin).await;
    let lists = [
        (false, format!("/desk/boards/{board}/actions")),
        (false, format!("/desk/boards/{board}/actions?overdue=1")),
        (false, format!("/desk/boards/{board}/incidents")),
        (false, format!("/desk/boards/{board}/grievances")),
        (false, format!("/desk/boards/{board}/meetings/past")),
        (true, "/desk/audit".to_owned()),
    ];
    for (audit, path) in lists {
        let browser = if audit { &mut admin } else { &mut sec };
        let page = browser.get(&path, "en").await;
        assert_eq!(page.status, 200, "{path}: {}", page.html);
        assert!(page.html.contains("1–50 of "), "{path}: {}", page.html);
        assert!(
            page.body.len() <= PAGE_MAX,
            "{path} weighs {} bytes",
            page.body.len()
        );
    }
}

#[actix_web::test]
async fn a_page_comes_gzipped_when_the_browser_asks_and_plain_when_it_does_not() {
    let w = World::build().await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let path = format!("/desk/boards/{}/actions?q=repair", w.boards.a);
    let plain = sec.get(&path, "en").await;
    assert_eq!(plain.status, 200, "{}", plain.html);
    assert!(plain.headers.get("content-encoding").is_none());
    let token = sec.csrf.clone();

    sec.accepts = "gzip, deflate";
    let zipped = sec.get(&path, "en").await;
    assert_eq!(zipped.status, 200);
    assert_eq!(
        zipped.headers.get("content-encoding").unwrap(),
        "gzip",
        "{:?}",
        zipped.headers
    );
    assert!(zipped.body.len() < plain.body.len());
    let mut html = String::new();
    GzDecoder::new(zipped.body.as_slice())
        .read_to_string(&mut html)
        .expect("gzip");
    assert_eq!(without_tokens(&html), without_tokens(&plain.html));

    // Against BREACH: the token is masked afresh in every answer, and an earlier one still works.
    sec.accepts = "";
    let again = sec.get(&path, "en").await;
    assert_eq!(again.status, 200);
    assert_ne!(sec.csrf, token);
    sec.csrf = token;
    let out = sec.submit("/signout", &[]).await;
    assert_eq!((out.status.as_u16(), out.location.as_str()), (303, "/"));
}

#[actix_web::test]
async fn a_signed_pdf_is_sent_as_signed_even_to_a_browser_that_accepts_gzip() {
    let w = World::build().await;
    let mut visitor = crate::pages::Browser::new(&w.app);
    visitor.accepts = "gzip";
    let pdf = visitor
        .get(
            &format!("/api/v1/public/reports/{}/pdf", w.reports.published),
            "en",
        )
        .await;
    assert_eq!(pdf.status, 200);
    assert_ne!(
        pdf.headers
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    assert!(pdf.body.starts_with(b"%PDF-"));
}
