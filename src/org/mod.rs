//! Boards and units, the two trees the rest of the record hangs on: their rules and their audit
//! entries, shared by the API and the demo loader; their names for whatever names them; and what
//! a reader finds on their desk and on a board's dashboard.

pub mod boards;
pub mod dashboard;
pub mod desk;
pub mod names;
pub mod units;
