//! Correcting a published report from the board's reports page.

use crate::fixtures::world::World;
use crate::pages::signed_in;

#[actix_web::test]
async fn the_secretary_drafts_a_correction_of_a_published_report_and_a_member_cannot() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/reports", w.boards.a);
    let action = format!("/desk/reports/{}/correct", w.reports.published);
    let mut member = signed_in(&w, &w.mem_a).await;
    let seen = member.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    assert!(!seen.html.contains(&action), "{}", seen.html);
    let head = w.app.audit_head().await;
    let csrf = member.csrf.clone();
    let r = member.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);

    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(&format!("action=\"{action}\"")),
        "{}",
        shown.html
    );
    let csrf = sec.csrf.clone();
    let r = sec.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str()),
        "{}",
        r.html
    );
    let list = w
        .app
        .get(
            &format!("/api/v1/boards/{}/reports", w.boards.a),
            w.token("secA"),
        )
        .await;
    let corrections: Vec<_> = list
        .body
        .as_array()
        .expect("list")
        .iter()
        .filter(|r| r["period"] == "2026-02" && r["revision"] == 2)
        .collect();
    assert_eq!(corrections.len(), 1, "{}", list.text);
    assert_eq!(corrections[0]["status"], "draft");

    // A second correction while the first is a draft is refused beside the report, in words.
    let shown = sec.get(&page, "en").await;
    let csrf = sec.csrf.clone();
    let again = sec.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(again.status.as_u16(), 409, "{}", again.html);
    assert!(
        again.html.contains("class=\"notice error\""),
        "{}",
        shown.html
    );
}
