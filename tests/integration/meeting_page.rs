//! One meeting's page as its secretary uses it: moving, postponing and cancelling the session,
//! reordering and removing agenda items, removing an attendee, editing a decision; each through
//! the same operations as the API, with the same refusals.

use crate::fixtures::world::World;
use crate::pages::{offers_remedy, signed_in};
use serde_json::Value;

fn titles(agenda: &Value) -> Vec<String> {
    agenda["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["title"].as_str().expect("title").to_owned())
        .collect()
}

#[actix_web::test]
async fn the_secretary_moves_postpones_and_reinstates_a_session_from_its_page() {
    let w = World::build().await;
    let m = w.sessions.meeting;
    let page = format!("/desk/meetings/{m}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    let before = w.read_as("secA", &format!("/api/v1/meetings/{m}")).await;
    let was = before["starts_local"].as_str().expect("start").to_owned();

    let moved = sec
        .submit(
            &format!("{page}/schedule"),
            &[
                ("title", "Moved session"),
                ("date", "2027-03-04"),
                ("time", "14:30"),
                ("duration_minutes", "90"),
                ("location", "Town hall"),
                ("is_public", "on"),
                ("starts_was", &was),
            ],
        )
        .await;
    assert_eq!(
        (moved.status.as_u16(), moved.location.as_str()),
        (303, page.as_str())
    );
    let after = w.read_as("secA", &format!("/api/v1/meetings/{m}")).await;
    assert_eq!(after["starts_local"], "2027-03-04T14:30", "{after}");
    assert_eq!(after["title"], "Moved session");
    assert_eq!(after["location"], "Town hall");
    assert_eq!(after["duration_minutes"], 90);

    sec.get(&page, "en").await;
    let r = sec
        .submit(&format!("{page}/schedule"), &[("status", "postponed")])
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    assert_eq!(
        w.read_as("secA", &format!("/api/v1/meetings/{m}")).await["status"],
        "postponed"
    );
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains("Put back on the calendar"),
        "{}",
        shown.html
    );

    // Saving the other fields unchanged leaves it postponed; a new time reinstates it.
    let same = [
        ("title", "Moved session"),
        ("date", "2027-03-04"),
        ("time", "14:30"),
        ("duration_minutes", "90"),
        ("location", "Town hall, upstairs"),
        ("is_public", "on"),
        ("starts_was", "2027-03-04T14:30"),
    ];
    sec.submit(&format!("{page}/schedule"), &same).await;
    let kept = w.read_as("secA", &format!("/api/v1/meetings/{m}")).await;
    assert_eq!(
        (kept["status"].as_str(), kept["location"].as_str()),
        (Some("postponed"), Some("Town hall, upstairs"))
    );
    let mut later = same;
    later[2] = ("time", "15:00");
    sec.submit(&format!("{page}/schedule"), &later).await;
    let back = w.read_as("secA", &format!("/api/v1/meetings/{m}")).await;
    assert_eq!(
        (back["status"].as_str(), back["starts_local"].as_str()),
        (Some("scheduled"), Some("2027-03-04T15:00"))
    );
}

#[actix_web::test]
async fn a_refused_change_names_the_field_and_changes_nothing() {
    let w = World::build().await;
    let m = w.sessions.meeting;
    let page = format!("/desk/meetings/{m}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&page, "en").await;
    let head = w.app.audit_head().await;
    let r = sec
        .submit(
            &format!("{page}/schedule"),
            &[
                ("title", "X"),
                ("date", "2027-03-04"),
                ("time", "25:99"),
                ("duration_minutes", "60"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"schedule-time-error\""), "{}", r.html);
    assert!(
        r.html.contains("<details class=\"edit\" open>"),
        "the refused form stays open"
    );
    assert_eq!(w.app.audit_head().await, head);

    // A member reads the page but has none of its forms, and a forged post is refused.
    let mut member = signed_in(&w, &w.mem_a).await;
    let seen = member.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    assert!(!seen.html.contains("/schedule\""), "{}", seen.html);
    let head = w.app.audit_head().await;
    let r = member
        .submit(&format!("{page}/schedule"), &[("status", "cancelled")])
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn agenda_items_move_and_go_attendees_go_and_decisions_change_from_the_page() {
    let w = World::build().await;
    let m = w.sessions.meeting;
    let page = format!("/desk/meetings/{m}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&page, "en").await;
    for title in ["Budget", "Checkpoint", "Any other business"] {
        let r = sec
            .submit(
                &format!("{page}/agenda"),
                &[("title", title), ("is_public", "on")],
            )
            .await;
        assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    }
    let agenda = w
        .read_as("secA", &format!("/api/v1/meetings/{m}/agenda"))
        .await;
    let start = titles(&agenda);
    let n = start.len();
    assert_eq!(
        start[n - 3..],
        ["Budget", "Checkpoint", "Any other business"]
    );
    let id_of = |title: &str| {
        agenda["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["title"] == title)
            .expect("item")["id"]
            .to_string()
    };
    let (checkpoint, budget) = (id_of("Checkpoint"), id_of("Budget"));
    let shown = sec.get(&page, "en").await;
    assert!(
        shown
            .html
            .contains(&format!("action=\"{page}/agenda/{checkpoint}\"")),
        "{}",
        shown.html
    );
    sec.submit(
        &format!("{page}/agenda/{checkpoint}"),
        &[("move", "earlier")],
    )
    .await;
    sec.submit(&format!("{page}/agenda/{budget}"), &[("move", "off")])
        .await;
    let now = titles(
        &w.read_as("secA", &format!("/api/v1/meetings/{m}/agenda"))
            .await,
    );
    assert_eq!(now.len(), n - 1);
    assert_eq!(now[n - 3..], ["Checkpoint", "Any other business"]);
    let r = sec
        .submit(
            &format!("{page}/agenda/{checkpoint}"),
            &[("move", "sideways")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);

    let attendee = w.sessions.attendee;
    let r = sec
        .submit(
            &format!("{page}/attendance/{attendee}/remove"),
            &[("remove", "yes")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let left = w
        .read_as("secA", &format!("/api/v1/meetings/{m}/attendance"))
        .await;
    assert!(
        left.as_array()
            .expect("list")
            .iter()
            .all(|a| a["id"] != attendee),
        "{left}"
    );

    let decision = w.sessions.decision;
    let r = sec
        .submit(
            &format!("{page}/decisions/{decision}"),
            &[
                ("text", "Brigade X1 reports on the checkpoint by March"),
                ("responsible_unit_id", &w.units.x1.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let decided = w
        .read_as("secA", &format!("/api/v1/meetings/{m}/decisions"))
        .await;
    let edited = decided
        .as_array()
        .expect("list")
        .iter()
        .find(|d| d["id"] == decision)
        .expect("decision");
    assert_eq!(
        edited["text"],
        "Brigade X1 reports on the checkpoint by March"
    );
    let shown = sec.get(&page, "fil").await;
    assert!(shown.html.contains("Baguhin ang pasya 1"), "{}", shown.html);
}

#[actix_web::test]
async fn the_secretary_changes_a_series_from_today_and_ends_another() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/meetings", w.boards.a);
    let series = w.sessions.series;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown
            .html
            .contains(&format!("action=\"/desk/series/{series}/edit\"")),
        "{}",
        shown.html
    );
    let head = w.app.audit_head().await;
    let edit = format!("/desk/series/{series}/edit");
    let bad = [
        ("title", "Monthly session"),
        ("rrule", "FREQ=SOMETIMES"),
        ("start_time", "10:00"),
        ("duration_minutes", "120"),
    ];
    let r = sec.submit_in(&edit, &bad, "fil").await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html
            .contains(&format!("id=\"series-{series}-rrule-error\"")),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("Mga umuulit na pulong")
            && r.html.contains(
                "FREQ=SOMETIMES: umuulit ang mga pulong nang DAILY, WEEKLY, MONTHLY o YEARLY"
            ),
        "{}",
        r.html
    );
    assert_eq!(w.app.audit_head().await, head);
    let good = [
        ("title", "Monthly session"),
        ("rrule", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("start_time", "10:00"),
        ("duration_minutes", "120"),
        ("location", "Provincial capitol"),
        ("is_public", "on"),
    ];
    let r = sec.submit(&edit, &good).await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str()),
        "{}",
        r.html
    );
    let s = w.read_as("secA", &format!("/api/v1/series/{series}")).await;
    assert_eq!(
        (s["rrule"].as_str(), s["start_time"].as_str()),
        (Some("FREQ=MONTHLY;BYDAY=-1FR"), Some("10:00"))
    );
    let listed = sec.get(&page, "en").await;
    assert!(
        listed
            .html
            .contains("the last Friday of every month · 10:00 · Asia/Manila"),
        "the series in words: {}",
        listed.html
    );
    let listed = sec.get(&page, "fil").await;
    assert!(
        listed
            .html
            .contains("tuwing huling Biyernes ng buwan · 10:00"),
        "{}",
        listed.html
    );

    let doomed = w.sessions.series_doomed;
    sec.get(&page, "en").await;
    let r = sec
        .submit(&format!("/desk/series/{doomed}/end"), &[("end", "yes")])
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let gone = w
        .app
        .get(&format!("/api/v1/series/{doomed}"), w.token("secA"))
        .await;
    assert_eq!(gone.status, 404, "{}", gone.text);

    let mut member = signed_in(&w, &w.mem_a).await;
    let seen = member.get(&page, "en").await;
    assert!(!seen.html.contains("/desk/series/"), "{}", seen.html);
    let head = w.app.audit_head().await;
    let r = member.submit(&edit, &good).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn an_agenda_item_a_decision_cites_stays_and_the_refusal_leads_to_the_decision_in_filipino() {
    let w = World::build().await;
    let m = w.sessions.meeting;
    let page = format!("/desk/meetings/{m}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&page, "fil").await;
    let r = sec
        .submit_in(&format!("{page}/agenda"), &[("title", "Checkpoint")], "fil")
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let agenda = format!("/api/v1/meetings/{m}/agenda");
    let listed = w.read_as("secA", &agenda).await;
    let checkpoint = listed["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["title"] == "Checkpoint")
        .expect("item")["id"]
        .clone();
    let decision = w.sessions.decision;
    let r = sec
        .submit_in(
            &format!("{page}/decisions/{decision}"),
            &[
                ("text", "Brigade X1 reports on the checkpoint"),
                ("agenda_item_id", &checkpoint.to_string()),
                ("responsible_unit_id", &w.units.x1.to_string()),
            ],
            "fil",
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let mut member = signed_in(&w, &w.mem_a).await;
    let head = w.app.audit_head().await;

    let refused = sec
        .submit_in(
            &format!("{page}/agenda/{checkpoint}"),
            &[("move", "off")],
            "fil",
        )
        .await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    for words in [
        "Adyenda",
        "Mga pasya",
        &format!("may mga pasyang nakaugnay sa bagay {checkpoint}"),
        "iugnay muna ang mga ito sa ibang bagay",
    ] {
        assert!(refused.html.contains(words), "{words}: {}", refused.html);
    }
    assert!(
        !refused.html.contains("cannot be removed"),
        "{}",
        refused.html
    );
    // The secretary is led to the decision that cites the item, where it is linked elsewhere.
    let link = format!("href=\"{page}#decision-{decision}\"");
    offers_remedy(
        &refused,
        &link,
        "Iugnay sa ibang paksa sa adyenda ang pasyang tumutukoy rito",
    );
    let landing = sec.get(&page, "fil").await;
    assert!(
        landing
            .html
            .contains(&format!("id=\"decision-{decision}\""))
            && landing
                .html
                .contains(&format!("action=\"{page}/decisions/{decision}\""))
            && landing
                .html
                .contains(&format!("id=\"edit-decision-{decision}-agenda_item_id\"")),
        "the link lands on the decision with its form: {}",
        landing.html
    );
    // A member may not change the agenda: refused outright, and led nowhere.
    member.get(&page, "fil").await;
    let r = member
        .submit_in(
            &format!("{page}/agenda/{checkpoint}"),
            &[("move", "off")],
            "fil",
        )
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert!(!r.html.contains(&link), "{}", r.html);

    let r = w
        .app
        .request(
            "PUT".parse().expect("method"),
            &agenda,
            w.token("secA"),
            Some(serde_json::json!({"items": []})),
        )
        .await;
    assert_eq!(r.status, 409, "{}", r.text);
    assert_eq!(r.body["error"]["reason"], "agenda_item_has_decisions");
    let message = r.body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains(&format!("agenda item {checkpoint}")) && message.contains("link them"),
        "{message}"
    );
    assert_eq!(w.app.audit_head().await, head, "nothing written");
    assert_eq!(
        titles(&w.read_as("secA", &agenda).await),
        titles(&listed),
        "the agenda is as it was"
    );
}

/// Minutes approved at a session that was postponed are refused in the reader's language; the
/// secretary is led to that session's page, where it is rescheduled or put back on the calendar.
#[actix_web::test]
async fn minutes_approved_at_a_postponed_session_lead_the_secretary_to_reinstate_it() {
    let w = World::build().await;
    let m = w.sessions.meeting;
    let page = format!("/desk/meetings/{m}");
    let circulated = w
        .app
        .patch_json(
            &format!("/api/v1/meetings/{m}/minutes"),
            w.token("secA"),
            serde_json::json!({"status": "circulated"}),
        )
        .await;
    assert_eq!(circulated.status, 200, "{}", circulated.text);
    let listed = w
        .read_as("secA", &format!("/api/v1/boards/{}/meetings", w.boards.a))
        .await;
    let sessions = listed.as_array().expect("meetings");
    let starts = |id: i64| {
        let m = sessions.iter().find(|s| s["id"] == id).expect("meeting");
        m["starts_at"].as_str().expect("starts_at").to_owned()
    };
    let later = sessions
        .iter()
        .find(|s| {
            s["series_id"] == w.sessions.series && starts(s["id"].as_i64().expect("id")) > starts(m)
        })
        .expect("a later session")["id"]
        .as_i64()
        .expect("id");
    let postponed = w
        .app
        .patch_json(
            &format!("/api/v1/meetings/{later}"),
            w.token("secA"),
            serde_json::json!({"status": "postponed"}),
        )
        .await;
    assert_eq!(postponed.status, 200, "{}", postponed.text);
    let approve = [
        ("status", "approved"),
        ("approved_at_meeting", &later.to_string()),
    ];
    let link = format!("href=\"/desk/meetings/{later}#status\"");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let mut member = signed_in(&w, &w.mem_a).await;
    let head = w.app.audit_head().await;

    sec.get(&page, "fil").await;
    let refused = sec
        .submit_in(&format!("{page}/minutes"), &approve, "fil")
        .await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.html);
    assert!(
        refused.html.contains(&format!("ang pulong {later}"))
            && refused.html.contains("ay ipinagpaliban")
            && !refused.html.contains("is postponed"),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains(&link)
            && refused
                .html
                .contains(&format!("Iiskedyul muli ang pulong {later}")),
        "{}",
        refused.html
    );
    let landing = sec.get(&format!("/desk/meetings/{later}"), "fil").await;
    assert!(
        landing.html.contains("id=\"status\"")
            && landing
                .html
                .contains(&format!("action=\"/desk/meetings/{later}/schedule\""))
            && landing.html.contains("value=\"scheduled\""),
        "the link lands on the session's reinstating form: {}",
        landing.html
    );

    // A member, who may not keep the record, is refused outright and led nowhere.
    member.get(&page, "en").await;
    let r = member.submit(&format!("{page}/minutes"), &approve).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert!(!r.html.contains(&link), "{}", r.html);
    assert_eq!(w.app.audit_head().await, head, "nothing written");
    let minutes = w
        .read_as("secA", &format!("/api/v1/meetings/{m}/minutes"))
        .await;
    assert_eq!(minutes["status"], "circulated");
}
