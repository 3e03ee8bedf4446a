//! Session and API token secrets: random, shown once, stored only as a SHA-256 hash; the cookie
//! form carries an HMAC under the installation's cookie key.

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

const PREFIX: &str = "bty_";
pub const COOKIE_KEY_NAME: &str = "cookie_key";

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{PREFIX}{}", hex::encode(bytes))
}

pub fn generate_cookie_key() -> Vec<u8> {
    let mut key = vec![0u8; 64];
    rand::rng().fill_bytes(&mut key);
    key
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Whether the string has the shape of a token at all, before any database lookup.
pub fn looks_valid(token: &str) -> bool {
    token
        .strip_prefix(PREFIX)
        .is_some_and(|hex| hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `token.signature`, so that a forged cookie is refused before it reaches the database.
pub fn sign_for_cookie(key: &[u8], token: &str) -> String {
    let signature = keyed(key, token)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    format!("{token}.{signature}")
}

pub fn verify_cookie(key: &[u8], value: &str) -> Option<String> {
    let (token, signature) = value.rsplit_once('.')?;
    keyed(key, token)?
        .verify_slice(&hex::decode(signature).ok()?)
        .ok()?;
    Some(token.to_owned())
}

/// The anti-forgery token a page's forms carry: the HMAC of the browser's own random secret
/// (kept in a cookie another site can neither read nor set), so a forged form cannot know it.
///
/// Pages are compressed, and some reflect what the reader typed (a list's search) beside the
/// token: guessed text that matches the token would shrink the answer (BREACH). So each answer
/// carries the HMAC under a fresh random mask, `hex(mask ‖ mac ⊕ mask)`, and no two answers
/// show the same bytes for a guess to match.
pub fn csrf_token(key: &[u8], browser_secret: &str) -> String {
    let Some(mac) = csrf_mac(key, browser_secret) else {
        return String::new();
    };
    let mac = mac.finalize().into_bytes();
    let mut mask = [0u8; CSRF_LEN];
    rand::rng().fill_bytes(&mut mask);
    let masked: Vec<u8> = mac.iter().zip(&mask).map(|(m, k)| m ^ k).collect();
    format!("{}{}", hex::encode(mask), hex::encode(masked))
}

/// Whether `presented` is a masked anti-forgery token for this browser (compared in constant
/// time).
pub fn csrf_matches(key: &[u8], browser_secret: &str, presented: &str) -> bool {
    let Ok(bytes) = hex::decode(presented) else {
        return false;
    };
    let Some((mask, masked)) = bytes.split_at_checked(CSRF_LEN) else {
        return false;
    };
    let mac: Vec<u8> = masked.iter().zip(mask).map(|(m, k)| m ^ k).collect();
    masked.len() == CSRF_LEN
        && !browser_secret.is_empty()
        && csrf_mac(key, browser_secret).is_some_and(|m| m.verify_slice(&mac).is_ok())
}

/// Bytes of the anti-forgery HMAC (SHA-256), and of its mask.
const CSRF_LEN: usize = 32;

fn csrf_mac(key: &[u8], browser_secret: &str) -> Option<Hmac<Sha256>> {
    keyed(key, &format!("csrf:{browser_secret}"))
}

/// The HMAC of `token` under `key`, ready to finalise or verify.
fn keyed(key: &[u8], token: &str) -> Option<Hmac<Sha256>> {
    let mut m = Hmac::<Sha256>::new_from_slice(key).ok()?;
    m.update(token.as_bytes());
    Some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_well_formed() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert!(looks_valid(&a));
        assert!(!looks_valid("bty_xyz"));
        assert_ne!(hash(&a), a);
    }

    #[test]
    fn each_anti_forgery_token_is_masked_afresh_and_each_is_accepted() {
        let secret = generate();
        let (a, b) = (csrf_token(b"key", &secret), csrf_token(b"key", &secret));
        assert_ne!(a, b);
        assert!(csrf_matches(b"key", &secret, &a));
        assert!(csrf_matches(b"key", &secret, &b));
        assert!(!csrf_matches(b"key", &generate(), &a));
        assert!(!csrf_matches(b"other key", &secret, &a));
        let unmasked = hex::encode(csrf_mac(b"key", &secret).unwrap().finalize().into_bytes());
        assert!(!csrf_matches(b"key", &secret, &unmasked));
        let mut altered = a.into_bytes();
        altered[70] = if altered[70] == b'0' { b'1' } else { b'0' };
        assert!(!csrf_matches(
            b"key",
            &secret,
            &String::from_utf8(altered).unwrap()
        ));
    }

    #[test]
    fn a_cookie_signed_with_another_key_is_refused() {
        let token = generate();
        let cookie = sign_for_cookie(b"key one", &token);
        assert_eq!(
            verify_cookie(b"key one", &cookie).as_deref(),
            Some(token.as_str())
        );
        assert_eq!(verify_cookie(b"key two", &cookie), None);
        assert_eq!(verify_cookie(b"key one", &token), None);
    }
}
