//! The signed-in start page: what needs attention on each board the account sits on, and on
//! each unit it represents.

use super::Ctx;
use crate::actions::{self, Dated, ListRequest};
use crate::auth::policy::{Permission, Principal, ReportBoard, Seats, authorize, seats};
use crate::db::grievances::{self as grievance_store, Holder};
use crate::db::{self, DbConn, boards as board_store, units};
use crate::domain::action::ActionStatus;
use crate::domain::grievance::GrievanceStatus;
use crate::domain::ids::{BoardId, UnitId};
use crate::error::AppError;
use crate::grievances;
use crate::org::names::Names;
use crate::reports::workflow;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// Sessions shown, and how far ahead.
const NEXT_SESSIONS: usize = 8;
const SESSION_DAYS: i64 = 62;
/// Grievances whose next deadline falls within this many days are shown.
const NEAR_DAYS: i64 = 2;
/// Rows of each of the desk's lists; each links to the whole list.
const LISTED: i64 = 20;
const LISTED_ROWS: usize = LISTED as usize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk", web::get().to(desk));
}

struct BoardLink {
    id: BoardId,
    name: String,
    role: String,
}

struct SessionRow {
    id: i64,
    board: String,
    title: String,
    starts: String,
    status: String,
}

struct DraftRow {
    board_id: BoardId,
    board: String,
    period: String,
    status: String,
    /// The next step (approval or publication) is the reader's to take.
    yours: bool,
}

pub struct ActionRow {
    pub id: i64,
    pub title: String,
    pub board: String,
    pub unit: String,
    pub due: NaiveDate,
    pub status: String,
    pub overdue: bool,
    /// The status a unit's quick update starts from.
    pub raw_status: &'static str,
}

struct GrievanceRow {
    id: i64,
    board: String,
    category: String,
    status: String,
    due: NaiveDate,
    late: bool,
}

#[derive(Template)]
#[template(path = "desk/home.html")]
struct DeskPage<'a> {
    c: &'a Ctx,
    boards: Vec<BoardLink>,
    units: Vec<String>,
    sessions: Vec<SessionRow>,
    drafts: Vec<DraftRow>,
    overdue: Vec<ActionRow>,
    /// Reported done by their unit, for the reader to verify or send back.
    to_verify: Vec<ActionRow>,
    grievances: Vec<GrievanceRow>,
    /// The policy lets the reader keep the accounts: the admin pages are linked.
    administers: bool,
}

/// The page's facts, in the reader's terms but before translation.
struct Facts {
    names: Names,
    sessions: Vec<(db::meetings::Meeting, String)>,
    /// Reports on their way to the public, and whether the next step is the reader's.
    drafts: Vec<(db::reports::Report, bool)>,
    overdue: Vec<Dated>,
    to_verify: Vec<Dated>,
    grievances: Vec<(db::grievances::Grievance, NaiveDate, bool)>,
}

fn gather(
    conn: &mut DbConn,
    who: &Principal,
    seats: &Seats,
    now: DateTime<Utc>,
) -> Result<Facts, AppError> {
    let names = Names::load(conn)?;
    let mut sessions = Vec::new();
    let mut drafts = Vec::new();
    let mut grievances = Vec::new();
    for board in seats.boards.iter().map(|s| s.on) {
        let b = board_store::find(conn, board)?;
        let zone = b.zone();
        let local = now.with_timezone(&zone).naive_local();
        let upcoming = db::meetings::list_for_board(
            conn,
            board,
            Some(local),
            Some(local + TimeDelta::days(SESSION_DAYS)),
            false,
        )?;
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
                    grievances.push((g, due, ack_late || response_late));
                }
            }
        }
    }
    let boards = board_store::list(conn)?;
    for r in db::reports::on_their_way(conn)? {
        let Some(b) = boards.iter().find(|b| b.id == r.board_id) else {
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
            if !grievances.iter().any(|(seen, _, _)| seen.id == g.id) {
                let zone = board_store::find(conn, g.board_id)?.zone();
                let (_, late) = grievances::lateness(&g, zone, now);
                let due = g.response_due;
                grievances.push((g, due, late));
            }
        }
    }
    sessions.sort_by_key(|(m, _)| m.starts_local);
    sessions.truncate(NEXT_SESSIONS);
    grievances.sort_by_key(|(_, due, _)| *due);
    grievances.truncate(LISTED_ROWS);
    let overdue = actions::list_in(
        conn,
        who,
        &ListRequest {
            overdue: true,
            ..ListRequest::default()
        },
        LISTED,
        now,
    )?;
    // Asked board by board, of the boards the reader verifies for: a representative's units'
    // reported actions are not theirs to verify, and reading them first cost 120 ms at scale 1.
    let mut to_verify = Vec::new();
    for b in &boards {
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
    Ok(Facts {
        names,
        sessions,
        drafts,
        overdue,
        to_verify,
        grievances,
    })
}

async fn desk(c: Ctx) -> HttpResponse {
    let result = async {
        let who = c.principal()?.clone();
        let now = c.state().clock.now();
        let seats = seats(&who);
        let facts = {
            let seats = seats.clone();
            c.state()
                .db
                .read(move |conn| gather(conn, &who, &seats, now))
                .await?
        };
        let names = &facts.names;
        let boards = seats
            .boards
            .iter()
            .map(|s| BoardLink {
                id: s.on,
                name: names.board(s.on),
                role: c.word("role", s.role),
            })
            .collect();
        let units = seats.units.iter().map(|s| names.unit(s.on)).collect();
        let page = DeskPage {
            c: &c,
            boards,
            units,
            sessions: facts
                .sessions
                .iter()
                .map(|(m, board)| SessionRow {
                    id: m.id.0,
                    board: board.clone(),
                    title: m.title.clone(),
                    starts: m.starts_local.format("%Y-%m-%d %H:%M").to_string(),
                    status: c.word("meeting_status", m.status.as_str()),
                })
                .collect(),
            drafts: facts
                .drafts
                .iter()
                .map(|(r, mine)| DraftRow {
                    board_id: r.board_id,
                    board: names.board(r.board_id),
                    period: r.period.clone(),
                    status: c.word("report_status", r.status.as_str()),
                    yours: *mine,
                })
                .collect(),
            overdue: facts
                .overdue
                .into_iter()
                .map(|a| action_row(&c, names, a))
                .collect(),
            to_verify: facts
                .to_verify
                .into_iter()
                .map(|a| action_row(&c, names, a))
                .collect(),
            grievances: facts
                .grievances
                .iter()
                .map(|(g, due, late)| GrievanceRow {
                    id: g.id.0,
                    board: names.board(g.board_id),
                    category: c.word("category", g.category.as_str()),
                    status: c.word("grievance_status", g.status.as_str()),
                    due: *due,
                    late: *late,
                })
                .collect(),
            administers: authorize(c.who.as_ref(), Permission::ManageAccounts).is_ok(),
        };
        Ok(c.ok(&page))
    }
    .await;
    c.respond(result)
}

pub fn action_row(c: &Ctx, names: &Names, dated: Dated) -> ActionRow {
    let overdue = dated.overdue();
    let a = dated.action;
    ActionRow {
        id: a.id.0,
        board: names.board(a.board_id),
        unit: names.unit(a.unit_id),
        due: a.due_date,
        status: c.word("action_status", a.status.as_str()),
        overdue,
        raw_status: a.status.as_str(),
        title: a.title,
    }
}
