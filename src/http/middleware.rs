//! Middleware for every request and response: security headers, metrics, JSON bodies for bare
//! errors, the API's cross-site rule for the session cookie, and text that must be UTF-8.

use super::extract::SESSION_COOKIE;
use super::methods::Methods;
use super::state::AppState;
use crate::domain::refusal;
use crate::error::AppError;
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use std::time::Instant;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// HEAD is answered as GET is: the HTTP codec leaves the body out for a HEAD request, and the
/// headers (length, `ETag`) are those of the GET. A download resumed later asks HEAD first.
pub async fn head_as_get(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    next.call(req).await
}

pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let mut res = next.call(req).await?.map_into_boxed_body();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    // Nothing is cacheable unless its handler says so: sessions and tokens must never be.
    if !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}

/// Counts and logs each request by its route pattern, never its concrete path: paths may carry
/// identifiers (tracking codes, names) that have no place in logs or metrics.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().clone();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    tracing::info!(%method, %route, status, micros = elapsed.as_micros() as u64, "request");
    if let Some(state) = state {
        state
            .metrics
            .observe(method.as_str(), &route, status, elapsed);
    }
    Ok(res)
}

/// Errors produced by the framework itself (no route, wrong method) come without a body; give
/// them the same JSON shape as every other error.
pub async fn json_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    // No route, or a route whose path parameters do not fit: another method may be meant.
    let refused = matches!(status, StatusCode::NOT_FOUND | StatusCode::BAD_REQUEST)
        .then(|| res.request().app_data::<web::Data<Methods>>())
        .flatten()
        .and_then(|m| m.refusing(res.request().method().as_str(), res.request().path()));
    if let Some(allow) = refused {
        let mut response = AppError::MethodNotAllowed.error_response();
        if let Ok(value) = HeaderValue::from_str(&allow) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return Ok(res.into_response(response));
    }
    let bare = matches!(
        res.response().body().size(),
        BodySize::None | BodySize::Sized(0)
    );
    if !(status.is_client_error() || status.is_server_error()) || !bare {
        return Ok(res);
    }
    let error = match status {
        StatusCode::NOT_FOUND => AppError::not_found(refusal::nothing_here(
            res.request().method(),
            res.request().path(),
        )),
        StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => AppError::PayloadTooLarge(refusal::request_too_large()),
        s if s.is_client_error() => AppError::BadRequest(refusal::request_refused(s)),
        _ => AppError::Internal(anyhow::anyhow!("{status} without a body")),
    };
    let mut response = error.error_response();
    *response.status_mut() = status;
    Ok(res.into_response(response))
}

/// A browser sends the session cookie with every request to this site, also with one that another
/// site's page makes it send. So an API request that changes something and is signed in by the
/// cookie (not by a bearer token, which no other site can add) must say it comes from this site,
/// and must not carry a body that a plain HTML form can send. The pages have their own
/// anti-forgery tokens.
pub async fn same_site_api_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let cookie_write = req.path().starts_with("/api/")
        && !req.method().is_safe()
        && !req.headers().contains_key(header::AUTHORIZATION)
        && req.cookie(SESSION_COOKIE).is_some();
    if cookie_write && let Err(refusal) = cross_site_check(&req) {
        return Ok(refuse(req, refusal));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Content types another site's HTML form can send without asking this one first.
const FORM_TYPES: [&str; 3] = [
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "text/plain",
];

fn cross_site_check(req: &ServiceRequest) -> Result<(), AppError> {
    let text = |name: header::HeaderName| {
        req.headers()
            .get(name)
            .map(|v| v.to_str().unwrap_or_default().trim().to_ascii_lowercase())
    };
    let from_elsewhere = AppError::Forbidden(refusal::session_cross_site());
    if let Some(site) = text(header::HeaderName::from_static("sec-fetch-site"))
        && site != "same-origin"
        && site != "none"
    {
        return Err(from_elsewhere);
    }
    if let Some(origin) = text(header::ORIGIN) {
        let host = req.connection_info().host().to_ascii_lowercase();
        let origin_host = origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"));
        if origin_host != Some(host.as_str()) {
            return Err(from_elsewhere);
        }
    }
    let essence = text(header::CONTENT_TYPE)
        .map(|t| t.split(';').next().unwrap_or_default().trim().to_owned())
        .unwrap_or_default();
    if FORM_TYPES.contains(&essence.as_str()) {
        return Err(AppError::UnsupportedMediaType(
            refusal::session_api_takes_json(),
        ));
    }
    Ok(())
}

/// Refuses a query string or urlencoded form that is not UTF-8 once percent-decoded: read
/// leniently, as the framework would, it reaches handlers with U+FFFD in place of what was sent.
pub async fn utf8_text(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if !decodes_to_utf8(req.query_string().as_bytes()) {
        return Ok(refuse(req, AppError::BadRequest(refusal::query_not_utf8())));
    }
    let form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    if form {
        let body = match req.extract::<web::Bytes>().await {
            Ok(body) => body,
            Err(e) => {
                let refusal =
                    if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::PayloadTooLarge(refusal::request_too_large())
                    } else {
                        AppError::BadRequest(refusal::form_unreadable(e))
                    };
                return Ok(refuse(req, refusal));
            }
        };
        if !decodes_to_utf8(&body) {
            return Ok(refuse(req, AppError::BadRequest(refusal::form_not_utf8())));
        }
        req.set_payload(body.into());
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

fn decodes_to_utf8(raw: &[u8]) -> bool {
    percent_encoding::percent_decode(raw).decode_utf8().is_ok()
}

fn refuse(req: ServiceRequest, refusal: AppError) -> ServiceResponse<BoxBody> {
    let response = refusal.error_response();
    req.into_response(response)
}
