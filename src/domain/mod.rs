//! Pure rules and validated types: nothing here knows about HTTP, SQL or PDF.

pub mod action;
pub mod board;
pub mod deadline;
pub mod disclosure;
pub mod grievance;
pub mod ics;
pub mod ids;
pub mod incident;
pub mod indicator;
pub mod listing;
pub mod local_time;
pub mod meeting;
pub mod period;
pub mod recurrence;
pub mod refusal;
pub mod report;
pub mod request;
pub mod role;
pub mod text;
pub mod tracking;
pub mod unit;

use refusal::Reason;

/// A value that failed validation, with the input field it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub reason: Reason,
}

impl Invalid {
    pub fn new(field: &'static str, reason: impl Into<Reason>) -> Self {
        Self {
            field,
            reason: reason.into(),
        }
    }
}

/// Allows a step of a status lifecycle, or refuses it with `refused`: the way the lifecycle goes.
pub fn allow_step(allowed: bool, refused: impl FnOnce() -> Reason) -> Result<(), Invalid> {
    if allowed {
        Ok(())
    } else {
        Err(Invalid::new("status", refused()))
    }
}

/// A closed vocabulary stored and sent as snake_case text: the enum, its text form, and parsing
/// that names the accepted words when it refuses one. Each word must be its variant's name in
/// snake_case (serde derives it that way; a test holds them together). The OpenAPI document
/// describes each one from `ALL` and `DOC` (`http::api::schemas`).
macro_rules! vocabulary {
    ($(#[doc = $doc:literal])* $name:ident, $field:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $(#[doc = $doc])*
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($variant),+
        }

        impl $name {
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The type's documentation, for the API's description of it.
            pub const DOC: &'static str = concat!($($doc, "\n",)* "");

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::Invalid;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    other => Err($crate::domain::Invalid::new(
                        $field,
                        $crate::domain::refusal::not_one_of([$($text),+].join(", "), other),
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::domain::Invalid;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }
    };
}
pub(crate) use vocabulary;
