//! The public dashboard draws the published reports and nothing else.

use crate::fixtures::world::World;
use awc::http::Method;
use serde_json::json;

#[actix_web::test]
async fn the_public_dashboard_shows_only_what_the_published_reports_say() {
    let w = World::build().await;
    // Incidents of this month, which no report has published, in a region no report names.
    let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
    for n in 0..6 {
        let r = (w.app)
            .post_json(
                "/api/v1/incidents",
                w.token("secA"),
                json!({"board_id": w.boards.a, "occurred_on": today,
                    "region": "MARKER-Rehiyon-Hindi-Nalathala",
                    "summary": format!("Unpublished {n}"), "severity": "low",
                    "harms": ["displacement"],
                    "victims": [{"sex": "female", "age_group": "adult", "count": 3}]}),
            )
            .await;
        assert_eq!(r.status, 201, "{}", r.text);
    }
    let published = w.published_document().await;
    let page = |lang: &'static str| {
        let path = format!("/dashboard?board={}", w.boards.a);
        let app = &w.app;
        async move {
            let r = app
                .raw(Method::GET, &path, None, None, &[("Accept-Language", lang)])
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
            r.text
        }
    };
    let html = page("en").await;
    assert!(!html.contains("MARKER-Rehiyon"), "{html}");
    // Only the published month: not the draft of March, not this month.
    assert!(
        html.contains(&format!("/reports/{}", w.reports.published)),
        "{html}"
    );
    assert!(
        !html.contains(&format!("/reports/{}\"", w.reports.draft)),
        "{html}"
    );
    assert!(!html.contains(&w.this_month), "{html}");
    assert!(!html.contains("2026-03"), "{html}");
    // The month's row of the month-by-month table gives each key figure as the published
    // document does.
    let totals = html
        .find("id=\"totals-heading\"")
        .expect("the month-by-month table");
    let row_start = totals
        + html[totals..]
            .find(&format!(
                "<th scope=\"row\">{}</th>",
                published["period"].as_str().expect("period")
            ))
            .expect("the published month's row");
    let row = &html[row_start..row_start + html[row_start..].find("</tr>").expect("row end")];
    let cells: Vec<&str> = row
        .split("<td class=\"num\"")
        .skip(1)
        .filter_map(|c| c.split_once('>')?.1.split('<').next())
        .collect();
    let incidents = published["incidents"]["total"].as_str().expect("total");
    let victims = published["incidents"]["victims"].as_str().expect("victims");
    let received = published["grievances"]["received"]
        .as_str()
        .expect("received");
    let opened = published["actions"]["opened"].to_string();
    // key_figures' order: sessions, decisions, incidents, victims, grievances received, …
    assert_eq!(
        cells.get(2),
        Some(&html_escaped(incidents).as_str()),
        "{row}"
    );
    assert_eq!(cells.get(3), Some(&html_escaped(victims).as_str()), "{row}");
    assert_eq!(
        cells.get(4),
        Some(&html_escaped(received).as_str()),
        "{row}"
    );
    assert_eq!(cells.get(7), Some(&opened.as_str()), "{row}");
    // Drawn as SVG beside its table, and in Filipino too.
    assert!(html.contains("<svg"), "{html}");
    let fil = page("fil").await;
    assert!(
        fil.contains("ang ipinapakita ng mga inilathalang ulat"),
        "{fil}"
    );
    assert!(!fil.contains("MARKER-Rehiyon"));
    // A board that published nothing says so; one that does not exist is not found.
    let none = (w.app)
        .get(&format!("/dashboard?board={}", w.boards.b), None)
        .await;
    assert!(
        none.text.contains("has published no report yet"),
        "{}",
        none.text
    );
    let missing = w.app.get("/dashboard?board=999999", None).await;
    assert_eq!(missing.status, 404);
}

fn html_escaped(s: &str) -> String {
    s.replace('<', "&lt;")
}
