//! Who attended a meeting: kept by the board's secretaries, read by its members. It closes
//! when the minutes are approved.

use crate::audit::{self, Actor, Change};
use crate::auth::policy::Principal;
use crate::db::attendance::{self, Attendee};
use crate::db::{Db, DbConn};
use crate::domain::ids::{AttendeeId, MeetingId};
use crate::domain::meeting::{Sector, Sex};
use crate::domain::text::{Label, NAME_MAX};
use crate::error::{AppError, not_found};
use crate::meetings::views::AttendeeView;
use crate::meetings::{ensure_record_open, find, kept, of_record};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = AttendeeInput)]
pub struct AddAttendeeRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub organisation: String,
    pub sector: Sector,
    pub sex: Sex,
}

pub async fn list(db: &Db, who: &Principal, id: MeetingId) -> Result<Vec<AttendeeView>, AppError> {
    let m = of_record(db, who, id).await?;
    let list = db.read(move |conn| attendance::list(conn, m.id)).await?;
    Ok(list.into_iter().map(AttendeeView::from).collect())
}

pub async fn add(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    req: AddAttendeeRequest,
    now: DateTime<Utc>,
) -> Result<AttendeeView, AppError> {
    let m = kept(db, who, id).await?;
    let draft = AttendeeDraft {
        name: Label::parse("name", &req.name, NAME_MAX)?,
        organisation: Label::parse("organisation", &req.organisation, NAME_MAX)?,
        sector: req.sector,
        sex: req.sex,
    };
    let actor = who.actor();
    Ok(db
        .write(move |conn| insert(conn, &actor, m.id, draft, now))
        .await?
        .into())
}

pub async fn remove(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    entry: AttendeeId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let m = kept(db, who, id).await?;
    let actor = who.actor();
    db.write(move |conn| delete(conn, &actor, m.id, entry, now))
        .await
}

struct AttendeeDraft {
    name: Label,
    organisation: Label,
    sector: Sector,
    sex: Sex,
}

fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    draft: AttendeeDraft,
    now: DateTime<Utc>,
) -> Result<Attendee, AppError> {
    find(conn, meeting)?;
    ensure_record_open(conn, meeting)?;
    let attendee = attendance::insert(
        conn,
        &Attendee {
            id: AttendeeId(0),
            meeting_id: meeting,
            name: draft.name.into_inner(),
            organisation: draft.organisation.into_inner(),
            sector: draft.sector,
            sex: draft.sex,
            created_at: now.naive_utc(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change::created("attendee", attendee.id, &attendee),
        now,
    )?;
    Ok(attendee)
}

fn delete(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: MeetingId,
    id: AttendeeId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    find(conn, meeting)?;
    let attendee = attendance::find(conn, meeting, id).map_err(not_found("attendee", id))?;
    ensure_record_open(conn, meeting)?;
    attendance::delete(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::event("delete", "attendee", id, &attendee),
        now,
    )?;
    Ok(())
}
