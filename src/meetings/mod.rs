//! Recurring sessions and their record: series, meetings, agenda, attendance, minutes and
//! decisions, with the calendar feed and the reminders that go with them.

pub mod calendar;
pub mod carry_over;
pub mod minutes;
mod notices;
pub mod occurrence;
pub mod record;
pub mod reminders;
pub mod schedule;
pub mod series;
pub mod sessions;
pub mod views;

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::meetings::{self as store, Meeting};
use crate::db::{Db, DbConn, minutes as minutes_store};
use crate::domain::ids::MeetingId;
use crate::domain::meeting::MinutesStatus;
use crate::domain::refusal::{self, Word};
use crate::error::{AppError, not_found};
use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;

pub fn find(conn: &mut DbConn, id: MeetingId) -> Result<Meeting, AppError> {
    store::find(conn, id).map_err(not_found("meeting", id))
}

/// What of a meeting one may see: everything, or its public face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Record,
    Public,
}

/// The meeting, and what of it this principal may see; "not found" if they may see nothing.
pub async fn readable(
    db: &Db,
    who: &Principal,
    id: MeetingId,
) -> Result<(Meeting, Sight), AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let m = db.read(move |conn| find(conn, id)).await?;
    if authorize(Some(who), Permission::ReadMeetingRecord(m.board_id)).is_ok() {
        Ok((m, Sight::Record))
    } else if m.is_public {
        Ok((m, Sight::Public))
    } else {
        Err(AppError::NotFound(refusal::not_found(
            m.id,
            Word::of("record", "meeting"),
        )))
    }
}

/// The meeting if this principal may read its whole record: the board's secretaries and members.
async fn of_record(db: &Db, who: &Principal, id: MeetingId) -> Result<Meeting, AppError> {
    let (m, _) = readable(db, who, id).await?;
    authorize(Some(who), Permission::ReadMeetingRecord(m.board_id))?;
    Ok(m)
}

/// The meeting if this principal may keep its record; "not found" if they may not even see it.
async fn kept(db: &Db, who: &Principal, id: MeetingId) -> Result<Meeting, AppError> {
    let (m, _) = readable(db, who, id).await?;
    authorize(Some(who), Permission::ManageMeetings(m.board_id))?;
    Ok(m)
}

/// The zone a stored record names; it was validated on the way in.
fn zone(name: &str) -> Result<Tz, AppError> {
    name.parse()
        .map_err(|_| AppError::Internal(anyhow::anyhow!("stored time zone '{name}' is unknown")))
}

fn local_now(now: DateTime<Utc>, zone: Tz) -> NaiveDateTime {
    now.with_timezone(&zone).naive_local()
}

/// Once a meeting's minutes are approved, its agenda, attendance and decisions are the record
/// and stay as they are.
fn ensure_record_open(conn: &mut DbConn, meeting: MeetingId) -> Result<(), AppError> {
    match minutes_store::find(conn, meeting)?.map(|m| m.status) {
        Some(status) if !MinutesStatus::record_is_open(Some(status)) => Err(AppError::Conflict(
            refusal::meeting_record_closed(meeting, Word::of("minutes_status", status.as_str())),
        )),
        _ => Ok(()),
    }
}

/// Raises the calendar's SEQUENCE when what attendees rely on (time, length, place, status)
/// changed; returns whether it did.
fn bump_sequence(before: &Meeting, after: &mut Meeting) -> bool {
    let announced = after.starts_local != before.starts_local
        || after.duration_minutes != before.duration_minutes
        || after.location != before.location
        || after.status != before.status;
    if announced {
        after.sequence += 1;
    }
    announced
}

pub const DURATION_MAX_MINUTES: i32 = 24 * 60;
pub const LOCATION_MAX: usize = 300;

fn check_duration(minutes: i32) -> Result<i32, AppError> {
    if (1..=DURATION_MAX_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(AppError::validation(
            "duration_minutes",
            refusal::meeting_duration_range(DURATION_MAX_MINUTES),
        ))
    }
}

/// A place: one line, possibly empty ("to be announced").
fn check_location(location: String) -> Result<String, AppError> {
    if location.chars().count() > LOCATION_MAX || location.trim().chars().any(char::is_control) {
        return Err(AppError::validation(
            "location",
            refusal::meeting_location_line(LOCATION_MAX),
        ));
    }
    Ok(location.trim().to_owned())
}
