//! Incidents on the desk: the secretariat records the whole record and takes its steps, the unit
//! concerned answers, each reader sees the view the policy gives them; every form goes through
//! the same operations as `POST` and `PATCH /api/v1/incidents`, with the same refusals.

use crate::fixtures::world::World;
use crate::pages::signed_in;
use serde_json::{Value, json};

async fn api(w: &World, role: &str, id: i64) -> Value {
    w.read_as(role, &format!("/api/v1/incidents/{id}")).await
}

/// A whole record as the form sends it, with a blank row in each group.
fn whole(x1: &str) -> Vec<(&'static str, String)> {
    let fields: &[(&str, &str)] = &[
        ("occurred_on", "2026-04-02"),
        ("occurred_time", "21:40"),
        ("region", "Region A"),
        ("province", "Bukidnon"),
        ("municipality", "Malaybalay"),
        ("severity", "moderate"),
        ("summary", "Two houses burned after an encounter"),
        ("unit_id", ""),
        ("harm-property_destroyed", "on"),
        ("harm-displacement", "on"),
        ("victims-0-sex", "female"),
        ("victims-0-age_group", "child"),
        ("victims-0-count", "3"),
        ("victims-1-sex", ""),
        ("victims-1-age_group", ""),
        ("victims-1-count", ""),
        ("victims-2-sex", "male"),
        ("victims-2-age_group", "adult"),
        ("victims-2-count", "2"),
        ("perpetrators-0-kind", "unit"),
        ("perpetrators-0-unit_id", "X1"),
        ("perpetrators-0-group_name", ""),
        ("perpetrators-0-involvement", "ordered"),
        ("perpetrators-1-kind", "non_state_armed_group"),
        ("perpetrators-1-unit_id", ""),
        ("perpetrators-1-group_name", "Armed group Z"),
        ("perpetrators-1-involvement", ""),
        ("sources-0-kind", "witness"),
        ("sources-0-reliability", "high"),
        ("sources-0-description", "Neighbour Ana Cruz"),
        ("sources-1-kind", ""),
        ("sources-1-reliability", ""),
        ("sources-1-description", ""),
        ("narrative", "The family fled at night"),
        ("latitude", "8.1575"),
        ("longitude", "125.1278"),
        ("victim_identities-0-name", "Maria Santos"),
        ("victim_identities-0-sex", "female"),
        ("victim_identities-0-age_group", "adult"),
        ("victim_identities-0-note", "mother"),
    ];
    (fields.iter())
        .map(|(k, v)| {
            (
                *k,
                if *v == "X1" {
                    x1.to_owned()
                } else {
                    (*v).to_owned()
                },
            )
        })
        .collect()
}

fn pairs<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[actix_web::test]
async fn the_secretary_records_a_whole_incident_on_the_page_and_the_api_reads_it_back() {
    let w = World::build().await;
    let list = format!("/desk/boards/{}/incidents", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&list, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    assert!(
        shown
            .html
            .contains(&format!("href=\"/desk/incidents/{}\"", w.incident))
    );

    let x1 = w.units.x1.to_string();
    let r = sec.submit(&list, &pairs(&whole(&x1))).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let id: i64 = (r.location.strip_prefix("/desk/incidents/"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("to the incident's page: {}", r.location));

    let got = api(&w, "secA", id).await;
    assert_eq!(got["view"], "secretariat");
    assert_eq!(got["occurred_time"], "21:40");
    assert_eq!(got["municipality"], "Malaybalay");
    assert_eq!(got["harms"], json!(["property_destroyed", "displacement"]));
    assert_eq!(
        got["victims"],
        json!([{"sex": "female", "age_group": "child", "count": 3},
               {"sex": "male", "age_group": "adult", "count": 2}])
    );
    assert_eq!(
        got["perpetrators"],
        json!([{"kind": "unit", "unit_id": w.units.x1, "group_name": "", "involvement": "ordered"},
               {"kind": "non_state_armed_group", "unit_id": null, "group_name": "Armed group Z",
                "involvement": "unknown"}])
    );
    assert_eq!(got["unit_id"], w.units.x1, "the first unit alleged answers");
    assert_eq!(
        got["sources"],
        json!([{"kind": "witness", "reliability": "high", "description": "Neighbour Ana Cruz"}])
    );
    assert_eq!(
        got["coordinates"],
        json!({"latitude": 8.1575, "longitude": 125.1278})
    );
    assert_eq!(got["narrative"], "The family fled at night");
    assert_eq!(got["victim_identities"][0]["name"], "Maria Santos");

    // Its page shows it all to the secretariat, with the steps and the corrections.
    let page = sec.get(&r.location, "en").await;
    assert_eq!(page.status, 200, "{}", page.html);
    for shown in [
        "Maria Santos",
        "The family fled at night",
        "Neighbour Ana Cruz",
        "Armed group Z",
    ] {
        assert!(page.html.contains(shown), "{shown}: {}", page.html);
    }
    assert!(
        page.html
            .contains(&format!("action=\"/desk/incidents/{id}/step\""))
    );
    assert!(
        page.html
            .contains(&format!("action=\"/desk/incidents/{id}/record\""))
    );

    // A step, then a correction that adds a victim group and drops the source.
    let step = format!("/desk/incidents/{id}/step");
    let r = sec
        .submit(
            &step,
            &[
                ("status", "under_assessment"),
                ("note", "Calling the barangay"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let mut corrected = whole(&x1);
    corrected.retain(|(k, _)| !k.starts_with("sources-0"));
    corrected.extend([
        ("victims-3-sex", "female".to_owned()),
        ("victims-3-age_group", "elder".to_owned()),
        ("victims-3-count", "1".to_owned()),
    ]);
    sec.get(&format!("/desk/incidents/{id}"), "en").await;
    let r = sec
        .submit(&format!("/desk/incidents/{id}/record"), &pairs(&corrected))
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let got = api(&w, "secA", id).await;
    assert_eq!(got["status"], "under_assessment");
    assert_eq!(got["victims"].as_array().map(Vec::len), Some(3), "{got}");
    assert_eq!(got["sources"], json!([]));
    assert_eq!(got["steps"][1]["note"], "Calling the barangay");
}

#[actix_web::test]
async fn the_representative_of_the_unit_concerned_answers_on_the_page_and_another_unit_sees_nothing()
 {
    let w = World::build().await;
    let page = format!("/desk/incidents/{}", w.incident);
    let mut rep = signed_in(&w, &w.rep_x).await;
    let mine = rep.get("/desk/my/incidents", "en").await;
    assert!(
        mine.html.contains(&format!("href=\"{page}\"")),
        "{}",
        mine.html
    );
    let shown = rep.get(&page, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    assert!(shown.html.contains("A farmer was hurt during a patrol"));
    assert!(
        !shown.html.contains("Told by the farmer"),
        "no narrative for a unit"
    );
    assert!(!shown.html.contains("/step\"") && !shown.html.contains("/record\""));
    let respond = format!("{page}/response");
    assert!(shown.html.contains(&format!("action=\"{respond}\"")));

    let head = w.app.audit_head().await;
    let r = rep
        .submit(&respond, &[("kind", "acknowledgement"), ("response", "  ")])
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("id=\"response-response-error\""),
        "{}",
        r.html
    );
    assert_eq!(w.app.audit_head().await, head);

    let r = rep
        .submit(
            &respond,
            &[
                ("kind", "amends"),
                ("response", "The brigade repaired the farmer's house"),
            ],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str()),
        "{}",
        r.html
    );
    let got = api(&w, "secA", w.incident).await;
    assert_eq!(got["status"], "response_recorded");
    assert_eq!(got["responses"][0]["kind"], "amends");
    assert_eq!(
        got["responses"][0]["text"],
        "The brigade repaired the farmer's house"
    );

    // Another unit's representative: no page, no answer, nothing written.
    let mut other = signed_in(&w, &w.rep_y).await;
    assert_eq!(other.get(&page, "en").await.status, 404);
    let theirs = other.get("/desk/my/incidents", "en").await;
    assert!(!theirs.html.contains(&format!("href=\"{page}\"")));
    other.get("/desk", "en").await;
    let head = w.app.audit_head().await;
    let r = other
        .submit(&respond, &[("kind", "amends"), ("response", "Not ours")])
        .await;
    assert_eq!(r.status.as_u16(), 404, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn a_member_reads_the_board_view_without_identities_or_places() {
    let w = World::build().await;
    let x1 = w.units.x1.to_string();
    let mut sec = signed_in(&w, &w.sec_a).await;
    let list = format!("/desk/boards/{}/incidents", w.boards.a);
    sec.get(&list, "en").await;
    let r = sec.submit(&list, &pairs(&whole(&x1))).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);

    let mut member = signed_in(&w, &w.mem_a).await;
    let page = member.get(&r.location, "en").await;
    assert_eq!(page.status, 200, "{}", page.html);
    assert!(page.html.contains("Two houses burned after an encounter"));
    assert!(page.html.contains("witness"), "the source's kind and grade");
    for secret in [
        "Maria Santos",
        "The family fled at night",
        "Neighbour Ana Cruz",
        "8.1575",
    ] {
        assert!(!page.html.contains(secret), "{secret} shown to a member");
    }
    assert!(!page.html.contains("/step\"") && !page.html.contains("/record\""));
    assert!(!page.html.contains("/response\""));
}

#[actix_web::test]
async fn bad_input_is_refused_beside_its_field_and_writes_nothing() {
    let w = World::build().await;
    let x1 = w.units.x1.to_string();
    let list = format!("/desk/boards/{}/incidents", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&list, "en").await;
    let head = w.app.audit_head().await;

    let mut bad = whole(&x1);
    bad.retain(|(k, _)| *k != "victims-2-count");
    bad.push(("victims-2-count", "many".to_owned()));
    let r = sec.submit(&list, &pairs(&bad)).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("id=\"incident-victims-error\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("row 2: &#39;many&#39;") || r.html.contains("row 2: 'many'"),
        "{}",
        r.html
    );
    assert!(r.html.contains("value=\"many\""), "what was typed stays");
    assert!(r.html.contains("Maria Santos"), "the rows typed stay");

    let mut no_harm = whole(&x1);
    no_harm.retain(|(k, _)| !k.starts_with("harm-"));
    let r = sec.submit(&list, &pairs(&no_harm)).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"incident-harms-error\""), "{}", r.html);

    let mut half_place = whole(&x1);
    half_place.retain(|(k, _)| *k != "longitude");
    let r = sec.submit(&list, &pairs(&half_place)).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("id=\"incident-latitude-error\""),
        "{}",
        r.html
    );
    assert_eq!(w.app.audit_head().await, head);

    // A step the lifecycle does not take, and a correction that blanks the region.
    let page = format!("/desk/incidents/{}", w.incident);
    sec.get(&page, "en").await;
    let r = sec
        .submit(&format!("{page}/step"), &[("status", "closed")])
        .await;
    assert_eq!(r.status.as_u16(), 409, "{}", r.html);
    assert!(r.html.contains("id=\"step-error\""), "{}", r.html);
    let mut blank = whole(&x1);
    blank.retain(|(k, _)| *k != "region");
    blank.push(("region", " ".to_owned()));
    let r = sec.submit(&format!("{page}/record"), &pairs(&blank)).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(r.html.contains("id=\"correct-region-error\""), "{}", r.html);
    assert!(
        r.html.contains("<details class=\"edit\" open>"),
        "the refused form stays open"
    );
    assert_eq!(w.app.audit_head().await, head);
    assert_eq!(
        api(&w, "secA", w.incident).await["status"],
        "under_investigation"
    );
}

/// A victim group counted twice is refused on a Filipino page in Filipino, its sex and age group
/// in Filipino words too; the API gives the same refusal's code; nothing is written.
#[actix_web::test]
async fn a_group_counted_twice_is_refused_in_filipino_and_the_api_names_its_code() {
    let w = World::build().await;
    let x1 = w.units.x1.to_string();
    let list = format!("/desk/boards/{}/incidents", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&list, "fil").await;
    let head = w.app.audit_head().await;

    let mut twice = whole(&x1);
    twice.retain(|(k, _)| !k.starts_with("victims-2-"));
    twice.extend([
        ("victims-2-sex", "female".to_owned()),
        ("victims-2-age_group", "child".to_owned()),
        ("victims-2-count", "1".to_owned()),
    ]);
    let r = sec.submit_in(&list, &pairs(&twice), "fil").await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html.contains("Mga biktima"),
        "the page's words: {}",
        r.html
    );
    assert!(
        r.html.contains("dalawang beses nabilang ang babae, bata"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("counted twice"), "{}", r.html);

    let body = json!({"board_id": w.boards.a, "occurred_on": "2026-04-02",
        "region": "Region A", "summary": "Two houses burned", "severity": "moderate",
        "harms": ["displacement"],
        "victims": [{"sex": "female", "age_group": "child", "count": 3},
                    {"sex": "female", "age_group": "child", "count": 1}]});
    let api = w
        .app
        .post_json("/api/v1/incidents", w.sec_a.bearer(), body)
        .await;
    assert_eq!(api.status.as_u16(), 422, "{}", api.text);
    assert_eq!(
        api.body["error"]["reason"], "victim_group_twice",
        "{}",
        api.text
    );
    assert_eq!(api.body["error"]["field"], "victims", "{}", api.text);
    assert!(
        api.body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("female, child is counted twice")),
        "{}",
        api.text
    );
    assert_eq!(w.app.audit_head().await, head, "nothing written");
}

/// A step that skips the assessment is refused in the reader's language, and the secretary is
/// led to the incident's step form; a representative answering before the investigation is
/// refused the same way but led nowhere, for the unit takes no steps. Nothing is written.
#[actix_web::test]
async fn a_step_out_of_order_leads_the_secretary_to_the_next_step_and_not_the_unit() {
    let w = World::build().await;
    let created = w
        .app
        .post_json(
            "/api/v1/incidents",
            w.token("secA"),
            json!({"board_id": w.boards.a, "occurred_on": "2026-04-02", "region": "Region A",
                "summary": "A house was searched without a warrant", "severity": "low",
                "harms": ["property_destroyed"],
                "perpetrators": [{"kind": "unit", "unit_id": w.units.x1, "involvement": "direct"}]}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_i64().expect("id");
    let page = format!("/desk/incidents/{id}");
    let link = format!("href=\"{page}#step--heading\"");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let mut rep = signed_in(&w, &w.rep_x).await;
    let head = w.app.audit_head().await;

    sec.get(&page, "fil").await;
    let refused = sec
        .submit_in(&format!("{page}/step"), &[("status", "credible")], "fil")
        .await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused
            .html
            .contains("hindi ito maaaring mapunta mula sa iniulat tungo sa kapani-paniwala")
            && !refused.html.contains("it cannot go from"),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains(&link)
            && refused.html.contains(&format!(
                "Dalhin ang insidente {id} sa susunod na hakbang nito"
            )),
        "{}",
        refused.html
    );
    let landing = sec.get(&page, "fil").await;
    assert!(
        landing.html.contains("id=\"step--heading\"")
            && landing.html.contains(&format!("action=\"{page}/step\""))
            && landing.html.contains("value=\"under_assessment\""),
        "the link lands on the step form: {}",
        landing.html
    );

    assert_eq!(rep.get(&page, "fil").await.status, 200);
    let refused = rep
        .submit_in(
            &format!("{page}/response"),
            &[
                ("kind", "acknowledgement"),
                ("response", "We looked into it"),
            ],
            "fil",
        )
        .await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused
            .html
            .contains(&format!("ang insidente {id} ay iniulat")),
        "{}",
        refused.html
    );
    assert!(!refused.html.contains(&link), "{}", refused.html);
    assert_eq!(w.app.audit_head().await, head, "nothing written");
    assert_eq!(api(&w, "secA", id).await["status"], "reported");
}
