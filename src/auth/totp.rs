//! Authenticator-app codes (RFC 6238: HMAC-SHA-1, six digits, 30-second steps, one step of
//! clock drift either way), how an app is given its secret (an `otpauth://` address, drawn as a
//! QR code), and the single-use recovery codes kept for a lost app.

use crate::error::AppError;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Bytes in a new shared secret: 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
/// Recovery codes given at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Letters of a recovery code: no 0/o, 1/l/i, so that one written down reads back.
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
/// Characters of a recovery code, written in two groups of five (about 49 bits).
const RECOVERY_LENGTH: usize = 10;

pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rng().fill_bytes(&mut secret);
    secret
}

fn totp(secret: &[u8], issuer: &str, account: &str) -> Result<Totp, AppError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .with_issuer(Some(issuer.replace(':', " ")))
        .with_account_name(account.replace(':', " "))
        .build()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("TOTP: {e}")))
}

/// The secret as a person types it into an app: base32, in groups of four.
pub fn typed(secret: &[u8]) -> String {
    let plain = Secret::from(secret.to_vec()).to_base32();
    let groups: Vec<String> = (plain.as_bytes().chunks(4))
        .map(|g| String::from_utf8_lossy(g).into_owned())
        .collect();
    groups.join(" ")
}

/// The `otpauth://` address an app reads from the QR code.
pub fn address(secret: &[u8], issuer: &str, account: &str) -> Result<String, AppError> {
    totp(secret, issuer, account)?
        .to_url()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("TOTP address: {e}")))
}

/// The address drawn as a QR code, as SVG markup to put in a page.
pub fn qr_svg(address: &str) -> Result<String, AppError> {
    let code = qrcode::QrCode::new(address.as_bytes())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("QR code: {e}")))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .module_dimensions(5, 5)
        .quiet_zone(true)
        .build();
    let body = svg.find("<svg").map_or(svg.as_str(), |at| &svg[at..]);
    Ok(body.replacen(
        "<svg ",
        "<svg role=\"img\" aria-label=\"QR code\" class=\"qr\" ",
        1,
    ))
}

/// The code an app holding `secret` shows at `now`. The demo's people type it as they sign in.
pub fn code_at(secret: &[u8], now: DateTime<Utc>) -> Result<String, AppError> {
    let at = u64::try_from(now.timestamp()).unwrap_or_default();
    Ok(totp(secret, "bantay", "check")?.generate(at).to_string())
}

/// The time step whose code `code` is at `now`: the current step or a neighbour. A caller
/// accepts it only past the last step it accepted, so that each code counts once.
pub fn matching_step(secret: &[u8], code: &str, now: DateTime<Utc>) -> Option<i64> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let at = u64::try_from(now.timestamp()).ok()?;
    let step = totp(secret, "bantay", "check").ok()?.check(&digits, at)?;
    i64::try_from(step).ok()
}

/// New recovery codes, as shown to their holder once (`abcde-fghjk`).
pub fn new_recovery_codes() -> Vec<String> {
    let mut rng = rand::rng();
    (0..RECOVERY_CODES)
        .map(|_| {
            let letters: String = (0..RECOVERY_LENGTH)
                .map(|_| {
                    let pick = rng.next_u32() as usize % RECOVERY_ALPHABET.len();
                    char::from(RECOVERY_ALPHABET[pick])
                })
                .collect();
            format!("{}-{}", &letters[..5], &letters[5..])
        })
        .collect()
}

/// Whether what a person typed has the shape of a recovery code rather than an app's code.
pub fn looks_like_recovery_code(typed: &str) -> bool {
    normalised(typed).len() == RECOVERY_LENGTH
}

/// A recovery code as stored: the SHA-256 of its letters, whatever case and separators it was
/// typed with. The codes are random and long enough that a fast hash suffices.
pub fn recovery_hash(code: &str) -> String {
    hex::encode(Sha256::digest(normalised(code).as_bytes()))
}

fn normalised(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// RFC 6238, appendix B (SHA-1, its 20-byte secret), cut to six digits.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let secret = b"12345678901234567890";
        for (time, eight_digits) in [(59, "94287082"), (1_111_111_109, "07081804")] {
            let at = Utc.timestamp_opt(time, 0).unwrap();
            assert_eq!(code_at(secret, at).unwrap(), eight_digits[2..]);
            let step = matching_step(secret, &eight_digits[2..], at);
            assert_eq!(step, Some(time / 30));
        }
    }

    #[test]
    fn a_code_counts_one_step_either_side_and_no_further() {
        let secret = new_secret();
        let at = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let code = code_at(&secret, at).unwrap();
        let step = at.timestamp() / 30;
        for (shift, expected) in [(-30, Some(step)), (30, Some(step)), (-90, None), (90, None)] {
            let then = at + chrono::TimeDelta::seconds(shift);
            assert_eq!(matching_step(&secret, &code, then), expected, "{shift} s");
        }
        assert_eq!(matching_step(&secret, "12345", at), None);
        assert_eq!(matching_step(&secret, "abcdef", at), None);
    }

    #[test]
    fn recovery_codes_are_distinct_and_read_back_however_typed() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), RECOVERY_CODES);
        let code = &codes[0];
        assert!(looks_like_recovery_code(code));
        assert!(!looks_like_recovery_code("123456"));
        let shouted = code.to_uppercase().replace('-', " ");
        assert_eq!(recovery_hash(&shouted), recovery_hash(code));
    }

    #[test]
    fn the_address_and_the_typed_secret_carry_the_same_secret() {
        let secret = new_secret();
        let url = address(&secret, "bantay", "someone@example.org").unwrap();
        let typed = typed(&secret).replace(' ', "");
        assert!(
            url.starts_with("otpauth://totp/bantay:someone%40example.org?"),
            "{url}"
        );
        assert!(url.contains(&format!("secret={typed}")), "{url}");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg role=\"img\""), "{svg}");
    }
}
