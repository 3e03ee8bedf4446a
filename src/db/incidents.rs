//! The `incidents` table and its parts. The counted parts (harms, victims by sex and age,
//! alleged perpetrators) may reach a unit; narrative, coordinates, identities and sources are
//! read through [`secret`] only.

use super::schema::{
    incident_confidential as confidential, incident_events as events, incident_harms as harms,
    incident_identities as identities, incident_perpetrators as perpetrators,
    incident_responses as responses, incident_sources as sources, incident_victims as victims,
    incidents,
};
use super::{DbConn, NullableId, Result, last_insert_id};
use crate::domain::ids::{BoardId, IncidentId, UnitId, UserId};
use crate::domain::incident::{
    Harm, IncidentStatus, Involvement, PerpetratorKind, Reliability, ResponseKind, Severity,
    SourceKind, VictimAge,
};
use crate::domain::meeting::Sex;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

mod lists;
pub use lists::{Filter, Rows, list, page};

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = incidents)]
pub struct Incident {
    #[diesel(deserialize_as = i64)]
    pub id: IncidentId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    pub occurred_on: NaiveDate,
    /// Local time of day, when known.
    pub occurred_time: Option<NaiveTime>,
    pub region: String,
    pub province: String,
    pub municipality: String,
    /// What happened, written to be shared with the responsible unit: no names.
    pub summary: String,
    #[diesel(deserialize_as = String)]
    pub severity: Severity,
    #[diesel(deserialize_as = String)]
    pub status: IncidentStatus,
    /// The unit expected to respond.
    #[diesel(deserialize_as = NullableId)]
    pub unit_id: Option<UnitId>,
    pub reported_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = victims)]
#[serde(deny_unknown_fields)]
pub struct VictimCount {
    #[diesel(deserialize_as = String)]
    pub sex: Sex,
    #[diesel(deserialize_as = String)]
    pub age_group: VictimAge,
    #[diesel(deserialize_as = i32)]
    #[serde(rename = "count")]
    #[schema(minimum = 1, maximum = 100000)]
    pub victims: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = perpetrators)]
#[serde(deny_unknown_fields)]
pub struct Perpetrator {
    #[diesel(deserialize_as = String)]
    pub kind: PerpetratorKind,
    /// With `unit`: the unit alleged.
    #[diesel(deserialize_as = NullableId)]
    pub unit_id: Option<UnitId>,
    /// With `non_state_armed_group`: its name, if known.
    #[serde(default)]
    #[schema(max_length = 100, format = "single-line-or-blank")]
    pub group_name: String,
    #[diesel(deserialize_as = String)]
    #[serde(default = "unknown_involvement")]
    pub involvement: Involvement,
}

fn unknown_involvement() -> Involvement {
    Involvement::Unknown
}

/// What an incident is made of that may be counted and shared: no one is named here.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Parts {
    pub harms: Vec<Harm>,
    pub victims: Vec<VictimCount>,
    pub perpetrators: Vec<Perpetrator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = identities)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    #[diesel(deserialize_as = String)]
    pub sex: Sex,
    #[diesel(deserialize_as = String)]
    pub age_group: VictimAge,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema, Queryable, Selectable)]
#[diesel(table_name = sources)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[diesel(deserialize_as = String)]
    pub kind: SourceKind,
    #[diesel(deserialize_as = String)]
    pub reliability: Reliability,
    /// Who or what the source is: confidential, it may name a witness.
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    pub description: String,
}

/// The confidential parts: the secretariat only.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Secret {
    pub narrative: String,
    pub coordinates: Option<(f64, f64)>,
    pub identities: Vec<Identity>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = responses)]
pub struct Response {
    #[diesel(deserialize_as = String)]
    pub kind: ResponseKind,
    pub text: String,
    #[diesel(deserialize_as = NullableId)]
    pub actor_user_id: Option<UserId>,
    pub at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct Event {
    #[diesel(deserialize_as = String)]
    pub status: IncidentStatus,
    pub note: String,
    #[diesel(deserialize_as = NullableId)]
    pub actor_user_id: Option<UserId>,
    pub at: NaiveDateTime,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = incidents, treat_none_as_null = true)]
struct Values<'a> {
    occurred_on: NaiveDate,
    occurred_time: Option<NaiveTime>,
    region: &'a str,
    province: &'a str,
    municipality: &'a str,
    summary: &'a str,
    severity: &'a str,
    status: &'a str,
    unit_id: Option<i64>,
    updated_at: NaiveDateTime,
}

impl<'a> From<&'a Incident> for Values<'a> {
    fn from(i: &'a Incident) -> Self {
        Self {
            occurred_on: i.occurred_on,
            occurred_time: i.occurred_time,
            region: &i.region,
            province: &i.province,
            municipality: &i.municipality,
            summary: &i.summary,
            severity: i.severity.as_str(),
            status: i.status.as_str(),
            unit_id: i.unit_id.map(|u| u.0),
            updated_at: i.updated_at,
        }
    }
}

pub fn insert(conn: &mut DbConn, i: &Incident) -> Result<Incident> {
    diesel::insert_into(incidents::table)
        .values((
            incidents::board_id.eq(i.board_id.0),
            incidents::reported_at.eq(i.reported_at),
            Values::from(i),
        ))
        .execute(conn)?;
    let id = IncidentId(last_insert_id(conn)?);
    find(conn, id)
}

pub fn update(conn: &mut DbConn, i: &Incident) -> Result<Incident> {
    diesel::update(incidents::table.find(i.id.0))
        .set(Values::from(i))
        .execute(conn)?;
    find(conn, i.id)
}

pub fn find(conn: &mut DbConn, id: IncidentId) -> Result<Incident> {
    Ok(incidents::table
        .find(id.0)
        .select(Incident::as_select())
        .first(conn)?)
}

/// Incidents of these boards that occurred between the two dates, inclusive.
pub fn occurred_between(
    conn: &mut DbConn,
    boards: &[BoardId],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Incident>> {
    Ok(incidents::table
        .filter(incidents::board_id.eq_any(boards.iter().map(|b| b.0).collect::<Vec<_>>()))
        .filter(incidents::occurred_on.between(from, to))
        .order(incidents::id)
        .select(Incident::as_select())
        .load(conn)?)
}

pub fn parts(conn: &mut DbConn, id: IncidentId) -> Result<Parts> {
    Ok(parts_of(conn, &[id])?.remove(&id).unwrap_or_default())
}

/// The counted parts of many incidents in three queries per thousand, not three per incident.
pub fn parts_of(conn: &mut DbConn, ids: &[IncidentId]) -> Result<HashMap<IncidentId, Parts>> {
    let mut out: HashMap<IncidentId, Parts> = ids.iter().map(|i| (*i, Parts::default())).collect();
    for chunk in ids.chunks(1000) {
        let chunk: Vec<i64> = chunk.iter().map(|i| i.0).collect();
        let harm_rows: Vec<(i64, String)> = harms::table
            .filter(harms::incident_id.eq_any(&chunk))
            .order(harms::id)
            .select((harms::incident_id, harms::harm))
            .load(conn)?;
        for (id, harm) in harm_rows {
            let harm = harm
                .parse()
                .map_err(|e| super::Error::Setup(format!("incident_harms: {e}")))?;
            out.entry(IncidentId(id)).or_default().harms.push(harm);
        }
        let victim_rows: Vec<(i64, VictimCount)> = victims::table
            .filter(victims::incident_id.eq_any(&chunk))
            .order(victims::id)
            .select((victims::incident_id, VictimCount::as_select()))
            .load(conn)?;
        for (id, v) in victim_rows {
            out.entry(IncidentId(id)).or_default().victims.push(v);
        }
        let perpetrator_rows: Vec<(i64, Perpetrator)> = perpetrators::table
            .filter(perpetrators::incident_id.eq_any(&chunk))
            .order(perpetrators::id)
            .select((perpetrators::incident_id, Perpetrator::as_select()))
            .load(conn)?;
        for (id, p) in perpetrator_rows {
            out.entry(IncidentId(id)).or_default().perpetrators.push(p);
        }
    }
    Ok(out)
}

/// Replaces the counted parts of an incident.
pub fn set_parts(conn: &mut DbConn, id: IncidentId, p: &Parts) -> Result<()> {
    diesel::delete(harms::table.filter(harms::incident_id.eq(id.0))).execute(conn)?;
    diesel::delete(victims::table.filter(victims::incident_id.eq(id.0))).execute(conn)?;
    diesel::delete(perpetrators::table.filter(perpetrators::incident_id.eq(id.0))).execute(conn)?;
    for h in &p.harms {
        diesel::insert_into(harms::table)
            .values((harms::incident_id.eq(id.0), harms::harm.eq(h.as_str())))
            .execute(conn)?;
    }
    for v in &p.victims {
        diesel::insert_into(victims::table)
            .values((
                victims::incident_id.eq(id.0),
                victims::sex.eq(v.sex.as_str()),
                victims::age_group.eq(v.age_group.as_str()),
                victims::victims.eq(i32::try_from(v.victims).unwrap_or(i32::MAX)),
            ))
            .execute(conn)?;
    }
    for x in &p.perpetrators {
        diesel::insert_into(perpetrators::table)
            .values((
                perpetrators::incident_id.eq(id.0),
                perpetrators::kind.eq(x.kind.as_str()),
                perpetrators::unit_id.eq(x.unit_id.map(|u| u.0)),
                perpetrators::group_name.eq(&x.group_name),
                perpetrators::involvement.eq(x.involvement.as_str()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn secret(conn: &mut DbConn, id: IncidentId) -> Result<Secret> {
    let kept: Option<(String, Option<f64>, Option<f64>)> = confidential::table
        .find(id.0)
        .select((
            confidential::narrative,
            confidential::latitude,
            confidential::longitude,
        ))
        .first(conn)
        .optional()?;
    let (narrative, latitude, longitude) = kept.unwrap_or_default();
    Ok(Secret {
        narrative,
        coordinates: latitude.zip(longitude),
        identities: identities::table
            .filter(identities::incident_id.eq(id.0))
            .order(identities::id)
            .select(Identity::as_select())
            .load(conn)?,
        sources: sources::table
            .filter(sources::incident_id.eq(id.0))
            .order(sources::id)
            .select(Source::as_select())
            .load(conn)?,
    })
}

/// Replaces the confidential parts of an incident.
pub fn set_secret(conn: &mut DbConn, id: IncidentId, s: &Secret) -> Result<()> {
    diesel::delete(confidential::table.find(id.0)).execute(conn)?;
    diesel::delete(identities::table.filter(identities::incident_id.eq(id.0))).execute(conn)?;
    diesel::delete(sources::table.filter(sources::incident_id.eq(id.0))).execute(conn)?;
    diesel::insert_into(confidential::table)
        .values((
            confidential::incident_id.eq(id.0),
            confidential::narrative.eq(&s.narrative),
            confidential::latitude.eq(s.coordinates.map(|c| c.0)),
            confidential::longitude.eq(s.coordinates.map(|c| c.1)),
        ))
        .execute(conn)?;
    for p in &s.identities {
        diesel::insert_into(identities::table)
            .values((
                identities::incident_id.eq(id.0),
                identities::name.eq(&p.name),
                identities::sex.eq(p.sex.as_str()),
                identities::age_group.eq(p.age_group.as_str()),
                identities::note.eq(&p.note),
            ))
            .execute(conn)?;
    }
    for src in &s.sources {
        diesel::insert_into(sources::table)
            .values((
                sources::incident_id.eq(id.0),
                sources::kind.eq(src.kind.as_str()),
                sources::reliability.eq(src.reliability.as_str()),
                sources::description.eq(&src.description),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn add_response(conn: &mut DbConn, id: IncidentId, r: &Response) -> Result<()> {
    diesel::insert_into(responses::table)
        .values((
            responses::incident_id.eq(id.0),
            responses::kind.eq(r.kind.as_str()),
            responses::text.eq(&r.text),
            responses::actor_user_id.eq(r.actor_user_id.map(|u| u.0)),
            responses::at.eq(r.at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn responses_of(conn: &mut DbConn, id: IncidentId) -> Result<Vec<Response>> {
    Ok(responses::table
        .filter(responses::incident_id.eq(id.0))
        .order(responses::id)
        .select(Response::as_select())
        .load(conn)?)
}

pub fn add_event(conn: &mut DbConn, id: IncidentId, e: &Event) -> Result<()> {
    diesel::insert_into(events::table)
        .values((
            events::incident_id.eq(id.0),
            events::status.eq(e.status.as_str()),
            events::note.eq(&e.note),
            events::actor_user_id.eq(e.actor_user_id.map(|u| u.0)),
            events::at.eq(e.at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn events_of(conn: &mut DbConn, id: IncidentId) -> Result<Vec<Event>> {
    Ok(events::table
        .filter(events::incident_id.eq(id.0))
        .order(events::id)
        .select(Event::as_select())
        .load(conn)?)
}

/// How many of a board's incidents of one day name one harm.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct HarmDay {
    pub day: NaiveDate,
    #[diesel(deserialize_as = String)]
    pub harm: Harm,
    pub incidents: i64,
}

/// A board's incidents that occurred between the two dates (inclusive), counted by the database
/// per day and harm (a harm is named once an incident): as many rows as those days have harms, however large the archive.
pub fn harms_by_day(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<HarmDay>> {
    use diesel::dsl::count;
    Ok(incidents::table
        .inner_join(harms::table)
        .filter(incidents::board_id.eq(board.0))
        .filter(incidents::occurred_on.between(from, to))
        .group_by((incidents::occurred_on, harms::harm))
        .select((incidents::occurred_on, harms::harm, count(harms::id)))
        .load(conn)?)
}
