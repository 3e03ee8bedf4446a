//! `/api/v1/boards/{id}/meetings` and `/api/v1/meetings/{id}`: concrete sessions.

use super::{ApiErrors, json_time, utc};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::meetings::{self as store, Meeting};
use crate::domain::ids::{BoardId, MeetingId, SeriesId};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::MeetingStatus;
use crate::domain::text::Label;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::{self, occurrence::MeetingChanges};
use crate::org::boards;
use actix_web::{get, patch, web};
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    id: MeetingId,
    board_id: BoardId,
    series_id: Option<SeriesId>,
    /// The series date this meeting stands for, even after it was moved.
    #[serde(serialize_with = "json_time::date_opt")]
    occurrence_date: Option<NaiveDate>,
    title: String,
    /// Wall-clock start in `time_zone`, `YYYY-MM-DDTHH:MM`.
    #[schema(example = "2026-12-08T09:00")]
    starts_local: String,
    #[serde(serialize_with = "json_time::instant")]
    starts_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
    ends_at: DateTime<Utc>,
    duration_minutes: i32,
    time_zone: String,
    location: String,
    is_public: bool,
    status: MeetingStatus,
    /// Changed by hand: edits to the series leave it as it is.
    overridden: bool,
    /// Raised each time the meeting moves or its status changes (the calendar's SEQUENCE).
    sequence: i32,
    #[serde(serialize_with = "json_time::instant")]
    updated_at: DateTime<Utc>,
}

impl From<Meeting> for MeetingView {
    fn from(m: Meeting) -> Self {
        let starts_at = m.time_zone.parse().map_or_else(
            |_| m.starts_local.and_utc(),
            |tz| to_utc(m.starts_local, tz),
        );
        Self {
            id: m.id,
            board_id: m.board_id,
            series_id: m.series_id,
            occurrence_date: m.occurrence_date,
            title: m.title,
            starts_local: m.starts_local.format("%Y-%m-%dT%H:%M").to_string(),
            starts_at,
            ends_at: starts_at + TimeDelta::minutes(i64::from(m.duration_minutes)),
            duration_minutes: m.duration_minutes,
            time_zone: m.time_zone,
            location: m.location,
            is_public: m.is_public,
            status: m.status,
            overridden: m.overridden,
            sequence: m.sequence,
            updated_at: utc(m.updated_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// First local date (inclusive); defaults to a month ago.
    from: Option<NaiveDate>,
    /// Last local date (inclusive); defaults to the planning horizon. At most two years after
    /// `from`.
    to: Option<NaiveDate>,
}

const RANGE_MAX_DAYS: i64 = 2 * 366;

/// A board's meetings in a range of local dates, earliest first. Those who do not sit on the
/// board see its public sessions only.
#[utoipa::path(tag = "meetings", params(Range),
    responses((status = 200, body = Vec<MeetingView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/meetings")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    range: web::Query<Range>,
) -> Result<web::Json<Vec<MeetingView>>, AppError> {
    authorize(Some(&who.0), Permission::ReadMeetings)?;
    let board = BoardId(id.into_inner());
    let public_only = authorize(Some(&who.0), Permission::ReadMeetingRecord(board)).is_err();
    let now = state.clock.now();
    let horizon = state.settings.jobs.meetings.meeting_horizon_months;
    let range = range.into_inner();
    let found = state
        .db
        .read(move |conn| {
            let board = boards::find(conn, board)?;
            let today = now.with_timezone(&board.zone()).date_naive();
            let from = range.from.unwrap_or(today - TimeDelta::days(31));
            let to = range.to.unwrap_or_else(|| {
                today
                    .checked_add_months(Months::new(horizon))
                    .unwrap_or(NaiveDate::MAX)
            });
            if to < from || (to - from).num_days() > RANGE_MAX_DAYS {
                return Err(AppError::validation(
                    "to",
                    format!("must be on or after from, and at most {RANGE_MAX_DAYS} days later"),
                ));
            }
            let end = to
                .succ_opt()
                .unwrap_or(NaiveDate::MAX)
                .and_time(chrono::NaiveTime::MIN);
            Ok(store::list_for_board(
                conn,
                board.id,
                Some(from.and_time(chrono::NaiveTime::MIN)),
                Some(end),
                public_only,
            )?)
        })
        .await?;
    Ok(web::Json(
        found.into_iter().map(MeetingView::from).collect(),
    ))
}

/// What of a meeting one may see: everything, its public face, or nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    Record,
    Public,
}

pub fn sight(who: &Principal, m: &Meeting) -> Result<Sight, AppError> {
    if authorize(Some(who), Permission::ReadMeetingRecord(m.board_id)).is_ok() {
        Ok(Sight::Record)
    } else if m.is_public {
        Ok(Sight::Public)
    } else {
        Err(AppError::not_found(format!("meeting {} not found", m.id)))
    }
}

/// The meeting, and what of it this principal may see.
pub async fn load(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
) -> Result<(Meeting, Sight), AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let m = state.db.read(move |conn| meetings::find(conn, id)).await?;
    let seen = sight(who, &m)?;
    Ok((m, seen))
}

/// The meeting if this principal may keep its record; "not found" if they may not even see it.
pub async fn load_for_change(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
) -> Result<Meeting, AppError> {
    let (m, _) = load(state, who, id).await?;
    authorize(Some(who), Permission::ManageMeetings(m.board_id))?;
    Ok(m)
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = MeetingView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<MeetingView>, AppError> {
    let (m, _) = load(&state, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(m.into()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPatch {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    title: Option<String>,
    /// A new local start, `YYYY-MM-DDTHH:MM`: reschedules the meeting (and puts a postponed or
    /// cancelled one back on the calendar).
    #[schema(
        example = "2026-12-09T14:00",
        pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
    )]
    starts_local: Option<String>,
    #[schema(minimum = 1, maximum = 1440)]
    duration_minutes: Option<i32>,
    #[schema(max_length = 300, format = "single-line-or-blank")]
    location: Option<String>,
    is_public: Option<bool>,
    status: Option<MeetingStatus>,
}

/// Reschedules, postpones, cancels or reinstates one meeting; board members are notified.
#[utoipa::path(tag = "meetings", request_body = MeetingPatch,
    responses((status = 200, body = MeetingView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<MeetingPatch>,
) -> Result<web::Json<MeetingView>, AppError> {
    let id = MeetingId(id.into_inner());
    load_for_change(&state, &who.0, id).await?;
    let body = body.into_inner();
    let changes = MeetingChanges {
        title: body
            .title
            .as_deref()
            .map(|t| Label::parse("title", t, 200))
            .transpose()?,
        starts_local: body.starts_local.as_deref().map(parse_local).transpose()?,
        duration_minutes: body.duration_minutes,
        location: body.location,
        is_public: body.is_public,
        status: body.status,
    };
    let (actor, now) = (who.0.actor(), state.clock.now());
    let updated = state
        .db
        .write(move |conn| meetings::occurrence::update(conn, &actor, id, changes, now))
        .await?;
    Ok(web::Json(updated.into()))
}

fn parse_local(raw: &str) -> Result<NaiveDateTime, AppError> {
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| {
            AppError::validation(
                "starts_local",
                format!("'{raw}' is not a local date and time as YYYY-MM-DDTHH:MM"),
            )
        })
}
