//! What each audience sees of an incident. Privacy by construction: `SharedIncident`, all a
//! unit concerned gets, has no field for the narrative, the coordinates, the victims'
//! identities or the sources; the board's members get the sources' grades only; the
//! secretariat's view alone carries the confidential parts.

use super::input::Coordinates;
use crate::auth::policy::Sight;
use crate::db::DbConn;
use crate::db::incidents::{
    self as store, Event, Identity, Incident, Parts, Perpetrator, Source, VictimCount,
};
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{
    Harm, IncidentStatus, Reliability, ResponseKind, Severity, SourceKind,
};
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// A source as the board's members see it: how good it is, not who it is.
#[derive(Serialize, ToSchema)]
pub struct SourceGrade {
    pub kind: SourceKind,
    pub reliability: Reliability,
}

#[derive(Serialize, ToSchema)]
pub struct ResponseView {
    pub kind: ResponseKind,
    pub text: String,
    pub at: DateTime<Utc>,
}

/// When each step was first reached.
#[derive(Serialize, ToSchema, Default)]
pub struct IncidentDates {
    pub reported_at: Option<DateTime<Utc>>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub investigation_opened_at: Option<DateTime<Utc>>,
    pub response_recorded_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

fn dates(events: &[Event]) -> IncidentDates {
    use IncidentStatus::*;
    let first = |wanted: &[IncidentStatus]| {
        events
            .iter()
            .find(|e| wanted.contains(&e.status))
            .map(|e| e.at.and_utc())
    };
    IncidentDates {
        reported_at: first(&[Reported]),
        assessed_at: first(&[Credible, NotCredible]),
        investigation_opened_at: first(&[UnderInvestigation]),
        response_recorded_at: first(&[ResponseRecorded]),
        closed_at: first(&[Closed]),
    }
}

/// What anyone allowed to see an incident sees, the unit concerned included: no names, no
/// narrative, no coordinates, no sources.
#[derive(Serialize, ToSchema)]
pub struct SharedIncident {
    pub id: IncidentId,
    pub board_id: BoardId,
    pub occurred_on: NaiveDate,
    /// Local `HH:MM`, when known.
    pub occurred_time: Option<String>,
    pub region: String,
    pub province: String,
    pub municipality: String,
    pub summary: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    /// The unit expected to respond.
    pub unit_id: Option<UnitId>,
    pub harms: Vec<Harm>,
    pub victims: Vec<VictimCount>,
    pub perpetrators: Vec<Perpetrator>,
    pub responses: Vec<ResponseView>,
    pub dates: IncidentDates,
    pub updated_at: DateTime<Utc>,
}

/// The board's members' view: the shared record and how reliable its sources are.
#[derive(Serialize, ToSchema)]
pub struct BoardIncident {
    #[serde(flatten)]
    pub shared: SharedIncident,
    pub sources: Vec<SourceGrade>,
}

#[derive(Serialize, ToSchema)]
pub struct StepView {
    pub status: IncidentStatus,
    pub note: String,
    pub at: DateTime<Utc>,
}

/// The secretariat's view: everything, the confidential parts included.
#[derive(Serialize, ToSchema)]
pub struct SecretariatIncident {
    #[serde(flatten)]
    pub shared: SharedIncident,
    pub narrative: String,
    pub coordinates: Option<Coordinates>,
    pub victim_identities: Vec<Identity>,
    pub sources: Vec<Source>,
    pub steps: Vec<StepView>,
}

/// One incident as a given principal may see it; `view` says which.
#[derive(Serialize, ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum IncidentView {
    Secretariat(SecretariatIncident),
    Board(BoardIncident),
    Unit(SharedIncident),
}

impl IncidentView {
    /// What every view holds.
    pub fn shared(&self) -> &SharedIncident {
        match self {
            Self::Secretariat(s) => &s.shared,
            Self::Board(b) => &b.shared,
            Self::Unit(u) => u,
        }
    }
}

fn shared(
    i: Incident,
    parts: Parts,
    responses: Vec<ResponseView>,
    dates: IncidentDates,
) -> SharedIncident {
    SharedIncident {
        id: i.id,
        board_id: i.board_id,
        occurred_on: i.occurred_on,
        occurred_time: i.occurred_time.map(|t| t.format("%H:%M").to_string()),
        region: i.region,
        province: i.province,
        municipality: i.municipality,
        summary: i.summary,
        severity: i.severity,
        status: i.status,
        unit_id: i.unit_id,
        harms: parts.harms,
        victims: parts.victims,
        perpetrators: parts.perpetrators,
        responses,
        dates,
        updated_at: i.updated_at.and_utc(),
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = IncidentPage)]
pub struct IncidentPageView {
    pub items: Vec<IncidentView>,
    pub next_after: Option<IncidentId>,
}

/// The incident in the view `sight` gives.
pub fn view_of(
    conn: &mut DbConn,
    i: Incident,
    parts: Parts,
    sight: Sight,
) -> Result<IncidentView, AppError> {
    let events = store::events_of(conn, i.id)?;
    let responses = store::responses_of(conn, i.id)?
        .into_iter()
        .map(|r| ResponseView {
            kind: r.kind,
            text: r.text,
            at: r.at.and_utc(),
        })
        .collect();
    let shared = shared(i, parts, responses, dates(&events));
    if sight == Sight::Unit {
        return Ok(IncidentView::Unit(shared));
    }
    let secret = store::secret(conn, shared.id)?;
    if sight == Sight::Board {
        let sources = secret
            .sources
            .into_iter()
            .map(|s| SourceGrade {
                kind: s.kind,
                reliability: s.reliability,
            })
            .collect();
        return Ok(IncidentView::Board(BoardIncident { shared, sources }));
    }
    Ok(IncidentView::Secretariat(SecretariatIncident {
        shared,
        narrative: secret.narrative,
        coordinates: secret.coordinates.map(|(latitude, longitude)| Coordinates {
            latitude,
            longitude,
        }),
        victim_identities: secret.identities,
        sources: secret.sources,
        steps: events
            .into_iter()
            .map(|e| StepView {
                status: e.status,
                note: e.note,
                at: e.at.and_utc(),
            })
            .collect(),
    }))
}
