//! The board's words and the month at a glance: written in the draft, approved and signed with
//! it, compared with the previous month's published report.

use crate::fixtures::world::World;
use crate::helpers::assert_json_error;
use awc::http::Method;
use serde_json::{Value, json};

fn figure<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["glance"]["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("no figure {key}: {doc}"))
}

#[actix_web::test]
async fn the_month_at_a_glance_sets_each_figure_beside_the_previous_months_published_one() {
    let w = World::build().await;
    // The world drafted March before it published February: drafted again, March compares.
    let reports = format!("/api/v1/boards/{}/reports", w.boards.a);
    let first = w
        .app
        .get(
            &format!("/api/v1/reports/{}", w.reports.draft),
            w.token("secA"),
        )
        .await;
    assert_eq!(
        first.body["document"]["glance"]["previous_period"],
        Value::Null
    );
    let draft = (w.app)
        .post_json(&reports, w.token("secA"), json!({"period": "2026-03"}))
        .await;
    assert_eq!(draft.status, 200, "{}", draft.text);
    let doc = &draft.body["document"];
    assert_eq!(doc["format"], 3);
    let published = w.published_document().await;
    assert_eq!(doc["glance"]["previous_period"], published["period"]);
    let sessions = published["sessions"]["held"]
        .as_array()
        .expect("held")
        .len() as u64
        + published["sessions"]["closed_held"]
            .as_u64()
            .expect("closed");
    for (key, before) in [
        ("incidents", published["incidents"]["total"].clone()),
        ("victims", published["incidents"]["victims"].clone()),
        (
            "grievances_received",
            published["grievances"]["received"].clone(),
        ),
        (
            "actions_opened",
            json!(published["actions"]["opened"].to_string()),
        ),
        (
            "actions_overdue",
            json!(published["actions"]["overdue"].to_string()),
        ),
        ("sessions_held", json!(sessions.to_string())),
    ] {
        assert_eq!(figure(doc, key)["previous"], before, "{key}: {doc}");
    }
    // The public page of the published month compares with a month nobody published.
    let page = w
        .app
        .raw(
            Method::GET,
            &format!("/reports/{}", w.reports.published),
            None,
            None,
            &[("Accept-Language", "fil")],
        )
        .await
        .text;
    assert!(page.contains("Sa isang sulyap"), "{page}");
    assert!(page.contains("Nakaraang buwan (hindi nalathala)"), "{page}");
}

#[actix_web::test]
async fn the_secretary_writes_the_boards_assessment_and_it_is_approved_and_signed_with_the_report()
{
    let w = World::build().await;
    let report = format!("/api/v1/reports/{}", w.reports.draft);
    let path = format!("{report}/assessment");
    let put = async |token: Option<&str>, body: Value| {
        w.app.request(Method::PUT, &path, token, Some(body)).await
    };
    let words = json!({
        "en": {"went_well": "Both police offices answered every grievance on time.",
               "fell_short": "Two brigades sent no one to the March session.",
               "asks": "The division reports on the checkpoint review by April."},
        "fil": {"went_well": "", "fell_short": "", "asks": ""}
    });
    let before = w.app.get(&report, w.token("secA")).await.body;
    let head = w.app.audit_head().await;

    // A member reads the draft but does not write the board's words; the units never see it.
    assert_json_error(&put(w.token("memA"), words.clone()).await, 403, "forbidden");
    assert_json_error(&put(w.token("repX"), words.clone()).await, 404, "not_found");
    // Too long: refused, naming the part, and nothing changes.
    let long = json!({"fil": {"asks": "a".repeat(4001)}});
    let refused = put(w.token("secA"), long).await;
    assert_json_error(&refused, 422, "validation_failed");
    assert_eq!(
        refused.body["error"]["field"], "fil.asks",
        "{}",
        refused.text
    );
    assert_eq!(w.app.audit_head().await, head);

    // Approved, then written: back to draft, since the approval was for the earlier words.
    let approved = w
        .app
        .post_json(&format!("{report}/approve"), w.token("secA"), json!({}))
        .await;
    assert_eq!(approved.body["status"], "approved", "{}", approved.text);
    let written = put(w.token("secA"), words.clone()).await;
    assert_eq!(written.status, 200, "{}", written.text);
    assert_eq!(written.body["status"], "draft");
    assert_ne!(written.body["document_sha256"], before["document_sha256"]);
    let assessment = &written.body["document"]["assessment"];
    assert_eq!(
        assessment,
        &json!([{"language": "en",
            "went_well": "Both police offices answered every grievance on time.",
            "fell_short": "Two brigades sent no one to the March session.",
            "asks": "The division reports on the checkpoint review by April."}]),
        "a language left blank is not kept"
    );
    // Drafting the month again from the records keeps the board's words.
    let period = before["period"].as_str().expect("period");
    let redrafted = w
        .app
        .post_json(
            &format!("/api/v1/boards/{}/reports", w.boards.a),
            w.token("secA"),
            json!({"period": period}),
        )
        .await;
    assert_eq!(redrafted.status, 200, "{}", redrafted.text);
    assert_eq!(&redrafted.body["document"]["assessment"], assessment);

    // Published: the words are in the public document, and no longer change.
    let published = w
        .app
        .post_json(&format!("{report}/publish"), w.token("secA"), json!({}))
        .await;
    assert_eq!(published.body["status"], "published", "{}", published.text);
    let open = w
        .app
        .get(
            &format!("/api/v1/public/reports/{}/document.json", w.reports.draft),
            None,
        )
        .await;
    assert_eq!(&open.body["assessment"], assessment);
    assert_json_error(&put(w.token("secA"), words).await, 409, "conflict");

    // The public page prints them under their headings; a Filipino reader is told they were
    // written in English.
    let path = format!("/reports/{}", w.reports.draft);
    let page = async |lang: &str| {
        let language = [("Accept-Language", lang)];
        w.app
            .raw(Method::GET, &path, None, None, &language)
            .await
            .text
    };
    let en = page("en").await;
    for expected in [
        "The board&#39;s assessment",
        "What went well",
        "Two brigades sent no one",
    ] {
        assert!(en.contains(expected), "{expected}: {en}");
    }
    let fil = page("fil").await;
    assert!(
        fil.contains("Isinulat ng lupon ang pagtatasa nito sa Ingles."),
        "{fil}"
    );
}
