//! Publishing: two officers, corrections that supersede, the units' replies, the two-person rule.

use crate::fixtures::scene::Scene;
use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use serde_json::json;

#[actix_web::test]
async fn two_officers_publish_a_report_and_a_correction_supersedes_it_without_changing_it() {
    let s = Scene::new("Asia/Manila", "2026-11-05T01:00:00Z").await;
    let now = s.now();
    s.app
        .db
        .write(move |conn| bantay::reports::keys::init(conn, "Scene", now))
        .await
        .expect("keys");
    let second = "secretary.two@board.test.bantay.example";
    s.app
        .create(
            "/api/v1/users",
            &s.admin,
            json!({"email": second, "name": "Second", "password": crate::helpers::PASSWORD,
                "roles": [{"role": "secretary", "board_id": s.board}]}),
        )
        .await;
    let other = s.app.login(second, crate::helpers::PASSWORD).await;
    let post =
        async |path: String, token: &str| s.app.post_json(&path, Some(token), json!({})).await;
    let drafted = s
        .app
        .create(
            &format!("/api/v1/boards/{}/reports", s.board),
            &s.sec,
            json!({"period": "2026-10"}),
        )
        .await;
    let id = drafted["id"].clone();
    let report = format!("/api/v1/reports/{id}");
    assert_json_error(
        &post(format!("{report}/publish"), &s.sec).await,
        409,
        "conflict",
    );
    assert_eq!(post(format!("{report}/approve"), &s.sec).await.status, 200);
    assert_json_error(
        &post(format!("{report}/publish"), &s.sec).await,
        403,
        "forbidden",
    );
    let published = post(format!("{report}/publish"), &other).await;
    assert_eq!(published.body["status"], "published", "{}", published.text);
    let first_pdf = s
        .app
        .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
        .await
        .bytes;
    assert!(first_pdf.starts_with(b"%PDF-"));
    // Published: nothing changes it.
    let redraft = s.draft("2026-10").await;
    assert_json_error(&redraft, 409, "conflict");
    for action in ["approve", "publish"] {
        assert_json_error(
            &post(format!("{report}/{action}"), &s.sec).await,
            409,
            "conflict",
        );
    }
    // A correction is a new revision; once published it supersedes the first, and both stay.
    let correction = post(format!("{report}/corrections"), &s.sec).await;
    assert_eq!(correction.status, 201, "{}", correction.text);
    assert_eq!(correction.body["revision"], 2);
    assert_eq!(correction.body["supersedes_id"], id);
    assert_json_error(
        &post(format!("{report}/corrections"), &s.sec).await,
        409,
        "conflict",
    );
    let fixed = correction.body["id"].clone();
    assert_eq!(
        post(format!("/api/v1/reports/{fixed}/approve"), &other)
            .await
            .status,
        200
    );
    let out = post(format!("/api/v1/reports/{fixed}/publish"), &s.sec).await;
    assert_eq!(out.body["status"], "published", "{}", out.text);
    let public = s.app.get("/api/v1/public/reports", None).await;
    let listed = public.body.as_array().expect("reports");
    assert_eq!(listed.len(), 2, "{}", public.text);
    let old = listed.iter().find(|r| r["id"] == id).expect("the first");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["superseded_by"], fixed);
    assert_eq!(
        s.app
            .get(&format!("/api/v1/public/reports/{id}/pdf"), None)
            .await
            .bytes,
        first_pdf,
        "the superseded PDF is kept byte for byte"
    );
    let feed = s.app.get("/reports.atom", None).await.text;
    assert_eq!(feed.matches("<entry>").count(), 2, "{feed}");
    assert!(
        feed.contains(&format!("Superseded by report {fixed}")),
        "{feed}"
    );
}

#[actix_web::test]
async fn a_units_reply_to_a_published_report_appears_in_the_next_months_report() {
    let w = World::build().await;
    let sec = w.sec_a.bearer();
    let published = format!("/api/v1/reports/{}", w.reports.published);
    let x: i64 = w.units.x;
    let r = w
        .app
        .post_json(
            &format!("{published}/replies"),
            w.rep_x.bearer(),
            json!({"unit_id": x, "text": "The division has read the report and will answer in session."}),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.text);
    let again = w
        .app
        .post_json(
            &format!("{published}/replies"),
            w.rep_x.bearer(),
            json!({"unit_id": x}),
        )
        .await;
    assert_json_error(&again, 409, "conflict");
    let march = w
        .app
        .post_json(
            &format!("/api/v1/boards/{}/reports", w.boards.a),
            sec,
            json!({"period": "2026-03"}),
        )
        .await;
    let replies = &march.body["document"]["unit_replies"];
    assert_eq!(replies.as_array().map(Vec::len), Some(1), "{}", march.text);
    assert_eq!(
        replies[0]["text"],
        "The division has read the report and will answer in session."
    );
}

#[actix_web::test]
async fn the_two_person_rule_binds_a_lone_secretary_and_is_completed_by_the_board_above() {
    use crate::pages::{Browser, signed_in};
    let w = World::build().await;
    let (admin, sec_b) = (w.admin.bearer(), w.sec_b.bearer());
    let board_b = w.boards.b;
    let board = format!("/api/v1/boards/{board_b}");
    // Board B's only secretary cannot switch the rule off, with or without a reason.
    let head = w.app.audit_head().await;
    for body in [
        json!({"two_person_approval": false}),
        json!({"two_person_approval": false, "reason": "I am alone"}),
    ] {
        assert_json_error(
            &w.app.patch_json(&board, sec_b, body).await,
            403,
            "forbidden",
        );
    }
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(
        w.app.get(&board, None).await.body["two_person_approval"],
        true
    );
    // An admin can, only with a reason, which the audit log keeps.
    let bare = w
        .app
        .patch_json(&board, admin, json!({"two_person_approval": false}))
        .await;
    assert_json_error(&bare, 422, "validation_failed");
    assert!(bare.text.contains("reason"), "{}", bare.text);
    let reasoned = json!({"two_person_approval": false, "reason": "Second officer on leave"});
    let off = w.app.patch_json(&board, admin, reasoned).await;
    assert_eq!(off.body["two_person_approval"], false, "{}", off.text);
    let log = w
        .app
        .get(&format!("/api/v1/audit?after={head}"), admin)
        .await;
    assert!(log.text.contains("Second officer on leave"), "{}", log.text);
    let on = json!({"two_person_approval": true, "reason": "Back"});
    assert_eq!(w.app.patch_json(&board, admin, on).await.status, 200);

    // A secretary of the national board above, and a member of board B.
    for (email, role, on_board) in [
        (
            "national.sec@test.bantay.example",
            "secretary",
            w.boards.national,
        ),
        ("member.b@test.bantay.example", "member", board_b),
    ] {
        w.app
            .create(
                "/api/v1/users",
                admin.expect("admin"),
                json!({"email": email, "name": format!("The {role}"), "password": crate::helpers::PASSWORD,
                    "roles": [{"role": role, "board_id": on_board}]}),
            )
            .await;
    }
    let national = w
        .app
        .login("national.sec@test.bantay.example", crate::helpers::PASSWORD)
        .await;
    let member = w
        .app
        .login("member.b@test.bantay.example", crate::helpers::PASSWORD)
        .await;
    let reports = format!("{board}/reports");
    let draft = async |period: &str| {
        let r = w
            .app
            .post_json(&reports, sec_b, json!({"period": period}))
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
        format!("/api/v1/reports/{}", r.body["id"])
    };
    let step = async |report: &str, step: &str, token: &str| {
        w.app
            .post_json(&format!("{report}/{step}"), Some(token), json!({}))
            .await
    };

    // March: the lone secretary approves; she cannot publish; the national secretary does.
    let march = draft("2026-03").await;
    assert_json_error(
        &step(&march, "publish", sec_b.expect("secB")).await,
        409,
        "conflict",
    );
    let approved = step(&march, "approve", sec_b.expect("secB")).await;
    assert_eq!(
        approved.body["signoff"]["approved_as"], "secretary",
        "{}",
        approved.text
    );
    let refused = step(&march, "publish", sec_b.expect("secB")).await;
    assert_json_error(&refused, 403, "forbidden");
    assert!(
        refused.text.contains("you approved this report"),
        "{}",
        refused.text
    );
    // The pages lead nowhere that fails: she sees who can publish; the national secretary sees
    // the button and the report on the desk.
    let mut secretary = signed_in(&w, &w.sec_b).await;
    let reports_page = format!("/desk/boards/{board_b}/reports");
    let page = secretary.get(&reports_page, "en").await;
    assert!(!page.html.contains("/publish\""), "{}", page.html);
    assert!(
        page.html.contains("You approved it") && page.html.contains("The secretary"),
        "{}",
        page.html
    );
    let mut above = Browser::new(&w.app);
    above.sign_in("national.sec@test.bantay.example").await;
    let desk = above.get("/desk", "en").await;
    assert!(
        desk.html
            .contains(&format!("/desk/boards/{board_b}/reports"))
            && desk.html.contains("your step"),
        "{}",
        desk.html
    );
    let page = above.get(&reports_page, "en").await;
    let action = format!("{}/publish", march.replace("/api/v1", "/desk"));
    assert!(page.html.contains(&action), "{}", page.html);
    let csrf = above.csrf.clone();
    let done = above.post(&action, &[("csrf", &csrf)], "en").await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);
    let published = w.app.get(&march, Some(&national)).await;
    assert_eq!(published.body["status"], "published", "{}", published.text);
    assert_eq!(
        published.body["signoff"],
        json!({"approved_as": "secretary", "published_as": "parent_secretary", "two_person_rule": true})
    );

    // April: a member approves, cannot publish, and the secretary publishes.
    let april = draft("2026-04").await;
    assert_eq!(step(&april, "approve", &member).await.status, 200);
    assert_json_error(&step(&april, "publish", &member).await, 403, "forbidden");
    assert_json_error(
        &step(&april, "publish", admin.expect("admin")).await,
        403,
        "forbidden",
    );
    let out = step(&april, "publish", sec_b.expect("secB")).await;
    assert_eq!(
        out.body["signoff"],
        json!({"approved_as": "member", "published_as": "secretary", "two_person_rule": true}),
        "{}",
        out.text
    );
    // The public reads how each report was approved, by role and never by name.
    let id = out.body["id"].clone();
    let public = w.app.get("/api/v1/public/reports", None).await;
    let listed = public.body.as_array().expect("reports");
    let entry = listed.iter().find(|r| r["id"] == id).expect("listed");
    assert_eq!(entry["signoff"]["approved_as"], "member", "{}", public.text);
    assert!(
        entry.get("approved_by").is_none(),
        "no account on a public surface: {entry}"
    );
    let mut visitor = Browser::new(&w.app);
    for (lang, words) in [
        (
            "en",
            "Approved by a member of the board; signed and published by a secretary of the board",
        ),
        (
            "fil",
            "Inaprubahan ng isang kasapi ng lupon; nilagdaan at inilathala ng isang kalihim ng lupon",
        ),
    ] {
        let page = visitor.get(&format!("/reports/{id}"), lang).await;
        assert!(page.html.contains(words), "{lang}: {}", page.html);
        assert!(!page.html.contains("The member") && !page.html.contains("The secretary"));
    }
    // Board A's rule is off (the world's admin turned it off): its report says so plainly.
    let alone = &w.reports.published;
    let shown = w
        .app
        .get(&format!("/api/v1/reports/{alone}"), w.mem_a.bearer())
        .await;
    assert_eq!(
        shown.body["signoff"],
        json!({"approved_as": null, "published_as": "secretary", "two_person_rule": false}),
        "{}",
        shown.text
    );
    let page = visitor.get(&format!("/reports/{alone}"), "en").await;
    assert!(
        page.html
            .contains("an admin turned off this board&#39;s two-person rule")
            || page
                .html
                .contains("an admin turned off this board's two-person rule"),
        "{}",
        page.html
    );
}
