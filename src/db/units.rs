//! The `units` table: the chain of command.

use super::schema::units;
use super::{DbConn, Error, Result, last_insert_id};
use crate::domain::ids::UnitId;
use crate::domain::unit::{Service, UnitTree};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub abbreviation: Option<String>,
    pub service: Service,
    pub parent_id: Option<UnitId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = units)]
struct Row {
    id: i64,
    name: String,
    abbreviation: Option<String>,
    service: String,
    parent_id: Option<i64>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl TryFrom<Row> for Unit {
    type Error = Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: UnitId(r.id),
            name: r.name,
            abbreviation: r.abbreviation,
            service: r
                .service
                .parse()
                .map_err(|e| Error::Setup(format!("units.service: {e}")))?,
            parent_id: r.parent_id.map(UnitId),
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

pub struct NewUnit<'a> {
    pub name: &'a str,
    pub abbreviation: Option<&'a str>,
    pub service: Service,
    pub parent_id: Option<UnitId>,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewUnit<'_>) -> Result<Unit> {
    diesel::insert_into(units::table)
        .values((
            units::name.eq(new.name),
            units::abbreviation.eq(new.abbreviation),
            units::service.eq(new.service.as_str()),
            units::parent_id.eq(new.parent_id.map(|u| u.0)),
            units::created_at.eq(new.now),
            units::updated_at.eq(new.now),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, UnitId(id))
}

pub fn find(conn: &mut DbConn, id: UnitId) -> Result<Unit> {
    units::table
        .find(id.0)
        .select(Row::as_select())
        .first(conn)?
        .try_into()
}

pub fn list(conn: &mut DbConn) -> Result<Vec<Unit>> {
    units::table
        .order(units::id)
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(Unit::try_from)
        .collect()
}

/// Every unit's id and name, for pages that name the units they list.
pub fn names(conn: &mut DbConn) -> Result<Vec<(UnitId, String)>> {
    let rows: Vec<(i64, String)> = native!(conn, |c| units::table
        .order(units::id)
        .select((units::id, units::name))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (UnitId(id), name))
        .collect())
}

/// The parent links of every unit: small (hundreds of rows) and enough for any subtree question.
pub fn tree(conn: &mut DbConn) -> Result<UnitTree> {
    let links: Vec<(i64, Option<i64>)> = native!(conn, |c| units::table
        .select((units::id, units::parent_id))
        .load(c))?;
    Ok(UnitTree::new(
        links
            .into_iter()
            .map(|(id, parent)| (UnitId(id), parent.map(UnitId))),
    ))
}

pub fn update(conn: &mut DbConn, unit: &Unit, now: NaiveDateTime) -> Result<Unit> {
    diesel::update(units::table.find(unit.id.0))
        .set((
            units::name.eq(&unit.name),
            units::abbreviation.eq(unit.abbreviation.as_deref()),
            units::service.eq(unit.service.as_str()),
            units::parent_id.eq(unit.parent_id.map(|u| u.0)),
            units::updated_at.eq(now),
        ))
        .execute(conn)?;
    find(conn, unit.id)
}
