//! `/api/v1/units`: the security sector's chain of command.

use crate::domain::ids::UnitId;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::org::units::{self, CreateUnitRequest, EditUnitRequest, UnitView};
use actix_web::{HttpResponse, get, patch, post, web};

/// The units the caller may see: all of them, or for a representative their own subtree.
#[utoipa::path(tag = "units", responses((status = 200, body = Vec<UnitView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<UnitView>>, AppError> {
    Ok(web::Json(units::list(&state.db, &who.0).await?))
}

#[utoipa::path(tag = "units", params(UnitId),
    responses((status = 200, body = UnitView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UnitId>,
) -> Result<web::Json<UnitView>, AppError> {
    Ok(web::Json(units::show(&state.db, &who.0, *id).await?))
}

#[utoipa::path(tag = "units", request_body = CreateUnitRequest,
    responses((status = 201, body = UnitView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<CreateUnitRequest>,
) -> Result<HttpResponse, AppError> {
    let unit = units::add(&state.db, &who.0, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Created().json(unit))
}

#[utoipa::path(tag = "units", params(UnitId), request_body = EditUnitRequest,
    responses((status = 200, body = UnitView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UnitId>,
    body: Json<EditUnitRequest>,
) -> Result<web::Json<UnitView>, AppError> {
    let now = state.clock.now();
    let unit = units::edit(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(unit))
}
