//! An incident's operations, one function each, whichever door they come through (the API, the
//! desk pages): who may take it, the work in one transaction, the incident as the caller may
//! then see it. The policy decides which view a caller gets and which rows a list holds.

use super::input::{
    ChangeIncidentRequest, IncidentSummaryRequest, ListIncidentsRequest, RecordIncidentRequest,
};
use super::views::{IncidentPageView, IncidentView, view_of};
use super::{IncidentDraft, summary};
use crate::auth::policy::{self, Case, Permission, Principal, Scope, Sight, authorize};
use crate::db::incidents::{self as store, Filter, Incident, Parts, Rows};
use crate::db::{Db, DbConn, units};
use crate::domain::ids::{IncidentId, UnitId};
use crate::domain::incident::{IncidentStatus, Severity};
use crate::domain::listing::{Browse, PER_PAGE, Search, Slice, Total, Whose, within};
use crate::domain::period::Period;
use crate::domain::refusal::{self, Word};
use crate::domain::unit::UnitTree;
use crate::error::AppError;
use crate::org::boards;
use crate::org::names::Names;
use chrono::{DateTime, Datelike, Months, Utc};
use std::collections::HashMap;

/// The chains of command of the units an incident concerns, as the policy weighs them.
fn chains(tree: &UnitTree, i: &Incident, parts: &Parts) -> Vec<Vec<UnitId>> {
    super::concerned(i, parts)
        .into_iter()
        .map(|u| tree.chain(u))
        .collect()
}

/// An incident `who` may see, with its parts, how the policy lets `who` see it, and the chains
/// of the units it concerns.
struct Seen {
    incident: Incident,
    parts: Parts,
    sight: Sight,
    concerned: Vec<Vec<UnitId>>,
}

/// The incident as `who` may see it; 404 when `who` may not.
fn seen(conn: &mut DbConn, who: &Principal, id: IncidentId) -> Result<Seen, AppError> {
    let incident = super::find(conn, id)?;
    let parts = store::parts(conn, id)?;
    let concerned = if super::concerned(&incident, &parts).is_empty() {
        Vec::new()
    } else {
        chains(&units::tree(conn)?, &incident, &parts)
    };
    match policy::case_sight(who, Case::Incident, incident.board_id, &concerned) {
        Some(sight) => Ok(Seen {
            incident,
            parts,
            sight,
            concerned,
        }),
        None => Err(AppError::NotFound(refusal::not_found(
            id,
            Word::of("record", "incident"),
        ))),
    }
}

/// One incident as `who` may see it; 404 when they may not.
pub fn show_in(
    conn: &mut DbConn,
    who: &Principal,
    id: IncidentId,
) -> Result<IncidentView, AppError> {
    let seen = seen(conn, who, id)?;
    view_of(conn, seen.incident, seen.parts, seen.sight)
}

/// One incident as its page shows it: in the view the policy gives its reader, with its board's
/// time zone and the names of the boards and units it refers to.
pub struct IncidentAtHand {
    pub view: IncidentView,
    pub zone: chrono_tz::Tz,
    pub names: Names,
}

pub async fn at_hand(db: &Db, who: &Principal, id: IncidentId) -> Result<IncidentAtHand, AppError> {
    let who = who.clone();
    db.read(move |conn| {
        let view = show_in(conn, &who, id)?;
        Ok(IncidentAtHand {
            zone: boards::find(conn, view.shared().board_id)?.zone(),
            names: Names::load(conn)?,
            view,
        })
    })
    .await
}

/// Documents an incident: the board's secretaries and members. At or above the early-warning
/// severity, the board's secretaries and the units concerned are told at once.
pub async fn record(
    db: &Db,
    who: &Principal,
    input: RecordIncidentRequest,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<IncidentView, AppError> {
    authorize(Some(who), Permission::RecordIncidents(input.board_id))?;
    let draft = IncidentDraft::try_from(input)?;
    let (who, actor) = (who.clone(), who.actor());
    db.write(move |conn| {
        let incident = super::record(conn, &actor, draft, warn_from, now)?;
        show_in(conn, &who, incident.id)
    })
    .await
}

/// Corrects an incident, records a response or moves it along. The secretariat does all three;
/// a unit concerned may only record a response. A caller who may not see the incident hears
/// that first, then of a time of day that is no time, then whether they may change it.
pub async fn change(
    db: &Db,
    who: &Principal,
    id: IncidentId,
    req: ChangeIncidentRequest,
    warn_from: Severity,
    now: DateTime<Utc>,
) -> Result<IncidentView, AppError> {
    let who = who.clone();
    db.write(move |conn| {
        let seen = seen(conn, &who, id)?;
        let occurred_time = req.occurred_time()?;
        authorize(
            Some(&who),
            Permission::ChangeIncident {
                board: seen.incident.board_id,
                concerned: &seen.concerned,
                response_only: req.responds_only(),
            },
        )?;
        super::change(conn, &who.actor(), id, req, occurred_time, warn_from, now)?;
        show_in(conn, &who, id)
    })
    .await
}

/// The incidents in the caller's scope, in id order: their boards' (admins: all), and those
/// concerning the units they represent or a unit below.
fn listed(
    conn: &mut DbConn,
    who: &Principal,
    tree: &UnitTree,
    q: &ListIncidentsRequest,
    limit: i64,
) -> Result<Vec<Incident>, AppError> {
    let scope = policy::scope(who);
    let units: Vec<UnitId> = match &scope {
        Scope::Everything => Vec::new(),
        Scope::Within { units, .. } => units.iter().flat_map(|u| tree.subtree(*u)).collect(),
    };
    let rows = match &scope {
        Scope::Everything => Rows::All,
        Scope::Within { boards, .. } => Rows::Within {
            boards,
            units: &units,
        },
    };
    let filter = Filter {
        rows,
        board: q.board,
        status: q.status,
        after: q.after,
        ..Filter::default()
    };
    Ok(store::list(conn, &filter, limit)?)
}

/// A page of at most `limit` of the incidents in the caller's scope (the door bounds `q.limit`
/// into `limit`), each in the view the policy gives them.
pub fn list_in(
    conn: &mut DbConn,
    who: &Principal,
    q: ListIncidentsRequest,
    limit: i64,
) -> Result<IncidentPageView, AppError> {
    let tree = units::tree(conn)?;
    let found = listed(conn, who, &tree, &q, limit)?;
    let next_after = (found.len() as i64 == limit)
        .then(|| found.last().map(|i| i.id))
        .flatten();
    let mut items = Vec::with_capacity(found.len());
    for i in found {
        let parts = store::parts(conn, i.id)?;
        let concerned = chains(&tree, &i, &parts);
        if let Some(sight) = policy::case_sight(who, Case::Incident, i.board_id, &concerned) {
            items.push(view_of(conn, i, parts, sight)?);
        }
    }
    Ok(IncidentPageView { items, next_after })
}

/// A page of incidents as people browse them (`overdue` is not among their filters).
pub type BrowseRequest = Browse<IncidentStatus>;

/// One page of the incidents `who` may see that match `req`, newest first, with how many match.
/// Each row holds only what every view shares.
pub async fn browse(
    db: &Db,
    who: &Principal,
    req: BrowseRequest,
) -> Result<Slice<Incident>, AppError> {
    let who = who.clone();
    db.read(move |conn| {
        let tree = units::tree(conn)?;
        let (board, mine) = match req.whose {
            Whose::Board(board) => {
                authorize(Some(&who), Permission::ReadIncidents(board))?;
                crate::org::boards::find(conn, board)?;
                (Some(board), None)
            }
            Whose::MyUnits => {
                let seats = policy::seats(&who).units.into_iter().map(|s| s.on);
                (None, Some(tree.subtrees(seats)))
            }
        };
        let concerning = within(mine, req.unit.map(|u| tree.subtree(u)));
        let filter = Filter {
            board,
            status: req.status,
            occurred: req.month.map(|m| (m.first_day(), m.last_day())),
            concerning: concerning.as_deref(),
            summary_like: req.search.as_ref().map(Search::pattern),
            ..Filter::default()
        };
        let count_to = req.page.count_to();
        let (rows, counted) = store::page(conn, &filter, req.page.offset(), PER_PAGE, count_to)?;
        Ok(Slice {
            items: rows,
            page: req.page,
            total: Total::of(counted, count_to),
        })
    })
    .await
}

/// The longest span one summary covers, in months.
const SUMMARY_MONTHS_MAX: u32 = 120;

/// Incident counts by month, region, harm and alleged perpetrator, as CSV: of one board, or of
/// every board in the caller's scope. Counts below `threshold` are shown as `<N`.
pub async fn summary_csv(
    db: &Db,
    who: &Principal,
    q: IncidentSummaryRequest,
    threshold: u32,
    now: DateTime<Utc>,
) -> Result<Vec<u8>, AppError> {
    let to = match q.to.as_deref() {
        Some(raw) => Period::parse_month("to", raw)?,
        None => Period::Month(now.year(), now.month()),
    };
    let from = match q.from.as_deref() {
        Some(raw) => Period::parse_month("from", raw)?,
        None => {
            let start = to
                .first_day()
                .checked_sub_months(Months::new(11))
                .unwrap_or(to.first_day());
            Period::Month(start.year(), start.month())
        }
    };
    let (first, last) = (from.first_day(), to.last_day());
    if first > last {
        return Err(AppError::validation(
            "from",
            refusal::incident_summary_from_after_to(),
        ));
    }
    if first
        .checked_add_months(Months::new(SUMMARY_MONTHS_MAX))
        .is_some_and(|limit| last >= limit)
    {
        return Err(AppError::validation(
            "from",
            refusal::incident_summary_too_long(SUMMARY_MONTHS_MAX),
        ));
    }
    let boards = match q.board {
        Some(b) => {
            authorize(Some(who), Permission::ReadIncidents(b))?;
            Some(vec![b])
        }
        None => match policy::scope(who) {
            Scope::Everything => None,
            Scope::Within { boards, .. } => Some(boards),
        },
    };
    let rows = db
        .read(move |conn| {
            let boards = match boards {
                Some(boards) => boards,
                None => crate::db::boards::list(conn)?
                    .into_iter()
                    .map(|b| b.id)
                    .collect(),
            };
            let found = store::occurred_between(conn, &boards, first, last)?;
            let ids: Vec<IncidentId> = found.iter().map(|i| i.id).collect();
            let mut parts = store::parts_of(conn, &ids)?;
            let found: Vec<(Incident, Parts)> = found
                .into_iter()
                .map(|i| {
                    let p = parts.remove(&i.id).unwrap_or_default();
                    (i, p)
                })
                .collect();
            let names: HashMap<UnitId, String> = units::list(conn)?
                .into_iter()
                .map(|u| (u.id, u.name))
                .collect();
            Ok::<_, AppError>(summary::rows(&found, &names, threshold))
        })
        .await?;
    summary::csv(&rows)
}
