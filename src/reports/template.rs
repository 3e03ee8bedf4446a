//! The report's wording, section order and layout, one template per language a report is
//! published in (`report-templates/report.json` in English, `report.fil.json` in Filipino),
//! compiled in and checked at start; an operator may override them from a directory.

use serde::Deserialize;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// The built-in templates: language, file name, text. English comes first: it is the edition a
/// reader gets when they name no language.
const BUILT_IN: [(&str, &str, &str); 2] = [
    (
        "en",
        "report.json",
        include_str!("../../report-templates/report.json"),
    ),
    (
        "fil",
        "report.fil.json",
        include_str!("../../report-templates/report.fil.json"),
    ),
];
pub const FONT_REGULAR: &[u8] = include_bytes!("../../report-templates/DejaVuSans.ttf");
pub const FONT_BOLD: &[u8] = include_bytes!("../../report-templates/DejaVuSans-Bold.ttf");

pub const SECTIONS: [&str; 9] = [
    "assessment",
    "sessions",
    "decisions",
    "indicators",
    "incidents",
    "grievances",
    "actions",
    "replies",
    "integrity",
];

/// Every text the renderer asks for.
const TEXTS: &[&str] = &[
    "signoff_two_person",
    "signoff_rule_off_approved",
    "signoff_rule_off_alone",
    "signoff_not_recorded",
    "officer_secretary",
    "officer_member",
    "officer_parent_secretary",
    "officer_operator",
    "title",
    "subtitle",
    "board",
    "period",
    "revision",
    "contents",
    "page_of",
    "draft_mark",
    "suppression_note",
    "none",
    "sessions",
    "sessions_other",
    "col_date",
    "col_session",
    "col_attendees",
    "col_women",
    "col_men",
    "col_civil_society",
    "col_security",
    "decisions",
    "col_decision",
    "col_unit",
    "indicators",
    "col_code",
    "col_indicator",
    "col_baseline",
    "col_target",
    "col_actual",
    "col_status",
    "trend_chart",
    "incidents",
    "incidents_total",
    "by_harm",
    "by_region",
    "by_unit",
    "by_status",
    "by_category",
    "harm_chart",
    "col_label",
    "col_count",
    "grievances",
    "grievances_total",
    "median_days",
    "actions",
    "actions_total",
    "col_open",
    "col_reported_done",
    "col_verified",
    "col_overdue",
    "replies",
    "col_reply",
    "integrity",
    "integrity_text",
    "no_value",
    "attachment",
    "glance",
    "glance_no_previous",
    "col_figure",
    "col_this_month",
    "col_change",
    "no_change",
    "glance_sessions_held",
    "glance_decisions",
    "glance_incidents",
    "glance_victims",
    "glance_grievances_received",
    "glance_grievances_answer_due",
    "glance_grievances_answered_on_time",
    "glance_actions_opened",
    "glance_actions_verified",
    "glance_actions_overdue",
    "glance_indicators_on_track",
    "assessment",
    "assessment_none",
    "assessment_written_in_en",
    "assessment_written_in_fil",
    "went_well",
    "fell_short",
    "asks",
];

/// The values a text may name in braces.
const PLACEHOLDERS: &[&str] = &[
    "closed",
    "not_recorded",
    "uncounted",
    "approver",
    "publisher",
    "revision",
    "page",
    "pages",
    "below",
    "threshold",
    "cancelled",
    "postponed",
    "code",
    "total",
    "victims",
    "received",
    "ack_ok",
    "ack_due",
    "resp_ok",
    "resp_due",
    "days",
    "opened",
    "reported_done",
    "verified",
    "overdue",
    "document_sha256",
    "audit_seq",
    "audit_hash",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub margin_mm: f32,
    pub body_pt: f32,
    pub small_pt: f32,
    pub heading_pt: f32,
    pub title_pt: f32,
    pub line_height: f32,
    pub table_row_pt: f32,
    pub chart_height_mm: f32,
    pub accent: [f32; 3],
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The language the template is written in (`en`, `fil`): the edition it draws.
    #[serde(default = "english")]
    pub language: String,
    pub sections: Vec<String>,
    text: HashMap<String, String>,
    words: HashMap<String, String>,
    pub layout: Layout,
}

fn english() -> String {
    "en".to_owned()
}

/// The report's template in each language it is published in, English first.
#[derive(Debug)]
pub struct Templates(Vec<Template>);

impl Templates {
    /// The built-in templates, or those in `dir`: its `report.json` (required) and
    /// `report.fil.json` (the built-in Filipino one when it has none); each checked.
    pub fn load(dir: Option<&Path>) -> Result<Self, String> {
        let mut out = Vec::new();
        for (language, name, built_in) in BUILT_IN {
            let file = dir
                .map(|d| d.join(name))
                .filter(|f| language == "en" || f.exists());
            let (source, text) = match file {
                None => (
                    format!("the built-in report template {name}"),
                    built_in.to_owned(),
                ),
                Some(file) => {
                    let text = std::fs::read_to_string(&file)
                        .map_err(|e| format!("cannot read {}: {e}", file.display()))?;
                    (file.display().to_string(), text)
                }
            };
            let template: Template =
                serde_json::from_str(&text).map_err(|e| format!("{source}: {e}"))?;
            template.check().map_err(|e| format!("{source}: {e}"))?;
            if template.language != language {
                return Err(format!(
                    "{source}: its language is '{}', where '{language}' is expected",
                    template.language
                ));
            }
            out.push(template);
        }
        Ok(Self(out))
    }

    /// Every edition's template, English first.
    pub fn all(&self) -> &[Template] {
        &self.0
    }

    /// The template of `language`, or the English one.
    pub fn get(&self, language: &str) -> &Template {
        (self.0.iter())
            .find(|t| t.language == language)
            .unwrap_or(&self.0[0])
    }
}

impl Template {
    fn check(&self) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for s in &self.sections {
            if !SECTIONS.contains(&s.as_str()) {
                return Err(format!(
                    "unknown section '{s}'; sections are {}",
                    SECTIONS.join(", ")
                ));
            }
            if !seen.insert(s) {
                return Err(format!("section '{s}' is listed twice"));
            }
        }
        for key in TEXTS {
            if !self.text.contains_key(*key) {
                return Err(format!("text '{key}' is missing"));
            }
        }
        for (key, value) in &self.text {
            for name in placeholders(value) {
                if !PLACEHOLDERS.contains(&name) {
                    return Err(format!("text '{key}' names an unknown value {{{name}}}"));
                }
            }
        }
        let l = &self.layout;
        let sizes = [l.body_pt, l.small_pt, l.heading_pt, l.title_pt];
        if !(5.0..=40.0).contains(&l.margin_mm)
            || sizes.iter().any(|s| !(5.0..=40.0).contains(s))
            || !(1.0..=2.5).contains(&l.line_height)
            || !(8.0..=40.0).contains(&l.table_row_pt)
            || !(20.0..=150.0).contains(&l.chart_height_mm)
            || l.accent.iter().any(|c| !(0.0..=1.0).contains(c))
        {
            return Err(
                "layout out of range: margin 5–40 mm, sizes 5–40 pt, line height 1–2.5, row \
                 8–40 pt, chart 20–150 mm, accent components 0–1"
                    .to_owned(),
            );
        }
        Ok(())
    }

    /// A text with its `{name}` values filled in.
    pub fn text(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut out = self
            .text
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_owned());
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// How a stored word reads: the template's wording, else the word with spaces.
    pub fn word(&self, word: &str) -> String {
        self.words
            .get(word)
            .cloned()
            .unwrap_or_else(|| word.replace('_', " "))
    }
}

fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_template_is_complete() {
        let all = Templates::load(None).expect("built-in templates");
        let t = all.get("en");
        assert_eq!(t.sections.len(), SECTIONS.len());
        let fil = all.get("fil");
        assert_eq!(fil.language, "fil");
        assert_eq!(
            fil.text("page_of", &[("page", "2"), ("pages", "9")]),
            "Pahina 2 ng 9"
        );
        assert_eq!(fil.word("property_destroyed"), "Nasirang ari-arian");
        assert_eq!(
            t.text("page_of", &[("page", "2"), ("pages", "9")]),
            "Page 2 of 9"
        );
        assert_eq!(t.word("property_destroyed"), "Property destroyed");
        assert_eq!(t.word("unheard_of"), "unheard of");
    }

    #[test]
    fn a_broken_override_is_refused_with_its_reason() {
        let dir = std::env::temp_dir().join(format!("bantay-template-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let mut json: serde_json::Value = serde_json::from_str(BUILT_IN[0].2).expect("json");
        json["sections"] = serde_json::json!(["sessions", "gossip"]);
        std::fs::write(dir.join("report.json"), json.to_string()).expect("write");
        let e = Templates::load(Some(&dir)).expect_err("refused");
        assert!(e.contains("unknown section 'gossip'"), "{e}");
        json["sections"] = serde_json::json!(["sessions"]);
        json["text"]["title"] = serde_json::json!("Report of {nobody}");
        std::fs::write(dir.join("report.json"), json.to_string()).expect("write");
        let e = Templates::load(Some(&dir)).expect_err("refused");
        assert!(e.contains("{nobody}"), "{e}");
        json["text"]["title"] = serde_json::json!("Report");
        json["layout"]["margin_mm"] = serde_json::json!(0);
        std::fs::write(dir.join("report.json"), json.to_string()).expect("write");
        assert!(Templates::load(Some(&dir)).is_err());
        // A Filipino template that is the English one again is not taken for Filipino.
        json["layout"]["margin_mm"] = serde_json::json!(18);
        std::fs::write(dir.join("report.json"), json.to_string()).expect("write");
        assert!(Templates::load(Some(&dir)).is_ok());
        std::fs::write(dir.join("report.fil.json"), json.to_string()).expect("write");
        let e = Templates::load(Some(&dir)).expect_err("refused");
        assert!(e.contains("where 'fil' is expected"), "{e}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
