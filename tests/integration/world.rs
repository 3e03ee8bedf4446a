//! A small world for permission tests: three boards, a chain of command, one account per role,
//! and on board A one record of each kind.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp};
use bantay::clock::Clock;
use chrono::{DateTime, Datelike, DurationRound, NaiveDate, TimeDelta, Utc};
use serde_json::{Value, json};
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

/// The columns of the role table (access_table.txt), in order; `World::account` answers each.
pub const ROLES: [&str; 7] = ["anon", "admin", "secA", "memA", "secB", "repX", "repY"];

/// A signed-in account.
pub struct Account {
    pub id: i64,
    pub email: String,
    pub token: String,
}

impl Account {
    /// The token as the helpers take it (`None` would be the public).
    pub fn bearer(&self) -> Option<&str> {
        Some(&self.token)
    }
}

/// A national board over two regional ones.
pub struct Boards {
    pub national: i64,
    pub a: i64,
    pub b: i64,
}

/// The army over division X over brigade X1; police Y on its own.
pub struct Units {
    pub top: i64,
    pub x: i64,
    pub x1: i64,
    pub y: i64,
}

/// Board A's sessions: a public and a closed series, a series to delete, and on the next public
/// meeting an attendee, a decision for brigade X1 and draft minutes.
pub struct Sessions {
    pub series: i64,
    pub series_closed: i64,
    pub series_doomed: i64,
    pub meeting: i64,
    pub meeting_closed: i64,
    pub attendee: i64,
    pub decision: i64,
}

/// Two actions of board A for brigade X1: one open, one that X's representative reported done.
pub struct Actions {
    pub open: i64,
    pub done: i64,
}

/// A grievance filed on board A's public form, acknowledged and referred to brigade X1.
pub struct Grievance {
    pub id: i64,
    pub tracking_code: String,
}

/// Board A's draft report for the month of its incident, and a published one.
pub struct Reports {
    pub draft: i64,
    pub published: i64,
}

/// Board A's records that fall to a unit outside representative X's reach (see
/// `World::with_records_above_and_beside`).
pub struct OutOfReach {
    pub name: &'static str,
    pub action: i64,
    pub grievance: i64,
    pub incident: i64,
    pub decision: i64,
}

pub struct World {
    pub app: TestApp,
    pub clock: Arc<MovableClock>,
    pub boards: Boards,
    pub units: Units,
    pub admin: Account,
    /// Board A's secretary.
    pub sec_a: Account,
    /// A member of board A.
    pub mem_a: Account,
    /// Board B's secretary.
    pub sec_b: Account,
    /// The representative of division X (and so of brigade X1).
    pub rep_x: Account,
    /// The representative of police Y.
    pub rep_y: Account,
    pub sessions: Sessions,
    /// Board A's count of incidents by sex, which brigade X1 answers for.
    pub indicator: i64,
    pub actions: Actions,
    pub grievance: Grievance,
    /// An incident on board A alleged against brigade X1, under investigation.
    pub incident: i64,
    pub reports: Reports,
    /// The month the world was built in, `YYYY-MM`.
    pub this_month: String,
    /// Filled by `with_records_above_and_beside`: the records of the army and of division Z.
    pub out_of_reach: Vec<OutOfReach>,
}

fn id(created: Value) -> i64 {
    created["id"].as_i64().expect("an id")
}

impl World {
    pub async fn build() -> Self {
        let clock = Arc::new(MovableClock::default());
        let app = TestApp::spawn_with(Default::default(), clock.clone()).await;
        let admin = app.admin_token().await;
        let post = async |path: &str, body: Value| id(app.create(path, &admin, body).await);
        let national = post(
            "/api/v1/boards",
            json!({"name": "National", "level": "national"}),
        )
        .await;
        let a = post(
            "/api/v1/boards",
            json!({"name": "Region A", "level": "regional", "parent_id": national}),
        )
        .await;
        let b = post(
            "/api/v1/boards",
            json!({"name": "Region B", "level": "regional", "parent_id": national}),
        )
        .await;
        let top = post("/api/v1/units", json!({"name": "Army", "service": "army"})).await;
        let x = post(
            "/api/v1/units",
            json!({"name": "Division X", "service": "army", "parent_id": top}),
        )
        .await;
        let x1 = post(
            "/api/v1/units",
            json!({"name": "Brigade X1", "service": "army", "parent_id": x}),
        )
        .await;
        let y = post(
            "/api/v1/units",
            json!({"name": "Police Y", "service": "police"}),
        )
        .await;
        let person = async |role: &str, roles: Value| {
            let email = format!("{}@test.bantay.example", role.to_lowercase());
            let id = post(
                "/api/v1/users",
                json!({"email": email, "name": role, "password": PASSWORD, "roles": roles}),
            )
            .await;
            let token = app.login(&email, PASSWORD).await;
            Account { id, email, token }
        };
        let sec_a = person("secA", json!([{"role": "secretary", "board_id": a}])).await;
        let mem_a = person("memA", json!([{"role": "member", "board_id": a}])).await;
        let sec_b = person("secB", json!([{"role": "secretary", "board_id": b}])).await;
        let rep_x = person("repX", json!([{"role": "representative", "unit_id": x}])).await;
        let rep_y = person("repY", json!([{"role": "representative", "unit_id": y}])).await;
        let admin_id = app.get("/api/v1/me", Some(&admin)).await.body["user"]["id"]
            .as_i64()
            .expect("id");
        let admin = Account {
            id: admin_id,
            email: ADMIN_EMAIL.to_owned(),
            token: admin,
        };
        let boards = Boards { national, a, b };
        let units = Units { top, x, x1, y };
        let sessions = sessions(&app, &sec_a, &boards, &units).await;
        let indicator = indicator(&app, &sec_a, &boards, &units).await;
        let this_month = chrono::Utc::now().format("%Y-%m").to_string();
        let actions = actions(&app, &sec_a, &rep_x, &boards, &units).await;
        let grievance = grievance(&app, &sec_a, &boards, &units).await;
        let incident = incident(&app, &sec_a, &boards, &units).await;
        let reports = reports(&app, &admin, &sec_a, &boards).await;
        Self {
            app,
            clock,
            boards,
            units,
            admin,
            sec_a,
            mem_a,
            sec_b,
            rep_x,
            rep_y,
            sessions,
            indicator,
            actions,
            grievance,
            incident,
            reports,
            this_month,
            out_of_reach: Vec::new(),
        }
    }

    /// The account of a column of the role table; `None` for "anon".
    pub fn account(&self, role: &str) -> Option<&Account> {
        match role {
            "anon" => None,
            "admin" => Some(&self.admin),
            "secA" => Some(&self.sec_a),
            "memA" => Some(&self.mem_a),
            "secB" => Some(&self.sec_b),
            "repX" => Some(&self.rep_x),
            "repY" => Some(&self.rep_y),
            _ => panic!("no role {role} in the world"),
        }
    }

    /// The bearer token of a column of the role table; `None` for "anon".
    pub fn token(&self, role: &str) -> Option<&str> {
        self.account(role).map(|a| a.token.as_str())
    }

    /// What the role table's `{placeholders}` stand for, e.g. `boardA` → board A's id.
    pub fn placeholders(&self) -> Vec<(&'static str, String)> {
        let ids = [
            ("boardN", self.boards.national),
            ("boardA", self.boards.a),
            ("boardB", self.boards.b),
            ("unitTop", self.units.top),
            ("unitX", self.units.x),
            ("unitX1", self.units.x1),
            ("unitY", self.units.y),
            ("admin", self.admin.id),
            ("secA", self.sec_a.id),
            ("memA", self.mem_a.id),
            ("secB", self.sec_b.id),
            ("repX", self.rep_x.id),
            ("repY", self.rep_y.id),
            ("seriesA", self.sessions.series),
            ("seriesAclosed", self.sessions.series_closed),
            ("seriesDoomed", self.sessions.series_doomed),
            ("meetingA", self.sessions.meeting),
            ("meetingAclosed", self.sessions.meeting_closed),
            ("attendeeA", self.sessions.attendee),
            ("decisionA", self.sessions.decision),
            ("indicatorA", self.indicator),
            ("actionX1", self.actions.open),
            ("actionDone", self.actions.done),
            ("grievanceA", self.grievance.id),
            ("incidentA", self.incident),
            ("reportA", self.reports.draft),
            ("reportPub", self.reports.published),
        ];
        let mut out: Vec<(&'static str, String)> =
            ids.into_iter().map(|(k, v)| (k, v.to_string())).collect();
        out.push(("grievanceCode", self.grievance.tracking_code.clone()));
        out.push(("thisMonth", self.this_month.clone()));
        out.push(("oldMonth", "2020-01".to_owned()));
        out
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
        for account in [
            &mut self.admin,
            &mut self.sec_a,
            &mut self.mem_a,
            &mut self.sec_b,
            &mut self.rep_x,
            &mut self.rep_y,
        ] {
            account.token = self.app.login(&account.email, PASSWORD).await;
        }
    }

    /// Board A's records that fall to a unit above representative X's (the army) and beside it
    /// (division Z, another division under the army), none below X: for each an action, a
    /// grievance referred there, an incident alleged against it and a decision on the meeting of
    /// `sessions`. Out of X's reach.
    pub async fn with_records_above_and_beside(mut self) -> Self {
        let sec = self.sec_a.token.as_str();
        let board = self.boards.a;
        let top = self.units.top;
        let z = id(self
            .app
            .create(
                "/api/v1/units",
                &self.admin.token,
                json!({"name": "Division Z", "service": "army", "parent_id": top}),
            )
            .await);
        let mut out_of_reach = Vec::new();
        for (name, unit) in [("Top", top), ("Z", z)] {
            let action = id(self
                .app
                .create(
                    "/api/v1/actions",
                    sec,
                    json!({"board_id": board, "title": format!("Action for {name}"),
                        "source_kind": "none", "unit_id": unit, "due_date": "2030-01-31"}),
                )
                .await);
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
            let list = self.app.get("/api/v1/grievances", Some(sec)).await;
            let grievance = list.body["items"]
                .as_array()
                .expect("items")
                .iter()
                .filter_map(|g| g["id"].as_i64())
                .max()
                .expect("a grievance");
            let path = format!("/api/v1/grievances/{grievance}");
            for step in [
                json!({"status": "acknowledged"}),
                json!({"status": "referred", "unit_id": unit,
                    "unit_summary": format!("For {name} to answer")}),
            ] {
                let r = self.app.patch_json(&path, Some(sec), step).await;
                assert_eq!(r.status, 200, "{}", r.text);
            }
            let incident = id(self
                .app
                .create(
                    "/api/v1/incidents",
                    sec,
                    json!({"board_id": board, "occurred_on": "2026-01-05", "region": "Region A",
                        "summary": format!("Shots fired by {name}"), "severity": "low",
                        "harms": ["property_destroyed"],
                        "perpetrators": [{"kind": "unit", "unit_id": unit, "involvement": "direct"}]}),
                )
                .await);
            let decision = id(self
                .app
                .create(
                    &format!("/api/v1/meetings/{}/decisions", self.sessions.meeting),
                    sec,
                    json!({"text": format!("{name} reports back"), "responsible_unit_id": unit}),
                )
                .await);
            out_of_reach.push(OutOfReach {
                name,
                action,
                grievance,
                incident,
                decision,
            });
        }
        self.out_of_reach = out_of_reach;
        self
    }
}

async fn sessions(app: &TestApp, sec: &Account, boards: &Boards, units: &Units) -> Sessions {
    let sec = sec.token.as_str();
    let board = boards.a;
    let series = async |public: bool, rule: &str| {
        id(app
            .create(
                &format!("/api/v1/boards/{board}/series"),
                sec,
                json!({"title": "Session", "rrule": rule, "first_date": "2026-01-01",
                    "start_time": "09:00", "duration_minutes": 180, "is_public": public}),
            )
            .await)
    };
    let open = series(true, "FREQ=MONTHLY;BYDAY=2TU").await;
    let closed = series(false, "FREQ=MONTHLY;BYDAY=3WE").await;
    let doomed = series(true, "FREQ=MONTHLY;BYDAY=4TH").await;
    let next = async |series: i64| {
        let list = app
            .get(&format!("/api/v1/boards/{board}/meetings"), Some(sec))
            .await;
        list.body
            .as_array()
            .expect("meetings")
            .iter()
            .find(|m| {
                m["series_id"] == series
                    && m["starts_at"].as_str().expect("starts_at")
                        > chrono::Utc::now().to_rfc3339().as_str()
            })
            .expect("a coming meeting")["id"]
            .as_i64()
            .expect("id")
    };
    let meeting = next(open).await;
    let meeting_closed = next(closed).await;
    let base = format!("/api/v1/meetings/{meeting}");
    let attendee = id(app
        .create(
            &format!("{base}/attendance"),
            sec,
            json!({"name": "Attendee", "organisation": "CSO", "sector": "civil_society", "sex": "female"}),
        )
        .await);
    let decision = id(app
        .create(
            &format!("{base}/decisions"),
            sec,
            json!({"text": "Brigade X1 reports on the checkpoint", "responsible_unit_id": units.x1}),
        )
        .await);
    let r = app
        .patch_json(
            &format!("{base}/minutes"),
            Some(sec),
            json!({"body": "Draft"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    Sessions {
        series: open,
        series_closed: closed,
        series_doomed: doomed,
        meeting,
        meeting_closed,
        attendee,
        decision,
    }
}

async fn indicator(app: &TestApp, sec: &Account, boards: &Boards, units: &Units) -> i64 {
    id(app
        .create(
            &format!("/api/v1/boards/{}/indicators", boards.a),
            &sec.token,
            json!({"code": "INC-01", "name": "Incidents at checkpoints", "measure": "count",
                "direction": "lower_is_better", "by_sex": true, "responsible_unit_id": units.x1}),
        )
        .await)
}

async fn actions(
    app: &TestApp,
    sec: &Account,
    rep_x: &Account,
    boards: &Boards,
    units: &Units,
) -> Actions {
    let mut ids = Vec::new();
    for title in ["Open the checkpoint log", "Apologise to the family"] {
        let action = app
            .create(
                "/api/v1/actions",
                &sec.token,
                json!({"board_id": boards.a, "title": title, "source_kind": "none",
                    "unit_id": units.x1, "due_date": "2030-01-31"}),
            )
            .await;
        ids.push(id(action));
    }
    let r = app
        .post_json(
            &format!("/api/v1/actions/{}/updates", ids[1]),
            rep_x.bearer(),
            json!({"status": "reported_done", "note": "Done in person"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    Actions {
        open: ids[0],
        done: ids[1],
    }
}

async fn grievance(app: &TestApp, sec: &Account, boards: &Boards, units: &Units) -> Grievance {
    let filed = app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": boards.a, "category": "checkpoint",
                "description": "Soldiers took my motorbike at the checkpoint",
                "contact": {"name": "Juan Dela Cruz", "phone": "+63 917 000 0000"}}),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let tracking_code = filed.body["tracking_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let list = app.get("/api/v1/grievances", sec.bearer()).await;
    let id = list.body["items"][0]["id"].as_i64().expect("id");
    let path = format!("/api/v1/grievances/{id}");
    for step in [
        json!({"status": "acknowledged"}),
        json!({"status": "referred", "unit_id": units.x1,
            "unit_summary": "A motorbike was taken at the brigade's checkpoint"}),
    ] {
        let r = app.patch_json(&path, sec.bearer(), step).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    Grievance { id, tracking_code }
}

async fn incident(app: &TestApp, sec: &Account, boards: &Boards, units: &Units) -> i64 {
    let id = id(app
        .create(
            "/api/v1/incidents",
            &sec.token,
            json!({"board_id": boards.a, "occurred_on": "2026-03-14", "region": "Region A",
                "summary": "A farmer was hurt during a patrol", "severity": "moderate",
                "harms": ["injured"], "victims": [{"sex": "male", "age_group": "adult", "count": 1}],
                "perpetrators": [{"kind": "unit", "unit_id": units.x1, "involvement": "direct"}],
                "narrative": "Told by the farmer's wife"}),
        )
        .await);
    let path = format!("/api/v1/incidents/{id}");
    for status in ["under_assessment", "credible", "under_investigation"] {
        let r = app
            .patch_json(&path, sec.bearer(), json!({"status": status}))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    id
}

async fn reports(app: &TestApp, admin: &Account, sec: &Account, boards: &Boards) -> Reports {
    let reports = format!("/api/v1/boards/{}/reports", boards.a);
    let draft = id(app
        .create(&reports, &sec.token, json!({"period": "2026-03"}))
        .await);
    // A published report of February, signed with the installation's keys; board A lets one
    // officer publish.
    let now = chrono::Utc::now();
    app.db
        .write(move |conn| bantay::reports::keys::init(conn, "Test installation", now))
        .await
        .expect("keys");
    let r = app
        .patch_json(
            &format!("/api/v1/boards/{}", boards.a),
            admin.bearer(),
            json!({"two_person_approval": false, "reason": "Tests publish alone"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let published = id(app
        .create(&reports, &sec.token, json!({"period": "2026-02"}))
        .await);
    let r = app
        .post_json(
            &format!("/api/v1/reports/{published}/publish"),
            sec.bearer(),
            json!({}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    Reports { draft, published }
}
