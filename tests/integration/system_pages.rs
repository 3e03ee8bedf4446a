//! The admin's pages for the report-signing keys and the outbox: what they show, what they let
//! the admin do, and that nobody else reaches them.

use crate::fixtures::world::World;
use crate::pages::signed_in;
use bantay::clock::Clock;
use bantay::reports::sign::Signer;

/// The SHA-256 fingerprint of a PEM certificate as OpenSSL computes it.
fn openssl_fingerprint(pem: &str) -> String {
    let cert = openssl::x509::X509::from_pem(pem.as_bytes()).expect("a PEM certificate");
    let digest = cert
        .digest(openssl::hash::MessageDigest::sha256())
        .expect("digest");
    digest
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

#[actix_web::test]
async fn the_admin_sees_the_signing_keys_and_brings_in_the_installation_s_own() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let root = async || {
        w.app
            .get("/api/v1/public/root-certificate.pem", None)
            .await
            .text
    };
    let before = root().await;
    let shown = admin.get("/desk/admin/keys", "en").await;
    assert_eq!(shown.status.as_u16(), 200, "{}", shown.html);
    assert!(
        shown.html.contains(&openssl_fingerprint(&before)),
        "{}",
        shown.html
    );
    assert!(
        shown.html.contains("Test installation report signer"),
        "{}",
        shown.html
    );
    assert!(
        !shown.html.contains("name=\"organisation\""),
        "keys exist: no form to make them"
    );

    let head = w.app.audit_head().await;
    let refused = admin
        .upload(
            "/desk/admin/keys/replace",
            &[("pkcs12", "ours.p12", b"not a PKCS#12 file".as_slice())],
            &[("password", "secret")],
            "fil",
        )
        .await;
    assert_eq!(refused.status.as_u16(), 422, "{}", refused.html);
    assert!(
        refused.html.contains("hindi naipasok ang mga susi"),
        "{}",
        refused.html
    );
    assert!(
        !refused.html.contains("value=\"secret\""),
        "the password is not shown again"
    );
    let neither = admin
        .upload("/desk/admin/keys/replace", &[], &[], "en")
        .await;
    assert_eq!(neither.status.as_u16(), 422, "{}", neither.html);
    assert!(
        neither.html.contains("choose a PKCS#12 file, or both"),
        "{}",
        neither.html
    );
    assert_eq!(w.app.audit_head().await, head, "nothing written");
    assert_eq!(root().await, before);

    let ours = Signer::generate("Ombudsman", chrono::Utc::now()).expect("keys");
    let (key, chain) = (
        ours.key_pem().expect("key"),
        ours.chain_pem().expect("chain"),
    );
    let pem_files = [
        ("key", "key.pem", key.as_bytes()),
        ("chain", "chain.pem", chain.as_bytes()),
    ];
    let done = admin
        .upload("/desk/admin/keys/replace", &pem_files, &[], "en")
        .await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);
    let after = root().await;
    assert_eq!(after, ours.root_pem().expect("root"));
    let shown = admin.get(&done.location, "en").await;
    assert!(
        shown.html.contains("Ombudsman report signer"),
        "{}",
        shown.html
    );
    assert!(
        shown.html.contains(&openssl_fingerprint(&after)),
        "{}",
        shown.html
    );
    assert!(
        shown.html.contains("Former roots still trusted"),
        "{}",
        shown.html
    );
    assert!(w.app.audit_head().await > head, "audited");

    assert_eq!(sec.get("/desk/admin/keys", "en").await.status.as_u16(), 403);
    let head = w.app.audit_head().await;
    let denied = sec
        .upload("/desk/admin/keys/replace", &pem_files, &[], "en")
        .await;
    assert_eq!(denied.status.as_u16(), 403, "{}", denied.html);
    assert_eq!(w.app.audit_head().await, head);
}

#[actix_web::test]
async fn the_admin_reads_the_outbox_and_sends_a_waiting_notification_now() {
    let w = World::build().await;
    let mut admin = signed_in(&w, &w.admin).await;
    let mut sec = signed_in(&w, &w.sec_a).await;
    let outbox = w.app.get("/api/v1/outbox", w.admin.bearer()).await.body;
    let waiting = outbox
        .as_array()
        .expect("notifications")
        .iter()
        .find(|n| n["status"] == "pending")
        .expect("the world queues notifications")
        .clone();
    let id = waiting["id"].as_i64().expect("id");
    let send = format!("/desk/admin/outbox/{id}/send");

    let shown = admin.get("/desk/admin/outbox", "fil").await;
    assert_eq!(shown.status.as_u16(), 200, "{}", shown.html);
    assert!(
        shown.html.contains(&format!("action=\"{send}\"")) && shown.html.contains("naghihintay"),
        "{}",
        shown.html
    );

    let head = w.app.audit_head().await;
    assert_eq!(
        sec.submit(&send, &[("send", "now")]).await.status.as_u16(),
        403
    );
    assert_eq!(w.app.audit_head().await, head);

    w.clock.advance(chrono::TimeDelta::minutes(1));
    let done = admin.submit(&send, &[("send", "now")]).await;
    assert_eq!(done.status.as_u16(), 303, "{}", done.html);
    let now = w.clock.now();
    let outbox = w.app.get("/api/v1/outbox", w.admin.bearer()).await.body;
    let due = outbox
        .as_array()
        .expect("notifications")
        .iter()
        .find(|n| n["id"] == id)
        .expect("still there")["next_attempt_at"]
        .as_str()
        .expect("a time")
        .parse::<chrono::DateTime<chrono::Utc>>()
        .expect("RFC 3339");
    assert!(
        (now - due).num_seconds().abs() <= 1,
        "{due} is now ({now}), a minute after it was queued"
    );
    assert_eq!(w.app.audit_head().await, head + 1, "one audit entry");

    let missing = admin.submit("/desk/admin/outbox/999999/send", &[]).await;
    assert_eq!(missing.status.as_u16(), 404, "{}", missing.html);
}
