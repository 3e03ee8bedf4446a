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
use input::{ChangeIncidentRequest, RecordResponseRequest};

use crate::audit::{self, Actor, Change};
use crate::db::incidents::{self as store, Event, Incident, Parts, Response, Secret};
use crate::db::{DbConn, units};
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::{IncidentStatus, Severity};
use crate::domain::refusal::{self, Reason, Remedy, Word};
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
        AppError::validation("board_id", refusal::incident_board_unknown(draft.board_id))
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
    add_event(
        conn,
        actor,
        incident.id,
        IncidentStatus::Reported,
        String::new(),
        now,
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

/// Corrects an incident, records a response from the security sector and takes the next step
/// of the lifecycle, in that order, all or nothing. `occurred_time` is the request's, parsed.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: IncidentId,
    mut req: ChangeIncidentRequest,
    occurred_time: Option<Option<NaiveTime>>,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<Incident, AppError> {
    let before = find(conn, id)?;
    let before_parts = store::parts(conn, id)?;
    let before_secret = store::secret(conn, id)?;
    check_text("note", &req.note, NOTE_MAX)?;
    let corrected = req.corrects();
    let before_all = (&before, &before_parts, &before_secret);
    let draft = corrected_draft(conn, before_all, &mut req, occurred_time, now)?;
    let mut after = Incident {
        occurred_on: draft.occurred_on,
        occurred_time: draft.occurred_time,
        region: draft.region.clone(),
        province: draft.province.clone(),
        municipality: draft.municipality.clone(),
        summary: draft.summary.clone(),
        severity: draft.severity,
        unit_id: draft.unit_id,
        ..before.clone()
    };
    let note = req.note.trim().to_owned();
    let responded = req.response.is_some();
    let mut steps = Vec::new();
    if let Some(response) = req.response {
        record_response(conn, actor, &after, response, now)?;
        if after.status != IncidentStatus::ResponseRecorded {
            after.status = IncidentStatus::ResponseRecorded;
            steps.push(IncidentStatus::ResponseRecorded);
        }
    }
    if let Some(to) = req.status
        && to != after.status
    {
        check_step(&after, to)?;
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
        add_event(conn, actor, id, status, note.clone(), now)?;
    }
    let was = audited(&before, &before_parts, &before_secret);
    let is = audited(&after, &draft.parts, &draft.secret);
    audit::record(conn, actor, Change::updated("incident", id, &was, &is), now)?;
    let before = Some((&before, &before_parts));
    warn_if_grave(conn, &after, &draft.parts, before, warn_from, now)?;
    Ok(after)
}

/// The record as `req` corrects it, each part it leaves as it was before; checked when it
/// corrects anything, which a closed incident refuses.
fn corrected_draft(
    conn: &mut DbConn,
    (before, parts, secret): (&Incident, &Parts, &Secret),
    req: &mut ChangeIncidentRequest,
    occurred_time: Option<Option<NaiveTime>>,
    now: DateTime<Utc>,
) -> Result<IncidentDraft, AppError> {
    let corrected = req.corrects();
    let or = |new: Option<String>, old: &String| new.unwrap_or_else(|| old.clone());
    let mut draft = IncidentDraft {
        board_id: before.board_id,
        occurred_on: req.occurred_on.unwrap_or(before.occurred_on),
        occurred_time: occurred_time.unwrap_or(before.occurred_time),
        region: or(req.region.take(), &before.region),
        province: or(req.province.take(), &before.province),
        municipality: or(req.municipality.take(), &before.municipality),
        summary: or(req.summary.take(), &before.summary),
        severity: req.severity.unwrap_or(before.severity),
        unit_id: req.unit_id.unwrap_or(before.unit_id),
        parts: Parts {
            harms: req.harms.take().unwrap_or_else(|| parts.harms.clone()),
            victims: req.victims.take().unwrap_or_else(|| parts.victims.clone()),
            perpetrators: (req.perpetrators.take()).unwrap_or_else(|| parts.perpetrators.clone()),
        },
        secret: Secret {
            narrative: or(req.narrative.take(), &secret.narrative),
            coordinates: (req.coordinates.take())
                .map(|c| c.map(|c| (c.latitude, c.longitude)))
                .unwrap_or(secret.coordinates),
            identities: (req.victim_identities.take()).unwrap_or_else(|| secret.identities.clone()),
            sources: req.sources.take().unwrap_or_else(|| secret.sources.clone()),
        },
    };
    if corrected {
        if before.status == IncidentStatus::Closed {
            return Err(AppError::conflict(refusal::incident_closed(before.id)));
        }
        let today = now
            .with_timezone(&boards::find(conn, before.board_id)?.zone())
            .date_naive();
        check_draft(conn, &mut draft, today)?;
    }
    Ok(draft)
}

/// Stores what the security sector did, if the incident's step takes a response.
fn record_response(
    conn: &mut DbConn,
    actor: &Actor,
    incident: &Incident,
    response: RecordResponseRequest,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if !incident.status.takes_responses() {
        let refused = refusal::incident_response_not_now(
            incident.id,
            Word::of("incident_status", incident.status.as_str()),
        );
        return Err(AppError::conflict(or_next_step(refused, incident)));
    }
    let text = trimmed("response", &response.text, NARRATIVE_MAX)?;
    if text.is_empty() {
        return Err(AppError::validation(
            "response",
            refusal::incident_response_empty(),
        ));
    }
    let response = Response {
        kind: response.kind,
        text,
        actor_user_id: actor.user_id,
        at: now.naive_utc(),
    };
    store::add_response(conn, incident.id, &response)?;
    Ok(())
}

/// Whether the lifecycle goes from where `incident` stands to `to`; a response is recorded, not
/// stepped to. A step it skips leads whoever may take steps to the form that takes the next one.
fn check_step(incident: &Incident, to: IncidentStatus) -> Result<(), AppError> {
    if to == IncidentStatus::ResponseRecorded {
        return Err(AppError::validation(
            "status",
            refusal::incident_response_by_step(),
        ));
    }
    incident
        .status
        .check_step(to)
        .map_err(|e| AppError::conflict(or_next_step(e.reason, incident)))
}

/// The refusal, leading to the incident's next step while it has one (a closed one has none).
fn or_next_step(refused: Reason, incident: &Incident) -> Reason {
    if incident.status == IncidentStatus::Closed {
        return refused;
    }
    refused.remedied(Remedy::StepIncident {
        board: incident.board_id,
        incident: incident.id,
    })
}

/// Keeps in the incident's history that `actor` took it to `status`, with a note.
fn add_event(
    conn: &mut DbConn,
    actor: &Actor,
    id: IncidentId,
    status: IncidentStatus,
    note: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let at = now.naive_utc();
    let event = Event {
        status,
        note,
        actor_user_id: actor.user_id,
        at,
    };
    Ok(store::add_event(conn, id, &event)?)
}
