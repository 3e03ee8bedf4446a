//! A small world for permission tests: three boards, a chain of command, one account per role.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp};
use bantay::clock::Clock;
use chrono::{DateTime, Datelike, DurationRound, NaiveDate, TimeDelta, Utc};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The real time, which a test may move on: to the next month, so that this month's report can
/// be drafted.
#[derive(Default)]
pub struct MovableClock(Mutex<TimeDelta>);

impl Clock for MovableClock {
    fn now(&self) -> DateTime<Utc> {
        let ahead = *self.0.lock().unwrap_or_else(|e| e.into_inner());
        let now = Utc::now() + ahead;
        now.duration_trunc(TimeDelta::microseconds(1))
            .unwrap_or(now)
    }
}

pub const ROLES: [&str; 7] = ["anon", "admin", "secA", "memA", "secB", "repX", "repY"];

pub struct World {
    pub app: TestApp,
    /// Placeholder name → id, e.g. "boardA" → "2".
    pub ids: HashMap<String, String>,
    /// Role → (e-mail, bearer token).
    pub accounts: HashMap<String, (String, String)>,
    pub clock: Arc<MovableClock>,
}

impl World {
    pub async fn build() -> Self {
        let clock = Arc::new(MovableClock::default());
        let app = TestApp::spawn_with(Default::default(), clock.clone()).await;
        let admin = app.admin_token().await;
        let mut ids = HashMap::new();
        let post =
            async |path: &str, body: Value| app.create(path, &admin, body).await["id"].to_string();
        let n = post(
            "/api/v1/boards",
            json!({"name": "National", "level": "national"}),
        )
        .await;
        let a = post("/api/v1/boards", json!({"name": "Region A", "level": "regional", "parent_id": n.parse::<i64>().unwrap()})).await;
        let b = post("/api/v1/boards", json!({"name": "Region B", "level": "regional", "parent_id": n.parse::<i64>().unwrap()})).await;
        let top = post("/api/v1/units", json!({"name": "Army", "service": "army"})).await;
        let x = post("/api/v1/units", json!({"name": "Division X", "service": "army", "parent_id": top.parse::<i64>().unwrap()})).await;
        let x1 = post("/api/v1/units", json!({"name": "Brigade X1", "service": "army", "parent_id": x.parse::<i64>().unwrap()})).await;
        let y = post(
            "/api/v1/units",
            json!({"name": "Police Y", "service": "police"}),
        )
        .await;
        let num = |s: &String| s.parse::<i64>().unwrap();
        let people = [
            ("secA", json!([{"role": "secretary", "board_id": num(&a)}])),
            ("memA", json!([{"role": "member", "board_id": num(&a)}])),
            ("secB", json!([{"role": "secretary", "board_id": num(&b)}])),
            (
                "repX",
                json!([{"role": "representative", "unit_id": num(&x)}]),
            ),
            (
                "repY",
                json!([{"role": "representative", "unit_id": num(&y)}]),
            ),
        ];
        let mut accounts = HashMap::new();
        accounts.insert("admin".to_owned(), (ADMIN_EMAIL.to_owned(), admin.clone()));
        for (role, roles) in people {
            let email = format!("{}@test.bantay.example", role.to_lowercase());
            let id = post(
                "/api/v1/users",
                json!({"email": email, "name": role, "password": PASSWORD, "roles": roles}),
            )
            .await;
            ids.insert(role.to_owned(), id);
            let token = app.login(&email, PASSWORD).await;
            accounts.insert(role.to_owned(), (email, token));
        }
        for (k, v) in [
            ("boardN", n),
            ("boardA", a),
            ("boardB", b),
            ("unitTop", top),
            ("unitX", x),
            ("unitX1", x1),
            ("unitY", y),
        ] {
            ids.insert(k.to_owned(), v);
        }
        let admin_id = app.get("/api/v1/me", Some(&admin)).await.body["user"]["id"].to_string();
        ids.insert("admin".to_owned(), admin_id);
        let world = Self {
            app,
            ids,
            accounts,
            clock,
        };
        world
            .with_meetings()
            .await
            .with_indicators()
            .await
            .with_actions()
            .await
            .with_grievance()
            .await
            .with_incident()
            .await
            .with_report()
            .await
    }

    /// Board A's draft report for the month of its incident, and a published one.
    async fn with_report(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let report = self
            .app
            .create(
                &format!("/api/v1/boards/{}/reports", self.ids["boardA"]),
                &sec,
                json!({"period": "2026-03"}),
            )
            .await["id"]
            .to_string();
        self.ids.insert("reportA".to_owned(), report);
        // A published report of February, signed with the installation's keys; board A lets
        // one officer publish.
        let now = chrono::Utc::now();
        self.app
            .db
            .write(move |conn| bantay::reports::keys::init(conn, "Test installation", now))
            .await
            .expect("keys");
        let board = format!("/api/v1/boards/{}", self.ids["boardA"]);
        let r = self
            .app
            .patch_json(
                &board,
                self.token("admin"),
                json!({"two_person_approval": false, "reason": "Tests publish alone"}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        let published = self
            .app
            .create(
                &format!("/api/v1/boards/{}/reports", self.ids["boardA"]),
                &sec,
                json!({"period": "2026-02"}),
            )
            .await["id"]
            .to_string();
        let r = self
            .app
            .post_json(
                &format!("/api/v1/reports/{published}/publish"),
                Some(&sec),
                json!({}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        self.ids.insert("reportPub".to_owned(), published);
        self
    }

    /// An incident on board A alleged against brigade X1, under investigation.
    async fn with_incident(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let board: i64 = self.ids["boardA"].parse().expect("id");
        let x1: i64 = self.ids["unitX1"].parse().expect("id");
        let id = self
            .app
            .create(
                "/api/v1/incidents",
                &sec,
                json!({"board_id": board, "occurred_on": "2026-03-14", "region": "Region A",
                    "summary": "A farmer was hurt during a patrol", "severity": "moderate",
                    "harms": ["injured"], "victims": [{"sex": "male", "age_group": "adult", "count": 1}],
                    "perpetrators": [{"kind": "unit", "unit_id": x1, "involvement": "direct"}],
                    "narrative": "Told by the farmer's wife"}),
            )
            .await["id"]
            .to_string();
        let path = format!("/api/v1/incidents/{id}");
        for status in ["under_assessment", "credible", "under_investigation"] {
            let r = self
                .app
                .patch_json(&path, Some(&sec), json!({"status": status}))
                .await;
            assert_eq!(r.status, 200, "{}", r.text);
        }
        self.ids.insert("incidentA".to_owned(), id);
        self
    }

    /// Board A's count of incidents by sex, which brigade X1 answers for.
    async fn with_indicators(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let x1: i64 = self.ids["unitX1"].parse().expect("id");
        let indicator = self
            .app
            .create(
                &format!("/api/v1/boards/{}/indicators", self.ids["boardA"]),
                &sec,
                json!({"code": "INC-01", "name": "Incidents at checkpoints", "measure": "count",
                    "direction": "lower_is_better", "by_sex": true, "responsible_unit_id": x1}),
            )
            .await["id"]
            .to_string();
        self.ids.insert("indicatorA".to_owned(), indicator);
        let month = chrono::Utc::now().format("%Y-%m").to_string();
        self.ids.insert("thisMonth".to_owned(), month);
        self.ids.insert("oldMonth".to_owned(), "2020-01".to_owned());
        self
    }

    /// Two actions of board A for brigade X1: one open, one that X's representative reported done.
    async fn with_actions(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let board: i64 = self.ids["boardA"].parse().expect("id");
        let x1: i64 = self.ids["unitX1"].parse().expect("id");
        let mut ids = Vec::new();
        for title in ["Open the checkpoint log", "Apologise to the family"] {
            let action = self
                .app
                .create(
                    "/api/v1/actions",
                    &sec,
                    json!({"board_id": board, "title": title, "source_kind": "none",
                        "unit_id": x1, "due_date": "2030-01-31"}),
                )
                .await;
            ids.push(action["id"].to_string());
        }
        let r = self
            .app
            .post_json(
                &format!("/api/v1/actions/{}/updates", ids[1]),
                self.token("repX"),
                json!({"status": "reported_done", "note": "Done in person"}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        self.ids.insert("actionX1".to_owned(), ids[0].clone());
        self.ids.insert("actionDone".to_owned(), ids[1].clone());
        self
    }

    /// A grievance filed on board A's public form, acknowledged and referred to brigade X1.
    async fn with_grievance(mut self) -> Self {
        let board: i64 = self.ids["boardA"].parse().expect("id");
        let x1: i64 = self.ids["unitX1"].parse().expect("id");
        let filed = self
            .app
            .post_json(
                "/api/v1/public/grievances",
                None,
                json!({"board_id": board, "category": "checkpoint",
                    "description": "Soldiers took my motorbike at the checkpoint",
                    "contact": {"name": "Juan Dela Cruz", "phone": "+63 917 000 0000"}}),
            )
            .await;
        assert_eq!(filed.status, 201, "{}", filed.text);
        let code = filed.body["tracking_code"]
            .as_str()
            .expect("code")
            .to_owned();
        let sec = self.token("secA").expect("secA").to_owned();
        let list = self.app.get("/api/v1/grievances", Some(&sec)).await;
        let id = list.body["items"][0]["id"].to_string();
        let path = format!("/api/v1/grievances/{id}");
        for step in [
            json!({"status": "acknowledged"}),
            json!({"status": "referred", "unit_id": x1,
                "unit_summary": "A motorbike was taken at the brigade's checkpoint"}),
        ] {
            let r = self.app.patch_json(&path, Some(&sec), step).await;
            assert_eq!(r.status, 200, "{}", r.text);
        }
        self.ids.insert("grievanceA".to_owned(), id);
        self.ids.insert("grievanceCode".to_owned(), code);
        self
    }

    /// Board A's sessions: a public and a closed series, a series to delete, and on the next
    /// public meeting an attendee, a decision for brigade X1 and draft minutes.
    async fn with_meetings(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let board = self.ids["boardA"].clone();
        let series = async |public: bool, rule: &str| {
            let s = self
                .app
                .create(
                    &format!("/api/v1/boards/{board}/series"),
                    &sec,
                    json!({"title": "Session", "rrule": rule, "first_date": "2026-01-01",
                        "start_time": "09:00", "duration_minutes": 180, "is_public": public}),
                )
                .await;
            s["id"].to_string()
        };
        let open = series(true, "FREQ=MONTHLY;BYDAY=2TU").await;
        let closed = series(false, "FREQ=MONTHLY;BYDAY=3WE").await;
        let doomed = series(true, "FREQ=MONTHLY;BYDAY=4TH").await;
        let next = async |series: &str| {
            let list = self
                .app
                .get(&format!("/api/v1/boards/{board}/meetings"), Some(&sec))
                .await;
            list.body
                .as_array()
                .expect("meetings")
                .iter()
                .find(|m| {
                    m["series_id"] == series.parse::<i64>().expect("id")
                        && m["starts_at"].as_str().expect("starts_at")
                            > chrono::Utc::now().to_rfc3339().as_str()
                })
                .expect("a coming meeting")["id"]
                .to_string()
        };
        let meeting = next(&open).await;
        let closed_meeting = next(&closed).await;
        let base = format!("/api/v1/meetings/{meeting}");
        let attendee = self
            .app
            .create(
                &format!("{base}/attendance"),
                &sec,
                json!({"name": "Attendee", "organisation": "CSO", "sector": "civil_society", "sex": "female"}),
            )
            .await["id"]
            .to_string();
        let x1: i64 = self.ids["unitX1"].parse().expect("id");
        let decision = self
            .app
            .create(
                &format!("{base}/decisions"),
                &sec,
                json!({"text": "Brigade X1 reports on the checkpoint", "responsible_unit_id": x1}),
            )
            .await["id"]
            .to_string();
        let r = self
            .app
            .patch_json(
                &format!("{base}/minutes"),
                Some(&sec),
                json!({"body": "Draft"}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        for (k, v) in [
            ("seriesA", open),
            ("seriesAclosed", closed),
            ("seriesDoomed", doomed),
            ("meetingA", meeting),
            ("meetingAclosed", closed_meeting),
            ("attendeeA", attendee),
            ("decisionA", decision),
        ] {
            self.ids.insert(k.to_owned(), v);
        }
        self
    }

    /// Moves the clock to the first minute of next month (UTC; the boards' Manila day has begun)
    /// so that this month has ended and its report may be drafted, and signs everyone in again:
    /// their sessions ended while the clock jumped.
    pub async fn close_this_month(&mut self) {
        let today = self.clock.now().date_naive();
        let next = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
            .expect("next month");
        let target = next.and_hms_opt(0, 1, 0).expect("time").and_utc();
        let ahead = target - self.clock.now();
        *self.clock.0.lock().expect("clock") += ahead;
        for (email, token) in self.accounts.values_mut() {
            *token = self.app.login(email, PASSWORD).await;
        }
    }

    /// Board A's records that fall to a unit above representative X's (the army, `unitTop`) and
    /// beside it (`unitZ`, another division under the army), none below X: an action, a
    /// grievance referred there, an incident alleged against it and a decision on `meetingA`,
    /// named `actionTop`, `grievanceZ`, `incidentTop`, `decisionZ` and so on. Out of X's reach.
    pub async fn with_records_above_and_beside(mut self) -> Self {
        let sec = self.token("secA").expect("secA").to_owned();
        let admin = self.token("admin").expect("admin").to_owned();
        let board: i64 = self.ids["boardA"].parse().expect("id");
        let top: i64 = self.ids["unitTop"].parse().expect("id");
        let z = self
            .app
            .create(
                "/api/v1/units",
                &admin,
                json!({"name": "Division Z", "service": "army", "parent_id": top}),
            )
            .await["id"]
            .as_i64()
            .expect("id");
        self.ids.insert("unitZ".to_owned(), z.to_string());
        for (name, unit) in [("Top", top), ("Z", z)] {
            let action = self
                .app
                .create(
                    "/api/v1/actions",
                    &sec,
                    json!({"board_id": board, "title": format!("Action for {name}"),
                        "source_kind": "none", "unit_id": unit, "due_date": "2030-01-31"}),
                )
                .await["id"]
                .to_string();
            let filed = self
                .app
                .post_json(
                    "/api/v1/public/grievances",
                    None,
                    json!({"board_id": board, "category": "checkpoint",
                        "description": format!("A complaint about {name}")}),
                )
                .await;
            assert_eq!(filed.status, 201, "{}", filed.text);
            let list = self.app.get("/api/v1/grievances", Some(&sec)).await;
            let grievance = list.body["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|g| g["id"].as_i64())
                .max()
                .expect("a grievance")
                .to_string();
            let path = format!("/api/v1/grievances/{grievance}");
            for step in [
                json!({"status": "acknowledged"}),
                json!({"status": "referred", "unit_id": unit,
                    "unit_summary": format!("For {name} to answer")}),
            ] {
                let r = self.app.patch_json(&path, Some(&sec), step).await;
                assert_eq!(r.status, 200, "{}", r.text);
            }
            let incident = self
                .app
                .create(
                    "/api/v1/incidents",
                    &sec,
                    json!({"board_id": board, "occurred_on": "2026-01-05", "region": "Region A",
                        "summary": format!("Shots fired by {name}"), "severity": "low",
                        "harms": ["property_destroyed"],
                        "perpetrators": [{"kind": "unit", "unit_id": unit, "involvement": "direct"}]}),
                )
                .await["id"]
                .to_string();
            let decision = self
                .app
                .create(
                    &format!("/api/v1/meetings/{}/decisions", self.ids["meetingA"]),
                    &sec,
                    json!({"text": format!("{name} reports back"), "responsible_unit_id": unit}),
                )
                .await["id"]
                .to_string();
            for (kind, id) in [
                ("action", action),
                ("grievance", grievance),
                ("incident", incident),
                ("decision", decision),
            ] {
                self.ids.insert(format!("{kind}{name}"), id);
            }
        }
        self
    }

    pub fn token(&self, role: &str) -> Option<&str> {
        self.accounts.get(role).map(|(_, t)| t.as_str())
    }
}
