//! The `grievances`, `grievance_contacts` and `grievance_events` tables.

use super::schema::{
    grievance_contacts as contacts, grievance_events as events, grievance_intakes as intakes,
    grievances,
};
use super::{DbConn, NullableId, Result, last_insert_id};
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus};
use crate::domain::ids::{BoardId, GrievanceId, UnitId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = grievances)]
pub struct Grievance {
    #[diesel(deserialize_as = i64)]
    pub id: GrievanceId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    /// SHA-256 of the tracking code; the code itself is the filer's secret.
    #[serde(skip)]
    pub tracking_hash: String,
    pub channel: String,
    #[diesel(deserialize_as = String)]
    pub category: GrievanceCategory,
    /// The complaint in the filer's words: secretariat only.
    pub description: String,
    pub location: String,
    #[diesel(deserialize_as = NullableId)]
    pub alleged_unit_id: Option<UnitId>,
    #[diesel(deserialize_as = String)]
    pub status: GrievanceStatus,
    /// The unit it was referred to.
    #[diesel(deserialize_as = NullableId)]
    pub unit_id: Option<UnitId>,
    /// What the unit is told, written by the secretariat without the filer's identity.
    pub unit_summary: String,
    pub response: String,
    pub filed_at: NaiveDateTime,
    pub ack_due: NaiveDate,
    pub response_due: NaiveDate,
    pub updated_at: NaiveDateTime,
}

/// How to reach the filer, if they wish: the secretariat only.
#[derive(
    Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema, Queryable, Selectable,
)]
#[diesel(table_name = contacts)]
#[serde(deny_unknown_fields)]
#[schema(as = ContactInput)]
pub struct Contact {
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 40, format = "text")]
    pub phone: String,
    #[serde(default)]
    #[schema(max_length = 254, format = "text")]
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = events)]
pub struct Event {
    #[diesel(deserialize_as = String)]
    pub status: GrievanceStatus,
    pub note: String,
    #[diesel(deserialize_as = NullableId)]
    pub actor_user_id: Option<UserId>,
    pub at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, g: &Grievance) -> Result<Grievance> {
    diesel::insert_into(grievances::table)
        .values((
            grievances::board_id.eq(g.board_id.0),
            grievances::tracking_hash.eq(&g.tracking_hash),
            grievances::channel.eq(&g.channel),
            grievances::category.eq(g.category.as_str()),
            grievances::description.eq(&g.description),
            grievances::location.eq(&g.location),
            grievances::alleged_unit_id.eq(g.alleged_unit_id.map(|u| u.0)),
            grievances::status.eq(g.status.as_str()),
            grievances::filed_at.eq(g.filed_at),
            grievances::ack_due.eq(g.ack_due),
            grievances::response_due.eq(g.response_due),
            grievances::updated_at.eq(g.updated_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, GrievanceId(id))
}

pub fn update(conn: &mut DbConn, g: &Grievance) -> Result<Grievance> {
    diesel::update(grievances::table.find(g.id.0))
        .set((
            grievances::status.eq(g.status.as_str()),
            grievances::unit_id.eq(g.unit_id.map(|u| u.0)),
            grievances::unit_summary.eq(&g.unit_summary),
            grievances::response.eq(&g.response),
            grievances::updated_at.eq(g.updated_at),
        ))
        .execute(conn)?;
    find(conn, g.id)
}

pub fn find(conn: &mut DbConn, id: GrievanceId) -> Result<Grievance> {
    Ok(grievances::table
        .find(id.0)
        .select(Grievance::as_select())
        .first(conn)?)
}

pub fn find_by_hash(conn: &mut DbConn, hash: &str) -> Result<Option<Grievance>> {
    Ok(grievances::table
        .filter(grievances::tracking_hash.eq(hash))
        .select(Grievance::as_select())
        .first(conn)
        .optional()?)
}

/// Which grievances a list may hold, as the policy's scope gives them: every one (of one board
/// if given), or those of these boards and those referred to these units.
pub enum Rows<'a> {
    All(Option<BoardId>),
    Within {
        boards: &'a [BoardId],
        units: &'a [UnitId],
    },
}

/// Grievances in `rows`, in id order.
pub fn list_in(
    conn: &mut DbConn,
    rows: Rows<'_>,
    after: Option<GrievanceId>,
    limit: i64,
) -> Result<Vec<Grievance>> {
    let mut q = grievances::table.into_boxed();
    match rows {
        Rows::All(Some(board)) => q = q.filter(grievances::board_id.eq(board.0)),
        Rows::All(None) => {}
        Rows::Within { boards, units } => {
            let boards: Vec<i64> = boards.iter().map(|b| b.0).collect();
            let units: Vec<i64> = units.iter().map(|u| u.0).collect();
            q = q.filter(
                grievances::board_id
                    .eq_any(boards)
                    .or(grievances::unit_id.eq_any(units)),
            );
        }
    }
    page(conn, q, after, limit)
}

/// Up to `limit` of the grievances `q` selects, in id order, from after `after`.
fn page(
    conn: &mut DbConn,
    mut q: grievances::BoxedQuery<'_, <DbConn as Connection>::Backend>,
    after: Option<GrievanceId>,
    limit: i64,
) -> Result<Vec<Grievance>> {
    if let Some(after) = after {
        q = q.filter(grievances::id.gt(after.0));
    }
    Ok(q.order(grievances::id)
        .limit(limit)
        .select(Grievance::as_select())
        .load(conn)?)
}

/// Whose grievances wait on someone: a board's, or those referred to one unit.
#[derive(Debug, Clone, Copy)]
pub enum Holder {
    Board(BoardId),
    Unit(UnitId),
}

/// Up to `limit` of `holder`'s grievances at `status`, newest first, and of those only the ones
/// whose next deadline (the acknowledgement's while received, else the response's) falls on or
/// before `by` when given. One status at a time: with the holder and the status both equal,
/// `grievances_board_status` / `grievances_unit_status` hold the rows newest first and the walk
/// stops at the limit. The desk read a thousand of the board's grievances, oldest first, to
/// pick the waiting ones (the newest never among them at scale 1); the closed archive is never
/// read now (guarded by the integration tests' `query_plans`).
pub fn waiting(
    conn: &mut DbConn,
    holder: Holder,
    status: GrievanceStatus,
    by: Option<NaiveDate>,
    limit: i64,
) -> Result<Vec<Grievance>> {
    Ok(native!(conn, |c| {
        let mut q = grievances::table
            .filter(grievances::status.eq(status.as_str()))
            .into_boxed();
        q = match holder {
            Holder::Board(board) => q.filter(grievances::board_id.eq(board.0)),
            Holder::Unit(unit) => q.filter(grievances::unit_id.eq(unit.0)),
        };
        if let Some(by) = by {
            q = match status {
                GrievanceStatus::Received => q.filter(grievances::ack_due.le(by)),
                _ => q.filter(grievances::response_due.le(by)),
            };
        }
        q.order(grievances::id.desc())
            .limit(limit)
            .select(Grievance::as_select())
            .load(c)
    })?)
}

/// Which grievances a page of the web's lists asks for; every part narrows it.
#[derive(Debug, Default)]
pub struct Filter<'a> {
    pub board: Option<BoardId>,
    /// Referred to one of these units.
    pub referred_to: Option<&'a [UnitId]>,
    pub status: Option<GrievanceStatus>,
    /// Filed within `from..to` (UTC).
    pub filed: Option<(NaiveDateTime, NaiveDateTime)>,
    /// An acknowledgement or a response is late on this date.
    pub late_on: Option<NaiveDate>,
    /// A `LIKE` pattern in lower case (escaped with `\`) to find in what the unit was told, and
    /// with `filer_words` also in the complaint and its place.
    pub text_like: Option<String>,
    pub filer_words: bool,
}

/// The grievances `f` asks for, newest first, `limit` of them after the first `offset`, and how
/// many match, counted up to one past `count_to`.
pub fn page_of(
    conn: &mut DbConn,
    f: &Filter<'_>,
    offset: i64,
    limit: i64,
    count_to: i64,
) -> Result<(Vec<Grievance>, i64)> {
    Ok(native!(conn, |c| {
        let filtered = || {
            let mut q = grievances::table.into_boxed();
            if let Some(board) = f.board {
                q = q.filter(grievances::board_id.eq(board.0));
            }
            if let Some(units) = f.referred_to {
                q = q.filter(
                    grievances::unit_id.eq_any(units.iter().map(|u| u.0).collect::<Vec<_>>()),
                );
            }
            if let Some(status) = f.status {
                q = q.filter(grievances::status.eq(status.as_str()));
            }
            if let Some((from, to)) = f.filed {
                q = q.filter(
                    grievances::filed_at
                        .ge(from)
                        .and(grievances::filed_at.lt(to)),
                );
            }
            if let Some(day) = f.late_on {
                let waiting: Vec<&str> = GrievanceStatus::ALL
                    .iter()
                    .filter(|s| s.awaits_response())
                    .map(|s| s.as_str())
                    .collect();
                let unacknowledged = grievances::status
                    .eq(GrievanceStatus::Received.as_str())
                    .and(grievances::ack_due.lt(day));
                let unanswered = grievances::status
                    .eq_any(waiting)
                    .and(grievances::response_due.lt(day));
                q = q.filter(unacknowledged.or(unanswered));
            }
            if let Some(pattern) = &f.text_like {
                let told = super::lower(grievances::unit_summary)
                    .like(pattern.clone())
                    .escape('\\');
                q = match f.filer_words {
                    false => q.filter(told),
                    true => q.filter(
                        told.or(super::lower(grievances::description)
                            .like(pattern.clone())
                            .escape('\\'))
                            .or(super::lower(grievances::location)
                                .like(pattern.clone())
                                .escape('\\')),
                    ),
                };
            }
            q
        };
        let counted: Vec<i64> = filtered()
            .order(grievances::id.desc())
            .limit(count_to + 1)
            .select(grievances::id)
            .load(c)?;
        let rows = filtered()
            .order(grievances::id.desc())
            .offset(offset)
            .limit(limit)
            .select(Grievance::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>((rows, counted.len() as i64))
    })?)
}

/// A board's grievances filed within `from..to` (UTC), in id order.
pub fn filed_between(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Grievance>> {
    Ok(grievances::table
        .filter(grievances::board_id.eq(board.0))
        .filter(grievances::filed_at.ge(from))
        .filter(grievances::filed_at.lt(to))
        .order(grievances::id)
        .select(Grievance::as_select())
        .load(conn)?)
}

/// Grievances still waiting for an acknowledgement or a response.
pub fn open(conn: &mut DbConn) -> Result<Vec<Grievance>> {
    let waiting: Vec<&str> = GrievanceStatus::ALL
        .iter()
        .filter(|s| s.awaits_response())
        .map(|s| s.as_str())
        .collect();
    Ok(grievances::table
        .filter(grievances::status.eq_any(waiting))
        .order(grievances::id)
        .select(Grievance::as_select())
        .load(conn)?)
}

/// Records how a grievance reached the secretariat (`domain::grievance::Intake`'s words).
pub fn set_intake(conn: &mut DbConn, id: GrievanceId, intake: &str) -> Result<()> {
    diesel::insert_into(intakes::table)
        .values((intakes::grievance_id.eq(id.0), intakes::intake.eq(intake)))
        .execute(conn)?;
    Ok(())
}

pub fn intake(conn: &mut DbConn, id: GrievanceId) -> Result<Option<String>> {
    Ok(intakes::table
        .find(id.0)
        .select(intakes::intake)
        .first(conn)
        .optional()?)
}

pub fn set_contact(conn: &mut DbConn, id: GrievanceId, c: &Contact) -> Result<()> {
    diesel::insert_into(contacts::table)
        .values((
            contacts::grievance_id.eq(id.0),
            contacts::name.eq(&c.name),
            contacts::phone.eq(&c.phone),
            contacts::email.eq(&c.email),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn contact(conn: &mut DbConn, id: GrievanceId) -> Result<Option<Contact>> {
    Ok(contacts::table
        .find(id.0)
        .select(Contact::as_select())
        .first(conn)
        .optional()?)
}

pub fn add_event(
    conn: &mut DbConn,
    id: GrievanceId,
    status: GrievanceStatus,
    note: &str,
    actor: Option<UserId>,
    at: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(events::table)
        .values((
            events::grievance_id.eq(id.0),
            events::status.eq(status.as_str()),
            events::note.eq(note),
            events::actor_user_id.eq(actor.map(|u| u.0)),
            events::at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn events_of(conn: &mut DbConn, id: GrievanceId) -> Result<Vec<Event>> {
    Ok(events::table
        .filter(events::grievance_id.eq(id.0))
        .order(events::id)
        .select(Event::as_select())
        .load(conn)?)
}

/// What a page of grievances shows beside their rows, read in one query a table rather than
/// one a grievance: their steps (oldest first), the filer's contact and the intake.
pub struct Alongside {
    pub events: Vec<(GrievanceId, Event)>,
    pub contacts: Vec<(GrievanceId, Contact)>,
    pub intakes: Vec<(GrievanceId, String)>,
}

/// [`Alongside`] of the grievances `ids`; the contacts only of `with_contact`.
pub fn alongside(
    conn: &mut DbConn,
    ids: &[GrievanceId],
    with_contact: &[GrievanceId],
) -> Result<Alongside> {
    let raw = |ids: &[GrievanceId]| ids.iter().map(|g| g.0).collect::<Vec<_>>();
    let (all, some) = (raw(ids), raw(with_contact));
    let events: Vec<(i64, Event)> = native!(conn, |c| events::table
        .filter(events::grievance_id.eq_any(&all))
        .order(events::id)
        .select((events::grievance_id, Event::as_select()))
        .load(c))?;
    let contacts: Vec<(i64, Contact)> = match some.is_empty() {
        true => Vec::new(),
        false => native!(conn, |c| contacts::table
            .filter(contacts::grievance_id.eq_any(&some))
            .select((contacts::grievance_id, Contact::as_select()))
            .load(c))?,
    };
    let intakes: Vec<(i64, String)> = native!(conn, |c| intakes::table
        .filter(intakes::grievance_id.eq_any(&all))
        .select((intakes::grievance_id, intakes::intake))
        .load(c))?;
    Ok(Alongside {
        events: tagged(events),
        contacts: tagged(contacts),
        intakes: tagged(intakes),
    })
}

fn tagged<T>(rows: Vec<(i64, T)>) -> Vec<(GrievanceId, T)> {
    rows.into_iter()
        .map(|(id, r)| (GrievanceId(id), r))
        .collect()
}

/// When a grievance was filed, when its response was due, and when it was first answered.
#[derive(Debug, Clone, PartialEq, Queryable)]
pub struct Answer {
    pub filed_at: NaiveDateTime,
    pub response_due: NaiveDate,
    pub responded_at: Option<NaiveDateTime>,
}

/// The answers of a board's grievances filed within `from..to` (UTC), the first answer's time
/// found by the database: one row a grievance of those months, never the board's archive.
pub fn answers_filed_between(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<Answer>> {
    use diesel::dsl::min;
    Ok(grievances::table
        .left_join(
            events::table.on(events::grievance_id
                .eq(grievances::id)
                .and(events::status.eq(GrievanceStatus::Responded.as_str()))),
        )
        .filter(grievances::board_id.eq(board.0))
        .filter(grievances::filed_at.ge(from))
        .filter(grievances::filed_at.lt(to))
        .group_by((
            grievances::id,
            grievances::filed_at,
            grievances::response_due,
        ))
        .select((
            grievances::filed_at,
            grievances::response_due,
            min(events::at.nullable()),
        ))
        .load(conn)?)
}
