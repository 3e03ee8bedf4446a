//! Grievance tracking codes: unguessable, short, and easy to read aloud and type. Twelve
//! characters from an alphabet without 0/O, 1/I/L or U/V confusions (about 58 bits), shown in
//! groups of four; typing is forgiving about case, spaces and dashes.

use sha2::{Digest, Sha256};
use std::fmt;

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";
const LENGTH: usize = 12;

#[derive(Clone, PartialEq, Eq)]
pub struct TrackingCode(String);

impl TrackingCode {
    pub fn generate() -> Self {
        use rand::Rng;
        let mut rng = rand::rng();
        let code = (0..LENGTH)
            .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
            .collect();
        Self(code)
    }

    /// A code as someone typed it, or `None` if it cannot be one (which callers answer exactly
    /// as they answer a well-formed code that does not exist).
    pub fn parse(raw: &str) -> Option<Self> {
        let code: String = raw
            .chars()
            .filter(|c| !matches!(c, '-' | ' '))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let valid = code.len() == LENGTH && code.bytes().all(|b| ALPHABET.contains(&b));
        valid.then_some(Self(code))
    }

    /// What the database keeps: the code itself is a secret held only by the filer.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}-{}", &self.0[..4], &self.0[4..8], &self.0[8..])
    }
}

impl fmt::Debug for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TrackingCode(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_however_they_are_typed() {
        let code = TrackingCode::generate();
        let shown = code.to_string();
        assert_eq!(shown.len(), 14);
        assert_eq!(TrackingCode::parse(&shown), Some(code.clone()));
        assert_eq!(
            TrackingCode::parse(&shown.to_lowercase().replace('-', " ")),
            Some(code)
        );
    }

    #[test]
    fn confusable_characters_never_appear_and_are_refused() {
        for _ in 0..1000 {
            let code = TrackingCode::generate().to_string();
            assert!(
                !code.contains(['0', 'O', '1', 'I', 'L', 'U', 'V']),
                "{code}"
            );
        }
        assert_eq!(TrackingCode::parse("ABCD-EFGH-JK0M"), None);
        assert_eq!(TrackingCode::parse("ABCD-EFGH-JKM"), None);
        assert_eq!(TrackingCode::parse(""), None);
    }

    #[test]
    fn about_fifty_eight_bits_and_no_repeats_in_practice() {
        let bits = (ALPHABET.len() as f64).log2() * LENGTH as f64;
        assert!(bits > 58.0, "{bits}");
        let codes: std::collections::HashSet<String> = (0..10_000)
            .map(|_| TrackingCode::generate().to_string())
            .collect();
        assert_eq!(codes.len(), 10_000);
    }
}
