//! The board's dashboard: its charts' tables show what was recorded, month by month, and a
//! reader who may not read a kind of record gets no chart of it.

use crate::fixtures::build::As;
use crate::fixtures::world::World;
use crate::pages::signed_in;
use bantay::clock::Clock;
use chrono::{Datelike, Months, NaiveDate};
use serde_json::json;

/// A chart's table read back from the page: its head, then a row per line, each cell's text.
fn table(html: &str, id: &str) -> Vec<Vec<String>> {
    let start = html
        .find(&format!("<table class=\"table\" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no table {id} in {html}"));
    let end = start + html[start..].find("</table>").expect("table end");
    html[start..end]
        .split("<tr>")
        .skip(1)
        .map(|row| {
            row.split("<t")
                .skip(1)
                .filter(|c| c.starts_with('h') || c.starts_with('d'))
                .filter_map(|c| Some(c.split_once('>')?.1.split("</t").next()?.to_owned()))
                .collect()
        })
        .collect()
}

/// The value of `column` in the row headed `row`.
fn cell(table: &[Vec<String>], row: &str, column: &str) -> String {
    let at = table[0]
        .iter()
        .position(|h| h == column)
        .unwrap_or_else(|| panic!("no column {column} in {:?}", table[0]));
    table
        .iter()
        .find(|r| r[0] == row)
        .unwrap_or_else(|| panic!("no row {row} in {table:?}"))[at]
        .clone()
}

/// The board's current month (Asia/Manila, the world's boards' zone) and the first day of the
/// month two before it.
fn months(w: &World) -> (String, NaiveDate) {
    let today = w
        .clock
        .now()
        .with_timezone(&chrono_tz::Asia::Manila)
        .date_naive();
    let first = today.with_day(1).expect("first");
    let earlier = first.checked_sub_months(Months::new(2)).expect("earlier");
    (first.format("%Y-%m").to_string(), earlier)
}

#[actix_web::test]
async fn the_secretary_reads_each_months_figures_in_the_dashboards_tables() {
    let w = World::build().await;
    let (this_month, earlier) = months(&w);
    let board = w.boards.a;
    let sec = As::signed_in(&w.app, &w.sec_a.token).await;
    let day = earlier.with_day(10).expect("day").to_string();
    for harms in [json!(["killed", "injured"]), json!(["killed"])] {
        sec.incident(
            json!({"board_id": board, "occurred_on": day, "region": "Region A",
            "summary": "Shots at a checkpoint", "severity": "high", "harms": harms}),
        )
        .await;
    }
    let (answered, _) = sec
        .public_grievance(json!({"board_id": board, "category": "harassment",
            "description": "Harassed at the market"}))
        .await;
    for step in [
        json!({"status": "acknowledged"}),
        json!({"status": "referred", "unit_id": w.units.x1, "unit_summary": "Harassment"}),
        json!({"status": "responded", "response": "The soldier was reprimanded"}),
    ] {
        sec.grievance_step(answered, step).await;
    }
    sec.action(
        json!({"board_id": board, "title": "Post the hotline", "source_kind": "none",
        "unit_id": w.units.y, "due_date": "2030-01-31"}),
    )
    .await;
    let indicator = format!("/api/v1/indicators/{}", w.indicator);
    let r = w
        .app
        .post_json(
            &format!("{indicator}/values"),
            Some(&w.sec_a.token),
            json!({"period": this_month, "value": 4}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = w
        .app
        .request(
            awc::http::Method::PUT,
            &format!("{indicator}/targets"),
            Some(&w.sec_a.token),
            Some(json!({"targets": [{"period": this_month, "value": 2}], "reason": "Agreed"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);

    let mut b = signed_in(&w, &w.sec_a).await;
    let desk = b.get("/desk", "en").await;
    let path = format!("/desk/boards/{board}/dashboard");
    assert!(
        desk.html.contains(&format!("href=\"{path}\"")),
        "{}",
        desk.html
    );
    let page = b.get(&path, "en").await;
    assert_eq!(page.status, 200, "{}", page.html);
    let html = &page.html;
    assert!(html.contains("<h1>Region A: dashboard</h1>"), "{html}");

    let earlier_month = earlier.format("%Y-%m").to_string();
    let incidents = table(html, "incidents-table");
    assert_eq!(cell(&incidents, &earlier_month, "killed"), "2");
    assert_eq!(cell(&incidents, &earlier_month, "injured"), "1");
    assert_eq!(cell(&incidents, &earlier_month, "Total"), "3");
    assert_eq!(cell(&incidents, &this_month, "killed"), "0");
    assert_eq!(incidents.len(), 13, "a head and twelve months");

    let grievances = table(html, "grievances-table");
    assert_eq!(cell(&grievances, &this_month, "Received"), "2");
    assert_eq!(cell(&grievances, &this_month, "Answered on time"), "1");
    assert_eq!(
        cell(
            &grievances,
            &this_month,
            "Not answered, still within the deadline"
        ),
        "1"
    );
    assert_eq!(cell(&grievances, &earlier_month, "Received"), "0");

    let actions = table(html, "actions-table");
    assert_eq!(cell(&actions, "Brigade X1", "open"), "1");
    assert_eq!(cell(&actions, "Brigade X1", "reported done"), "1");
    assert_eq!(cell(&actions, "Brigade X1", "Total"), "2");
    assert_eq!(cell(&actions, "Police Y", "open"), "1");

    let trend = table(html, &format!("indicator-{}-table", w.indicator));
    assert_eq!(cell(&trend, &this_month, "Value"), "4");
    assert_eq!(cell(&trend, &this_month, "Target"), "2");
    assert_eq!(cell(&trend, &earlier_month, "Value"), "–");

    for chart in ["incidents", "grievances", "actions"] {
        assert!(
            html.contains(&format!(
                "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{chart}-title\""
            )),
            "{chart}: {html}"
        );
    }
    assert!(!html.contains("are left out"), "{html}");

    let fil = b.get(&path, "fil").await;
    assert!(
        fil.html.contains("<h1>Region A: pangkalahatang tanaw</h1>"),
        "{}",
        fil.html
    );
    assert!(fil.html.contains("Mga insidente ayon sa buwan at pinsala"));
}

#[actix_web::test]
async fn a_reader_without_board_wide_read_gets_no_chart_of_those_records() {
    let w = World::build().await;
    let path = format!("/desk/boards/{}/dashboard", w.boards.a);

    let mut rep = signed_in(&w, &w.rep_x).await;
    let page = rep.get(&path, "en").await;
    assert_eq!(page.status, 200, "{}", page.html);
    let html = &page.html;
    for chart in ["incidents", "grievances", "actions"] {
        assert!(
            !html.contains(&format!("id=\"{chart}-table\"")),
            "{chart}: {html}"
        );
    }
    for sentence in [
        "Incidents are left out",
        "Grievances are left out",
        "Actions are left out",
    ] {
        assert!(html.contains(sentence), "{sentence}: {html}");
    }
    assert!(
        html.contains(&format!("id=\"indicator-{}-table\"", w.indicator)),
        "the indicator brigade X1 answers for is the representative's to read: {html}"
    );

    let mut other = signed_in(&w, &w.sec_b).await;
    let html = other.get(&path, "en").await.html;
    assert!(!html.contains("<table"), "{html}");
    assert!(html.contains("Indicator trends are left out"), "{html}");
}
