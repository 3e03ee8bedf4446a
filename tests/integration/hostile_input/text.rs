//! Hostile text in every field of the main records: kept verbatim or refused.

use super::{Desk, assert_kept_or_refused, hostile_strings, shown};
use awc::http::Method;
use serde_json::{Value, json};

/// Whether `text` is, whole, one of the strings in `json`.
fn holds(json: &Value, text: &str) -> bool {
    match json {
        Value::String(s) => s == text,
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(fields) => fields.values().any(|v| holds(v, text)),
        _ => false,
    }
}

/// One way in: a request body with text fields to fill, and where the record is read back.
struct Entry<'a> {
    method: Method,
    path: String,
    token: Option<&'a str>,
    body: Value,
    fields: &'a [&'a str],
    /// Where the record is read: `{id}` is the new record's id; no `{id}` reads the board's
    /// newest grievance.
    read: String,
}

#[actix_web::test]
async fn hostile_text_in_every_field_of_the_main_records_is_kept_verbatim_or_refused() {
    let d = Desk::new().await;
    let (board, unit, meeting) = (d.board, d.unit, d.meeting);
    let grievance = json!({"board_id": board, "category": "other", "description": "A complaint",
        "location": "Purok 1", "contact": {"name": "Ana", "phone": "0917", "email": "a@b.ph"}});
    let grievance_fields: &[&str] = &[
        "/description",
        "/location",
        "/contact/name",
        "/contact/phone",
        "/contact/email",
    ];
    let entries = [
        Entry {
            method: Method::POST,
            path: "/api/v1/boards".into(),
            token: Some(&d.admin),
            body: json!({"name": "R", "level": "regional", "parent_id": board,
                "time_zone": "Asia/Manila"}),
            fields: &["/name", "/time_zone"],
            read: "/api/v1/boards/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/units".into(),
            token: Some(&d.admin),
            body: json!({"name": "U", "abbreviation": "U", "service": "police"}),
            fields: &["/name", "/abbreviation"],
            read: "/api/v1/units/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/actions".into(),
            token: Some(&d.secretary),
            body: json!({"board_id": board, "title": "T", "description": "D",
                "source_kind": "none", "unit_id": unit, "due_date": "2030-01-31"}),
            fields: &["/title", "/description"],
            read: "/api/v1/actions/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/grievances".into(),
            token: Some(&d.secretary),
            body: grievance.clone(),
            fields: grievance_fields,
            read: format!("/api/v1/grievances?board={board}&limit=200"),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/public/grievances".into(),
            token: None,
            body: grievance,
            fields: grievance_fields,
            read: format!("/api/v1/grievances?board={board}&limit=200"),
        },
        Entry {
            method: Method::POST,
            path: "/api/v1/incidents".into(),
            token: Some(&d.secretary),
            body: json!({"board_id": board, "occurred_on": "2026-02-02", "occurred_time": "23:30",
                "region": "Region A", "province": "Samar", "municipality": "Catbalogan",
                "summary": "S", "severity": "low", "harms": ["injured"],
                "perpetrators": [{"kind": "non_state_armed_group", "group_name": "Z"}],
                "narrative": "N",
                "victim_identities": [{"name": "V", "sex": "female", "age_group": "adult",
                    "note": "n"}],
                "sources": [{"kind": "witness", "reliability": "high", "description": "W"}]}),
            fields: &[
                "/occurred_time",
                "/region",
                "/province",
                "/municipality",
                "/summary",
                "/perpetrators/0/group_name",
                "/narrative",
                "/victim_identities/0/name",
                "/victim_identities/0/note",
                "/sources/0/description",
            ],
            read: "/api/v1/incidents/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: format!("/api/v1/boards/{board}/indicators"),
            token: Some(&d.secretary),
            body: json!({"code": "C", "name": "N", "description": "D", "unit": "u",
                "measure": "count", "direction": "lower_is_better", "data_source": "s",
                "baseline": {"value": 1, "date": "2026-01-01", "note": "n"}}),
            fields: &[
                "/code",
                "/name",
                "/description",
                "/unit",
                "/data_source",
                "/baseline/note",
            ],
            read: "/api/v1/indicators/{id}".into(),
        },
        Entry {
            method: Method::POST,
            path: format!("/api/v1/boards/{board}/series"),
            token: Some(&d.secretary),
            body: json!({"title": "T", "rrule": "FREQ=MONTHLY;BYDAY=3WE",
                "first_date": "2026-01-01", "start_time": "09:00", "duration_minutes": 60,
                "location": "L"}),
            fields: &["/title", "/rrule", "/start_time", "/location"],
            read: "/api/v1/series/{id}".into(),
        },
        Entry {
            method: Method::PUT,
            path: format!("/api/v1/meetings/{meeting}/agenda"),
            token: Some(&d.secretary),
            body: json!({"items": [{"title": "T", "description": "D", "is_public": true}]}),
            fields: &["/items/0/title", "/items/0/description"],
            read: format!("/api/v1/meetings/{meeting}/agenda"),
        },
    ];
    let mut codes = 0;
    for entry in &entries {
        let mut kept = 0;
        for field in entry.fields {
            for text in hostile_strings() {
                let mut body = entry.body.clone();
                *body.pointer_mut(field).expect("a field of the body") = json!(text);
                if *field != "/code" && body.get("code").is_some() {
                    codes += 1;
                    body["code"] = json!(format!("C{codes}"));
                }
                let what = format!("{} {} {field} = {}", entry.method, entry.path, shown(&text));
                let r = d
                    .app
                    .request(entry.method.clone(), &entry.path, entry.token, Some(body))
                    .await;
                if !assert_kept_or_refused(&what, &r) {
                    continue;
                }
                let stored = if entry.read.contains("{id}") {
                    let path = entry.read.replace("{id}", &r.body["id"].to_string());
                    d.app.get(&path, Some(&d.secretary)).await.body
                } else {
                    let list = d.app.get(&entry.read, Some(&d.secretary)).await.body;
                    let items = list["items"].as_array().cloned().unwrap_or_default();
                    items.last().cloned().unwrap_or(list)
                };
                assert!(
                    holds(&stored, &text),
                    "{what}: not read back as sent: {stored}"
                );
                kept += 1;
            }
        }
        assert!(kept > 0, "{} {} kept nothing", entry.method, entry.path);
    }
    let users = d.app.get("/api/v1/users", Some(&d.admin)).await;
    assert_eq!(users.status, 200, "{}", users.text);
    assert!(users.text.contains("sec@test.bantay.example"));
}
