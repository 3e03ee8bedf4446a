//! The limit on anonymous requests from one client address (filing and following grievances),
//! shared by the API and the public pages.

use crate::domain::refusal;
use crate::error::AppError;
use crate::http::signin::client_address;
use crate::http::state::AppState;
use actix_web::HttpRequest;

/// Admits one request of `kind` from the request's client, or answers 429 with when to retry.
pub async fn throttle(state: &AppState, req: &HttpRequest, kind: &str) -> Result<(), AppError> {
    let client = client_address(req, state.settings.trust_proxy);
    let limiter = &state.public_limiter;
    (limiter
        .admit(&state.db, kind, &client, state.clock.now())
        .await?)
        .map_err(|retry_after_secs| AppError::TooManyRequests {
            reason: refusal::too_many_requests(),
            retry_after_secs,
        })
}
