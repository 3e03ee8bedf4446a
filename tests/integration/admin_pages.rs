//! The admin's pages: the board tree, the chain of command and the accounts, each form through
//! the same operation as the API, checked through the API; refused to everyone else.

use crate::fixtures::world::World;
use crate::pages::{Page, signed_in};
use serde_json::Value;

/// A form's path and the fields posted to it.
type Post<'a> = (&'a str, Vec<(&'a str, &'a str)>);

/// The id at the end of the page a successful post went to.
fn created(r: &Page, under: &str) -> i64 {
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    r.location
        .strip_prefix(under)
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{} is not under {under}", r.location))
}

#[actix_web::test]
async fn the_admin_grows_the_board_tree_and_the_chain_of_command_from_the_pages() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let desk = admin.get("/desk", "en").await;
    assert!(
        desk.html.contains("href=\"/desk/admin/boards\""),
        "{}",
        desk.html
    );
    let tree = admin.get("/desk/admin/boards", "en").await;
    assert_eq!(tree.status, 200, "{}", tree.html);

    let national = w.boards.national.to_string();
    let r = admin
        .submit(
            "/desk/admin/boards",
            &[
                ("name", "Region XIII"),
                ("level", "regional"),
                ("parent_id", &national),
                ("time_zone", "Asia/Manila"),
            ],
        )
        .await;
    let board = created(&r, "/desk/admin/boards/");
    let made = w.read_as("admin", &format!("/api/v1/boards/{board}")).await;
    assert_eq!(
        (made["level"].as_str(), made["parent_id"].as_i64()),
        (Some("regional"), Some(w.boards.national))
    );

    let page = format!("/desk/admin/boards/{board}");
    let shown = admin.get(&page, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    let r = admin
        .submit(
            &page,
            &[
                ("name", "Region XIII (Caraga)"),
                ("time_zone", "Asia/Tokyo"),
                ("level", "regional"),
                ("parent_id", &national),
                ("grievance_ack_days", "3"),
                ("grievance_response_days", ""),
                ("two_person_was", "true"),
                ("reason", "A board of two people for now"),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str())
    );
    let edited = w.read_as("admin", &format!("/api/v1/boards/{board}")).await;
    assert_eq!(edited["name"], "Region XIII (Caraga)");
    assert_eq!(edited["time_zone"], "Asia/Tokyo");
    assert_eq!(edited["grievance_ack_days"], 3);
    assert_eq!(edited["grievance_response_days"], Value::Null);
    assert_eq!(edited["two_person_approval"], false);
    let tree = admin.get("/desk/admin/boards", "en").await;
    assert!(
        tree.html
            .contains(&format!("class=\"depth-1\" id=\"board-{board}\"")),
        "{}",
        tree.html
    );

    admin.get("/desk/admin/units", "en").await;
    let y = w.units.y.to_string();
    let r = admin
        .submit(
            "/desk/admin/units",
            &[
                ("name", "Battalion Z"),
                ("abbreviation", "BZ"),
                ("service", "army"),
                ("parent_id", &y),
            ],
        )
        .await;
    let unit = created(&r, "/desk/admin/units/");
    let made = w.read_as("admin", &format!("/api/v1/units/{unit}")).await;
    assert_eq!(
        (made["parent_id"].as_i64(), made["abbreviation"].as_str()),
        (Some(w.units.y), Some("BZ"))
    );
    let page = format!("/desk/admin/units/{unit}");
    admin.get(&page, "en").await;
    let x = w.units.x.to_string();
    let r = admin
        .submit(
            &page,
            &[
                ("name", "Battalion Z"),
                ("abbreviation", ""),
                ("service", "army"),
                ("parent_id", &x),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let moved = w.read_as("admin", &format!("/api/v1/units/{unit}")).await;
    assert_eq!(
        (moved["parent_id"].as_i64(), &moved["abbreviation"]),
        (Some(w.units.x), &Value::Null)
    );
}

#[actix_web::test]
async fn the_admin_creates_a_secretary_changes_roles_and_disables_an_account_from_the_pages() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let list = admin.get("/desk/admin/users", "en").await;
    assert_eq!(list.status, 200, "{}", list.html);
    let secretary_of_b = format!("secretary-{}", w.boards.b);
    let r = admin
        .submit(
            "/desk/admin/users",
            &[
                ("email", "new.secretary@test.bantay.example"),
                ("name", "Nora Secretary"),
                ("role", &secretary_of_b),
            ],
        )
        .await;
    let user = created(&r, "/desk/admin/users/");
    let made = w.read_as("admin", &format!("/api/v1/users/{user}")).await;
    assert_eq!(
        made["roles"],
        serde_json::json!([{ "role": "secretary", "board_id": w.boards.b }])
    );

    let page = format!("/desk/admin/users/{user}");
    admin.get(&page, "en").await;
    let member_of_a = format!("member-{}", w.boards.a);
    let r = admin
        .submit(&format!("{page}/roles"), &[("role", &member_of_a)])
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let r = admin
        .submit(
            &format!("{page}/roles/{secretary_of_b}"),
            &[("remove", "yes")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let now = w.read_as("admin", &format!("/api/v1/users/{user}")).await;
    assert_eq!(
        now["roles"],
        serde_json::json!([{ "role": "member", "board_id": w.boards.a }])
    );

    let member = format!("/desk/admin/users/{}", w.mem_a.id);
    admin.get(&member, "en").await;
    let r = admin
        .submit(&format!("{member}/access"), &[("disabled", "yes")])
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    assert_eq!(
        w.read_as("admin", &format!("/api/v1/users/{}", w.mem_a.id))
            .await["disabled"],
        true
    );
    let shown = admin.get(&member, "en").await;
    assert!(shown.html.contains("Enable the account"), "{}", shown.html);
    let listed = admin.get("/desk/admin/users", "en").await;
    assert!(listed.html.contains("Nora Secretary"), "{}", listed.html);
    assert!(
        listed.html.contains("<p id=\"accounts-range\">Accounts 1–")
            && !listed.html.contains("Next accounts"),
        "{}",
        listed.html
    );
}

#[actix_web::test]
async fn a_secretary_is_refused_the_admin_pages_and_their_posts_write_nothing() {
    let w = World::build().await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let desk = sec.get("/desk", "en").await;
    assert!(!desk.html.contains("/desk/admin/"), "{}", desk.html);
    let user = format!("/desk/admin/users/{}", w.mem_a.id);
    let board = format!("/desk/admin/boards/{}", w.boards.a);
    let unit = format!("/desk/admin/units/{}", w.units.x);
    for page in [
        "/desk/admin/boards",
        "/desk/admin/units",
        "/desk/admin/users",
    ]
    .into_iter()
    .chain([user.as_str(), board.as_str(), unit.as_str()])
    {
        let r = sec.get(page, "en").await;
        assert_eq!(r.status.as_u16(), 403, "{page}: {}", r.html);
    }
    sec.get("/desk", "en").await;
    let head = w.app.audit_head().await;
    let national = w.boards.national.to_string();
    let attempts: [Post; 5] = [
        (
            "/desk/admin/boards",
            vec![
                ("name", "Mine"),
                ("level", "regional"),
                ("parent_id", &national),
                ("time_zone", "Asia/Manila"),
            ],
        ),
        (
            &board,
            vec![
                ("name", "Board A, mine"),
                ("time_zone", "Asia/Manila"),
                ("level", "regional"),
                ("parent_id", &national),
                ("two_person_was", "true"),
            ],
        ),
        (
            "/desk/admin/units",
            vec![("name", "Mine"), ("service", "army")],
        ),
        (
            "/desk/admin/users",
            vec![("email", "x@test.bantay.example"), ("name", "X")],
        ),
        (&format!("{user}/access"), vec![("disabled", "yes")]),
    ];
    for (path, fields) in attempts {
        let r = sec.submit(path, &fields).await;
        assert_eq!(r.status.as_u16(), 403, "{path}: {}", r.html);
    }
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn bad_input_on_the_admin_pages_is_shown_beside_its_field_and_writes_nothing() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    admin.get("/desk/admin/boards", "en").await;
    let head = w.app.audit_head().await;
    let cases: [(Post, &str); 4] = [
        (
            (
                "/desk/admin/boards",
                vec![
                    ("name", "Orphan"),
                    ("level", "regional"),
                    ("time_zone", "Asia/Manila"),
                ],
            ),
            "new-board-parent_id-error",
        ),
        (
            (
                "/desk/admin/boards",
                vec![
                    ("name", ""),
                    ("level", "national"),
                    ("time_zone", "Asia/Manila"),
                ],
            ),
            "new-board-name-error",
        ),
        (
            (
                "/desk/admin/units",
                vec![("name", "Nameless service"), ("service", "")],
            ),
            "new-unit-service-error",
        ),
        (
            (
                "/desk/admin/users",
                vec![("email", "not an address"), ("name", "Nameless")],
            ),
            "new-user-email-error",
        ),
    ];
    for ((path, fields), error) in cases {
        let r = admin.submit(path, &fields).await;
        assert_eq!(r.status.as_u16(), 422, "{path}: {}", r.html);
        assert!(
            r.html.contains(&format!("id=\"{error}\"")),
            "{error}: {}",
            r.html
        );
    }
    let board = format!("/desk/admin/boards/{}", w.boards.a);
    let r = admin
        .submit(
            &board,
            &[
                ("name", "Board A"),
                ("time_zone", "Asia/Manila"),
                ("level", "regional"),
                ("parent_id", &w.boards.national.to_string()),
                ("grievance_ack_days", "99"),
                ("two_person_was", "true"),
                ("two_person_approval", "on"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("id=\"board-grievance_ack_days-error\""),
        "{}",
        r.html
    );
    let own = format!("/desk/admin/users/{}/access", w.admin.id);
    let r = admin.submit(&own, &[("disabled", "yes")]).await;
    assert_eq!(r.status.as_u16(), 409, "the last admin stays: {}", r.html);
    assert!(r.html.contains("id=\"access-error\""), "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn the_audit_log_reads_as_a_table_of_changes_filtered_by_who_what_and_when() {
    let w = World::build().await;
    let id = w.actions.open;
    let body = serde_json::json!({"title": "Renamed <b>on</b> the record"});
    let path = format!("/api/v1/actions/{id}");
    let r = w.app.patch_json(&path, w.sec_a.bearer(), body).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.text);

    let mut admin = signed_in(&w, &w.admin).await;
    let who = w.sec_a.email.replace('@', "%40");
    let page = admin
        .get(&format!("/desk/audit?who={who}&what=action"), "en")
        .await;
    assert_eq!(page.status, 200, "{}", page.html);
    let row = page
        .html
        .split("<tr>")
        .find(|r| r.contains(&format!("action {id}<")) && r.contains("<dt>title</dt>"))
        .unwrap_or_else(|| panic!("{}", page.html));
    assert!(
        row.contains("Renamed &#60;b&#62;on&#60;/b&#62; the record</ins>"),
        "{row}"
    );
    assert!(row.contains("<del>"), "the title before: {row}");
    assert!(
        !row.contains("<dt>due_date</dt>"),
        "only what changed: {row}"
    );
    let by_admin = format!("data-label=\"Who\">{}<", w.admin.email);
    assert!(!page.html.contains(&by_admin), "someone else's entries");
    let all = admin.get("/desk/audit", "en").await;
    assert!(
        all.html.contains(&by_admin),
        "the admin's entries unfiltered"
    );

    let month = w.this_month.clone();
    let now = admin
        .get(&format!("/desk/audit?month={month}"), "fil")
        .await;
    assert!(
        now.html.contains(" sa "),
        "a count in Filipino: {}",
        now.html
    );
    let before = admin.get("/desk/audit?month=2001-01", "en").await;
    assert!(before.html.contains("Nothing matches."), "{}", before.html);

    let mut sec = signed_in(&w, &w.sec_a).await;
    assert_eq!(sec.get("/desk/audit", "en").await.status, 403);
}

#[actix_web::test]
async fn a_regional_board_without_a_board_above_it_is_refused_in_filipino_and_by_its_code() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let head = w.app.audit_head().await;

    admin.get("/desk/admin/boards", "fil").await;
    let orphan = [
        ("name", "Rehiyong walang lupon sa itaas"),
        ("level", "regional"),
        ("time_zone", "Asia/Manila"),
    ];
    let r = admin.submit_in("/desk/admin/boards", &orphan, "fil").await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("Lupong nasa itaas nito")
            && r.html
                .contains("kailangan ng lupong panrehiyon ng lupong pambansa sa itaas nito")
            && !r.html.contains("needs a"),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("id=\"new-board-parent_id-error\""),
        "{}",
        r.html
    );

    let api = w
        .app
        .post_json(
            "/api/v1/boards",
            w.admin.bearer(),
            serde_json::json!({"name": "Orphan", "level": "regional"}),
        )
        .await;
    crate::helpers::assert_json_error(&api, 422, "validation_failed");
    assert_eq!(
        api.body["error"]["reason"], "board_needs_parent",
        "{}",
        api.text
    );
    assert_eq!(api.body["error"]["field"], "parent_id", "{}", api.text);
    assert_eq!(
        api.body["error"]["message"],
        "a regional board needs a national board above it: choose one"
    );

    assert_eq!(w.app.audit_head().await, head, "nothing written");
    let tree = admin.get("/desk/admin/boards", "en").await;
    assert!(!tree.html.contains("Orphan") && !tree.html.contains("walang lupon sa itaas"));
}

#[actix_web::test]
async fn a_board_with_boards_under_it_keeps_its_level_and_leads_the_admin_to_them() {
    let w = World::build().await;
    let a = w.boards.a.to_string();
    let province = w
        .app
        .create(
            "/api/v1/boards",
            &w.admin.token,
            serde_json::json!({"name": "Province", "level": "provincial", "parent_id": w.boards.a}),
        )
        .await;
    let board = format!("/desk/admin/boards/{a}");
    let promote = [
        ("name", "Board A"),
        ("time_zone", "Asia/Manila"),
        ("level", "national"),
        ("parent_id", ""),
        ("two_person_was", "false"),
    ];
    let link = format!("href=\"/desk/admin/boards#board-{a}\"");
    let mut admin = signed_in(&w, &w.admin).await;
    let head = w.app.audit_head().await;
    admin.get(&board, "fil").await;
    let r = admin.submit_in(&board, &promote, "fil").await;
    assert_eq!(r.status.as_u16(), 409, "{}", r.html);
    assert!(
        r.html.contains("may mga lupon sa ilalim ng lupong ito")
            && r.html.contains(&link)
            && r.html
                .contains("Tingnan sa puno ang mga lupon sa ilalim nito"),
        "{}",
        r.html
    );
    let tree = admin.get("/desk/admin/boards", "fil").await;
    assert!(
        tree.html.contains(&format!("id=\"board-{a}\""))
            && tree
                .html
                .contains(&format!("href=\"/desk/admin/boards/{}\"", province["id"])),
        "the link lands on the board in the tree, its boards under it: {}",
        tree.html
    );

    let api = w
        .app
        .patch_json(
            &format!("/api/v1/boards/{a}"),
            w.admin.bearer(),
            serde_json::json!({"level": "national", "parent_id": null}),
        )
        .await;
    crate::helpers::assert_json_error(&api, 409, "conflict");
    assert_eq!(api.body["error"]["reason"], "board_has_boards_under_it");
    assert_eq!(w.app.audit_head().await, head, "nothing written");
}
