//! Validated free text: names, labels and e-mail addresses.

use super::Invalid;
use super::refusal;

/// The longest name of a person, board or unit.
pub const NAME_MAX: usize = 200;

/// What [`Label::parse`] accepts, as an ECMA-262 pattern for the API description: a line with at
/// least one visible character and no control character, whitespace around it aside. The API's
/// schemas mark such fields with the format `single-line`.
pub const SINGLE_LINE_PATTERN: &str = r"^[\t\n\x0b\x0c\r ]*[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*[\t\n\x0b\x0c\r ]*$";

/// The same, or nothing but whitespace (an optional label left blank): the format
/// `single-line-or-blank`.
pub const SINGLE_LINE_OR_BLANK_PATTERN: &str = r"^\s*$|^[\t\n\x0b\x0c\r ]*[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*[\t\n\x0b\x0c\r ]*$";

/// A trimmed, non-empty single-line string of bounded length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label(String);

impl Label {
    pub fn parse(field: &'static str, raw: &str, max_chars: usize) -> Result<Self, Invalid> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(Invalid::new(field, refusal::text_empty()));
        }
        if raw.chars().count() > max_chars {
            return Err(Invalid::new(field, refusal::text_too_long(max_chars)));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(Invalid::new(field, refusal::text_single_line()));
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// An optional label: nothing but whitespace is none. The length counts what was sent, as
    /// [`Label::parse`] does, so a blank longer than `max_chars` is refused too.
    pub fn parse_optional(
        field: &'static str,
        raw: &str,
        max_chars: usize,
    ) -> Result<Option<Self>, Invalid> {
        if raw.trim().is_empty() && raw.chars().count() <= max_chars {
            return Ok(None);
        }
        Self::parse(field, raw, max_chars).map(Some)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// What [`check_text`] accepts, as an ECMA-262 pattern: the format `text`.
pub const TEXT_PATTERN: &str = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$";

/// The same with at least one visible character, for free text that must say something (an
/// incident's summary, a decision): the format `text-not-blank`.
pub const TEXT_NOT_BLANK_PATTERN: &str = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$";

/// Refuses free text (descriptions, notes, reasons) longer than `max` characters or holding
/// control characters other than line breaks and tabs: a NUL, for one, PostgreSQL cannot store.
pub fn check_text(field: &'static str, text: &str, max: usize) -> Result<(), Invalid> {
    if text.chars().count() > max {
        return Err(Invalid::new(field, refusal::text_too_long(max)));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Invalid::new(field, refusal::text_control_characters()));
    }
    Ok(())
}

/// [`check_text`] on the text as sent (the API's `maxLength` counts it whole), then trimmed.
pub fn trimmed(field: &'static str, raw: &str, max: usize) -> Result<String, Invalid> {
    check_text(field, raw, max)?;
    Ok(raw.trim().to_owned())
}

/// An e-mail address, lower-cased so that it identifies one account however it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, Invalid> {
        let email = raw.trim().to_lowercase();
        let invalid = || Invalid::new("email", refusal::text_not_email(raw.trim()));
        // At most 254 characters as sent (the API's maxLength) and 254 bytes as kept (SMTP's).
        if raw.chars().count() > 254
            || email.len() > 254
            || email.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid());
        }
        let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains('@')
            && !domain.contains("..");
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_text_keeps_line_breaks_and_refuses_other_control_characters() {
        assert!(check_text("note", "line one\r\nline two\tend", 100).is_ok());
        assert!(check_text("note", "nul\0inside", 100).is_err());
        assert!(check_text("note", "escape\u{1b}[1m", 100).is_err());
        assert!(check_text("note", "next line\u{85}", 100).is_err());
        assert!(check_text("note", "abcd", 3).is_err());
    }

    #[test]
    fn labels_are_trimmed_and_bounded_by_what_was_sent() {
        assert_eq!(
            Label::parse("name", "  Region VIII ", 14).unwrap().as_str(),
            "Region VIII"
        );
        // As the OpenAPI document's maxLength counts it: the text as sent.
        assert!(Label::parse("name", "  Region VIII ", 13).is_err());
        assert!(Label::parse("name", "   ", 10).is_err());
        assert!(Label::parse("name", "abcdefghijk", 10).is_err());
        assert!(Label::parse("name", "two\nlines", 20).is_err());
    }

    #[test]
    fn emails_are_lower_cased_and_checked() {
        assert_eq!(
            Email::parse(" Ana@Example.PH ").unwrap().as_str(),
            "ana@example.ph"
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.ph",
            "ana@example",
            "a b@example.ph",
            "ana@.ph",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        let longest = format!("{}@example.ph", "a".repeat(254 - "@example.ph".len()));
        assert!(Email::parse(&longest).is_ok());
        assert!(Email::parse(&format!(" {longest}")).is_err());
        assert!(Email::parse(&format!(" {} ", &longest[1..])).is_err());
    }

    #[test]
    fn trimmed_text_is_measured_as_sent() {
        assert_eq!(trimmed("note", "  kept  ", 8).unwrap(), "kept");
        assert!(trimmed("note", "  kept   ", 8).is_err());
        assert!(trimmed("note", "\u{b}kept", 8).is_err());
    }
}
