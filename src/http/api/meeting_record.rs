//! A meeting's record: `/api/v1/meetings/{id}/agenda`, `/attendance`, `/minutes`, `/decisions`.

use super::utc;
use crate::db::agenda::AgendaItem;
use crate::db::attendance::Attendee;
use crate::db::decisions::Decision;
use crate::db::minutes::Minutes;
use crate::domain::action::ActionStatus;
use crate::domain::ids::{
    ActionId, AgendaItemId, AttendeeId, DecisionId, MeetingId, UnitId, UserId,
};
use crate::domain::meeting::{MinutesStatus, Sector, Sex};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::minutes::{self, MinutesPatch};
use crate::meetings::record::agenda::{self, Agenda, AgendaItemInput};
use crate::meetings::record::attendance::{self, AttendeeInput};
use crate::meetings::record::decisions::{self, DecisionInput};
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct AgendaItemView {
    id: AgendaItemId,
    position: i32,
    title: String,
    description: String,
    /// Closed items are seen only by the board's secretaries and members.
    is_public: bool,
}

impl From<AgendaItem> for AgendaItemView {
    fn from(i: AgendaItem) -> Self {
        Self {
            id: i.id,
            position: i.position,
            title: i.title,
            description: i.description,
            is_public: i.is_public,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaView {
    items: Vec<AgendaItemView>,
    /// Carried over from the previous session: its decisions (matters arising). Shown to the
    /// board's secretaries and members.
    carried_over: Vec<DecisionView>,
    /// The board's follow-up actions not yet verified, to review in session. Shown to the
    /// board's secretaries and members.
    open_actions: Vec<OpenActionView>,
}

#[derive(Serialize, ToSchema)]
pub struct OpenActionView {
    id: ActionId,
    title: String,
    unit_id: UnitId,
    due_date: chrono::NaiveDate,
    status: ActionStatus,
}

impl From<crate::db::actions::Action> for OpenActionView {
    fn from(a: crate::db::actions::Action) -> Self {
        Self {
            id: a.id,
            title: a.title,
            unit_id: a.unit_id,
            due_date: a.due_date,
            status: a.status,
        }
    }
}

impl From<Agenda> for AgendaView {
    fn from(a: Agenda) -> Self {
        Self {
            items: a.items.into_iter().map(AgendaItemView::from).collect(),
            carried_over: a.carried_over.into_iter().map(DecisionView::from).collect(),
            open_actions: a
                .open_actions
                .into_iter()
                .map(OpenActionView::from)
                .collect(),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    /// The whole agenda in order; items left out are removed.
    #[schema(max_items = 100)]
    items: Vec<AgendaItemInput>,
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = AgendaView)))]
#[get("/{id}/agenda")]
pub async fn agenda_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<AgendaView>, AppError> {
    let shown = agenda::show(&state.db, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(shown.into()))
}

#[utoipa::path(tag = "meetings", request_body = AgendaInput,
    responses((status = 200, body = AgendaView)))]
#[put("/{id}/agenda")]
pub async fn agenda_replace(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<AgendaInput>,
) -> Result<web::Json<AgendaView>, AppError> {
    let id = MeetingId(id.into_inner());
    let items = body.into_inner().items;
    let replaced = agenda::replace(&state.db, &who.0, id, items, state.clock.now()).await?;
    Ok(web::Json(replaced.into()))
}

#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    id: AttendeeId,
    name: String,
    organisation: String,
    sector: Sector,
    sex: Sex,
}

impl From<Attendee> for AttendeeView {
    fn from(a: Attendee) -> Self {
        Self {
            id: a.id,
            name: a.name,
            organisation: a.organisation,
            sector: a.sector,
            sex: a.sex,
        }
    }
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<AttendeeView>)))]
#[get("/{id}/attendance")]
pub async fn attendance_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<AttendeeView>>, AppError> {
    let list = attendance::list(&state.db, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(
        list.into_iter().map(AttendeeView::from).collect(),
    ))
}

#[utoipa::path(tag = "meetings", request_body = AttendeeInput,
    responses((status = 201, body = AttendeeView)))]
#[post("/{id}/attendance")]
pub async fn attendance_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<AttendeeInput>,
) -> Result<HttpResponse, AppError> {
    let id = MeetingId(id.into_inner());
    let now = state.clock.now();
    let added = attendance::add(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(AttendeeView::from(added)))
}

#[utoipa::path(tag = "meetings", responses((status = 204)))]
#[delete("/{id}/attendance/{entry}")]
pub async fn attendance_remove(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, entry) = path.into_inner();
    let (id, entry) = (MeetingId(id), AttendeeId(entry));
    attendance::remove(&state.db, &who.0, id, entry, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct MinutesView {
    meeting_id: MeetingId,
    body: String,
    status: MinutesStatus,
    approved_by: Option<UserId>,
    /// The later session at which they were approved.
    approved_at_meeting: Option<MeetingId>,
    approved_at: Option<DateTime<Utc>>,
    frozen_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<Minutes> for MinutesView {
    fn from(m: Minutes) -> Self {
        Self {
            meeting_id: m.meeting_id,
            body: m.body,
            status: m.status,
            approved_by: m.approved_by,
            approved_at_meeting: m.approved_at_meeting,
            approved_at: m.approved_at.map(utc),
            frozen_at: m.frozen_at.map(utc),
            updated_at: utc(m.updated_at),
        }
    }
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = MinutesView)))]
#[get("/{id}/minutes")]
pub async fn minutes_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<MinutesView>, AppError> {
    let found = minutes::show(&state.db, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(found.into()))
}

/// Frozen minutes refuse every change with 409.
#[utoipa::path(tag = "meetings", request_body = MinutesPatch,
    responses((status = 200, body = MinutesView)))]
#[patch("/{id}/minutes")]
pub async fn minutes_update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<MinutesPatch>,
) -> Result<web::Json<MinutesView>, AppError> {
    let id = MeetingId(id.into_inner());
    let now = state.clock.now();
    let updated = minutes::change(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(web::Json(updated.into()))
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    id: DecisionId,
    meeting_id: MeetingId,
    agenda_item_id: Option<AgendaItemId>,
    text: String,
    responsible_unit_id: Option<UnitId>,
    responsible: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Decision> for DecisionView {
    fn from(d: Decision) -> Self {
        Self {
            id: d.id,
            meeting_id: d.meeting_id,
            agenda_item_id: d.agenda_item_id,
            text: d.text,
            responsible_unit_id: d.responsible_unit_id,
            responsible: d.responsible,
            created_at: utc(d.created_at),
            updated_at: utc(d.updated_at),
        }
    }
}

/// The board's people see every decision; others see those of a public session that fall to a
/// unit they represent.
#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<DecisionView>)))]
#[get("/{id}/decisions")]
pub async fn decisions_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<DecisionView>>, AppError> {
    let list = decisions::list(&state.db, &who.0, MeetingId(id.into_inner())).await?;
    Ok(web::Json(
        list.into_iter().map(DecisionView::from).collect(),
    ))
}

#[utoipa::path(tag = "meetings", request_body = DecisionInput,
    responses((status = 201, body = DecisionView)))]
#[post("/{id}/decisions")]
pub async fn decisions_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<DecisionInput>,
) -> Result<HttpResponse, AppError> {
    let id = MeetingId(id.into_inner());
    let now = state.clock.now();
    let added = decisions::add(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(DecisionView::from(added)))
}

#[utoipa::path(tag = "meetings", request_body = DecisionInput,
    responses((status = 200, body = DecisionView)))]
#[patch("/{id}/decisions/{decision}")]
pub async fn decisions_update(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, i64)>,
    body: Json<DecisionInput>,
) -> Result<web::Json<DecisionView>, AppError> {
    let (id, decision) = path.into_inner();
    let (id, decision) = (MeetingId(id), DecisionId(decision));
    let (req, now) = (body.into_inner(), state.clock.now());
    let updated = decisions::edit(&state.db, &who.0, id, decision, req, now).await?;
    Ok(web::Json(updated.into()))
}
