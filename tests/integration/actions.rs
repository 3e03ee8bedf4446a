//! Follow-up actions: unit-scoped reports, verification, overdue reminders and escalation.

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::{PASSWORD, assert_json_error};
use bantay::jobs;
use chrono::TimeDelta;
use serde_json::{Value, json};

#[actix_web::test]
async fn a_representative_cannot_see_or_touch_another_units_action_and_it_stays_byte_identical() {
    let w = World::build().await;
    let path = format!("/api/v1/actions/{}", w.actions.open);
    let before = w.app.get(&path, w.sec_a.bearer()).await.text;
    let head = w.app.audit_head().await;
    let theirs = w.app.get(&path, w.rep_x.bearer()).await;
    assert_eq!(theirs.status, 200, "{}", theirs.text);
    assert_eq!(theirs.text, before);
    let r = w.app.get(&path, w.rep_y.bearer()).await;
    assert_json_error(&r, 404, "not_found");
    let r = w
        .app
        .post_json(
            &format!("{path}/updates"),
            w.rep_y.bearer(),
            json!({"status": "reported_done"}),
        )
        .await;
    assert_json_error(&r, 404, "not_found");
    let r = w
        .app
        .patch_json(&path, w.rep_y.bearer(), json!({"title": "Mine now"}))
        .await;
    assert_json_error(&r, 404, "not_found");
    let r = w
        .app
        .post_json(
            &format!("{path}/verify"),
            w.rep_y.bearer(),
            json!({"accept": true}),
        )
        .await;
    assert_json_error(&r, 404, "not_found");
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(w.app.get(&path, w.sec_a.bearer()).await.text, before);
    for listing in ["/api/v1/actions", "/api/v1/actions.csv"] {
        let theirs = w.app.get(listing, w.rep_y.bearer()).await;
        assert_eq!(theirs.status, 200);
        assert!(
            !theirs.text.contains("checkpoint log"),
            "{listing}: {}",
            theirs.text
        );
        let ours = w.app.get(listing, w.rep_x.bearer()).await;
        assert!(
            ours.text.contains("checkpoint log"),
            "{listing}: {}",
            ours.text
        );
    }
}

#[actix_web::test]
async fn a_representative_may_only_report_status_never_set_unit_due_date_or_verified() {
    let w = World::build().await;
    let path = format!("/api/v1/actions/{}", w.actions.open);
    let before = w.app.get(&path, w.sec_a.bearer()).await.text;
    let y: i64 = w.units.y;
    for body in [json!({"unit_id": y}), json!({"due_date": "2040-01-01"})] {
        let r = w.app.patch_json(&path, w.rep_x.bearer(), body).await;
        assert_json_error(&r, 403, "forbidden");
    }
    let r = w
        .app
        .patch_json(&path, w.rep_x.bearer(), json!({"status": "verified"}))
        .await;
    assert!(r.status.is_client_error(), "{}", r.text);
    let r = w
        .app
        .post_json(
            &format!("{path}/updates"),
            w.rep_x.bearer(),
            json!({"status": "verified"}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    let done = format!("/api/v1/actions/{}/verify", w.actions.done);
    let r = w
        .app
        .post_json(&done, w.rep_x.bearer(), json!({"accept": true}))
        .await;
    assert_json_error(&r, 403, "forbidden");
    assert_eq!(w.app.get(&path, w.sec_a.bearer()).await.text, before);

    // What a unit may do: report progress, with a note the board reads.
    let r = w
        .app
        .post_json(
            &format!("{path}/updates"),
            w.rep_x.bearer(),
            json!({"status": "blocked", "note": "Waiting for the logbook from the brigade"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["status"], "blocked");
    assert_eq!(
        r.body["updates"][0]["note"],
        "Waiting for the logbook from the brigade"
    );
}

#[actix_web::test]
async fn the_board_verifies_what_a_unit_reports_done_or_sends_it_back_with_a_reason() {
    let w = World::build().await;
    let done = format!("/api/v1/actions/{}", w.actions.done);
    let told: Vec<Value> = w
        .app
        .get("/api/v1/outbox", w.admin.bearer())
        .await
        .body
        .as_array()
        .expect("outbox")
        .iter()
        .filter(|n| n["kind"] == "action_reported_done")
        .cloned()
        .collect();
    assert!(
        told.iter()
            .any(|n| n["recipient"] == "mema@test.bantay.example"),
        "{told:?}"
    );
    let r = w
        .app
        .post_json(
            &format!("{done}/verify"),
            w.mem_a.bearer(),
            json!({"accept": false}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    let r = w
        .app
        .post_json(
            &format!("{done}/verify"),
            w.mem_a.bearer(),
            json!({"accept": false, "reason": "The family says no one came"}),
        )
        .await;
    assert_eq!(r.body["status"], "in_progress", "{}", r.text);
    let r = w
        .app
        .post_json(
            &format!("{done}/updates"),
            w.rep_x.bearer(),
            json!({"status": "reported_done"}),
        )
        .await;
    assert_eq!(r.status, 200);
    let r = w
        .app
        .post_json(
            &format!("{done}/verify"),
            w.mem_a.bearer(),
            json!({"accept": true}),
        )
        .await;
    assert_eq!(r.body["status"], "verified", "{}", r.text);
    assert!(r.body["verified_by"].is_i64());
    let kinds: Vec<&Value> = r.body["updates"]
        .as_array()
        .expect("updates")
        .iter()
        .map(|u| &u["kind"])
        .collect();
    assert_eq!(
        kinds,
        [
            &json!("status"),
            &json!("sent_back"),
            &json!("status"),
            &json!("verified")
        ]
    );
    let r = w
        .app
        .post_json(
            &format!("{done}/updates"),
            w.rep_x.bearer(),
            json!({"status": "in_progress"}),
        )
        .await;
    assert_json_error(&r, 409, "conflict");
    let r = w
        .app
        .patch_json(&done, w.sec_a.bearer(), json!({"due_date": "2031-01-01"}))
        .await;
    assert_json_error(&r, 409, "conflict");
}

/// Army → division → brigade, a representative for each of the lower two, on `s`'s board.
async fn chain(s: &Scene) -> (i64, String, String) {
    let ids = s
        .unit_chain(&["Army", "8th Infantry Division", "802nd Brigade"])
        .await;
    let (division, brigade) = (
        "rep.division@test.bantay.example",
        "rep.brigade@test.bantay.example",
    );
    s.representative(division, ids[1]).await;
    s.representative(brigade, ids[2]).await;
    (ids[2], division.to_owned(), brigade.to_owned())
}

async fn kinds_for(s: &Scene, kind: &str) -> Vec<String> {
    let mut to: Vec<String> = s
        .outbox()
        .await
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["recipient"].as_str().expect("recipient").to_owned())
        .collect();
    to.sort();
    to
}

#[actix_web::test]
async fn an_overdue_action_is_reminded_once_and_escalated_to_the_unit_above_after_the_grace_period()
{
    let mut s = Scene::new("Asia/Manila", "2026-11-20T00:00:00Z").await;
    let (brigade, division_rep, brigade_rep) = chain(&s).await;
    s.action(
        json!({"title": "Return the seized boat", "unit_id": brigade, "due_date": "2026-11-30"}),
    )
    .await;
    s.clock.advance(TimeDelta::days(12)); // 2 December, Manila
    for expected in [1, 0] {
        let run = jobs::overdue::run(&s.app.db, s.now(), 7)
            .await
            .expect("job");
        assert_eq!((run.reminded, run.escalated), (expected, 0));
    }
    s.clock.advance(TimeDelta::days(7)); // 9 December: more than 7 days late
    for expected in [1, 0] {
        let run = jobs::overdue::run(&s.app.db, s.now(), 7)
            .await
            .expect("job");
        assert_eq!((run.reminded, run.escalated), (0, expected));
    }
    s.sign_in_again().await;
    assert_eq!(kinds_for(&s, "action_overdue").await, [brigade_rep]);
    assert_eq!(
        kinds_for(&s, "action_escalated").await,
        std::slice::from_ref(&division_rep)
    );

    let overdue = s
        .app
        .get("/api/v1/actions?overdue=true", Some(&s.sec))
        .await;
    assert_eq!(
        overdue.body["items"][0]["overdue"], true,
        "{}",
        overdue.text
    );
    let token = s.app.login(&division_rep, PASSWORD).await;
    let seen = s.app.get("/api/v1/actions", Some(&token)).await;
    assert_eq!(
        seen.body["items"].as_array().expect("items").len(),
        1,
        "the division sees its brigade's action"
    );
}

#[actix_web::test]
async fn lists_page_in_a_stable_order_and_filter_by_unit_subtree_and_status() {
    let s = Scene::new("Asia/Manila", "2026-11-20T00:00:00Z").await;
    let (brigade, _, _) = chain(&s).await;
    let other = s
        .app
        .create(
            "/api/v1/units",
            &s.admin,
            json!({"name": "Police Station 1", "service": "police"}),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    for i in 0..5 {
        let unit = if i % 2 == 0 { brigade } else { other };
        s.action(
            json!({"title": format!("Action {i}"), "unit_id": unit, "due_date": "2027-01-31"}),
        )
        .await;
    }
    let titles = titles_page_by_page(&s, "/api/v1/actions?limit=2").await;
    assert_eq!(
        titles,
        ["Action 0", "Action 1", "Action 2", "Action 3", "Action 4"]
    );
    let army = brigade - 2;
    let by_unit = s
        .app
        .get(&format!("/api/v1/actions?unit={army}"), Some(&s.member))
        .await;
    assert_eq!(
        by_unit.body["items"].as_array().expect("items").len(),
        3,
        "the army's subtree"
    );
    let open = s
        .app
        .get("/api/v1/actions?status=verified", Some(&s.member))
        .await;
    assert_eq!(open.body["items"], json!([]));
    let r = s.app.get("/api/v1/actions?limit=0", Some(&s.member)).await;
    assert_json_error(&r, 422, "validation_failed");
    let csv = s
        .app
        .get(&format!("/api/v1/actions.csv?unit={army}"), Some(&s.member))
        .await;
    assert_eq!(csv.text.lines().count(), 4, "{}", csv.text);
}

#[actix_web::test]
async fn the_overdue_filter_pages_past_actions_due_today_which_are_not_overdue_yet() {
    // 20 November, 08:00 in Manila: an action due on the 20th is not overdue yet, though UTC's
    // next day (the first cut, made in the database) lets it through.
    let s = Scene::new("Asia/Manila", "2026-11-20T00:00:00Z").await;
    let (brigade, _, _) = chain(&s).await;
    let dues = [20, 20, 20, 19, 20, 20, 20, 20, 20, 18];
    for (i, day) in dues.iter().enumerate() {
        s.action(json!({"title": format!("Action {i}"), "unit_id": brigade,
            "due_date": format!("2026-11-{day}")}))
            .await;
    }
    let titles = titles_page_by_page(&s, "/api/v1/actions?overdue=true&limit=1").await;
    assert_eq!(titles, ["Action 3", "Action 9"]);
}

/// The titles of every page of `list`, following `next_after`; every item of an overdue list
/// must say it is overdue.
async fn titles_page_by_page(s: &Scene, list: &str) -> Vec<String> {
    let mut titles = Vec::new();
    let mut path = list.to_owned();
    loop {
        let page = s.app.get(&path, Some(&s.member)).await;
        assert_eq!(page.status, 200, "{}", page.text);
        for item in page.body["items"].as_array().expect("items") {
            if list.contains("overdue=true") {
                assert_eq!(item["overdue"], true, "{}", page.text);
            }
            titles.push(item["title"].as_str().expect("title").to_owned());
        }
        match page.body["next_after"].as_i64() {
            Some(next) => path = format!("{list}&after={next}"),
            None => return titles,
        }
    }
}

#[actix_web::test]
async fn open_actions_appear_on_the_next_meeting_s_agenda() {
    let w = World::build().await;
    let agenda = w
        .app
        .get(
            &format!("/api/v1/meetings/{}/agenda", w.sessions.meeting),
            w.mem_a.bearer(),
        )
        .await;
    let titles: Vec<&str> = agenda.body["open_actions"]
        .as_array()
        .expect("open actions")
        .iter()
        .map(|a| a["title"].as_str().expect("title"))
        .collect();
    assert!(titles.contains(&"Open the checkpoint log"), "{titles:?}");
    let public = w
        .app
        .get(
            &format!("/api/v1/meetings/{}/agenda", w.sessions.meeting),
            w.rep_y.bearer(),
        )
        .await;
    assert_eq!(public.body["open_actions"], json!([]));
}

#[actix_web::test]
async fn an_action_keeps_its_link_to_a_decision_or_grievance_of_the_same_board_only() {
    let w = World::build().await;
    let board: i64 = w.boards.a;
    let x1: i64 = w.units.x1;
    let sec = w.sec_a.token.as_str();
    for (kind, id) in [
        ("decision", w.sessions.decision),
        ("grievance", w.grievance.id),
    ] {
        let created = w
            .app
            .create(
                "/api/v1/actions",
                sec,
                json!({"board_id": board, "title": "Follow up", "source_kind": kind,
                    "source_id": id, "unit_id": x1, "due_date": "2030-01-31"}),
            )
            .await;
        assert_eq!(
            (
                created["source_kind"].as_str(),
                created["source_id"].as_i64()
            ),
            (Some(kind), Some(id))
        );
    }
    let board_b: i64 = w.boards.b;
    let grievance: i64 = w.grievance.id;
    let r = w
        .app
        .post_json(
            "/api/v1/actions",
            w.sec_b.bearer(),
            json!({"board_id": board_b, "title": "Not ours", "source_kind": "grievance",
                "source_id": grievance, "unit_id": x1, "due_date": "2030-01-31"}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert_eq!(r.body["error"]["field"], "source_id");
}

#[actix_web::test]
async fn the_status_filter_lists_exactly_the_actions_at_that_status() {
    let s = Scene::new("Asia/Manila", "2026-11-20T00:00:00Z").await;
    let (brigade, _, brigade_rep) = chain(&s).await;
    let rep = s.app.login(&brigade_rep, PASSWORD).await;
    // Action n is taken n steps: open, in progress, blocked, reported done, verified; a second
    // open one and a second in progress one, so that no status is alone.
    let steps: [&[&str]; 7] = [
        &[],
        &["in_progress"],
        &["in_progress", "blocked"],
        &["in_progress", "reported_done"],
        &["reported_done", "verified"],
        &[],
        &["in_progress"],
    ];
    for (i, taken) in steps.iter().enumerate() {
        let id = s
            .action(json!({"title": format!("Action {i}"), "unit_id": brigade,
                "due_date": "2027-01-31"}))
            .await["id"]
            .clone();
        for step in *taken {
            let r = if *step == "verified" {
                s.app
                    .post_json(
                        &format!("/api/v1/actions/{id}/verify"),
                        Some(&s.sec),
                        json!({"accept": true}),
                    )
                    .await
            } else {
                s.app
                    .post_json(
                        &format!("/api/v1/actions/{id}/updates"),
                        Some(&rep),
                        json!({"status": step, "note": format!("Now {step}")}),
                    )
                    .await
            };
            assert_eq!(r.status, 200, "{step}: {}", r.text);
        }
    }
    for (status, expected) in [
        ("open", vec!["Action 0", "Action 5"]),
        ("in_progress", vec!["Action 1", "Action 6"]),
        ("blocked", vec!["Action 2"]),
        ("reported_done", vec!["Action 3"]),
        ("verified", vec!["Action 4"]),
    ] {
        let titles =
            titles_page_by_page(&s, &format!("/api/v1/actions?status={status}&limit=1")).await;
        assert_eq!(titles, expected, "status={status}");
        let csv = s
            .app
            .get(
                &format!("/api/v1/actions.csv?status={status}"),
                Some(&s.member),
            )
            .await;
        assert_eq!(csv.status, 200, "{}", csv.text);
        assert_eq!(
            csv.text.lines().count(),
            expected.len() + 1,
            "status={status}: {}",
            csv.text
        );
    }
}
