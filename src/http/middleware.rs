//! Middleware for every response: security headers, metrics, and JSON bodies for bare errors.

use super::methods::Methods;
use super::state::AppState;
use crate::error::AppError;
use actix_web::body::{BodySize, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use std::time::Instant;

const CSP: &str = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

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
    let method = req.method().to_string();
    let res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".into());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    tracing::info!(%method, %route, status, micros = elapsed.as_micros() as u64, "request");
    if let Some(state) = state {
        state.metrics.observe(&method, &route, status, elapsed);
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
    let bare = matches!(
        res.response().body().size(),
        BodySize::None | BodySize::Sized(0)
    );
    if !(status.is_client_error() || status.is_server_error()) || !bare {
        return Ok(res);
    }
    let methods = res.request().app_data::<web::Data<Methods>>();
    let refused =
        methods.and_then(|m| m.refusing(res.request().method().as_str(), res.request().path()));
    if let (StatusCode::NOT_FOUND, Some(allow)) = (status, refused) {
        let mut response = AppError::MethodNotAllowed.error_response();
        if let Ok(value) = HeaderValue::from_str(&allow) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return Ok(res.into_response(response));
    }
    let error = match status {
        StatusCode::NOT_FOUND => AppError::not_found(format!(
            "nothing at {} {}",
            res.request().method(),
            res.request().path()
        )),
        StatusCode::METHOD_NOT_ALLOWED => AppError::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => {
            AppError::PayloadTooLarge("the request is too large".into())
        }
        s if s.is_client_error() => {
            AppError::BadRequest(s.canonical_reason().unwrap_or("bad request").to_lowercase())
        }
        _ => AppError::Internal(anyhow::anyhow!("{status} without a body")),
    };
    let mut response = error.error_response();
    *response.status_mut() = status;
    Ok(res.into_response(response))
}
