//! The `meeting_series` table.

use super::schema::meeting_series as series;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{BoardId, SeriesId};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = series)]
pub struct Series {
    #[diesel(deserialize_as = i64)]
    pub id: SeriesId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    pub title: String,
    pub rrule: String,
    pub first_date: NaiveDate,
    pub start_time: NaiveTime,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub location: String,
    pub is_public: bool,
    /// Comma-separated ISO dates without a session.
    pub exdates: String,
    /// Occurrences before this date belong to an earlier version of the rule and stay as they are.
    pub effective_from: NaiveDate,
    pub deleted_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a series writes, for both insert and update.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = series, treat_none_as_null = true)]
struct Values<'a> {
    title: &'a str,
    rrule: &'a str,
    first_date: NaiveDate,
    start_time: NaiveTime,
    duration_minutes: i32,
    time_zone: &'a str,
    location: &'a str,
    is_public: bool,
    exdates: &'a str,
    effective_from: NaiveDate,
    deleted_at: Option<NaiveDateTime>,
    updated_at: NaiveDateTime,
}

impl<'a> From<&'a Series> for Values<'a> {
    fn from(s: &'a Series) -> Self {
        Self {
            title: &s.title,
            rrule: &s.rrule,
            first_date: s.first_date,
            start_time: s.start_time,
            duration_minutes: s.duration_minutes,
            time_zone: &s.time_zone,
            location: &s.location,
            is_public: s.is_public,
            exdates: &s.exdates,
            effective_from: s.effective_from,
            deleted_at: s.deleted_at,
            updated_at: s.updated_at,
        }
    }
}

pub fn insert(conn: &mut DbConn, s: &Series) -> Result<Series> {
    diesel::insert_into(series::table)
        .values((
            Values::from(s),
            series::board_id.eq(s.board_id.0),
            series::created_at.eq(s.created_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, SeriesId(id))
}

pub fn update(conn: &mut DbConn, s: &Series) -> Result<Series> {
    diesel::update(series::table.find(s.id.0))
        .set(Values::from(s))
        .execute(conn)?;
    Ok(series::table
        .find(s.id.0)
        .select(Series::as_select())
        .first(conn)?)
}

/// A series, unless it was deleted.
pub fn find(conn: &mut DbConn, id: SeriesId) -> Result<Series> {
    Ok(series::table
        .find(id.0)
        .filter(series::deleted_at.is_null())
        .select(Series::as_select())
        .first(conn)?)
}

pub fn list_for_board(conn: &mut DbConn, board: BoardId) -> Result<Vec<Series>> {
    Ok(series::table
        .filter(series::board_id.eq(board.0))
        .filter(series::deleted_at.is_null())
        .order(series::id)
        .select(Series::as_select())
        .load(conn)?)
}

pub fn list_active(conn: &mut DbConn) -> Result<Vec<Series>> {
    Ok(series::table
        .filter(series::deleted_at.is_null())
        .order(series::id)
        .select(Series::as_select())
        .load(conn)?)
}
