//! The `actions` and `action_updates` tables.

use super::engine::stamp::{Day, NullableStamp, Stamp};
use super::engine::word::Word;
use super::schema::{action_updates as updates, actions};
use super::{DbConn, NullableId, Result, last_insert_id};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = actions)]
pub struct Action {
    #[diesel(deserialize_as = i64)]
    pub id: ActionId,
    #[diesel(deserialize_as = i64)]
    pub board_id: BoardId,
    pub title: String,
    pub description: String,
    #[diesel(deserialize_as = Word<SourceKind>)]
    pub source_kind: SourceKind,
    pub source_id: Option<i64>,
    #[diesel(deserialize_as = i64)]
    pub unit_id: UnitId,
    #[diesel(deserialize_as = Day)]
    pub due_date: NaiveDate,
    #[diesel(deserialize_as = Word<ActionStatus>)]
    pub status: ActionStatus,
    #[diesel(deserialize_as = NullableStamp)]
    pub verified_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = NullableId)]
    pub verified_by: Option<UserId>,
    #[diesel(deserialize_as = Stamp)]
    pub created_at: NaiveDateTime,
    #[diesel(deserialize_as = Stamp)]
    pub updated_at: NaiveDateTime,
}

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = actions, treat_none_as_null = true)]
struct Values<'a> {
    title: &'a str,
    description: &'a str,
    unit_id: i64,
    due_date: NaiveDate,
    status: &'a str,
    verified_at: Option<NaiveDateTime>,
    verified_by: Option<i64>,
    updated_at: NaiveDateTime,
}

impl<'a> From<&'a Action> for Values<'a> {
    fn from(a: &'a Action) -> Self {
        Self {
            title: &a.title,
            description: &a.description,
            unit_id: a.unit_id.0,
            due_date: a.due_date,
            status: a.status.as_str(),
            verified_at: a.verified_at,
            verified_by: a.verified_by.map(|u| u.0),
            updated_at: a.updated_at,
        }
    }
}

pub fn insert(conn: &mut DbConn, a: &Action) -> Result<Action> {
    diesel::insert_into(actions::table)
        .values((
            Values::from(a),
            actions::board_id.eq(a.board_id.0),
            actions::source_kind.eq(a.source_kind.as_str()),
            actions::source_id.eq(a.source_id),
            actions::created_at.eq(a.created_at),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    find(conn, ActionId(id))
}

pub fn update(conn: &mut DbConn, a: &Action) -> Result<Action> {
    diesel::update(actions::table.find(a.id.0))
        .set(Values::from(a))
        .execute(conn)?;
    find(conn, a.id)
}

pub fn find(conn: &mut DbConn, id: ActionId) -> Result<Action> {
    Ok(native!(conn, |c| actions::table
        .find(id.0)
        .select(Action::as_select())
        .first(c))?)
}

/// Which actions a list asks for. Units are matched exactly: callers expand subtrees.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub boards: Option<Vec<BoardId>>,
    pub units: Option<Vec<UnitId>>,
    pub statuses: Option<Vec<ActionStatus>>,
    /// Only pending actions due before this date.
    pub due_before: Option<NaiveDate>,
    /// Only ids above this one (the page cursor).
    pub after_id: Option<ActionId>,
    /// Only titles matching this `LIKE` pattern in lower case (escaped with `\`).
    pub title_like: Option<String>,
}

/// A unit's share of a board's actions that were open at some moment of a month: created before
/// its end and not verified before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCounts {
    pub unit_id: UnitId,
    /// Created during the month.
    pub opened: u32,
    /// Reported done during the month (at least once).
    pub reported_done: u32,
    pub verified: u32,
    /// Not verified at the month's end.
    pub still_open: u32,
    /// Still open and due before the month's last day.
    pub overdue: u32,
}

/// A board's actions open during `from..to` (UTC), counted per unit in the database: the open
/// backlog of a long archive is counted, never read row by row. `last` is the month's last local
/// day, against which due dates count as overdue.
pub fn month_counts(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDateTime,
    to: NaiveDateTime,
    last: NaiveDate,
) -> Result<Vec<MonthCounts>> {
    use diesel::dsl::{case_when, count};
    let still_open = actions::verified_at
        .is_null()
        .or(actions::verified_at.ge(to));
    // Two index ranges (`actions_board_open`) rather than one OR: the actions never verified,
    // and those verified since the month began. Neither reads the board's finished archive.
    macro_rules! counts_where {
        ($part:expr) => {
            actions::table
                .filter(actions::board_id.eq(board.0))
                .filter(actions::created_at.lt(to))
                .filter($part)
                .group_by(actions::unit_id)
                .select((
                    actions::unit_id,
                    count(case_when(actions::created_at.ge(from), actions::id)),
                    count(case_when(
                        actions::verified_at
                            .ge(from)
                            .and(actions::verified_at.lt(to)),
                        actions::id,
                    )),
                    count(case_when(still_open, actions::id)),
                    count(case_when(
                        still_open.and(actions::due_date.lt(last)),
                        actions::id,
                    )),
                ))
                .load::<(i64, i64, i64, i64, i64)>(conn)?
        };
    }
    let never_verified = counts_where!(actions::verified_at.is_null());
    let verified_since = counts_where!(actions::verified_at.ge(from));
    let mut counted: HashMap<i64, [i64; 4]> = HashMap::new();
    for (unit, opened, verified, open, overdue) in never_verified.into_iter().chain(verified_since)
    {
        let sum = counted.entry(unit).or_default();
        for (total, n) in sum.iter_mut().zip([opened, verified, open, overdue]) {
            *total += n;
        }
    }
    // The month's reports, one row per action however often it was reported: as many as the
    // month has, not the archive.
    let mut reported: HashMap<i64, i64> = HashMap::new();
    let reported_rows: Vec<(i64, i64)> = actions::table
        .inner_join(updates::table)
        .filter(actions::board_id.eq(board.0))
        .filter(actions::created_at.lt(to))
        .filter(
            actions::verified_at
                .is_null()
                .or(actions::verified_at.ge(from)),
        )
        .filter(updates::status.eq(ActionStatus::ReportedDone.as_str()))
        .filter(updates::created_at.ge(from))
        .filter(updates::created_at.lt(to))
        .select((actions::unit_id, actions::id))
        .distinct()
        .load(conn)?;
    for (unit, _) in reported_rows {
        *reported.entry(unit).or_default() += 1;
    }
    let small = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
    let mut out: Vec<MonthCounts> = counted
        .into_iter()
        .map(
            |(unit, [opened, verified, still_open, overdue])| MonthCounts {
                unit_id: UnitId(unit),
                opened: small(opened),
                reported_done: small(reported.get(&unit).copied().unwrap_or(0)),
                verified: small(verified),
                still_open: small(still_open),
                overdue: small(overdue),
            },
        )
        .collect();
    out.sort_by_key(|c| c.unit_id.0);
    Ok(out)
}

/// How many of a board's actions of one unit stand at one status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnitStatusCount {
    pub unit_id: UnitId,
    pub status: ActionStatus,
    pub actions: u32,
}

#[derive(Queryable)]
struct Counted {
    unit: i64,
    #[diesel(deserialize_as = String)]
    status: ActionStatus,
    n: i64,
}

/// A board's actions counted by the database per unit and status: those not yet verified,
/// however old, and those verified since `from`. Two ranges of `actions_board_open`; the
/// finished archive is never read.
pub fn by_unit_and_status(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDateTime,
) -> Result<Vec<UnitStatusCount>> {
    use diesel::dsl::count;
    macro_rules! counts_where {
        ($part:expr) => {
            actions::table
                .filter(actions::board_id.eq(board.0))
                .filter($part)
                .group_by((actions::unit_id, actions::status))
                .select((actions::unit_id, actions::status, count(actions::id)))
                .load::<Counted>(conn)?
        };
    }
    let pending = counts_where!(actions::verified_at.is_null());
    let verified = counts_where!(actions::verified_at.ge(from));
    let mut out: Vec<UnitStatusCount> = Vec::new();
    for Counted { unit, status, n } in pending.into_iter().chain(verified) {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        match out
            .iter_mut()
            .find(|c| c.unit_id.0 == unit && c.status == status)
        {
            Some(c) => c.actions = c.actions.saturating_add(n),
            None => out.push(UnitStatusCount {
                unit_id: UnitId(unit),
                status,
                actions: n,
            }),
        }
    }
    out.sort_by_key(|c| (c.unit_id.0, c.status.as_str()));
    Ok(out)
}

/// Filters `query` to rows whose `column` is among `values`. A single value is compared with
/// `=`: a SQLite statement with `IN (…)` is compiled again on every use, and most callers sit on
/// one board.
macro_rules! one_or_any {
    ($query:ident, $column:expr, $values:expr) => {{
        let values: Vec<_> = $values.collect();
        match values.as_slice() {
            [one] => $query.filter($column.eq(*one)),
            _ => $query.filter($column.eq_any(values)),
        }
    }};
}

/// The actions `f` asks for, as a boxed query of the backend at hand (inside [`native!`]).
macro_rules! filtered {
    ($f:expr) => {{
        let f: &Filter = $f;
        let mut q = actions::table.into_boxed();
        if let Some(boards) = &f.boards {
            q = one_or_any!(q, actions::board_id, boards.iter().map(|b| b.0));
        }
        if let Some(units) = &f.units {
            q = one_or_any!(q, actions::unit_id, units.iter().map(|u| u.0));
        }
        if let Some(statuses) = f.wanted_statuses() {
            q = one_or_any!(q, actions::status, statuses.iter().map(|s| s.as_str()));
        }
        if let Some(due) = f.due_before {
            q = q.filter(actions::due_date.lt(due));
        }
        if let Some(after) = f.after_id {
            q = q.filter(actions::id.gt(after.0));
        }
        if let Some(pattern) = &f.title_like {
            q = q.filter(
                super::lower(actions::title)
                    .like(pattern.clone())
                    .escape('\\'),
            );
        }
        q
    }};
}

impl Filter {
    /// The statuses asked for, narrowed to the pending ones when only pending actions are.
    fn wanted_statuses(&self) -> Option<Vec<ActionStatus>> {
        let pending = self.due_before.map(|_| {
            ActionStatus::ALL
                .iter()
                .copied()
                .filter(|s| s.is_pending())
                .collect::<Vec<_>>()
        });
        match (&self.statuses, pending) {
            (Some(asked), Some(pending)) => Some(
                asked
                    .iter()
                    .copied()
                    .filter(|s| pending.contains(s))
                    .collect(),
            ),
            (asked, pending) => asked.clone().or(pending),
        }
    }
}

/// Matching actions in id order, at most `limit`. Several statuses (the overdue ones: open, in
/// progress, blocked) are read one status at a time and merged: with the board and one status
/// equal, `actions_board_due` holds exactly a board's overdue actions at that status, and
/// `actions_board_status` the rest in id order. Asked with `IN`, SQLite walked the board's every
/// action by id instead (the desk's overdue list at scale 1: 12 ms, growing with the archive).
/// Guarded by the integration tests' `query_plans`.
pub fn list(conn: &mut DbConn, f: &Filter, limit: i64) -> Result<Vec<Action>> {
    let statuses = match f.wanted_statuses() {
        Some(several) if several.len() > 1 => several,
        _ => return list_as_asked(conn, f, limit),
    };
    let mut rows = Vec::new();
    for status in statuses {
        let one = Filter {
            statuses: Some(vec![status]),
            ..f.clone()
        };
        rows.extend(list_as_asked(conn, &one, limit)?);
    }
    rows.sort_by_key(|a| a.id);
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(rows)
}

fn list_as_asked(conn: &mut DbConn, f: &Filter, limit: i64) -> Result<Vec<Action>> {
    Ok(native!(conn, |c| {
        filtered!(f)
            .order(actions::id)
            .limit(limit)
            .select(Action::as_select())
            .load(c)
    })?)
}

/// Matching actions newest first, `limit` of them after the first `offset`, and how many match,
/// counted up to one past `count_to`.
pub fn page(
    conn: &mut DbConn,
    f: &Filter,
    offset: i64,
    limit: i64,
    count_to: i64,
) -> Result<(Vec<Action>, i64)> {
    Ok(native!(conn, |c| {
        let counted: Vec<i64> = filtered!(f)
            .order(actions::id.desc())
            .limit(count_to + 1)
            .select(actions::id)
            .load(c)?;
        filtered!(f)
            .order(actions::id.desc())
            .offset(offset)
            .limit(limit)
            .select(Action::as_select())
            .load(c)
            .map(|rows| (rows, counted.len() as i64))
    })?)
}

#[derive(Debug, Clone, PartialEq, Serialize, Queryable, Selectable)]
#[diesel(table_name = updates)]
pub struct ActionUpdate {
    pub id: i64,
    #[diesel(deserialize_as = i64)]
    pub action_id: ActionId,
    pub kind: String,
    pub status: String,
    pub note: String,
    #[diesel(deserialize_as = NullableId)]
    pub author_user_id: Option<UserId>,
    #[diesel(deserialize_as = Stamp)]
    pub created_at: NaiveDateTime,
}

pub fn add_update(
    conn: &mut DbConn,
    action: ActionId,
    kind: &str,
    status: ActionStatus,
    note: &str,
    author: Option<UserId>,
    now: NaiveDateTime,
) -> Result<ActionUpdate> {
    diesel::insert_into(updates::table)
        .values((
            updates::action_id.eq(action.0),
            updates::kind.eq(kind),
            updates::status.eq(status.as_str()),
            updates::note.eq(note),
            updates::author_user_id.eq(author.map(|u| u.0)),
            updates::created_at.eq(now),
        ))
        .execute(conn)?;
    let id = last_insert_id(conn)?;
    Ok(updates::table
        .find(id)
        .select(ActionUpdate::as_select())
        .first(conn)?)
}

pub fn updates_of(conn: &mut DbConn, action: ActionId) -> Result<Vec<ActionUpdate>> {
    Ok(native!(conn, |c| updates::table
        .filter(updates::action_id.eq(action.0))
        .order(updates::id)
        .select(ActionUpdate::as_select())
        .load(c))?)
}
