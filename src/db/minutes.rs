//! The `minutes` table: one text per meeting with its lifecycle.

use super::schema::minutes;
use super::{DbConn, Result};
use crate::domain::ids::{MeetingId, UserId};
use crate::domain::meeting::MinutesStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = minutes)]
pub struct Minutes {
    #[diesel(deserialize_as = i64)]
    pub meeting_id: MeetingId,
    pub body: String,
    #[diesel(deserialize_as = String)]
    pub status: MinutesStatus,
    #[diesel(deserialize_as = super::NullableId)]
    pub approved_by: Option<UserId>,
    /// The later session at which they were approved.
    #[diesel(deserialize_as = super::NullableId)]
    pub approved_at_meeting: Option<MeetingId>,
    pub approved_at: Option<NaiveDateTime>,
    pub frozen_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn find(conn: &mut DbConn, meeting: MeetingId) -> Result<Option<Minutes>> {
    Ok(minutes::table
        .find(meeting.0)
        .select(Minutes::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, m: &Minutes) -> Result<()> {
    diesel::insert_into(minutes::table)
        .values((
            minutes::meeting_id.eq(m.meeting_id.0),
            minutes::body.eq(&m.body),
            minutes::status.eq(m.status.as_str()),
            minutes::created_at.eq(m.created_at),
            minutes::updated_at.eq(m.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn update(conn: &mut DbConn, m: &Minutes) -> Result<()> {
    diesel::update(minutes::table.find(m.meeting_id.0))
        .set((
            minutes::body.eq(&m.body),
            minutes::status.eq(m.status.as_str()),
            minutes::approved_by.eq(m.approved_by.map(|u| u.0)),
            minutes::approved_at_meeting.eq(m.approved_at_meeting.map(|m| m.0)),
            minutes::approved_at.eq(m.approved_at),
            minutes::frozen_at.eq(m.frozen_at),
            minutes::updated_at.eq(m.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}
