//! A series set up from plain choices on a board's sessions page: the next sessions shown
//! before saving (nothing written), the rule saved the one the API shows, a choice that makes
//! no rule refused beside its field in the reader's language.

use crate::fixtures::world::World;
use crate::pages::{Page, signed_in};
use bantay::clock::Clock;
use chrono::{Datelike, NaiveDate};

/// Everything but the choice of how the series repeats.
const BASE: [(&str, &str); 5] = [
    ("title", "Regional session"),
    ("first_date", "2030-01-01"),
    ("start_time", "09:00"),
    ("duration_minutes", "120"),
    ("location", "Camp Aguinaldo"),
];

fn fields<'a>(choices: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    BASE.iter().chain(choices).copied().collect()
}

/// The sessions listed under "Show the next sessions".
fn listed(page: &Page) -> Vec<String> {
    let Some((_, after)) = page.html.split_once("class=\"next-sessions\"") else {
        return Vec::new();
    };
    let block = after.split("</ol>").next().unwrap_or("");
    block
        .split("<li>")
        .skip(1)
        .map(|li| li.split("</li>").next().unwrap_or("").to_owned())
        .collect()
}

const LAST_FRIDAY: [(&str, &str); 4] = [
    ("repeats", "monthly_weekday"),
    ("nth_every", "1"),
    ("nth", "-1"),
    ("weekday", "FR"),
];

#[actix_web::test]
async fn the_last_friday_of_every_month_is_previewed_then_saved_as_its_rule() {
    let w = World::build().await;
    let board = w.boards.a;
    let (page, create) = (
        format!("/desk/boards/{board}/meetings"),
        format!("/desk/boards/{board}/series"),
    );
    let list = format!("/api/v1/boards/{board}/series");
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(
            "id=\"new-series-repeats-monthly_weekday\" name=\"repeats\" value=\"monthly_weekday\" checked"
        ),
        "a new series is offered the second Tuesday: {}",
        shown.html
    );
    let before = w.read_as("secA", &list).await;
    let head = w.app.audit_head().await;

    let mut asked = fields(&LAST_FRIDAY);
    asked.push(("preview", "yes"));
    let preview = sec.submit(&create, &asked).await;
    assert_eq!(preview.status.as_u16(), 200, "{}", preview.html);
    assert_eq!(
        listed(&preview),
        [
            "Friday 2030-01-25, 09:00 (Asia/Manila)",
            "Friday 2030-02-22, 09:00 (Asia/Manila)",
            "Friday 2030-03-29, 09:00 (Asia/Manila)",
            "Friday 2030-04-26, 09:00 (Asia/Manila)",
            "Friday 2030-05-31, 09:00 (Asia/Manila)",
        ]
    );
    // What was chosen is kept for saving.
    for kept in [
        "value=\"monthly_weekday\" checked",
        "<option value=\"-1\" selected>last</option>",
        "<option value=\"FR\" selected>Friday</option>",
        "value=\"Regional session\"",
        "value=\"2030-01-01\"",
    ] {
        assert!(preview.html.contains(kept), "{kept}: {}", preview.html);
    }
    assert_eq!(w.app.audit_head().await, head, "a preview writes nothing");
    assert_eq!(w.read_as("secA", &list).await, before);

    let saved = sec.submit(&create, &fields(&LAST_FRIDAY)).await;
    assert_eq!(
        (saved.status.as_u16(), saved.location.as_str()),
        (303, page.as_str()),
        "{}",
        saved.html
    );
    let all = w.read_as("secA", &list).await;
    let made = all
        .as_array()
        .expect("series")
        .iter()
        .find(|s| s["title"] == "Regional session")
        .expect("the new series");
    assert_eq!(made["rrule"], "FREQ=MONTHLY;BYDAY=-1FR", "{made}");
    assert_eq!(made["start_time"], "09:00");

    // Its change form opens on the same choices.
    let shown = sec.get(&page, "en").await;
    let id = &made["id"];
    assert!(
        shown.html.contains(&format!(
            "id=\"series-{id}-repeats-monthly_weekday\" name=\"repeats\" value=\"monthly_weekday\" checked"
        )),
        "{}",
        shown.html
    );
}

#[actix_web::test]
async fn every_two_weeks_on_monday_and_thursday_is_previewed_in_filipino_and_saved() {
    let w = World::build().await;
    let board = w.boards.a;
    let create = format!("/desk/boards/{board}/series");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&format!("/desk/boards/{board}/meetings"), "fil")
        .await;
    let weekly = [
        ("repeats", "weekly"),
        ("week_every", "2"),
        ("on_mo", "on"),
        ("on_th", "on"),
    ];
    let mut asked = fields(&weekly);
    asked.push(("preview", "yes"));
    let preview = sec.submit_in(&create, &asked, "fil").await;
    assert_eq!(preview.status.as_u16(), 200, "{}", preview.html);
    assert_eq!(
        listed(&preview),
        [
            "Huwebes, 2030-01-03, 09:00 (Asia/Manila)",
            "Lunes, 2030-01-14, 09:00 (Asia/Manila)",
            "Huwebes, 2030-01-17, 09:00 (Asia/Manila)",
            "Lunes, 2030-01-28, 09:00 (Asia/Manila)",
            "Huwebes, 2030-01-31, 09:00 (Asia/Manila)",
        ]
    );
    assert!(preview.html.contains("Ang mga susunod na pulong"));
    let saved = sec.submit_in(&create, &fields(&weekly), "fil").await;
    assert_eq!(saved.status.as_u16(), 303, "{}", saved.html);
    let all = w
        .read_as("secA", &format!("/api/v1/boards/{board}/series"))
        .await;
    let rules: Vec<&str> = all
        .as_array()
        .expect("series")
        .iter()
        .filter_map(|s| s["rrule"].as_str())
        .collect();
    assert!(
        rules.contains(&"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        "{rules:?}"
    );
}

#[actix_web::test]
async fn a_choice_that_makes_no_rule_is_refused_beside_its_field_and_nothing_is_written() {
    let w = World::build().await;
    let board = w.boards.a;
    let create = format!("/desk/boards/{board}/series");
    let mut sec = signed_in(&w, &w.sec_a).await;
    sec.get(&format!("/desk/boards/{board}/meetings"), "fil")
        .await;
    let head = w.app.audit_head().await;
    let no_day = fields(&[("repeats", "weekly"), ("week_every", "1")]);
    for preview in [false, true] {
        let mut asked = no_day.clone();
        if preview {
            asked.push(("preview", "yes"));
        }
        let r = sec.submit_in(&create, &asked, "fil").await;
        assert_eq!(r.status.as_u16(), 422, "{}", r.html);
        assert!(
            r.html.contains(
                "<p class=\"field-error\" id=\"new-series-days-error\">lagyan ng tsek ang kahit isang araw ng linggo</p>"
            ),
            "{}",
            r.html
        );
        assert!(r.html.contains("value=\"weekly\" checked"), "{}", r.html);
        assert!(listed(&r).is_empty());
    }
    let mut none_every = fields(&LAST_FRIDAY);
    none_every[6] = ("nth_every", "0");
    let mut day_32 = fields(&[("repeats", "monthly_day"), ("day_every", "1")]);
    day_32.push(("month_day", "32"));
    // A rule the choices make that gives no session is refused beside the choices.
    let mut no_session = fields(&[("repeats", "monthly_day"), ("day_every", "12")]);
    no_session[1] = ("first_date", "2030-02-01");
    no_session.push(("month_day", "30"));
    for (asked, field, says) in [
        (
            none_every,
            "nth_every",
            "ang &#39;0&#39; ay hindi buong numero mula 1 hanggang 1000",
        ),
        (
            day_32,
            "month_day",
            "ang &#39;32&#39; ay hindi araw ng buwan",
        ),
        (
            no_session,
            "repeats",
            "walang pulong na ibinibigay ang tuntunin",
        ),
    ] {
        let r = sec.submit_in(&create, &asked, "fil").await;
        assert_eq!(r.status.as_u16(), 422, "{field}: {}", r.html);
        let error = format!("id=\"new-series-{field}-error\">{says}");
        assert!(r.html.contains(&error), "{error}: {}", r.html);
    }
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn a_change_is_previewed_from_today_and_a_rule_of_no_pattern_opens_as_written() {
    let w = World::build().await;
    let board = w.boards.a;
    let page = format!("/desk/boards/{board}/meetings");
    let series = w.sessions.series;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(&format!(
            "id=\"series-{series}-repeats-monthly_weekday\" name=\"repeats\" value=\"monthly_weekday\" checked"
        )),
        "{}",
        shown.html
    );
    let head = w.app.audit_head().await;
    let edit = format!("/desk/series/{series}/edit");
    let asked = [
        ("title", "Monthly session"),
        ("repeats", "monthly_day"),
        ("day_every", "1"),
        ("month_day", "-1"),
        ("start_time", "10:00"),
        ("duration_minutes", "120"),
        ("preview", "yes"),
    ];
    let r = sec.submit(&edit, &asked).await;
    assert_eq!(r.status.as_u16(), 200, "{}", r.html);
    let next = listed(&r);
    assert_eq!(next.len(), 5, "{}", r.html);
    // Manila's date is never behind the UTC one.
    let today = w.clock.now().date_naive();
    for line in &next {
        let date = line.split(' ').nth(1).expect("a date");
        let date: NaiveDate = date.trim_end_matches(',').parse().expect("a date");
        assert!(date >= today, "{line}");
        assert_eq!(date.succ_opt().map(|d| d.day()), Some(1), "{line}");
        assert!(line.ends_with(", 10:00 (Asia/Manila)"), "{line}");
    }
    assert!(
        r.html.contains("<details class=\"edit\" open><summary>"),
        "the change form stays open"
    );
    assert_eq!(w.app.audit_head().await, head);
    // Only who may change the series sees what a change would do.
    let mut member = signed_in(&w, &w.mem_a).await;
    member.get(&page, "en").await;
    let r = member.submit(&edit, &asked).await;
    assert_eq!(r.status.as_u16(), 403, "{}", r.html);
    assert!(listed(&r).is_empty());

    let rule = [
        ("title", "Monthly session"),
        ("repeats", "rule"),
        ("rrule", "FREQ=MONTHLY;BYDAY=2TU;COUNT=40"),
        ("start_time", "09:00"),
        ("duration_minutes", "120"),
    ];
    let r = sec.submit(&edit, &rule).await;
    assert_eq!(r.status.as_u16(), 303, "{}", r.html);
    let shown = sec.get(&page, "en").await;
    assert!(
        shown.html.contains(&format!(
            "id=\"series-{series}-repeats-rule\" name=\"repeats\" value=\"rule\" checked"
        )) && shown
            .html
            .contains("value=\"FREQ=MONTHLY;BYDAY=2TU;COUNT=40\""),
        "{}",
        shown.html
    );
}
