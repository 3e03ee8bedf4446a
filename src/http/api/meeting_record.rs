//! A meeting's record: `/api/v1/meetings/{id}/agenda`, `/attendance`, `/minutes`, `/decisions`.

use super::meetings::{Sight, load, load_for_change};
use super::{ApiErrors, json_time, utc};
use crate::auth::policy::{Permission, Principal, authorize, represents};
use crate::db::agenda::{self, AgendaItem};
use crate::db::attendance::{self, Attendee};
use crate::db::decisions::{self, Decision};
use crate::db::minutes::Minutes;
use crate::db::units;
use crate::domain::action::ActionStatus;
use crate::domain::ids::{
    ActionId, AgendaItemId, AttendeeId, DecisionId, MeetingId, UnitId, UserId,
};
use crate::domain::meeting::{MinutesStatus, Sector, Sex};
use crate::domain::text::{Label, NAME_MAX};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::meetings::carry_over;
use crate::meetings::minutes::{self, MinutesChange};
use crate::meetings::record::{self, AgendaDraft, AttendeeDraft, DecisionDraft};
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
    #[serde(serialize_with = "json_time::date")]
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

/// What the agenda carries over, for those who see the record.
pub(crate) fn carried(
    conn: &mut crate::db::DbConn,
    meeting: &crate::db::meetings::Meeting,
) -> Result<Carried, AppError> {
    Ok((
        carry_over::matters_arising(conn, meeting)?,
        carry_over::open_actions(conn, meeting)?,
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaItemInput {
    /// An existing item's id, to keep it (decisions refer to it); omit for a new item.
    pub(crate) id: Option<AgendaItemId>,
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    pub(crate) title: String,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub(crate) description: String,
    #[serde(default)]
    pub(crate) is_public: bool,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    /// The whole agenda in order; items left out are removed.
    #[schema(max_items = 100)]
    items: Vec<AgendaItemInput>,
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = AgendaView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/agenda")]
pub async fn agenda_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<AgendaView>, AppError> {
    let (meeting, seen) = load(&state, &who.0, MeetingId(id.into_inner())).await?;
    let (items, carried) = state
        .db
        .read(move |conn| {
            let items = agenda::list(conn, meeting.id)?;
            let carried = match seen {
                Sight::Record => carried(conn, &meeting)?,
                Sight::Public => (Vec::new(), Vec::new()),
            };
            Ok::<_, AppError>((items, carried))
        })
        .await?;
    Ok(web::Json(AgendaView {
        items: items
            .into_iter()
            .filter(|i| seen == Sight::Record || i.is_public)
            .map(AgendaItemView::from)
            .collect(),
        carried_over: carried.0.into_iter().map(DecisionView::from).collect(),
        open_actions: carried.1.into_iter().map(OpenActionView::from).collect(),
    }))
}

#[utoipa::path(tag = "meetings", request_body = AgendaInput,
    responses((status = 200, body = AgendaView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[put("/{id}/agenda")]
pub async fn agenda_replace(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<AgendaInput>,
) -> Result<web::Json<AgendaView>, AppError> {
    let (items, carried) = replace_agenda_as(
        &state,
        &who.0,
        MeetingId(id.into_inner()),
        body.into_inner().items,
    )
    .await?;
    Ok(web::Json(AgendaView {
        items: items.into_iter().map(AgendaItemView::from).collect(),
        carried_over: carried.0.into_iter().map(DecisionView::from).collect(),
        open_actions: carried.1.into_iter().map(OpenActionView::from).collect(),
    }))
}

type Carried = (Vec<Decision>, Vec<crate::db::actions::Action>);

/// Replaces the agenda with `items` in order (items with an id keep it).
pub(crate) async fn replace_agenda_as(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
    items: Vec<AgendaItemInput>,
) -> Result<(Vec<AgendaItem>, Carried), AppError> {
    let meeting = load_for_change(state, who, id).await?;
    let drafts = items
        .into_iter()
        .map(|i| {
            Ok(AgendaDraft {
                id: i.id,
                title: Label::parse("title", &i.title, 300)?,
                description: i.description.trim().to_owned(),
                is_public: i.is_public,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| {
            let items = record::replace_agenda(conn, &actor, meeting.id, drafts, now)?;
            let carried = carried(conn, &meeting)?;
            Ok::<_, AppError>((items, carried))
        })
        .await
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendeeInput {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub(crate) name: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub(crate) organisation: String,
    pub(crate) sector: Sector,
    pub(crate) sex: Sex,
}

/// Record-keepers only: the board's secretaries and members.
async fn load_record(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
) -> Result<crate::db::meetings::Meeting, AppError> {
    let (m, _) = load(state, who, id).await?;
    authorize(Some(who), Permission::ReadMeetingRecord(m.board_id))?;
    Ok(m)
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<AttendeeView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/attendance")]
pub async fn attendance_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<AttendeeView>>, AppError> {
    let m = load_record(&state, &who.0, MeetingId(id.into_inner())).await?;
    let list = state
        .db
        .read(move |conn| attendance::list(conn, m.id))
        .await?;
    Ok(web::Json(
        list.into_iter().map(AttendeeView::from).collect(),
    ))
}

#[utoipa::path(tag = "meetings", request_body = AttendeeInput,
    responses((status = 201, body = AttendeeView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("/{id}/attendance")]
pub async fn attendance_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<AttendeeInput>,
) -> Result<HttpResponse, AppError> {
    let added = add_attendee_as(
        &state,
        &who.0,
        MeetingId(id.into_inner()),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created().json(AttendeeView::from(added)))
}

pub(crate) async fn add_attendee_as(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
    body: AttendeeInput,
) -> Result<Attendee, AppError> {
    let m = load_for_change(state, who, id).await?;
    let draft = AttendeeDraft {
        name: Label::parse("name", &body.name, NAME_MAX)?,
        organisation: Label::parse("organisation", &body.organisation, NAME_MAX)?,
        sector: body.sector,
        sex: body.sex,
    };
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| record::add_attendee(conn, &actor, m.id, draft, now))
        .await
}

#[utoipa::path(tag = "meetings", responses((status = 204), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[delete("/{id}/attendance/{entry}")]
pub async fn attendance_remove(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, AppError> {
    let (id, entry) = path.into_inner();
    let m = load_for_change(&state, &who.0, MeetingId(id)).await?;
    let (actor, now) = (who.0.actor(), state.clock.now());
    state
        .db
        .write(move |conn| record::remove_attendee(conn, &actor, m.id, AttendeeId(entry), now))
        .await?;
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
    #[serde(serialize_with = "json_time::instant_opt")]
    approved_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant_opt")]
    frozen_at: Option<DateTime<Utc>>,
    #[serde(serialize_with = "json_time::instant")]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MinutesPatch {
    /// The text; changeable while draft or circulated. The first write creates a draft.
    #[schema(max_length = 200000, format = "text")]
    pub(crate) body: Option<String>,
    /// The next step: draft → circulated → approved → frozen (circulated may go back to draft).
    pub(crate) status: Option<MinutesStatus>,
    /// With `status: approved`: the later session of the same board at which they were approved;
    /// it must be scheduled (not cancelled or postponed) and have begun in board time.
    pub(crate) approved_at_meeting: Option<MeetingId>,
}

#[utoipa::path(tag = "meetings", responses((status = 200, body = MinutesView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/minutes")]
pub async fn minutes_show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<MinutesView>, AppError> {
    let m = load_record(&state, &who.0, MeetingId(id.into_inner())).await?;
    let found = state
        .db
        .read(move |conn| minutes::find_for(conn, m.id))
        .await?;
    Ok(web::Json(found.into()))
}

/// Frozen minutes refuse every change with 409.
#[utoipa::path(tag = "meetings", request_body = MinutesPatch,
    responses((status = 200, body = MinutesView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}/minutes")]
pub async fn minutes_update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<MinutesPatch>,
) -> Result<web::Json<MinutesView>, AppError> {
    let updated = change_minutes_as(
        &state,
        &who.0,
        MeetingId(id.into_inner()),
        body.into_inner(),
    )
    .await?;
    Ok(web::Json(updated.into()))
}

pub(crate) async fn change_minutes_as(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
    body: MinutesPatch,
) -> Result<Minutes, AppError> {
    let m = load_for_change(state, who, id).await?;
    let change = MinutesChange {
        body: body.body,
        status: body.status,
        approved_at_meeting: body.approved_at_meeting,
    };
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| minutes::change(conn, &actor, m.id, change, now))
        .await
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    id: DecisionId,
    meeting_id: MeetingId,
    agenda_item_id: Option<AgendaItemId>,
    text: String,
    responsible_unit_id: Option<UnitId>,
    responsible: String,
    #[serde(serialize_with = "json_time::instant")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    #[schema(min_length = 1, max_length = 10000, format = "text-not-blank")]
    pub(crate) text: String,
    pub(crate) agenda_item_id: Option<AgendaItemId>,
    /// The unit that is to carry the decision out, if any.
    pub(crate) responsible_unit_id: Option<UnitId>,
    /// Who is responsible, in words.
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub(crate) responsible: String,
}

/// The board's people see every decision; others see those of a public session that fall to a
/// unit they represent.
#[utoipa::path(tag = "meetings", responses((status = 200, body = Vec<DecisionView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}/decisions")]
pub async fn decisions_list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<DecisionView>>, AppError> {
    let (m, seen) = load(&state, &who.0, MeetingId(id.into_inner())).await?;
    let (list, tree) = state
        .db
        .read(move |conn| Ok::<_, AppError>((decisions::list(conn, m.id)?, units::tree(conn)?)))
        .await?;
    let concerns = |d: &Decision| match (seen, d.responsible_unit_id) {
        (Sight::Record, _) => true,
        (Sight::Public, Some(unit)) => represents(&who.0, &tree.chain(unit)),
        (Sight::Public, None) => false,
    };
    Ok(web::Json(
        list.into_iter()
            .filter(concerns)
            .map(DecisionView::from)
            .collect(),
    ))
}

#[utoipa::path(tag = "meetings", request_body = DecisionInput,
    responses((status = 201, body = DecisionView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("/{id}/decisions")]
pub async fn decisions_add(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<DecisionInput>,
) -> Result<HttpResponse, AppError> {
    let added = add_decision_as(
        &state,
        &who.0,
        MeetingId(id.into_inner()),
        body.into_inner(),
    )
    .await?;
    Ok(HttpResponse::Created().json(DecisionView::from(added)))
}

pub(crate) async fn add_decision_as(
    state: &AppState,
    who: &Principal,
    id: MeetingId,
    body: DecisionInput,
) -> Result<Decision, AppError> {
    let m = load_for_change(state, who, id).await?;
    let draft = decision_draft(body);
    let (actor, now) = (who.actor(), state.clock.now());
    state
        .db
        .write(move |conn| record::add_decision(conn, &actor, m.id, draft, now))
        .await
}

#[utoipa::path(tag = "meetings", request_body = DecisionInput,
    responses((status = 200, body = DecisionView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}/decisions/{decision}")]
pub async fn decisions_update(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, i64)>,
    body: Json<DecisionInput>,
) -> Result<web::Json<DecisionView>, AppError> {
    let (id, decision) = path.into_inner();
    let m = load_for_change(&state, &who.0, MeetingId(id)).await?;
    let draft = decision_draft(body.into_inner());
    let (actor, now) = (who.0.actor(), state.clock.now());
    let updated = state
        .db
        .write(move |conn| {
            record::update_decision(conn, &actor, m.id, DecisionId(decision), draft, now)
        })
        .await?;
    Ok(web::Json(updated.into()))
}

fn decision_draft(body: DecisionInput) -> DecisionDraft {
    DecisionDraft {
        agenda_item_id: body.agenda_item_id,
        text: body.text,
        responsible_unit_id: body.responsible_unit_id,
        responsible: body.responsible,
    }
}
