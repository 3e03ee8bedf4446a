//! The `indicator_targets` table: an indicator's benchmark per month, quarter or year.

use super::schema::indicator_targets as targets;
use super::{DbConn, Result};
use crate::domain::ids::IndicatorId;
use diesel::prelude::*;

/// Period text (`2026-10`, `2026-Q4`, `2026`) and target value, in period order.
pub fn list(conn: &mut DbConn, indicator: IndicatorId) -> Result<Vec<(String, f64)>> {
    Ok(targets::table
        .filter(targets::indicator_id.eq(indicator.0))
        .order(targets::period)
        .select((targets::period, targets::value))
        .load(conn)?)
}

pub fn replace(conn: &mut DbConn, indicator: IndicatorId, all: &[(String, f64)]) -> Result<()> {
    diesel::delete(targets::table.filter(targets::indicator_id.eq(indicator.0))).execute(conn)?;
    for (period, value) in all {
        diesel::insert_into(targets::table)
            .values((
                targets::indicator_id.eq(indicator.0),
                targets::period.eq(period),
                targets::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}
