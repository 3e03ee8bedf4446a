//! Long lists on the desk: fifty rows a page, newest first, "1–50 of N", filters and a search,
//! nothing cut without a word; a search never finds a unit what it may not read.

use crate::fixtures::world::World;
use crate::pages::signed_in;
use serde_json::json;

/// An action of board A for brigade X1, created through the API by the board's secretary.
async fn new_action(w: &World, title: &str, due: &str) {
    let body = json!({"board_id": w.boards.a, "title": title, "unit_id": w.units.x1,
        "due_date": due, "source_kind": "none"});
    let r = w
        .app
        .post_json("/api/v1/actions", w.sec_a.bearer(), body)
        .await;
    assert_eq!(r.status.as_u16(), 201, "{}", r.text);
}

#[actix_web::test]
async fn a_long_list_of_actions_pages_newest_first_and_says_how_many() {
    let w = World::build().await;
    let board = w.boards.a;
    for n in 1..=60 {
        new_action(&w, &format!("Numbered action {n:02}"), "2030-06-30").await;
    }
    // The world holds two actions of its own on board A.
    let list = format!("/desk/boards/{board}/actions");
    let mut mem = signed_in(&w, &w.mem_a).await;
    let first = mem.get(&list, "en").await;
    assert_eq!(first.status, 200, "{}", first.html);
    assert!(first.html.contains("1–50 of 62"), "{}", first.html);
    assert!(
        first.html.contains("Numbered action 60"),
        "the newest first"
    );
    assert!(
        !first.html.contains("Numbered action 10<"),
        "past the first fifty"
    );
    assert_eq!(first.html.matches("href=\"/desk/actions/").count(), 50);
    assert!(
        first
            .html
            .contains(&format!("href=\"{list}?page=2\" rel=\"next\"")),
        "{}",
        first.html
    );

    let second = mem.get(&format!("{list}?page=2"), "en").await;
    assert!(second.html.contains("51–62 of 62"), "{}", second.html);
    assert!(second.html.contains("Numbered action 01<"));
    assert!(!second.html.contains("rel=\"next\""), "the last page");
    assert!(
        second
            .html
            .contains(&format!("href=\"{list}\" rel=\"prev\""))
    );

    let searched = mem.get(&format!("{list}?q=numbered+action"), "en").await;
    assert!(searched.html.contains("1–50 of 60"), "{}", searched.html);
    let next = format!("href=\"{list}?q=numbered%20action&#38;page=2\" rel=\"next\"");
    assert!(
        searched.html.contains(&next),
        "the search kept: {}",
        searched.html
    );

    let filipino = mem.get(&list, "fil").await;
    assert!(filipino.html.contains("1–50 sa 62"), "{}", filipino.html);
}

#[actix_web::test]
async fn filters_and_a_search_narrow_a_list_and_refuse_nonsense() {
    let w = World::build().await;
    let board = w.boards.a;
    for (title, due) in [
        ("Repair the footbridge", "2020-01-31"),
        ("Train the checkpoint staff", "2030-01-31"),
        ("Repaint the barracks", "2030-01-31"),
    ] {
        new_action(&w, title, due).await;
    }
    let list = format!("/desk/boards/{board}/actions");
    let mut sec = signed_in(&w, &w.sec_a).await;

    let found = sec.get(&format!("{list}?q=REPAI"), "en").await;
    assert!(found.html.contains("1–2 of 2"), "{}", found.html);
    assert!(found.html.contains("Repair the footbridge"));
    assert!(found.html.contains("Repaint the barracks"));
    assert!(!found.html.contains("Train the checkpoint staff"));
    assert!(
        found.html.contains("value=\"REPAI\""),
        "the search stays in its field"
    );

    let as_sent = sec
        .get(&format!("{list}?status=open&unit=&q=REPAI"), "en")
        .await;
    assert!(
        as_sent.html.contains("1–2 of 2"),
        "a form's blank fields: {}",
        as_sent.html
    );

    let literal = sec.get(&format!("{list}?q=%25"), "en").await;
    assert!(
        literal.html.contains("Nothing matches."),
        "{}",
        literal.html
    );

    let late = sec.get(&format!("{list}?q=rep&overdue=on"), "en").await;
    assert!(late.html.contains("1–1 of 1"), "{}", late.html);
    assert!(late.html.contains("Repair the footbridge"));

    let verified = sec.get(&format!("{list}?status=verified"), "en").await;
    assert!(!verified.html.contains("Repair the footbridge"));

    for bad in ["page=0", "page=x", "status=lost", "unit=abc"] {
        let r = sec.get(&format!("{list}?{bad}"), "en").await;
        assert_eq!(r.status, 422, "{bad}: {}", r.html);
    }
}

#[actix_web::test]
async fn incidents_filter_by_month_and_search_their_summary() {
    let w = World::build().await;
    let board = w.boards.a;
    for (day, summary) in [
        ("2026-05-20", "Shots fired near the chapel"),
        ("2026-06-02", "House searched without a warrant"),
    ] {
        let body = json!({"board_id": board, "occurred_on": day, "region": "Region X",
            "summary": summary, "severity": "moderate", "harms": ["property_destroyed"],
            "unit_id": w.units.x1});
        let r = w
            .app
            .post_json("/api/v1/incidents", w.sec_a.bearer(), body)
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.text);
    }
    let list = format!("/desk/boards/{board}/incidents");
    let mut mem = signed_in(&w, &w.mem_a).await;
    let may = mem.get(&format!("{list}?month=2026-05"), "en").await;
    assert!(may.html.contains("1–1 of 1"), "{}", may.html);
    assert!(may.html.contains("Shots fired near the chapel"));
    let found = mem.get(&format!("{list}?q=warrant"), "en").await;
    assert!(found.html.contains("House searched without a warrant"));
    assert!(!found.html.contains("Shots fired"));
    let r = mem.get(&format!("{list}?month=2026-13"), "en").await;
    assert_eq!(r.status, 422, "{}", r.html);
}

#[actix_web::test]
async fn a_unit_searches_only_what_it_was_told_of_a_grievance() {
    let w = World::build().await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let board = format!("/desk/boards/{}/grievances", w.boards.a);
    let by_words = sec.get(&format!("{board}?q=motorbike"), "en").await;
    let row = format!("href=\"/desk/grievances/{}\"", w.grievance.id);
    assert!(by_words.html.contains(&row), "{}", by_words.html);
    let by_place = sec.get(&format!("{board}?q=took+my"), "en").await;
    assert!(by_place.html.contains(&row), "the filer's words");

    let mut rep = signed_in(&w, &w.rep_x).await;
    let told = rep.get("/desk/my/grievances?q=was+taken", "en").await;
    assert!(told.html.contains(&row), "{}", told.html);
    let filer = rep.get("/desk/my/grievances?q=took+my", "en").await;
    assert!(
        !filer.html.contains(&row),
        "the filer's words are not the unit's to search"
    );
    assert!(filer.html.contains("Nothing matches."));
}

#[actix_web::test]
async fn every_past_session_is_reachable_a_page_at_a_time() {
    let w = World::build().await;
    let board = w.boards.a;
    let mut mem = signed_in(&w, &w.mem_a).await;
    let calendar = mem
        .get(&format!("/desk/boards/{board}/meetings"), "en")
        .await;
    let past = format!("/desk/boards/{board}/meetings/past");
    assert!(
        calendar.html.contains(&format!("href=\"{past}\"")),
        "{}",
        calendar.html
    );

    let all = mem.get(&past, "en").await;
    assert_eq!(all.status, 200, "{}", all.html);
    let held = all.html.matches("href=\"/desk/meetings/").count();
    assert!(
        held > 6,
        "more than the calendar's recent six: {}",
        all.html
    );
    assert!(
        all.html.contains(&format!("1–{held} of {held}")),
        "{}",
        all.html
    );

    // Three series meet monthly: on the second Tuesday, third Wednesday and fourth Thursday.
    let march = mem.get(&format!("{past}?month=2026-03"), "en").await;
    assert!(march.html.contains("1–3 of 3"), "{}", march.html);
    let days: Vec<&str> = march
        .html
        .match_indices("2026-03-")
        .map(|(at, _)| &march.html[at..at + 10])
        .collect();
    assert_eq!(
        days,
        ["2026-03-26", "2026-03-18", "2026-03-10"],
        "the latest first"
    );

    let mut rep = signed_in(&w, &w.rep_x).await;
    assert_eq!(rep.get(&past, "en").await.status, 403);
}

#[actix_web::test]
async fn a_filtered_list_of_actions_and_a_boards_incidents_download_as_csv_from_their_pages() {
    let w = World::build().await;
    let board = w.boards.a;
    new_action(&w, "Repair the footbridge", "2020-01-31").await;
    new_action(&w, "Train the checkpoint staff", "2030-01-31").await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let page = sec
        .get(&format!("/desk/boards/{board}/actions?overdue=on"), "fil")
        .await;
    let href = format!("/api/v1/actions.csv?board={board}&#38;overdue=true");
    assert!(
        page.html.contains(&format!("<a href=\"{href}\" download>")),
        "{}",
        page.html
    );
    assert!(page.html.contains("bilang CSV file"), "{}", page.html);
    let csv = sec.get(&href.replace("&#38;", "&"), "fil").await;
    assert_eq!(csv.status, 200, "{}", csv.html);
    let kind = csv.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(kind.starts_with("text/csv"), "{kind}");
    let lines: Vec<&str> = csv.html.lines().collect();
    assert!(lines[0].starts_with("id,"), "{}", csv.html);
    assert!(
        lines.iter().any(|l| l.contains("Repair the footbridge")),
        "{}",
        csv.html
    );
    assert!(
        !csv.html.contains("Train the checkpoint staff"),
        "the list's filter kept: {}",
        csv.html
    );

    let searched = sec
        .get(&format!("/desk/boards/{board}/actions?q=footbridge"), "en")
        .await;
    assert!(
        searched.html.contains("the search is not applied"),
        "the file holds what the filters keep, and says so: {}",
        searched.html
    );

    let incidents = sec
        .get(&format!("/desk/boards/{board}/incidents"), "en")
        .await;
    let summary = format!("/api/v1/incidents/summary.csv?board={board}");
    assert!(
        incidents
            .html
            .contains(&format!("<a href=\"{summary}\" download>")),
        "{}",
        incidents.html
    );
    let counts = sec.get(&summary, "en").await;
    assert_eq!(counts.status, 200, "{}", counts.html);
    assert!(counts.html.starts_with("month,"), "{}", counts.html);
}
