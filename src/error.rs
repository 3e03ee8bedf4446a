//! The one error type handlers return, and how it looks to a client: JSON with a stable code.

use crate::db;
use crate::domain::Invalid;
use crate::domain::refusal::{self, Reason, Word};
use crate::i18n::{self, Catalogue};
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
        reason: Reason,
    },
    /// Rows of an uploaded file are not acceptable; every problem is listed and nothing was
    /// written.
    InvalidRows {
        reason: Reason,
        rows: Vec<RowRefusal>,
    },
    /// The request could not be read at all (bad JSON, bad path or query).
    BadRequest(Reason),
    Unauthorized(Reason),
    Forbidden(Reason),
    NotFound(Reason),
    MethodNotAllowed,
    Conflict(Reason),
    PayloadTooLarge(Reason),
    UnsupportedMediaType(Reason),
    TooManyRequests {
        reason: Reason,
        retry_after_secs: i64,
    },
    Unavailable(Reason),
    Internal(anyhow::Error),
}

impl AppError {
    pub fn validation(field: &str, reason: impl Into<Reason>) -> Self {
        Self::Validation {
            field: Some(field.to_owned()),
            reason: reason.into(),
        }
    }

    pub fn not_found(reason: impl Into<Reason>) -> Self {
        Self::NotFound(reason.into())
    }

    pub fn conflict(reason: impl Into<Reason>) -> Self {
        Self::Conflict(reason.into())
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

    /// What the refusal says, to be put in the reader's words; none for a failure of ours.
    pub fn reason(&self) -> Option<&Reason> {
        match self {
            Self::Validation { reason, .. }
            | Self::InvalidRows { reason, .. }
            | Self::TooManyRequests { reason, .. }
            | Self::BadRequest(reason)
            | Self::Unauthorized(reason)
            | Self::Forbidden(reason)
            | Self::NotFound(reason)
            | Self::Conflict(reason)
            | Self::PayloadTooLarge(reason)
            | Self::UnsupportedMediaType(reason)
            | Self::Unavailable(reason) => Some(reason),
            Self::MethodNotAllowed | Self::Internal(_) => None,
        }
    }

    /// What the refusal says in the words of catalogue `t`.
    pub fn say(&self, t: &Catalogue) -> String {
        match (self, self.reason()) {
            (_, Some(reason)) => t.say(reason),
            (Self::MethodNotAllowed, None) => t.get("refusal.method_not_allowed").to_owned(),
            _ => t.get("refusal.internal").to_owned(),
        }
    }
}

/// In English, as the API and the log say it.
impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(i18n::catalogue(i18n::DEFAULT)))
    }
}

impl Invalid {
    /// What is wrong, in English, as the command line and the API say it.
    pub fn message(&self) -> String {
        i18n::catalogue(i18n::DEFAULT).say(&self.reason)
    }
}

/// "field: what is wrong".
impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message())
    }
}

impl std::error::Error for Invalid {}

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
    /// Stable, machine-readable kind such as `validation_failed` or `forbidden`.
    pub code: &'static str,
    /// Stable, machine-readable refusal such as `month_locked`: which sentence `message` is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<&'static str>,
    /// What went wrong, for a person, in English.
    pub message: String,
    /// The input field at fault, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For an uploaded file: every row at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<RowProblem>>,
}

/// One refused row of an uploaded file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    /// The line number in the file, the header being line 1.
    pub row: usize,
    /// The column's name in the header.
    pub column: String,
    pub reason: Reason,
}

/// One problem in one row of an uploaded file.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RowProblem {
    /// The line number in the file, the header being line 1.
    pub row: usize,
    /// The column's name in the header.
    pub column: String,
    /// Stable, machine-readable refusal.
    pub reason: &'static str,
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
        let english = i18n::catalogue(i18n::DEFAULT);
        let rows = match self {
            Self::InvalidRows { rows, .. } => Some(
                rows.iter()
                    .map(|r| RowProblem {
                        row: r.row,
                        column: r.column.clone(),
                        reason: r.reason.code(),
                        message: english.say(&r.reason),
                    })
                    .collect(),
            ),
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
                reason: self.reason().map(Reason::code),
                message: self.say(english),
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
        db::Error::NotFound => AppError::NotFound(refusal::not_found(id, Word::of("record", what))),
        other => other.into(),
    }
}

impl From<db::Error> for AppError {
    fn from(e: db::Error) -> Self {
        match e {
            db::Error::NotFound => Self::NotFound(refusal::no_such_record()),
            db::Error::UniqueViolation => Self::Conflict(refusal::record_exists()),
            db::Error::ForeignKeyViolation => Self::Validation {
                field: None,
                reason: refusal::refers_to_missing_record(),
            },
            db::Error::CheckViolation => Self::Validation {
                field: None,
                reason: refusal::values_inconsistent(),
            },
            db::Error::Pool(m) => {
                tracing::warn!(error = %m, "no database connection");
                Self::Unavailable(refusal::database_unavailable())
            }
            db::Error::Busy => Self::Unavailable(refusal::database_busy()),
            other => Self::Internal(other.into()),
        }
    }
}

impl From<Invalid> for AppError {
    fn from(e: Invalid) -> Self {
        Self::Validation {
            field: Some(e.field.to_owned()),
            reason: e.reason,
        }
    }
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}
