//! The tests of `reports::sign`.

use super::*;
use crate::reports::verify::verify;

fn tiny_pdf() -> Vec<u8> {
    use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};
    let doc = PdfDocument::new("test");
    let mut warnings = Vec::new();
    doc.clone()
        .with_pages(vec![PdfPage::new(Mm(210.0), Mm(297.0), Vec::new())])
        .save(&PdfSaveOptions::default(), &mut warnings)
}

#[test]
fn a_signed_pdf_verifies_and_any_changed_byte_breaks_it() {
    let signer = Signer::generate("Test board", chrono::Utc::now()).expect("keys");
    let root = signer.root_pem().expect("root");
    let pdf = tiny_pdf();
    let signed = signer
        .sign(&pdf, "2026-11-01T00:00:00Z".parse().expect("time"))
        .expect("sign");
    assert!(
        signed.starts_with(&pdf),
        "an incremental update keeps the original bytes"
    );
    let v = verify(&signed, &root);
    assert!(v.signed && v.intact && v.whole_file && v.trusted, "{v:?}");
    assert!(
        v.signer
            .as_deref()
            .is_some_and(|s| s.contains("report signer"))
    );
    let mut tampered = signed.clone();
    tampered[pdf.len() / 2] ^= 1;
    let v = verify(&tampered, &root);
    assert!(v.signed && !v.intact, "{v:?}");
    let other = Signer::generate("Someone else", chrono::Utc::now()).expect("keys");
    let v = verify(&signed, &other.root_pem().expect("root"));
    assert!(v.intact && !v.trusted, "{v:?}");
    assert!(!verify(&pdf, &root).signed);
    let mut appended = signed.clone();
    appended.extend_from_slice(b"\n% appended\n");
    assert!(!verify(&appended, &root).whole_file);
}

#[test]
fn keys_round_trip_through_pem_and_a_foreign_chain_is_refused() {
    let signer = Signer::generate("Board", chrono::Utc::now()).expect("keys");
    let again = Signer::from_pem(
        &signer.key_pem().expect("key"),
        &signer.chain_pem().expect("chain"),
    )
    .expect("from PEM");
    assert_eq!(again.subject(), signer.subject());
    let other = Signer::generate("Other", chrono::Utc::now()).expect("keys");
    let e = Signer::from_pem(
        &signer.key_pem().expect("key"),
        &other.chain_pem().expect("chain"),
    )
    .err()
    .expect("refused");
    assert!(e.contains("is the key's"), "{e}");
    let reversed: String = signer
        .chain
        .iter()
        .rev()
        .map(|c| c.to_pem(LineEnding::LF).expect("pem"))
        .collect();
    let reordered =
        Signer::from_pem(&signer.key_pem().expect("key"), &reversed).expect("any order");
    assert_eq!(reordered.chain_pem(), signer.chain_pem());
    assert!(Signer::from_pem("nonsense", "nonsense").is_err());
}
