//! A small world for permission tests: three boards, a chain of command, one account per role.

use crate::helpers::{ADMIN_EMAIL, PASSWORD, TestApp};
use serde_json::{Value, json};
use std::collections::HashMap;

pub const ROLES: [&str; 7] = ["anon", "admin", "secA", "memA", "secB", "repX", "repY"];

pub struct World {
    pub app: TestApp,
    /// Placeholder name → id, e.g. "boardA" → "2".
    pub ids: HashMap<String, String>,
    /// Role → (e-mail, bearer token).
    pub accounts: HashMap<String, (String, String)>,
}

impl World {
    pub async fn build() -> Self {
        let app = TestApp::spawn().await;
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
        Self { app, ids, accounts }
    }

    pub fn token(&self, role: &str) -> Option<&str> {
        self.accounts.get(role).map(|(_, t)| t.as_str())
    }
}
