//! The JSON API under `/api/v1`, one module per resource. A handler's path is relative to the
//! scope it is registered in; `http/routes.rs` lists each route with its method and full path.

pub mod actions;
pub mod audit;
pub mod auth;
pub mod boards;
pub mod grievances;
pub mod incidents;
pub mod indicator_csv;
pub mod indicator_status;
pub mod indicators;
pub mod meeting_record;
pub mod meetings;
pub mod outbox;
pub mod public_reports;
pub mod reports;
mod schemas;
pub mod series;
pub mod units;
pub mod users;

use crate::error::ErrorBody;

/// The errors any endpoint may answer with, for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)] // only read by the OpenAPI derive
pub enum ApiErrors {
    /// The request could not be read (bad JSON, path or query).
    #[response(status = 400)]
    BadRequest(ErrorBody),
    /// Not signed in, or the session or token has ended.
    #[response(status = 401)]
    Unauthorized(ErrorBody),
    /// Signed in, but this account may not do this.
    #[response(status = 403)]
    Forbidden(ErrorBody),
    /// No such record.
    #[response(status = 404)]
    NotFound(ErrorBody),
    /// The change conflicts with existing records.
    #[response(status = 409)]
    Conflict(ErrorBody),
    /// The body is larger than allowed.
    #[response(status = 413)]
    PayloadTooLarge(ErrorBody),
    /// The body is not JSON.
    #[response(status = 415)]
    UnsupportedMediaType(ErrorBody),
    /// A value is not acceptable; `field` names it.
    #[response(status = 422)]
    Validation(ErrorBody),
    /// Too many requests from this client; `Retry-After` says when to try again.
    #[response(status = 429)]
    TooManyRequests(ErrorBody),
}
