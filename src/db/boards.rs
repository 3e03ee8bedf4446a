//! The `boards` table.

use super::engine::stamp::Stamp;
use super::schema::boards;
use super::{DbConn, Error, Result, last_insert_id};
use crate::domain::board::BoardLevel;
use crate::domain::ids::BoardId;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Board {
    pub id: BoardId,
    pub name: String,
    pub level: BoardLevel,
    pub parent_id: Option<BoardId>,
    pub time_zone: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Business days to acknowledge a grievance; `None` keeps the installation's default.
    pub grievance_ack_days: Option<u32>,
    /// Business days to respond to a grievance; `None` keeps the installation's default.
    pub grievance_response_days: Option<u32>,
    /// Whether a report needs a second officer's approval before it is published.
    pub two_person_approval: bool,
}

impl Board {
    /// The board's zone. Names are checked on the way in; one the tz database no longer knows
    /// falls back to UTC rather than failing every deadline of the board.
    pub fn zone(&self) -> chrono_tz::Tz {
        zone_named(&self.time_zone)
    }
}

fn zone_named(name: &str) -> chrono_tz::Tz {
    name.parse().unwrap_or(chrono_tz::Tz::UTC)
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = boards)]
struct Row {
    id: i64,
    name: String,
    level: String,
    parent_id: Option<i64>,
    time_zone: String,
    #[diesel(deserialize_as = Stamp)]
    created_at: NaiveDateTime,
    #[diesel(deserialize_as = Stamp)]
    updated_at: NaiveDateTime,
    grievance_ack_days: Option<i32>,
    grievance_response_days: Option<i32>,
    two_person_approval: bool,
}

impl TryFrom<Row> for Board {
    type Error = Error;

    fn try_from(r: Row) -> Result<Self> {
        Ok(Self {
            id: BoardId(r.id),
            name: r.name,
            level: r
                .level
                .parse()
                .map_err(|e| Error::Setup(format!("boards.level: {e}")))?,
            parent_id: r.parent_id.map(BoardId),
            time_zone: r.time_zone,
            created_at: r.created_at,
            updated_at: r.updated_at,
            grievance_ack_days: r.grievance_ack_days.and_then(|d| u32::try_from(d).ok()),
            grievance_response_days: r
                .grievance_response_days
                .and_then(|d| u32::try_from(d).ok()),
            two_person_approval: r.two_person_approval,
        })
    }
}

pub struct NewBoard<'a> {
    pub name: &'a str,
    pub level: BoardLevel,
    pub parent_id: Option<BoardId>,
    pub time_zone: &'a str,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewBoard<'_>) -> Result<Board> {
    diesel::insert_into(boards::table)
        .values((
            boards::name.eq(new.name),
            boards::level.eq(new.level.as_str()),
            boards::parent_id.eq(new.parent_id.map(|b| b.0)),
            boards::time_zone.eq(new.time_zone),
            boards::created_at.eq(new.now),
            boards::updated_at.eq(new.now),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, BoardId(id))
}

pub fn find(conn: &mut DbConn, id: BoardId) -> Result<Board> {
    native!(conn, |c| boards::table
        .find(id.0)
        .select(Row::as_select())
        .first(c))?
    .try_into()
}

/// The board's zone alone (see [`Board::zone`]); `None` if there is no such board.
pub fn zone(conn: &mut DbConn, id: BoardId) -> Result<Option<chrono_tz::Tz>> {
    let name: Option<String> = native!(conn, |c| boards::table
        .find(id.0)
        .select(boards::time_zone)
        .first(c)
        .optional())?;
    Ok(name.as_deref().map(zone_named))
}

pub fn list(conn: &mut DbConn) -> Result<Vec<Board>> {
    boards::table
        .order(boards::id)
        .select(Row::as_select())
        .load(conn)?
        .into_iter()
        .map(Board::try_from)
        .collect()
}

/// Every board's id and name, for pages that name the boards they list.
pub fn names(conn: &mut DbConn) -> Result<Vec<(BoardId, String)>> {
    let rows: Vec<(i64, String)> = native!(conn, |c| boards::table
        .order(boards::id)
        .select((boards::id, boards::name))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (BoardId(id), name))
        .collect())
}

pub fn has_children(conn: &mut DbConn, id: BoardId) -> Result<bool> {
    let n: i64 = boards::table
        .filter(boards::parent_id.eq(id.0))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn update(conn: &mut DbConn, board: &Board, now: NaiveDateTime) -> Result<Board> {
    diesel::update(boards::table.find(board.id.0))
        .set((
            boards::name.eq(&board.name),
            boards::level.eq(board.level.as_str()),
            boards::parent_id.eq(board.parent_id.map(|b| b.0)),
            boards::time_zone.eq(&board.time_zone),
            boards::grievance_ack_days.eq(board.grievance_ack_days.map(days)),
            boards::grievance_response_days.eq(board.grievance_response_days.map(days)),
            boards::two_person_approval.eq(board.two_person_approval),
            boards::updated_at.eq(now),
        ))
        .execute(conn)?;
    find(conn, board.id)
}

fn days(d: u32) -> i32 {
    i32::try_from(d).unwrap_or(i32::MAX)
}

/// The boards directly under this one.
pub fn children(conn: &mut DbConn, id: BoardId) -> Result<Vec<BoardId>> {
    Ok(boards::table
        .filter(boards::parent_id.eq(id.0))
        .order(boards::id)
        .select(boards::id)
        .load::<i64>(conn)?
        .into_iter()
        .map(BoardId)
        .collect())
}
