//! Grievances on the desk as the secretariat and the unit use them: filing for someone who
//! called or came in, the history with its notes, appeals; each through the same operations as
//! the API, with the same refusals, and the filer never shown to the unit.

use crate::fixtures::build::As;
use crate::fixtures::world::World;
use crate::pages::{
    Page, a_missing_unit_leads_only_an_admin_to_the_units_page, grievance_count, signed_in,
};
use chrono::{DateTime, FixedOffset};

/// The tracking code a page shows once after filing.
fn code_on(page: &Page) -> Option<String> {
    let rest = page
        .html
        .split("Tracking code for the complainant: ")
        .nth(1)?;
    rest.split('<').next().map(str::to_owned)
}

#[actix_web::test]
async fn the_secretary_files_a_phone_grievance_for_someone_and_gives_the_code_once() {
    let w = World::build().await;
    let board = w.boards.a;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let list = sec
        .get(&format!("/desk/boards/{board}/grievances"), "en")
        .await;
    let new = format!("/desk/boards/{board}/grievances/new");
    assert!(
        list.html.contains(&format!("href=\"{new}\"")),
        "{}",
        list.html
    );
    let form = sec.get(&new, "en").await;
    assert_eq!(form.status, 200, "{}", form.html);
    let action = format!("/desk/boards/{board}/grievances");
    assert!(form.html.contains(&format!("action=\"{action}\"")));

    let unit = w.units.x1.to_string();
    let r = sec
        .submit(
            &action,
            &[
                ("intake", "phone"),
                ("category", "harassment"),
                (
                    "description",
                    "By phone: soldiers shouted at her at the market",
                ),
                ("location", "Market, Poblacion"),
                ("alleged_unit_id", &unit),
                ("contact_name", "Maria Santos"),
                ("contact_phone", "+63 918 111 2222"),
                ("contact_email", ""),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let id: i64 = r
        .location
        .strip_prefix("/desk/grievances/")
        .and_then(|n| n.parse().ok())
        .expect("the grievance's page");

    let shown = sec.get(&r.location, "en").await;
    let code = code_on(&shown).expect("the tracking code, shown once");
    assert!(shown.html.contains("Maria Santos · +63 918 111 2222"));
    assert!(
        shown.html.contains("The secretariat · by phone"),
        "{}",
        shown.html
    );
    let again = sec.get(&r.location, "en").await;
    assert_eq!(code_on(&again), None, "the code is shown only once");
    let tracked = w
        .app
        .get(&format!("/api/v1/public/grievances/{code}"), None)
        .await;
    assert_eq!(tracked.status, 200, "{}", tracked.text);
    assert_eq!(tracked.body["status"], "received");

    let g = w.read_as("secA", &format!("/api/v1/grievances/{id}")).await;
    assert_eq!(g["view"], "secretariat");
    assert_eq!(g["channel"], "secretariat", "{g}");
    assert_eq!(g["intake"], "phone", "{g}");
    assert_eq!(g["category"], "harassment");
    assert_eq!(g["alleged_unit_id"], w.units.x1);
    assert_eq!(g["location"], "Market, Poblacion");
    assert_eq!(g["contact"]["name"], "Maria Santos");
    assert_eq!(g["contact"]["phone"], "+63 918 111 2222");
}

#[actix_web::test]
async fn only_the_secretariat_records_how_a_grievance_reached_it() {
    let w = World::build().await;
    let form = format!("/desk/boards/{}/grievances", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&format!("{form}/new"), "en").await;
    let count = grievance_count(&w.app).await;
    let fields = [
        ("category", "checkpoint"),
        ("description", "Held for an hour"),
    ];
    let r = sec.submit(&form, &fields).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"file-intake-error\""), "{}", r.html);

    let body = serde_json::json!({"board_id": w.boards.a, "category": "checkpoint",
        "description": "Held for an hour", "intake": "walk_in"});
    let public = w
        .app
        .post_json("/api/v1/public/grievances", None, body)
        .await;
    assert_eq!(public.status.as_u16(), 422, "{}", public.text);
    assert!(
        public.text.contains("only the secretariat"),
        "{}",
        public.text
    );
    assert_eq!(grievance_count(&w.app).await, count, "nothing filed");
}

#[actix_web::test]
async fn the_history_shows_each_step_with_its_note_in_the_board_s_time() {
    let w = World::build().await;
    let id = w.grievance.id;
    let page = format!("/desk/grievances/{id}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&page, "en").await;
    let r = sec
        .submit(
            &format!("{page}/step"),
            &[
                ("status", "responded"),
                ("note", "The brigade answered by letter"),
                ("response", "The motorbike was returned"),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str())
    );
    let shown = sec.get(&page, "en").await;
    for words in [
        "Received",
        "Acknowledged",
        "Referred to a unit",
        "Unit responded",
        "The brigade answered by letter",
        "A motorbike was taken at the brigade&#39;s checkpoint",
        "The motorbike was returned",
        "Times in Asia/Manila.",
    ] {
        assert!(shown.html.contains(words), "{words}: {}", shown.html);
    }
    let g = w.read_as("secA", &format!("/api/v1/grievances/{id}")).await;
    let responded: DateTime<FixedOffset> = g["dates"]["responded_at"]
        .as_str()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .expect("responded_at");
    let manila = FixedOffset::east_opt(8 * 3600).expect("offset");
    let local = responded.with_timezone(&manila).format("%Y-%m-%d %H:%M");
    assert!(
        shown.html.contains(&local.to_string()),
        "{local}: {}",
        shown.html
    );
    let fil = sec.get(&page, "fil").await;
    assert!(fil.html.contains("Ipinasa sa isang yunit"), "{}", fil.html);
    assert!(fil.html.contains("Kasaysayan"));
}

#[actix_web::test]
async fn the_unit_reads_its_grievance_without_the_filer_the_words_or_the_notes() {
    let w = World::build().await;
    let id = w.grievance.id;
    let page = format!("/desk/grievances/{id}");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&page, "en").await;
    let note = "Juan called again on Monday";
    let r = sec
        .submit(
            &format!("{page}/step"),
            &[
                ("status", "responded"),
                ("note", note),
                ("response", "We spoke to the checkpoint"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let mut rep = signed_in(&w, &w.rep_x).await;
    let seen = rep.get(&page, "en").await;
    assert_eq!(seen.status, 200, "{}", seen.html);
    assert!(seen.html.contains("A motorbike was taken"), "{}", seen.html);
    assert!(seen.html.contains("Unit responded"));
    for secret in [
        "Juan",
        "Dela Cruz",
        "+63 917",
        "Soldiers took my motorbike",
        "grievance-contact",
        "Received through",
        "Complainant",
    ] {
        assert!(!seen.html.contains(secret), "{secret} shown to the unit");
    }
    assert!(!seen.html.contains("/step\""), "no step for the unit now");
}

#[actix_web::test]
async fn the_secretary_records_an_appeal_once_the_grievance_is_decided() {
    let w = World::build().await;
    let id = w.grievance.id;
    let page = format!("/desk/grievances/{id}");
    let (step, appeal) = (format!("{page}/step"), format!("{page}/appeal"));
    let mut sec = signed_in(&w, &w.sec_a).await;
    let open = sec.get(&page, "en").await;
    assert!(!open.html.contains("id=\"appeal-note\""), "{}", open.html);
    let head = w.app.audit_head().await;
    let early = sec.submit(&appeal, &[("note", "Too soon")]).await;
    assert_eq!(early.status.as_u16(), 409, "{}", early.html);
    assert!(early.html.contains("id=\"appeal-error\""), "{}", early.html);
    assert!(
        early.html.contains("<details class=\"edit\" open>"),
        "{}",
        early.html
    );
    assert_eq!(w.app.audit_head().await, head);

    for fields in [
        vec![("status", "responded"), ("response", "Returned")],
        vec![("status", "not_resolved"), ("note", "The filer disagrees")],
    ] {
        let r = sec.submit(&step, &fields).await;
        assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    }
    let decided = sec.get(&page, "en").await;
    assert!(
        decided.html.contains("id=\"appeal-note\""),
        "{}",
        decided.html
    );
    let grounds = [("note", "The motorbike came back damaged")];
    let r = sec.submit(&appeal, &grounds).await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str())
    );
    let g = w.read_as("secA", &format!("/api/v1/grievances/{id}")).await;
    assert_eq!(g["status"], "referred", "{g}");
    assert_eq!(g["unit_id"], w.units.x1);
    let shown = sec.get(&page, "en").await;
    assert!(shown.html.contains("The motorbike came back damaged"));
    assert!(
        shown.html.contains("<span class=\"tag\">appeal</span>"),
        "{}",
        shown.html
    );
    assert!(
        !shown.html.contains("id=\"appeal-note\""),
        "open again: no appeal"
    );
}

#[actix_web::test]
async fn bad_input_is_refused_beside_its_field_and_writes_nothing() {
    let w = World::build().await;
    let board = w.boards.a;
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&format!("/desk/boards/{board}/grievances/new"), "en")
        .await;
    let (head, count) = (w.app.audit_head().await, grievance_count(&w.app).await);
    let action = format!("/desk/boards/{board}/grievances");
    let blank = sec
        .submit(
            &action,
            &[
                ("intake", "walk_in"),
                ("category", "checkpoint"),
                ("description", "   "),
                ("contact_name", "Ana"),
            ],
        )
        .await;
    assert_eq!(blank.status.as_u16(), 422, "{}", blank.html);
    assert!(
        blank.html.contains("id=\"file-description-error\""),
        "{}",
        blank.html
    );
    assert!(blank.html.contains("value=\"Ana\""), "what was typed stays");
    let r = sec
        .submit(
            &action,
            &[
                ("intake", "letter"),
                ("category", "gossip"),
                ("description", "x"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"file-category-error\""), "{}", r.html);
    let step = format!("/desk/grievances/{}/step", w.grievance.id);
    let r = sec.submit(&step, &[("status", ""), ("note", "x")]).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"step-status-error\""), "{}", r.html);
    let r = sec
        .submit(&step, &[("status", "responded"), ("response", " ")])
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"step-response-error\""), "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(grievance_count(&w.app).await, count);
}

#[actix_web::test]
async fn only_the_secretariat_files_or_steps_and_others_see_no_such_forms() {
    let w = World::build().await;
    let board = w.boards.a;
    let fields = [
        ("category", "checkpoint"),
        ("description", "Filed by the wrong person"),
    ];
    let mut member = signed_in(&w, &w.mem_a).await;
    let mut rep = signed_in(&w, &w.rep_x).await;
    rep.get("/desk", "en").await;
    let (head, count) = (w.app.audit_head().await, grievance_count(&w.app).await);
    let list = member
        .get(&format!("/desk/boards/{board}/grievances"), "en")
        .await;
    assert_eq!(list.status, 200, "{}", list.html);
    let new = format!("/desk/boards/{board}/grievances/new");
    assert!(!list.html.contains(&new), "{}", list.html);
    let r = member
        .get(&format!("/desk/boards/{board}/grievances/new"), "en")
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    let r = member
        .submit(&format!("/desk/boards/{board}/grievances"), &fields)
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    let page = member
        .get(&format!("/desk/grievances/{}", w.grievance.id), "en")
        .await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(!page.html.contains("/step\""), "{}", page.html);
    assert!(!page.html.contains("Juan Dela Cruz"), "{}", page.html);
    let r = rep
        .submit(&format!("/desk/boards/{board}/grievances"), &fields)
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(grievance_count(&w.app).await, count);
}

/// Referring a grievance to a unit that does not exist is refused beside the unit in the
/// reader's language; a secretary who is also an admin is led to the units page, a secretary
/// alone is not. Nothing is written.
#[actix_web::test]
async fn a_referral_to_a_missing_unit_leads_an_admin_to_the_units_page_and_not_a_secretary() {
    let w = World::build().await;
    let sec = As::signed_in(&w.app, &w.sec_a.token).await;
    let (id, _) = sec
        .public_grievance(
            serde_json::json!({"board_id": w.boards.a, "category": "checkpoint",
            "description": "A checkpoint stopped the jeepney for an hour"}),
        )
        .await;
    sec.grievance_step(id, serde_json::json!({"status": "acknowledged"}))
        .await;
    let page = format!("/desk/grievances/{id}");
    let refer = [
        ("status", "referred"),
        ("unit_id", "987654"),
        ("unit_summary", "A jeepney was held at the checkpoint"),
    ];
    let step = format!("{page}/step");
    a_missing_unit_leads_only_an_admin_to_the_units_page(
        &w,
        &page,
        &step,
        &refer,
        "step-unit_id-error",
    )
    .await;
    let g = w.read_as("secA", &format!("/api/v1/grievances/{id}")).await;
    assert_eq!(g["status"], "acknowledged");
}
