//! Runs the role × route table (access_table.txt) against a live server.

use crate::fixtures::world::{ROLES, World};
use crate::helpers::PASSWORD;
use awc::http::Method;
use serde_json::Value;
use std::collections::BTreeSet;

const TABLE: &str = include_str!("access_table.txt");

pub struct Row {
    pub method: Method,
    pub path: String,
    pub expected: Vec<u16>,
    body: Option<String>,
    line: usize,
}

pub fn rows() -> Vec<Row> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, line)| {
            let mut parts = line.split_whitespace();
            let method = parts.next().expect("method").parse().expect("HTTP method");
            let path = parts.next().expect("path").to_owned();
            let expected: Vec<u16> = (0..ROLES.len())
                .map(|_| {
                    parts
                        .next()
                        .expect("a status per role")
                        .parse()
                        .expect("status")
                })
                .collect();
            let rest: Vec<&str> = parts.collect();
            let body = (!rest.is_empty()).then(|| rest.join(" "));
            Row {
                method,
                path,
                expected,
                body,
                line: i + 1,
            }
        })
        .collect()
}

/// `/api/v1/boards/{boardA}` and `/api/v1/boards/{id}` both become `/api/v1/boards/{}`; a query
/// string is left out.
pub fn shape(path: &str) -> String {
    let path = path.split('?').next().unwrap_or(path);
    let mut out = String::new();
    let mut in_brace = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_brace = true;
                out.push('{');
            }
            '}' => {
                in_brace = false;
                out.push('}');
            }
            _ if in_brace => {}
            _ => out.push(c),
        }
    }
    out
}

/// Every operation of the OpenAPI document `doc`: its method in capitals and its path's shape.
pub fn operations(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .expect("operations")
                .keys()
                .map(move |m| (m.to_uppercase(), shape(path)))
        })
        .collect()
}

#[actix_web::test]
async fn every_route_in_the_openapi_document_has_a_row_in_the_role_table() {
    let world = World::build().await;
    let doc = world.app.get("/api/v1/openapi.json", None).await.body;
    let documented = operations(&doc);
    let tabled: BTreeSet<(String, String)> = rows()
        .iter()
        .map(|r| (r.method.to_string(), shape(&r.path)))
        .collect();
    let missing: Vec<_> = documented.difference(&tabled).collect();
    let unknown: Vec<_> = tabled.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "routes without a row in access_table.txt: {missing:?}"
    );
    assert!(
        unknown.is_empty(),
        "rows for routes the server does not document: {unknown:?}"
    );
}

#[actix_web::test]
async fn every_role_gets_the_status_the_table_promises_and_denials_write_nothing() {
    let world = World::build().await;
    let app = &world.app;
    let mut uniq = 0;
    let mut failures = Vec::new();
    for row in rows() {
        for (col, role) in ROLES.iter().enumerate() {
            uniq += 1;
            let token = match (role, row.path.as_str()) {
                (&"anon", _) => None,
                // Logging out ends the session, so it gets a session of its own.
                (_, "/api/v1/auth/logout") => {
                    let email = &world.account(role).expect("an account").email;
                    Some(app.login(email, PASSWORD).await)
                }
                _ => world.token(role).map(str::to_owned),
            };
            let path = fill(&world, &row.path, role, uniq).await;
            let body = match &row.body {
                Some(b) => Some(fill(&world, b, role, uniq).await),
                None => None,
            };
            let head_before = app.audit_head().await;
            let r = match body.as_deref().and_then(|b| b.strip_prefix("csv:")) {
                // A CSV upload: `\n` in the table stands for a line break.
                Some(csv) => {
                    let csv = csv.replace("\\n", "\n");
                    let upload = Some(("text/csv", csv.as_bytes()));
                    app.raw(row.method.clone(), &path, token.as_deref(), upload, &[])
                        .await
                }
                None => {
                    let json = body.map(|text| {
                        serde_json::from_str::<Value>(&text).expect("table body is JSON")
                    });
                    app.request(row.method.clone(), &path, token.as_deref(), json)
                        .await
                }
            };
            let head_after = app.audit_head().await;
            let expected = row.expected[col];
            let got = r.status.as_u16();
            if got != expected {
                failures.push(format!(
                    "line {}: {} {} as {role}: expected {expected}, got {got}: {}",
                    row.line, row.method, path, r.text
                ));
            } else if expected >= 400 && head_after != head_before {
                failures.push(format!(
                    "line {}: {} {} as {role} was refused but wrote to the audit log",
                    row.line, row.method, path
                ));
            } else if expected >= 400 && r.body["error"]["code"].as_str().is_none() {
                failures.push(format!(
                    "line {}: {role}: error without a JSON code: {}",
                    row.line, r.text
                ));
            } else if row.method != Method::GET && expected < 300 && head_after <= head_before {
                failures.push(format!(
                    "line {}: {} {} as {role} succeeded without an audit entry",
                    row.line, row.method, path
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

pub async fn fill(world: &World, template: &str, role: &str, uniq: usize) -> String {
    let mut out = template.replace("{uniq}", &uniq.to_string());
    for (name, id) in world.placeholders() {
        out = out.replace(&format!("{{{name}}}"), &id);
    }
    if out.contains("{self}") {
        let id = world.account(role).map_or(1, |a| a.id).to_string();
        out = out.replace("{self}", &id);
    }
    let login_role = if role == "anon" { "memA" } else { role };
    out = out
        .replace(
            "{login_email}",
            &world.account(login_role).expect("an account").email,
        )
        .replace("{login_password}", PASSWORD);
    for (placeholder, owner) in [("{own_token}", login_role), ("{admin_token}", "admin")] {
        if out.contains(placeholder) {
            let id = api_token_of(world, owner).await;
            out = out.replace(placeholder, &id);
        }
    }
    out
}

/// The id of a new API token of `role`'s account; 0, which no token has, for an account that
/// may not issue one as it signed in without a second factor.
async fn api_token_of(world: &World, role: &str) -> String {
    let r = world
        .app
        .post_json(
            "/api/v1/auth/tokens",
            world.token(role),
            serde_json::json!({"label": "fixture"}),
        )
        .await;
    if r.status == 403 {
        assert!(r.text.contains("second factor"), "{}", r.text);
        return "0".to_owned();
    }
    assert_eq!(r.status, 201, "{}", r.text);
    r.body["id"].to_string()
}

#[actix_web::test]
async fn the_openapi_document_marks_exactly_the_routes_that_need_a_session() {
    let app = crate::helpers::TestApp::spawn().await;
    let doc = app.get("/api/v1/openapi.json", None).await.body;
    let mut wrong = Vec::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for (method, op) in ops.as_object().expect("operations") {
            let row = rows()
                .into_iter()
                .find(|r| {
                    r.method.as_str().eq_ignore_ascii_case(method) && shape(&r.path) == shape(path)
                })
                .expect("every route has a row");
            let needs_session = row.expected[0] == 401;
            if op["security"].is_array() != needs_session {
                wrong.push(format!("{method} {path}"));
            }
        }
    }
    assert!(wrong.is_empty(), "security declared wrongly on: {wrong:?}");
}

/// Fetches every route the role table lets anyone read, as the public and as both
/// representatives, and fails if any answer holds one of `markers`. `{grievanceCode}` is
/// replaced by `code` when given, so that the public tracking page of a marked grievance is read.
pub async fn assert_never_public(w: &World, markers: &[&str], code: Option<&str>) {
    let mut walked = 0;
    for row in rows()
        .into_iter()
        .filter(|r| r.method == Method::GET && r.expected[0] == 200)
    {
        let mut route = fill(w, &row.path, "anon", 0).await;
        if let Some(code) = code {
            route = route.replace(&w.grievance.tracking_code, code);
        }
        for role in ["anon", "repX", "repY"] {
            let token = if role == "anon" { None } else { w.token(role) };
            let text = w.app.get(&route, token).await.text;
            for marker in markers {
                assert!(
                    !text.contains(marker),
                    "{role} on {route} sees {marker}: {text}"
                );
            }
        }
        walked += 1;
    }
    assert!(walked >= 8, "walked {walked} public routes");
}
