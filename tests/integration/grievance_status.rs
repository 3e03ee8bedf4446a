//! What the filer sees by tracking code, through the whole lifecycle and an appeal: each step
//! with its date and how it ended, in English and Filipino, and nothing of the case file.

use crate::fixtures::scene::Scene;
use crate::pages::Browser;
use chrono::TimeDelta;
use serde_json::{Value, json};

/// Words of the case file that the filer's status never shows.
const INTERNAL: [&str; 4] = [
    "INTERNAL-SUMMARY-for-the-unit",
    "INTERNAL-ANSWER-of-the-unit",
    "INTERNAL-NOTE-of-the-secretariat",
    "Brigade Seventy",
];

struct Case {
    s: Scene,
    code: String,
    path: String,
}

impl Case {
    async fn public(&self) -> Value {
        let r = self
            .s
            .app
            .get(&format!("/api/v1/public/grievances/{}", self.code), None)
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        for word in INTERNAL {
            assert!(!r.text.contains(word), "the API shows {word}: {}", r.text);
        }
        r.body
    }

    /// The status page's text in a language, checked for the case file's words.
    async fn page(&self, lang: &str) -> String {
        let mut visitor = Browser::new(&self.s.app);
        visitor.get("/grievances/status", "en").await;
        let csrf = visitor.csrf.clone();
        let r = visitor
            .post(
                &format!("/grievances/status?lang={lang}"),
                &[("csrf", &csrf), ("code", &self.code)],
                "en",
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.html);
        for word in INTERNAL {
            assert!(!r.html.contains(word), "the page shows {word}: {}", r.html);
        }
        r.html
    }

    /// A day later, the secretariat takes a step.
    async fn step(&mut self, body: Value) {
        self.s.clock.advance(TimeDelta::days(1));
        self.s.sign_in_again().await;
        let mut body = body;
        body["note"] = json!(INTERNAL[2]);
        let r = self
            .s
            .app
            .patch_json(&self.path, Some(&self.s.sec), body)
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

fn steps(public: &Value) -> Vec<(String, String, Value)> {
    public["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            let keys: Vec<&String> = s.as_object().expect("step").keys().collect();
            assert_eq!(keys, ["at", "outcome", "step"], "{s}");
            (
                s["step"].as_str().expect("step").to_owned(),
                s["at"].as_str().expect("at")[..10].to_owned(),
                s["outcome"].clone(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn the_filer_follows_every_step_and_the_outcome_through_an_appeal_in_both_languages() {
    // Wednesday 18 November 2026, 10:00 in Manila.
    let s = Scene::new("Asia/Manila", "2026-11-18T02:00:00Z").await;
    let unit = s.unit_chain(&[INTERNAL[3]]).await[0];
    let filed = s
        .app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": s.board, "category": "checkpoint", "description": "Held for hours"}),
        )
        .await;
    assert_eq!(filed.status, 201, "{}", filed.text);
    let code = filed.body["tracking_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let list = s.app.get("/api/v1/grievances", Some(&s.sec)).await;
    let path = format!("/api/v1/grievances/{}", list.body["items"][0]["id"]);
    let mut case = Case { s, code, path };

    let received = case.public().await;
    assert_eq!(received["status"], "received");
    assert_eq!(received["outcome"], Value::Null);
    assert_eq!(received["acknowledge_by"], "2026-11-20");
    assert_eq!(received["respond_by"], "2026-12-02");
    assert_eq!(
        steps(&received),
        [("received".into(), "2026-11-18".into(), Value::Null)]
    );
    let page = case.page("en").await;
    assert!(
        page.contains("The board acknowledges it by 2026-11-20."),
        "{page}"
    );

    case.step(json!({"status": "acknowledged"})).await;
    case.step(json!({"status": "referred", "unit_id": unit, "unit_summary": INTERNAL[0]}))
        .await;
    case.step(json!({"status": "responded", "response": INTERNAL[1]}))
        .await;
    case.step(json!({"status": "not_resolved"})).await;
    let decided = case.public().await;
    assert_eq!(decided["status"], "not_resolved");
    assert_eq!(decided["outcome"], "not_resolved");
    assert_eq!(decided["acknowledge_by"], Value::Null);
    assert_eq!(decided["respond_by"], Value::Null);
    let page = case.page("en").await;
    assert!(!page.contains("acknowledges it by"), "{page}");
    assert!(!page.contains("response is due"), "{page}");
    assert!(page.contains("Outcome: not resolved"), "{page}");

    case.step(json!({"status": "closed"})).await;
    case.step(json!({"appeal": true})).await;
    let appealed = case.public().await;
    assert_eq!(appealed["status"], "referred");
    assert_eq!(appealed["outcome"], Value::Null, "open again until decided");
    assert_eq!(appealed["respond_by"], Value::Null);
    let page = case.page("en").await;
    assert!(page.contains("Appealed: 2026-11-24"), "{page}");
    assert!(!page.contains("Outcome:"), "{page}");

    case.step(json!({"status": "responded", "response": INTERNAL[1]}))
        .await;
    case.step(json!({"status": "resolved"})).await;
    case.step(json!({"status": "closed"})).await;
    let closed = case.public().await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["outcome"], "resolved");
    assert_eq!(
        closed
            .as_object()
            .expect("object")
            .keys()
            .collect::<Vec<_>>(),
        [
            "acknowledge_by",
            "dates",
            "outcome",
            "respond_by",
            "status",
            "steps"
        ]
    );
    let resolved = json!("resolved");
    let not_resolved = json!("not_resolved");
    let expected: Vec<(String, String, Value)> = [
        ("received", "2026-11-18", Value::Null),
        ("acknowledged", "2026-11-19", Value::Null),
        ("referred", "2026-11-20", Value::Null),
        ("responded", "2026-11-21", Value::Null),
        ("decided", "2026-11-22", not_resolved),
        ("closed", "2026-11-23", Value::Null),
        ("appealed", "2026-11-24", Value::Null),
        ("responded", "2026-11-25", Value::Null),
        ("decided", "2026-11-26", resolved),
        ("closed", "2026-11-27", Value::Null),
    ]
    .into_iter()
    .map(|(s, d, o)| (s.to_owned(), d.to_owned(), o))
    .collect();
    assert_eq!(steps(&closed), expected);

    let english = case.page("en").await;
    for line in [
        "Received: 2026-11-18",
        "Acknowledged: 2026-11-19",
        "Referred to a unit: 2026-11-20",
        "Answered: 2026-11-21",
        "Decided, not resolved: 2026-11-22",
        "Closed: 2026-11-23",
        "Appealed: 2026-11-24",
        "Answered: 2026-11-25",
        "Decided, resolved: 2026-11-26",
        "Closed: 2026-11-27",
        "Outcome: resolved",
    ] {
        assert!(english.contains(line), "{line}: {english}");
    }
    assert!(!english.contains("acknowledges it by"), "{english}");
    let filipino = case.page("fil").await;
    assert!(filipino.contains("lang=\"fil\""), "{filipino}");
    for line in [
        "Natanggap: 2026-11-18",
        "Kinilala: 2026-11-19",
        "Ipinasa sa isang yunit: 2026-11-20",
        "Tinugunan: 2026-11-21",
        "Napagpasyahan, hindi nalutas: 2026-11-22",
        "Isinara: 2026-11-23",
        "Inapela: 2026-11-24",
        "Napagpasyahan, nalutas: 2026-11-26",
        "Kinalabasan: nalutas",
    ] {
        assert!(filipino.contains(line), "{line}: {filipino}");
    }
    assert!(!filipino.contains("Kikilalanin ito ng lupon"), "{filipino}");
}

/// The code with the character at `position` (of the twelve, dashes aside) replaced by
/// another of the alphabet.
fn changed_at(code: &str, position: usize) -> String {
    let mut seen = 0;
    code.chars()
        .map(|c| {
            if c == '-' {
                return c;
            }
            seen += 1;
            if seen - 1 != position {
                c
            } else if c == 'X' {
                'Y'
            } else {
                'X'
            }
        })
        .collect()
}

#[actix_web::test]
async fn a_code_wrong_in_any_one_of_its_twelve_characters_finds_nothing() {
    let settings = bantay::config::ServerSettings {
        public_max_requests: 100,
        ..bantay::config::ServerSettings::default()
    };
    let app = crate::helpers::TestApp::spawn_with(
        settings,
        std::sync::Arc::new(bantay::clock::SystemClock),
    )
    .await;
    let admin = app.admin_token().await;
    let board = app.national_board(&admin).await;
    let filed = app
        .post_json(
            "/api/v1/public/grievances",
            None,
            json!({"board_id": board, "category": "other", "description": "A complaint"}),
        )
        .await;
    let code = filed.body["tracking_code"]
        .as_str()
        .expect("code")
        .to_owned();
    let api = async |code: &str| {
        app.get(&format!("/api/v1/public/grievances/{code}"), None)
            .await
            .status
    };
    let mut visitor = Browser::new(&app);
    visitor.get("/grievances/status", "en").await;
    let csrf = visitor.csrf.clone();
    assert_eq!(api(&code).await, 200);
    for position in 0..12 {
        let wrong = changed_at(&code, position);
        assert_ne!(wrong, code);
        assert_eq!(api(&wrong).await, 404, "{wrong} for {code}");
        let page = visitor
            .post(
                "/grievances/status",
                &[("csrf", &csrf), ("code", &wrong)],
                "en",
            )
            .await;
        assert_eq!(page.status, 404, "the page, {wrong} for {code}");
    }
}
