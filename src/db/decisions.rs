//! The `decisions` table: what a meeting decided and who is to carry it out.

use super::schema::decisions;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{AgendaItemId, DecisionId, MeetingId, UnitId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = decisions)]
pub struct Decision {
    #[diesel(deserialize_as = i64)]
    pub id: DecisionId,
    #[diesel(deserialize_as = i64)]
    pub meeting_id: MeetingId,
    #[diesel(deserialize_as = super::NullableId)]
    pub agenda_item_id: Option<AgendaItemId>,
    pub text: String,
    #[diesel(deserialize_as = super::NullableId)]
    pub responsible_unit_id: Option<UnitId>,
    /// Who is responsible, in words (a person, an office, "the secretariat").
    pub responsible: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn list(conn: &mut DbConn, meeting: MeetingId) -> Result<Vec<Decision>> {
    Ok(decisions::table
        .filter(decisions::meeting_id.eq(meeting.0))
        .order(decisions::id)
        .select(Decision::as_select())
        .load(conn)?)
}

pub fn find(conn: &mut DbConn, meeting: MeetingId, id: DecisionId) -> Result<Decision> {
    Ok(decisions::table
        .find(id.0)
        .filter(decisions::meeting_id.eq(meeting.0))
        .select(Decision::as_select())
        .first(conn)?)
}

pub fn insert(conn: &mut DbConn, d: &Decision) -> Result<Decision> {
    diesel::insert_into(decisions::table)
        .values((
            decisions::meeting_id.eq(d.meeting_id.0),
            decisions::agenda_item_id.eq(d.agenda_item_id.map(|a| a.0)),
            decisions::text.eq(&d.text),
            decisions::responsible_unit_id.eq(d.responsible_unit_id.map(|u| u.0)),
            decisions::responsible.eq(&d.responsible),
            decisions::created_at.eq(d.created_at),
            decisions::updated_at.eq(d.updated_at),
        ))
        .execute(conn)?;
    let id = DecisionId(last_insert_id(conn)?);
    find(conn, d.meeting_id, id)
}

pub fn update(conn: &mut DbConn, d: &Decision) -> Result<Decision> {
    diesel::update(decisions::table.find(d.id.0))
        .set((
            decisions::agenda_item_id.eq(d.agenda_item_id.map(|a| a.0)),
            decisions::text.eq(&d.text),
            decisions::responsible_unit_id.eq(d.responsible_unit_id.map(|u| u.0)),
            decisions::responsible.eq(&d.responsible),
            decisions::updated_at.eq(d.updated_at),
        ))
        .execute(conn)?;
    find(conn, d.meeting_id, d.id)
}

pub fn count(conn: &mut DbConn, meeting: MeetingId) -> Result<i64> {
    Ok(decisions::table
        .filter(decisions::meeting_id.eq(meeting.0))
        .count()
        .get_result(conn)?)
}

/// The first decision that points at this agenda item, if any.
pub fn citing_agenda_item(conn: &mut DbConn, item: AgendaItemId) -> Result<Option<DecisionId>> {
    Ok(decisions::table
        .filter(decisions::agenda_item_id.eq(item.0))
        .order(decisions::id)
        .select(decisions::id)
        .first::<i64>(conn)
        .optional()?
        .map(DecisionId))
}

/// A decision by id alone, whichever meeting took it.
pub fn find_any(conn: &mut DbConn, id: DecisionId) -> Result<Decision> {
    Ok(decisions::table
        .find(id.0)
        .select(Decision::as_select())
        .first(conn)?)
}

/// The decisions of these meetings, meeting by meeting, each meeting's in the order taken.
pub fn of_meetings(conn: &mut DbConn, meetings: &[MeetingId]) -> Result<Vec<Decision>> {
    Ok(decisions::table
        .filter(decisions::meeting_id.eq_any(meetings.iter().map(|m| m.0)))
        .order((decisions::meeting_id, decisions::id))
        .select(Decision::as_select())
        .load(conn)?)
}
