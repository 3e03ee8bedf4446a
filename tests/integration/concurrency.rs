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

#[actix_web::test]
async fn writes_arriving_together_land_or_fail_one_by_one() {
    let s = crate::fixtures::scene::Scene::new("Asia/Manila", "2026-11-10T02:00:00Z").await;
    let head = s.app.audit_head().await;
    // Three requests for each of ten codes, all at once, so that several share a commit: one of
    // each three is stored, the other two are refused by the database's unique code, and the
    // refusals undo only themselves.
    let path = format!("/api/v1/boards/{}/indicators", s.board);
    let requests = (0..30)
        .map(|i| {
            let body = json!({"code": format!("IND-{:02}", i % 10), "name": format!("Indicator {i}"),
                "measure": "count", "direction": "lower_is_better",
                "baseline": {"value": i, "date": "2026-01-31"}});
            ("POST", path.clone(), s.sec.clone(), body)
        })
        .collect();
    let statuses = at_once([&s.app.base, &s.app.base], requests).await;
    let created = statuses.iter().filter(|s| **s == 201).count();
    let refused = statuses.iter().filter(|s| **s == 409).count();
    assert_eq!((created, refused), (10, 20), "{statuses:?}");
    assert_eq!(s.app.audit_head().await, head + 10);
    let listed = s.app.get(&path, Some(&s.sec)).await;
    assert_eq!(listed.status, 200, "{}", listed.text);
    let mut codes: Vec<&str> = listed
        .body
        .as_array()
        .expect("list")
        .iter()
        .map(|i| i["code"].as_str().expect("code"))
        .collect();
    codes.sort();
    let expected: Vec<String> = (0..10).map(|i| format!("IND-{i:02}")).collect();
    assert_eq!(codes, expected);
    let verdict = s.app.get("/api/v1/audit/verify", Some(&s.admin)).await;
    assert_eq!(verdict.body["status"], "intact", "{}", verdict.text);
}

/// On SQLite the statements of one read share one snapshot: a write committed while the read
/// runs is not seen by its later statements, so a read never mixes two states. PostgreSQL reads
/// stay in autocommit (no extra round trips), and there the later statement sees the write.
#[actix_web::test]
async fn a_read_on_sqlite_sees_one_snapshot_from_its_first_statement_to_its_last() {
    use bantay::db::{Backend, DbConn, Error};
    use diesel::RunQueryDsl;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    fn run(conn: &mut DbConn, sql: &str) -> Result<i64, Error> {
        Ok(match conn {
            DbConn::Sqlite(c) if sql.starts_with("SELECT") => {
                diesel::sql_query(sql).get_result::<Count>(c)?.n
            }
            DbConn::Pg(c) if sql.starts_with("SELECT") => {
                diesel::sql_query(sql).get_result::<Count>(c)?.n
            }
            DbConn::Sqlite(c) => diesel::sql_query(sql).execute(c)? as i64,
            DbConn::Pg(c) => diesel::sql_query(sql).execute(c)? as i64,
        })
    }
    const COUNT: &str = "SELECT COUNT(*) AS n FROM users";
    const INSERT: &str = "INSERT INTO users \
        (email, name, password_hash, is_admin, disabled, created_at, updated_at) \
        VALUES ('meanwhile@test.bantay.example', 'Meanwhile', 'x', FALSE, FALSE, \
        '2026-01-01 00:00:00', '2026-01-01 00:00:00')";

    let app = TestApp::spawn().await;
    app.create_account("first@test.bantay.example", false).await;
    let elsewhere = app.test_db.open();
    let (before, after) = app
        .db
        .read(move |conn| {
            let before = run(conn, COUNT)?;
            let inserted = elsewhere.write_blocking(|other| run(other, INSERT))?;
            assert_eq!(inserted, 1);
            Ok::<_, Error>((before, run(conn, COUNT)?))
        })
        .await
        .expect("read");
    assert_eq!(before, 1);
    match app.test_db.backend() {
        Backend::Sqlite => assert_eq!(after, before, "the read saw a write made after it began"),
        Backend::Postgres => assert_eq!(after, before + 1),
    }
    let now = app.db.read(|conn| run(conn, COUNT)).await.expect("read");
    assert_eq!(now, 2, "the write committed");
}
