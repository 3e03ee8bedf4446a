//! `/api/v1/users`: accounts and their roles.

use super::{ApiErrors, json_time, utc};
use crate::auth::accounts::{self, AccountPatch, NewAccount};
use crate::auth::password::{self, NewPassword};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::users::{self as store, User};
use crate::db::{self, boards, units};
use crate::domain::ids::{BoardId, UnitId, UserId};
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::error::{AppError, not_found};
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A role on a board (`secretary`, `member`) or for a unit and its subtree (`representative`).
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct RoleView {
    /// `secretary`, `member` (with `board_id`) or `representative` (with `unit_id`).
    #[schema(pattern = r"^(secretary|member|representative)$")]
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    board_id: Option<BoardId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit_id: Option<UnitId>,
}

impl From<Grant> for RoleView {
    fn from(g: Grant) -> Self {
        Self {
            role: g.role_name().to_owned(),
            board_id: g.board(),
            unit_id: g.unit(),
        }
    }
}

impl TryFrom<&RoleView> for Grant {
    type Error = AppError;

    fn try_from(r: &RoleView) -> Result<Self, AppError> {
        Ok(Grant::from_parts(&r.role, r.board_id, r.unit_id)?)
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    id: UserId,
    email: String,
    name: String,
    is_admin: bool,
    disabled: bool,
    roles: Vec<RoleView>,
    #[serde(serialize_with = "json_time::instant")]
    created_at: DateTime<Utc>,
    #[serde(serialize_with = "json_time::instant")]
    updated_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
            is_admin: u.is_admin,
            disabled: u.disabled,
            roles: u.grants.into_iter().map(RoleView::from).collect(),
            created_at: utc(u.created_at),
            updated_at: utc(u.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCreate {
    #[schema(format = Email, max_length = 254)]
    email: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: String,
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 256)]
    password: String,
    #[serde(default)]
    is_admin: bool,
    #[serde(default)]
    roles: Vec<RoleView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    /// Admins only.
    email: Option<String>,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: Option<String>,
    /// Admins only.
    is_admin: Option<bool>,
    /// Admins only; disabling ends the account's sessions at once.
    disabled: Option<bool>,
    /// Admins only; replaces all roles.
    roles: Option<Vec<RoleView>>,
    /// A new password; ends the account's sessions.
    password: Option<String>,
    /// Required when changing your own password.
    current_password: Option<String>,
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Paging {
    /// At most 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
    #[param(minimum = 0)]
    offset: Option<i64>,
}

#[utoipa::path(tag = "users", params(Paging), responses((status = 200, body = Vec<UserView>), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    paging: web::Query<Paging>,
) -> Result<web::Json<Vec<UserView>>, AppError> {
    authorize(Some(&who.0), Permission::ManageAccounts)?;
    let limit = paging.limit.unwrap_or(100);
    let offset = paging.offset.unwrap_or(0);
    if !(1..=500).contains(&limit) || offset < 0 {
        return Err(AppError::validation(
            "limit",
            "limit must be 1–500 and offset at least 0",
        ));
    }
    let users = state
        .db
        .read(move |conn| store::list(conn, limit, offset))
        .await?;
    Ok(web::Json(users.into_iter().map(UserView::from).collect()))
}

#[utoipa::path(tag = "users", request_body = UserCreate,
    responses((status = 201, body = UserView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<UserCreate>,
) -> Result<HttpResponse, AppError> {
    authorize(Some(&who.0), Permission::ManageAccounts)?;
    let body = body.into_inner();
    let email = Email::parse(&body.email)?;
    let name = Label::parse("name", &body.name, NAME_MAX)?;
    let grants = grants(&body.roles)?;
    let password_hash = hash_password(&body.password).await?;
    let actor = who.0.actor();
    let now = state.clock.now();
    let account = NewAccount {
        email,
        name,
        password_hash,
        is_admin: body.is_admin,
        grants,
    };
    let user = state
        .db
        .write(move |conn| accounts::create(conn, &actor, account, now))
        .await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

#[utoipa::path(tag = "users", responses((status = 200, body = UserView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<UserView>, AppError> {
    let id = UserId(id.into_inner());
    authorize(Some(&who.0), Permission::ReadAccount(id))?;
    let user = state
        .db
        .read(move |conn| store::find(conn, id).map_err(not_found("account", id)))
        .await?;
    Ok(web::Json(user.into()))
}

#[utoipa::path(tag = "users", request_body = UserPatch,
    responses((status = 200, body = UserView), ApiErrors),
    security(("bearer" = []), ("session_cookie" = [])))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<UserPatch>,
) -> Result<web::Json<UserView>, AppError> {
    let id = UserId(id.into_inner());
    let body = body.into_inner();
    authorize(Some(&who.0), Permission::EditOwnProfile(id))?;
    let admin_only = body.email.is_some()
        || body.is_admin.is_some()
        || body.disabled.is_some()
        || body.roles.is_some();
    if admin_only {
        authorize(Some(&who.0), Permission::ManageAccounts)?;
    }
    let patch = AccountPatch {
        email: body.email.as_deref().map(Email::parse).transpose()?,
        name: body
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        is_admin: body.is_admin,
        disabled: body.disabled,
        grants: body.roles.as_deref().map(grants).transpose()?,
        password_hash: match &body.password {
            Some(new) => {
                check_current_password(&state, &who.0, id, body.current_password).await?;
                Some(hash_password(new).await?)
            }
            None => None,
        },
    };
    let actor = who.0.actor();
    let now = state.clock.now();
    let user = state
        .db
        .write(move |conn| accounts::update(conn, &actor, id, patch, now))
        .await?;
    Ok(web::Json(user.into()))
}

fn grants(roles: &[RoleView]) -> Result<Vec<Grant>, AppError> {
    roles.iter().map(Grant::try_from).collect()
}

/// Changing your own password needs the current one; an admin resetting another's does not.
async fn check_current_password(
    state: &AppState,
    who: &Principal,
    id: UserId,
    current: Option<String>,
) -> Result<(), AppError> {
    if who.user_id != id {
        return Ok(());
    }
    let Some(current) = current else {
        return Err(AppError::validation(
            "current_password",
            "give your current password to set a new one",
        ));
    };
    let stored = state
        .db
        .read(move |conn| store::password_hash(conn, id))
        .await?;
    let matches = tokio::task::spawn_blocking(move || password::verify(&current, &stored))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    if matches {
        Ok(())
    } else {
        Err(AppError::validation(
            "current_password",
            "the current password is not right",
        ))
    }
}

async fn hash_password(raw: &str) -> Result<String, AppError> {
    let password = NewPassword::parse(raw)?;
    let hash = tokio::task::spawn_blocking(move || password.hash())
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    Ok(hash)
}

/// Names for the roles, so that `/me` can say "secretary of Region VIII" rather than an id.
pub fn describe_roles(
    conn: &mut db::DbConn,
    grants: &[Grant],
) -> Result<Vec<RoleDescription>, AppError> {
    grants
        .iter()
        .map(|g| {
            let scope_name = match g {
                Grant::Secretary(b) | Grant::Member(b) => boards::find(conn, *b)?.name,
                Grant::Representative(u) => units::find(conn, *u)?.name,
            };
            Ok(RoleDescription {
                role: g.role_name().to_owned(),
                board_id: g.board(),
                unit_id: g.unit(),
                scope_name,
            })
        })
        .collect()
}

/// A role as `RoleView` has it, with the name of its board or unit. Its own fields rather than
/// a flattened `RoleView`, whose schema admits no other property.
#[derive(Serialize, ToSchema)]
pub struct RoleDescription {
    /// `secretary`, `member` (with `board_id`) or `representative` (with `unit_id`).
    #[schema(pattern = r"^(secretary|member|representative)$")]
    role: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    board_id: Option<BoardId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit_id: Option<UnitId>,
    /// The board's or unit's name.
    scope_name: String,
}
