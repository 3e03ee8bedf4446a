//! Boards and units: the tree rules, what representatives see, and changes that change nothing.

use crate::fixtures::world::World;
use crate::helpers::{PASSWORD, TestApp, assert_json_error};
use serde_json::{Value, json};

#[actix_web::test]
async fn a_representative_lists_only_the_units_of_their_subtree() {
    let world = World::build().await;
    let names = |r: Value| -> Vec<String> {
        let mut names: Vec<String> = r
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    };
    let list =
        async |role: &str| names(world.app.get("/api/v1/units", world.token(role)).await.body);
    assert_eq!(list("repX").await, ["Brigade X1", "Division X"]);
    assert_eq!(list("repY").await, ["Police Y"]);
    assert_eq!(
        list("memA").await,
        ["Army", "Brigade X1", "Division X", "Police Y"]
    );
}

#[actix_web::test]
async fn the_board_tree_keeps_its_three_levels() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let national = app.national_board(&admin).await;
    let regional = app
        .create(
            "/api/v1/boards",
            &admin,
            json!({"name": "R", "level": "regional", "parent_id": national}),
        )
        .await;
    assert_eq!(regional["time_zone"], "Asia/Manila");
    let r = app
        .post_json(
            "/api/v1/boards",
            Some(&admin),
            json!({"name": "P", "level": "provincial", "parent_id": national}),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");

    let path = format!("/api/v1/boards/{national}");
    let before = app.get(&path, None).await.body;
    let demote = app
        .patch_json(
            &path,
            Some(&admin),
            json!({"level": "provincial", "parent_id": regional["id"]}),
        )
        .await;
    assert_json_error(&demote, 409, "conflict");
    assert_eq!(
        app.get(&path, None).await.body,
        before,
        "a refused move changes nothing"
    );

    let own_parent = app
        .patch_json(
            &format!("/api/v1/boards/{}", regional["id"]),
            Some(&admin),
            json!({"parent_id": regional["id"]}),
        )
        .await;
    assert_json_error(&own_parent, 422, "validation_failed");
}

#[actix_web::test]
async fn the_chain_of_command_stays_a_tree() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let unit = async |name: &str, parent: Value| {
        app.create(
            "/api/v1/units",
            &admin,
            json!({"name": name, "service": "army", "parent_id": parent}),
        )
        .await["id"]
            .clone()
    };
    let army = unit("Army", Value::Null).await;
    let division = unit("Division", army.clone()).await;
    let brigade = unit("Brigade", division.clone()).await;
    for (moved, parent) in [(&army, &brigade), (&army, &army), (&division, &brigade)] {
        let r = app
            .patch_json(
                &format!("/api/v1/units/{moved}"),
                Some(&admin),
                json!({"parent_id": parent}),
            )
            .await;
        assert_json_error(&r, 422, "validation_failed");
        assert_eq!(r.body["error"]["field"], "parent_id");
    }
    let r = app
        .patch_json(
            &format!("/api/v1/units/{brigade}"),
            Some(&admin),
            json!({"parent_id": army}),
        )
        .await;
    assert_eq!(r.status, 200, "moving up the chain is fine: {}", r.text);
}

#[actix_web::test]
async fn a_change_that_changes_nothing_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let board_id = app.national_board(&admin).await;
    let board = app
        .get(&format!("/api/v1/boards/{board_id}"), None)
        .await
        .body;
    let unit = app
        .create(
            "/api/v1/units",
            &admin,
            json!({"name": "Army", "service": "army"}),
        )
        .await;
    let me = app.my_id(&admin).await;
    let head = app.audit_head().await;
    for (path, body, record) in [
        (format!("/api/v1/boards/{}", board["id"]), json!({}), &board),
        (
            format!("/api/v1/boards/{}", board["id"]),
            json!({"name": "National", "time_zone": "Asia/Manila"}),
            &board,
        ),
        (
            format!("/api/v1/units/{}", unit["id"]),
            json!({"name": "Army"}),
            &unit,
        ),
    ] {
        let r = app.patch_json(&path, Some(&admin), body).await;
        assert_eq!(r.status, 200, "{}", r.text);
        assert_eq!(&r.body, record, "updated_at must not move");
    }
    let r = app
        .patch_json(
            &format!("/api/v1/users/{me}"),
            Some(&admin),
            json!({"is_admin": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(app.audit_head().await, head);
}

#[actix_web::test]
async fn a_role_given_twice_is_kept_once() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let role = json!({"role": "member", "board_id": board});
    let user = app
        .create(
            "/api/v1/users",
            &admin,
            json!({"email": "m@test.bantay.example", "name": "M", "password": PASSWORD, "roles": [role, role]}),
        )
        .await;
    assert_eq!(user["roles"], json!([role]));
}

#[actix_web::test]
async fn a_representative_cannot_tell_a_missing_unit_from_a_hidden_one() {
    let world = World::build().await;
    let app = &world.app;
    let hidden = app
        .get(
            &format!("/api/v1/units/{}", world.units.y),
            world.rep_x.bearer(),
        )
        .await;
    let missing = app.get("/api/v1/units/987654", world.rep_x.bearer()).await;
    assert_json_error(&hidden, 403, "forbidden");
    assert_json_error(&missing, 403, "forbidden");
    assert_eq!(hidden.body, missing.body);
    assert_json_error(
        &app.get("/api/v1/units/987654", world.admin.bearer()).await,
        404,
        "not_found",
    );
}
