//! `/api/v1/boards/{id}/series` and `/api/v1/series/{id}`: a board's recurring sessions.

use super::utc;
use crate::db::series::Series;
use crate::domain::ids::{BoardId, SeriesId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::schedule;
use crate::meetings::series::{self, SeriesCreate, SeriesPatch};
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct SeriesView {
    id: SeriesId,
    board_id: BoardId,
    title: String,
    /// The RFC 5545 RRULE value as entered, e.g. `FREQ=MONTHLY;BYDAY=2TU`.
    rrule: String,
    /// The date the rule counts from: the first session is on the first date from here on that
    /// the rule gives (see `first_session`), and COUNT counts from it.
    first_date: NaiveDate,
    /// When the first session starts, wall-clock `YYYY-MM-DDTHH:MM` in `time_zone` (skipping
    /// exception dates; a time the clock skips is shown as the time it jumps to).
    #[schema(example = "2026-12-08T09:00")]
    first_session: Option<String>,
    /// Local start time, `HH:MM`, in `time_zone`.
    #[schema(example = "09:00")]
    start_time: String,
    duration_minutes: i32,
    /// The board's zone; sessions keep their local time across daylight-saving changes.
    time_zone: String,
    location: String,
    is_public: bool,
    /// Dates the rule would give that have no session.
    exdates: Vec<NaiveDate>,
    /// The date from which the current version of the rule applies.
    effective_from: NaiveDate,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Series> for SeriesView {
    fn from(s: Series) -> Self {
        let first_session =
            schedule::first_session(&s).map(|t| t.format("%Y-%m-%dT%H:%M").to_string());
        Self {
            id: s.id,
            board_id: s.board_id,
            title: s.title,
            rrule: s.rrule,
            first_date: s.first_date,
            first_session,
            start_time: s.start_time.format("%H:%M").to_string(),
            duration_minutes: s.duration_minutes,
            time_zone: s.time_zone,
            location: s.location,
            is_public: s.is_public,
            exdates: s
                .exdates
                .split(',')
                .filter_map(|d| d.parse().ok())
                .collect(),
            effective_from: s.effective_from,
            created_at: utc(s.created_at),
            updated_at: utc(s.updated_at),
        }
    }
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<SeriesView>)))]
#[get("/{id}/series")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<SeriesView>>, AppError> {
    let all = series::list(&state.db, &who.0, BoardId(id.into_inner())).await?;
    Ok(web::Json(all.into_iter().map(SeriesView::from).collect()))
}

/// Creates a series and at once the meetings it calls for up to the planning horizon.
#[utoipa::path(tag = "meetings", request_body = SeriesCreate,
    responses((status = 201, body = SeriesView)))]
#[post("/{id}/series")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<SeriesCreate>,
) -> Result<HttpResponse, AppError> {
    let (now, horizon) = (state.clock.now(), horizon(&state));
    let board = BoardId(id.into_inner());
    let created = series::add(&state.db, &who.0, board, body.into_inner(), now, horizon).await?;
    Ok(HttpResponse::Created().json(SeriesView::from(created)))
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = SeriesView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<SeriesView>, AppError> {
    let found = series::show(&state.db, &who.0, SeriesId(id.into_inner())).await?;
    Ok(web::Json(found.into()))
}

/// Changes apply from today: future meetings not changed by hand follow the new rule.
#[utoipa::path(tag = "meetings", request_body = SeriesPatch,
    responses((status = 200, body = SeriesView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<SeriesPatch>,
) -> Result<web::Json<SeriesView>, AppError> {
    let (now, horizon) = (state.clock.now(), horizon(&state));
    let id = SeriesId(id.into_inner());
    let updated = series::edit(&state.db, &who.0, id, body.into_inner(), now, horizon).await?;
    Ok(web::Json(updated.into()))
}

/// Ends the series: future meetings not changed by hand are cancelled; past ones stay.
#[utoipa::path(tag = "meetings", responses((status = 204)))]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = SeriesId(id.into_inner());
    series::end(&state.db, &who.0, id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

fn horizon(state: &AppState) -> u32 {
    state.settings.jobs.meetings.meeting_horizon_months
}
