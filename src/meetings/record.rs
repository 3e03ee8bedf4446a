//! A meeting's agenda, attendance and decisions. All three close when the minutes are approved.

use super::{ensure_record_open, find};
use crate::audit::{self, Actor, Change};
use crate::db::DbConn;
use crate::db::agenda::{self, AgendaItem};
use crate::db::attendance::{self, Attendee};
use crate::db::decisions::{self, Decision};
use crate::domain::ids::{AgendaItemId, AttendeeId, DecisionId, MeetingId, UnitId};
use crate::domain::meeting::{Sector, Sex};
use crate::domain::text::{Label, check_text, trimmed};
use crate::error::{AppError, not_found};
use crate::org::units;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

pub const AGENDA_MAX_ITEMS: usize = 100;
pub const TEXT_MAX: usize = 10_000;

/// One agenda line as submitted: an existing item keeps its id, a new one has none.
pub struct AgendaDraft {
    pub id: Option<AgendaItemId>,
    pub title: Label,
    pub description: String,
    pub is_public: bool,
}

/// Replaces the agenda with `items`, in that order. Existing items named by id are kept (and
/// keep their id, which decisions refer to); items left out are removed unless a decision cites
/// them.
pub fn replace_agenda(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    items: Vec<AgendaDraft>,
    now: DateTime<Utc>,
) -> Result<Vec<AgendaItem>, AppError> {
    find(conn, meeting)?;
    ensure_record_open(conn, meeting)?;
    if items.len() > AGENDA_MAX_ITEMS {
        return Err(AppError::validation(
            "items",
            format!("an agenda has at most {AGENDA_MAX_ITEMS} items"),
        ));
    }
    let before = agenda::list(conn, meeting)?;
    let known: HashSet<AgendaItemId> = before.iter().map(|i| i.id).collect();
    let mut kept = HashSet::new();
    for item in &items {
        if let Some(id) = item.id {
            if !known.contains(&id) {
                return Err(AppError::validation(
                    "items",
                    format!("agenda item {id} is not on this meeting's agenda"),
                ));
            }
            if !kept.insert(id) {
                return Err(AppError::validation(
                    "items",
                    format!("agenda item {id} is listed twice"),
                ));
            }
        }
        check_text("description", &item.description, TEXT_MAX)?;
    }
    for old in before.iter().filter(|i| !kept.contains(&i.id)) {
        if decisions::cites_agenda_item(conn, old.id)? {
            return Err(AppError::conflict(format!(
                "agenda item {} (\"{}\") has decisions linked to it and cannot be removed",
                old.id, old.title
            )));
        }
        agenda::delete(conn, old.id)?;
    }
    for (index, item) in items.into_iter().enumerate() {
        let mut row = AgendaItem {
            id: item.id.unwrap_or(AgendaItemId(0)),
            meeting_id: meeting,
            position: i32::try_from(index + 1).unwrap_or(i32::MAX),
            title: item.title.into_inner(),
            description: item.description,
            is_public: item.is_public,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        };
        match before.iter().find(|b| Some(b.id) == item.id) {
            Some(old) => {
                row.created_at = old.created_at;
                let unchanged = old.position == row.position
                    && old.title == row.title
                    && old.description == row.description
                    && old.is_public == row.is_public;
                if !unchanged {
                    agenda::update(conn, &row)?;
                }
            }
            None => {
                agenda::insert(conn, &row)?;
            }
        }
    }
    let after = agenda::list(conn, meeting)?;
    let same = before.len() == after.len()
        && before.iter().zip(&after).all(|(b, a)| {
            (b.id, b.position, &b.title, &b.description, b.is_public)
                == (a.id, a.position, &a.title, &a.description, a.is_public)
        });
    if !same {
        audit::record(
            conn,
            actor,
            Change::updated("agenda", meeting, &before, &after),
            now,
        )?;
    }
    Ok(after)
}

pub struct AttendeeDraft {
    pub name: Label,
    pub organisation: Label,
    pub sector: Sector,
    pub sex: Sex,
}

pub fn add_attendee(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    draft: AttendeeDraft,
    now: DateTime<Utc>,
) -> Result<Attendee, AppError> {
    find(conn, meeting)?;
    ensure_record_open(conn, meeting)?;
    let attendee = attendance::insert(
        conn,
        &Attendee {
            id: AttendeeId(0),
            meeting_id: meeting,
            name: draft.name.into_inner(),
            organisation: draft.organisation.into_inner(),
            sector: draft.sector,
            sex: draft.sex,
            created_at: now.naive_utc(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change::created("attendee", attendee.id, &attendee),
        now,
    )?;
    Ok(attendee)
}

pub fn remove_attendee(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    id: AttendeeId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    find(conn, meeting)?;
    let attendee = attendance::find(conn, meeting, id).map_err(not_found("attendee", id))?;
    ensure_record_open(conn, meeting)?;
    attendance::delete(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::event("delete", "attendee", id, &attendee),
        now,
    )?;
    Ok(())
}

pub struct DecisionDraft {
    pub agenda_item_id: Option<AgendaItemId>,
    pub text: String,
    pub responsible_unit_id: Option<UnitId>,
    pub responsible: String,
}

pub fn add_decision(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    draft: DecisionDraft,
    now: DateTime<Utc>,
) -> Result<Decision, AppError> {
    find(conn, meeting)?;
    ensure_record_open(conn, meeting)?;
    let decision = Decision {
        id: DecisionId(0),
        meeting_id: meeting,
        agenda_item_id: None,
        text: String::new(),
        responsible_unit_id: None,
        responsible: String::new(),
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    };
    let decision = apply(conn, decision, draft)?;
    let decision = decisions::insert(conn, &decision)?;
    audit::record(
        conn,
        actor,
        Change::created("decision", decision.id, &decision),
        now,
    )?;
    Ok(decision)
}

pub fn update_decision(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    id: DecisionId,
    draft: DecisionDraft,
    now: DateTime<Utc>,
) -> Result<Decision, AppError> {
    find(conn, meeting)?;
    let before = decisions::find(conn, meeting, id).map_err(not_found("decision", id))?;
    ensure_record_open(conn, meeting)?;
    let mut after = apply(conn, before.clone(), draft)?;
    if (
        after.agenda_item_id,
        &after.text,
        after.responsible_unit_id,
        &after.responsible,
    ) == (
        before.agenda_item_id,
        &before.text,
        before.responsible_unit_id,
        &before.responsible,
    ) {
        return Ok(before);
    }
    after.updated_at = now.naive_utc();
    let after = decisions::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("decision", id, &before, &after),
        now,
    )?;
    Ok(after)
}

fn apply(conn: &mut DbConn, mut d: Decision, draft: DecisionDraft) -> Result<Decision, AppError> {
    let text = trimmed("text", &draft.text, TEXT_MAX)?;
    if text.is_empty() {
        return Err(AppError::validation("text", "must not be empty"));
    }
    check_text("responsible", &draft.responsible, TEXT_MAX)?;
    if let Some(item) = draft.agenda_item_id
        && !agenda::list(conn, d.meeting_id)?
            .iter()
            .any(|i| i.id == item)
    {
        return Err(AppError::validation(
            "agenda_item_id",
            format!("agenda item {item} is not on this meeting's agenda"),
        ));
    }
    if let Some(unit) = draft.responsible_unit_id {
        units::find(conn, unit).map_err(|_| {
            AppError::validation("responsible_unit_id", format!("unit {unit} does not exist"))
        })?;
    }
    d.agenda_item_id = draft.agenda_item_id;
    d.text = text.to_owned();
    d.responsible_unit_id = draft.responsible_unit_id;
    d.responsible = draft.responsible.trim().to_owned();
    Ok(d)
}
