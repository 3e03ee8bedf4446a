//! The public calendar: a board's public sessions with their public agenda items, as iCalendar.

use super::find;
use crate::db::agenda;
use crate::db::boards::Board;
use crate::db::meetings::{self as store, Meeting};
use crate::db::{self, DbConn};
use crate::domain::ics::{self, Event, EventStatus};
use crate::domain::ids::MeetingId;
use crate::domain::local_time::to_utc;
use crate::domain::meeting::MeetingStatus;
use crate::domain::refusal::{self, Word};
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use std::fmt::Write;

/// Public sessions from a year back onwards.
pub fn board_feed(
    conn: &mut DbConn,
    board: &Board,
    installation: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let from = (now - TimeDelta::days(366)).naive_utc();
    let meetings = store::list_for_board(conn, board.id, Some(from), None, true)?;
    let events = meetings
        .iter()
        .map(|m| event(conn, m, installation))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ics::calendar(&board.name, &events))
}

/// One public session; a closed session is "not found", as if it did not exist.
pub fn meeting_feed(
    conn: &mut DbConn,
    id: MeetingId,
    installation: &str,
) -> Result<String, AppError> {
    let meeting = find(conn, id)?;
    if !meeting.is_public {
        return Err(AppError::NotFound(refusal::not_found(
            id,
            Word::of("record", "meeting"),
        )));
    }
    let event = event(conn, &meeting, installation)?;
    Ok(ics::calendar(&meeting.title, &[event]))
}

fn event(conn: &mut DbConn, m: &Meeting, installation: &str) -> db::Result<Event> {
    let zone = m
        .time_zone
        .parse()
        .map_err(|_| db::Error::Setup(format!("meeting {}: unknown time zone", m.id)))?;
    let start = to_utc(m.starts_local, zone);
    let mut description = String::new();
    for item in agenda::list(conn, m.id)?.iter().filter(|i| i.is_public) {
        let _ = writeln!(description, "{}. {}", item.position, item.title);
    }
    let (status, summary) = match m.status {
        MeetingStatus::Scheduled => (EventStatus::Confirmed, m.title.clone()),
        MeetingStatus::Postponed => (EventStatus::Tentative, format!("Postponed: {}", m.title)),
        MeetingStatus::Cancelled => (EventStatus::Cancelled, m.title.clone()),
    };
    Ok(Event {
        uid: format!("meeting-{}-{installation}@bantay", m.id),
        sequence: m.sequence,
        stamp: m.updated_at.and_utc(),
        start,
        end: start + TimeDelta::minutes(i64::from(m.duration_minutes)),
        summary,
        location: m.location.clone(),
        description: description.trim_end().to_owned(),
        status,
    })
}
