//! Indicators of security-sector performance: their definition, baseline and targets, monthly
//! figures with period locks, status, and CSV exchange. Each step is one operation here,
//! whichever door (the API, the pages) it comes through.

pub mod csv;
pub mod definitions;
mod reading;
mod requests;
pub mod status;
pub mod values;
mod views;

pub use reading::{
    BoardMonth, board_month, board_status, list, list_values, show, targets, visible_in,
};
pub use requests::{
    BoardStatusRequest, CreateIndicatorRequest, EditIndicatorRequest, ListValuesRequest,
    ReopenMonthRequest, SetTargetsRequest,
};
pub use views::{
    BaselineView, GroupValueView, IndicatorView, RecordedView, RollupView, StatusView, TargetView,
    TargetsView, ValueView,
};

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::indicators::{self as store, Indicator};
use crate::db::{Db, DbConn};
use crate::domain::ids::{BoardId, IndicatorId};
use crate::domain::period::Period;
use crate::error::{AppError, not_found};
use crate::org::boards;
use chrono::{DateTime, Utc};
use csv::ImportSummary;
use definitions::{IndicatorChanges, IndicatorDraft};
use reading::visible;
use values::RawFigure;

pub fn find(conn: &mut DbConn, id: IndicatorId) -> Result<Indicator, AppError> {
    store::find(conn, id).map_err(not_found("indicator", id))
}

/// Defines an indicator on a board. The request is parsed once the caller may define one.
pub async fn create(
    db: &Db,
    who: &Principal,
    board: BoardId,
    req: CreateIndicatorRequest,
    now: DateTime<Utc>,
) -> Result<IndicatorView, AppError> {
    authorize(Some(who), Permission::ManageIndicators(board))?;
    let draft = IndicatorDraft::try_from(req)?;
    let actor = who.actor();
    let (created, baseline) = db
        .write(move |conn| definitions::create(conn, &actor, board, draft, now))
        .await?;
    Ok(IndicatorView::new(created, baseline))
}

/// Changes an indicator's definition or baseline. The request is parsed once the caller may
/// make the changes.
pub async fn update(
    db: &Db,
    who: &Principal,
    id: IndicatorId,
    req: EditIndicatorRequest,
    now: DateTime<Utc>,
) -> Result<IndicatorView, AppError> {
    let found = visible(db, who, id).await?;
    authorize(Some(who), Permission::ManageIndicators(found.board_id))?;
    let changes = IndicatorChanges::try_from(req)?;
    let actor = who.actor();
    let (updated, baseline) = db
        .write(move |conn| definitions::update(conn, &actor, found.id, changes, now))
        .await?;
    Ok(IndicatorView::new(updated, baseline))
}

/// Replaces an indicator's targets; a change needs a reason.
pub async fn set_targets(
    db: &Db,
    who: &Principal,
    id: IndicatorId,
    req: SetTargetsRequest,
    now: DateTime<Utc>,
) -> Result<TargetsView, AppError> {
    let found = visible(db, who, id).await?;
    authorize(Some(who), Permission::ManageIndicators(found.board_id))?;
    let parsed = req
        .targets
        .iter()
        .map(|t| Ok((Period::parse("targets", &t.period)?, t.value)))
        .collect::<Result<Vec<_>, AppError>>()?;
    let (actor, reason) = (who.actor(), req.reason);
    let all = db
        .write(move |conn| definitions::set_targets(conn, &actor, found.id, parsed, reason, now))
        .await?;
    Ok(TargetsView::from(all))
}

/// Records one figure; the same figure again changes nothing, and a locked month refuses it.
pub async fn record_value(
    db: &Db,
    who: &Principal,
    id: IndicatorId,
    raw: RawFigure,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<RecordedView, AppError> {
    let found = visible(db, who, id).await?;
    authorize(Some(who), Permission::RecordIndicatorValues(found.board_id))?;
    let figure = values::check(&found, raw)?;
    let actor = who.actor();
    let outcome = db
        .write(move |conn| values::record(conn, &actor, &found, &figure, now, lock_days))
        .await?;
    Ok(RecordedView::from(outcome))
}

/// Applies a CSV of figures in one transaction, or lists every refused row and writes nothing.
pub async fn import(
    db: &Db,
    who: &Principal,
    board: BoardId,
    body: Vec<u8>,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<ImportSummary, AppError> {
    authorize(Some(who), Permission::RecordIndicatorValues(board))?;
    let actor = who.actor();
    db.write(move |conn| {
        boards::find(conn, board)?;
        csv::import(conn, &actor, board, &body, now, lock_days)
    })
    .await
}

/// Every figure of the board's indicators as CSV; importing it back changes nothing.
pub async fn export(db: &Db, who: &Principal, board: BoardId) -> Result<String, AppError> {
    authorize(Some(who), Permission::ReadIndicators(board))?;
    db.read(move |conn| {
        boards::find(conn, board)?;
        Ok::<_, AppError>(csv::export(conn, board)?)
    })
    .await
}

/// A file of the board's indicators for `period` (`YYYY-MM`) to fill in and import.
pub async fn template(
    db: &Db,
    who: &Principal,
    board: BoardId,
    period: &str,
) -> Result<String, AppError> {
    authorize(Some(who), Permission::RecordIndicatorValues(board))?;
    let period = Period::parse_month("period", period)?;
    db.read(move |conn| {
        boards::find(conn, board)?;
        Ok::<_, AppError>(csv::template(conn, board, period)?)
    })
    .await
}

/// A month (`YYYY-MM`) of the board, once the caller may manage its indicators.
fn managed_month(who: &Principal, board: BoardId, period: &str) -> Result<Period, AppError> {
    authorize(Some(who), Permission::ManageIndicators(board))?;
    Ok(Period::parse_month("period", period)?)
}

/// Opens a locked month for changes again, with the reason on record.
pub async fn reopen(
    db: &Db,
    who: &Principal,
    board: BoardId,
    period: &str,
    req: ReopenMonthRequest,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let month = managed_month(who, board, period)?;
    let actor = who.actor();
    db.write(move |conn| values::reopen(conn, &actor, board, month, &req.reason, now))
        .await
}

/// Locks a reopened month again.
pub async fn relock(
    db: &Db,
    who: &Principal,
    board: BoardId,
    period: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let month = managed_month(who, board, period)?;
    let actor = who.actor();
    db.write(move |conn| values::relock(conn, &actor, board, month, now))
        .await
}
