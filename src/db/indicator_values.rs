//! The `indicator_values` table: one figure per indicator, month and group.

use super::schema::{indicator_values as vals, indicators};
use super::{DbConn, Result};
use crate::domain::ids::{BoardId, IndicatorId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// A figure as stored: the figure as submitted, with its row id and times.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = vals)]
pub struct IndicatorValue {
    pub id: i64,
    #[diesel(embed)]
    #[serde(flatten)]
    pub figure: Figure,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A figure as submitted; the key is indicator, period, region, sex and age group.
#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = vals)]
pub struct Figure {
    #[diesel(deserialize_as = i64)]
    pub indicator_id: IndicatorId,
    pub period: String,
    /// '' when the figure is not for one region.
    pub region: String,
    /// '' when the figure is not for one sex.
    pub sex: String,
    /// '' when the figure is not for one age group.
    pub age_group: String,
    pub value: f64,
    pub source: String,
    pub note: String,
}

impl Figure {
    /// Whether another figure for the same key says the same: value, source and note.
    pub fn says_the_same(&self, other: &Figure) -> bool {
        self.value == other.value && self.source == other.source && self.note == other.note
    }
}

pub fn find(conn: &mut DbConn, f: &Figure) -> Result<Option<IndicatorValue>> {
    Ok(vals::table
        .filter(vals::indicator_id.eq(f.indicator_id.0))
        .filter(vals::period.eq(&f.period))
        .filter(vals::region.eq(&f.region))
        .filter(vals::sex.eq(&f.sex))
        .filter(vals::age_group.eq(&f.age_group))
        .select(IndicatorValue::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, f: &Figure, now: NaiveDateTime) -> Result<()> {
    diesel::insert_into(vals::table)
        .values((
            vals::indicator_id.eq(f.indicator_id.0),
            vals::period.eq(&f.period),
            vals::region.eq(&f.region),
            vals::sex.eq(&f.sex),
            vals::age_group.eq(&f.age_group),
            vals::value.eq(f.value),
            vals::source.eq(&f.source),
            vals::note.eq(&f.note),
            vals::created_at.eq(now),
            vals::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, id: i64, f: &Figure, now: NaiveDateTime) -> Result<()> {
    diesel::update(vals::table.find(id))
        .set((
            vals::value.eq(f.value),
            vals::source.eq(&f.source),
            vals::note.eq(&f.note),
            vals::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// An indicator's figures, optionally for one period, in key order.
pub fn list(
    conn: &mut DbConn,
    indicator: IndicatorId,
    period: Option<&str>,
) -> Result<Vec<IndicatorValue>> {
    let mut query = vals::table
        .filter(vals::indicator_id.eq(indicator.0))
        .into_boxed();
    if let Some(p) = period {
        query = query.filter(vals::period.eq(p.to_owned()));
    }
    Ok(query
        .order((vals::period, vals::region, vals::sex, vals::age_group))
        .select(IndicatorValue::as_select())
        .load(conn)?)
}

/// An indicator's figures for the months `first` to `last` (`YYYY-MM`, both included), in the
/// order of [`list`]: what a trend reads, however long the indicator's history.
pub fn list_months(
    conn: &mut DbConn,
    indicator: IndicatorId,
    first: &str,
    last: &str,
) -> Result<Vec<IndicatorValue>> {
    Ok(vals::table
        .filter(vals::indicator_id.eq(indicator.0))
        .filter(vals::period.ge(first.to_owned()))
        .filter(vals::period.le(last.to_owned()))
        .order((vals::period, vals::region, vals::sex, vals::age_group))
        .select(IndicatorValue::as_select())
        .load(conn)?)
}

/// Every figure of a board's indicators with the indicator's code, in export order.
pub fn list_for_board(conn: &mut DbConn, board: BoardId) -> Result<Vec<(String, IndicatorValue)>> {
    Ok(vals::table
        .inner_join(indicators::table)
        .filter(indicators::board_id.eq(board.0))
        .order((
            indicators::code,
            vals::period,
            vals::region,
            vals::sex,
            vals::age_group,
        ))
        .select((indicators::code, IndicatorValue::as_select()))
        .load(conn)?)
}
