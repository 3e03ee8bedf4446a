//! Drafting: by hand, again after approval, and by the job once per closed month.

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use bantay::config::ReportSettings;
use bantay::jobs;
use serde_json::{Value, json};

#[actix_web::test]
async fn an_approved_draft_goes_back_to_draft_when_redrafted() {
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let path = format!("/api/v1/reports/{}", w.reports.draft);
    let approved = w
        .app
        .post_json(&format!("{path}/approve"), sec, json!({}))
        .await;
    assert_eq!(approved.body["status"], "approved", "{}", approved.text);
    assert!(approved.body["approved_by"].is_i64());
    assert_json_error(
        &w.app
            .post_json(&format!("{path}/approve"), sec, json!({}))
            .await,
        409,
        "conflict",
    );
    let board = format!("/api/v1/boards/{}/reports", w.boards.a);
    let redrafted = w
        .app
        .post_json(&board, sec, json!({"period": "2026-03"}))
        .await;
    assert_eq!(redrafted.body["status"], "draft", "{}", redrafted.text);
    assert_eq!(redrafted.body["approved_by"], Value::Null);
    assert_json_error(
        &w.app
            .post_json(&format!("{path}/corrections"), sec, json!({}))
            .await,
        409,
        "conflict",
    );
    let listed = w.app.get(&board, w.mem_a.bearer()).await;
    assert_eq!(
        listed.body.as_array().map(Vec::len),
        Some(2),
        "{}",
        listed.text
    );
    assert!(
        listed.body[0].get("document").is_none(),
        "lists carry no document"
    );
}

#[actix_web::test]
async fn the_drafting_job_drafts_each_closed_month_once_on_any_number_of_instances() {
    // A board created on 20 October 2026 (Manila).
    let mut s = Scene::new("Asia/Manila", "2026-10-20T00:00:00Z").await;
    let settings = ReportSettings::default();
    let run = async |db: &bantay::db::Db| jobs::report_drafts::run(db, s.now(), &settings, 5).await;
    assert_eq!(
        run(&s.app.db).await.expect("job"),
        0,
        "October is still open"
    );
    // 1 November, 05:00 Manila: before the drafting hour.
    s.clock
        .set("2026-10-31T21:00:00Z".parse().expect("instant"));
    assert_eq!(run(&s.app.db).await.expect("job"), 0, "before 06:00 local");
    s.clock
        .set("2026-10-31T22:00:00Z".parse().expect("instant"));
    assert_eq!(run(&s.app.db).await.expect("job"), 1);
    assert_eq!(
        run(&s.app.db).await.expect("job"),
        0,
        "a second tick drafts nothing"
    );
    // Down from 2 November until 5 January: November and December are caught up, by two
    // instances ticking at once; together they draft each month once.
    s.clock
        .set("2027-01-05T00:00:00Z".parse().expect("instant"));
    let other = s.app.test_db.open();
    let (a, b) = tokio::join!(run(&s.app.db), run(&other));
    let (a, b) = (
        a.expect("one instance's tick"),
        b.expect("the other's tick"),
    );
    let late = run(&s.app.db).await.expect("job");
    assert_eq!(a + b + late, 2, "{a} {b} then {late}");
    assert_eq!(run(&other).await.expect("job"), 0);
    s.sign_in_again().await;
    let listed = s
        .app
        .get(&format!("/api/v1/boards/{}/reports", s.board), Some(&s.sec))
        .await;
    let periods: Vec<&str> = listed
        .body
        .as_array()
        .expect("reports")
        .iter()
        .map(|r| r["period"].as_str().expect("period"))
        .collect();
    assert_eq!(
        periods,
        ["2026-12", "2026-11", "2026-10"],
        "{}",
        listed.text
    );
    let told: Vec<Value> = s
        .outbox()
        .await
        .into_iter()
        .filter(|n| n["kind"] == "report_drafted")
        .collect();
    assert_eq!(told.len(), 3, "the secretary, once a month: {told:?}");
    assert!(
        told.iter()
            .all(|n| n["recipient"] == "secretary@board.test.bantay.example")
    );
}
