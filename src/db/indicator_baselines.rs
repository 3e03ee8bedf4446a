//! The `indicator_baselines` table: where an indicator stood when it was agreed.

use super::schema::indicator_baselines as baselines;
use super::{DbConn, Result};
use crate::domain::ids::IndicatorId;
use chrono::NaiveDate;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = baselines)]
pub struct Baseline {
    pub value: f64,
    pub date: NaiveDate,
    pub note: String,
}

pub fn find(conn: &mut DbConn, indicator: IndicatorId) -> Result<Option<Baseline>> {
    Ok(baselines::table
        .find(indicator.0)
        .select(Baseline::as_select())
        .first(conn)
        .optional()?)
}

/// Sets or clears the baseline.
pub fn set(conn: &mut DbConn, indicator: IndicatorId, baseline: Option<&Baseline>) -> Result<()> {
    diesel::delete(baselines::table.find(indicator.0)).execute(conn)?;
    if let Some(b) = baseline {
        diesel::insert_into(baselines::table)
            .values((
                baselines::indicator_id.eq(indicator.0),
                baselines::value.eq(b.value),
                baselines::date.eq(b.date),
                baselines::note.eq(&b.note),
            ))
            .execute(conn)?;
    }
    Ok(())
}
