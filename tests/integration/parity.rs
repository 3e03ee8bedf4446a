//! Runs the parity table (parity_table.txt): every write of the API has a page form for the
//! roles allowed, or a written reason why it has none.

use crate::access::{fill, operations, shape};
use crate::fixtures::world::World;
use crate::pages::{Browser, signed_in};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

const TABLE: &str = include_str!("parity_table.txt");
/// `{reopenedMonth}` of the table: a long-locked month of board A, reopened before the rows run.
const REOPENED: &str = "2020-02";

enum Door {
    Page {
        role: String,
        page: String,
        action: String,
    },
    None,
}

struct Row {
    method: String,
    path: String,
    door: Door,
    line: usize,
}

fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let words: Vec<&str> = line.split_whitespace().collect();
            let door = match words.as_slice() {
                [_, _, "none", reason @ ..] if !reason.is_empty() => Door::None,
                [_, _, role, page, action] => Door::Page {
                    role: (*role).to_owned(),
                    page: (*page).to_owned(),
                    action: (*action).to_owned(),
                },
                _ => panic!("line {}: neither a page row nor a reason: {line}", i + 1),
            };
            Row {
                method: words[0].to_owned(),
                path: words[1].to_owned(),
                door,
                line: i + 1,
            }
        })
        .collect()
}

#[actix_web::test]
async fn every_write_of_the_api_has_a_row_in_the_parity_table() {
    let w = World::build().await;
    let doc = w.app.get("/api/v1/openapi.json", None).await.body;
    let mut writes = operations(&doc);
    writes.retain(|(method, _)| method != "GET");
    let tabled: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|r| (r.method.clone(), shape(&r.path)))
        .collect();
    let missing: Vec<_> = writes.difference(&tabled).collect();
    let unknown: Vec<_> = tabled.difference(&writes).collect();
    assert!(
        missing.is_empty(),
        "writes without a row in parity_table.txt: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows for writes the API does not have: {unknown:?}"
    );
}

#[actix_web::test]
async fn each_page_of_the_parity_table_holds_the_form_for_its_write() {
    let w = World::build().await;
    let reopen = format!(
        "/api/v1/boards/{}/indicator-periods/{REOPENED}/reopen",
        w.boards.a
    );
    let r = w
        .app
        .post_json(
            &reopen,
            w.token("secA"),
            json!({"reason": "A corrected figure"}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let mut failures = Vec::new();
    // One browser a role: signing in again for every row would meet the sign-in throttle.
    let mut browsers: BTreeMap<String, Browser<'_>> = BTreeMap::new();
    for row in rows() {
        let Door::Page { role, page, action } = &row.door else {
            continue;
        };
        if !browsers.contains_key(role) {
            let browser = match w.account(role) {
                Some(who) => signed_in(&w, who).await,
                None => Browser::new(&w.app),
            };
            browsers.insert(role.clone(), browser);
        }
        let browser = browsers.get_mut(role).expect("a browser");
        let page = fill(&w, page, role, 0)
            .await
            .replace("{reopenedMonth}", REOPENED);
        let mut action = fill(&w, action, role, 0)
            .await
            .replace("{reopenedMonth}", REOPENED);
        if action.contains("{apiSession}") {
            action = action.replace("{apiSession}", &api_session(&w, role).await);
        }
        let seen = browser.get(&page, "en").await;
        if seen.status != 200 {
            failures.push(format!(
                "line {}: {page} as {role}: {}",
                row.line, seen.status
            ));
        } else if !seen
            .html
            .contains(&format!("method=\"post\" action=\"{action}\""))
        {
            failures.push(format!(
                "line {}: {page} as {role} has no form posting to {action} ({} {})",
                row.line, row.method, row.path
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The id of the login session behind `role`'s API token, one of the sessions its browser sees.
async fn api_session(w: &World, role: &str) -> String {
    let listed = w.app.get("/api/v1/auth/sessions", w.token(role)).await;
    (listed.body.as_array())
        .and_then(|all| all.iter().find(|s| s["current"] == true))
        .map(|s| s["id"].to_string())
        .unwrap_or_else(|| panic!("{role}'s token among its sessions: {}", listed.text))
}
