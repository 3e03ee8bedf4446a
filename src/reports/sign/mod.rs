//! PDF signatures, PAdES baseline B-B: the signed PDF is the rendered one plus an incremental
//! update holding a `/Sig` dictionary (`ETSI.CAdES.detached`) whose `/ByteRange` covers the whole
//! file but the signature itself, and a detached CMS SignedData (ECDSA P-256 with SHA-256,
//! signed attributes content-type, message-digest and ESS signing-certificate-v2, no
//! signing-time). Checking such a signature is `verify.rs`.

use chrono::{DateTime, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use der::{Any, Decode, Encode, EncodePem, Sequence, pem::LineEnding};
use lopdf::{Dictionary, IncrementalDocument, Object, StringFormat, dictionary};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{DerSignature, SigningKey, VerifyingKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::str::FromStr;
use std::time::Duration;
use x509_cert::Certificate;
use x509_cert::attr::Attribute;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::time::Validity;

const OID_ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
pub(super) const OID_SIGNED_DATA: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub(super) const OID_MESSAGE_DIGEST: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const OID_ECDSA_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");
const OID_SIGNING_CERT_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

/// Bytes reserved for the CMS blob (hex-encoded twice as long in the file); ours is ~1.4 KB,
/// an operator's chain may be longer.
const CONTENTS_LEN: usize = 8192;
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

type Error = String;

fn err(e: impl std::fmt::Display) -> Error {
    e.to_string()
}

/// ESS signing-certificate-v2 (RFC 5035); its hash algorithm defaults to SHA-256.
#[derive(Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

#[derive(Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// A signing key and its certificate chain: the signer's certificate first, the root last.
pub struct Signer {
    key: SigningKey,
    chain: Vec<Certificate>,
}

fn random_serial() -> Result<SerialNumber, Error> {
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b[0] = (b[0] & 0x7f) | 0x01;
    SerialNumber::new(&b).map_err(err)
}

/// A validity starting a day before `issued`, so that a verifier whose clock lags still accepts
/// it.
fn validity(issued: DateTime<Utc>, years: u64) -> Result<Validity, Error> {
    let day = Duration::from_secs(86_400);
    let issued = std::time::SystemTime::from(issued)
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(err)?;
    let from = issued.saturating_sub(day);
    let to = from + Duration::from_secs(years * 365 * 86_400);
    Ok(Validity {
        not_before: x509_cert::time::Time::try_from(std::time::UNIX_EPOCH + from).map_err(err)?,
        not_after: x509_cert::time::Time::try_from(std::time::UNIX_EPOCH + to).map_err(err)?,
    })
}

impl Signer {
    /// A new root (ten years) and a signing certificate under it (five years), ECDSA P-256,
    /// both valid from the day before `issued`.
    pub fn generate(organisation: &str, issued: DateTime<Utc>) -> Result<Self, Error> {
        let clean: String = organisation
            .chars()
            .filter(|c| c.is_alphanumeric() || " -.".contains(*c))
            .take(60)
            .collect();
        let root_key = SigningKey::random(&mut OsRng);
        let root_name = Name::from_str(&format!("CN={clean} root,O={clean}")).map_err(err)?;
        let root = CertificateBuilder::new(
            Profile::Root,
            random_serial()?,
            validity(issued, 10)?,
            root_name.clone(),
            SubjectPublicKeyInfoOwned::from_key(*root_key.verifying_key()).map_err(err)?,
            &root_key,
        )
        .map_err(err)?
        .build::<DerSignature>()
        .map_err(err)?;
        let key = SigningKey::random(&mut OsRng);
        let leaf = CertificateBuilder::new(
            Profile::Leaf {
                issuer: root_name,
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            random_serial()?,
            validity(issued, 5)?,
            Name::from_str(&format!("CN={clean} report signer,O={clean}")).map_err(err)?,
            SubjectPublicKeyInfoOwned::from_key(*key.verifying_key()).map_err(err)?,
            &root_key,
        )
        .map_err(err)?
        .build::<DerSignature>()
        .map_err(err)?;
        Ok(Self {
            key,
            chain: vec![leaf, root],
        })
    }

    /// A key (PKCS#8 PEM, ECDSA P-256) and its chain (PEM certificates, in any order).
    pub fn from_pem(key_pem: &str, chain_pem: &str) -> Result<Self, Error> {
        let key = SigningKey::from_pkcs8_pem(key_pem)
            .map_err(|e| format!("the key is not an ECDSA P-256 PKCS#8 PEM key: {e}"))?;
        let certificates = Certificate::load_pem_chain(chain_pem.as_bytes())
            .map_err(|e| format!("the chain is not PEM certificates: {e}"))?;
        Self::from_parts(key, certificates)
    }

    /// A PKCS#12 file as `openssl pkcs12 -export` writes it (PBES2 with AES, or the older
    /// PBE-SHA1-3DES) holding an ECDSA P-256 key, its certificate and those above it.
    pub fn from_pkcs12(der: &[u8], password: &str) -> Result<Self, Error> {
        let parsed = openssl::pkcs12::Pkcs12::from_der(der)
            .map_err(|e| format!("the file is not PKCS#12: {e}"))?
            .parse2(password)
            .map_err(|e| {
                format!(
                    "cannot open the PKCS#12 file: wrong password, or a cipher OpenSSL 3 no \
                     longer reads (export it again with `openssl pkcs12 -export`): {e}"
                )
            })?;
        let key = parsed
            .pkey
            .ok_or("the PKCS#12 file holds no private key")?
            .private_key_to_pkcs8()
            .map_err(err)
            .and_then(|der| {
                SigningKey::from_pkcs8_der(&der)
                    .map_err(|e| format!("the key is not an ECDSA P-256 key: {e}"))
            })?;
        let certificates = parsed
            .cert
            .into_iter()
            .chain(parsed.ca.into_iter().flatten())
            .map(|c| {
                let der = c.to_der().map_err(err)?;
                Certificate::from_der(&der).map_err(err)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Self::from_parts(key, certificates)
    }

    /// Orders `certificates` from the key's own up to the last issuer found among them; the
    /// others are left out.
    fn from_parts(key: SigningKey, mut certificates: Vec<Certificate>) -> Result<Self, Error> {
        let holds_key = |c: &Certificate| {
            VerifyingKey::from_sec1_bytes(
                c.tbs_certificate
                    .subject_public_key_info
                    .subject_public_key
                    .raw_bytes(),
            )
            .is_ok_and(|public| &public == key.verifying_key())
        };
        if certificates.is_empty() {
            return Err("the chain holds no certificate".to_owned());
        }
        let first = certificates
            .iter()
            .position(holds_key)
            .ok_or("no certificate of the chain is the key's")?;
        let mut chain = vec![certificates.swap_remove(first)];
        while let Some(last) = chain.last()
            && last.tbs_certificate.issuer != last.tbs_certificate.subject
            && let Some(next) = certificates
                .iter()
                .position(|c| c.tbs_certificate.subject == last.tbs_certificate.issuer)
        {
            chain.push(certificates.swap_remove(next));
        }
        Ok(Self { key, chain })
    }

    pub fn key_pem(&self) -> Result<String, Error> {
        Ok(self
            .key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(err)?
            .to_string())
    }

    pub fn chain_pem(&self) -> Result<String, Error> {
        self.chain
            .iter()
            .map(|c| c.to_pem(LineEnding::LF).map_err(err))
            .collect()
    }

    /// The last certificate of the chain: what a verifier trusts.
    pub fn root_pem(&self) -> Result<String, Error> {
        self.chain
            .last()
            .ok_or_else(|| "no certificate".to_owned())?
            .to_pem(LineEnding::LF)
            .map_err(err)
    }

    /// The chain, from the signer's own certificate up to the root.
    pub fn certificates(&self) -> &[Certificate] {
        &self.chain
    }

    /// The signer's distinguished name.
    pub fn subject(&self) -> String {
        self.chain
            .first()
            .map(|c| c.tbs_certificate.subject.to_string())
            .unwrap_or_default()
    }

    /// Signs `pdf` as an incremental update; `at` becomes the signature's `/M` date.
    pub fn sign(&self, pdf: &[u8], at: DateTime<Utc>) -> Result<Vec<u8>, Error> {
        let mut inc = IncrementalDocument::load_from(pdf).map_err(err)?;
        let prev = inc.get_prev_documents();
        let catalog_id = prev
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(err)?;
        let page_id = *prev.get_pages().get(&1).ok_or("the PDF has no page")?;
        let annots = prev
            .get_object(page_id)
            .and_then(Object::as_dict)
            .map_err(err)?
            .get(b"Annots")
            .ok()
            .cloned();
        inc.new_document.version = prev.version.clone();
        let sig_id = inc.new_document.add_object(dictionary! {
            "Type" => "Sig",
            "Filter" => "Adobe.PPKLite",
            "SubFilter" => "ETSI.CAdES.detached",
            "ByteRange" => vec![0.into(), BYTE_RANGE_PLACEHOLDER.into(),
                BYTE_RANGE_PLACEHOLDER.into(), BYTE_RANGE_PLACEHOLDER.into()],
            "Contents" => Object::String(vec![0u8; CONTENTS_LEN], StringFormat::Hexadecimal),
            "M" => Object::string_literal(at.format("D:%Y%m%d%H%M%SZ").to_string()),
        });
        let field_id = inc.new_document.add_object(dictionary! {
            "Type" => "Annot",
            "Subtype" => "Widget",
            "FT" => "Sig",
            "T" => Object::string_literal("Signature1"),
            "V" => sig_id,
            "Rect" => vec![0.into(), 0.into(), 0.into(), 0.into()],
            "F" => 132,
            "P" => page_id,
        });
        inc.opt_clone_object_to_new_document(page_id).map_err(err)?;
        match annots {
            Some(Object::Reference(list)) => {
                inc.opt_clone_object_to_new_document(list).map_err(err)?;
                inc.new_document
                    .get_object_mut(list)
                    .and_then(Object::as_array_mut)
                    .map_err(err)?
                    .push(field_id.into());
            }
            other => {
                let mut list = other
                    .map(|o| o.as_array().cloned())
                    .transpose()
                    .map_err(err)?
                    .unwrap_or_default();
                list.push(field_id.into());
                inc.new_document
                    .get_object_mut(page_id)
                    .and_then(Object::as_dict_mut)
                    .map_err(err)?
                    .set("Annots", list);
            }
        }
        inc.opt_clone_object_to_new_document(catalog_id)
            .map_err(err)?;
        inc.new_document
            .get_object_mut(catalog_id)
            .and_then(Object::as_dict_mut)
            .map_err(err)?
            .set(
                "AcroForm",
                Dictionary::from_iter(vec![
                    ("Fields", Object::Array(vec![field_id.into()])),
                    ("SigFlags", 3.into()),
                ]),
            );
        let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_LEN + 4096);
        inc.save_to(&mut out).map_err(err)?;

        // Fill in the byte range, searching only the appended part (pages have /Contents too).
        let start = pdf.len();
        let mut placeholder = vec![b'<'];
        placeholder.extend(std::iter::repeat_n(b'0', CONTENTS_LEN * 2));
        placeholder.push(b'>');
        let c_start = find(&out, &placeholder, start).ok_or("no /Contents placeholder")?;
        let c_end = c_start + placeholder.len();
        let key = find(&out, b"/ByteRange", start).ok_or("no /ByteRange")?;
        let open = find(&out, b"[", key).ok_or("no /ByteRange [")?;
        let close = find(&out, b"]", open).ok_or("no /ByteRange ]")?;
        let mut range = format!("[0 {c_start} {c_end} {}", out.len() - c_end).into_bytes();
        if range.len() > close - open {
            return Err("the /ByteRange placeholder is too short".to_owned());
        }
        range.resize(close - open, b' ');
        out[open..close].copy_from_slice(&range);

        let mut h = Sha256::new();
        h.update(&out[..c_start]);
        h.update(&out[c_end..]);
        let cms = self.signed_data(&h.finalize())?;
        if cms.len() > CONTENTS_LEN {
            return Err(format!(
                "the signature needs {} bytes, {CONTENTS_LEN} are reserved",
                cms.len()
            ));
        }
        let hex = hex::encode_upper(&cms);
        out[c_start + 1..c_start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(out)
    }

    /// A detached CMS SignedData over `digest`, assembled from cms's types.
    fn signed_data(&self, digest: &[u8]) -> Result<Vec<u8>, Error> {
        let cert = self.chain.first().ok_or("no certificate")?;
        let sha256 = AlgorithmIdentifierOwned {
            oid: OID_SHA256,
            parameters: None,
        };
        let attrs = signed_attributes(digest, cert)?;
        let signature: DerSignature = self
            .key
            .try_sign(&attrs.to_der().map_err(err)?)
            .map_err(err)?;
        let info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: cert.tbs_certificate.issuer.clone(),
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
            digest_alg: sha256.clone(),
            signed_attrs: Some(attrs),
            signature_algorithm: AlgorithmIdentifierOwned {
                oid: OID_ECDSA_SHA256,
                parameters: None,
            },
            signature: OctetString::new(signature.as_bytes()).map_err(err)?,
            unsigned_attrs: None,
        };
        let certificates: Vec<CertificateChoices> = self
            .chain
            .iter()
            .cloned()
            .map(CertificateChoices::Certificate)
            .collect();
        let data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256]).map_err(err)?,
            encap_content_info: EncapsulatedContentInfo {
                econtent_type: OID_ID_DATA,
                econtent: None,
            },
            certificates: Some(CertificateSet(
                SetOfVec::try_from(certificates).map_err(err)?,
            )),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![info]).map_err(err)?),
        };
        ContentInfo {
            content_type: OID_SIGNED_DATA,
            content: Any::encode_from(&data).map_err(err)?,
        }
        .to_der()
        .map_err(err)
    }
}

fn signed_attributes(digest: &[u8], cert: &Certificate) -> Result<SetOfVec<Attribute>, Error> {
    let attr = |oid, value: Any| -> Result<Attribute, Error> {
        Ok(Attribute {
            oid,
            values: SetOfVec::try_from(vec![value]).map_err(err)?,
        })
    };
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(cert.to_der().map_err(err)?).as_slice())
                .map_err(err)?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(
                    cert.tbs_certificate.issuer.clone(),
                )],
                serial_number: cert.tbs_certificate.serial_number.clone(),
            }),
        }],
    };
    SetOfVec::try_from(vec![
        attr(
            OID_CONTENT_TYPE,
            Any::encode_from(&OID_ID_DATA).map_err(err)?,
        )?,
        attr(
            OID_MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest).map_err(err)?).map_err(err)?,
        )?,
        attr(OID_SIGNING_CERT_V2, Any::encode_from(&ess).map_err(err)?)?,
    ])
    .map_err(err)
}

pub(super) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests;
