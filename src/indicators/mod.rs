//! Indicators of security-sector performance: their definition, baseline and targets, monthly
//! figures with period locks, status, and CSV exchange.

pub mod csv;
pub mod definitions;
pub mod status;
pub mod values;

use crate::db::DbConn;
use crate::db::indicators::{self as store, Indicator};
use crate::domain::ids::IndicatorId;
use crate::error::{AppError, not_found};

pub fn find(conn: &mut DbConn, id: IndicatorId) -> Result<Indicator, AppError> {
    store::find(conn, id).map_err(not_found("indicator", id))
}
