//! The `attendance` table: who came to a meeting, for the record and the inclusiveness figures.

use super::schema::attendance;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{AttendeeId, MeetingId};
use crate::domain::meeting::{Sector, Sex};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = attendance)]
pub struct Attendee {
    #[diesel(deserialize_as = i64)]
    pub id: AttendeeId,
    #[diesel(deserialize_as = i64)]
    pub meeting_id: MeetingId,
    pub name: String,
    pub organisation: String,
    #[diesel(deserialize_as = String)]
    pub sector: Sector,
    #[diesel(deserialize_as = String)]
    pub sex: Sex,
    pub created_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConn, meeting: MeetingId) -> Result<Vec<Attendee>> {
    Ok(attendance::table
        .filter(attendance::meeting_id.eq(meeting.0))
        .order(attendance::id)
        .select(Attendee::as_select())
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, a: &Attendee) -> Result<Attendee> {
    diesel::insert_into(attendance::table)
        .values((
            attendance::meeting_id.eq(a.meeting_id.0),
            attendance::name.eq(&a.name),
            attendance::organisation.eq(&a.organisation),
            attendance::sector.eq(a.sector.as_str()),
            attendance::sex.eq(a.sex.as_str()),
            attendance::created_at.eq(a.created_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    Ok(attendance::table
        .find(id)
        .select(Attendee::as_select())
        .first(conn)?)
}

pub fn find(conn: &mut DbConn, meeting: MeetingId, id: AttendeeId) -> Result<Attendee> {
    Ok(attendance::table
        .find(id.0)
        .filter(attendance::meeting_id.eq(meeting.0))
        .select(Attendee::as_select())
        .first(conn)?)
}

pub fn delete(conn: &mut DbConn, id: AttendeeId) -> Result<()> {
    diesel::delete(attendance::table.find(id.0)).execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut DbConn, meeting: MeetingId) -> Result<i64> {
    Ok(attendance::table
        .filter(attendance::meeting_id.eq(meeting.0))
        .count()
        .get_result(conn)?)
}
