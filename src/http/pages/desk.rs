//! The signed-in start page: what needs attention on each board the account sits on, and on
//! each unit it represents.

use super::Ctx;
use crate::actions::Dated;
use crate::domain::ids::BoardId;
use crate::org::desk;
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk", web::get().to(show));
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

async fn show(c: Ctx) -> HttpResponse {
    let result = async {
        let (state, who) = (c.state(), c.principal()?);
        let facts = desk::desk(&state.db, who, state.clock.now()).await?;
        let names = &facts.names;
        let boards = facts
            .seats
            .boards
            .iter()
            .map(|s| BoardLink {
                id: s.on,
                name: names.board(s.on),
                role: c.word("role", s.role),
            })
            .collect();
        let units = facts.seats.units.iter().map(|s| names.unit(s.on)).collect();
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
                .map(|w| GrievanceRow {
                    id: w.grievance.id.0,
                    board: names.board(w.grievance.board_id),
                    category: c.word("category", w.grievance.category.as_str()),
                    status: c.word("grievance_status", w.grievance.status.as_str()),
                    due: w.due,
                    late: w.late,
                })
                .collect(),
            administers: facts.administers,
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
