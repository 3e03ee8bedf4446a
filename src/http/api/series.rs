//! `/api/v1/boards/{id}/series` and `/api/v1/series/{id}`: a board's recurring sessions.

use super::{ApiErrors, json_time, utc};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::series::{self as store, Series};
use crate::domain::ids::{BoardId, SeriesId};
use crate::domain::text::Label;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::schedule;
use crate::meetings::series::{self, SeriesChanges, SeriesDraft};
use crate::org::boards;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const TITLE_MAX: usize = 200;

#[derive(Serialize, ToSchema)]
pub struct SeriesView {
    id: SeriesId,
    board_id: BoardId,
    title: String,
    /// The RFC 5545 RRULE value as entered, e.g. `FREQ=MONTHLY;BYDAY=2TU`.
    rrule: String,
    /// The date the rule counts from: the first session is on the first date from here on that
    /// the rule gives (see `first_session`), and COUNT counts from it.
    #[serde(serialize_with = "json_time::date")]
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
    #[serde(serialize_with = "json_time::date")]
    effective_from: NaiveDate,
    #[serde(serialize_with = "json_time::instant")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesCreate {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub(crate) title: String,
    /// RFC 5545 RRULE value (the `RRULE:` prefix is optional); FREQ DAILY, WEEKLY, MONTHLY or
    /// YEARLY; COUNT or UNTIL (a UTC time such as `20270601T000000Z`), not both; the time of day
    /// is `start_time`.
    #[schema(
        example = "FREQ=MONTHLY;BYDAY=2TU",
        max_length = 500,
        pattern = r"^([Rr][Rr][Uu][Ll][Ee]:)?[A-Za-z0-9=;,+-]+$"
    )]
    pub(crate) rrule: String,
    /// The date the rule counts from: the first session is on the first date from here on that
    /// the rule gives, which need not be this one.
    pub(crate) first_date: NaiveDate,
    /// `HH:MM`, local time in the board's zone.
    #[schema(example = "09:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub(crate) start_time: String,
    #[schema(minimum = 1, maximum = 1440)]
    pub(crate) duration_minutes: i32,
    #[serde(default)]
    #[schema(max_length = 300, format = "single-line-or-blank")]
    pub(crate) location: String,
    #[serde(default)]
    pub(crate) is_public: bool,
    #[serde(default)]
    #[schema(max_items = 366)]
    pub(crate) exdates: Vec<NaiveDate>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeriesPatch {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    title: Option<String>,
    #[schema(
        max_length = 500,
        pattern = r"^([Rr][Rr][Uu][Ll][Ee]:)?[A-Za-z0-9=;,+-]+$"
    )]
    rrule: Option<String>,
    first_date: Option<NaiveDate>,
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    start_time: Option<String>,
    #[schema(minimum = 1, maximum = 1440)]
    duration_minutes: Option<i32>,
    #[schema(max_length = 300, format = "single-line-or-blank")]
    location: Option<String>,
    is_public: Option<bool>,
    #[schema(max_items = 366)]
    exdates: Option<Vec<NaiveDate>>,
}

fn parse_time(raw: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(raw, "%H:%M").map_err(|_| {
        AppError::validation(
            "start_time",
            format!("'{raw}' is not a time of day as HH:MM"),
        )
    })
}

fn title(raw: &str) -> Result<Label, AppError> {
    Ok(Label::parse("title", raw, TITLE_MAX)?)
}

/// Whether this principal sees a series: the board's own people see all, others public ones.
fn sees(who: &Principal, s: &Series) -> bool {
    s.is_public || authorize(Some(who), Permission::ReadMeetingRecord(s.board_id)).is_ok()
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<SeriesView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/series")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<SeriesView>>, AppError> {
    authorize(Some(&who.0), Permission::ReadMeetings)?;
    let board = BoardId(id.into_inner());
    let all = state
        .db
        .read(move |conn| {
            boards::find(conn, board)?;
            Ok::<_, AppError>(store::list_for_board(conn, board)?)
        })
        .await?;
    Ok(web::Json(
        all.into_iter()
            .filter(|s| sees(&who.0, s))
            .map(SeriesView::from)
            .collect(),
    ))
}

/// Creates a series and at once the meetings it calls for up to the planning horizon.
#[utoipa::path(tag = "meetings", request_body = SeriesCreate,
    responses((status = 201, body = SeriesView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("/{id}/series")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<SeriesCreate>,
) -> Result<HttpResponse, AppError> {
    let created = create_as(&state, &who.0, BoardId(id.into_inner()), body.into_inner()).await?;
    Ok(HttpResponse::Created().json(SeriesView::from(created)))
}

/// Creates a series and at once the meetings it calls for up to the planning horizon.
pub(crate) async fn create_as(
    state: &AppState,
    who: &Principal,
    board: BoardId,
    body: SeriesCreate,
) -> Result<Series, AppError> {
    authorize(Some(who), Permission::ManageMeetings(board))?;
    let draft = SeriesDraft {
        title: title(&body.title)?,
        rrule: body.rrule,
        first_date: body.first_date,
        start_time: parse_time(&body.start_time)?,
        duration_minutes: body.duration_minutes,
        location: body.location,
        is_public: body.is_public,
        exdates: body.exdates,
    };
    let (actor, now) = (who.actor(), state.clock.now());
    let horizon = state.settings.jobs.meetings.meeting_horizon_months;
    let (created, _) = state
        .db
        .write(move |conn| series::create(conn, &actor, board, draft, now, horizon))
        .await?;
    Ok(created)
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = SeriesView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<SeriesView>, AppError> {
    let found = visible(&state, &who.0, SeriesId(id.into_inner())).await?;
    Ok(web::Json(found.into()))
}

/// Changes apply from today: future meetings not changed by hand follow the new rule.
#[utoipa::path(tag = "meetings", request_body = SeriesPatch,
    responses((status = 200, body = SeriesView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<SeriesPatch>,
) -> Result<web::Json<SeriesView>, AppError> {
    let id = SeriesId(id.into_inner());
    let board = visible(&state, &who.0, id).await?.board_id;
    authorize(Some(&who.0), Permission::ManageMeetings(board))?;
    let body = body.into_inner();
    let changes = SeriesChanges {
        title: body.title.as_deref().map(title).transpose()?,
        rrule: body.rrule,
        first_date: body.first_date,
        start_time: body.start_time.as_deref().map(parse_time).transpose()?,
        duration_minutes: body.duration_minutes,
        location: body.location,
        is_public: body.is_public,
        exdates: body.exdates,
    };
    let (actor, now) = (who.0.actor(), state.clock.now());
    let horizon = state.settings.jobs.meetings.meeting_horizon_months;
    let (updated, _) = state
        .db
        .write(move |conn| series::update(conn, &actor, id, changes, now, horizon))
        .await?;
    Ok(web::Json(updated.into()))
}

/// Ends the series: future meetings not changed by hand are cancelled; past ones stay.
#[utoipa::path(tag = "meetings", responses((status = 204), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[delete("/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = SeriesId(id.into_inner());
    let board = visible(&state, &who.0, id).await?.board_id;
    authorize(Some(&who.0), Permission::ManageMeetings(board))?;
    let (actor, now) = (who.0.actor(), state.clock.now());
    state
        .db
        .write(move |conn| series::delete(conn, &actor, id, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The series, or "not found" for someone who may not see it.
async fn visible(state: &AppState, who: &Principal, id: SeriesId) -> Result<Series, AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let found = state.db.read(move |conn| series::find(conn, id)).await?;
    if sees(who, &found) {
        Ok(found)
    } else {
        Err(AppError::not_found(format!("series {id} not found")))
    }
}
