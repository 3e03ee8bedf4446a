//! The `agenda_items` table.

use super::schema::agenda_items as items;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{AgendaItemId, MeetingId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = items)]
pub struct AgendaItem {
    #[diesel(deserialize_as = i64)]
    pub id: AgendaItemId,
    #[diesel(deserialize_as = i64)]
    pub meeting_id: MeetingId,
    pub position: i32,
    pub title: String,
    pub description: String,
    pub is_public: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConn, meeting: MeetingId) -> Result<Vec<AgendaItem>> {
    Ok(items::table
        .filter(items::meeting_id.eq(meeting.0))
        .order((items::position, items::id))
        .select(AgendaItem::as_select())
        .load(conn)?)
}

pub fn insert(conn: &mut DbConn, item: &AgendaItem) -> Result<AgendaItemId> {
    diesel::insert_into(items::table)
        .values((
            items::meeting_id.eq(item.meeting_id.0),
            items::position.eq(item.position),
            items::title.eq(&item.title),
            items::description.eq(&item.description),
            items::is_public.eq(item.is_public),
            items::created_at.eq(item.created_at),
            items::updated_at.eq(item.updated_at),
        ))
        .execute(conn)?;
    Ok(AgendaItemId(last_insert_id(conn)?))
}

pub fn update(conn: &mut DbConn, item: &AgendaItem) -> Result<()> {
    diesel::update(items::table.find(item.id.0))
        .set((
            items::position.eq(item.position),
            items::title.eq(&item.title),
            items::description.eq(&item.description),
            items::is_public.eq(item.is_public),
            items::updated_at.eq(item.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn delete(conn: &mut DbConn, id: AgendaItemId) -> Result<()> {
    diesel::delete(items::table.find(id.0)).execute(conn)?;
    Ok(())
}

pub fn count(conn: &mut DbConn, meeting: MeetingId) -> Result<i64> {
    Ok(items::table
        .filter(items::meeting_id.eq(meeting.0))
        .count()
        .get_result(conn)?)
}
