//! Changing one meeting by hand: moving, postponing, cancelling or reinstating it. A meeting
//! changed this way keeps its changes when its series is edited.

use super::{bump_sequence, ensure_record_open, find, notices, zone};
use crate::audit::{self, Actor, Change};
use crate::db::DbConn;
use crate::db::meetings::{self as store, Meeting};
use crate::domain::ids::MeetingId;
use crate::domain::local_time::actual;
use crate::domain::meeting::MeetingStatus;
use crate::domain::recurrence::check_date;
use crate::domain::text::Label;
use crate::error::AppError;
use chrono::{DateTime, NaiveDateTime, Utc};

#[derive(Default)]
pub struct MeetingChanges {
    pub title: Option<Label>,
    pub starts_local: Option<NaiveDateTime>,
    pub duration_minutes: Option<i32>,
    pub location: Option<String>,
    pub is_public: Option<bool>,
    pub status: Option<MeetingStatus>,
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: MeetingId,
    changes: MeetingChanges,
    now: DateTime<Utc>,
) -> Result<Meeting, AppError> {
    let before = find(conn, id)?;
    ensure_record_open(conn, id)?;
    let mut after = before.clone();
    if let Some(title) = changes.title {
        after.title = title.into_inner();
    }
    if let Some(start) = changes.starts_local {
        check_date("starts_local", start.date())?;
        // A time the clock skips becomes the time it jumps to, as every calendar will show it.
        after.starts_local = actual(start, zone(&after.time_zone)?);
        // Giving a new time to a postponed or cancelled meeting puts it back on the calendar.
        after.status = MeetingStatus::Scheduled;
    }
    if let Some(minutes) = changes.duration_minutes {
        after.duration_minutes = super::check_duration(minutes)?;
    }
    if let Some(location) = changes.location {
        after.location = super::check_location(location)?;
    }
    if let Some(public) = changes.is_public {
        after.is_public = public;
    }
    if let Some(status) = changes.status {
        after.status = status;
    }
    if after == before {
        return Ok(before);
    }
    let announced = bump_sequence(&before, &mut after);
    after.overridden = true;
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("meeting", id, &before, &after),
        now,
    )?;
    if announced {
        notices::meeting_changed(conn, &before, &after, now)?;
    }
    Ok(after)
}
