//! `/api/v1/units`: the security sector's chain of command.

use super::{ApiErrors, nullable, utc};
use crate::audit::{self, Change};
use crate::auth::policy::{Action, authorize, unit_visible};
use crate::db::units::{self as store, NewUnit, Unit};
use crate::db::{self, DbConn};
use crate::domain::ids::UnitId;
use crate::domain::text::Label;
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const NAME_MAX: usize = 200;
const ABBREVIATION_MAX: usize = 40;

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
pub struct UnitCreate {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    name: String,
    abbreviation: Option<String>,
    service: Service,
    parent_id: Option<UnitId>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnitPatch {
    name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    abbreviation: Option<Option<String>>,
    service: Option<Service>,
    /// `null` makes the unit the top of a chain of command.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    parent_id: Option<Option<UnitId>>,
}

/// The units the caller may see: all of them, or for a representative their own subtree.
#[utoipa::path(tag = "units", responses((status = 200, body = Vec<UnitView>), ApiErrors))]
#[get("/units")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<UnitView>>, AppError> {
    authorize(Some(&who.0), Action::ListUnits)?;
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

#[utoipa::path(tag = "units", responses((status = 200, body = UnitView), ApiErrors))]
#[get("/units/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<UnitView>, AppError> {
    let id = UnitId(id.into_inner());
    let (unit, tree) = state
        .db
        .read(move |conn| Ok::<_, AppError>((find(conn, id)?, store::tree(conn)?)))
        .await?;
    authorize(
        Some(&who.0),
        Action::ReadUnit {
            chain: &tree.chain(id),
        },
    )?;
    Ok(web::Json(unit.into()))
}

#[utoipa::path(tag = "units", request_body = UnitCreate,
    responses((status = 201, body = UnitView), ApiErrors))]
#[post("/units")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: web::Json<UnitCreate>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(&who.0), Action::ManageUnits)?;
    let body = body.into_inner();
    let name = Label::parse("name", &body.name, NAME_MAX)?;
    let abbreviation = optional_label(
        "abbreviation",
        body.abbreviation.as_deref(),
        ABBREVIATION_MAX,
    )?;
    let actor = who.0.actor();
    let now = state.clock.now();
    let unit = state
        .db
        .write(move |conn| {
            if let Some(parent) = body.parent_id {
                check_parent_exists(conn, parent)?;
            }
            let unit = store::insert(
                conn,
                &NewUnit {
                    name: name.as_str(),
                    abbreviation: abbreviation.as_ref().map(Label::as_str),
                    service: body.service,
                    parent_id: body.parent_id,
                    now: now.naive_utc(),
                },
            )?;
            audit::record(conn, &actor, Change::created("unit", unit.id, &unit), now)?;
            Ok::<_, AppError>(unit)
        })
        .await?;
    Ok(HttpResponse::Created().json(UnitView::from(unit)))
}

#[utoipa::path(tag = "units", request_body = UnitPatch,
    responses((status = 200, body = UnitView), ApiErrors))]
#[patch("/units/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: web::Json<UnitPatch>,
) -> Result<web::Json<UnitView>, AppError> {
    authorize(Some(&who.0), Action::ManageUnits)?;
    let id = UnitId(id.into_inner());
    let body = body.into_inner();
    let name = body
        .name
        .as_deref()
        .map(|n| Label::parse("name", n, NAME_MAX))
        .transpose()?;
    let abbreviation = body
        .abbreviation
        .map(|a| optional_label("abbreviation", a.as_deref(), ABBREVIATION_MAX))
        .transpose()?;
    let actor = who.0.actor();
    let now = state.clock.now();
    let unit = state
        .db
        .write(move |conn| {
            let before = find(conn, id)?;
            let mut after = before.clone();
            if let Some(name) = name {
                after.name = name.into_inner();
            }
            if let Some(abbreviation) = abbreviation {
                after.abbreviation = abbreviation.map(Label::into_inner);
            }
            if let Some(service) = body.service {
                after.service = service;
            }
            if let Some(parent) = body.parent_id {
                if let Some(p) = parent {
                    check_parent_exists(conn, p)?;
                }
                store::tree(conn)?.check_move(id, parent)?;
                after.parent_id = parent;
            }
            let after = store::update(conn, &after, now.naive_utc())?;
            audit::record(
                conn,
                &actor,
                Change::updated("unit", id, &before, &after),
                now,
            )?;
            Ok::<_, AppError>(after)
        })
        .await?;
    Ok(web::Json(unit.into()))
}

fn optional_label(
    field: &'static str,
    raw: Option<&str>,
    max: usize,
) -> Result<Option<Label>, AppError> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => Ok(Some(Label::parse(field, text, max)?)),
    }
}

fn find(conn: &mut DbConn, id: UnitId) -> Result<Unit, AppError> {
    store::find(conn, id).map_err(|e| match e {
        db::Error::NotFound => AppError::not_found(format!("no unit with id {id}")),
        other => other.into(),
    })
}

fn check_parent_exists(conn: &mut DbConn, parent: UnitId) -> Result<(), AppError> {
    match store::find(conn, parent) {
        Ok(_) => Ok(()),
        Err(db::Error::NotFound) => Err(AppError::validation(
            "parent_id",
            format!("unit {parent} does not exist"),
        )),
        Err(e) => Err(e.into()),
    }
}
