//! A meeting's record: `/api/v1/meetings/{id}/agenda`, `/attendance`, `/minutes`, `/decisions`.

use crate::domain::ids::{AttendeeId, DecisionId, MeetingId};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::minutes::{self, ChangeMinutesRequest};
use crate::meetings::record::agenda::{self, ReplaceAgendaRequest};
use crate::meetings::record::attendance::{self, AddAttendeeRequest};
use crate::meetings::record::decisions::{self, DecisionRequest};
use crate::meetings::views::{AgendaView, AttendeeView, DecisionView, MinutesView};
use actix_web::{HttpResponse, delete, get, patch, post, put, web};

#[utoipa::path(tag = "meetings", params(MeetingId),
    responses((status = 200, body = AgendaView)))]
#[get("/{id}/agenda")]
pub async fn agenda_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
) -> Result<web::Json<AgendaView>, AppError> {
    Ok(web::Json(agenda::show(&state.db, &who.0, *id).await?))
}

#[utoipa::path(tag = "meetings", params(MeetingId), request_body = ReplaceAgendaRequest,
    responses((status = 200, body = AgendaView)))]
#[put("/{id}/agenda")]
pub async fn agenda_replace(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
    body: Json<ReplaceAgendaRequest>,
) -> Result<web::Json<AgendaView>, AppError> {
    let now = state.clock.now();
    let replaced = agenda::replace(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(replaced))
}

#[utoipa::path(tag = "meetings", params(MeetingId),
    responses((status = 200, body = Vec<AttendeeView>)))]
#[get("/{id}/attendance")]
pub async fn attendance_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
) -> Result<web::Json<Vec<AttendeeView>>, AppError> {
    Ok(web::Json(attendance::list(&state.db, &who.0, *id).await?))
}

#[utoipa::path(tag = "meetings", params(MeetingId), request_body = AddAttendeeRequest,
    responses((status = 201, body = AttendeeView)))]
#[post("/{id}/attendance")]
pub async fn attendance_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
    body: Json<AddAttendeeRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let added = attendance::add(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(added))
}

#[utoipa::path(tag = "meetings", params(("id" = i64, Path), ("entry" = i64, Path)),
    responses((status = 204)))]
#[delete("/{id}/attendance/{entry}")]
pub async fn attendance_remove(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(MeetingId, AttendeeId)>,
) -> Result<HttpResponse, AppError> {
    let (id, entry) = path.into_inner();
    attendance::remove(&state.db, &who.0, id, entry, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[utoipa::path(tag = "meetings", params(MeetingId),
    responses((status = 200, body = MinutesView)))]
#[get("/{id}/minutes")]
pub async fn minutes_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
) -> Result<web::Json<MinutesView>, AppError> {
    Ok(web::Json(minutes::show(&state.db, &who.0, *id).await?))
}

/// Frozen minutes refuse every change with 409.
#[utoipa::path(tag = "meetings", params(MeetingId), request_body = ChangeMinutesRequest,
    responses((status = 200, body = MinutesView)))]
#[patch("/{id}/minutes")]
pub async fn minutes_update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
    body: Json<ChangeMinutesRequest>,
) -> Result<web::Json<MinutesView>, AppError> {
    let now = state.clock.now();
    let updated = minutes::change(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(updated))
}

/// The board's people see every decision; others see those of a public session that fall to a
/// unit they represent.
#[utoipa::path(tag = "meetings", params(MeetingId),
    responses((status = 200, body = Vec<DecisionView>)))]
#[get("/{id}/decisions")]
pub async fn decisions_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
) -> Result<web::Json<Vec<DecisionView>>, AppError> {
    Ok(web::Json(decisions::list(&state.db, &who.0, *id).await?))
}

#[utoipa::path(tag = "meetings", params(MeetingId), request_body = DecisionRequest,
    responses((status = 201, body = DecisionView)))]
#[post("/{id}/decisions")]
pub async fn decisions_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<MeetingId>,
    body: Json<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let added = decisions::add(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(added))
}

#[utoipa::path(tag = "meetings", params(("id" = i64, Path), ("decision" = i64, Path)),
    request_body = DecisionRequest, responses((status = 200, body = DecisionView)))]
#[patch("/{id}/decisions/{decision}")]
pub async fn decisions_update(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(MeetingId, DecisionId)>,
    body: Json<DecisionRequest>,
) -> Result<web::Json<DecisionView>, AppError> {
    let ((id, decision), now) = (path.into_inner(), state.clock.now());
    let req = body.into_inner();
    let updated = decisions::edit(&state.db, &who.0, id, decision, req, now).await?;
    Ok(web::Json(updated))
}
