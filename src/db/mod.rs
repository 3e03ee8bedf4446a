//! The database: the engine (`engine/`: connections, reader threads, group commit, transactions,
//! migrations and the measured fast paths) and one file per table, each the only code that
//! queries it.

#[macro_use]
mod engine;

pub mod account_links;
pub mod actions;
pub mod agenda;
pub mod attendance;
pub mod audit_log;
pub mod boards;
pub mod decisions;
pub mod grievances;
pub mod incidents;
pub mod indicator_baselines;
pub mod indicator_targets;
pub mod indicator_values;
pub mod indicators;
pub mod meetings;
pub mod minutes;
pub mod outbox;
pub mod reopened_periods;
pub mod reports;
pub mod schema;
pub mod second_factors;
pub mod secrets;
pub mod series;
pub mod sessions;
pub mod throttles;
pub mod units;
pub mod users;

pub(crate) use engine::last_insert_id;
pub use engine::{Backend, DatabaseUrl, Db, DbConn, Error, NullableId, Open, Result, bulk};

diesel::define_sql_function! {
    /// Text in lower case, for searches that ignore case on both databases.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}
