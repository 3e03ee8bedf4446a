//! The reader's desk: what waits for them on each board they sit on and each unit they represent
//! — the coming sessions, reports on their way, overdue actions, actions to verify, grievances
//! near or past their deadline — each part asked of the policy, each list bounded.

use super::names::Names;
use crate::actions::{self, Dated, ListRequest};
use crate::auth::policy::{Permission, Principal, ReportBoard, Seats, authorize, seats};
use crate::db::grievances::{self as grievance_store, Grievance, Holder};
use crate::db::meetings::{self, Meeting};
use crate::db::reports::{self, Report};
use crate::db::{Db, DbConn, boards, units};
use crate::domain::action::ActionStatus;
use crate::domain::grievance::GrievanceStatus;
use crate::domain::ids::UnitId;
use crate::error::AppError;
use crate::grievances;
use crate::reports::workflow;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Sessions shown, and how far ahead.
const NEXT_SESSIONS: usize = 8;
const SESSION_DAYS: i64 = 62;
/// Grievances whose next deadline falls within this many days are shown.
const NEAR_DAYS: i64 = 2;
/// Rows of each of the desk's lists; each links to the whole list.
const LISTED: i64 = 20;
const LISTED_ROWS: usize = LISTED as usize;

/// What waits on the reader's desk, in the reader's terms but before translation.
pub struct Desk {
    /// The boards and units the reader holds seats on, to name them.
    pub seats: Seats,
    pub names: Names,
    /// The coming sessions of the reader's boards, soonest first, with their board's name.
    pub sessions: Vec<(Meeting, String)>,
    /// Reports on their way to the public, and whether the next step is the reader's.
    pub drafts: Vec<(Report, bool)>,
    pub overdue: Vec<Dated>,
    /// Reported done by their unit, for the reader to verify or send back.
    pub to_verify: Vec<Dated>,
    /// Soonest due first.
    pub grievances: Vec<Waiting>,
    /// The policy lets the reader keep the accounts.
    pub administers: bool,
}

/// A grievance waiting for an answer: when its next answer is due, and whether a deadline has
/// passed.
pub struct Waiting {
    pub grievance: Grievance,
    pub due: NaiveDate,
    pub late: bool,
}

/// The desk of `who` at `now`.
pub async fn desk(db: &Db, who: &Principal, now: DateTime<Utc>) -> Result<Desk, AppError> {
    let who = who.clone();
    db.read(move |conn| gather(conn, &who, now)).await
}

fn gather(conn: &mut DbConn, who: &Principal, now: DateTime<Utc>) -> Result<Desk, AppError> {
    let seats = seats(who);
    let names = Names::load(conn)?;
    let mut sessions = Vec::new();
    let mut grievances = Vec::new();
    for board in seats.boards.iter().map(|s| s.on) {
        let b = boards::find(conn, board)?;
        let zone = b.zone();
        let local = now.with_timezone(&zone).naive_local();
        let until = local + TimeDelta::days(SESSION_DAYS);
        let upcoming = meetings::list_for_board(conn, board, Some(local), Some(until), false)?;
        sessions.extend(upcoming.into_iter().map(|m| (m, b.name.clone())));
        if authorize(Some(who), Permission::ManageGrievances(board)).is_ok() {
            let by = local.date() + TimeDelta::days(NEAR_DAYS);
            for status in GrievanceStatus::ALL.iter().filter(|s| s.awaits_response()) {
                let holder = Holder::Board(board);
                for g in grievance_store::waiting(conn, holder, *status, Some(by), LISTED)? {
                    let due = match g.status {
                        GrievanceStatus::Received => g.ack_due,
                        _ => g.response_due,
                    };
                    let (ack_late, response_late) = grievances::lateness(&g, zone, now);
                    let late = ack_late || response_late;
                    grievances.push(Waiting {
                        grievance: g,
                        due,
                        late,
                    });
                }
            }
        }
    }
    let all_boards = boards::list(conn)?;
    let drafts = on_their_way(conn, who, &all_boards)?;
    // Grievances referred to a unit the account represents, awaiting its answer.
    let tree = units::tree(conn)?;
    let represented: Vec<UnitId> = seats
        .units
        .iter()
        .flat_map(|u| tree.subtree(u.on))
        .collect();
    for unit in represented {
        let referred = GrievanceStatus::Referred;
        for g in grievance_store::waiting(conn, Holder::Unit(unit), referred, None, LISTED)? {
            if !grievances.iter().any(|seen| seen.grievance.id == g.id) {
                let zone = boards::find(conn, g.board_id)?.zone();
                let (_, late) = grievances::lateness(&g, zone, now);
                let due = g.response_due;
                grievances.push(Waiting {
                    grievance: g,
                    due,
                    late,
                });
            }
        }
    }
    sessions.sort_by_key(|(m, _)| m.starts_local);
    sessions.truncate(NEXT_SESSIONS);
    grievances.sort_by_key(|w| w.due);
    grievances.truncate(LISTED_ROWS);
    let overdue = ListRequest {
        overdue: true,
        ..ListRequest::default()
    };
    let overdue = actions::list_in(conn, who, &overdue, LISTED, now)?;
    // Asked board by board, of the boards the reader verifies for: a representative's units'
    // reported actions are not theirs to verify, and reading them first cost 120 ms at scale 1.
    let mut to_verify = Vec::new();
    for b in &all_boards {
        if authorize(Some(who), Permission::VerifyActions(b.id)).is_err() {
            continue;
        }
        let reported_done = ListRequest {
            board: Some(b.id),
            status: Some(ActionStatus::ReportedDone),
            ..ListRequest::default()
        };
        to_verify.extend(actions::list_in(conn, who, &reported_done, LISTED, now)?);
    }
    to_verify.sort_by_key(|d| d.action.id);
    to_verify.truncate(LISTED_ROWS);
    Ok(Desk {
        seats,
        names,
        sessions,
        drafts,
        overdue,
        to_verify,
        grievances,
        administers: authorize(Some(who), Permission::ManageAccounts).is_ok(),
    })
}

/// Reports on their way to the public that the reader keeps or whose next step is theirs.
fn on_their_way(
    conn: &mut DbConn,
    who: &Principal,
    all_boards: &[boards::Board],
) -> Result<Vec<(Report, bool)>, AppError> {
    let mut drafts = Vec::new();
    for r in reports::on_their_way(conn)? {
        let Some(b) = all_boards.iter().find(|b| b.id == r.board_id) else {
            continue;
        };
        let on = ReportBoard {
            board: b.id,
            parent: b.parent_id,
        };
        if authorize(Some(who), Permission::ReadReports(on)).is_err() {
            continue;
        }
        let keeps = authorize(Some(who), Permission::ManageReports(b.id)).is_ok();
        let Some((_, mine)) = workflow::next_step(who, on, &r, b.two_person_approval) else {
            continue;
        };
        if keeps || mine {
            drafts.push((r, mine));
        }
    }
    Ok(drafts)
}
