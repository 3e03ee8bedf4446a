//! Checking a PDF's signature the way a validator does: the signed bytes' digest, the CMS
//! signature over its signed attributes, whole-file coverage, and the signer's certificate issued
//! by the root the caller trusts.

use super::sign::{OID_MESSAGE_DIGEST, OID_SIGNED_DATA, find};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::OctetString;
use der::{Decode, Encode};
use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{DerSignature, VerifyingKey};
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// What checking a PDF's signature found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Verdict {
    /// The file carries a PDF signature at all.
    pub signed: bool,
    /// The signature verifies over the signed bytes with the certificate it names.
    pub intact: bool,
    /// The signed byte range covers the whole file.
    pub whole_file: bool,
    /// The signature is intact and the signer's certificate leads, through the certificates the
    /// signature carries, to one of the trusted roots given.
    pub trusted: bool,
    /// The signer's distinguished name.
    pub signer: Option<String>,
}

impl Verdict {
    /// Whether a file with this verdict is genuine: signed under a trusted root, unaltered, the
    /// whole file covered, and `published` (one of the installation's published reports).
    pub fn genuine(&self, published: bool) -> bool {
        self.signed && self.intact && self.whole_file && self.trusted && published
    }
}

/// Checks the last signature of `pdf`, trusting the PEM certificates in `roots_pem`.
pub fn verify(pdf: &[u8], roots_pem: &str) -> Verdict {
    let mut verdict = Verdict {
        signed: false,
        intact: false,
        whole_file: false,
        trusted: false,
        signer: None,
    };
    let Some((range, contents)) = last_signature(pdf) else {
        return verdict;
    };
    verdict.signed = true;
    let [a, b, c, d] = range;
    let whole = a == 0 && c.checked_add(d) == Some(pdf.len()) && b <= c;
    let Some(signed) = pdf.get(a..a + b).zip(pdf.get(c..c + d)) else {
        return verdict;
    };
    let mut h = Sha256::new();
    h.update(signed.0);
    h.update(signed.1);
    let digest = h.finalize();
    let Some((cert, carried, intact)) = check_cms(&contents, &digest) else {
        return verdict;
    };
    verdict.signer = Some(cert.tbs_certificate.subject.to_string());
    verdict.intact = intact;
    verdict.whole_file = whole;
    // Trust is worth checking only for an intact signature, and a chain longer than anyone
    // signs with is refused rather than searched.
    let roots = Certificate::load_pem_chain(roots_pem.as_bytes()).unwrap_or_default();
    verdict.trusted = intact && carried.len() <= 16 && leads_to_root(&cert, &carried, &roots);
    verdict
}

/// Whether `cert` was issued by one of `roots`, directly or through intermediates among
/// `carried`.
fn leads_to_root(cert: &Certificate, carried: &[Certificate], roots: &[Certificate]) -> bool {
    let mut current = cert;
    for _ in 0..8 {
        if roots.iter().any(|root| issued_by(current, root)) {
            return true;
        }
        let Some(issuer) = carried.iter().find(|c| {
            c.tbs_certificate.subject != current.tbs_certificate.subject && issued_by(current, c)
        }) else {
            return false;
        };
        current = issuer;
    }
    false
}

/// The last `/ByteRange` of the file and the signature bytes of its `/Contents`.
fn last_signature(pdf: &[u8]) -> Option<([usize; 4], Vec<u8>)> {
    let key = pdf.windows(10).rposition(|w| w == b"/ByteRange")?;
    let open = find(pdf, b"[", key)?;
    let close = find(pdf, b"]", open)?;
    let numbers: Vec<usize> = std::str::from_utf8(&pdf[open + 1..close])
        .ok()?
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    let range: [usize; 4] = numbers.try_into().ok()?;
    // The signature is the hex string between the two signed ranges.
    let gap = pdf.get(range[1]..range[2])?;
    let hex: Vec<u8> = gap.iter().copied().filter(u8::is_ascii_hexdigit).collect();
    Some((range, hex::decode(hex).ok()?))
}

/// The signer's certificate, all the certificates the signature carries, and whether the
/// signature over `digest` verifies with the signer's. The reserved space holds the DER and then
/// zeros: read one value and leave the rest.
fn check_cms(contents: &[u8], digest: &[u8]) -> Option<(Certificate, Vec<Certificate>, bool)> {
    let mut reader = der::SliceReader::new(contents).ok()?;
    let info = ContentInfo::decode(&mut reader).ok()?;
    if info.content_type != OID_SIGNED_DATA {
        return None;
    }
    let data: SignedData = info.content.decode_as().ok()?;
    let signer = data.signer_infos.0.iter().next()?;
    let SignerIdentifier::IssuerAndSerialNumber(id) = &signer.sid else {
        return None;
    };
    let carried: Vec<Certificate> = data
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|c| match c {
            CertificateChoices::Certificate(c) => Some(c.clone()),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let cert = carried
        .iter()
        .find(|c| {
            c.tbs_certificate.serial_number == id.serial_number
                && c.tbs_certificate.issuer == id.issuer
        })?
        .clone();
    let attrs = signer.signed_attrs.as_ref()?;
    let digest_matches = attrs.iter().any(|a| {
        a.oid == OID_MESSAGE_DIGEST
            && a.values.iter().any(|v| {
                v.decode_as::<OctetString>()
                    .is_ok_and(|o| o.as_bytes() == digest)
            })
    });
    let key = VerifyingKey::from_sec1_bytes(
        cert.tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes(),
    )
    .ok()?;
    let signature = DerSignature::try_from(signer.signature.as_bytes()).ok()?;
    let sound = attrs
        .to_der()
        .is_ok_and(|signed| key.verify(&signed, &signature).is_ok());
    Some((cert, carried, digest_matches && sound))
}

/// Whether `root` signed `cert` (a P-256 root signing with ECDSA-SHA256).
fn issued_by(cert: &Certificate, root: &Certificate) -> bool {
    if cert.tbs_certificate.issuer != root.tbs_certificate.subject {
        return false;
    }
    let Ok(key) = VerifyingKey::from_sec1_bytes(
        root.tbs_certificate
            .subject_public_key_info
            .subject_public_key
            .raw_bytes(),
    ) else {
        return false;
    };
    let Some(sig) = cert.signature.as_bytes() else {
        return false;
    };
    let Ok(sig) = DerSignature::try_from(sig) else {
        return false;
    };
    cert.tbs_certificate
        .to_der()
        .is_ok_and(|tbs| key.verify(&tbs, &sig).is_ok())
}
