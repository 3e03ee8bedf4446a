//! Request extractors: the signed-in principal, and JSON, path and query errors as `AppError`.

use super::state::AppState;
use crate::auth::policy::Principal;
use crate::auth::{sessions, tokens};
use crate::db::DbConn;
use crate::domain::refusal;
use crate::error::AppError;
use actix_web::dev::Payload;
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use std::future::Future;
use std::pin::Pin;

pub const SESSION_COOKIE: &str = "bantay_session";

/// Whether cookies set in answer to `req` are marked `Secure`: always when the settings say so,
/// and whenever the request came over https.
pub fn secure_cookies(state: &AppState, req: &HttpRequest) -> bool {
    state.settings.secure_cookies || req.connection_info().scheme() == "https"
}

/// A JSON body read as `web::Json` reads it (the same limit, content type and errors), except
/// that a number with a zero fraction (`80.0`) is the integer it equals, as JSON Schema has it.
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: serde::de::DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Json::<serde_json::Value>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let mut value = body.await?.into_inner();
            whole_numbers(&mut value);
            T::deserialize(value)
                .map(Json)
                .map_err(|e| json_error(JsonPayloadError::Deserialize(e), &req))
        })
    }
}

fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            // Every whole f64 in [-2^63, 2^63) is an i64 exactly.
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
            {
                *value = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// A request from a signed-in account; anything else is answered 401.
pub struct SignedIn(pub Principal);

/// A request that may or may not come from a signed-in account.
pub struct MaybeSignedIn(pub Option<Principal>);

/// The principal a middleware already found behind this request's session, in the request's
/// extensions (`page_cache`): the page does not check the session a second time.
pub struct Authenticated(pub Principal);

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

impl FromRequest for MaybeSignedIn {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        if let Some(found) = req.extensions().get::<Authenticated>() {
            let who = found.0.clone();
            return Box::pin(async move { Ok(Self(Some(who))) });
        }
        let lookup = lookup(req);
        Box::pin(async move {
            match lookup {
                Some((state, Some(token))) => Ok(Self(authenticate(&state, token).await?)),
                _ => Ok(Self(None)),
            }
        })
    }
}

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let lookup = lookup(req);
        Box::pin(async move {
            let (state, token) = required(lookup)?;
            match authenticate(&state, token.clone()).await? {
                Some(p) => Ok(Self(p)),
                None if enrolling(&state, token).await?.is_some() => {
                    Err(AppError::Forbidden(refusal::second_factor_setup_first()))
                }
                None => Err(not_valid()),
            }
        })
    }
}

/// The account of a session that is open or must set up a second factor first: what the
/// second factor's own routes, and signing out, take.
pub struct Enrolling(pub Principal);

impl FromRequest for Enrolling {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let lookup = lookup(req);
        Box::pin(async move {
            let (state, token) = required(lookup)?;
            enrolling(&state, token)
                .await?
                .map(Self)
                .ok_or_else(not_valid)
        })
    }
}

/// The account behind a token whose session is open or must set up a second factor first.
pub async fn enrolling(state: &AppState, token: String) -> Result<Option<Principal>, AppError> {
    sessions::enrolling(&state.db, token, idle_limit(state), state.clock.now()).await
}

/// The credentials a request presents, checked against the database only when the handler
/// reads: the check then shares the handler's trip to the database threads, where [`SignedIn`]
/// takes a trip of its own. A request without credentials, or with a token that cannot be one,
/// is answered 401 here, before anything else about it is looked at.
pub struct Credentials {
    state: web::Data<AppState>,
    token_hash: String,
}

impl FromRequest for Credentials {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(match lookup(req) {
            Some((state, Some(token))) => match sessions::presented_hash(&token) {
                Some(token_hash) => Ok(Self { state, token_hash }),
                None => Err(not_valid()),
            },
            Some((_, None)) => Err(not_signed_in()),
            None => Err(AppError::Internal(anyhow::anyhow!(
                "application state missing"
            ))),
        })
    }
}

impl Credentials {
    /// Runs `f` for the signed-in principal in the same read that checks the credentials;
    /// answers 401 as [`SignedIn`] does.
    pub async fn read<T, F>(self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn, &Principal) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let (idle, now) = (idle_limit(&self.state), self.state.clock.now());
        sessions::read_signed_in(&self.state.db, self.token_hash, idle, now, f)
            .await?
            .ok_or_else(not_valid)
    }
}

/// The application state and the token a request must present.
fn required(
    lookup: Option<(web::Data<AppState>, Option<String>)>,
) -> Result<(web::Data<AppState>, String), AppError> {
    let Some((state, presented)) = lookup else {
        return Err(AppError::Internal(anyhow::anyhow!(
            "application state missing"
        )));
    };
    Ok((state, presented.ok_or_else(not_signed_in)?))
}

fn not_signed_in() -> AppError {
    AppError::Unauthorized(refusal::sign_in_first())
}

fn not_valid() -> AppError {
    AppError::Unauthorized(refusal::session_ended())
}

pub fn idle_limit(state: &AppState) -> chrono::TimeDelta {
    chrono::TimeDelta::minutes(i64::from(state.settings.session_idle_minutes))
}

async fn authenticate(state: &AppState, token: String) -> Result<Option<Principal>, AppError> {
    sessions::authenticate(&state.db, token, idle_limit(state), state.clock.now()).await
}

/// The session token of a request's session cookie, if the cookie is correctly signed.
pub fn session_token(req: &HttpRequest, state: &AppState) -> Option<String> {
    let cookie = req.cookie(SESSION_COOKIE)?;
    tokens::verify_cookie(&state.cookie_key, cookie.value())
}

/// The token a request presents, as a bearer token or in a correctly signed session cookie.
pub fn presented_token(req: &HttpRequest) -> Option<String> {
    lookup(req)?.1.filter(|t| !t.is_empty())
}

/// `Some(token)` when the request presents a bearer token or a correctly signed session cookie;
/// a malformed header or a forged cookie counts as presenting an invalid token.
fn lookup(req: &HttpRequest) -> Option<(web::Data<AppState>, Option<String>)> {
    let state = req.app_data::<web::Data<AppState>>()?.clone();
    let presented = if let Some(value) = req.headers().get(header::AUTHORIZATION) {
        let text = value.to_str().unwrap_or_default();
        Some(
            text.strip_prefix("Bearer ")
                .unwrap_or_default()
                .trim()
                .to_owned(),
        )
    } else {
        req.cookie(SESSION_COOKIE)
            .map(|c| tokens::verify_cookie(&state.cookie_key, c.value()).unwrap_or_default())
    };
    Some((state, presented))
}

pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match &err {
        JsonPayloadError::ContentType => {
            AppError::UnsupportedMediaType(refusal::json_content_type())
        }
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            AppError::PayloadTooLarge(refusal::body_too_large(limit))
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => AppError::Validation {
            field: None,
            reason: refusal::json_mismatch(e),
        },
        JsonPayloadError::Deserialize(e) => AppError::BadRequest(refusal::json_invalid(e)),
        other => AppError::BadRequest(refusal::body_unreadable(other)),
    };
    app.into()
}

pub fn form_error(err: actix_web::error::UrlencodedError, _req: &HttpRequest) -> actix_web::Error {
    use actix_web::error::UrlencodedError;
    match err {
        UrlencodedError::Overflow { limit, .. } => {
            AppError::PayloadTooLarge(refusal::form_too_large(limit))
        }
        UrlencodedError::ContentType => {
            AppError::UnsupportedMediaType(refusal::form_content_type())
        }
        other => AppError::BadRequest(refusal::form_unreadable(other)),
    }
    .into()
}

pub fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest(refusal::path_invalid(err)).into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::BadRequest(refusal::query_invalid(err)).into()
}
