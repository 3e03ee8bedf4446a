//! The audit chain: every write is in it, the database refuses to rewrite it, and
//! `bantay audit verify` names the first entry that was changed, removed or reordered.

use crate::fixtures::world::World;
use crate::helpers::{TestApp, TestDb, bantay_cli};
use crate::pages::signed_in;
use bantay::clock::{Clock, SystemClock};
use bantay::db::Backend;
use diesel::{Connection, PgConnection, RunQueryDsl, SqliteConnection};
use serde_json::json;

fn exec(test_db: &TestDb, sql: &str) -> Result<usize, diesel::result::Error> {
    match test_db.backend() {
        Backend::Sqlite => {
            let path = test_db.url.trim_start_matches("sqlite://");
            let mut conn = SqliteConnection::establish(path).expect("open sqlite");
            diesel::sql_query(sql).execute(&mut conn)
        }
        Backend::Postgres => {
            let mut conn = PgConnection::establish(&test_db.url).expect("open postgres");
            diesel::sql_query(sql).execute(&mut conn)
        }
    }
}

/// Lets the test play the attacker: with the guard triggers gone, rows can be rewritten.
fn drop_guards(test_db: &TestDb) {
    let statements: &[&str] = match test_db.backend() {
        Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        Backend::Postgres => &["ALTER TABLE audit_log DISABLE TRIGGER USER"],
    };
    for sql in statements {
        exec(test_db, sql).expect("drop the guard");
    }
}

/// A database holding the demo data (a year of a board's work: about 1,600 audit entries), with
/// no connection open.
fn demo_database() -> TestDb {
    let test_db = TestDb::new();
    let db = test_db.open();
    bantay::demo::load(&db, SystemClock.now(), None).expect("demo load");
    drop(db);
    test_db
}

fn verify(test_db: &TestDb) -> (bool, String) {
    let out = bantay_cli(test_db, &["audit", "verify"], None);
    let text = format!(
        "{}{} ({})",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
        out.status
    );
    (out.status.success(), text)
}

#[actix_web::test]
async fn every_write_is_chained_and_verifies_through_the_cli_and_the_api() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let before = app.audit_head().await;
    let r = app
        .post_json(
            "/api/v1/boards",
            Some(&admin),
            json!({"name": "National", "level": "national"}),
        )
        .await;
    assert_eq!(r.status, 201);
    assert_eq!(app.audit_head().await, before + 1);

    let entries = app
        .get("/api/v1/audit?after=0&limit=1000", Some(&admin))
        .await
        .body;
    let last = entries.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "create");
    assert_eq!(last["entity"], "board");
    assert_eq!(last["actor"], crate::helpers::ADMIN_EMAIL);
    assert!(last["after"].as_str().unwrap().contains("National"));
    assert!(
        !entries.to_string().contains("argon2"),
        "password hashes never reach the audit log"
    );

    let api = app.get("/api/v1/audit/verify", Some(&admin)).await;
    assert_eq!(api.body["status"], "intact", "{}", api.text);
    assert_eq!(api.body["entries"], before + 1);
    let test_db = app.stop().await;
    let (ok, out) = verify(&test_db);
    assert!(ok, "{out}");
    assert!(out.contains(&format!("{} entries", before + 1)), "{out}");
}

#[test]
fn the_database_refuses_to_update_or_delete_audit_rows() {
    let test_db = demo_database();
    assert!(
        exec(
            &test_db,
            "UPDATE audit_log SET actor = 'someone else' WHERE seq = 1"
        )
        .is_err()
    );
    assert!(exec(&test_db, "DELETE FROM audit_log WHERE seq = 1").is_err());
    let (ok, out) = verify(&test_db);
    assert!(ok, "{out}");
}

#[test]
fn changing_one_byte_of_an_audit_row_makes_verify_fail_and_name_the_row() {
    let test_db = demo_database();
    // Entry 2 records the creation of the Region VIII board.
    let needle = b"\"level\":\"regional\",\"name\":\"Eastern Visayas";
    match test_db.backend() {
        Backend::Sqlite => {
            // Rebuild the file so that no stale copy of the row lingers in a free page.
            exec(&test_db, "VACUUM").unwrap();
            let path = test_db.url.trim_start_matches("sqlite://").to_owned();
            let wal = format!("{path}-wal");
            assert!(
                std::fs::metadata(&wal).map_or(true, |m| m.len() == 0),
                "WAL not checkpointed"
            );
            let mut bytes = std::fs::read(&path).unwrap();
            // The live row sits in a table leaf page (type 13); interior pages may keep stale
            // bytes in their unused space.
            let page_size = usize::from(u16::from_be_bytes([bytes[16], bytes[17]]));
            let places: Vec<usize> = bytes
                .windows(needle.len())
                .enumerate()
                .filter(|(i, w)| *w == needle && bytes[i / page_size * page_size] == 13)
                .map(|(i, _)| i)
                .collect();
            assert_eq!(places.len(), 1, "the audit row's JSON is in one leaf page");
            let at = places[0];
            let eastern = at + needle.len() - "Eastern Visayas".len();
            assert_eq!(bytes[eastern], b'E');
            bytes[eastern] = b'W'; // "Eastern" → "Wastern": one byte, same length
            std::fs::write(&path, bytes).unwrap();
        }
        Backend::Postgres => {
            drop_guards(&test_db);
            let changed = exec(
                &test_db,
                "UPDATE audit_log SET after_json = replace(after_json, 'Eastern', 'Wastern') WHERE seq = 2",
            )
            .unwrap();
            assert_eq!(changed, 1);
        }
    }
    let (ok, out) = verify(&test_db);
    assert!(!ok, "verify must fail: {out}");
    assert!(out.contains("BROKEN at entry 2"), "{out}");
    assert!(out.contains("was changed"), "{out}");
}

#[test]
fn a_deleted_row_is_named_by_verify() {
    let test_db = demo_database();
    drop_guards(&test_db);
    assert_eq!(
        exec(&test_db, "DELETE FROM audit_log WHERE seq = 5").unwrap(),
        1
    );
    let (ok, out) = verify(&test_db);
    assert!(!ok);
    assert!(
        out.contains("BROKEN at entry 5") && out.contains("missing"),
        "{out}"
    );
}

#[test]
fn reordered_rows_are_named_by_verify() {
    let test_db = demo_database();
    drop_guards(&test_db);
    // Swap the contents of entries 3 and 4, keeping their numbers.
    for sql in [
        "UPDATE audit_log SET seq = -3 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 4",
        "UPDATE audit_log SET seq = 4 WHERE seq = -3",
    ] {
        exec(&test_db, sql).unwrap();
    }
    let (ok, out) = verify(&test_db);
    assert!(!ok);
    assert!(
        out.contains("BROKEN at entry 3") && out.contains("does not link"),
        "{out}"
    );
}

#[test]
fn a_head_recorded_elsewhere_catches_rows_cut_from_the_end() {
    let test_db = demo_database();
    let (ok, out) = verify(&test_db);
    assert!(ok, "{out}");
    // "audit chain intact: N entries, head N HASH"
    let first_line = out.lines().next().unwrap();
    let mut words = first_line.split_whitespace().rev();
    let hash = words.next().unwrap().to_owned();
    let seq: i64 = words.next().unwrap().parse().unwrap();
    let anchor = format!("{seq}:{hash}");

    let anchored = bantay_cli(&test_db, &["audit", "verify", "--expect", &anchor], None);
    assert!(anchored.status.success());
    let wrong = format!("{seq}:{}", "ab".repeat(32));
    let rewritten = bantay_cli(&test_db, &["audit", "verify", "--expect", &wrong], None);
    assert!(!rewritten.status.success());
    assert!(String::from_utf8_lossy(&rewritten.stdout).contains("rewritten"));

    drop_guards(&test_db);
    exec(
        &test_db,
        &format!("DELETE FROM audit_log WHERE seq = {seq}"),
    )
    .unwrap();
    let (still_ok, _) = verify(&test_db);
    assert!(still_ok, "without an anchor a cut tail cannot be seen");
    let cut = bantay_cli(&test_db, &["audit", "verify", "--expect", &anchor], None);
    assert!(!cut.status.success());
    let text = String::from_utf8_lossy(&cut.stdout);
    assert!(
        text.contains(&format!("BROKEN at entry {seq}")) && text.contains("removed from the end"),
        "{text}"
    );
}

/// The admin checks the whole chain from the audit page: whole, ending in the head the API
/// gives; after an entry is deleted behind the service's back, broken at that entry, in
/// Filipino. Nobody else may check it.
#[actix_web::test]
async fn the_admin_checks_the_chain_from_the_audit_page_and_sees_where_it_breaks() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let log = admin.get("/desk/audit", "en").await;
    assert!(
        log.html.contains("href=\"/desk/audit/verify\""),
        "{}",
        log.html
    );
    let api = w.app.get("/api/v1/audit/verify", w.admin.bearer()).await;
    assert_eq!(api.body["status"], "intact", "{}", api.text);

    let whole = admin.get("/desk/audit/verify", "en").await;
    assert_eq!(whole.status.as_u16(), 200, "{}", whole.html);
    let entries = api.body["entries"].as_i64().unwrap();
    let head = api.body["head_hash"].as_str().unwrap();
    assert!(
        whole
            .html
            .contains(&format!("The chain is whole: {entries} entries"))
            && whole.html.contains(head),
        "{}",
        whole.html
    );
    assert_eq!(sec.get("/desk/audit/verify", "en").await.status, 403);

    drop_guards(&w.app.test_db);
    let removed = exec(&w.app.test_db, "DELETE FROM audit_log WHERE seq = 2").unwrap();
    assert_eq!(removed, 1);
    let broken = admin.get("/desk/audit/verify", "fil").await;
    assert_eq!(broken.status.as_u16(), 200, "{}", broken.html);
    assert!(
        broken.html.contains("Putol ang kadena sa entry 2"),
        "{}",
        broken.html
    );
    assert!(!broken.html.contains(head), "{}", broken.html);
}
