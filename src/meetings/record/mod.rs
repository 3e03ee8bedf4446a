//! A meeting's record: agenda, attendance and decisions, each closing when the minutes are
//! approved, and the whole record as the desk page shows it.

pub mod agenda;
pub mod attendance;
pub mod decisions;

use super::minutes::approval_refusal;
use super::of_record;
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::attendance::Attendee;
use crate::db::decisions::Decision;
use crate::db::meetings::Meeting;
use crate::db::minutes::Minutes;
use crate::db::{self, Db};
use crate::domain::ids::MeetingId;
use crate::error::AppError;
use chrono::{DateTime, Utc};

pub const TEXT_MAX: usize = 10_000;

/// How many sessions are offered for approving the minutes at.
const APPROVAL_CHOICES: usize = 12;

/// A meeting's whole record, for those who read it.
pub struct Record {
    pub meeting: Meeting,
    pub agenda: agenda::Agenda,
    pub attendees: Vec<Attendee>,
    pub decisions: Vec<Decision>,
    pub minutes: Option<Minutes>,
    /// The sessions the minutes may be approved at, nearest first.
    pub approvable_at: Vec<Meeting>,
    /// Whether the reader keeps the record.
    pub keeper: bool,
}

pub async fn whole(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    now: DateTime<Utc>,
) -> Result<Record, AppError> {
    let meeting = of_record(db, who, id).await?;
    let keeper = authorize(Some(who), Permission::ManageMeetings(meeting.board_id)).is_ok();
    db.read(move |conn| {
        let mut approvable_at = Vec::new();
        let later = db::meetings::list_for_board(
            conn,
            meeting.board_id,
            Some(meeting.starts_local),
            None,
            false,
        )?;
        for session in later {
            if approvable_at.len() < APPROVAL_CHOICES
                && approval_refusal(&meeting, &session, now)?.is_none()
            {
                approvable_at.push(session);
            }
        }
        let items = db::agenda::list(conn, meeting.id)?;
        Ok(Record {
            agenda: agenda::with_carried(conn, &meeting, items)?,
            attendees: db::attendance::list(conn, meeting.id)?,
            decisions: db::decisions::list(conn, meeting.id)?,
            minutes: db::minutes::find(conn, meeting.id)?,
            approvable_at,
            meeting,
            keeper,
        })
    })
    .await
}
