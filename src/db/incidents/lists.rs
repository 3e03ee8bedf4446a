//! Lists of incidents: a cursor's page for the API, a numbered page for people, both from one
//! filter.

use super::super::schema::{incident_perpetrators as perpetrators, incidents};
use super::super::{DbConn, Result};
use super::Incident;
use crate::domain::ids::{BoardId, IncidentId, UnitId};
use crate::domain::incident::IncidentStatus;
use chrono::NaiveDate;
use diesel::prelude::*;

/// Which incidents a list may hold, as the policy's scope gives them: every one, or those of
/// these boards and those concerning these units (alleged, or expected to respond).
#[derive(Default)]
pub enum Rows<'a> {
    #[default]
    All,
    Within {
        boards: &'a [BoardId],
        units: &'a [UnitId],
    },
}

/// Which incidents a list asks for, among its [`Rows`]; every part narrows it.
#[derive(Default)]
pub struct Filter<'a> {
    pub rows: Rows<'a>,
    pub board: Option<BoardId>,
    pub status: Option<IncidentStatus>,
    /// Occurred between these dates, inclusive.
    pub occurred: Option<(NaiveDate, NaiveDate)>,
    /// Concerning one of these units: alleged, or expected to respond.
    pub concerning: Option<&'a [UnitId]>,
    /// A summary matching this `LIKE` pattern in lower case (escaped with `\`).
    pub summary_like: Option<String>,
    /// Only ids above this one (the API's cursor).
    pub after: Option<IncidentId>,
}

/// The incidents `f` asks for, as a boxed query of the connection's backend.
fn filtered<'a>(
    f: &'a Filter<'a>,
) -> incidents::BoxedQuery<'a, <DbConn as diesel::Connection>::Backend> {
    let concerning = |units: &[UnitId]| {
        let units: Vec<i64> = units.iter().map(|u| u.0).collect();
        let alleged = perpetrators::table
            .filter(perpetrators::unit_id.eq_any(units.clone()))
            .select(perpetrators::incident_id);
        incidents::unit_id
            .eq_any(units)
            .or(incidents::id.eq_any(alleged))
    };
    let mut q = incidents::table.into_boxed();
    if let Some(status) = f.status {
        q = q.filter(incidents::status.eq(status.as_str()));
    }
    if let Some(board) = f.board {
        q = q.filter(incidents::board_id.eq(board.0));
    }
    if let Rows::Within { boards, units } = f.rows {
        let boards: Vec<i64> = boards.iter().map(|b| b.0).collect();
        q = q.filter(incidents::board_id.eq_any(boards).or(concerning(units)));
    }
    if let Some(units) = f.concerning {
        q = q.filter(concerning(units));
    }
    if let Some((from, to)) = f.occurred {
        q = q.filter(incidents::occurred_on.between(from, to));
    }
    if let Some(pattern) = &f.summary_like {
        q = q.filter(
            super::super::lower(incidents::summary)
                .like(pattern.clone())
                .escape('\\'),
        );
    }
    if let Some(after) = f.after {
        q = q.filter(incidents::id.gt(after.0));
    }
    q
}

/// The incidents `f` asks for, in id order, at most `limit`.
pub fn list(conn: &mut DbConn, f: &Filter<'_>, limit: i64) -> Result<Vec<Incident>> {
    Ok(filtered(f)
        .order(incidents::id)
        .limit(limit)
        .select(Incident::as_select())
        .load(conn)?)
}

/// The incidents `f` asks for, newest first, `limit` of them after the first `offset`, and how
/// many match, counted up to one past `count_to`.
pub fn page(
    conn: &mut DbConn,
    f: &Filter<'_>,
    offset: i64,
    limit: i64,
    count_to: i64,
) -> Result<(Vec<Incident>, i64)> {
    let counted: Vec<i64> = filtered(f)
        .order(incidents::id.desc())
        .limit(count_to + 1)
        .select(incidents::id)
        .load(conn)?;
    let rows = filtered(f)
        .order(incidents::id.desc())
        .offset(offset)
        .limit(limit)
        .select(Incident::as_select())
        .load(conn)?;
    Ok((rows, counted.len() as i64))
}
