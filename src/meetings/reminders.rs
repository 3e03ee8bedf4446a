//! Reminders a few days before each session.

use super::notices;
use crate::db::{self, DbConn, meetings};
use crate::domain::local_time::to_utc;
use chrono::{DateTime, TimeDelta, Utc};

/// Queues a reminder for every scheduled meeting starting within `days` days; a meeting already
/// reminded of (at its current time) is skipped, so running this twice queues nothing twice.
pub fn queue_due(conn: &mut DbConn, now: DateTime<Utc>, days: u32) -> db::Result<usize> {
    let ahead = TimeDelta::days(i64::from(days));
    // Local start times are compared loosely first (zones differ by at most a day), then exactly.
    let candidates = meetings::scheduled_between(
        conn,
        (now - TimeDelta::days(1)).naive_utc(),
        (now + ahead + TimeDelta::days(1)).naive_utc(),
    )?;
    let mut queued = 0;
    for m in candidates {
        let Ok(zone) = m.time_zone.parse() else {
            continue;
        };
        let starts = to_utc(m.starts_local, zone);
        if starts > now && starts <= now + ahead {
            queued += notices::reminder(conn, &m, now)?;
        }
    }
    Ok(queued)
}
