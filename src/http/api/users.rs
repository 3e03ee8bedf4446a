//! `/api/v1/users`: accounts and their roles.

use super::utc;
use crate::auth::accounts::{self, Paging, RoleView, UserCreate, UserPatch};
use crate::db::users::User;
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct UserView {
    id: UserId,
    email: String,
    name: String,
    is_admin: bool,
    disabled: bool,
    roles: Vec<RoleView>,
    created_at: DateTime<Utc>,
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

#[utoipa::path(tag = "users", params(Paging), responses((status = 200, body = Vec<UserView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    paging: web::Query<Paging>,
) -> Result<web::Json<Vec<UserView>>, AppError> {
    let users = accounts::list(&state.db, &who.0, paging.into_inner()).await?;
    Ok(web::Json(users.into_iter().map(UserView::from).collect()))
}

#[utoipa::path(tag = "users", request_body = UserCreate,
    responses((status = 201, body = UserView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<UserCreate>,
) -> Result<HttpResponse, AppError> {
    let user = accounts::add(&state.db, &who.0, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::Created().json(UserView::from(user)))
}

#[utoipa::path(tag = "users", responses((status = 200, body = UserView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<UserView>, AppError> {
    let user = accounts::show(&state.db, &who.0, UserId(id.into_inner())).await?;
    Ok(web::Json(user.into()))
}

#[utoipa::path(tag = "users", request_body = UserPatch,
    responses((status = 200, body = UserView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<UserPatch>,
) -> Result<web::Json<UserView>, AppError> {
    let (id, now) = (UserId(id.into_inner()), state.clock.now());
    let user = accounts::edit(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(web::Json(user.into()))
}
