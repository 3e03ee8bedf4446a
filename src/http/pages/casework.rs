//! Grievances on the desk, through the same operations as the API. A grievance
//! shows in the view the policy gives the reader (`grievances::views::GrievanceView`): the
//! filer's contact only to the secretariat, and to a unit only what it was told, never who
//! filed it.

use super::Ctx;
use super::desk::Names;
use super::forms::{Choice, Field, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::grievance::GrievanceStatus;
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::error::AppError;
use crate::grievances::views::GrievanceView;
use crate::grievances::workflow::ListGrievancesRequest;
use crate::grievances::{self, StepGrievanceRequest};
use actix_web::{HttpResponse, web};
use askama::Template;

const LISTED: i64 = 200;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/grievances",
        web::get().to(board_grievances),
    )
    .route("/desk/my/grievances", web::get().to(my_grievances))
    .route("/desk/grievances/{id}", web::get().to(show_grievance))
    .route("/desk/grievances/{id}/step", web::post().to(step_grievance));
}

/// What a list row and the page of one grievance show, whatever the reader's view.
struct GrievanceRow {
    id: i64,
    board: String,
    category: String,
    status: String,
    /// The filer's words (board and secretariat), or what the unit was told.
    text: String,
    location: String,
    unit: String,
    response: String,
    respond_by: String,
    late: bool,
    /// The filer's contact: the secretariat's view only.
    contact: Option<String>,
}

fn grievance_row(c: &Ctx, names: &Names, v: GrievanceView) -> GrievanceRow {
    let unit_name = |u: Option<UnitId>| u.map(|u| names.unit(u)).unwrap_or_default();
    let (case, contact) = match v {
        GrievanceView::Unit(u) => {
            return GrievanceRow {
                id: u.id.0,
                board: names.board(u.board_id),
                category: c.word("category", u.category.as_str()),
                status: c.word("status", u.status.as_str()),
                text: u.unit_summary,
                location: String::new(),
                unit: unit_name(u.unit_id),
                response: u.response,
                respond_by: u.respond_by.to_string(),
                late: u.response_overdue,
                contact: None,
            };
        }
        GrievanceView::Board(b) => (b, None),
        GrievanceView::Secretariat(s) => {
            let contact = s.contact.map(|k| {
                [k.name, k.phone, k.email]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ")
            });
            (s.case, contact)
        }
    };
    GrievanceRow {
        id: case.id.0,
        board: names.board(case.board_id),
        category: c.word("category", case.category.as_str()),
        status: c.word("status", case.status.as_str()),
        text: case.description,
        location: case.location,
        unit: unit_name(case.unit_id),
        response: case.response,
        respond_by: case.respond_by.to_string(),
        late: case.acknowledgement_overdue || case.response_overdue,
        contact,
    }
}

#[derive(Template)]
#[template(path = "desk/grievances.html")]
struct GrievancesPage<'a> {
    c: &'a Ctx,
    heading: String,
    rows: Vec<GrievanceRow>,
}

async fn grievance_list(c: &Ctx, board: Option<BoardId>) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    if let Some(b) = board {
        authorize(Some(who), Permission::ReadGrievances(b))?;
    }
    let query = ListGrievancesRequest {
        board,
        ..ListGrievancesRequest::default()
    };
    let (state, now) = (c.state(), c.state().clock.now());
    let page = grievances::workflow::list(&state.db, who, query, LISTED, now).await?;
    let names = state.db.read(Names::load).await?;
    let mine = board.is_none();
    let rows = page
        .items
        .into_iter()
        .filter(|v| !mine || matches!(v, GrievanceView::Unit(_)))
        .map(|v| grievance_row(c, &names, v))
        .collect();
    let heading = match board {
        Some(b) => {
            c.t.fill1("grievances.board_heading", "board", names.board(b))
        }
        None => c.t.get("desk.my_grievances").to_owned(),
    };
    Ok(c.ok(&GrievancesPage { c, heading, rows }))
}

async fn board_grievances(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = grievance_list(&c, Some(id.into_inner())).await;
    c.respond(result)
}

async fn my_grievances(c: Ctx) -> HttpResponse {
    let result = grievance_list(&c, None).await;
    c.respond(result)
}

#[derive(Template)]
#[template(path = "desk/grievance.html")]
struct GrievancePageView<'a> {
    c: &'a Ctx,
    g: GrievanceRow,
    forms: Vec<FormView>,
}

async fn grievance_page(
    c: &Ctx,
    id: GrievanceId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let state = c.state();
    let (g, view) = grievances::workflow::show(&state.db, who, id, state.clock.now()).await?;
    let names = state.db.read(Names::load).await?;
    let t = c.t;
    let path = format!("/desk/grievances/{id}/step");
    let mut forms = Vec::new();
    if authorize(Some(who), Permission::ManageGrievances(g.board_id)).is_ok() {
        let next: Vec<Choice> = GrievanceStatus::ALL
            .iter()
            .filter(|s| g.status.check_step(**s).is_ok())
            .map(|s| Choice::new(s.as_str(), c.word("status", s.as_str())))
            .collect();
        if !next.is_empty() {
            let mut form = FormView::new(
                "step",
                t.get("grievances.step"),
                path.clone(),
                t.get("grievances.step_submit"),
            )
            .field(Field::select("status", t.get("grievances.next"), next).required())
            .field(Field::long("note", t.get("grievances.note")));
            if g.status == GrievanceStatus::Acknowledged {
                form = form
                    .field(Field::select(
                        "unit_id",
                        t.get("grievances.unit"),
                        names.unit_choices(),
                    ))
                    .field(
                        Field::long("unit_summary", t.get("grievances.unit_summary"))
                            .hint(t.get("grievances.unit_summary_hint")),
                    );
            }
            if g.status == GrievanceStatus::Referred {
                form = form.field(Field::long("response", t.get("grievances.response")));
            }
            forms.push(form.settle(refused.as_ref()));
        }
    } else if matches!(view, GrievanceView::Unit(_)) && g.status == GrievanceStatus::Referred {
        forms.push(
            FormView::new(
                "step",
                t.get("grievances.answer"),
                path,
                t.get("grievances.answer_submit"),
            )
            .field(Field::hidden("status", "responded"))
            .field(Field::long("response", t.get("grievances.response")).required())
            .settle(refused.as_ref()),
        );
    }
    Ok(c.render(
        status(refused.as_ref()),
        &GrievancePageView {
            c,
            g: grievance_row(c, &names, view),
            forms,
        },
    ))
}

async fn show_grievance(c: Ctx, id: web::Path<GrievanceId>) -> HttpResponse {
    let result = grievance_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn step_grievance(
    c: Ctx,
    id: web::Path<GrievanceId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let optional = |field: &str| posted.ticked(field).then(|| posted.get(field).to_owned());
        let step = StepGrievanceRequest {
            status: Some(posted.choice("status")?),
            appeal: false,
            note: posted.get("note").to_owned(),
            unit_id: posted.opt_id("unit_id")?.map(UnitId),
            unit_summary: optional("unit_summary"),
            response: optional("response"),
        };
        let state = c.state();
        grievances::workflow::step(&state.db, who, id, step, state.clock.now()).await?;
        Ok(format!("/desk/grievances/{id}"))
    };
    let reshow = async |refused| grievance_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "step", attempt, reshow).await
}
