//! The fenced fast path of the action views (`views.rs`, the only user): JSON written straight
//! into one buffer, for the views that list pages repeat up to two hundred times.
//!
//! Through serde_json every key and every string value passes its escaper a byte at a time, and a
//! response grows from 128 bytes by reallocation: together a third of the instructions of a
//! 50-row action list. Here a key is written as the literal it is, a string that needs no escape
//! (nearly every one) is copied whole, and the buffer is sized once. A view that writes itself
//! this way keeps its derived `Serialize`, which its OpenAPI schema follows; the unit tests of
//! each such view compare its bytes with serde_json's.

use super::json_time;
use chrono::{DateTime, NaiveDate, Utc};

/// A view that writes itself as JSON, byte for byte as serde_json writes its `Serialize`.
pub trait WriteJson {
    fn write_json(&self, out: &mut JsonOut);
}

impl<T: WriteJson> WriteJson for [T] {
    fn write_json(&self, out: &mut JsonOut) {
        out.raw("[");
        for (n, item) in self.iter().enumerate() {
            if n > 0 {
                out.raw(",");
            }
            item.write_json(out);
        }
        out.raw("]");
    }
}

/// `view` as JSON text; `capacity` is a guess at its length in bytes.
pub fn bytes(view: &(impl WriteJson + ?Sized), capacity: usize) -> Vec<u8> {
    let mut out = JsonOut(Vec::with_capacity(capacity));
    view.write_json(&mut out);
    out.0
}

/// A JSON text being written.
pub struct JsonOut(Vec<u8>);

impl JsonOut {
    /// Punctuation and keys: text that is JSON as it stands.
    pub fn raw(&mut self, json: &'static str) {
        self.0.extend_from_slice(json.as_bytes());
    }

    /// A string, quoted and escaped as serde_json escapes it.
    pub fn str(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.0.reserve(bytes.len() + 2);
        self.0.push(b'"');
        // Sixteen bytes at a time without an early exit: the compiler checks them together.
        if bytes
            .chunks(16)
            .all(|chunk| !chunk.iter().fold(false, |any, &b| any | needs_escape(b)))
        {
            self.0.extend_from_slice(bytes);
        } else {
            self.escaped(bytes);
        }
        self.0.push(b'"');
    }

    fn escaped(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            if !needs_escape(b) {
                continue;
            }
            self.0.extend_from_slice(&bytes[run..i]);
            run = i + 1;
            let short = match b {
                b'"' => b'"',
                b'\\' => b'\\',
                0x08 => b'b',
                0x0c => b'f',
                b'\n' => b'n',
                b'\r' => b'r',
                b'\t' => b't',
                _ => {
                    let hex = [HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]];
                    self.0.extend_from_slice(b"\\u00");
                    self.0.extend_from_slice(&hex);
                    continue;
                }
            };
            self.0.extend_from_slice(&[b'\\', short]);
        }
        self.0.extend_from_slice(&bytes[run..]);
    }

    pub fn int(&mut self, n: i64) {
        self.0
            .extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
    }

    pub fn int_opt(&mut self, n: Option<i64>) {
        match n {
            Some(n) => self.int(n),
            None => self.raw("null"),
        }
    }

    pub fn bool(&mut self, b: bool) {
        self.raw(if b { "true" } else { "false" });
    }

    /// As [`json_time::instant`] writes it.
    pub fn instant(&mut self, t: &DateTime<Utc>) {
        match json_time::instant_text(t) {
            Some((buf, len)) => {
                self.0.push(b'"');
                self.0.extend_from_slice(&buf[..len]);
                self.0.push(b'"');
            }
            None => self.serde(t),
        }
    }

    pub fn instant_opt(&mut self, t: Option<&DateTime<Utc>>) {
        match t {
            Some(t) => self.instant(t),
            None => self.raw("null"),
        }
    }

    /// As [`json_time::date`] writes it.
    pub fn date(&mut self, d: NaiveDate) {
        match json_time::date_text(d) {
            Some(buf) => {
                self.0.push(b'"');
                self.0.extend_from_slice(&buf);
                self.0.push(b'"');
            }
            None => self.serde(&d),
        }
    }

    /// What serde_json writes for `value`: for the rare forms written nowhere else.
    fn serde(&mut self, value: &impl serde::Serialize) {
        // Writing into a Vec cannot fail, and chrono's types always serialise.
        let _ = serde_json::to_writer(&mut self.0, value);
    }
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// What `view` writes.
    pub(in crate::actions) fn written(view: &(impl WriteJson + ?Sized)) -> String {
        let mut out = JsonOut(Vec::new());
        view.write_json(&mut out);
        String::from_utf8(out.0).expect("the writer writes UTF-8")
    }

    /// Strings that exercise every escape serde_json makes, and some it does not.
    pub(in crate::actions) fn awkward_strings() -> Vec<String> {
        let mut all: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        all.extend(
            [
                "",
                "Provide the board with the after-operation report",
                "a \"quoted\" word and a back\\slash",
                "tab\tnew line\ncarriage\rform\u{c}backspace\u{8} bell\u{7} unit\u{1f}",
                "Pagsusuri sa Barangay Ñiño — “quotes” ‘and’ … ✓ 😀 \u{2028}\u{2029}\u{7f}",
                "sixteen bytes ok\"then a quote after the first chunk",
                "<script>alert(1)</script>' OR 1=1; --",
            ]
            .map(String::from),
        );
        all.push("x".repeat(1000) + "\u{0}");
        all
    }

    struct Text(String);

    impl WriteJson for Text {
        fn write_json(&self, out: &mut JsonOut) {
            out.str(&self.0);
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for s in awkward_strings() {
            assert_eq!(
                written(&Text(s.clone())),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn lists_are_arrays() {
        let none: Vec<Text> = Vec::new();
        assert_eq!(written(none.as_slice()), "[]");
        let two = [Text("a".into()), Text("b\"".into())];
        assert_eq!(written(two.as_slice()), r#"["a","b\""]"#);
    }
}
