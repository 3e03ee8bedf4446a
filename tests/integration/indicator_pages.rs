//! Indicators on the web: defined, changed and given targets by the board's secretariat, and a
//! locked month reopened and locked again, through the same operations as the API.

use crate::fixtures::world::World;
use crate::pages::signed_in;

#[actix_web::test]
async fn the_secretary_defines_an_indicator_changes_it_and_sets_its_targets() {
    let w = World::build().await;
    let board = format!("/desk/boards/{}/indicators", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&board, "en").await;
    assert_eq!(shown.status, 200, "{}", shown.html);
    let made = sec
        .submit(
            &format!("{board}/new"),
            &[
                ("code", "GRV.ANS"),
                ("name", "Grievances answered on time"),
                ("measure", "percentage"),
                ("unit", "% of grievances"),
                ("direction", "higher_is_better"),
                ("by_sex", "on"),
                ("baseline_value", "40"),
                ("baseline_date", "2026-01-31"),
            ],
        )
        .await;
    assert_eq!(made.status.as_u16(), 303, "{}", made.html);
    let page = made.location.clone();
    let id = page.rsplit('/').next().expect("id").to_owned();
    let i = w.read_as("secA", &format!("/api/v1/indicators/{id}")).await;
    assert_eq!(
        (i["code"].as_str(), i["measure"].as_str()),
        (Some("GRV.ANS"), Some("percentage"))
    );
    assert_eq!(
        (i["by_sex"].as_bool(), i["baseline"]["value"].as_f64()),
        (Some(true), Some(40.0))
    );

    sec.get(&page, "en").await;
    let head = w.app.audit_head().await;
    let edit = |reason: &'static str| {
        [
            ("name", "Grievances answered in time"),
            ("direction", "lower_is_better"),
            ("direction_was", "higher_is_better"),
            ("by_sex", "on"),
            ("reason", reason),
        ]
    };
    let r = sec.submit(&format!("{page}/edit"), &edit("")).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert_eq!(
        w.app.audit_head().await,
        head,
        "a refused change writes nothing"
    );
    let r = sec
        .submit(
            &format!("{page}/edit"),
            &edit("Counted the other way round"),
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let i = w.read_as("secA", &format!("/api/v1/indicators/{id}")).await;
    assert_eq!(
        (i["name"].as_str(), i["direction"].as_str()),
        (Some("Grievances answered in time"), Some("lower_is_better"))
    );

    let targets = format!("{page}/targets");
    let r = sec
        .submit(
            &targets,
            &[("targets", "2027-Q1 60\nsoon 5x"), ("reason", "Agreed")],
        )
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert!(
        r.html
            .contains("Line 2 (“soon 5x”) is not a period and a number"),
        "{}",
        r.html
    );
    let r = sec
        .submit(
            &targets,
            &[
                ("targets", "2027-Q1 60\n2027 75"),
                ("reason", "Agreed at the session"),
            ],
        )
        .await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let set = w
        .read_as("secA", &format!("/api/v1/indicators/{id}/targets"))
        .await;
    let periods: Vec<_> = set["targets"]
        .as_array()
        .expect("targets")
        .iter()
        .map(|t| t["period"].as_str().expect("period").to_owned())
        .collect();
    assert_eq!(periods.len(), 2, "{set}");
    assert!(
        periods.contains(&"2027-Q1".to_owned()) && periods.contains(&"2027".to_owned()),
        "{set}"
    );
    let shown = sec.get(&page, "fil").await;
    assert!(
        shown.html.contains("Baguhin ang mga target"),
        "{}",
        shown.html
    );
}

#[actix_web::test]
async fn a_locked_month_is_reopened_with_a_reason_and_locked_again() {
    let w = World::build().await;
    let page = format!("/desk/boards/{}/indicators?period=2020-01", w.boards.a);
    let base = format!("/desk/boards/{}/indicators/2020-01", w.boards.a);
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(&format!("action=\"{base}/reopen\"")),
        "{}",
        shown.html
    );
    let head = w.app.audit_head().await;
    let r = sec
        .submit(&format!("{base}/reopen"), &[("reason", "")])
        .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
    let r = sec
        .submit(
            &format!("{base}/reopen"),
            &[("reason", "The police office sent corrected figures")],
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.location.as_str()),
        (303, page.as_str()),
        "{}",
        r.html
    );
    assert!(w.app.audit_head().await > head);
    let reopened = sec.get(&page, "en").await;
    assert!(
        reopened
            .html
            .contains("2020-01 is reopened for corrections"),
        "{}",
        reopened.html
    );
    assert!(
        !reopened.html.contains(&format!("{base}/reopen\"")),
        "only the step that applies"
    );
    let r = sec.submit(&format!("{base}/relock"), &[]).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let locked = sec.get(&page, "en").await;
    assert!(
        locked.html.contains(&format!("{base}/reopen\"")),
        "{}",
        locked.html
    );
    assert!(
        !locked.html.contains(&format!("{base}/relock\"")),
        "{}",
        locked.html
    );
    let this_month = format!(
        "/desk/boards/{}/indicators?period={}",
        w.boards.a, w.this_month
    );
    let open = sec.get(&this_month, "en").await;
    assert!(
        !open.html.contains("/reopen\"") && !open.html.contains("/relock\""),
        "the month under way is open: {}",
        open.html
    );

    let mut member = signed_in(&w, &w.mem_a).await;
    let seen = member.get(&page, "en").await;
    assert!(!seen.html.contains("/reopen\""), "{}", seen.html);
    assert!(!seen.html.contains("/indicators/new\""), "{}", seen.html);
    let head = w.app.audit_head().await;
    let r = member
        .submit(&format!("{base}/reopen"), &[("reason", "Because")])
        .await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert_eq!(w.app.audit_head().await, head);
}

/// A figure for a locked month is refused in the reader's language; the secretary, who may
/// reopen the month, is led to the form that does it, and the member is not.
#[actix_web::test]
async fn a_locked_month_refuses_a_figure_in_filipino_and_leads_the_secretary_to_reopen_it() {
    let w = World::build().await;
    let board = format!("/desk/boards/{}/indicators", w.boards.a);
    let indicator = w.indicator.to_string();
    let figure = [
        ("indicator", indicator.as_str()),
        ("period", "2020-01"),
        ("value", "3"),
    ];
    let reopen = format!("{board}?period=2020-01#reopen--heading");
    let link = format!("href=\"{}\"", reopen.replace('&', "&#38;"));
    let mut sec = signed_in(&w, &w.sec_a).await;
    let mut member = signed_in(&w, &w.mem_a).await;
    let head = w.app.audit_head().await;

    sec.get(&board, "fil").await;
    let refused = sec.submit_in(&board, &figure, "fil").await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused.html.contains("nakakandado ang 2020-01") && !refused.html.contains("is locked"),
        "{}",
        refused.html
    );
    assert!(
        refused.html.contains(&link) && refused.html.contains("Buksang muli ang 2020-01"),
        "{}",
        refused.html
    );
    assert!(
        sec.get(&reopen, "fil")
            .await
            .html
            .contains("id=\"reopen--heading\""),
        "the link lands on the form"
    );

    member.get(&board, "en").await;
    let refused = member.submit_in(&board, &figure, "en").await;
    assert_eq!(refused.status.as_u16(), 409, "{}", refused.html);
    assert!(
        refused.html.contains("2020-01 is locked"),
        "{}",
        refused.html
    );
    assert!(!refused.html.contains(&link), "{}", refused.html);
    assert_eq!(w.app.audit_head().await, head, "nothing written");
}

/// A member downloads the file to fill in for the month, fills in two of its rows (figures by
/// sex) and uploads it; a figure for one sex is also entered through the form.
#[actix_web::test]
async fn figures_by_sex_are_entered_through_the_form_and_the_file_to_fill_in() {
    let w = World::build().await;
    let board = format!("/desk/boards/{}/indicators", w.boards.a);
    let mut member = signed_in(&w, &w.mem_a).await;
    let shown = member
        .get(&format!("{board}?period={}", w.this_month), "en")
        .await;
    let template = format!("{board}/template.csv?period={}", w.this_month);
    assert!(
        shown
            .html
            .contains(&format!("href=\"{}\"", template.replace('&', "&#38;"))),
        "{}",
        shown.html
    );
    let file = member.get(&template, "en").await;
    assert_eq!(file.status.as_u16(), 200, "{}", file.html);
    let mut rows = csv::Reader::from_reader(file.html.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "indicator_code",
            "period",
            "region",
            "sex",
            "age_group",
            "value",
            "source",
            "note"
        ]
    );
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    let sexes: Vec<&str> = records.iter().map(|r| &r[3]).collect();
    assert_eq!(
        sexes,
        ["female", "male", "other", "not_stated"],
        "INC-01 is by sex"
    );
    let mut filled = csv::Writer::from_writer(Vec::new());
    filled.write_record(&header).expect("header");
    for (r, value) in records.iter().take(2).zip(["3", "4"]) {
        let mut row: Vec<&str> = r.iter().collect();
        row[5] = value;
        filled.write_record(&row).expect("row");
    }
    let filled = filled.into_inner().expect("csv");
    let done = member
        .upload(
            &format!("{board}/csv"),
            &[("file", "figures.csv", &filled)],
            &[],
            "en",
        )
        .await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);

    let indicator = w.indicator.to_string();
    let done = member
        .submit(
            &board,
            &[
                ("indicator", indicator.as_str()),
                ("period", w.this_month.as_str()),
                ("region", ""),
                ("sex", "female"),
                ("age_group", ""),
                ("value", "2"),
            ],
        )
        .await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);
    let values = w
        .app
        .get(
            &format!("/api/v1/indicators/{}/values", w.indicator),
            w.mem_a.bearer(),
        )
        .await
        .body;
    let figures: Vec<(String, f64)> = values
        .as_array()
        .expect("values")
        .iter()
        .map(|v| {
            (
                v["sex"].as_str().unwrap_or_default().to_owned(),
                v["value"].as_f64().expect("value"),
            )
        })
        .collect();
    assert!(
        figures.contains(&("male".to_owned(), 4.0))
            && figures.contains(&("female".to_owned(), 2.0))
            && !figures.contains(&("female".to_owned(), 3.0)),
        "the form's figure for women replaced the file's: {figures:?}"
    );
}
