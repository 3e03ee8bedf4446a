//! A signed-in page is served again only while nothing it shows can have changed: a change to
//! the record made anywhere (another instance included), the clock moving on, or the session
//! ending each make the next visit draw it afresh.

use crate::fixtures::build::As;
use crate::fixtures::world::World;
use crate::pages::{signed_in, without_tokens};
use bantay::clock::Clock;
use chrono::TimeDelta;
use chrono_tz::Tz;
use serde_json::json;

/// The page cache's hits and misses, from `/metrics`.
async fn served_again(w: &World) -> (i64, i64) {
    let text = w.app.get("/metrics", None).await.text;
    let counter = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from /metrics"))
    };
    (
        counter("bantay_page_cache_hits_total "),
        counter("bantay_page_cache_misses_total "),
    )
}

#[actix_web::test]
async fn a_kept_page_shows_a_change_made_through_another_instance() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/actions", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let first = sec.get(&page, "en").await;
    assert_eq!(first.status, 200, "{}", first.html);
    let (hits, misses) = served_again(&w).await;
    let token = sec.csrf.clone();
    let again = sec.get(&page, "en").await;
    assert_eq!(without_tokens(&again.html), without_tokens(&first.html));
    assert_eq!(served_again(&w).await, (hits + 1, misses), "served again");
    assert_ne!(sec.csrf, token, "its anti-forgery token masked afresh");
    let fil = sec.get(&page, "fil").await;
    assert!(
        fil.html.contains("lang=\"fil\""),
        "each language is a page of its own"
    );

    let second = w.app.another_instance();
    let created = awc::Client::new()
        .post(format!("{second}/api/v1/actions"))
        .bearer_auth(&w.sec_a.token)
        .send_json(
            &json!({"board_id": w.boards.a, "title": "Return the seized phones",
            "unit_id": w.units.x1, "due_date": "2031-01-31", "source_kind": "none"}),
        )
        .await
        .expect("request");
    assert_eq!(created.status(), 201);
    let after = sec.get(&page, "en").await;
    assert!(
        after.html.contains("Return the seized phones"),
        "{}",
        after.html
    );
    assert_eq!(served_again(&w).await.0, hits + 1, "drawn afresh");
}

#[actix_web::test]
async fn the_desk_shows_an_action_overdue_once_the_clock_passes_its_due_date() {
    let w = World::build().await;
    let board = w
        .read_as("secA", &format!("/api/v1/boards/{}", w.boards.a))
        .await;
    let zone: Tz = board["time_zone"]
        .as_str()
        .expect("zone")
        .parse()
        .expect("a zone");
    // 23:40 on the board's clock, today or tomorrow: the action is due that day.
    let local = w.clock.now().with_timezone(&zone).naive_local();
    let mut evening = local.date().and_hms_opt(23, 40, 0).expect("a time");
    if evening < local {
        evening += TimeDelta::days(1);
    }
    As::signed_in(&w.app, &w.sec_a.token)
        .await
        .action(
            json!({"board_id": w.boards.a, "title": "Publish the checkpoint roster",
            "unit_id": w.units.x1, "due_date": evening.date().to_string(), "source_kind": "none"}),
        )
        .await;
    w.clock.advance(evening - local);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let before = sec.get("/desk", "en").await;
    assert_eq!(before.status, 200);
    assert!(!before.html.contains("Publish the checkpoint roster"));
    let again = sec.get("/desk", "en").await;
    assert_eq!(without_tokens(&again.html), without_tokens(&before.html));

    w.clock.advance(TimeDelta::minutes(25));
    let after = sec.get("/desk", "en").await;
    assert!(
        after.html.contains("Publish the checkpoint roster"),
        "{}",
        after.html
    );
}

#[actix_web::test]
async fn a_page_kept_for_a_session_is_not_served_once_it_is_signed_out() {
    let w = World::build().await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    assert_eq!(sec.get("/desk", "en").await.status, 200);
    // Signed out with the token of the page served again.
    assert_eq!(sec.get("/desk", "en").await.status, 200);
    let session = sec.cookie("bantay_session").expect("session").to_owned();
    assert_eq!(sec.submit("/signout", &[]).await.status, 303);

    sec.set_cookie("bantay_session", &session);
    let r = sec.get("/desk", "en").await;
    assert_eq!((r.status.as_u16(), r.location.as_str()), (303, "/signin"));
}

#[actix_web::test]
async fn a_public_page_is_kept_for_readers_not_signed_in_until_a_correction_replaces_the_report() {
    use awc::http::Method;
    let w = World::build().await;
    let path = format!("/reports/{}", w.reports.published);
    let read = async |lang: &str| {
        let r = (w.app)
            .raw(Method::GET, &path, None, None, &[("Accept-Language", lang)])
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r
    };
    let first = read("en").await;
    let (hits, misses) = served_again(&w).await;
    let again = read("en").await;
    assert_eq!(served_again(&w).await, (hits + 1, misses), "served again");
    assert_eq!(without_tokens(&again.text), without_tokens(&first.text));
    // A reader new to the site still gets the anti-forgery cookie a drawn page sets.
    let set = again
        .headers
        .get("set-cookie")
        .map(|v| v.to_str().unwrap_or_default());
    assert!(
        set.is_some_and(|c| c.starts_with("bantay_csrf=")),
        "{set:?}"
    );
    let fil = read("fil").await;
    assert!(
        fil.text.contains("Sa isang sulyap"),
        "each language is a page of its own"
    );

    // A correction published: the page says so on the next view.
    let report = format!("/api/v1/reports/{}", w.reports.published);
    let correction = (w.app)
        .post_json(&format!("{report}/corrections"), w.token("secA"), json!({}))
        .await;
    assert_eq!(correction.status, 201, "{}", correction.text);
    let fixed = correction.body["id"].clone();
    let published = (w.app)
        .post_json(
            &format!("/api/v1/reports/{fixed}/publish"),
            w.token("secA"),
            json!({}),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let after = read("en").await;
    assert!(
        after.text.contains("A correction replaces this report"),
        "{}",
        after.text
    );
}
