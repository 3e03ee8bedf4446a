//! Notices go to the people who held the role when the event happened: nobody who joins a
//! board or a unit later receives a backlog of old warnings, however late a job notices them.

use crate::fixtures::scene::Scene;
use crate::helpers::PASSWORD;
use bantay::jobs;
use chrono::TimeDelta;
use serde_json::{Value, json};

/// The recipients of the notices of `kind` whose subject contains `about`, sorted.
async fn told(s: &Scene, kind: &str, about: &str) -> Vec<String> {
    let mut to: Vec<String> = s
        .outbox()
        .await
        .iter()
        .filter(|n| n["kind"] == kind && n["subject"].as_str().is_some_and(|t| t.contains(about)))
        .map(|n| n["recipient"].as_str().expect("recipient").to_owned())
        .collect();
    to.sort();
    to
}

async fn account(s: &Scene, email: &str, roles: Value) -> i64 {
    s.app
        .create(
            "/api/v1/users",
            &s.admin,
            json!({"email": email, "name": "Joined", "password": PASSWORD, "roles": roles}),
        )
        .await["id"]
        .as_i64()
        .expect("id")
}

fn email(who: &str) -> String {
    format!("{who}@test.bantay.example")
}

const SECRETARY: &str = "secretary@board.test.bantay.example";
const MEMBER: &str = "member@board.test.bantay.example";

#[actix_web::test]
async fn an_early_warning_goes_to_those_in_post_when_the_incident_became_grave_not_to_later_arrivals()
 {
    // Wednesday 18 November 2026, 10:00 in Manila.
    let s = Scene::new("Asia/Manila", "2026-11-18T02:00:00Z").await;
    let units = s.unit_chain(&["Division", "Brigade"]).await;
    s.representative(&email("division"), units[0]).await;
    let incident = async |severity: &str| {
        let body = json!({"board_id": s.board, "occurred_on": "2026-11-17", "region": "Region A",
            "summary": "A farmer was hurt during a patrol", "severity": severity,
            "harms": ["injured"], "victims": [{"sex": "male", "age_group": "adult", "count": 1}],
            "perpetrators": [{"kind": "unit", "unit_id": units[1], "involvement": "direct"}]});
        let id = s.app.create("/api/v1/incidents", &s.sec, body).await["id"].clone();
        (format!("/api/v1/incidents/{id}"), format!("incident {id} "))
    };
    let (grave, grave_subject) = incident("high").await;
    let (moderate, moderate_subject) = incident("moderate").await;
    let in_post = vec![email("division"), SECRETARY.to_owned()];
    assert_eq!(
        told(&s, "incident_early_warning", &grave_subject).await,
        in_post
    );

    s.clock.advance(TimeDelta::minutes(1));
    let board = json!([{"role": "secretary", "board_id": s.board}]);
    account(&s, &email("late.secretary"), board).await;
    s.representative(&email("late.division"), units[0]).await;
    // The grave incident moves on and is corrected: no new event for anyone.
    s.patch(&grave, json!({"status": "under_assessment"})).await;
    s.patch(
        &grave,
        json!({"summary": "A farmer was hurt during a night patrol"}),
    )
    .await;
    s.patch(&grave, json!({"severity": "critical"})).await;
    assert_eq!(
        told(&s, "incident_early_warning", &grave_subject).await,
        in_post,
        "nobody who joined after the warning receives it"
    );

    // The moderate one becomes grave now: everyone in post now is warned.
    s.patch(&moderate, json!({"severity": "critical"})).await;
    let mut now_in_post = vec![
        email("division"),
        email("late.division"),
        email("late.secretary"),
        SECRETARY.to_owned(),
    ];
    now_in_post.sort();
    assert_eq!(
        told(&s, "incident_early_warning", &moderate_subject).await,
        now_in_post
    );
}

#[actix_web::test]
async fn a_missed_grievance_deadline_is_told_to_those_on_the_board_when_it_passed() {
    // Wednesday 18 November 2026, 10:00 in Manila: acknowledge by Friday 20 November.
    let mut s = Scene::new("Asia/Manila", "2026-11-18T02:00:00Z").await;
    let member = s.app.my_id(&s.member).await;
    let other_board = s
        .app
        .create(
            "/api/v1/boards",
            &s.admin,
            json!({"name": "Another board", "level": "national"}),
        )
        .await["id"]
        .clone();
    let filed = s
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": s.board, "category": "checkpoint", "description": "Held for hours"}),
        )
        .await;
    assert_eq!(filed.body["acknowledge_by"], "2026-11-20", "{}", filed.text);

    // Friday 23:00 in Manila: still in time.
    s.clock
        .set("2026-11-20T15:00:00Z".parse().expect("instant"));
    s.sign_in_again().await;
    let on_board = json!([{"role": "member", "board_id": s.board}]);
    account(&s, &email("before.deadline"), on_board.clone()).await;
    // Saturday 09:00: late since midnight. The job has not run (the server was down).
    s.clock
        .set("2026-11-21T01:00:00Z".parse().expect("instant"));
    s.sign_in_again().await;
    account(&s, &email("after.deadline"), on_board).await;
    // A seat held since before the deadline keeps its date when the account's roles change.
    let r = s
        .app
        .patch_json(
            &format!("/api/v1/users/{member}"),
            Some(&s.admin),
            json!({"roles": [{"role": "member", "board_id": s.board},
                {"role": "member", "board_id": other_board}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let run = jobs::grievance_deadlines::run(&s.app.db, s.now())
        .await
        .expect("job");
    assert_eq!(run.flagged, 3, "{run:?}");
    assert_eq!(
        told(&s, "grievance_deadline_missed", "acknowledgement").await,
        [
            email("before.deadline"),
            MEMBER.to_owned(),
            SECRETARY.to_owned()
        ]
    );
}

#[actix_web::test]
async fn an_overdue_action_is_told_to_the_representatives_in_post_when_it_fell_due_and_when_it_was_escalated()
 {
    let mut s = Scene::new("Asia/Manila", "2026-11-20T00:00:00Z").await;
    let units = s.unit_chain(&["Army", "Division", "Brigade"]).await;
    let (division, brigade) = (units[1], units[2]);
    s.representative(&email("brigade"), brigade).await;
    s.action(
        json!({"title": "Return the seized boat", "unit_id": brigade, "due_date": "2026-11-30"}),
    )
    .await;
    // 1 December, 04:00 in Manila: overdue since midnight; escalated after 7 December.
    s.clock
        .set("2026-11-30T20:00:00Z".parse().expect("instant"));
    s.sign_in_again().await;
    s.representative(&email("late.brigade"), brigade).await;
    s.representative(&email("division"), division).await;
    let run = jobs::overdue::run(&s.app.db, s.now(), 7)
        .await
        .expect("job");
    assert_eq!((run.reminded, run.escalated), (1, 0));
    assert_eq!(
        told(&s, "action_overdue", "seized boat").await,
        [email("brigade")]
    );

    // 8 December, 04:00 in Manila: escalated since midnight.
    s.clock
        .set("2026-12-07T20:00:00Z".parse().expect("instant"));
    s.sign_in_again().await;
    s.representative(&email("late.division"), division).await;
    let run = jobs::overdue::run(&s.app.db, s.now(), 7)
        .await
        .expect("job");
    assert_eq!((run.reminded, run.escalated), (0, 1));
    assert_eq!(
        told(&s, "action_escalated", "seized boat").await,
        [email("division")]
    );
}
