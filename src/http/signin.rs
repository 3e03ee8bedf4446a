//! Signing in and out over HTTP, for the API and the sign-in page alike: the caller's address
//! and held session read from the request, the operation (`auth::signin`), and the session
//! cookie that answers it.

use crate::auth::devices::Origin;
use crate::auth::second_factor::{self, CodeAttempt, OwnChange};
use crate::auth::sessions::SignedIn;
use crate::auth::signin::{self, Attempt};
use crate::auth::tokens;
use crate::error::AppError;
use crate::http::extract::{SESSION_COOKIE, presented_token, secure_cookies};
use crate::http::state::AppState;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time};
use actix_web::http::header;
use chrono::TimeDelta;

/// Signs in under the throttle; returns the session and the cookie that carries it.
pub async fn sign_in(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
    password: String,
) -> Result<(SignedIn, Cookie<'static>), AppError> {
    let client = client_address(req, state.settings.trust_proxy);
    let lifetime = lifetime(state);
    let replaces = req
        .cookie(SESSION_COOKIE)
        .and_then(|c| tokens::verify_cookie(&state.cookie_key, c.value()));
    let attempt = Attempt {
        client: &client,
        email,
        password,
        replaces,
        required: state.settings.mfa_required,
        user_agent: user_agent(req),
    };
    let now = state.clock.now();
    let signed_in =
        signin::sign_in(&state.db, &state.login_limiter, attempt, lifetime, now).await?;
    let cookie = session_cookie(state, req, &signed_in);
    Ok((signed_in, cookie))
}

/// The second step of a sign-in that awaits its code, under the same throttle; the session
/// that replaces the waiting one, and its cookie.
pub async fn complete_sign_in(
    state: &AppState,
    req: &HttpRequest,
    code: String,
) -> Result<(SignedIn, Cookie<'static>), AppError> {
    let client = client_address(req, state.settings.trust_proxy);
    let attempt = CodeAttempt {
        client: &client,
        awaiting: presented_token(req),
        code,
        origin: Origin::of(user_agent(req), &client),
    };
    let (limiter, now) = (&state.login_limiter, state.clock.now());
    let signed_in =
        second_factor::complete_sign_in(&state.db, limiter, attempt, lifetime(state), now).await?;
    let cookie = session_cookie(state, req, &signed_in);
    Ok((signed_in, cookie))
}

/// A change to one's own second factor as this request presents it: with its code, counted
/// against the request's address like a code at sign-in.
pub fn own_change(state: &AppState, req: &HttpRequest, code: String) -> OwnChange {
    OwnChange {
        client: client_address(req, state.settings.trust_proxy),
        code,
        now: state.clock.now(),
    }
}

fn user_agent(req: &HttpRequest) -> &str {
    (req.headers().get(header::USER_AGENT))
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

fn lifetime(state: &AppState) -> TimeDelta {
    TimeDelta::hours(i64::from(state.settings.session_hours.max(1)))
}

fn session_cookie(state: &AppState, req: &HttpRequest, signed_in: &SignedIn) -> Cookie<'static> {
    Cookie::build(
        SESSION_COOKIE,
        tokens::sign_for_cookie(&state.cookie_key, &signed_in.token),
    )
    .path("/")
    .http_only(true)
    .same_site(SameSite::Lax)
    .secure(secure_cookies(state, req))
    .max_age(time::Duration::seconds(lifetime(state).num_seconds()))
    .finish()
}

/// The cookie that removes the session cookie from the browser.
pub fn signed_out() -> Cookie<'static> {
    let mut gone = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    gone.make_removal();
    gone
}

/// The address sign-in throttling counts against. Behind a trusted proxy that is the last
/// address in `X-Forwarded-For`, the one the proxy itself appended: earlier ones are whatever
/// the client chose to send.
pub(crate) fn client_address(req: &HttpRequest, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| req.headers().get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .and_then(|list| list.rsplit(',').next())
        .map(|last| last.trim().to_owned())
        .filter(|last| !last.is_empty());
    forwarded
        .or_else(|| req.peer_addr().map(|a| a.ip().to_string()))
        .unwrap_or_default()
}
