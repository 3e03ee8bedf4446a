//! Several instances on one database, writing at once: every write lands, the chain holds.

use crate::helpers::TestApp;
use serde_json::json;

#[actix_web::test]
async fn two_instances_writing_concurrently_keep_one_unbroken_audit_chain() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let second = app.another_instance();
    let head = app.audit_head().await;
    let writes = 40;
    let mut tasks = Vec::new();
    for i in 0..writes {
        let base = if i % 2 == 0 {
            app.base.clone()
        } else {
            second.clone()
        };
        let token = admin.clone();
        tasks.push(actix_web::rt::spawn(async move {
            let client = awc::Client::builder()
                .timeout(std::time::Duration::from_secs(60))
                .finish();
            let res = client
                .post(format!("{base}/api/v1/units"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .send_json(&json!({"name": format!("Unit {i}"), "service": "police"}))
                .await
                .expect("request");
            res.status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    assert_eq!(app.audit_head().await, head + writes);
    let verdict = app.get("/api/v1/audit/verify", Some(&admin)).await;
    assert_eq!(verdict.body["status"], "intact", "{}", verdict.text);
    let units = app.get("/api/v1/units", Some(&admin)).await;
    assert_eq!(units.body.as_array().unwrap().len(), writes as usize);
}
