//! The monthly accountability report as data: one plain, serialisable document from which the
//! PDF is drawn. Nothing here can hold a person: there are no fields for names, contacts,
//! narratives or places finer than a region, and every count that concerns people harmed or
//! complaining is already suppressed below the threshold (a `Shown` string such as `<5`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of this document's shape; raised when fields change meaning. Format 3 added the
/// at-a-glance figures and the board's assessment; earlier documents read with both empty.
pub const FORMAT: u32 = 3;

/// A count as published: exact, or `<N` below the small-count threshold.
pub type Shown = String;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportDocument {
    pub format: u32,
    pub board: BoardPart,
    /// `YYYY-MM`.
    pub period: String,
    pub small_count_threshold: u32,
    /// The month's key figures beside the previous month's.
    #[serde(default, skip_serializing_if = "Glance::is_empty")]
    pub glance: Glance,
    /// The board's own words on the month, in each language the secretary wrote them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment: Vec<Assessment>,
    pub sessions: Sessions,
    pub decisions: Vec<DecisionLine>,
    pub indicators: Vec<IndicatorLine>,
    pub incidents: Incidents,
    pub grievances: Grievances,
    pub actions: Actions,
    /// What units answered to the previous published report.
    pub unit_replies: Vec<UnitReply>,
    /// The audit chain's head when the report was drafted.
    pub audit_head: AuditHead,
}

/// The month's key figures, each beside the previous month's as its published report gave it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Glance {
    /// The month compared with (`YYYY-MM`); none when that month has no published report.
    pub previous_period: Option<String>,
    pub figures: Vec<KeyFigure>,
}

impl Glance {
    fn is_empty(&self) -> bool {
        self.figures.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct KeyFigure {
    /// Which figure: `sessions_held`, `decisions`, `incidents`, `victims`,
    /// `grievances_received`, `grievances_answer_due`, `grievances_answered_on_time`,
    /// `actions_opened`, `actions_verified`, `actions_overdue`, `indicators_on_track`.
    pub key: String,
    pub value: Shown,
    /// The previous month's, when it was published.
    pub previous: Option<Shown>,
}

impl KeyFigure {
    /// How far the figure moved since the previous month; none when either side is unknown or
    /// suppressed, since a difference from `<5` would tell what suppression hides.
    pub fn change(&self) -> Option<i64> {
        let now: i64 = self.value.parse().ok()?;
        let before: i64 = self.previous.as_deref()?.parse().ok()?;
        Some(now - before)
    }

    /// The change as printed: `+3`, `−2`, `no_change`'s words, or `—` where it cannot be told.
    pub fn change_shown(&self, no_change: &str) -> String {
        match self.change() {
            Some(0) => no_change.to_owned(),
            Some(d) if d > 0 => format!("+{d}"),
            Some(d) => format!("−{}", d.unsigned_abs()),
            None => "—".to_owned(),
        }
    }

    /// The previous month's figure as printed: `—` when that month was not published.
    pub fn previous_shown(&self) -> String {
        self.previous.clone().unwrap_or_else(|| "—".to_owned())
    }
}

/// The board's assessment of the month in one language: what went well, what did not, and what
/// the board asks of the units. Written by the secretary in the draft, approved and signed with
/// it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Assessment {
    /// `en` or `fil`.
    pub language: String,
    pub went_well: String,
    pub fell_short: String,
    pub asks: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BoardPart {
    pub id: i64,
    pub name: String,
    pub level: String,
    pub time_zone: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Sessions {
    /// Public sessions held, each with its attendance.
    pub held: Vec<SessionLine>,
    /// Sessions closed to the public that were held: counted, without any detail.
    pub closed_held: u32,
    /// Past sessions with neither attendance nor minutes recorded: not counted as held, since
    /// nothing shows they took place.
    pub not_recorded: u32,
    pub cancelled: u32,
    pub postponed: u32,
    /// Attendance over the public sessions held.
    pub attendance: Attendance,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SessionLine {
    /// Local date.
    pub date: String,
    pub title: String,
    pub attendance: Attendance,
}

/// How many attended, by sex and by sector: institutional counts, shown exactly.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Attendance {
    pub total: u32,
    pub female: u32,
    pub male: u32,
    pub other: u32,
    pub not_stated: u32,
    pub civil_society: u32,
    pub military: u32,
    pub police: u32,
    pub government: u32,
    pub other_sector: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DecisionLine {
    pub session_date: String,
    pub text: String,
    /// The unit responsible, by name.
    pub unit: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct IndicatorLine {
    pub code: String,
    pub name: String,
    pub unit: String,
    pub direction: String,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub actual: Option<f64>,
    pub status: String,
    /// The twelve months up to the report's, oldest first: `(YYYY-MM, value)`.
    pub trend: Vec<(String, Option<f64>)>,
}

/// One line of a breakdown: a label and its count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CountLine {
    pub label: String,
    pub count: Shown,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Incidents {
    /// Incidents that occurred in the month.
    pub total: Shown,
    /// Victims counted, over the incidents whose victims were counted.
    pub victims: Shown,
    /// Incidents whose victims are not counted yet: their victims are unknown, not zero.
    pub victims_not_counted: Shown,
    pub by_harm: Vec<CountLine>,
    pub by_region: Vec<CountLine>,
    /// By the unit expected to respond.
    pub by_unit: Vec<CountLine>,
    pub by_status: Vec<CountLine>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Grievances {
    /// Grievances filed in the month.
    pub received: Shown,
    pub by_category: Vec<CountLine>,
    /// By the unit they were referred to.
    pub by_unit: Vec<CountLine>,
    pub by_status: Vec<CountLine>,
    /// Of those whose deadline has passed, how many were met.
    pub acknowledged_on_time: Shown,
    pub acknowledgement_due: Shown,
    pub responded_on_time: Shown,
    pub response_due: Shown,
    /// Median days from filing to a decision, over grievances decided in the month.
    pub median_days_to_decision: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Actions {
    pub opened: u32,
    pub reported_done: u32,
    pub verified: u32,
    /// Not verified and past their due date at the month's end.
    pub overdue: u32,
    pub by_unit: Vec<UnitActions>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitActions {
    pub unit: String,
    pub open: u32,
    pub reported_done: u32,
    pub verified: u32,
    pub overdue: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct UnitReply {
    pub unit: String,
    pub text: String,
    /// UTC, RFC 3339.
    pub at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

impl ReportDocument {
    /// The month's key figures, in the order the at-a-glance page lists them.
    pub fn key_figures(&self) -> Vec<(&'static str, Shown)> {
        let (s, g, a) = (&self.sessions, &self.grievances, &self.actions);
        let on_track = (self.indicators.iter())
            .filter(|i| i.status == "on_track")
            .count();
        vec![
            (
                "sessions_held",
                (s.held.len() + s.closed_held as usize).to_string(),
            ),
            ("decisions", self.decisions.len().to_string()),
            ("incidents", self.incidents.total.clone()),
            ("victims", self.incidents.victims.clone()),
            ("grievances_received", g.received.clone()),
            ("grievances_answer_due", g.response_due.clone()),
            ("grievances_answered_on_time", g.responded_on_time.clone()),
            ("actions_opened", a.opened.to_string()),
            ("actions_verified", a.verified.to_string()),
            ("actions_overdue", a.overdue.to_string()),
            ("indicators_on_track", on_track.to_string()),
        ]
    }

    /// The at-a-glance figures of this document beside those of the previous month's published
    /// one.
    pub fn glance_against(&self, previous: Option<&ReportDocument>) -> Glance {
        let before: Vec<(&str, Shown)> = previous.map(Self::key_figures).unwrap_or_default();
        let figures = (self.key_figures().into_iter())
            .map(|(key, value)| KeyFigure {
                key: key.to_owned(),
                value,
                previous: (before.iter())
                    .find(|(k, _)| *k == key)
                    .map(|(_, v)| v.clone()),
            })
            .collect();
        Glance {
            previous_period: previous.map(|p| p.period.clone()),
            figures,
        }
    }

    /// The board's assessment in `language`, else in the other language it was written in.
    pub fn assessment_in(&self, language: &str) -> Option<&Assessment> {
        (self.assessment.iter())
            .find(|a| a.language == language)
            .or(self.assessment.first())
    }

    /// The canonical bytes: compact JSON in field order.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical bytes, in hex.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.canonical()))
    }
}

#[cfg(test)]
mod tests {
    use super::KeyFigure;

    #[test]
    fn a_change_is_shown_only_between_two_exact_counts() {
        let f = |value: &str, previous: Option<&str>| KeyFigure {
            key: "incidents".to_owned(),
            value: value.to_owned(),
            previous: previous.map(str::to_owned),
        };
        assert_eq!(f("7", Some("4")).change(), Some(3));
        assert_eq!(f("0", Some("6")).change(), Some(-6));
        assert_eq!(f("<5", Some("9")).change(), None);
        assert_eq!(f("9", Some("<5")).change(), None);
        assert_eq!(f("9", None).change(), None);
    }
}
