//! An incident as the board types it, through the API or a page, before it is checked: the
//! request [`super::workflow::record`] takes.

use super::IncidentDraft;
use crate::db::incidents::{Identity, Parts, Perpetrator, Secret, Source, VictimCount};
use crate::domain::Invalid;
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::incident::{Harm, Severity};
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    NaiveTime::parse_from_str(raw, "%H:%M").map_err(|_| {
        Invalid::new(
            "occurred_time",
            format!("'{raw}' is not a time of day: write it as HH:MM"),
        )
    })
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
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

impl TryFrom<IncidentInput> for IncidentDraft {
    type Error = Invalid;

    fn try_from(b: IncidentInput) -> Result<Self, Invalid> {
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
