//! The `meetings` table: concrete sessions, materialised from a series or overridden by hand.

use super::schema::meetings;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{BoardId, MeetingId, SeriesId};
use crate::domain::meeting::MeetingStatus;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = meetings)]
pub struct Meeting {
    #[diesel(deserialize_as = i64)]
    pub id: MeetingId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    #[diesel(deserialize_as = super::NullableId)]
    pub series_id: Option<SeriesId>,
    /// The series date this meeting stands for, whatever it was moved to.
    pub occurrence_date: Option<NaiveDate>,
    pub title: String,
    /// Wall-clock start in `time_zone`.
    pub starts_local: NaiveDateTime,
    pub duration_minutes: i32,
    pub time_zone: String,
    pub location: String,
    pub is_public: bool,
    #[diesel(deserialize_as = String)]
    pub status: MeetingStatus,
    /// Changed by hand: a series edit leaves it alone.
    pub overridden: bool,
    pub sequence: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The columns a change to a meeting writes.
#[derive(Insertable, AsChangeset)]
#[diesel(table_name = meetings)]
struct Values<'a> {
    title: &'a str,
    starts_local: NaiveDateTime,
    duration_minutes: i32,
    time_zone: &'a str,
    location: &'a str,
    is_public: bool,
    status: &'a str,
    overridden: bool,
    sequence: i32,
    updated_at: NaiveDateTime,
}

impl<'a> From<&'a Meeting> for Values<'a> {
    fn from(m: &'a Meeting) -> Self {
        Self {
            title: &m.title,
            starts_local: m.starts_local,
            duration_minutes: m.duration_minutes,
            time_zone: &m.time_zone,
            location: &m.location,
            is_public: m.is_public,
            status: m.status.as_str(),
            overridden: m.overridden,
            sequence: m.sequence,
            updated_at: m.updated_at,
        }
    }
}

pub fn insert(conn: &mut DbConn, m: &Meeting) -> Result<Meeting> {
    diesel::insert_into(meetings::table)
        .values((
            Values::from(m),
            meetings::board_id.eq(m.board_id.0),
            meetings::series_id.eq(m.series_id.map(|s| s.0)),
            meetings::occurrence_date.eq(m.occurrence_date),
            meetings::created_at.eq(m.created_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, MeetingId(id))
}

pub fn update(conn: &mut DbConn, m: &Meeting) -> Result<Meeting> {
    diesel::update(meetings::table.find(m.id.0))
        .set(Values::from(m))
        .execute(conn)?;
    find(conn, m.id)
}

pub fn find(conn: &mut DbConn, id: MeetingId) -> Result<Meeting> {
    Ok(meetings::table
        .find(id.0)
        .select(Meeting::as_select())
        .first(conn)?)
}

/// A board's meetings starting (local time) within `from..to`, earliest first; `None` leaves
/// that end open.
pub fn list_for_board(
    conn: &mut DbConn,
    board: BoardId,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    public_only: bool,
) -> Result<Vec<Meeting>> {
    let mut query = meetings::table
        .filter(meetings::board_id.eq(board.0))
        .into_boxed();
    if let Some(from) = from {
        query = query.filter(meetings::starts_local.ge(from));
    }
    if let Some(to) = to {
        query = query.filter(meetings::starts_local.lt(to));
    }
    if public_only {
        query = query.filter(meetings::is_public.eq(true));
    }
    Ok(query
        .order((meetings::starts_local, meetings::id))
        .select(Meeting::as_select())
        .load(conn)?)
}

pub fn list_for_series(conn: &mut DbConn, series: SeriesId) -> Result<Vec<Meeting>> {
    Ok(meetings::table
        .filter(meetings::series_id.eq(series.0))
        .order(meetings::occurrence_date)
        .select(Meeting::as_select())
        .load(conn)?)
}

/// Scheduled meetings of every board starting (local time) within `from..to`; callers compare
/// instants themselves, since boards keep different zones.
pub fn scheduled_between(
    conn: &mut DbConn,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Meeting>> {
    Ok(meetings::table
        .filter(meetings::status.eq(MeetingStatus::Scheduled.as_str()))
        .filter(meetings::starts_local.ge(from))
        .filter(meetings::starts_local.lt(to))
        .order(meetings::id)
        .select(Meeting::as_select())
        .load(conn)?)
}

/// A board's sessions that started before `before` (local time), those of `within` if given,
/// with a title matching `title_like` if given (a `LIKE` pattern in lower case, escaped with
/// `\`): the latest first, `limit` of them after the first `offset`, and how many match, counted
/// up to one past `count_to`.
pub fn past_page(
    conn: &mut DbConn,
    board: BoardId,
    before: NaiveDateTime,
    within: Option<(NaiveDateTime, NaiveDateTime)>,
    title_like: Option<&str>,
    (offset, limit, count_to): (i64, i64, i64),
) -> Result<(Vec<Meeting>, i64)> {
    let filtered = || {
        let mut q = meetings::table
            .filter(meetings::board_id.eq(board.0))
            .filter(meetings::starts_local.lt(before))
            .into_boxed();
        if let Some((from, to)) = within {
            q = q.filter(
                meetings::starts_local
                    .ge(from)
                    .and(meetings::starts_local.lt(to)),
            );
        }
        if let Some(p) = title_like {
            q = q.filter(
                super::lower(meetings::title)
                    .like(p.to_owned())
                    .escape('\\'),
            );
        }
        q.order((meetings::starts_local.desc(), meetings::id.desc()))
    };
    let counted: Vec<i64> = filtered()
        .limit(count_to + 1)
        .select(meetings::id)
        .load(conn)?;
    let rows = filtered()
        .offset(offset)
        .limit(limit)
        .select(Meeting::as_select())
        .load(conn)?;
    Ok((rows, counted.len() as i64))
}
