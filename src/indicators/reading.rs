//! Reading a board's indicators, their targets, figures and status: the board's people see all
//! of them, a representative those their units answer for.

use super::find;
use super::status::{self, IndicatorStatus};
use super::values::{MonthLock, month_lock};
use super::{
    BoardStatusRequest, IndicatorView, ListValuesRequest, StatusView, TargetsView, ValueView,
};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::boards::Board;
use crate::db::indicator_baselines as baselines;
use crate::db::indicator_values as values_store;
use crate::db::indicators::{self as store, Indicator};
use crate::db::{Db, DbConn, indicator_targets, units};
use crate::domain::ids::{BoardId, IndicatorId};
use crate::domain::period::Period;
use crate::domain::refusal::{self, Word};
use crate::domain::unit::UnitTree;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, Utc};

/// Whether `who` may see the indicator, whose responsible unit's chain of command `tree` gives.
fn may_see(who: &Principal, tree: &UnitTree, i: &Indicator) -> bool {
    let chain = i
        .responsible_unit_id
        .map(|unit| tree.chain(unit))
        .unwrap_or_default();
    let board = i.board_id;
    authorize(
        Some(who),
        Permission::ReadIndicator {
            board,
            chain: &chain,
        },
    )
    .is_ok()
}

/// The indicator, or "not found" for someone who may not see it.
pub(super) fn readable(
    conn: &mut DbConn,
    who: &Principal,
    id: IndicatorId,
) -> Result<Indicator, AppError> {
    let found = find(conn, id)?;
    if may_see(who, &units::tree(conn)?, &found) {
        Ok(found)
    } else {
        Err(AppError::not_found(refusal::not_found(
            id,
            Word::of("record", "indicator"),
        )))
    }
}

/// The indicator the caller may see, read on its own.
pub(super) async fn visible(
    db: &Db,
    who: &Principal,
    id: IndicatorId,
) -> Result<Indicator, AppError> {
    let who = who.clone();
    db.read(move |conn| readable(conn, &who, id)).await
}

/// The board's indicators the caller may see, each with its baseline.
pub async fn list(
    db: &Db,
    who: &Principal,
    board: BoardId,
) -> Result<Vec<IndicatorView>, AppError> {
    let who = who.clone();
    db.read(move |conn| {
        boards::find(conn, board)?;
        let tree = units::tree(conn)?;
        let mut out = Vec::new();
        for i in store::list_for_board(conn, board)? {
            if may_see(&who, &tree, &i) {
                let baseline = baselines::find(conn, i.id)?;
                out.push(IndicatorView::new(i, baseline));
            }
        }
        Ok::<_, AppError>(out)
    })
    .await
}

/// One indicator with its baseline.
pub async fn show(db: &Db, who: &Principal, id: IndicatorId) -> Result<IndicatorView, AppError> {
    let found = visible(db, who, id).await?;
    let id = found.id;
    let baseline = db.read(move |conn| baselines::find(conn, id)).await?;
    Ok(IndicatorView::new(found, baseline))
}

/// An indicator's targets.
pub async fn targets(db: &Db, who: &Principal, id: IndicatorId) -> Result<TargetsView, AppError> {
    let found = visible(db, who, id).await?;
    let all = db
        .read(move |conn| indicator_targets::list(conn, found.id))
        .await?;
    Ok(TargetsView::from(all))
}

/// An indicator's figures, of one month (`YYYY-MM`) when the request names one.
pub async fn list_values(
    db: &Db,
    who: &Principal,
    id: IndicatorId,
    req: ListValuesRequest,
) -> Result<Vec<ValueView>, AppError> {
    let found = visible(db, who, id).await?;
    let period = req
        .period
        .map(|p| Period::parse_month("period", &p).map(|p| p.to_string()))
        .transpose()?;
    let all = db
        .read(move |conn| values_store::list(conn, found.id, period.as_deref()))
        .await?;
    Ok(all.into_iter().map(ValueView::from).collect())
}

/// The board's indicators the caller may see, in the caller's read.
pub fn visible_in(
    conn: &mut DbConn,
    who: &Principal,
    board: BoardId,
) -> Result<Vec<Indicator>, AppError> {
    let tree = units::tree(conn)?;
    Ok(store::list_for_board(conn, board)?
        .into_iter()
        .filter(|i| may_see(who, &tree, i))
        .collect())
}

/// The month's status of each of the board's indicators the caller may see, in the caller's
/// read.
fn board_status_in(
    conn: &mut DbConn,
    who: &Principal,
    board: BoardId,
    month: Period,
) -> Result<Vec<IndicatorStatus>, AppError> {
    let tree = units::tree(conn)?;
    Ok(status::for_board(conn, board, month, |i| {
        may_see(who, &tree, i)
    })?)
}

/// The month's status of each of the board's indicators the caller may see.
pub async fn board_status(
    db: &Db,
    who: &Principal,
    board: BoardId,
    req: BoardStatusRequest,
) -> Result<Vec<StatusView>, AppError> {
    let month = Period::parse_month("period", &req.period)?;
    let who = who.clone();
    let all = db
        .read(move |conn| {
            boards::find(conn, board)?;
            board_status_in(conn, &who, board, month)
        })
        .await?;
    Ok(all.into_iter().map(StatusView::from).collect())
}

/// A month of a board's indicators as its page shows them: each one's status, whether the month
/// is locked, and what the reader may do.
pub struct BoardMonth {
    pub board: Board,
    pub period: Period,
    pub statuses: Vec<IndicatorStatus>,
    pub lock: MonthLock,
    /// The reader records figures.
    pub records: bool,
    /// The reader defines indicators and reopens months.
    pub manages: bool,
}

/// The board's indicators in `month` (`YYYY-MM`), or by default in the last month ended in the
/// board's time zone.
pub async fn board_month(
    db: &Db,
    who: &Principal,
    board: BoardId,
    month: Option<String>,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<BoardMonth, AppError> {
    authorize(Some(who), Permission::ReadIndicators(board))?;
    let reader = who.clone();
    let (b, period, statuses, lock) = db
        .read(move |conn| {
            let b = boards::find(conn, board)?;
            let period = match month.as_deref() {
                Some(raw) => Period::parse_month("period", raw)?,
                None => Period::month_before(now.with_timezone(&b.zone()).date_naive()),
            };
            let statuses = board_status_in(conn, &reader, board, period)?;
            let lock = month_lock(conn, board, period, now, lock_days)?;
            Ok::<_, AppError>((b, period, statuses, lock))
        })
        .await?;
    Ok(BoardMonth {
        board: b,
        period,
        statuses,
        lock,
        records: authorize(Some(who), Permission::RecordIndicatorValues(board)).is_ok(),
        manages: authorize(Some(who), Permission::ManageIndicators(board)).is_ok(),
    })
}
