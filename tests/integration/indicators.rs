//! Indicators through the API: CSV in and out, locked months, status by sex, national roll-ups.

use crate::fixtures::scene::Scene;
use crate::helpers::{PASSWORD, assert_json_error};
use awc::http::Method;
use serde_json::{Value, json};

impl Scene {
    async fn indicator(&self, body: Value) -> Value {
        let path = format!("/api/v1/boards/{}/indicators", self.board);
        self.app.create(&path, &self.sec, body).await
    }

    async fn upload(&self, token: &str, csv: &[u8]) -> crate::helpers::Response {
        let path = format!("/api/v1/boards/{}/indicator-values.csv", self.board);
        self.app
            .raw(
                Method::POST,
                &path,
                Some(token),
                Some(("text/csv", csv)),
                &[],
            )
            .await
    }

    async fn export(&self) -> String {
        let path = format!("/api/v1/boards/{}/indicator-values.csv", self.board);
        let r = self.app.get(&path, Some(&self.member)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.text
    }

    async fn status(&self, period: &str) -> Vec<Value> {
        let path = format!(
            "/api/v1/boards/{}/indicator-status?period={period}",
            self.board
        );
        let r = self.app.get(&path, Some(&self.member)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.body.as_array().expect("list").clone()
    }
}

async fn two_indicators(s: &Scene) {
    s.indicator(
        json!({"code": "INC-01", "name": "Civilian-harm incidents", "measure": "count",
        "direction": "lower_is_better", "by_region": true}),
    )
    .await;
    s.indicator(
        json!({"code": "SAFE-W", "name": "Feel safe at the water source",
        "measure": "percentage", "direction": "higher_is_better", "by_sex": true,
        "unit": "% of respondents"}),
    )
    .await;
}

/// A hundred good rows: incidents in 49 municipalities over two months, and perception of
/// women and men.
fn hundred_rows() -> Vec<String> {
    let mut rows = Vec::new();
    for month in ["2026-10", "2026-11"] {
        for i in 0..49 {
            rows.push(format!(
                "INC-01,{month},Municipality {i},,,{},CSO monitor,\"note, with comma\"",
                i % 7
            ));
        }
    }
    rows.push("SAFE-W,2026-10,,female,,40.5,Survey,".to_owned());
    rows.push("SAFE-W,2026-10,,male,,61.25,Survey,".to_owned());
    rows
}

const HEADER: &str = "indicator_code,period,region,sex,age_group,value,source,note";

#[actix_web::test]
async fn a_csv_with_one_bad_row_is_refused_listing_it_and_a_good_one_imports_once_and_round_trips()
{
    let s = Scene::new("Asia/Manila", "2026-11-05T00:00:00Z").await;
    two_indicators(&s).await;
    let mut rows = hundred_rows();
    rows[41] = "SAFE-W,2026-11,,female,,140,Survey,".to_owned();
    let bad = format!("{HEADER}\n{}\n", rows.join("\n"));
    let head = s.app.audit_head().await;
    let r = s.upload(&s.member, bad.as_bytes()).await;
    assert_json_error(&r, 422, "validation_failed");
    assert_eq!(
        r.body["error"]["rows"],
        json!([{
            "row": 43,
            "column": "value",
            "reason": "percentage_range",
            "message": "a percentage lies between 0 and 100"
        }])
    );
    assert_eq!(s.app.audit_head().await, head, "nothing written");
    assert_eq!(s.export().await, format!("{HEADER}\n"));

    rows[41] = "SAFE-W,2026-11,,female,,14,Survey,".to_owned();
    let good = format!("{HEADER}\n{}\n", rows.join("\n"));
    let r = s.upload(&s.member, good.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        r.body,
        json!({"rows": 100, "created": 100, "updated": 0, "unchanged": 0})
    );
    let after_first = s.app.audit_head().await;
    let again = s.upload(&s.member, good.as_bytes()).await;
    assert_eq!(
        again.body,
        json!({"rows": 100, "created": 0, "updated": 0, "unchanged": 100})
    );
    assert_eq!(
        s.app.audit_head().await,
        after_first,
        "the same file changes nothing"
    );

    let exported = s.export().await;
    assert_eq!(exported.lines().count(), 101);
    let back = s.upload(&s.sec, exported.as_bytes()).await;
    assert_eq!(back.body["unchanged"], 100, "{}", back.text);
    assert_eq!(
        s.export().await,
        exported,
        "export → import is the identity"
    );
    assert_eq!(s.app.audit_head().await, after_first);

    // The same figures as a European spreadsheet saves them: BOM, semicolons, decimal commas.
    let european: String = exported
        .lines()
        .map(|l| {
            let mut fields: Vec<String> = csv_fields(l);
            fields[5] = fields[5].replace('.', ",");
            fields
                .iter()
                .map(|f| {
                    if f.contains([';', ',']) {
                        format!("\"{f}\"")
                    } else {
                        f.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(european.as_bytes());
    let r = s.upload(&s.member, &bytes).await;
    assert_eq!(r.body["unchanged"], 100, "{}", r.text);
}

fn csv_fields(line: &str) -> Vec<String> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .expect("a record")
        .expect("csv")
        .iter()
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn every_bad_row_is_listed_with_its_column() {
    let s = Scene::new("Asia/Manila", "2026-11-05T00:00:00Z").await;
    two_indicators(&s).await;
    let file = format!(
        "{HEADER}\nNOPE,2026-01,,,,1,,\nINC-01,2026-13,,,,1,,\nINC-01,2026-01,,female,,1,,\n\
         SAFE-W,2026-01,,women,,50,,\nINC-01,2026-02,,,,2.5,,\nINC-01,2026-02,,,,abc,,\n\
         INC-01,2026-03,,,,1,,\nINC-01,2026-03,,,,2,,\nINC-01,2026-04,,,1,,\n"
    );
    let r = s.upload(&s.member, file.as_bytes()).await;
    assert_json_error(&r, 422, "validation_failed");
    let got: Vec<(u64, String)> = r.body["error"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|p| {
            (
                p["row"].as_u64().expect("row"),
                p["column"].as_str().expect("column").to_owned(),
            )
        })
        .collect();
    let expected: Vec<(u64, String)> = [
        (2, "indicator_code"),
        (3, "period"),
        (4, "sex"),
        (5, "sex"),
        (6, "value"),
        (7, "value"),
        (9, "indicator_code"),
        (10, ""),
    ]
    .iter()
    .map(|(r, c)| (*r, (*c).to_owned()))
    .collect();
    assert_eq!(got, expected, "{}", r.text);
    let no_header = s.upload(&s.member, b"code,month\nINC-01,2026-01\n").await;
    assert_json_error(&no_header, 422, "validation_failed");
    let latin1 = s
        .upload(
            &s.member,
            b"indicator_code,period,value\nINC-01,2026-01,\xe9\n",
        )
        .await;
    assert_json_error(&latin1, 422, "validation_failed");
}

#[actix_web::test]
async fn a_figure_for_a_locked_month_is_refused_until_a_secretary_reopens_it_and_both_are_audited()
{
    let s = Scene::new("Asia/Manila", "2026-11-22T00:00:00Z").await;
    two_indicators(&s).await;
    let list = s
        .app
        .get(
            &format!("/api/v1/boards/{}/indicators", s.board),
            Some(&s.member),
        )
        .await;
    let id = list.body[0]["id"].clone();
    let values = format!("/api/v1/indicators/{id}/values");
    let figure = json!({"period": "2026-09", "region": "Borongan", "value": 3});
    let r = s
        .app
        .post_json(&values, Some(&s.member), figure.clone())
        .await;
    assert_json_error(&r, 409, "conflict");
    assert!(
        r.body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("2026-09 is locked")
    );
    let open = s
        .app
        .post_json(
            &values,
            Some(&s.member),
            json!({"period": "2026-11", "value": 1}),
        )
        .await;
    assert_eq!(open.body["outcome"], "created", "{}", open.text);

    let reopen = format!(
        "/api/v1/boards/{}/indicator-periods/2026-09/reopen",
        s.board
    );
    let r = s
        .app
        .post_json(&reopen, Some(&s.member), json!({"reason": "late"}))
        .await;
    assert_json_error(&r, 403, "forbidden");
    let r = s
        .app
        .post_json(&reopen, Some(&s.sec), json!({"reason": ""}))
        .await;
    assert_json_error(&r, 422, "validation_failed");
    let r = s
        .app
        .post_json(
            &reopen,
            Some(&s.sec),
            json!({"reason": "The PNP report arrived late"}),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.text);
    let r = s
        .app
        .post_json(&values, Some(&s.member), figure.clone())
        .await;
    assert_eq!(r.body["outcome"], "created", "{}", r.text);

    let relock = format!(
        "/api/v1/boards/{}/indicator-periods/2026-09/relock",
        s.board
    );
    let r = s.app.post_json(&relock, Some(&s.sec), json!({})).await;
    assert_eq!(r.status, 204, "{}", r.text);
    let changed = json!({"period": "2026-09", "region": "Borongan", "value": 4});
    let r = s.app.post_json(&values, Some(&s.member), changed).await;
    assert_json_error(&r, 409, "conflict");

    let audit = s.app.get("/api/v1/audit?limit=500", Some(&s.admin)).await;
    let entries = audit.body["entries"]
        .as_array()
        .cloned()
        .unwrap_or_else(|| audit.body.as_array().cloned().expect("audit entries"));
    let acts: Vec<(String, String)> = entries
        .iter()
        .map(|e| {
            (
                e["action"].as_str().expect("action").to_owned(),
                e["entity"].as_str().expect("entity").to_owned(),
            )
        })
        .collect();
    for expected in [
        ("reopen", "indicator_period"),
        ("relock", "indicator_period"),
        ("create", "indicator_value"),
    ] {
        assert!(
            acts.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "{expected:?} not in {acts:?}"
        );
    }
    let reopened = entries
        .iter()
        .find(|e| e["action"] == "reopen")
        .expect("reopen entry");
    assert!(
        reopened["after"]
            .as_str()
            .expect("after")
            .contains("The PNP report arrived late")
    );
}

#[actix_web::test]
async fn a_perception_figure_by_sex_shows_each_sex_and_the_total_and_missing_groups_are_partial() {
    let s = Scene::new("Asia/Manila", "2026-10-10T00:00:00Z").await;
    two_indicators(&s).await;
    let safe = s.status("2026-10").await[1]["indicator_id"].clone();
    let targets = format!("/api/v1/indicators/{safe}/targets");
    let r = s
        .app
        .request(
            Method::PUT,
            &targets,
            Some(&s.sec),
            Some(json!({"targets": [{"period": "2026", "value": 45}]})),
        )
        .await;
    assert_json_error(&r, 422, "validation_failed");
    assert_eq!(r.body["error"]["field"], "reason");
    let r = s
        .app
        .request(
            Method::PUT,
            &targets,
            Some(&s.sec),
            Some(json!({"targets": [{"period": "2026", "value": 45}], "reason": "Agreed at the October session"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let file = format!(
        "{HEADER}\nSAFE-W,2026-10,,female,,40,Survey,\nSAFE-W,2026-10,,male,,60,Survey,\nSAFE-W,2026-09,,female,,50,Survey,\n"
    );
    let r = s.upload(&s.member, file.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text);

    let october = s.status("2026-10").await;
    let row = october.iter().find(|r| r["code"] == "SAFE-W").expect("row");
    assert_eq!(
        row["by_sex"],
        json!([{"group": "female", "value": 40.0}, {"group": "male", "value": 60.0}])
    );
    assert_eq!(row["actual"], 50.0, "the mean of a percentage");
    assert_eq!(
        row["target"], 45.0,
        "the year's target applies to each month"
    );
    assert_eq!(row["status"], "on_track");
    assert_eq!(row["partial"], false);

    let september = s.status("2026-09").await;
    let row = september
        .iter()
        .find(|r| r["code"] == "SAFE-W")
        .expect("row");
    assert_eq!(row["actual"], 50.0);
    assert_eq!(row["partial"], true, "no figure for men");
    assert_eq!(row["status"], "at_risk", "partial data is never on track");

    let incidents = october.iter().find(|r| r["code"] == "INC-01").expect("row");
    assert_eq!(incidents["status"], "no_data");
}

#[actix_web::test]
async fn a_national_board_sees_the_roll_up_of_its_regional_boards() {
    let s = Scene::new("Asia/Manila", "2026-11-05T00:00:00Z").await;
    s.indicator(
        json!({"code": "INC-01", "name": "Incidents", "measure": "count",
        "direction": "lower_is_better", "baseline": {"value": 10, "date": "2026-01-31"}}),
    )
    .await;
    for (name, figure) in [("Region VIII", 3), ("Region XI", 4)] {
        let region = s
            .app
            .create(
                "/api/v1/boards",
                &s.admin,
                json!({"name": name, "level": "regional", "parent_id": s.board}),
            )
            .await["id"]
            .clone();
        let email = format!("sec.{}@test.bantay.example", region);
        s.app
            .create(
                "/api/v1/users",
                &s.admin,
                json!({"email": email, "name": "Regional secretary", "password": PASSWORD,
                    "roles": [{"role": "secretary", "board_id": region}]}),
            )
            .await;
        let token = s.app.login(&email, PASSWORD).await;
        let created = s
            .app
            .create(
                &format!("/api/v1/boards/{region}/indicators"),
                &token,
                json!({"code": "INC-01", "name": "Incidents", "measure": "count",
                    "direction": "lower_is_better"}),
            )
            .await;
        let r = s
            .app
            .post_json(
                &format!("/api/v1/indicators/{}/values", created["id"]),
                Some(&token),
                json!({"period": "2026-10", "value": figure}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let national = s.status("2026-10").await;
    assert_eq!(national[0]["actual"], Value::Null);
    assert_eq!(
        national[0]["rollup"],
        json!({"boards_sharing": 2, "boards_reporting": 2, "value": 7.0, "status": "on_track"})
    );
}
