//! Pure rules and validated types: nothing here knows about HTTP, SQL or PDF.

pub mod board;
pub mod ids;
pub mod role;
pub mod text;
pub mod unit;

use std::fmt;

/// A value that failed validation, with the input field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for Invalid {}
