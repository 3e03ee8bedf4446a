//! The requests of an incident's operations, as the board types them through the API or a page,
//! before they are checked: to record one, to change one, to list them, to sum them up.

use super::IncidentDraft;
use crate::db::incidents::{Identity, Parts, Perpetrator, Secret, Source, VictimCount};
use crate::domain::Invalid;
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{Harm, IncidentStatus, ResponseKind, Severity};
use crate::domain::refusal;
use crate::domain::request::nullable;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, Deserialize, ToSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: f64,
}

/// A local time of day as typed, `HH:MM`.
pub fn parse_time(raw: &str) -> Result<NaiveTime, Invalid> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .map_err(|_| Invalid::new("occurred_time", refusal::incident_time_invalid(raw)))
}

/// An incident to record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IncidentInput)]
pub struct RecordIncidentRequest {
    pub board_id: BoardId,
    pub occurred_on: NaiveDate,
    /// Local time of day, `HH:MM`, if known.
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub occurred_time: Option<String>,
    #[schema(min_length = 1, max_length = 100, format = "single-line")]
    pub region: String,
    #[serde(default)]
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub province: String,
    #[serde(default)]
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub municipality: String,
    /// What happened, without names: the unit concerned reads this.
    #[schema(min_length = 1, max_length = 2000, format = "text-not-blank")]
    pub summary: String,
    pub severity: Severity,
    /// The unit expected to respond; by default the first unit alleged.
    pub unit_id: Option<UnitId>,
    #[schema(min_items = 1)]
    pub harms: Vec<Harm>,
    #[serde(default)]
    pub victims: Vec<VictimCount>,
    #[serde(default)]
    pub perpetrators: Vec<Perpetrator>,
    /// The full account (confidential: the secretariat only).
    #[serde(default)]
    #[schema(max_length = 20000, format = "text")]
    pub narrative: String,
    /// Exact place (confidential).
    pub coordinates: Option<Coordinates>,
    /// Who the victims are (confidential).
    #[serde(default)]
    pub victim_identities: Vec<Identity>,
    #[serde(default)]
    pub sources: Vec<Source>,
}

impl TryFrom<RecordIncidentRequest> for IncidentDraft {
    type Error = Invalid;

    fn try_from(b: RecordIncidentRequest) -> Result<Self, Invalid> {
        Ok(IncidentDraft {
            board_id: b.board_id,
            occurred_on: b.occurred_on,
            occurred_time: b.occurred_time.as_deref().map(parse_time).transpose()?,
            region: b.region,
            province: b.province,
            municipality: b.municipality,
            summary: b.summary,
            severity: b.severity,
            unit_id: b.unit_id,
            parts: Parts {
                harms: b.harms,
                victims: b.victims,
                perpetrators: b.perpetrators,
            },
            secret: Secret {
                narrative: b.narrative,
                coordinates: b.coordinates.map(|c| (c.latitude, c.longitude)),
                identities: b.victim_identities,
                sources: b.sources,
            },
        })
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ResponseInput)]
pub struct RecordResponseRequest {
    pub kind: ResponseKind,
    /// What the security sector did.
    #[schema(min_length = 1, max_length = 20000, format = "text-not-blank")]
    pub text: String,
}

/// Corrections replace what they name (lists whole); `response` records what the security
/// sector did; `status` takes the next step. All or nothing.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = IncidentPatch)]
pub struct ChangeIncidentRequest {
    pub occurred_on: Option<NaiveDate>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub occurred_time: Option<Option<String>>,
    #[schema(min_length = 1, max_length = 100, format = "single-line")]
    pub region: Option<String>,
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub province: Option<String>,
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub municipality: Option<String>,
    #[schema(min_length = 1, max_length = 2000, format = "text-not-blank")]
    pub summary: Option<String>,
    pub severity: Option<Severity>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    pub unit_id: Option<Option<UnitId>>,
    #[schema(min_items = 1)]
    pub harms: Option<Vec<Harm>>,
    pub victims: Option<Vec<VictimCount>>,
    pub perpetrators: Option<Vec<Perpetrator>>,
    #[schema(max_length = 20000, format = "text")]
    pub narrative: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Coordinates>)]
    pub coordinates: Option<Option<Coordinates>>,
    pub victim_identities: Option<Vec<Identity>>,
    pub sources: Option<Vec<Source>>,
    /// What the security sector did; a representative of a unit concerned may record it.
    pub response: Option<RecordResponseRequest>,
    /// The next step (not `response_recorded`: that follows a response).
    pub status: Option<IncidentStatus>,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    pub note: String,
}

impl ChangeIncidentRequest {
    /// Whether the request corrects the record, beside any response and step.
    pub fn corrects(&self) -> bool {
        self.occurred_on.is_some()
            || self.occurred_time.is_some()
            || self.region.is_some()
            || self.province.is_some()
            || self.municipality.is_some()
            || self.summary.is_some()
            || self.severity.is_some()
            || self.unit_id.is_some()
            || self.harms.is_some()
            || self.victims.is_some()
            || self.perpetrators.is_some()
            || self.narrative.is_some()
            || self.coordinates.is_some()
            || self.victim_identities.is_some()
            || self.sources.is_some()
    }

    /// Whether it only records a response, as a unit concerned may.
    pub fn responds_only(&self) -> bool {
        self.response.is_some() && !self.corrects() && self.status.is_none()
    }

    /// The corrected time of day: `None` leaves it, `Some(None)` clears it.
    pub fn occurred_time(&self) -> Result<Option<Option<NaiveTime>>, Invalid> {
        let time = self.occurred_time.as_ref();
        time.map(|t| t.as_deref().map(parse_time).transpose())
            .transpose()
    }
}

/// Which incidents a list shows.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct ListIncidentsRequest {
    #[param(value_type = Option<i64>)]
    pub board: Option<BoardId>,
    pub status: Option<IncidentStatus>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_after` of the previous page.
    #[param(value_type = Option<i64>)]
    pub after: Option<IncidentId>,
}

/// The months a summary covers: `YYYY-MM` each, by default the twelve months to now.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct IncidentSummaryRequest {
    /// One board; by default every board the caller sits on (admins: all).
    #[param(value_type = Option<i64>)]
    pub board: Option<BoardId>,
    /// First month, `YYYY-MM`; by default eleven months before `to`.
    #[param(pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`; by default the current month.
    #[param(pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")]
    pub to: Option<String>,
}
