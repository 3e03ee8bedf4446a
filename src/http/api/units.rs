//! `/api/v1/units`: the security sector's chain of command.

use super::{ApiErrors, json_time, nullable, utc};
use crate::auth::policy::{Permission, authorize, unit_visible};
use crate::db::units::{self as store, Unit};
use crate::domain::ids::UnitId;
use crate::domain::text::{Label, NAME_MAX};
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::org::units::{self, UnitChanges, UnitDraft};
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const ABBREVIATION_MAX: usize = 40;

#[derive(Serialize, ToSchema)]
pub struct UnitView {
    id: UnitId,
    name: String,
    abbreviation: Option<String>,
    service: Service,
    /// The unit directly above in the chain of command.
    parent_id: Option<UnitId>,
    #[serde(serialize_with = "json_time::instant")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
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
pub struct UnitCreate {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: String,
    #[schema(max_length = 40, format = "single-line-or-blank")]
    abbreviation: Option<String>,
    service: Service,
    parent_id: Option<UnitId>,
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

/// The units the caller may see: all of them, or for a representative their own subtree.
#[utoipa::path(tag = "units", responses((status = 200, body = Vec<UnitView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<UnitView>>, AppError> {
    authorize(Some(&who.0), Permission::ListUnits)?;
    let (units, tree) = state
        .db
        .read(|conn| Ok::<_, AppError>((store::list(conn)?, store::tree(conn)?)))
        .await?;
    let visible = units
        .into_iter()
        .filter(|u| unit_visible(&who.0, &tree.chain(u.id)))
        .map(UnitView::from)
        .collect();
    Ok(web::Json(visible))
}

#[utoipa::path(tag = "units", responses((status = 200, body = UnitView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<UnitView>, AppError> {
    let id = UnitId(id.into_inner());
    let tree = state.db.read(store::tree).await?;
    // Decided before the lookup, so that a representative learns nothing about units outside
    // their subtree, not even whether one exists.
    authorize(
        Some(&who.0),
        Permission::ReadUnit {
            chain: &tree.chain(id),
        },
    )?;
    let unit = state.db.read(move |conn| units::find(conn, id)).await?;
    Ok(web::Json(unit.into()))
}

#[utoipa::path(tag = "units", request_body = UnitCreate,
    responses((status = 201, body = UnitView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<UnitCreate>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(&who.0), Permission::ManageUnits)?;
    let body = body.into_inner();
    let draft = UnitDraft {
        name: Label::parse("name", &body.name, NAME_MAX)?,
        abbreviation: abbreviation(body.abbreviation.as_deref())?,
        service: body.service,
        parent_id: body.parent_id,
    };
    let (actor, now) = (who.0.actor(), state.clock.now());
    let unit = state
        .db
        .write(move |conn| units::create(conn, &actor, draft, now))
        .await?;
    Ok(HttpResponse::Created().json(UnitView::from(unit)))
}

#[utoipa::path(tag = "units", request_body = UnitPatch,
    responses((status = 200, body = UnitView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<UnitPatch>,
) -> Result<web::Json<UnitView>, AppError> {
    authorize(Some(&who.0), Permission::ManageUnits)?;
    let id = UnitId(id.into_inner());
    let body = body.into_inner();
    let changes = UnitChanges {
        name: body
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        abbreviation: body
            .abbreviation
            .map(|a| abbreviation(a.as_deref()))
            .transpose()?,
        service: body.service,
        parent_id: body.parent_id,
    };
    let (actor, now) = (who.0.actor(), state.clock.now());
    let unit = state
        .db
        .write(move |conn| units::update(conn, &actor, id, changes, now))
        .await?;
    Ok(web::Json(unit.into()))
}

/// An empty abbreviation means none.
fn abbreviation(raw: Option<&str>) -> Result<Option<Label>, AppError> {
    match raw {
        None => Ok(None),
        Some(text) => Ok(Label::parse_optional(
            "abbreviation",
            text,
            ABBREVIATION_MAX,
        )?),
    }
}
