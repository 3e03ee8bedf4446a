//! The `indicators` table.

use super::schema::indicators;
use super::{DbConn, NullableId, Result, last_insert_id};
use crate::domain::ids::{BoardId, DecisionId, IndicatorId, UnitId};
use crate::domain::indicator::{Direction, Measure};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = indicators)]
pub struct Indicator {
    #[diesel(deserialize_as = i64)]
    pub id: IndicatorId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    pub code: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    #[diesel(deserialize_as = String)]
    pub measure: Measure,
    #[diesel(deserialize_as = String)]
    pub direction: Direction,
    pub data_source: String,
    #[diesel(deserialize_as = NullableId)]
    pub responsible_unit_id: Option<UnitId>,
    pub by_region: bool,
    pub by_sex: bool,
    pub by_age: bool,
    /// The meeting decision at which the board agreed on it.
    #[diesel(deserialize_as = NullableId)]
    pub agreed_decision_id: Option<DecisionId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = indicators, treat_none_as_null = true)]
struct Values<'a> {
    code: &'a str,
    name: &'a str,
    description: &'a str,
    unit: &'a str,
    measure: &'a str,
    direction: &'a str,
    data_source: &'a str,
    responsible_unit_id: Option<i64>,
    by_region: bool,
    by_sex: bool,
    by_age: bool,
    agreed_decision_id: Option<i64>,
    updated_at: NaiveDateTime,
}

impl<'a> From<&'a Indicator> for Values<'a> {
    fn from(i: &'a Indicator) -> Self {
        Self {
            code: &i.code,
            name: &i.name,
            description: &i.description,
            unit: &i.unit,
            measure: i.measure.as_str(),
            direction: i.direction.as_str(),
            data_source: &i.data_source,
            responsible_unit_id: i.responsible_unit_id.map(|u| u.0),
            by_region: i.by_region,
            by_sex: i.by_sex,
            by_age: i.by_age,
            agreed_decision_id: i.agreed_decision_id.map(|d| d.0),
            updated_at: i.updated_at,
        }
    }
}

pub fn insert(conn: &mut DbConn, i: &Indicator) -> Result<Indicator> {
    diesel::insert_into(indicators::table)
        .values((
            Values::from(i),
            indicators::board_id.eq(i.board_id.0),
            indicators::created_at.eq(i.created_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, IndicatorId(id))
}

pub fn update(conn: &mut DbConn, i: &Indicator) -> Result<Indicator> {
    diesel::update(indicators::table.find(i.id.0))
        .set(Values::from(i))
        .execute(conn)?;
    find(conn, i.id)
}

pub fn find(conn: &mut DbConn, id: IndicatorId) -> Result<Indicator> {
    Ok(indicators::table
        .find(id.0)
        .select(Indicator::as_select())
        .first(conn)?)
}

pub fn list_for_board(conn: &mut DbConn, board: BoardId) -> Result<Vec<Indicator>> {
    Ok(indicators::table
        .filter(indicators::board_id.eq(board.0))
        .order(indicators::code)
        .select(Indicator::as_select())
        .load(conn)?)
}

/// The indicators with this code on any of these boards (a national board's regions).
pub fn with_code_on(conn: &mut DbConn, boards: &[BoardId], code: &str) -> Result<Vec<Indicator>> {
    let ids: Vec<i64> = boards.iter().map(|b| b.0).collect();
    Ok(indicators::table
        .filter(indicators::board_id.eq_any(ids))
        .filter(indicators::code.eq(code))
        .order(indicators::board_id)
        .select(Indicator::as_select())
        .load(conn)?)
}
