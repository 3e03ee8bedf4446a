//! `/api/v1/auth` and `/api/v1/me`: signing in and out, API tokens, the caller's own account.

use super::users::UserView;
use super::utc;
use crate::auth::accounts::{self, RoleDescription};
use crate::auth::api_tokens::{self, TokenRequest};
use crate::auth::sessions;
use crate::db::sessions::ApiToken;
use crate::db::users;
use crate::domain::ids::SessionId;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::signin::{sign_in, signed_out};
use crate::http::state::AppState;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

// The grievance form throttles by the same address.

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    email: String,
    password: String,
}

#[derive(Serialize, ToSchema)]
pub struct LoginResponse {
    /// Send as `Authorization: Bearer …`; the same session is also set as a cookie.
    token: String,
    expires_at: DateTime<Utc>,
    user: UserView,
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    user: UserView,
    roles: Vec<RoleDescription>,
}

#[derive(Serialize, ToSchema)]
pub struct TokenView {
    id: SessionId,
    label: String,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

impl From<ApiToken> for TokenView {
    fn from(t: ApiToken) -> Self {
        Self {
            id: t.id,
            label: t.label,
            created_at: utc(t.created_at),
            expires_at: utc(t.expires_at),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct NewToken {
    #[serde(flatten)]
    token: TokenView,
    /// Shown this once only.
    secret: String,
}

/// Signs in with e-mail and password: sets the session cookie and returns the same session as
/// a bearer token. Failed attempts are throttled per client address and account.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse)))]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let LoginRequest { email, password } = body.into_inner();
    let (signed_in, cookie) = sign_in(&state, &req, &email, password).await?;
    let user_id = signed_in.user_id;
    let user = state
        .db
        .read(move |conn| users::find(conn, user_id))
        .await?;
    Ok(HttpResponse::Ok().cookie(cookie).json(LoginResponse {
        token: signed_in.token,
        expires_at: signed_in.expires_at,
        user: user.into(),
    }))
}

/// Ends the session that made this request and clears the cookie.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[post("/logout")]
pub async fn logout(state: web::Data<AppState>, who: SignedIn) -> Result<HttpResponse, AppError> {
    sessions::sign_out(&state.db, &who.0, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().cookie(signed_out()).finish())
}

/// The signed-in account with its roles, named.
#[utoipa::path(tag = "auth", responses((status = 200, body = Me)))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, who: SignedIn) -> Result<web::Json<Me>, AppError> {
    let (user, roles) = accounts::own(&state.db, &who.0).await?;
    Ok(web::Json(Me {
        user: user.into(),
        roles,
    }))
}

/// The caller's live API tokens (never their secrets).
#[utoipa::path(tag = "auth", responses((status = 200, body = Vec<TokenView>)))]
#[get("/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<TokenView>>, AppError> {
    let tokens = api_tokens::list(&state.db, &who.0, state.clock.now()).await?;
    Ok(web::Json(tokens.into_iter().map(TokenView::from).collect()))
}

/// Issues a long-lived API token for scripts; its secret is shown once.
#[utoipa::path(tag = "auth", request_body = TokenRequest,
    responses((status = 201, body = NewToken)))]
#[post("/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<TokenRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let (token, secret) = api_tokens::issue(&state.db, &who.0, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(NewToken {
        token: token.into(),
        secret,
    }))
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[delete("/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<HttpResponse, AppError> {
    let id = SessionId(id.into_inner());
    api_tokens::revoke(&state.db, &who.0, id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
