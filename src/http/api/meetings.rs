//! `/api/v1/boards/{id}/meetings` and `/api/v1/meetings/{id}`: concrete sessions.

use crate::domain::ids::{BoardId, MeetingId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::sessions::{self, ChangeMeetingRequest, ListMeetingsRequest};
use crate::meetings::views::MeetingView;
use actix_web::{get, patch, web};

/// A board's meetings in a range of local dates, earliest first. Those who do not sit on the
/// board see its public sessions only.
#[utoipa::path(tag = "meetings", params(ListMeetingsRequest, BoardId),
    responses((status = 200, body = Vec<MeetingView>)))]
#[get("/{id}/meetings")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    board: web::Path<BoardId>,
    range: web::Query<ListMeetingsRequest>,
) -> Result<web::Json<Vec<MeetingView>>, AppError> {
    let horizon = state.settings.jobs.meetings.meeting_horizon_months;
    let (range, now) = (range.into_inner(), state.clock.now());
    let found = sessions::list(&state.db, &who.0, *board, range, now, horizon).await?;
    Ok(web::Json(found))
}

#[utoipa::path(tag = "meetings", params(MeetingId),
    responses((status = 200, body = MeetingView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
) -> Result<web::Json<MeetingView>, AppError> {
    Ok(web::Json(sessions::show(&state.db, &who.0, *id).await?))
}

/// Reschedules, postpones, cancels or reinstates one meeting; board members are notified.
#[utoipa::path(tag = "meetings", params(MeetingId), request_body = ChangeMeetingRequest,
    responses((status = 200, body = MeetingView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
    body: Json<ChangeMeetingRequest>,
) -> Result<web::Json<MeetingView>, AppError> {
    let now = state.clock.now();
    let updated = sessions::change(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(updated))
}
