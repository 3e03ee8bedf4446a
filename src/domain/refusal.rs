//! What a refusal says, as data: a stable code, the values its sentence needs and, where the
//! reader may put things right, what to do. The sentences themselves are in every catalogue under
//! `refusal.<code>`, so that the API answers in English and a page in its reader's language.
//!
//! Each refusal is made by a function of this module named after its code, one per
//! `refusal.<code>` key of `locales/en.json`, written by `build.rs`: its parameters are the
//! sentence's `{placeholders}` in alphabetical order, so a code without a sentence, or a sentence
//! without one of its values, does not compile.

use super::ids::{BoardId, DecisionId, IncidentId, MeetingId, ReportId};
use super::period::Period;
use std::fmt;

include!(concat!(env!("OUT_DIR"), "/refusals.rs"));

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    code: &'static str,
    values: Vec<(&'static str, Value)>,
    remedy: Option<Remedy>,
}

/// A value in a refusal's sentence: shown as it is, or a word of the catalogue shown in the
/// reader's language (a status, a kind of record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Word(String),
}

/// A catalogue key standing for a word in a refusal: `Word::of("report_status", "published")`.
pub struct Word(String);

impl Word {
    pub fn of(vocabulary: &str, value: &str) -> Self {
        Self(format!("{vocabulary}.{value}"))
    }
}

/// What can stand for a value in a refusal's sentence.
pub trait Fill {
    fn value(self) -> Value;
}

impl<T: fmt::Display> Fill for T {
    fn value(self) -> Value {
        Value::Text(self.to_string())
    }
}

impl Fill for Word {
    fn value(self) -> Value {
        Value::Word(self.0)
    }
}

/// Where a reader who may put a refusal right can go to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Remedy {
    /// Reopen a locked month of a board's indicator figures.
    ReopenMonth { board: BoardId, period: Period },
    /// Create the installation's report-signing keys, or bring in its own.
    SetUpSigningKeys,
    /// Move elsewhere the boards under a board, seen in the board tree.
    MoveBoardsUnder { board: BoardId },
    /// Draft a correction of a board's published report.
    CorrectReport {
        board: BoardId,
        report: ReportId,
        period: Period,
    },
    /// Finish the correction already drafted of a published report.
    FinishCorrection {
        board: BoardId,
        correction: ReportId,
    },
    /// Reschedule a postponed or cancelled session of a board, or put it back on the calendar.
    RescheduleSession { board: BoardId, session: MeetingId },
    /// Link to another agenda item a decision that cites the one to remove.
    RelinkDecision {
        board: BoardId,
        meeting: MeetingId,
        decision: DecisionId,
    },
    /// Approve a draft report, so that another officer may publish it. `parent` is the board
    /// above, whose secretaries may approve too.
    ApproveReport {
        board: BoardId,
        parent: Option<BoardId>,
        report: ReportId,
        period: Period,
    },
    /// Take an incident to the next step of its lifecycle.
    StepIncident {
        board: BoardId,
        incident: IncidentId,
    },
    /// See the chain of command, and add the unit that is missing.
    AddUnit,
}

impl Reason {
    fn coded(code: &'static str, values: Vec<(&'static str, Value)>) -> Self {
        Self {
            code,
            values,
            remedy: None,
        }
    }

    /// This refusal, with the way to put it right for a reader who may.
    pub fn remedied(self, remedy: Remedy) -> Self {
        Self {
            remedy: Some(remedy),
            ..self
        }
    }

    /// The stable code: the sentence's key is `refusal.<code>`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    pub fn values(&self) -> &[(&'static str, Value)] {
        &self.values
    }

    pub fn remedy(&self) -> Option<Remedy> {
        self.remedy
    }
}
