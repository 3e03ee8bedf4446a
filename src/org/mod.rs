//! Boards and units, the two trees the rest of the record hangs on: their rules and their audit
//! entries, shared by the API and the demo loader.

pub mod boards;
pub mod dashboard;
pub mod units;
