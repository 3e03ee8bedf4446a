//! The `reopened_periods` table: months a secretary opened again after they locked.

use super::schema::reopened_periods as reopened;
use super::{DbConn, Result};
use crate::domain::ids::{BoardId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;

pub fn is_reopened(conn: &mut DbConn, board: BoardId, period: &str) -> Result<bool> {
    let n: i64 = reopened::table
        .filter(reopened::board_id.eq(board.0))
        .filter(reopened::period.eq(period))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn reopen(
    conn: &mut DbConn,
    board: BoardId,
    period: &str,
    reason: &str,
    by: Option<UserId>,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::insert_into(reopened::table)
        .values((
            reopened::board_id.eq(board.0),
            reopened::period.eq(period),
            reopened::reason.eq(reason),
            reopened::reopened_by.eq(by.map(|u| u.0)),
            reopened::reopened_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Locks a reopened month again; returns whether it was open.
pub fn relock(conn: &mut DbConn, board: BoardId, period: &str) -> Result<bool> {
    let n = diesel::delete(
        reopened::table
            .filter(reopened::board_id.eq(board.0))
            .filter(reopened::period.eq(period)),
    )
    .execute(conn)?;
    Ok(n > 0)
}
