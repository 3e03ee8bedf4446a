//! Correcting a published report from the board's reports page.

use crate::fixtures::world::World;
use crate::helpers::Response;
use crate::pages::{offers_remedy, signed_in};

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
    let correction = &corrections[0]["id"];

    // A second correction while the first is a draft is refused beside the report, in words,
    // with a link to the draft correction.
    sec.get(&page, "en").await;
    let csrf = sec.csrf.clone();
    let again = sec.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(again.status.as_u16(), 409, "{}", again.html);
    assert!(
        again.html.contains("class=\"notice error\"")
            && again
                .html
                .contains(&format!("href=\"{page}#report-{correction}\""))
            && again
                .html
                .contains(&format!("Open the correction, report {correction}")),
        "{}",
        again.html
    );
}

/// Drafting a month whose report is published is refused in the reader's language, and the
/// secretary, who may correct the report, is led to the form that does; the API names the
/// refusal by its code, for a draft and for an approval alike.
#[actix_web::test]
async fn a_published_month_refuses_a_new_draft_in_filipino_and_leads_the_secretary_to_correct_it() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/reports", w.boards.a);
    let published = w.reports.published;
    let link = format!("href=\"{page}#report-{published}\"");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let head = w.app.audit_head().await;

    sec.get(&page, "fil").await;
    let refused = sec.submit_in(&page, &[("period", "2026-02")], "fil").await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused.html.contains("Gumawa ng burador ng ulat ng buwan")
            && refused
                .html
                .contains(&format!("nailathala na ang ulat {published} ng 2026-02"))
            && !refused.html.contains("no longer changes"),
        "{}",
        refused.html
    );
    offers_remedy(&refused, &link, "Gumawa ng pagwawasto ng ulat ng 2026-02");
    let landing = sec.get(&page, "fil").await;
    assert!(
        landing.html.contains(&format!("id=\"report-{published}\""))
            && landing
                .html
                .contains(&format!("action=\"/desk/reports/{published}/correct\"")),
        "the link lands on the report with its correction form: {}",
        landing.html
    );

    let drafted = format!("/api/v1/boards/{}/reports", w.boards.a);
    let api = refused_as_published(
        &w,
        &drafted,
        "secA",
        serde_json::json!({"period": "2026-02"}),
    )
    .await;
    assert!(
        api.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("draft a correction of it instead")),
        "{}",
        api.text
    );
    let approved = format!("/api/v1/reports/{published}/approve");
    refused_as_published(&w, &approved, "memA", serde_json::json!({})).await;
    assert_eq!(w.app.audit_head().await, head, "nothing written");
}

/// What the API answers `role` posting `body` to `path`, which must refuse it as published.
async fn refused_as_published(
    w: &World,
    path: &str,
    role: &str,
    body: serde_json::Value,
) -> Response {
    let r = w.app.post_json(path, w.token(role), body).await;
    assert_eq!(
        (r.status.as_u16(), r.body["error"]["reason"].as_str()),
        (409, Some("report_published")),
        "{}",
        r.text
    );
    r
}

/// Once a board needs two people, publishing a draft from a page shown before is refused in the
/// reader's language, and the secretary, who may approve it, is led to the form that does; a
/// member, who may not publish, is refused outright and led nowhere.
#[actix_web::test]
async fn publishing_a_draft_under_the_two_person_rule_leads_the_secretary_to_approve_it() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/reports", w.boards.a);
    let draft = w.reports.draft;
    let publish = format!("/desk/reports/{draft}/publish");
    let link = format!("href=\"{page}#report-{draft}\"");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "fil").await;
    assert!(
        shown.html.contains(&format!("action=\"{publish}\"")),
        "one officer may publish: {}",
        shown.html
    );
    let rule = w
        .app
        .patch_json(
            &format!("/api/v1/boards/{}", w.boards.a),
            w.admin.bearer(),
            serde_json::json!({"two_person_approval": true, "reason": "Two people from now on"}),
        )
        .await;
    assert_eq!(rule.status, 200, "{}", rule.text);
    let mut member = signed_in(&w, &w.mem_a).await;
    let head = w.app.audit_head().await;

    let refused = sec.submit_in(&publish, &[], "fil").await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused
            .html
            .contains("inilalathala lamang ng lupong ito ang mga inaprubahang ulat")
            && !refused.html.contains("publishes only approved reports"),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains(&link) && refused.html.contains("Aprubahan muna ang ulat ng 2026-03"),
        "{}",
        refused.html
    );
    assert!(
        !refused
            .html
            .contains("Lagdaan at ilathala nang walang ikalawang pag-apruba"),
        "no publishing alone is offered under the rule: {}",
        refused.html
    );
    let landing = sec.get(&page, "fil").await;
    assert!(
        landing.html.contains(&format!("id=\"report-{draft}\""))
            && landing
                .html
                .contains(&format!("action=\"/desk/reports/{draft}/approve\""))
            && !landing.html.contains(&format!("action=\"{publish}\"")),
        "the link lands on the report with its approval form: {}",
        landing.html
    );

    member.get(&page, "en").await;
    let r = member.submit(&publish, &[]).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert!(!r.html.contains(&link), "{}", r.html);
    assert_eq!(w.app.audit_head().await, head, "nothing written");
    let report = w.read_as("secA", &format!("/api/v1/reports/{draft}")).await;
    assert_eq!(report["status"], "draft");
}
