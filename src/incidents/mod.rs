//! Civilian-harm incidents: documented by the board, assessed, investigated, answered by the
//! security sector and closed. A grave incident warns the board's secretaries and the units
//! concerned at once. What may be shared (the counted parts and a summary written without
//! names) is kept apart from what may not (narrative, coordinates, identities, sources).

mod checks;
pub mod input;
pub mod summary;
pub mod views;
pub mod workflow;

use checks::check_draft;

use crate::audit::{self, Actor, Change};
use crate::db::incidents::{self as store, Event, Incident, Parts, Response, Secret};
use crate::db::{DbConn, units};
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{Harm, IncidentStatus, ResponseKind, Severity};
use crate::domain::text::{check_text, trimmed};
use crate::error::{AppError, not_found};
use crate::org::boards;
use crate::outbox::{self, Notice};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

pub const PLACE_MAX: usize = 100;
pub const SUMMARY_MAX: usize = 2_000;
pub const NARRATIVE_MAX: usize = 20_000;
pub const NOTE_MAX: usize = 5_000;
/// The most entries of one list (victim groups, identities, perpetrators, sources).
pub const LIST_MAX: usize = 200;
/// The most victims one count may hold.
pub const VICTIMS_MAX: u32 = 100_000;

/// Everything recorded about an incident, as entered.
#[derive(Debug, Clone)]
pub struct IncidentDraft {
    pub board_id: BoardId,
    pub occurred_on: NaiveDate,
    pub occurred_time: Option<NaiveTime>,
    pub region: String,
    pub province: String,
    pub municipality: String,
    pub summary: String,
    pub severity: Severity,
    /// The unit expected to respond; by default the first unit alleged.
    pub unit_id: Option<UnitId>,
    pub parts: Parts,
    pub secret: Secret,
}

/// What the audit log keeps of an incident: the counted parts, never a name, a place finer
/// than the municipality, or the narrative.
#[derive(Serialize)]
struct Audited<'a> {
    board_id: BoardId,
    occurred_on: NaiveDate,
    region: &'a str,
    severity: Severity,
    status: IncidentStatus,
    unit_id: Option<UnitId>,
    parts: &'a Parts,
    identities: usize,
    sources: usize,
}

fn audited<'a>(i: &'a Incident, parts: &'a Parts, secret: &Secret) -> Audited<'a> {
    Audited {
        board_id: i.board_id,
        occurred_on: i.occurred_on,
        region: &i.region,
        severity: i.severity,
        status: i.status,
        unit_id: i.unit_id,
        parts,
        identities: secret.identities.len(),
        sources: secret.sources.len(),
    }
}

pub fn find(conn: &mut DbConn, id: IncidentId) -> Result<Incident, AppError> {
    store::find(conn, id).map_err(not_found("incident", id))
}

/// Records an incident as reported and warns if it is grave enough.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    mut draft: IncidentDraft,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<Incident, AppError> {
    let board = boards::find(conn, draft.board_id).map_err(|_| {
        AppError::validation(
            "board_id",
            format!("board {} does not exist", draft.board_id),
        )
    })?;
    let today = now.with_timezone(&board.zone()).date_naive();
    check_draft(conn, &mut draft, today)?;
    let incident = store::insert(
        conn,
        &Incident {
            id: IncidentId(0),
            board_id: draft.board_id,
            occurred_on: draft.occurred_on,
            occurred_time: draft.occurred_time,
            region: draft.region,
            province: draft.province,
            municipality: draft.municipality,
            summary: draft.summary,
            severity: draft.severity,
            status: IncidentStatus::Reported,
            unit_id: draft.unit_id,
            reported_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        },
    )?;
    store::set_parts(conn, incident.id, &draft.parts)?;
    store::set_secret(conn, incident.id, &draft.secret)?;
    store::add_event(
        conn,
        incident.id,
        &Event {
            status: IncidentStatus::Reported,
            note: String::new(),
            actor_user_id: actor.user_id,
            at: now.naive_utc(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change::created(
            "incident",
            incident.id,
            &audited(&incident, &draft.parts, &draft.secret),
        ),
        now,
    )?;
    warn_if_grave(conn, &incident, &draft.parts, None, warn_from, now)?;
    Ok(incident)
}

/// The units an incident concerns: those alleged and the one expected to respond.
pub fn concerned(i: &Incident, parts: &Parts) -> Vec<UnitId> {
    let mut all: Vec<UnitId> = parts
        .perpetrators
        .iter()
        .filter_map(|p| p.unit_id)
        .collect();
    all.extend(i.unit_id);
    all
}

/// Warns the board's secretaries and the representatives of every unit concerned and of the
/// units above them when the incident becomes grave (recorded so, or raised to it), and the
/// representatives of a unit a correction of a grave incident newly concerns. The warning goes
/// to those in post at that moment: a later correction is no event for anyone who joined since.
fn warn_if_grave(
    conn: &mut DbConn,
    i: &Incident,
    parts: &Parts,
    before: Option<(&Incident, &Parts)>,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !i.severity.reaches(warn_from) {
        return Ok(());
    }
    let tree = units::tree(conn)?;
    let told_of = |i: &Incident, parts: &Parts| -> Vec<UnitId> {
        let mut told: Vec<UnitId> = concerned(i, parts)
            .into_iter()
            .flat_map(|u| tree.chain(u))
            .collect();
        told.sort_by_key(|u| u.0);
        told.dedup();
        told
    };
    let was_grave = before.filter(|(b, _)| b.severity.reaches(warn_from));
    let mut told = told_of(i, parts);
    if let Some((b, b_parts)) = was_grave {
        let already = told_of(b, b_parts);
        told.retain(|u| !already.contains(u));
        if told.is_empty() {
            return Ok(());
        }
    }
    let harms: Vec<&str> = parts.harms.iter().map(|h| h.as_str()).collect();
    let place = [&i.municipality, &i.province, &i.region]
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let subject = format!(
        "Early warning: {} incident {} on {} in {}",
        i.severity.as_str(),
        i.id,
        i.occurred_on,
        i.region
    );
    let body = format!(
        "Incident {} ({}) was recorded: {} on {} in {}.\n\n{}\n",
        i.id,
        i.severity.as_str(),
        harms.join(", "),
        i.occurred_on,
        place,
        i.summary
    );
    let notice = Notice {
        kind: "incident_early_warning",
        key: &format!("incident/{}/early-warning", i.id),
        subject: &subject,
        body: &body,
        not_after: None,
    };
    if was_grave.is_none() {
        outbox::notify_secretaries(conn, i.board_id, &notice, now)?;
    }
    for unit in told {
        outbox::notify_unit(conn, unit, &notice, now)?;
    }
    Ok(())
}

/// The board's corrections; `None` leaves a part as it is, lists are replaced whole.
#[derive(Debug, Default)]
pub struct Corrections {
    pub occurred_on: Option<NaiveDate>,
    pub occurred_time: Option<Option<NaiveTime>>,
    pub region: Option<String>,
    pub province: Option<String>,
    pub municipality: Option<String>,
    pub summary: Option<String>,
    pub severity: Option<Severity>,
    pub unit_id: Option<Option<UnitId>>,
    pub harms: Option<Vec<Harm>>,
    pub victims: Option<Vec<crate::db::incidents::VictimCount>>,
    pub perpetrators: Option<Vec<crate::db::incidents::Perpetrator>>,
    pub narrative: Option<String>,
    pub coordinates: Option<Option<(f64, f64)>>,
    pub identities: Option<Vec<crate::db::incidents::Identity>>,
    pub sources: Option<Vec<crate::db::incidents::Source>>,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.occurred_on.is_none()
            && self.occurred_time.is_none()
            && self.region.is_none()
            && self.province.is_none()
            && self.municipality.is_none()
            && self.summary.is_none()
            && self.severity.is_none()
            && self.unit_id.is_none()
            && self.harms.is_none()
            && self.victims.is_none()
            && self.perpetrators.is_none()
            && self.narrative.is_none()
            && self.coordinates.is_none()
            && self.identities.is_none()
            && self.sources.is_none()
    }
}

/// A change of an incident: corrections, a response from the security sector, the next step of
/// the lifecycle, in that order, all or nothing.
#[derive(Debug, Default)]
pub struct IncidentChange {
    pub corrections: Corrections,
    pub response: Option<(ResponseKind, String)>,
    pub status: Option<IncidentStatus>,
    pub note: String,
}

pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: IncidentId,
    change: IncidentChange,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<Incident, AppError> {
    let before = find(conn, id)?;
    let before_parts = store::parts(conn, id)?;
    let before_secret = store::secret(conn, id)?;
    check_text("note", &change.note, NOTE_MAX)?;
    let c = change.corrections;
    let corrected = !c.is_empty();
    let mut draft = IncidentDraft {
        board_id: before.board_id,
        occurred_on: c.occurred_on.unwrap_or(before.occurred_on),
        occurred_time: c.occurred_time.unwrap_or(before.occurred_time),
        region: c.region.unwrap_or_else(|| before.region.clone()),
        province: c.province.unwrap_or_else(|| before.province.clone()),
        municipality: c
            .municipality
            .unwrap_or_else(|| before.municipality.clone()),
        summary: c.summary.unwrap_or_else(|| before.summary.clone()),
        severity: c.severity.unwrap_or(before.severity),
        unit_id: c.unit_id.unwrap_or(before.unit_id),
        parts: Parts {
            harms: c.harms.unwrap_or_else(|| before_parts.harms.clone()),
            victims: c.victims.unwrap_or_else(|| before_parts.victims.clone()),
            perpetrators: c
                .perpetrators
                .unwrap_or_else(|| before_parts.perpetrators.clone()),
        },
        secret: Secret {
            narrative: c
                .narrative
                .unwrap_or_else(|| before_secret.narrative.clone()),
            coordinates: c.coordinates.unwrap_or(before_secret.coordinates),
            identities: c
                .identities
                .unwrap_or_else(|| before_secret.identities.clone()),
            sources: c.sources.unwrap_or_else(|| before_secret.sources.clone()),
        },
    };
    if corrected {
        if before.status == IncidentStatus::Closed {
            return Err(AppError::conflict(format!(
                "incident {id} is closed: its record no longer changes"
            )));
        }
        let today = now
            .with_timezone(&boards::find(conn, before.board_id)?.zone())
            .date_naive();
        check_draft(conn, &mut draft, today)?;
    }
    let mut after = Incident {
        occurred_on: draft.occurred_on,
        occurred_time: draft.occurred_time,
        region: draft.region,
        province: draft.province,
        municipality: draft.municipality,
        summary: draft.summary,
        severity: draft.severity,
        unit_id: draft.unit_id,
        ..before.clone()
    };
    let note = change.note.trim().to_owned();
    let responded = change.response.is_some();
    let mut steps = Vec::new();
    if let Some((kind, text)) = change.response {
        if !after.status.takes_responses() {
            return Err(AppError::conflict(format!(
                "a response is recorded while the incident is under investigation or after a \
                 first response; incident {id} is {}",
                after.status.as_str()
            )));
        }
        let text = trimmed("response", &text, NARRATIVE_MAX)?;
        if text.is_empty() {
            return Err(AppError::validation("response", "say what was done"));
        }
        store::add_response(
            conn,
            id,
            &Response {
                kind,
                text,
                actor_user_id: actor.user_id,
                at: now.naive_utc(),
            },
        )?;
        if after.status != IncidentStatus::ResponseRecorded {
            after.status = IncidentStatus::ResponseRecorded;
            steps.push(IncidentStatus::ResponseRecorded);
        }
    }
    if let Some(to) = change.status
        && to != after.status
    {
        if to == IncidentStatus::ResponseRecorded {
            return Err(AppError::validation(
                "status",
                "record a response with `response`; the status follows",
            ));
        }
        after
            .status
            .check_step(to)
            .map_err(|e| AppError::conflict(e.message))?;
        after.status = to;
        steps.push(to);
    }
    if steps.is_empty() && !note.is_empty() {
        // A note on its own is kept as a progress note at the current step.
        steps.push(after.status);
    }
    if !corrected && !responded && steps.is_empty() {
        return Ok(before);
    }
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    if corrected {
        store::set_parts(conn, id, &draft.parts)?;
        store::set_secret(conn, id, &draft.secret)?;
    }
    for status in steps {
        store::add_event(
            conn,
            id,
            &Event {
                status,
                note: note.clone(),
                actor_user_id: actor.user_id,
                at: now.naive_utc(),
            },
        )?;
    }
    audit::record(
        conn,
        actor,
        Change::updated(
            "incident",
            id,
            &audited(&before, &before_parts, &before_secret),
            &audited(&after, &draft.parts, &draft.secret),
        ),
        now,
    )?;
    warn_if_grave(
        conn,
        &after,
        &draft.parts,
        Some((&before, &before_parts)),
        warn_from,
        now,
    )?;
    Ok(after)
}
