//! `/api/v1/grievances` for the board and its units, `/api/v1/public/grievances` for anyone.
//! Each handler calls the operation of [`crate::grievances::workflow`]; what each audience sees
//! is in [`crate::grievances::views`].

use crate::domain::ids::GrievanceId;
use crate::domain::refusal;
use crate::domain::request::page_limit;
use crate::error::AppError;
use crate::grievances::views::{
    FiledGrievanceView, GrievancePageView, GrievanceView, PublicGrievanceView,
};
use crate::grievances::workflow::{self, ListGrievancesRequest};
use crate::grievances::{Deadlines, FileGrievanceRequest, StepGrievanceRequest};
use crate::http::extract::{Credentials, Json, SignedIn};
use crate::http::state::AppState;
use crate::http::throttle::throttle;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};

/// Anyone may file a grievance, without an account. The answer carries the tracking code.
#[utoipa::path(tag = "public", request_body = FileGrievanceRequest,
    responses((status = 201, body = FiledGrievanceView)))]
#[post("/grievances")]
pub async fn file_public(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<FileGrievanceRequest>,
) -> Result<HttpResponse, AppError> {
    throttle(&state, &req, "file").await?;
    let (rules, now) = (Deadlines::from_settings(&state.settings), state.clock.now());
    let via = "public grievance form";
    let filed = workflow::file_public(&state.db, via, body.into_inner(), rules, now).await?;
    Ok(HttpResponse::Created().json(filed))
}

/// Where a grievance stands, by tracking code: its status, steps with their dates and how it
/// ended. A wrong code and one that never existed get the same answer.
#[utoipa::path(tag = "public",
    responses((status = 200, body = PublicGrievanceView)))]
#[get("/grievances/{code}")]
pub async fn track(
    state: web::Data<AppState>,
    req: HttpRequest,
    code: web::Path<String>,
) -> Result<web::Json<PublicGrievanceView>, AppError> {
    throttle(&state, &req, "track").await?;
    let found = workflow::track(&state.db, &code.into_inner()).await?;
    found
        .map(web::Json)
        .ok_or_else(|| AppError::NotFound(refusal::grievance_tracking_unknown()))
}

/// The secretariat records a grievance received in person, by phone or by letter.
#[utoipa::path(tag = "grievances", request_body = FileGrievanceRequest,
    responses((status = 201, body = FiledGrievanceView)))]
#[post("")]
pub async fn file(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<FileGrievanceRequest>,
) -> Result<HttpResponse, AppError> {
    let (rules, now) = (Deadlines::from_settings(&state.settings), state.clock.now());
    let filed = workflow::file(&state.db, &who.0, body.into_inner(), rules, now).await?;
    Ok(HttpResponse::Created().json(filed))
}

/// Grievances the caller may see, in id order: the board's (with the filer only for the
/// secretariat), or those referred to the caller's units.
#[utoipa::path(tag = "grievances", params(ListGrievancesRequest),
    responses((status = 200, body = GrievancePageView)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: Credentials,
    query: web::Query<ListGrievancesRequest>,
) -> Result<web::Json<GrievancePageView>, AppError> {
    let (q, now) = (query.into_inner(), state.clock.now());
    let limit = page_limit(q.limit, 50, 200)?;
    Ok(web::Json(
        who.read(move |conn, who| workflow::list_in(conn, who, q, limit, now))
            .await?,
    ))
}

#[utoipa::path(tag = "grievances", params(GrievanceId),
    responses((status = 200, body = GrievanceView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: Credentials,
    id: web::Path<GrievanceId>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let (id, now) = (id.into_inner(), state.clock.now());
    let (_, view) = who
        .read(move |conn, who| workflow::show_in(conn, who, id, now))
        .await?;
    Ok(web::Json(view))
}

/// Moves a grievance along its lifecycle.
#[utoipa::path(tag = "grievances", params(GrievanceId),
    request_body = StepGrievanceRequest,
    responses((status = 200, body = GrievanceView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<GrievanceId>,
    body: Json<StepGrievanceRequest>,
) -> Result<web::Json<GrievanceView>, AppError> {
    let (id, step) = (id.into_inner(), body.into_inner());
    let view = workflow::step(&state.db, &who.0, id, step, state.clock.now()).await?;
    Ok(web::Json(view))
}
