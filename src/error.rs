//! The one error type handlers return, and how it looks to a client: JSON with a stable code.

use crate::db;
use crate::domain::Invalid;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

#[derive(Debug)]
pub enum AppError {
    /// The request was understood but a value is not acceptable.
    Validation {
        field: Option<String>,
        message: String,
    },
    /// Rows of an uploaded file are not acceptable; every problem is listed and nothing was
    /// written.
    InvalidRows {
        message: String,
        rows: Vec<RowProblem>,
    },
    /// The request could not be read at all (bad JSON, bad path or query).
    BadRequest(String),
    Unauthorized(String),
    Forbidden(String),
    NotFound(String),
    MethodNotAllowed,
    Conflict(String),
    PayloadTooLarge(String),
    UnsupportedMediaType(String),
    TooManyRequests {
        message: String,
        retry_after_secs: i64,
    },
    Unavailable(String),
    Internal(anyhow::Error),
}

impl AppError {
    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        Self::Validation {
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict(message.into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Validation { .. } | Self::InvalidRows { .. } => "validation_failed",
            Self::BadRequest(_) => "bad_request",
            Self::Unauthorized(_) => "unauthorized",
            Self::Forbidden(_) => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict(_) => "conflict",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::TooManyRequests { .. } => "rate_limited",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        }
    }
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation {
                field: Some(field),
                message,
            } => write!(f, "{field}: {message}"),
            Self::Validation {
                field: None,
                message,
            } => f.write_str(message),
            Self::BadRequest(m)
            | Self::Unauthorized(m)
            | Self::Forbidden(m)
            | Self::NotFound(m)
            | Self::Conflict(m)
            | Self::PayloadTooLarge(m)
            | Self::UnsupportedMediaType(m)
            | Self::Unavailable(m)
            | Self::InvalidRows { message: m, .. }
            | Self::TooManyRequests { message: m, .. } => f.write_str(m),
            Self::MethodNotAllowed => f.write_str("this method is not allowed on this path"),
            Self::Internal(_) => f.write_str("internal error; it has been logged"),
        }
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Internal(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable code such as `validation_failed` or `forbidden`.
    pub code: &'static str,
    /// What went wrong, for a person.
    pub message: String,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For an uploaded file: every row at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowProblem>>,
}

/// One problem in one row of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowProblem {
    /// The line number in the file, the header being line 1.
    pub row: usize,
    /// The column's name in the header.
    pub column: String,
    pub message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Validation { .. } | Self::InvalidRows { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        let field = match self {
            Self::Validation { field, .. } => field.clone(),
            _ => None,
        };
        let rows = match self {
            Self::InvalidRows { rows, .. } => Some(rows.clone()),
            _ => None,
        };
        let mut response = HttpResponse::build(self.status_code());
        if let Self::TooManyRequests {
            retry_after_secs, ..
        } = self
        {
            response.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if let Self::Unauthorized(_) = self {
            response.insert_header((
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"bantay\""),
            ));
        }
        response.json(ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.to_string(),
                field,
                rows,
            },
        })
    }
}

/// Turns a failed lookup of `what` number `id` into a 404 that names it; other database errors
/// keep their usual mapping. Use as `.map_err(not_found("board", id))`.
pub fn not_found(what: &'static str, id: impl fmt::Display) -> impl FnOnce(db::Error) -> AppError {
    move |e| match e {
        db::Error::NotFound => AppError::NotFound(format!("no {what} with id {id}")),
        other => other.into(),
    }
}

impl From<db::Error> for AppError {
    fn from(e: db::Error) -> Self {
        match e {
            db::Error::NotFound => Self::NotFound("no such record".into()),
            db::Error::UniqueViolation => Self::Conflict("such a record exists already".into()),
            db::Error::ForeignKeyViolation => Self::Validation {
                field: None,
                message: "the request refers to a record that does not exist".into(),
            },
            db::Error::CheckViolation => Self::Validation {
                field: None,
                message: "the values are not consistent with each other".into(),
            },
            db::Error::Pool(m) => Self::Unavailable(format!("database unavailable: {m}")),
            db::Error::Busy => Self::Unavailable("the database is busy: try again".into()),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        Self::Validation {
            field: Some(e.field.to_owned()),
            message: e.message,
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}
