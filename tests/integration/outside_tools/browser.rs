//! The pages walked in Chromium, with axe-core.

use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::Command;

#[actix_web::test]
#[ignore = "needs Chromium, playwright-core and axe-core: run scripts/test.sh"]
async fn the_pages_walk_in_chromium_from_series_to_verified_action_to_published_report_with_no_serious_axe_finding()
 {
    use crate::fixtures::world::World;
    let w = World::build().await;
    // Someone the admin invited, whose link waits in the outbox.
    let invited = "invited.walker@test.bantay.example";
    let person = json!({"email": invited, "name": "Invited Walker", "roles": []});
    let admin = w.token("admin").expect("the admin's token");
    w.app.create("/api/v1/users", admin, person).await;
    let invitation = crate::password_links::link_token(&w.app, invited).await;
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let shots = dir.join("target/screenshots");
    let world = json!({
        "draft": w.reports.draft,
        "board": w.boards.a,
        "unit": w.units.x1,
        "otherUnit": w.units.y,
        "password": crate::helpers::PASSWORD,
        "secretary": w.sec_a.email,
        "member": w.mem_a.email,
        "representative": w.rep_x.email,
        "admin": w.admin.email,
        "apps": w.app.apps.to_json(),
        "invitation": {"email": invited, "path": format!("/password/{invitation}")},
        "ids": w.placeholders().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
    });
    let app = &w.app;
    let base = app.base.clone();
    let out = actix_web::rt::task::spawn_blocking(move || {
        Command::new("node")
            .arg(dir.join("tests/browser/walk.mjs"))
            .env("BANTAY_BASE_URL", base)
            .env("BANTAY_SCREENSHOTS", shots)
            .env("BANTAY_WORLD", world.to_string())
            .output()
            .unwrap_or_else(|e| panic!("node is missing ({e}): run scripts/install-test-tools.sh"))
    })
    .await
    .expect("walk");
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{said}");
    let result: Value = serde_json::from_slice(&out.stdout).expect("the walk's JSON");
    assert_eq!(result["problems"], json!([]), "{said}");
    assert!(
        result["checked"].as_array().is_some_and(|c| c.len() >= 25),
        "{said}"
    );
}
