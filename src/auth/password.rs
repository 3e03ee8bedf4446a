//! Argon2id password hashes and the password rules.

use crate::domain::Invalid;
use crate::domain::refusal;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 256;
/// Passwords this common are refused: the most used ones of zxcvbn's list (30,000 from leaked
/// password dumps), compiled into the binary with the crate.
const COMMON_RANK: usize = 10_000;

/// A password that meets the rules; it can only be hashed, never displayed.
pub struct NewPassword(String);

impl NewPassword {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let chars = raw.chars().count();
        if chars < MIN_CHARS {
            return Err(Invalid::new(
                "password",
                refusal::password_too_short(MIN_CHARS),
            ));
        }
        if chars > MAX_CHARS {
            return Err(Invalid::new(
                "password",
                refusal::password_too_long(MAX_CHARS),
            ));
        }
        if is_common(raw) {
            return Err(Invalid::new("password", refusal::password_common()));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn hash(&self) -> anyhow::Result<String> {
        let hash = Argon2::default()
            .hash_password(self.0.as_bytes())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))?;
        Ok(hash.to_string())
    }
}

/// Whether the whole password is one of the most common, whatever its capitals (or reversed, or
/// with letters written as digits, as zxcvbn also matches them).
fn is_common(password: &str) -> bool {
    use zxcvbn::matching::patterns::MatchPattern;
    let estimate = zxcvbn::zxcvbn(password, &[]);
    // The crate does not export the name of its lists' type; its Debug form names the list.
    match estimate.sequence() {
        [whole] => matches!(
            &whole.pattern,
            MatchPattern::Dictionary(d)
                if format!("{:?}", d.dictionary_name) == "Passwords" && d.rank <= COMMON_RANK
        ),
        _ => false,
    }
}

/// Whether `password` matches the stored PHC string; a malformed hash never matches.
pub fn verify(password: &str, stored_hash: &str) -> bool {
    password.len() <= MAX_CHARS * 4
        && Argon2::default()
            .verify_password(password.as_bytes(), stored_hash)
            .is_ok()
}

/// A random password that is easy to read aloud and type: four groups of four characters from
/// an alphabet without look-alikes (no 0/o, 1/l/i).
pub fn generate_readable() -> String {
    use rand::seq::IndexedRandom;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let groups: Vec<String> = (0..4)
        .map(|_| {
            (0..4)
                .filter_map(|_| ALPHABET.choose(&mut rng).map(|&b| char::from(b)))
                .collect()
        })
        .collect();
    groups.join("-")
}

/// A hash to verify against when the account does not exist, so that the answer takes as long
/// as for a real account and does not reveal which e-mail addresses are registered.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| {
        NewPassword("decoy password never used".to_owned())
            .hash()
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "qwerty123456" and "leavemealone" rank 1,850 and 2,903 in zxcvbn's list.
    #[test]
    fn the_most_common_passwords_are_refused_whatever_their_capitals() {
        for common in [
            "qwerty123456",
            "Qwerty123456",
            "LEAVEMEALONE",
            "1qaz2wsx3edc",
        ] {
            let refused = NewPassword::parse(common).err().expect(common);
            assert_eq!(refused.reason, refusal::password_common(), "{common}");
        }
        for fine in [
            "qwerty123456 tamaraw",
            "a long test password",
            "leave me alone",
        ] {
            assert!(NewPassword::parse(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn a_hash_verifies_only_its_own_password() {
        let hash = NewPassword::parse("correct horse battery")
            .unwrap()
            .hash()
            .unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &hash));
        assert!(!verify("correct horse battery!", &hash));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn generated_passwords_meet_the_rules() {
        let p = generate_readable();
        assert_eq!(p.len(), 19);
        assert!(NewPassword::parse(&p).is_ok());
        assert_ne!(p, generate_readable());
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(NewPassword::parse("short").is_err());
        assert!(NewPassword::parse(&"x".repeat(MAX_CHARS + 1)).is_err());
    }
}
