//! Several instances on one database, writing at once: every write lands, the audit chain holds,
//! and rules checked inside a write (no cycles, at least one admin) hold at commit.

use crate::helpers::{PASSWORD, TestApp};
use serde_json::{Value, json};

/// Sends all requests at once, alternating between the two instances; returns their statuses.
async fn at_once(bases: [&str; 2], requests: Vec<(&str, String, String, Value)>) -> Vec<u16> {
    let mut tasks = Vec::new();
    for (i, (method, path, token, body)) in requests.into_iter().enumerate() {
        let url = format!("{}{path}", bases[i % 2]);
        let method: awc::http::Method = method.parse().expect("method");
        tasks.push(actix_web::rt::spawn(async move {
            let client = awc::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .finish();
            client
                .request(method, url)
                .insert_header(("Authorization", format!("Bearer {token}")))
                .send_json(&body)
                .await
                .expect("request")
                .status()
                .as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    statuses
}

#[actix_web::test]
async fn two_instances_writing_concurrently_keep_one_unbroken_audit_chain() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let second = app.another_instance();
    let head = app.audit_head().await;
    let writes = 40;
    let requests = (0..writes)
        .map(|i| {
            let body = json!({"name": format!("Unit {i}"), "service": "police"});
            ("POST", "/api/v1/units".to_owned(), admin.clone(), body)
        })
        .collect();
    let statuses = at_once([&app.base, &second], requests).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(app.audit_head().await, head + writes);
    let verdict = app.get("/api/v1/audit/verify", Some(&admin)).await;
    assert_eq!(verdict.body["status"], "intact", "{}", verdict.text);
    let units = app.get("/api/v1/units", Some(&admin)).await;
    assert_eq!(units.body.as_array().unwrap().len(), writes as usize);
}

#[actix_web::test]
async fn concurrent_moves_never_make_a_cycle_in_the_chain_of_command() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let second = app.another_instance();
    let a = app
        .create(
            "/api/v1/units",
            &admin,
            json!({"name": "A", "service": "army"}),
        )
        .await["id"]
        .clone();
    let b = app
        .create(
            "/api/v1/units",
            &admin,
            json!({"name": "B", "service": "army"}),
        )
        .await["id"]
        .clone();
    for round in 0..10 {
        let requests = vec![
            (
                "PATCH",
                format!("/api/v1/units/{a}"),
                admin.clone(),
                json!({"parent_id": b}),
            ),
            (
                "PATCH",
                format!("/api/v1/units/{b}"),
                admin.clone(),
                json!({"parent_id": a}),
            ),
        ];
        let mut statuses = at_once([&app.base, &second], requests).await;
        statuses.sort();
        assert_eq!(
            statuses,
            vec![200, 422],
            "round {round}: both moves went through"
        );
        for unit in [&a, &b] {
            let r = app
                .patch_json(
                    &format!("/api/v1/units/{unit}"),
                    Some(&admin),
                    json!({"parent_id": null}),
                )
                .await;
            assert_eq!(r.status, 200);
        }
    }
}

#[actix_web::test]
async fn admins_demoting_themselves_at_once_leave_one_admin() {
    let app = TestApp::spawn().await;
    let second = app.another_instance();
    let mut requests = Vec::new();
    for i in 0..4 {
        let email = format!("admin{i}@test.bantay.example");
        app.create_account(&email, true).await;
        let token = app.login(&email, PASSWORD).await;
        let id = app.my_id(&token).await;
        requests.push((
            "PATCH",
            format!("/api/v1/users/{id}"),
            token,
            json!({"is_admin": false}),
        ));
    }
    let mut statuses = at_once([&app.base, &second], requests).await;
    statuses.sort();
    assert_eq!(statuses, vec![200, 200, 200, 409]);
    let admins = app
        .db
        .read(bantay::db::users::count_active_admins)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}
