//! Creating and changing units inside the chain of command.

use crate::audit::{self, Actor, Change};
use crate::db::DbConn;
use crate::db::units::{self as store, NewUnit, Unit};
use crate::domain::ids::UnitId;
use crate::domain::text::Label;
use crate::domain::unit::Service;
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};

pub struct UnitDraft {
    pub name: Label,
    pub abbreviation: Option<Label>,
    pub service: Service,
    pub parent_id: Option<UnitId>,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    draft: UnitDraft,
    now: DateTime<Utc>,
) -> Result<Unit, AppError> {
    if let Some(parent) = draft.parent_id {
        check_exists(conn, parent)?;
    }
    let unit = store::insert(
        conn,
        &NewUnit {
            name: draft.name.as_str(),
            abbreviation: draft.abbreviation.as_ref().map(Label::as_str),
            service: draft.service,
            parent_id: draft.parent_id,
            now: now.naive_utc(),
        },
    )?;
    audit::record(conn, actor, Change::created("unit", unit.id, &unit), now)?;
    Ok(unit)
}

/// Changes to a unit; `None` leaves a field as it is, `Some(None)` clears a nullable one.
#[derive(Default)]
pub struct UnitChanges {
    pub name: Option<Label>,
    pub abbreviation: Option<Option<Label>>,
    pub service: Option<Service>,
    pub parent_id: Option<Option<UnitId>>,
}

/// Applies the changes, keeping the chain of command a tree; a change that changes nothing
/// writes nothing.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: UnitId,
    changes: UnitChanges,
    now: DateTime<Utc>,
) -> Result<Unit, AppError> {
    let before = find(conn, id)?;
    let mut after = before.clone();
    if let Some(name) = changes.name {
        after.name = name.into_inner();
    }
    if let Some(abbreviation) = changes.abbreviation {
        after.abbreviation = abbreviation.map(Label::into_inner);
    }
    after.service = changes.service.unwrap_or(before.service);
    after.parent_id = changes.parent_id.unwrap_or(before.parent_id);
    let unchanged = after.name == before.name
        && after.abbreviation == before.abbreviation
        && after.service == before.service
        && after.parent_id == before.parent_id;
    if unchanged {
        return Ok(before);
    }
    if after.parent_id != before.parent_id {
        if let Some(parent) = after.parent_id {
            check_exists(conn, parent)?;
        }
        store::tree(conn)?.check_move(id, after.parent_id)?;
    }
    let after = store::update(conn, &after, now.naive_utc())?;
    audit::record(
        conn,
        actor,
        Change::updated("unit", id, &before, &after),
        now,
    )?;
    Ok(after)
}

pub fn find(conn: &mut DbConn, id: UnitId) -> Result<Unit, AppError> {
    store::find(conn, id).map_err(not_found("unit", id))
}

fn check_exists(conn: &mut DbConn, parent: UnitId) -> Result<(), AppError> {
    match store::find(conn, parent) {
        Ok(_) => Ok(()),
        Err(crate::db::Error::NotFound) => Err(AppError::validation(
            "parent_id",
            format!("unit {parent} does not exist"),
        )),
        Err(e) => Err(e.into()),
    }
}
