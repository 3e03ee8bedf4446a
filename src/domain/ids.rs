//! Typed identifiers, so that a board id can never be passed where a unit id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(id: i64) -> Self {
                Self(id)
            }
        }
    )*};
}

id_type!(
    BoardId,
    UnitId,
    UserId,
    SessionId,
    SeriesId,
    MeetingId,
    AgendaItemId,
    AttendeeId,
    DecisionId,
    IndicatorId,
    ActionId,
    GrievanceId,
    ReportId,
    IncidentId,
);
