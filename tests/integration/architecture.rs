//! The code's shape, read from its source: one access policy, and operations below the doors.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Each line of `src/` outside the given folders that contains one of `needles`, as
/// `path:line: text`.
fn lines_with(needles: &[&str], except: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut found = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(root)
            .expect("under root")
            .display()
            .to_string();
        if except.iter().any(|e| name.starts_with(e)) {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                found.push(format!("{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    found
}

/// `auth::policy` is the only code that looks at a caller's roles: a handler, page or feature
/// module that asks whether someone represents a unit or sits on a board is a second policy.
#[test]
fn no_code_outside_auth_looks_at_roles() {
    let asked = lines_with(
        &[
            "represents(",
            "represented_units(",
            "is_secretary_of(",
            "sits_on(",
            "unit_visible(",
            "who.boards()",
            "who.is_admin",
            "who.0.is_admin",
            "who.grants",
        ],
        &["src/auth/"],
    );
    assert!(
        asked.is_empty(),
        "role checks outside auth::policy:\n{}",
        asked.join("\n")
    );
    // An account's admin flag and roles are data where accounts are stored, created and shown.
    let held = lines_with(
        &["is_admin", ".grants", "Grant::"],
        &["src/auth/", "src/db/", "src/demo/", "src/cli/"],
    );
    assert!(
        held.is_empty(),
        "roles read outside auth::policy:\n{}",
        held.join("\n")
    );
}

/// A page shows what the policy allows: no template looks at roles either.
#[test]
fn no_template_looks_at_roles() {
    fn walk(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("templates") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, found);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("read");
            for needle in ["is_admin", "grants", "represent"] {
                if text.contains(needle) {
                    found.push(format!("{} ({needle})", path.display()));
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates"),
        &mut found,
    );
    assert!(found.is_empty(), "templates deciding by role: {found:#?}");
}

/// Pages, the API and the command line call the operations of the feature modules; no page
/// reaches an operation through the JSON API, and no feature module depends on HTTP.
#[test]
fn operations_live_below_the_doors() {
    let through_api = lines_with(
        &["http::api"],
        &[
            "src/http/api/",
            "src/http/mod.rs",
            "src/http/routes.rs",
            "src/http/openapi.rs",
            "src/startup.rs",
            "src/lib.rs",
        ],
    );
    let pages: Vec<_> = through_api
        .iter()
        .filter(|l| l.starts_with("src/http/pages/"))
        .collect();
    assert!(
        pages.is_empty(),
        "pages importing the JSON API:\n{pages:#?}"
    );
    let operations_in_http = lines_with(
        &["_as("],
        &[
            "src/auth/",
            "src/actions/",
            "src/db/",
            "src/demo/",
            "src/domain/",
            "src/grievances/",
            "src/incidents/",
            "src/indicators/",
            "src/jobs/",
            "src/meetings/",
            "src/org/",
            "src/reports/",
        ],
    );
    let operations_in_http: Vec<_> = operations_in_http
        .iter()
        .filter(|l| l.contains("fn ") && l.starts_with("src/http/"))
        .collect();
    assert!(
        operations_in_http.is_empty(),
        "operations in http/:\n{operations_in_http:#?}"
    );
    // Only the start wires HTTP in: every operation is reachable without it.
    let up = lines_with(
        &["crate::http", "super::http"],
        &["src/http/", "src/startup.rs"],
    );
    assert!(
        up.is_empty(),
        "modules outside http/ importing it:\n{up:#?}"
    );
}

/// The hand-written JSON and time writers are the measured fast path of the benchmarked views
/// (an action and a page of actions); every other view serialises with serde and chrono.
#[test]
fn the_hand_written_json_serves_only_the_benchmarked_views() {
    let users: Vec<String> = lines_with(&["json_time", "json_out"], &[])
        .into_iter()
        .filter(|l| {
            ![
                "src/actions/json_time.rs",
                "src/actions/json_out.rs",
                "src/actions/views.rs",
                "src/actions/mod.rs:",
            ]
            .iter()
            .any(|home| l.starts_with(home))
        })
        .collect();
    assert!(
        users.is_empty(),
        "hand-written JSON outside the benchmarked views: {users:#?}"
    );
}
