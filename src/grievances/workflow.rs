//! A grievance's operations, one function each, whichever door they come through (the API, the
//! public pages, the desk): who may take it, the work in one transaction, the grievance as the
//! caller may then see it. The policy decides which view a caller gets and which rows a list
//! holds.

use super::views::{
    FiledGrievanceView, GrievancePageView, GrievanceView, HistoryStep, PublicGrievanceView,
    for_filer, history_of, view_of, views_of,
};
use super::{Deadlines, FileGrievanceRequest, StepGrievanceRequest};
use crate::audit::Actor;
use crate::auth::policy::{self, Case, Permission, Principal, Scope, Sight, authorize};
use crate::db::grievances::{self as store, Grievance, Rows};
use crate::db::{Db, DbConn, units};
use crate::domain::grievance::GrievanceStatus;
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::refusal::{self, Word};
use crate::domain::tracking::TrackingCode;
use crate::domain::unit::UnitTree;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::IntoParams;

/// Files a grievance from the public, without an account; `via` names the form in the audit
/// log. The answer carries its tracking code, shown to the filer once.
pub async fn file_public(
    db: &Db,
    via: &'static str,
    req: FileGrievanceRequest,
    rules: Deadlines,
    now: DateTime<Utc>,
) -> Result<FiledGrievanceView, AppError> {
    let actor = Actor::system(via);
    let filed = db.write(move |conn| super::file(conn, &actor, super::PUBLIC, req, &rules, now));
    let (g, code) = filed.await?;
    Ok(FiledGrievanceView::new(&g, &code))
}

/// The secretariat records a grievance received in person, by phone or by letter.
pub async fn file(
    db: &Db,
    who: &Principal,
    req: FileGrievanceRequest,
    rules: Deadlines,
    now: DateTime<Utc>,
) -> Result<FiledGrievanceView, AppError> {
    authorize(Some(who), Permission::ManageGrievances(req.board_id))?;
    let actor = who.actor();
    let filed =
        db.write(move |conn| super::file(conn, &actor, super::SECRETARIAT, req, &rules, now));
    let (g, code) = filed.await?;
    Ok(FiledGrievanceView::new(&g, &code))
}

/// Where a grievance stands, for whoever holds its tracking code; `None` for a code that is
/// malformed, wrong or never existed alike.
pub async fn track(db: &Db, code: &str) -> Result<Option<PublicGrievanceView>, AppError> {
    let Some(code) = TrackingCode::parse(code) else {
        return Ok(None);
    };
    db.read(move |conn| for_filer(conn, &code)).await
}

/// The chain of command of the unit a grievance was referred to, if any, as the policy weighs it.
pub(super) fn chain(tree: &UnitTree, g: &Grievance) -> Vec<Vec<UnitId>> {
    g.unit_id.map(|u| tree.chain(u)).into_iter().collect()
}

/// The grievance, how the policy lets `who` see it, and its unit's chain; 404 when `who` may
/// not see it.
fn seen(
    conn: &mut DbConn,
    who: &Principal,
    id: GrievanceId,
) -> Result<(Grievance, Sight, Vec<UnitId>), AppError> {
    let g = super::find(conn, id)?;
    let concerned = match g.unit_id {
        Some(_) => chain(&units::tree(conn)?, &g),
        None => Vec::new(),
    };
    match policy::case_sight(who, Case::Grievance, g.board_id, &concerned) {
        Some(sight) => Ok((g, sight, concerned.into_iter().flatten().collect())),
        None => Err(AppError::NotFound(refusal::not_found(
            id,
            Word::of("record", "grievance"),
        ))),
    }
}

/// One grievance as `who` may see it, with the record the view was made from.
pub fn show_in(
    conn: &mut DbConn,
    who: &Principal,
    id: GrievanceId,
    now: DateTime<Utc>,
) -> Result<(Grievance, GrievanceView), AppError> {
    let (g, sight, _) = seen(conn, who, id)?;
    let view = view_of(conn, g.clone(), sight, now)?;
    Ok((g, view))
}

/// A grievance's page on the desk: the grievance as `who` may see it, its history in the same
/// view, the board's zone in which its times are read, and the steps `who` may take.
pub struct GrievanceRecord {
    pub grievance: Grievance,
    pub view: GrievanceView,
    pub history: Vec<HistoryStep>,
    pub zone: chrono_tz::Tz,
    pub steps: Steps,
}

/// The steps on a grievance its reader may take now.
pub struct Steps {
    /// The secretariat's: the statuses it may move on to (none at the end of the way).
    pub next: Option<Vec<GrievanceStatus>>,
    /// The secretariat's: a decided or closed grievance may be sent back on appeal.
    pub appeal: bool,
    /// The unit it was referred to gives its answer.
    pub answer: bool,
}

impl Steps {
    fn of(who: &Principal, g: &Grievance, sight: Sight) -> Self {
        let manages = authorize(Some(who), Permission::ManageGrievances(g.board_id)).is_ok();
        Self {
            next: manages.then(|| g.status.next_steps()),
            appeal: manages && g.status.appealed(g.unit_id.is_some()).is_some(),
            answer: !manages && sight == Sight::Unit && g.status == GrievanceStatus::Referred,
        }
    }
}

pub async fn record(
    db: &Db,
    who: &Principal,
    id: GrievanceId,
    now: DateTime<Utc>,
) -> Result<GrievanceRecord, AppError> {
    let who = who.clone();
    db.read(move |conn| {
        let (g, sight, _) = seen(conn, &who, id)?;
        Ok(GrievanceRecord {
            steps: Steps::of(&who, &g, sight),
            history: history_of(conn, id, sight)?,
            zone: boards::find(conn, g.board_id)?.zone(),
            view: view_of(conn, g.clone(), sight, now)?,
            grievance: g,
        })
    })
    .await
}

/// Takes a grievance's next step: the secretariat any step, the unit it was referred to its
/// answer. Returns the grievance as `who` then sees it.
pub async fn step(
    db: &Db,
    who: &Principal,
    id: GrievanceId,
    step: StepGrievanceRequest,
    now: DateTime<Utc>,
) -> Result<GrievanceView, AppError> {
    let who = who.clone();
    db.write(move |conn| {
        let (g, _, chain) = seen(conn, &who, id)?;
        authorize(
            Some(&who),
            Permission::ChangeGrievance {
                board: g.board_id,
                chain: &chain,
                answer_only: step.answers_only(),
            },
        )?;
        super::step(conn, &who.actor(), id, step, now)?;
        Ok(show_in(conn, &who, id, now)?.1)
    })
    .await
}

/// Which grievances a list shows.
#[derive(Deserialize, IntoParams, Default)]
#[serde(deny_unknown_fields)]
pub struct ListGrievancesRequest {
    #[param(value_type = Option<i64>)]
    pub board: Option<BoardId>,
    /// At most 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    #[param(value_type = Option<i64>)]
    pub after: Option<GrievanceId>,
}

/// A page of at most `limit` of the grievances in the caller's scope (the door bounds
/// `q.limit` into `limit`), in id order, each in the view the policy gives them: their boards'
/// (admins: all; of one board if asked), and those referred to the units they represent or a
/// unit below.
pub fn list_in(
    conn: &mut DbConn,
    who: &Principal,
    q: ListGrievancesRequest,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<GrievancePageView, AppError> {
    let tree = units::tree(conn)?;
    let found = match policy::scope(who) {
        Scope::Everything => store::list_in(conn, Rows::All(q.board), q.after, limit)?,
        Scope::Within { mut boards, units } => {
            boards.retain(|b| q.board.is_none_or(|only| only == *b));
            let units: Vec<UnitId> = units.iter().flat_map(|u| tree.subtree(*u)).collect();
            let rows = Rows::Within {
                boards: &boards,
                units: &units,
            };
            store::list_in(conn, rows, q.after, limit)?
        }
    };
    let seen = found.into_iter().filter_map(|g| {
        let concerned = chain(&tree, &g);
        policy::case_sight(who, Case::Grievance, g.board_id, &concerned).map(|s| (g, s))
    });
    let items = views_of(conn, seen.collect(), now)?;
    let next_after = (items.len() as i64 == limit)
        .then(|| items.last().map(GrievanceView::id))
        .flatten();
    Ok(GrievancePageView { items, next_after })
}

pub async fn list(
    db: &Db,
    who: &Principal,
    q: ListGrievancesRequest,
    limit: i64,
    now: DateTime<Utc>,
) -> Result<GrievancePageView, AppError> {
    let who = who.clone();
    db.read(move |conn| list_in(conn, &who, q, limit, now))
        .await
}
