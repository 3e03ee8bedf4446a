//! `/api/v1/units`: the security sector's chain of command.

use super::{nullable, utc};
use crate::db::units::Unit;
use crate::domain::ids::UnitId;
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::org::units::{self, UnitCreate, UnitEdit};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    id: UnitId,
    name: String,
    abbreviation: Option<String>,
    service: Service,
    /// The unit directly above in the chain of command.
    parent_id: Option<UnitId>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Unit> for UnitView {
    fn from(u: Unit) -> Self {
        Self {
            id: u.id,
            name: u.name,
            abbreviation: u.abbreviation,
            service: u.service,
            parent_id: u.parent_id,
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 40, format = "single-line-or-blank")]
    abbreviation: Option<Option<String>>,
    service: Option<Service>,
    /// `null` makes the unit the top of a chain of command.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    parent_id: Option<Option<UnitId>>,
}

impl From<UnitPatch> for UnitEdit {
    fn from(p: UnitPatch) -> Self {
        Self {
            name: p.name,
            abbreviation: p.abbreviation,
            service: p.service,
            parent_id: p.parent_id,
        }
    }
}

/// The units the caller may see: all of them, or for a representative their own subtree.
#[utoipa::path(tag = "units", responses((status = 200, body = Vec<UnitView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<UnitView>>, AppError> {
    let visible = units::list(&state.db, &who.0).await?;
    Ok(web::Json(visible.into_iter().map(UnitView::from).collect()))
}

#[utoipa::path(tag = "units", params(("id" = i64, Path)), responses((status = 200, body = UnitView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UnitId>,
) -> Result<web::Json<UnitView>, AppError> {
    let unit = units::show(&state.db, &who.0, id.into_inner()).await?;
    Ok(web::Json(unit.into()))
}

#[utoipa::path(tag = "units", request_body = UnitCreate,
    responses((status = 201, body = UnitView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<UnitCreate>,
) -> Result<HttpResponse, AppError> {
    let unit = units::add(&state.db, &who.0, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Created().json(UnitView::from(unit)))
}

#[utoipa::path(tag = "units", request_body = UnitPatch,
    responses((status = 200, body = UnitView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<UnitPatch>,
) -> Result<web::Json<UnitView>, AppError> {
    let (id, now) = (UnitId(id.into_inner()), state.clock.now());
    let unit = units::edit(&state.db, &who.0, id, body.into_inner().into(), now).await?;
    Ok(web::Json(unit.into()))
}
