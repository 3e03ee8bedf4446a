//! `/api/v1/boards/{id}/meetings` and `/api/v1/meetings/{id}`: concrete sessions.

use super::utc;
use crate::db::meetings::Meeting;
use crate::domain::ids::{BoardId, MeetingId, SeriesId};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::MeetingStatus;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::sessions::{self, MeetingPatch, Range};
use actix_web::{get, patch, web};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    id: MeetingId,
    board_id: BoardId,
    series_id: Option<SeriesId>,
    /// The series date this meeting stands for, even after it was moved.
    occurrence_date: Option<NaiveDate>,
    title: String,
    /// Wall-clock start in `time_zone`, `YYYY-MM-DDTHH:MM`.
    #[schema(example = "2026-12-08T09:00")]
    starts_local: String,
    starts_at: DateTime<Utc>,
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

/// A board's meetings in a range of local dates, earliest first. Those who do not sit on the
/// board see its public sessions only.
#[utoipa::path(tag = "meetings", params(Range),
    responses((status = 200, body = Vec<MeetingView>)))]
#[get("/{id}/meetings")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    range: web::Query<Range>,
) -> Result<web::Json<Vec<MeetingView>>, AppError> {
    let horizon = state.settings.jobs.meetings.meeting_horizon_months;
    let board = BoardId(id.into_inner());
    let found = sessions::list(
        &state.db,
        &who.0,
        board,
        range.into_inner(),
        state.clock.now(),
        horizon,
    )
    .await?;
    Ok(web::Json(
        found.into_iter().map(MeetingView::from).collect(),
    ))
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = MeetingView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<MeetingView>, AppError> {
    let m = sessions::show(&state.db, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(m.into()))
}

/// Reschedules, postpones, cancels or reinstates one meeting; board members are notified.
#[utoipa::path(tag = "meetings", request_body = MeetingPatch,
    responses((status = 200, body = MeetingView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<MeetingPatch>,
) -> Result<web::Json<MeetingView>, AppError> {
    let id = MeetingId(id.into_inner());
    let now = state.clock.now();
    let updated = sessions::change(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(web::Json(updated.into()))
}
