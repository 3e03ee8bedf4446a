//! Message catalogues: every word a page shows, per language, from `locales/<code>.json` (a flat
//! object of key → text, `{name}` for a value filled in). English is complete by rule; the
//! others are checked at start to have the same keys and the same placeholders.

use crate::domain::refusal::{Reason, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

pub const DEFAULT: &str = "en";

pub struct Catalogue {
    pub code: &'static str,
    /// The language's name in itself, for the switch.
    pub name: String,
    messages: BTreeMap<String, String>,
}

impl Catalogue {
    /// The text for `key`; a missing key shows as itself, which the start-up check rules out.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.messages.get(key).map_or(key, String::as_str)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        substitute(self.get(key), |name| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    /// A refusal in these words.
    pub fn say(&self, reason: &Reason) -> String {
        let key = format!("refusal.{}", reason.code());
        substitute(self.get(&key), |name| {
            reason
                .values()
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| match value {
                    Value::Text(text) => text.clone(),
                    Value::Word(key) => self.get(key).to_owned(),
                })
        })
    }

    /// `fill` with one value, for templates.
    pub fn fill1(&self, key: &str, name: &str, value: impl std::fmt::Display) -> String {
        self.fill(key, &[(name, &value)])
    }

    /// `fill` with two values, for templates.
    pub fn fill2(
        &self,
        key: &str,
        name: &str,
        value: impl std::fmt::Display,
        other: &str,
        other_value: impl std::fmt::Display,
    ) -> String {
        self.fill(key, &[(name, &value), (other, &other_value)])
    }
}

/// `text` with each `{name}` replaced by `value(name)`, in one pass, so that a value is never read
/// for placeholders of its own.
fn substitute(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .split_once('}')
            .and_then(|(name, tail)| Some((value(name)?, tail)))
        {
            Some((shown, tail)) => {
                out.push_str(&shown);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn load() -> Result<Vec<Catalogue>, String> {
    let mut all = Vec::new();
    for (code, json) in CATALOGUES {
        let messages: BTreeMap<String, String> = serde_json::from_str(json)
            .map_err(|e| format!("locales/{code}.json is not a flat JSON object of texts: {e}"))?;
        let name = messages
            .get("language.name")
            .cloned()
            .ok_or_else(|| format!("locales/{code}.json has no \"language.name\""))?;
        all.push(Catalogue {
            code,
            name,
            messages,
        });
    }
    let english = all
        .iter()
        .find(|c| c.code == DEFAULT)
        .ok_or("locales/en.json is missing")?;
    for c in &all {
        for (key, text) in &english.messages {
            let theirs = c
                .messages
                .get(key)
                .ok_or_else(|| format!("locales/{}.json lacks \"{key}\"", c.code))?;
            if placeholders(theirs) != placeholders(text) {
                return Err(format!(
                    "locales/{}.json: \"{key}\" must use the placeholders {:?}",
                    c.code,
                    placeholders(text)
                ));
            }
        }
        if let Some(extra) = c
            .messages
            .keys()
            .find(|k| !english.messages.contains_key(*k))
        {
            return Err(format!(
                "locales/{}.json has \"{extra}\", which English does not",
                c.code
            ));
        }
    }
    all.sort_by_key(|c| (c.code != DEFAULT, c.code));
    Ok(all)
}

static ALL: LazyLock<Result<Vec<Catalogue>, String>> = LazyLock::new(load);

/// Checks the catalogues; the server refuses to start on an error.
pub fn check() -> Result<(), String> {
    ALL.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// Every catalogue, English first; empty only if `check` failed.
pub fn all() -> &'static [Catalogue] {
    ALL.as_deref().unwrap_or_default()
}

/// `code` itself, if a catalogue has it.
pub fn known(code: &str) -> Option<&'static str> {
    all().iter().find(|c| c.code == code).map(|c| c.code)
}

/// The catalogue for `code`, or English.
pub fn catalogue(code: &str) -> &'static Catalogue {
    let all = all();
    all.iter()
        .find(|c| c.code == code)
        .or_else(|| all.first())
        .unwrap_or_else(|| unreachable!("check() runs before any page"))
}

/// The first language of an `Accept-Language` header that has a catalogue.
pub fn negotiate(accept_language: &str) -> Option<&'static str> {
    let mut wanted: Vec<(f32, &str)> = accept_language
        .split(',')
        .filter_map(|part| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0 && !tag.is_empty()).then_some((q, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0));
    wanted.iter().find_map(|(_, tag)| {
        let primary = tag
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        // Tagalog is the base of Filipino; browsers send either.
        let primary = if primary == "tl" {
            "fil".to_owned()
        } else {
            primary
        };
        known(&primary)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_has_english_s_keys_and_placeholders() {
        check().expect("catalogues");
        assert!(all().len() >= 2);
        assert_eq!(all()[0].code, "en");
    }

    #[test]
    fn the_browser_s_languages_pick_a_catalogue() {
        assert_eq!(negotiate("fil-PH,fil;q=0.9,en;q=0.8"), Some("fil"));
        assert_eq!(negotiate("tl"), Some("fil"));
        assert_eq!(negotiate("de;q=0.9,en;q=0.5"), Some("en"));
        assert_eq!(negotiate("de"), None);
        assert_eq!(negotiate("fil;q=0, en; q=0.5"), Some("en"));
        assert_eq!(negotiate("fil; q=0.9"), Some("fil"));
        assert_eq!(
            catalogue("fil").fill1("grievance.filed.code", "code", "X"),
            catalogue("fil")
                .get("grievance.filed.code")
                .replace("{code}", "X")
        );
    }
}

#[cfg(test)]
mod refusal_tests {
    use super::all;

    /// The sentence without its `{values}` and `code spans`: the words a person reads.
    fn prose(text: &str) -> String {
        let mut out = String::new();
        let mut skip_until = None;
        for ch in text.chars() {
            match (skip_until, ch) {
                (Some(end), c) if c == end => skip_until = None,
                (Some(_), _) => {}
                (None, '{') => skip_until = Some('}'),
                (None, '`') => skip_until = Some('`'),
                (None, c) => out.push(c),
            }
        }
        out
    }

    /// No refusal names an internal field (`board_id`, `due_date`) to the person who reads it,
    /// and a Filipino page never falls back to the English sentence.
    #[test]
    fn every_refusal_reads_as_words_in_every_language() {
        let english = &all()[0];
        let mut faults = Vec::new();
        for c in all() {
            for (key, text) in c.messages.iter().filter(|(k, _)| k.starts_with("refusal.")) {
                let snake = prose(text)
                    .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                    .any(|word| word.contains('_') && word.chars().any(char::is_alphabetic));
                if snake || text.trim().is_empty() {
                    faults.push(format!("{}: {key}: {text}", c.code));
                }
                if c.code != english.code && text == english.get(key) {
                    faults.push(format!("{}: {key} is the English sentence", c.code));
                }
            }
        }
        assert!(faults.is_empty(), "{faults:#?}");
    }
}

#[cfg(test)]
mod vocabulary_tests {
    use super::catalogue;
    use crate::domain::{action, grievance, incident, indicator, meeting, report};

    /// Every value a page names through `Ctx::word` has its words in the English catalogue
    /// (and so, by the start-up check, in every other).
    #[test]
    fn every_value_the_pages_name_has_its_words() {
        let en = catalogue("en");
        let mut missing = Vec::new();
        let mut check = |vocabulary: &str, values: Vec<&str>| {
            for v in values {
                let key = format!("{vocabulary}.{v}");
                if en.get(&key) == key {
                    missing.push(key);
                }
            }
        };
        check(
            "action_status",
            action::ActionStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "source_kind",
            action::SourceKind::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check("update_kind", vec!["status", "verified", "sent_back"]);
        check(
            "meeting_status",
            meeting::MeetingStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "minutes_status",
            meeting::MinutesStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "sector",
            meeting::Sector::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            "sex",
            meeting::Sex::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            "report_status",
            report::ReportStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "status",
            grievance::GrievanceStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "category",
            grievance::GrievanceCategory::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "incident_status",
            incident::IncidentStatus::ALL
                .iter()
                .map(|v| v.as_str())
                .collect(),
        );
        check(
            "harm",
            incident::Harm::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            "severity",
            incident::Severity::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check(
            "indicator_status",
            indicator::Status::ALL.iter().map(|v| v.as_str()).collect(),
        );
        check("role", vec!["secretary", "member", "representative"]);
        assert!(
            missing.is_empty(),
            "missing from locales/en.json: {missing:?}"
        );
    }
}
