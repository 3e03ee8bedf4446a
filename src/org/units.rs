//! The units of the chain of command as operations: the ones a caller may see, creating and
//! changing them inside the tree.

use crate::audit::{self, Actor, Change};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::units::{self as store, NewUnit, Unit};
use crate::db::{Db, DbConn};
use crate::domain::ids::UnitId;
use crate::domain::refusal;
use crate::domain::request::nullable;
use crate::domain::text::{Label, NAME_MAX};
use crate::domain::unit::Service;
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const ABBREVIATION_MAX: usize = 40;

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    pub id: UnitId,
    pub name: String,
    pub abbreviation: Option<String>,
    pub service: Service,
    /// The unit directly above in the chain of command.
    pub parent_id: Option<UnitId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id,
            name: u.name,
            abbreviation: u.abbreviation,
            service: u.service,
            parent_id: u.parent_id,
            created_at: u.created_at.and_utc(),
            updated_at: u.updated_at.and_utc(),
        }
    }
}

/// The units the caller may see: all of them, or for a representative their own subtree.
pub async fn list(db: &Db, who: &Principal) -> Result<Vec<UnitView>, AppError> {
    authorize(Some(who), Permission::ListUnits)?;
    let (units, tree) = db
        .read(|conn| Ok::<_, AppError>((store::list(conn)?, store::tree(conn)?)))
        .await?;
    Ok(units
        .into_iter()
        .filter(|u| {
            let chain = tree.chain(u.id);
            authorize(Some(who), Permission::ReadUnit { chain: &chain }).is_ok()
        })
        .map(UnitView::from)
        .collect())
}

pub async fn show(db: &Db, who: &Principal, id: UnitId) -> Result<UnitView, AppError> {
    let tree = db.read(store::tree).await?;
    // Decided before the lookup, so that a representative learns nothing about units outside
    // their subtree, not even whether one exists.
    authorize(
        Some(who),
        Permission::ReadUnit {
            chain: &tree.chain(id),
        },
    )?;
    Ok(db.read(move |conn| find(conn, id)).await?.into())
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = UnitCreate)]
pub struct CreateUnitRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    #[schema(max_length = 40, format = "single-line-or-blank")]
    pub abbreviation: Option<String>,
    pub service: Service,
    pub parent_id: Option<UnitId>,
}

pub async fn add(
    db: &Db,
    who: &Principal,
    req: CreateUnitRequest,
    now: DateTime<Utc>,
) -> Result<UnitView, AppError> {
    authorize(Some(who), Permission::ManageUnits)?;
    let draft = UnitDraft {
        name: Label::parse("name", &req.name, NAME_MAX)?,
        abbreviation: abbreviation(req.abbreviation.as_deref())?,
        service: req.service,
        parent_id: req.parent_id,
    };
    let actor = who.actor();
    let unit = db
        .write(move |conn| create(conn, &actor, draft, now))
        .await?;
    Ok(UnitView::from(unit))
}

/// A change to a unit as requested, read once the policy has been asked; `None` leaves a field
/// as it is, `Some(None)` clears a nullable one.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = UnitPatch)]
pub struct EditUnitRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 40, format = "single-line-or-blank")]
    pub abbreviation: Option<Option<String>>,
    pub service: Option<Service>,
    /// `null` makes the unit the top of a chain of command.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    pub parent_id: Option<Option<UnitId>>,
}

pub async fn edit(
    db: &Db,
    who: &Principal,
    id: UnitId,
    req: EditUnitRequest,
    now: DateTime<Utc>,
) -> Result<UnitView, AppError> {
    authorize(Some(who), Permission::ManageUnits)?;
    let changes = UnitChanges {
        name: req
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        abbreviation: req
            .abbreviation
            .map(|a| abbreviation(a.as_deref()))
            .transpose()?,
        service: req.service,
        parent_id: req.parent_id,
    };
    let actor = who.actor();
    let unit = db
        .write(move |conn| update(conn, &actor, id, changes, now))
        .await?;
    Ok(UnitView::from(unit))
}

/// An empty abbreviation means none.
fn abbreviation(raw: Option<&str>) -> Result<Option<Label>, AppError> {
    match raw {
        None => Ok(None),
        Some(text) => Ok(Label::parse_optional(
            "abbreviation",
            text,
            ABBREVIATION_MAX,
        )?),
    }
}

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
struct UnitChanges {
    name: Option<Label>,
    abbreviation: Option<Option<Label>>,
    service: Option<Service>,
    parent_id: Option<Option<UnitId>>,
}

/// Applies the changes, keeping the chain of command a tree; a change that changes nothing
/// writes nothing.
fn update(
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
            refusal::unit_parent_missing(parent),
        )),
        Err(e) => Err(e.into()),
    }
}
