//! Which actions a caller sees, a page at a time or as one CSV file: the policy's scope turned
//! into filters on the table.

use super::{ActionPageView, Dated, may_read, today};
use crate::auth::policy::{Permission, Principal, Scope, authorize, scope, seats};
use crate::db::actions::{self as store, Action, Filter};
use crate::db::{Db, DbConn, boards, units};
use crate::domain::action::ActionStatus;
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::listing::{Browse, PER_PAGE, Search, Slice, Total, Whose, within};
use crate::domain::unit::UnitTree;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// The most rows of the CSV export.
const CSV_MAX: i64 = 100_000;

/// What a list asks for; every part narrows it.
#[derive(Debug, Default, Clone)]
pub struct ListRequest {
    pub board: Option<BoardId>,
    /// A unit and every unit under it.
    pub unit: Option<UnitId>,
    pub status: Option<ActionStatus>,
    /// Only actions still owed after their due date.
    pub overdue: bool,
    /// Only actions after this one (the previous page's last).
    pub after: Option<ActionId>,
}

/// A page of actions as the API asks for it.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct ListActionsRequest {
    board: Option<i64>,
    /// A unit and every unit under it.
    unit: Option<i64>,
    status: Option<ActionStatus>,
    /// `true`: only actions still owed after their due date.
    overdue: Option<bool>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// The `next_after` of the previous page.
    after: Option<i64>,
}

/// The list's filters without its paging: the CSV export is one file.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportActionsRequest {
    board: Option<i64>,
    /// A unit and every unit under it.
    unit: Option<i64>,
    status: Option<ActionStatus>,
    /// `true`: only actions still owed after their due date.
    overdue: Option<bool>,
}

impl From<ListActionsRequest> for ListRequest {
    fn from(q: ListActionsRequest) -> Self {
        Self {
            board: q.board.map(BoardId),
            unit: q.unit.map(UnitId),
            status: q.status,
            overdue: q.overdue == Some(true),
            after: q.after.map(ActionId),
        }
    }
}

impl From<ExportActionsRequest> for ListRequest {
    fn from(e: ExportActionsRequest) -> Self {
        Self::from(ListActionsRequest {
            board: e.board,
            unit: e.unit,
            status: e.status,
            overdue: e.overdue,
            ..ListActionsRequest::default()
        })
    }
}

/// The unit tree in `slot`, read on first use.
fn unit_tree<'t>(
    slot: &'t mut Option<UnitTree>,
    conn: &mut DbConn,
) -> Result<&'t UnitTree, AppError> {
    let tree = match slot.take() {
        Some(tree) => tree,
        None => units::tree(conn)?,
    };
    Ok(slot.insert(tree))
}

/// The filters of the rows `who` may see among those `wanted` asks for: one for every row, or
/// one for the boards they sit on and one for the subtrees of the units they represent.
fn scoped(
    conn: &mut DbConn,
    who: &Principal,
    wanted: &Filter,
    tree: &mut Option<UnitTree>,
) -> Result<Vec<Filter>, AppError> {
    let (boards, units) = match scope(who) {
        Scope::Everything => return Ok(vec![wanted.clone()]),
        Scope::Within { boards, units } => (boards, units),
    };
    let mut filters = Vec::new();
    if !boards.is_empty() {
        let allowed = match &wanted.boards {
            Some(w) => w.iter().copied().filter(|b| boards.contains(b)).collect(),
            None => boards,
        };
        filters.push(Filter {
            boards: Some(allowed),
            ..wanted.clone()
        });
    }
    let mut represented: Vec<UnitId> = Vec::new();
    for u in units {
        represented.extend(unit_tree(tree, conn)?.subtree(u));
    }
    if !represented.is_empty() {
        let allowed = match &wanted.units {
            Some(w) => w
                .iter()
                .copied()
                .filter(|u| represented.contains(u))
                .collect(),
            None => represented,
        };
        filters.push(Filter {
            units: Some(allowed),
            ..wanted.clone()
        });
    }
    Ok(filters)
}

/// The actions `who` may see that match `req`, in id order, at most `limit`, in the caller's
/// read: the API's list checks the credentials in the same transaction.
pub fn list_in(
    conn: &mut DbConn,
    who: &Principal,
    req: &ListRequest,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Dated>, AppError> {
    // The unit tree is read only for a unit filter, a representative, or a row the caller's
    // boards do not cover.
    let mut tree = None;
    let units = match req.unit {
        Some(u) => Some(unit_tree(&mut tree, conn)?.subtree(u)),
        None => None,
    };
    let wanted = Filter {
        boards: req.board.map(|b| vec![b]),
        units,
        statuses: req.status.map(|s| vec![s]),
        // Zones differ by less than a day; the exact check against each board's date follows.
        due_before: req
            .overdue
            .then(|| (now + chrono::TimeDelta::days(1)).date_naive()),
        after_id: req.after,
        title_like: None,
    };
    let mut scopes = scoped(conn, who, &wanted, &mut tree)?;
    // The first `limit` of the scopes together are among the first `limit` of each. Only the
    // overdue filter, exact to each board's date, drops rows after loading: load more for it,
    // and load on from where a scope's rows ended until the page is full, so that a short page
    // really is the last.
    let load = if req.overdue {
        limit.saturating_mul(2)
    } else {
        limit
    };
    let mut todays = Todays::default();
    let mut out = Vec::with_capacity(usize::try_from(limit).unwrap_or(0).min(1024));
    loop {
        let (found, loaded_to) = load_scopes(conn, &scopes, load)?;
        for a in found {
            if loaded_to.is_some_and(|to| a.id > to) {
                break;
            }
            if !may_read(who, &a, || Ok(unit_tree(&mut tree, conn)?.chain(a.unit_id)))? {
                continue;
            }
            let dated = todays.date(conn, a, now)?;
            if req.overdue && !dated.overdue() {
                continue;
            }
            out.push(dated);
            if out.len() as i64 >= limit {
                return Ok(out);
            }
        }
        let Some(to) = loaded_to else {
            return Ok(out);
        };
        for scope in &mut scopes {
            scope.after_id = Some(to);
        }
    }
}

/// Each board's date today, looked up once, not once per row: the CSV export may hold many rows.
#[derive(Default)]
struct Todays(Vec<(BoardId, NaiveDate)>);

impl Todays {
    fn date(
        &mut self,
        conn: &mut DbConn,
        a: Action,
        now: DateTime<Utc>,
    ) -> Result<Dated, AppError> {
        let today = match self.0.iter().find(|(b, _)| *b == a.board_id) {
            Some((_, day)) => *day,
            None => {
                let day = today(conn, a.board_id, now)?;
                self.0.push((a.board_id, day));
                day
            }
        };
        Ok(Dated { action: a, today })
    }
}

/// A page of actions as people browse them (`month` is not among their filters).
pub type BrowseRequest = Browse<ActionStatus>;

/// One page of the actions `who` may see that match `req`, newest first, with how many match.
pub async fn browse(
    db: &Db,
    who: &Principal,
    req: BrowseRequest,
    now: DateTime<Utc>,
) -> Result<Slice<Dated>, AppError> {
    let who = who.clone();
    db.read(move |conn| browse_in(conn, &who, &req, now)).await
}

fn browse_in(
    conn: &mut DbConn,
    who: &Principal,
    req: &BrowseRequest,
    now: DateTime<Utc>,
) -> Result<Slice<Dated>, AppError> {
    let mut tree = None;
    let (boards, mine, due_from) = match req.whose {
        Whose::Board(board) => {
            authorize(Some(who), Permission::ReadActions(board))?;
            (Some(vec![board]), None, today(conn, board, now)?)
        }
        Whose::MyUnits => {
            let seats = seats(who).units.into_iter().map(|s| s.on);
            let mine = unit_tree(&mut tree, conn)?.subtrees(seats);
            (None, Some(mine), earliest_today(conn, now)?)
        }
    };
    let chosen = match req.unit {
        Some(unit) => Some(unit_tree(&mut tree, conn)?.subtree(unit)),
        None => None,
    };
    let filter = Filter {
        boards,
        units: within(mine, chosen),
        statuses: req.status.map(|s| vec![s]),
        due_before: req.overdue.then_some(due_from),
        after_id: None,
        title_like: req.search.as_ref().map(Search::pattern),
    };
    let count_to = req.page.count_to();
    let (rows, counted) = store::page(conn, &filter, req.page.offset(), PER_PAGE, count_to)?;
    let mut todays = Todays::default();
    let items = rows
        .into_iter()
        .map(|a| todays.date(conn, a, now))
        .collect::<Result<_, _>>()?;
    Ok(Slice {
        items,
        page: req.page,
        total: Total::of(counted, count_to),
    })
}

/// The earliest date today among the boards' time zones: an action due before it is overdue on
/// every board; one due that day may be overdue on a board further east and is left out.
fn earliest_today(conn: &mut DbConn, now: DateTime<Utc>) -> Result<NaiveDate, AppError> {
    let zones = boards::list(conn)?.into_iter().map(|b| b.zone());
    let dates = zones.map(|z| now.with_timezone(&z).date_naive());
    Ok(dates.min().unwrap_or_else(|| now.date_naive()))
}

/// A page of at most `limit` of the actions `who` may see that match `req`, in the caller's read
/// (the API's list checks the credentials in the same transaction).
pub fn page_in(
    conn: &mut DbConn,
    who: &Principal,
    req: &ListRequest,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<ActionPageView, AppError> {
    Ok(ActionPageView::new(
        list_in(conn, who, req, limit, now)?,
        limit,
    ))
}

/// Up to `load` rows of each scope, merged in id order, and the id up to which every scope was
/// loaded (beyond it, rows of a scope may be missing); `None` when every scope was read to its end.
fn load_scopes(
    conn: &mut DbConn,
    scopes: &[Filter],
    load: i64,
) -> Result<(Vec<Action>, Option<ActionId>), AppError> {
    let mut found: Vec<Action> = Vec::new();
    let mut loaded_to: Option<ActionId> = None;
    for scope in scopes {
        let rows = store::list(conn, scope, load)?;
        if let Some(last) = rows.last().filter(|_| rows.len() as i64 == load) {
            loaded_to = Some(loaded_to.map_or(last.id, |to| to.min(last.id)));
        }
        if found.is_empty() {
            found = rows;
            continue;
        }
        for a in rows {
            if !found.iter().any(|f| f.id == a.id) {
                found.push(a);
            }
        }
    }
    found.sort_by_key(|a| a.id);
    Ok((found, loaded_to))
}

/// The actions `who` may see that match `req`, in id order, at most `limit`.
pub async fn list(
    db: &Db,
    who: &Principal,
    req: ListRequest,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Dated>, AppError> {
    let who = who.clone();
    db.read(move |conn| list_in(conn, &who, &req, limit, now))
        .await
}

/// The actions of the units `who` represents and those under them, at most `per_unit` of each
/// unit, soonest due first.
pub fn of_my_units(
    conn: &mut DbConn,
    who: &Principal,
    per_unit: i64,
    now: DateTime<Utc>,
) -> Result<Vec<Dated>, AppError> {
    let mut found: Vec<Dated> = Vec::new();
    for seat in seats(who).units {
        let req = ListRequest {
            unit: Some(seat.on),
            ..ListRequest::default()
        };
        for a in list_in(conn, who, &req, per_unit, now)? {
            if !found.iter().any(|f| f.action.id == a.action.id) {
                found.push(a);
            }
        }
    }
    found.sort_by_key(|a| (a.action.due_date, a.action.id));
    Ok(found)
}

/// The same list as CSV (up to 100,000 rows), for spreadsheets.
pub async fn export(
    db: &Db,
    who: &Principal,
    req: ListRequest,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, AppError> {
    let items = list(db, who, req, CSV_MAX, now).await?;
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let fail = |e: ::csv::Error| AppError::Internal(e.into());
    out.write_record([
        "id",
        "board_id",
        "title",
        "unit_id",
        "due_date",
        "status",
        "overdue",
        "source_kind",
        "source_id",
        "verified_at",
    ])
    .map_err(fail)?;
    for dated in items {
        let overdue = dated.overdue();
        let a = dated.action;
        out.write_record([
            a.id.to_string(),
            a.board_id.to_string(),
            a.title,
            a.unit_id.to_string(),
            a.due_date.to_string(),
            a.status.as_str().to_owned(),
            overdue.to_string(),
            a.source_kind.as_str().to_owned(),
            a.source_id.map(|s| s.to_string()).unwrap_or_default(),
            a.verified_at
                .map(|t| t.and_utc().to_rfc3339())
                .unwrap_or_default(),
        ])
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("CSV: {e}")))
}
