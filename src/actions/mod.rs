//! Follow-up actions: created by the board from a decision, an incident, a grievance or an
//! indicator, assigned to a unit with a due date; the unit reports progress, the board verifies;
//! overdue actions are reminded and escalated up the chain of command. Each step is one
//! operation here, whichever door (the API, the pages) it comes through.

mod changes;
mod json_out;
mod json_time;
mod listing;
pub mod overdue;
mod sources;
mod views;

pub use listing::{
    BrowseRequest, ExportActionsRequest, ListActionsRequest, ListRequest, browse, export, list,
    list_in, of_my_units, page_in,
};
pub use sources::{Source, SourceLabel, sources};
pub use views::{ActionDetailView, ActionPageView, ActionView, UpdateView};

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::actions::{self as store, Action};
use crate::db::{Db, DbConn, boards, units};
use crate::domain::action::{ActionStatus, SourceKind, is_overdue};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::refusal::{self, Word};
use crate::domain::text::Label;
use crate::error::{AppError, not_found};
use changes::{ActionChanges, ActionDraft};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

const TITLE_MAX: usize = 300;

pub fn find(conn: &mut DbConn, id: ActionId) -> Result<Action, AppError> {
    store::find(conn, id).map_err(not_found("action", id))
}

/// An action with its board's date today, against which it is overdue or not.
pub struct Dated {
    pub action: Action,
    pub today: NaiveDate,
}

impl Dated {
    /// Still owed by the unit after its due date, in the board's time zone.
    pub fn overdue(&self) -> bool {
        is_overdue(self.action.status, self.action.due_date, self.today)
    }
}

/// A new action as the board's secretary writes it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ActionCreate)]
pub struct CreateActionRequest {
    pub board_id: BoardId,
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub description: String,
    /// decision, indicator or grievance (of the same board), or none.
    pub source_kind: SourceKind,
    pub source_id: Option<i64>,
    pub unit_id: UnitId,
    pub due_date: NaiveDate,
}

/// The board's changes to an action's wording, unit or due date; `None` leaves a part as it is.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ActionPatch)]
pub struct EditActionRequest {
    #[schema(min_length = 1, max_length = 300, format = "single-line")]
    pub title: Option<String>,
    #[schema(max_length = 10000, format = "text")]
    pub description: Option<String>,
    pub unit_id: Option<UnitId>,
    pub due_date: Option<NaiveDate>,
}

/// A unit's progress: in progress, blocked or reported done, with a note.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReportInput)]
pub struct ReportProgressRequest {
    /// in_progress, blocked or reported_done.
    pub status: ActionStatus,
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub note: String,
}

/// The board's verdict on an action reported done: verified, or sent back with a reason.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = VerifyInput)]
pub struct VerifyActionRequest {
    /// `true` verifies the action as done; `false` sends it back to the unit.
    pub accept: bool,
    /// Required when sending back.
    #[serde(default)]
    #[schema(max_length = 10000, format = "text")]
    pub reason: String,
}

/// The steps on an action the reader may take now: none once it is verified.
pub struct Steps {
    pub progress: bool,
    /// Only once its unit reports it done.
    pub verify: bool,
    /// Change its wording, unit or due date.
    pub edit: bool,
}

fn today(conn: &mut DbConn, board: BoardId, now: DateTime<Utc>) -> Result<NaiveDate, AppError> {
    let zone = boards::zone(conn, board)?.ok_or_else(|| {
        AppError::not_found(refusal::not_found(board, Word::of("record", "board")))
    })?;
    Ok(now.with_timezone(&zone).date_naive())
}

/// Whether `who` may read `a`. The policy is asked first without the unit's chain of command:
/// the board's people need none, and reading the unit tree for them would slow the most common
/// read; `chain` is read only when that is not enough.
fn may_read(
    who: &Principal,
    a: &Action,
    chain: impl FnOnce() -> Result<Vec<UnitId>, AppError>,
) -> Result<bool, AppError> {
    let ask = |chain: &[UnitId]| {
        let board = a.board_id;
        authorize(Some(who), Permission::ReadAction { board, chain }).is_ok()
    };
    Ok(ask(&[]) || ask(&chain()?))
}

/// The action, or "not found" for someone who may not see it.
fn readable(conn: &mut DbConn, who: &Principal, id: ActionId) -> Result<Action, AppError> {
    let a = find(conn, id)?;
    if may_read(who, &a, || Ok(units::tree(conn)?.chain(a.unit_id)))? {
        Ok(a)
    } else {
        Err(AppError::not_found(refusal::not_found(
            id,
            Word::of("record", "action"),
        )))
    }
}

fn detail_of(
    conn: &mut DbConn,
    action: Action,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    let updates = store::updates_of(conn, action.id)?;
    let today = today(conn, action.board_id, now)?;
    Ok(ActionDetailView::new(Dated { action, today }, updates))
}

/// One action with its history, in the caller's read: the API's single read checks the
/// credentials in the same transaction.
pub fn detail_in(
    conn: &mut DbConn,
    who: &Principal,
    id: ActionId,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    let a = readable(conn, who, id)?;
    detail_of(conn, a, now)
}

/// One action as its page shows it.
pub struct ActionAtHand {
    pub detail: ActionDetailView,
    pub steps: Steps,
    /// The board's, for the times of its history.
    pub zone: chrono_tz::Tz,
    /// What it follows from, by name.
    pub source: Option<SourceLabel>,
}

/// One action with its history, and the steps the reader may take on it.
pub async fn detail(
    db: &Db,
    who: &Principal,
    id: ActionId,
    now: DateTime<Utc>,
) -> Result<ActionAtHand, AppError> {
    let reader = who.clone();
    let (found, chain, zone, source) = db
        .read(move |conn| {
            let found = detail_in(conn, &reader, id, now)?;
            let a = &found.action;
            let chain = units::tree(conn)?.chain(a.unit_id);
            let zone = boards::zone(conn, a.board_id)?.unwrap_or(chrono_tz::UTC);
            // What it follows from is named to the board's people only: a decision of a closed
            // session is theirs.
            let source = match authorize(Some(&reader), Permission::ReadMeetingRecord(a.board_id)) {
                Ok(()) => sources::label_of(conn, a.source_kind, a.source_id)?,
                Err(_) => None,
            };
            Ok::<_, AppError>((found, chain, zone, source))
        })
        .await?;
    let (board, status) = (found.action.board_id, found.action.status);
    let open = status != ActionStatus::Verified;
    let steps = Steps {
        progress: open && may_progress(who, board, &chain).is_ok(),
        verify: status == ActionStatus::ReportedDone
            && authorize(Some(who), Permission::VerifyActions(board)).is_ok(),
        edit: open && authorize(Some(who), Permission::ManageActions(board)).is_ok(),
    };
    Ok(ActionAtHand {
        detail: found,
        steps,
        zone,
        source,
    })
}

/// Creates an action for a unit, which is told of it.
pub async fn create(
    db: &Db,
    who: &Principal,
    req: CreateActionRequest,
    now: DateTime<Utc>,
) -> Result<ActionView, AppError> {
    authorize(Some(who), Permission::ManageActions(req.board_id))?;
    let draft = ActionDraft {
        board_id: req.board_id,
        title: Label::parse("title", &req.title, TITLE_MAX)?,
        description: req.description,
        source_kind: req.source_kind,
        source_id: req.source_id,
        unit_id: req.unit_id,
        due_date: req.due_date,
    };
    let actor = who.actor();
    db.write(move |conn| {
        let action = changes::create(conn, &actor, draft, now)?;
        let today = today(conn, action.board_id, now)?;
        Ok::<_, AppError>(ActionView::from(Dated { action, today }))
    })
    .await
}

/// The action the caller may see, with the unit's chain of command when `chain` asks for it.
async fn visible(
    db: &Db,
    who: &Principal,
    id: ActionId,
    chain: bool,
) -> Result<(Action, Vec<UnitId>), AppError> {
    let who = who.clone();
    db.read(move |conn| {
        let a = readable(conn, &who, id)?;
        let chain = match chain {
            true => units::tree(conn)?.chain(a.unit_id),
            false => Vec::new(),
        };
        Ok::<_, AppError>((a, chain))
    })
    .await
}

/// The action as it now stands, with its history.
async fn detail_after(
    db: &Db,
    action: Action,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    db.read(move |conn| detail_of(conn, action, now)).await
}

/// The board's secretaries change an action's wording, unit or due date.
pub async fn update(
    db: &Db,
    who: &Principal,
    id: ActionId,
    edit: EditActionRequest,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    let (a, _) = visible(db, who, id, false).await?;
    authorize(Some(who), Permission::ManageActions(a.board_id))?;
    let changes = ActionChanges {
        title: edit
            .title
            .as_deref()
            .map(|t| Label::parse("title", t, TITLE_MAX))
            .transpose()?,
        description: edit.description,
        unit_id: edit.unit_id,
        due_date: edit.due_date,
    };
    let actor = who.actor();
    let updated = db
        .write(move |conn| changes::update(conn, &actor, a.id, changes, now))
        .await?;
    detail_after(db, updated, now).await
}

/// Whether `who` may report progress on an action of `board` whose unit has this chain. A
/// refusal names the secretariat's rule, as it always has.
fn may_progress(who: &Principal, board: BoardId, chain: &[UnitId]) -> Result<(), AppError> {
    authorize(Some(who), Permission::ReportProgress { board, chain })
        .or_else(|_| authorize(Some(who), Permission::ManageActions(board)))?;
    Ok(())
}

/// Progress reported by a representative of the action's unit chain or a board secretary.
pub async fn progress(
    db: &Db,
    who: &Principal,
    id: ActionId,
    req: ReportProgressRequest,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    let (a, chain) = visible(db, who, id, true).await?;
    may_progress(who, a.board_id, &chain)?;
    let actor = who.actor();
    let updated = db
        .write(move |conn| changes::progress(conn, &actor, a.id, req.status, &req.note, now))
        .await?;
    detail_after(db, updated, now).await
}

/// The board's secretaries and members verify an action reported done, or send it back.
pub async fn verify(
    db: &Db,
    who: &Principal,
    id: ActionId,
    verdict: VerifyActionRequest,
    now: DateTime<Utc>,
) -> Result<ActionDetailView, AppError> {
    let (a, _) = visible(db, who, id, false).await?;
    authorize(Some(who), Permission::VerifyActions(a.board_id))?;
    let actor = who.actor();
    let updated = db
        .write(move |conn| {
            changes::verify(conn, &actor, a.id, verdict.accept, &verdict.reason, now)
        })
        .await?;
    detail_after(db, updated, now).await
}
