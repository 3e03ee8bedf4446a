//! The public calendar: every board's coming public sessions, and a board's public sessions with
//! their public agenda items as iCalendar.

use super::find;
use crate::db::agenda;
use crate::db::boards::{self, Board};
use crate::db::meetings::{self as store, Meeting};
use crate::db::{self, Db, DbConn};
use crate::domain::ics::{self, Event, EventStatus};
use crate::domain::ids::{BoardId, MeetingId};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::MeetingStatus;
use crate::domain::refusal::{self, Word};
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use std::fmt::Write;

/// How far ahead the public calendar lists sessions, in days of each board's own calendar.
const COMING_DAYS: i64 = 92;

/// Every board, and the public sessions of the coming days, soonest first, each with its
/// board's name.
pub async fn coming(
    db: &Db,
    now: DateTime<Utc>,
) -> Result<(Vec<Board>, Vec<(String, Meeting)>), AppError> {
    db.read(move |conn| {
        let boards = boards::list(conn)?;
        let mut sessions = Vec::new();
        for b in &boards {
            let today = now.with_timezone(&b.zone()).naive_local();
            let until = today + TimeDelta::days(COMING_DAYS);
            let found = store::list_for_board(conn, b.id, Some(today), Some(until), true)?;
            sessions.extend(found.into_iter().map(|m| (b.name.clone(), m)));
        }
        sessions.sort_by_key(|(_, m)| m.starts_local);
        Ok((boards, sessions))
    })
    .await
}

/// A board's public sessions from a year back onwards.
pub async fn board_feed(
    db: &Db,
    board: BoardId,
    installation: String,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    db.read(move |conn| {
        let board = crate::org::boards::find(conn, board)?;
        let from = (now - TimeDelta::days(366)).naive_utc();
        let meetings = store::list_for_board(conn, board.id, Some(from), None, true)?;
        let events = meetings
            .iter()
            .map(|m| event(conn, m, &installation))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(ics::calendar(&board.name, &events))
    })
    .await
}

/// One public session; a closed session is "not found", as if it did not exist.
pub async fn meeting_feed(
    db: &Db,
    id: MeetingId,
    installation: String,
) -> Result<String, AppError> {
    db.read(move |conn| {
        let meeting = find(conn, id)?;
        if !meeting.is_public {
            return Err(AppError::NotFound(refusal::not_found(
                id,
                Word::of("record", "meeting"),
            )));
        }
        let event = event(conn, &meeting, &installation)?;
        Ok(ics::calendar(&meeting.title, &[event]))
    })
    .await
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
