//! Actions on the web: created from a decision chosen by name, edited by the board's secretary,
//! and waiting on a member's desk once their unit reports them done.

use crate::fixtures::world::World;
use crate::pages::{a_missing_unit_leads_only_an_admin_to_the_units_page, signed_in};
use serde_json::Value;

async fn action(w: &World, id: &str) -> Value {
    w.read_as("secA", &format!("/api/v1/actions/{id}")).await
}

#[actix_web::test]
async fn an_action_follows_from_a_decision_chosen_by_name_not_by_number() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/actions", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    let choice = format!("<option value=\"decision:{}\"", w.sessions.decision);
    let at = shown
        .html
        .find(&choice)
        .unwrap_or_else(|| panic!("{}", shown.html));
    let label = &shown.html[at..at + 200];
    assert!(label.contains(">Decision 1 of the session of "), "{label}");
    assert!(
        !shown.html.contains("name=\"source_id\""),
        "no typed number"
    );

    let unit = w.units.x1.to_string();
    let follows = format!("decision:{}", w.sessions.decision);
    let made = sec
        .submit(
            &page,
            &[
                ("title", "Report on the checkpoint"),
                ("unit_id", &unit),
                ("due_date", "2030-06-30"),
                ("follows", &follows),
            ],
        )
        .await;
    assert_eq!(made.status.as_u16(), 303, "{}", made.html);
    let id = made.location.rsplit('/').next().expect("id").to_owned();
    let a = action(&w, &id).await;
    assert_eq!(
        (a["source_kind"].as_str(), a["source_id"].as_i64()),
        (Some("decision"), Some(w.sessions.decision))
    );

    let head = w.app.audit_head().await;
    let r = sec
        .submit(
            &page,
            &[
                ("title", "X"),
                ("unit_id", &unit),
                ("due_date", "2030-06-30"),
                ("follows", "decision:many"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("id=\"new-action-follows-error\""),
        "{}",
        r.html
    );
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn the_secretary_edits_an_action_and_a_representative_cannot() {
    let w = World::build().await;
    let id = w.actions.open.to_string();
    let page = format!("/desk/actions/{id}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(&format!("action=\"{page}/edit\"")),
        "{}",
        shown.html
    );
    let unit = w.units.x.to_string();
    let r = sec
        .submit(
            &format!("{page}/edit"),
            &[
                ("title", "Repair the fence by June"),
                ("description", ""),
                ("unit_id", &unit),
                ("due_date", "2030-06-15"),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str()),
        "{}",
        r.html
    );
    let a = action(&w, &id).await;
    assert_eq!(a["title"], "Repair the fence by June");
    assert_eq!(a["due_date"], "2030-06-15");
    assert_eq!(a["unit_id"], w.units.x);

    let mut rep = signed_in(&w, &w.rep_x).await;
    let seen = rep.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    assert!(!seen.html.contains("/edit\""), "{}", seen.html);
    let head = w.app.audit_head().await;
    let r = rep
        .submit(
            &format!("{page}/edit"),
            &[
                ("title", "Done already"),
                ("unit_id", &unit),
                ("due_date", "2020-01-01"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn a_members_desk_lists_the_actions_waiting_for_verification() {
    let w = World::build().await;
    let link = format!("href=\"/desk/actions/{}\"", w.actions.done);
    let mut member = signed_in(&w, &w.mem_a).await;
    let desk = member.get("/desk", "en").await;
    let waiting = desk
        .html
        .split("Reported done, waiting for the board to verify")
        .nth(1)
        .unwrap_or_else(|| panic!("{}", desk.html));
    assert!(
        waiting
            .split("<h2>")
            .next()
            .expect("section")
            .contains(&link),
        "{}",
        desk.html
    );
    let fil = member.get("/desk", "fil").await;
    assert!(
        fil.html
            .contains("Iniulat na tapos, naghihintay ng pagpapatunay ng lupon")
    );

    let mut rep = signed_in(&w, &w.rep_x).await;
    let desk = rep.get("/desk", "en").await;
    assert!(
        !desk.html.contains("waiting for the board to verify"),
        "{}",
        desk.html
    );
}

/// An action for a unit that does not exist is refused beside the unit in the reader's
/// language; a secretary who is also an admin is led to the units page to add it, a secretary
/// alone is not. Nothing is written.
#[actix_web::test]
async fn an_action_for_a_missing_unit_leads_an_admin_to_the_units_page_and_not_a_secretary() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/actions", w.boards.a);
    let missing = [
        ("title", "Report on the checkpoint"),
        ("unit_id", "987654"),
        ("due_date", "2030-06-30"),
    ];
    let error_id = "new-action-unit_id-error";
    a_missing_unit_leads_only_an_admin_to_the_units_page(&w, &page, &page, &missing, error_id)
        .await;
}
