//! The wording of meeting notifications, queued for everyone sitting on the board.

use super::schedule::Outcome;
use crate::db::meetings::Meeting;
use crate::db::series::Series;
use crate::db::{self, DbConn};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::MeetingStatus;
use crate::outbox::{self, Notice};
use chrono::{DateTime, Utc};
use std::fmt::Write;

pub(super) fn when(m: &Meeting) -> String {
    format!(
        "{} ({})",
        m.starts_local.format("%A %-d %B %Y, %H:%M"),
        m.time_zone
    )
}

fn starts_at(m: &Meeting) -> Option<chrono::NaiveDateTime> {
    m.time_zone
        .parse()
        .ok()
        .map(|tz| to_utc(m.starts_local, tz).naive_utc())
}

/// A reminder some days ahead; queued once per meeting and version of its time.
pub(super) fn reminder(conn: &mut DbConn, m: &Meeting, now: DateTime<Utc>) -> db::Result<usize> {
    let subject = format!("Reminder: {} on {}", m.title, when(m));
    let body = format!(
        "The session \"{}\" takes place on {} at {}.\n",
        m.title,
        when(m),
        if m.location.is_empty() {
            "a place to be announced"
        } else {
            &m.location
        }
    );
    outbox::notify_board(
        conn,
        m.board_id,
        &Notice {
            kind: "meeting_reminder",
            key: &format!("meeting/{}/reminder/{}", m.id, m.sequence),
            subject: &subject,
            body: &body,
            not_after: starts_at(m),
        },
        now,
    )
}

/// A meeting moved, postponed, cancelled or reinstated by hand.
pub(super) fn meeting_changed(
    conn: &mut DbConn,
    before: &Meeting,
    after: &Meeting,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let (kind, subject) = match after.status {
        MeetingStatus::Cancelled => (
            "meeting_cancelled",
            format!("Cancelled: {} on {}", before.title, when(before)),
        ),
        MeetingStatus::Postponed => (
            "meeting_postponed",
            format!("Postponed: {} on {}", before.title, when(before)),
        ),
        MeetingStatus::Scheduled => (
            "meeting_rescheduled",
            format!("Rescheduled: {} now on {}", after.title, when(after)),
        ),
    };
    let mut body = format!("{subject}.\n");
    if after.status == MeetingStatus::Scheduled {
        let _ = writeln!(body, "It was planned for {}.", when(before));
        if !after.location.is_empty() {
            let _ = writeln!(body, "Place: {}.", after.location);
        }
    }
    outbox::notify_board(
        conn,
        after.board_id,
        &Notice {
            kind,
            key: &format!("meeting/{}/change/{}", after.id, after.sequence),
            subject: &subject,
            body: &body,
            not_after: None,
        },
        now,
    )
}

/// One message summing up what a change to a series did to its coming meetings.
pub(super) fn series_changed(
    conn: &mut DbConn,
    series: &Series,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let subject = format!("Sessions changed: {}", series.title);
    let mut body = format!("The schedule of \"{}\" changed.\n", series.title);
    for m in &outcome.moved {
        let _ = writeln!(body, "- now on {}", when(m));
    }
    for m in &outcome.cancelled {
        let _ = writeln!(body, "- cancelled: {}", when(m));
    }
    outbox::notify_board(
        conn,
        series.board_id,
        &Notice {
            kind: "series_changed",
            key: &format!(
                "series/{}/change/{}",
                series.id,
                series.updated_at.and_utc().timestamp_micros()
            ),
            subject: &subject,
            body: &body,
            not_after: None,
        },
        now,
    )
}
