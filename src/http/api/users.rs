//! `/api/v1/users`: accounts and their roles.

use crate::auth::accounts::{self, CreateUserRequest, EditUserRequest, ListUsersRequest, UserView};
use crate::auth::second_factor;
use crate::domain::ids::UserId;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use actix_web::{HttpResponse, get, patch, post, web};

#[utoipa::path(tag = "users", params(ListUsersRequest),
    responses((status = 200, body = Vec<UserView>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    paging: web::Query<ListUsersRequest>,
) -> Result<web::Json<Vec<UserView>>, AppError> {
    Ok(web::Json(
        accounts::list(&state.db, &who.0, paging.into_inner()).await?,
    ))
}

#[utoipa::path(tag = "users", request_body = CreateUserRequest,
    responses((status = 201, body = UserView)))]
#[post("")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<CreateUserRequest>,
) -> Result<HttpResponse, AppError> {
    let (request, now) = (body.into_inner(), state.clock.now());
    let user = accounts::add(&state.db, &who.0, request, &state.public_url, now).await?;
    Ok(HttpResponse::Created().json(user))
}

#[utoipa::path(tag = "users", params(UserId),
    responses((status = 200, body = UserView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UserId>,
) -> Result<web::Json<UserView>, AppError> {
    Ok(web::Json(accounts::show(&state.db, &who.0, *id).await?))
}

#[utoipa::path(tag = "users", params(UserId), request_body = EditUserRequest,
    responses((status = 200, body = UserView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UserId>,
    body: Json<EditUserRequest>,
) -> Result<web::Json<UserView>, AppError> {
    let now = state.clock.now();
    let user = accounts::edit(&state.db, &who.0, *id, body.into_inner(), now).await?;
    Ok(web::Json(user))
}

/// Removes the account's second factors for a holder who lost them (admins only, and not their
/// own): every session and API token of the account ends; at the next sign-in its holder sets
/// a factor up again where their role must have one.
#[utoipa::path(tag = "users", params(UserId),
    responses((status = 204, description = "Reset")))]
#[post("/{id}/second-factor/reset")]
pub async fn reset_second_factor(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<UserId>,
) -> Result<HttpResponse, AppError> {
    second_factor::reset(&state.db, &who.0, *id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
