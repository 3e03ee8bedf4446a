//! `/api/v1/auth` and `/api/v1/me`: signing in and out, API tokens, the caller's own account.

use crate::auth::api_tokens::{self, IssueTokenRequest, NewTokenView, TokenView};
use crate::auth::links::{self, ResetRequest, SetPasswordRequest};
use crate::auth::own_account::{self, MeView};
use crate::auth::own_sessions::{self, SessionView};
use crate::auth::second_factor::{
    self, CodeRequest, RecoveryCodesView, SecondFactorsView, TotpEnrolmentView,
};
use crate::auth::sessions;
use crate::auth::signin::{LoginRequest, LoginView};
use crate::domain::ids::SessionId;
use crate::error::AppError;
use crate::http::extract::{Enrolling, Json, SignedIn};
use crate::http::signin::{complete_sign_in, own_change, sign_in, signed_out};
use crate::http::state::AppState;
use crate::http::throttle::throttle;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};

// The grievance form throttles by the same address.

/// Signs in with e-mail and password: sets the session cookie and returns the same session as
/// a bearer token. Failed attempts are throttled per client address and account.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginView)))]
#[post("/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> Result<HttpResponse, AppError> {
    let LoginRequest { email, password } = body.into_inner();
    let (signed_in, cookie) = sign_in(&state, &req, &email, password).await?;
    let login = LoginView::of(&state.db, signed_in).await?;
    Ok(HttpResponse::Ok().cookie(cookie).json(login))
}

/// Ends the session that made this request and clears the cookie.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[post("/logout")]
pub async fn logout(state: web::Data<AppState>, who: Enrolling) -> Result<HttpResponse, AppError> {
    sessions::sign_out(&state.db, &who.0, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().cookie(signed_out()).finish())
}

/// The signed-in account with its roles, named.
#[utoipa::path(tag = "auth", responses((status = 200, body = MeView)))]
#[get("/me")]
pub async fn me(state: web::Data<AppState>, who: SignedIn) -> Result<web::Json<MeView>, AppError> {
    Ok(web::Json(own_account::own(&state.db, &who.0).await?))
}

/// The caller's live API tokens (never their secrets).
#[utoipa::path(tag = "auth", responses((status = 200, body = Vec<TokenView>)))]
#[get("/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<TokenView>>, AppError> {
    let tokens = api_tokens::list(&state.db, &who.0, state.clock.now()).await?;
    Ok(web::Json(tokens))
}

/// Issues a long-lived API token for scripts; its secret is shown once.
#[utoipa::path(tag = "auth", request_body = IssueTokenRequest,
    responses((status = 201, body = NewTokenView)))]
#[post("/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    who: SignedIn,
    body: Json<IssueTokenRequest>,
) -> Result<HttpResponse, AppError> {
    let now = state.clock.now();
    let issued = api_tokens::issue(&state.db, &who.0, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(issued))
}

/// Revokes one of the caller's API tokens.
#[utoipa::path(tag = "auth", params(SessionId), responses((status = 204)))]
#[delete("/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<SessionId>,
) -> Result<HttpResponse, AppError> {
    api_tokens::revoke(&state.db, &who.0, *id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's open login sessions, the newest first: device, network, started, last used;
/// `current` marks the one this request came with.
#[utoipa::path(tag = "auth", responses((status = 200, body = Vec<SessionView>)))]
#[get("/sessions")]
pub async fn list_sessions(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Vec<SessionView>>, AppError> {
    let found = own_sessions::list(&state.db, &who.0, state.clock.now()).await?;
    Ok(web::Json(found))
}

/// Ends one of the caller's login sessions (a lost phone, a shared computer).
#[utoipa::path(tag = "auth", params(SessionId), responses((status = 204)))]
#[delete("/sessions/{id}")]
pub async fn end_session(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<SessionId>,
) -> Result<HttpResponse, AppError> {
    own_sessions::end(&state.db, &who.0, *id, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every login session of the caller's but the one this request came with.
#[utoipa::path(tag = "auth", responses((status = 204)))]
#[post("/sessions/end-others")]
pub async fn end_other_sessions(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<HttpResponse, AppError> {
    own_sessions::end_others(&state.db, &who.0, state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The second step of a sign-in whose account has a second factor: a code from its
/// authenticator app, or one of its recovery codes, presented with the token (or cookie) the
/// password step gave. Answers with a new session in place of the waiting one.
#[utoipa::path(tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = LoginView)))]
#[post("/second-factor")]
pub async fn second_step(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<CodeRequest>,
) -> Result<HttpResponse, AppError> {
    let (signed_in, cookie) = complete_sign_in(&state, &req, body.into_inner().code).await?;
    let answer = LoginView::of(&state.db, signed_in).await?;
    Ok(HttpResponse::Ok().cookie(cookie).json(answer))
}

/// The caller's second factors: whether an authenticator app is set up, and how many
/// recovery codes are left.
#[utoipa::path(tag = "auth", responses((status = 200, body = SecondFactorsView)))]
#[get("/second-factor")]
pub async fn second_factors(
    state: web::Data<AppState>,
    who: Enrolling,
) -> Result<web::Json<SecondFactorsView>, AppError> {
    Ok(web::Json(second_factor::state(&state.db, &who.0).await?))
}

/// Starts setting up an authenticator app: its secret, as an `otpauth://` address, a QR code
/// and text. Confirm it with a first code; until then signing in does not ask for one.
#[utoipa::path(tag = "auth", responses((status = 201, body = TotpEnrolmentView)))]
#[post("/totp")]
pub async fn start_totp(
    state: web::Data<AppState>,
    who: Enrolling,
) -> Result<HttpResponse, AppError> {
    let started = second_factor::start_totp(&state.db, &who.0, state.clock.now()).await?;
    Ok(HttpResponse::Created().json(started))
}

/// Confirms the authenticator app being set up with a first code from it; answers with ten
/// single-use recovery codes, shown this once.
#[utoipa::path(tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodesView)))]
#[post("/totp/confirm")]
pub async fn confirm_totp(
    state: web::Data<AppState>,
    who: Enrolling,
    body: Json<CodeRequest>,
) -> Result<web::Json<RecoveryCodesView>, AppError> {
    let now = state.clock.now();
    let codes = second_factor::confirm_totp(&state.db, &who.0, body.into_inner(), now).await?;
    Ok(web::Json(codes))
}

/// New recovery codes in place of the old ones, on a code of the authenticator app or one of
/// the old recovery codes; shown this once. Wrong codes count against the sign-in throttle.
#[utoipa::path(tag = "auth", request_body = CodeRequest,
    responses((status = 200, body = RecoveryCodesView)))]
#[post("/recovery-codes")]
pub async fn replace_recovery_codes(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    body: Json<CodeRequest>,
) -> Result<web::Json<RecoveryCodesView>, AppError> {
    let change = own_change(&state, &req, body.into_inner().code);
    let limiter = &state.login_limiter;
    let codes = second_factor::replace_recovery_codes(&state.db, limiter, &who.0, change).await?;
    Ok(web::Json(codes))
}

/// Removes the authenticator app and the recovery codes, on a code of either. The account's
/// other sessions end; where its role must have a second factor, this session reaches nothing
/// but setting a new one up.
#[utoipa::path(tag = "auth", request_body = CodeRequest,
    responses((status = 204, description = "Removed")))]
#[post("/totp/remove")]
pub async fn remove_totp(
    state: web::Data<AppState>,
    req: HttpRequest,
    who: SignedIn,
    body: Json<CodeRequest>,
) -> Result<HttpResponse, AppError> {
    let change = own_change(&state, &req, body.into_inner().code);
    let (limiter, required) = (&state.login_limiter, state.settings.mfa_required);
    second_factor::remove_totp(&state.db, limiter, &who.0, required, change).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a link to choose a new password, e-mailed to the address if an account has it. The
/// answer is the same either way (202, no body), so that nobody learns which addresses have
/// accounts. Throttled per client address.
#[utoipa::path(tag = "auth", request_body = ResetRequest,
    responses((status = 202, description = "Sent, if an account has the address")))]
#[post("/password-reset")]
pub async fn request_password_reset(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<ResetRequest>,
) -> Result<HttpResponse, AppError> {
    throttle(&state, &req, "reset").await?;
    let (request, now) = (body.into_inner(), state.clock.now());
    links::request_reset(&state.db, request, &state.public_url, now).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets the password with the token of an e-mailed link (an invitation or a reset): the link
/// then works no more, and every session of the account ends.
#[utoipa::path(tag = "auth", request_body = SetPasswordRequest,
    responses((status = 204, description = "Set")))]
#[post("/password")]
pub async fn set_password(
    state: web::Data<AppState>,
    body: Json<SetPasswordRequest>,
) -> Result<HttpResponse, AppError> {
    links::set_password(&state.db, body.into_inner(), state.clock.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
