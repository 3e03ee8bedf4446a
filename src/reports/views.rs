//! What the reports' operations answer: a report's facts for the public, its summary for the
//! board's people, the whole report with its document; and the requests that draft and reply.

use super::document::{Assessment, ReportDocument};
use crate::db::DbConn;
use crate::db::reports::{self as store, Edition, Report};
use crate::domain::ids::{BoardId, ReportId, UnitId, UserId};
use crate::domain::report::{Language, ReportStatus, Signoff};
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A report without its document and without any person: what the public's lists show.
#[derive(Serialize, ToSchema)]
#[schema(as = ReportFacts)]
pub struct ReportFactsView {
    id: ReportId,
    board_id: BoardId,
    /// `YYYY-MM`.
    period: String,
    /// 1 for the first report of the month; a correction takes the next number.
    revision: i32,
    status: ReportStatus,
    /// SHA-256 of the report document (its canonical JSON).
    document_sha256: String,
    /// SHA-256 of the signed PDF, once published.
    pdf_sha256: Option<String>,
    supersedes_id: Option<ReportId>,
    drafted_at: DateTime<Utc>,
    approved_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    /// How it was approved and published, by role (never by name), and whether the board's
    /// two-person rule was in force.
    signoff: Signoff,
}

impl From<&Report> for ReportFactsView {
    fn from(r: &Report) -> Self {
        Self {
            id: r.id,
            board_id: r.board_id,
            period: r.period.clone(),
            revision: r.revision,
            status: r.status,
            document_sha256: r.document_sha256.clone(),
            pdf_sha256: r.pdf_sha256.clone(),
            supersedes_id: r.supersedes_id,
            drafted_at: r.drafted_at.and_utc(),
            approved_at: r.approved_at.map(|t| t.and_utc()),
            published_at: r.published_at.map(|t| t.and_utc()),
            signoff: r.signoff,
        }
    }
}

/// A report without its document, for the board's people: what their lists show.
#[derive(Serialize, ToSchema)]
#[schema(as = ReportSummary)]
pub struct ReportSummaryView {
    #[serde(flatten)]
    facts: ReportFactsView,
    /// The account that approved it.
    approved_by: Option<UserId>,
}

impl From<&Report> for ReportSummaryView {
    fn from(r: &Report) -> Self {
        Self {
            facts: r.into(),
            approved_by: r.approved_by,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    #[serde(flatten)]
    summary: ReportSummaryView,
    document: ReportDocument,
}

/// A report with its document.
pub fn view(r: &Report) -> Result<ReportView, AppError> {
    Ok(ReportView {
        summary: r.into(),
        document: super::document(r)?,
    })
}

/// A published report as the public sees it.
#[derive(Serialize, ToSchema)]
#[schema(as = PublicReport)]
pub struct PublicReportView {
    #[serde(flatten)]
    summary: ReportFactsView,
    board_name: String,
    /// The correction that replaces this report, if there is one.
    superseded_by: Option<ReportId>,
    /// Its signed PDF in each language, English first; `pdf_sha256` above is the English one's.
    editions: Vec<EditionView>,
}

/// One language edition of a published report.
#[derive(Serialize, ToSchema)]
#[schema(as = ReportEdition)]
pub struct EditionView {
    language: Language,
    /// SHA-256 of this edition's signed PDF.
    pdf_sha256: String,
    /// Where to download it.
    href: String,
}

/// A published (or superseded) report, its board's name and its editions, as the public's
/// pages and feed list it.
pub struct Published {
    pub report: Report,
    pub board_name: String,
    pub editions: Vec<Edition>,
}

impl Published {
    pub fn of(conn: &mut DbConn, report: Report) -> Result<Self, AppError> {
        let board_name = boards::find(conn, report.board_id)?.name;
        let editions = store::editions(conn, report.id)?;
        Ok(Self {
            report,
            board_name,
            editions,
        })
    }

    /// Where an edition's signed PDF is downloaded.
    pub fn pdf_href(&self, language: &str) -> String {
        let id = self.report.id;
        match language {
            "en" => format!("/api/v1/public/reports/{id}/pdf"),
            other => format!("/api/v1/public/reports/{id}/pdf?language={other}"),
        }
    }

    /// As the public reads it in the API, beside the correction that replaces it.
    pub fn view(&self, superseded_by: Option<ReportId>) -> PublicReportView {
        PublicReportView {
            summary: (&self.report).into(),
            board_name: self.board_name.clone(),
            superseded_by,
            editions: (self.editions.iter())
                .filter_map(|e| {
                    Some(EditionView {
                        language: e.language.parse().ok()?,
                        pdf_sha256: e.pdf_sha256.clone(),
                        href: self.pdf_href(&e.language),
                    })
                })
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = DraftRequest)]
pub struct DraftReportRequest {
    /// The month, `YYYY-MM`.
    #[schema(
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$",
        example = "2026-10"
    )]
    pub period: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReplyInput)]
pub struct ReplyRequest {
    /// The unit acknowledging: one the caller represents.
    pub unit_id: UnitId,
    /// A short reply, shown in the next month's report.
    #[serde(default)]
    #[schema(max_length = 1000, format = "text")]
    pub text: String,
}

/// The board's assessment of the month, in English, Filipino or both; a language left out (or
/// left blank) is not printed. Writing it sends an approved report back to draft.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = AssessmentInput)]
pub struct AssessmentRequest {
    #[serde(default)]
    pub en: Option<AssessmentText>,
    #[serde(default)]
    pub fil: Option<AssessmentText>,
}

/// The board's words in one language. They are published: they name no victim, complainant or
/// witness.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct AssessmentText {
    /// What went well this month.
    #[serde(default)]
    #[schema(max_length = 4000, format = "text")]
    pub went_well: String,
    /// What did not.
    #[serde(default)]
    #[schema(max_length = 4000, format = "text")]
    pub fell_short: String,
    /// What the board asks of the units.
    #[serde(default)]
    #[schema(max_length = 4000, format = "text")]
    pub asks: String,
}

/// The longest part of an assessment, in characters.
pub const ASSESSMENT_MAX: usize = 4000;

impl AssessmentRequest {
    /// The assessment as the document keeps it, one entry per language written.
    pub fn checked(&self) -> Result<Vec<Assessment>, AppError> {
        let mut out = Vec::new();
        for (language, text, fields) in [
            ("en", &self.en, ["en.went_well", "en.fell_short", "en.asks"]),
            (
                "fil",
                &self.fil,
                ["fil.went_well", "fil.fell_short", "fil.asks"],
            ),
        ] {
            let Some(text) = text else { continue };
            let [well, short, asks] = fields;
            let trimmed = crate::domain::text::trimmed;
            let written = Assessment {
                language: language.to_owned(),
                went_well: trimmed(well, &text.went_well, ASSESSMENT_MAX)?,
                fell_short: trimmed(short, &text.fell_short, ASSESSMENT_MAX)?,
                asks: trimmed(asks, &text.asks, ASSESSMENT_MAX)?,
            };
            if !(written.went_well.is_empty()
                && written.fell_short.is_empty()
                && written.asks.is_empty())
            {
                out.push(written);
            }
        }
        Ok(out)
    }
}

/// Which edition of a report's PDF.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EditionRequest {
    /// The edition's language; English when none is named.
    language: Option<Language>,
}

impl EditionRequest {
    pub fn language(&self) -> Language {
        self.language.unwrap_or(Language::En)
    }
}
