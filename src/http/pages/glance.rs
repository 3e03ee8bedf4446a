//! A report's at-a-glance figures and the board's assessment, as the report's public page and
//! the secretary's assessment page show them, in the reader's language.

use super::Ctx;
use crate::reports::document::{Assessment, ReportDocument};

/// One key figure: this month's, the previous month's, and how far it moved.
pub struct GlanceRow {
    pub label: String,
    pub value: String,
    pub previous: String,
    pub change: String,
}

pub struct GlanceView {
    /// The heading of the previous month's column.
    pub previous_heading: String,
    pub rows: Vec<GlanceRow>,
    /// How small counts are shown, when the report hides any.
    pub suppression: Option<String>,
}

impl GlanceView {
    pub fn of(c: &Ctx, doc: &ReportDocument) -> Self {
        let (t, glance, threshold) = (c.t, &doc.glance, doc.small_count_threshold);
        let rows = (glance.figures.iter())
            .map(|f| GlanceRow {
                label: t.get(&format!("glance.{}", f.key)).to_owned(),
                value: f.value.clone(),
                previous: f.previous_shown(),
                change: f.change_shown(t.get("glance.no_change")),
            })
            .collect();
        Self {
            previous_heading: match &glance.previous_period {
                Some(period) => period.clone(),
                None => t.get("glance.no_previous").to_owned(),
            },
            rows,
            suppression: (threshold > 1).then(|| {
                t.fill2(
                    "glance.suppressed",
                    "below",
                    threshold - 1,
                    "threshold",
                    threshold,
                )
            }),
        }
    }
}

/// The board's words in the reader's language where the secretary wrote them in it, else in
/// the language they were written in, saying which.
pub struct AssessmentView {
    pub written_in: Option<String>,
    pub parts: Vec<(String, String)>,
}

impl AssessmentView {
    pub fn of(c: &Ctx, doc: &ReportDocument) -> Option<Self> {
        let t = c.t;
        let a: &Assessment = doc.assessment_in(t.code)?;
        let parts = [
            ("assessment.went_well", &a.went_well),
            ("assessment.fell_short", &a.fell_short),
            ("assessment.asks", &a.asks),
        ];
        Some(Self {
            written_in: (a.language != t.code).then(|| {
                t.get(&format!("assessment.written_in_{}", a.language))
                    .to_owned()
            }),
            parts: (parts.into_iter())
                .filter(|(_, text)| !text.is_empty())
                .map(|(key, text)| (t.get(key).to_owned(), text.clone()))
                .collect(),
        })
    }
}
