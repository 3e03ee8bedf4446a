//! Minutes: written as a draft, circulated, approved at a later session, then frozen for good.

use super::views::MinutesView;
use super::{find, kept, of_record};
use crate::audit::{self, Actor, Change};
use crate::auth::policy::Principal;
use crate::db::meetings::Meeting;
use crate::db::minutes::{self as store, Minutes};
use crate::db::{Db, DbConn};
use crate::domain::ids::MeetingId;
use crate::domain::local_time::to_utc;
use crate::domain::meeting::{MeetingStatus, MinutesStatus};
use crate::domain::refusal::{self, Reason, Remedy, Word};
use crate::domain::text::check_text;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

pub const BODY_MAX: usize = 200_000;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = MinutesPatch)]
pub struct ChangeMinutesRequest {
    /// The text; changeable while draft or circulated. The first write creates a draft.
    #[schema(max_length = 200000, format = "text")]
    pub body: Option<String>,
    /// The next step: draft → circulated → approved → frozen (circulated may go back to draft).
    pub status: Option<MinutesStatus>,
    /// With `status: approved`: the later session of the same board at which they were approved;
    /// it must be scheduled (not cancelled or postponed) and have begun in board time.
    pub approved_at_meeting: Option<MeetingId>,
}

/// The minutes of a meeting, for the board's secretaries and members.
pub async fn show(db: &Db, who: &Principal, id: MeetingId) -> Result<MinutesView, AppError> {
    let m = of_record(db, who, id).await?;
    db.read(move |conn| {
        find(conn, m.id)?;
        store::find(conn, m.id)?
            .map(MinutesView::from)
            .ok_or_else(|| AppError::NotFound(refusal::minutes_not_written(m.id)))
    })
    .await
}

/// Writes or moves the minutes on. The first write creates them as a draft.
pub async fn change(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    req: ChangeMinutesRequest,
    now: DateTime<Utc>,
) -> Result<MinutesView, AppError> {
    let m = kept(db, who, id).await?;
    let actor = who.actor();
    Ok(db
        .write(move |conn| write(conn, &actor, m.id, req, now))
        .await?
        .into())
}

fn write(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: MeetingId,
    change: ChangeMinutesRequest,
    now: DateTime<Utc>,
) -> Result<Minutes, AppError> {
    let meeting = find(conn, meeting_id)?;
    if let Some(body) = &change.body {
        check_text("body", body, BODY_MAX)?;
    }
    let before = match store::find(conn, meeting_id)? {
        Some(m) => m,
        None => {
            let Some(body) = change.body.clone() else {
                return Err(AppError::Conflict(refusal::minutes_text_first(meeting_id)));
            };
            let draft = Minutes {
                meeting_id,
                body,
                status: MinutesStatus::Draft,
                approved_by: None,
                approved_at_meeting: None,
                approved_at: None,
                frozen_at: None,
                created_at: now.naive_utc(),
                updated_at: now.naive_utc(),
            };
            store::insert(conn, &draft)?;
            audit::record(
                conn,
                actor,
                Change::created("minutes", meeting_id, &draft),
                now,
            )?;
            draft
        }
    };
    if before.status == MinutesStatus::Frozen {
        return Err(AppError::Conflict(refusal::minutes_frozen(meeting_id)));
    }
    let mut after = before.clone();
    if let Some(body) = change.body
        && body != before.body
    {
        if !before.status.is_editable() {
            return Err(AppError::Conflict(refusal::minutes_text_fixed(
                meeting_id,
                Word::of("minutes_status", before.status.as_str()),
            )));
        }
        after.body = body;
    }
    if let Some(status) = change.status.filter(|s| *s != before.status) {
        before
            .status
            .check_transition(status)
            .map_err(|e| AppError::Conflict(e.reason))?;
        after.status = status;
        match status {
            MinutesStatus::Approved => {
                let at = change.approved_at_meeting.ok_or_else(|| {
                    AppError::validation("approved_at_meeting", refusal::minutes_approved_where())
                })?;
                let session = find(conn, at).map_err(|_| {
                    AppError::validation(
                        "approved_at_meeting",
                        refusal::minutes_no_such_session(at),
                    )
                })?;
                if let Some(reason) = approval_refusal(&meeting, &session, now)? {
                    return Err(AppError::validation("approved_at_meeting", reason));
                }
                after.approved_at_meeting = Some(at);
                after.approved_by = actor.user_id;
                after.approved_at = Some(now.naive_utc());
            }
            MinutesStatus::Frozen => after.frozen_at = Some(now.naive_utc()),
            MinutesStatus::Draft | MinutesStatus::Circulated => {}
        }
    }
    if after == before {
        return Ok(before);
    }
    after.updated_at = now.naive_utc();
    store::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("minutes", meeting_id, &before, &after),
        now,
    )?;
    Ok(after)
}

/// Why the minutes of `meeting` may not be approved at `session`, naming it and when it begins
/// (on the board's clock, in its zone); `None` when they may. Approval takes a session of the same board, held as scheduled (not
/// cancelled or postponed), later than `meeting` and already begun in board time — so the
/// meeting itself has taken place too.
pub fn approval_refusal(
    meeting: &Meeting,
    session: &Meeting,
    now: DateTime<Utc>,
) -> Result<Option<Reason>, AppError> {
    let begins = to_utc(session.starts_local, super::zone(&session.time_zone)?);
    let (id, title, zone) = (session.id, &session.title, &session.time_zone);
    let local = session.starts_local.format("%Y-%m-%d %H:%M");
    Ok(if session.board_id != meeting.board_id {
        Some(refusal::minutes_session_other_board(local, id, title, zone))
    } else if begins <= to_utc(meeting.starts_local, super::zone(&meeting.time_zone)?) {
        Some(refusal::minutes_session_not_later(local, id, title, zone))
    } else if session.status != MeetingStatus::Scheduled {
        let status = Word::of("meeting_status", session.status.as_str());
        let remedy = Remedy::RescheduleSession {
            board: session.board_id,
            session: id,
        };
        Some(refusal::minutes_session_not_held(local, id, status, title, zone).remedied(remedy))
    } else if begins > now {
        Some(refusal::minutes_session_not_begun(local, id, title, zone))
    } else {
        None
    })
}
