//! The monthly accountability report as data: one plain, serialisable document from which the
//! PDF is drawn. Nothing here can hold a person: there are no fields for names, contacts,
//! narratives or places finer than a region, and every count that concerns people harmed or
//! complaining is already suppressed below the threshold (a `Shown` string such as `<5`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The version of this document's shape; raised when fields change meaning.
pub const FORMAT: u32 = 2;

/// A count as published: exact, or `<N` below the small-count threshold.
pub type Shown = String;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReportDocument {
    pub format: u32,
    pub board: BoardPart,
    /// `YYYY-MM`.
    pub period: String,
    pub small_count_threshold: u32,
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
    /// The canonical bytes: compact JSON in field order.
    pub fn canonical(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical bytes, in hex.
    pub fn sha256(&self) -> String {
        hex::encode(Sha256::digest(self.canonical()))
    }
}
