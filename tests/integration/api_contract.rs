//! The API's contract: the OpenAPI document the service publishes changes only by decision.

use crate::helpers::TestApp;
use serde_json::Value;

/// The document without its prose: paths, operations, parameters, bodies, answers, schemas and
/// security. Reworded descriptions are free; any other change must be meant.
fn without_descriptions(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("description");
            map.values_mut().for_each(without_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(without_descriptions),
        _ => {}
    }
}

/// `tests/snapshots/openapi.json` holds the document without descriptions
/// (`UPDATE_SNAPSHOTS=1` rewrites it; read the diff before committing).
#[actix_web::test]
async fn the_openapi_document_changes_only_in_its_descriptions() {
    let app = TestApp::spawn().await;
    let answer = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(answer.status.as_u16(), 200);
    let mut doc = answer.body;
    without_descriptions(&mut doc);
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/openapi.json");
    let text = serde_json::to_string_pretty(&doc).expect("json") + "\n";
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(file, &text).expect("write snapshot");
        panic!("{file} written: read its diff, then run the test again without UPDATE_SNAPSHOTS");
    }
    let expected = std::fs::read_to_string(file).expect("snapshot (UPDATE_SNAPSHOTS=1 makes it)");
    assert!(
        text == expected,
        "the OpenAPI document changed beyond its descriptions: \
        `UPDATE_SNAPSHOTS=1 cargo test the_openapi_document` and read the diff"
    );
}
