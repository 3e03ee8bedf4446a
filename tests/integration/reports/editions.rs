//! A report published in English and in Filipino: each edition signed, listed with its
//! language, downloaded and verified on its own.

use crate::fixtures::world::World;
use awc::http::Method;
use sha2::{Digest, Sha256};

#[actix_web::test]
async fn each_published_report_has_a_signed_edition_in_english_and_in_filipino() {
    let w = World::build().await;
    let list = w.app.get("/api/v1/public/reports", None).await;
    let report = (list.body.as_array().expect("reports").iter())
        .find(|r| r["id"] == w.reports.published)
        .expect("the published report")
        .clone();
    let editions = report["editions"].as_array().expect("editions");
    let languages: Vec<&str> = editions
        .iter()
        .filter_map(|e| e["language"].as_str())
        .collect();
    assert_eq!(languages, ["en", "fil"], "{report}");
    assert_eq!(editions[0]["pdf_sha256"], report["pdf_sha256"]);

    let mut files = Vec::new();
    for edition in editions {
        let href = edition["href"].as_str().expect("href");
        let pdf = w.app.raw(Method::GET, href, None, None, &[]).await;
        assert_eq!(pdf.status, 200, "{href}");
        assert!(pdf.bytes.starts_with(b"%PDF-"));
        assert_eq!(
            hex::encode(Sha256::digest(&pdf.bytes)),
            edition["pdf_sha256"].as_str().expect("sha"),
            "{href}"
        );
        let disposition = (pdf.headers.get("content-disposition"))
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        // Each edition is checked on its own: it is one of this installation's reports, in its
        // language.
        let checked = (w.app)
            .raw(
                Method::POST,
                "/api/v1/public/verify",
                None,
                Some(("application/pdf", &pdf.bytes)),
                &[],
            )
            .await;
        assert_eq!(checked.body["genuine"], true, "{}", checked.text);
        assert_eq!(
            checked.body["language"], edition["language"],
            "{}",
            checked.text
        );
        assert_eq!(checked.body["report"]["id"], w.reports.published);
        files.push((disposition, pdf.bytes));
    }
    assert_ne!(files[0].1, files[1].1, "two editions, two files");
    assert!(files[1].0.contains(".fil.pdf"), "{}", files[1].0);

    // The draft is previewed in either language; a language bantay does not publish in is
    // refused with the ones it does.
    let draft = format!("/api/v1/reports/{}/pdf", w.reports.draft);
    let fil = w
        .app
        .get(&format!("{draft}?language=fil"), w.token("secA"))
        .await;
    assert_eq!(fil.status, 200);
    let en = w.app.get(&draft, w.token("secA")).await;
    assert_ne!(en.bytes, fil.bytes);
    let unknown = w
        .app
        .get(&format!("{draft}?language=de"), w.token("secA"))
        .await;
    assert!(unknown.status.is_client_error(), "{}", unknown.text);
    assert!(unknown.text.contains("fil"), "{}", unknown.text);

    // The report's page offers both downloads, the reader's language first.
    let page = (w.app)
        .raw(
            Method::GET,
            &format!("/reports/{}", w.reports.published),
            None,
            None,
            &[("Accept-Language", "fil")],
        )
        .await
        .text;
    let fil_link = page.find("pdf?language=fil").expect("the Filipino edition");
    let en_link = page
        .find(&format!(
            "/api/v1/public/reports/{}/pdf\"",
            w.reports.published
        ))
        .expect("the English edition");
    assert!(fil_link < en_link, "{page}");
    let feed = w.app.get("/reports.atom", None).await.text;
    assert!(feed.contains("hreflang=\"fil\""), "{feed}");
}
