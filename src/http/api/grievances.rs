//! `/api/v1/grievances` for the board and its units, `/api/v1/public/grievances` for anyone.
//! Each handler calls the operation of [`crate::grievances::workflow`]; what each audience sees
//! is in [`crate::grievances::views`].

use super::page_limit;
use crate::db::grievances::Grievance;
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::tracking::TrackingCode;
use crate::error::AppError;
use crate::grievances::views::{ContactInput, GrievancePage, GrievanceView, PublicGrievance};
use crate::grievances::{Deadlines, GrievanceDraft, Step, workflow};
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::http::throttle::throttle;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrievanceInput {
    board_id: BoardId,
    category: GrievanceCategory,
    /// What happened, in the filer's words (kept by the secretariat only).
    #[schema(min_length = 1, max_length = 5000, format = "text-not-blank")]
    description: String,
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    location: String,
    /// The unit the complaint is about, if known.
    alleged_unit_id: Option<UnitId>,
    /// How to reach the filer, if they wish (kept by the secretariat only).
    contact: Option<ContactInput>,
}

fn draft(b: GrievanceInput) -> GrievanceDraft {
    let c = b.contact.unwrap_or_default();
    GrievanceDraft {
        board_id: b.board_id,
        category: b.category,
        description: b.description,
        location: b.location,
        alleged_unit_id: b.alleged_unit_id,
        contact: crate::grievances::contact(&c.name, &c.phone, &c.email),
    }
}

#[derive(Serialize, ToSchema)]
pub struct Filed {
    /// Keep it: it is the only way to follow the grievance, and it is shown only this once.
    #[schema(example = "K7PQ-M2XR-94TW")]
    tracking_code: String,
    status: GrievanceStatus,
    acknowledge_by: NaiveDate,
    respond_by: NaiveDate,
}

fn filed(g: Grievance, code: TrackingCode) -> HttpResponse {
    HttpResponse::Created().json(Filed {
        tracking_code: code.to_string(),
        status: g.status,
        acknowledge_by: g.ack_due,
        respond_by: g.response_due,
    })
}

/// Anyone may file a grievance, without an account. The answer carries the tracking code.
#[utoipa::path(tag = "public", request_body = GrievanceInput,
    responses((status = 201, body = Filed)))]
#[post("/grievances")]
pub async fn file_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<GrievanceInput>,
) -> Result<HttpResponse, AppError> {
    throttle(&state, &req, "file")?;
    let (rules, now) = (Deadlines::from_settings(&state.settings), state.clock.now());
    let draft = draft(body.into_inner());
    let via = "public grievance form";
    let (g, code) = workflow::file_public(&state.db, via, draft, rules, now).await?;
    Ok(filed(g, code))
}

/// Where a grievance stands, by tracking code: its status, steps with their dates and how it
/// ended. A wrong code and one that never existed get the same answer.
#[utoipa::path(tag = "public", responses((status = 200, body = PublicGrievance)))]
#[get("/grievances/{code}")]
pub async fn track(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<web::Json<PublicGrievance>, AppError> {
    throttle(&state, &req, "track")?;
    let found = workflow::track(&state.db, &code.into_inner()).await?;
    found
        .map(|view| web::Json(view.into()))
        .ok_or_else(|| AppError::not_found("no grievance has this tracking code"))
}

/// The secretariat records a grievance received in person, by phone or by letter.
#[utoipa::path(tag = "grievances", request_body = GrievanceInput,
    responses((status = 201, body = Filed)))]
#[post("")]
pub async fn file(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<GrievanceInput>,
) -> Result<HttpResponse, AppError> {
    let (rules, now) = (Deadlines::from_settings(&state.settings), state.clock.now());
    let draft = draft(body.into_inner());
    let (g, code) = workflow::file(&state.db, &who.0, draft, rules, now).await?;
    Ok(filed(g, code))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    board: Option<i64>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    limit: Option<i64>,
    after: Option<i64>,
}

/// Grievances the caller may see, in id order: the board's (with the filer only for the
/// secretariat), or those referred to the caller's units.
#[utoipa::path(tag = "grievances", params(ListQuery),
    responses((status = 200, body = GrievancePage)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListQuery>,
) -> Result<web::Json<GrievancePage>, AppError> {
    let q = query.into_inner();
    let q = workflow::ListQuery {
        board: q.board.map(BoardId),
        after: q.after.map(GrievanceId),
        limit: page_limit(q.limit, 50, 200)?,
    };
    let now = state.clock.now();
    Ok(web::Json(
        who.read(move |conn, who| workflow::list_in(conn, who, q, now))
            .await?,
    ))
}

#[utoipa::path(tag = "grievances", responses((status = 200, body = GrievanceView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<i64>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let (id, now) = (GrievanceId(id.into_inner()), state.clock.now());
    let (_, view) = who
        .read(move |conn, who| workflow::show_in(conn, who, id, now))
        .await?;
    Ok(web::Json(view))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrievanceStep {
    /// The next status. A representative may only answer (`responded`, with `response`).
    status: Option<GrievanceStatus>,
    /// `true` records an appeal: a decided or closed grievance goes back to the unit.
    #[serde(default)]
    appeal: bool,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    note: String,
    /// With `referred`: the unit.
    unit_id: Option<UnitId>,
    /// With `referred`: what the unit is told, without who filed it.
    #[schema(max_length = 5000, format = "text")]
    unit_summary: Option<String>,
    /// With `responded`: the unit's answer.
    #[schema(max_length = 5000, format = "text")]
    response: Option<String>,
}

impl From<GrievanceStep> for Step {
    fn from(b: GrievanceStep) -> Self {
        Step {
            status: b.status,
            appeal: b.appeal,
            note: b.note,
            unit_id: b.unit_id,
            unit_summary: b.unit_summary,
            response: b.response,
        }
    }
}

/// Moves a grievance along its lifecycle.
#[utoipa::path(tag = "grievances", request_body = GrievanceStep,
    responses((status = 200, body = GrievanceView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<GrievanceStep>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let (id, step) = (GrievanceId(id.into_inner()), body.into_inner().into());
    let view = workflow::step(&state.db, &who.0, id, step, state.clock.now()).await?;
    Ok(web::Json(view))
}
