//! Grievances on the desk, through the same operations as the API. A grievance shows in the
//! view the policy gives the reader (`grievances::views::GrievanceView`), its history too: the
//! filer's contact only to the secretariat, and to a unit only what it was told, never who
//! filed it. Staff pages use the staff's words for a status (`grievance_status.*`).

mod filing;

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::listing::{ListControls, ListQuery, search_field, status_filter};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::grievances::Grievance;
use crate::domain::grievance::GrievanceStatus;
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::listing::Whose;
use crate::error::AppError;
use crate::grievances::views::{GrievanceView, HistoryStep};
use crate::grievances::workflow::GrievanceRecord;
use crate::grievances::{self, StepGrievanceRequest};
use crate::org::names::Names;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/grievances",
        web::get().to(board_grievances),
    )
    .route("/desk/my/grievances", web::get().to(my_grievances))
    .route("/desk/grievances/{id}", web::get().to(show_grievance))
    .route("/desk/grievances/{id}/step", web::post().to(step_grievance))
    .route(
        "/desk/grievances/{id}/appeal",
        web::post().to(appeal_grievance),
    );
    filing::routes(cfg);
}

/// What a list row and the page of one grievance show, whatever the reader's view.
struct GrievanceRow {
    id: i64,
    board: String,
    category: String,
    status: String,
    /// How it reached the board; the board's views only.
    channel: String,
    /// The filer's words (board and secretariat), or what the unit was told.
    text: String,
    /// What the unit was told, beside the filer's words (board and secretariat).
    summary: String,
    location: String,
    /// The unit complained of, as filed (the board's views).
    alleged: String,
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
                status: c.word("grievance_status", u.status.as_str()),
                channel: String::new(),
                text: u.unit_summary,
                summary: String::new(),
                location: String::new(),
                alleged: String::new(),
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
        status: c.word("grievance_status", case.status.as_str()),
        channel: match case.intake {
            Some(how) => format!(
                "{} · {}",
                c.word("grievance_channel", &case.channel),
                c.word("grievance_intake", how.as_str())
            ),
            None => c.word("grievance_channel", &case.channel),
        },
        text: case.description,
        summary: case.unit_summary,
        location: case.location,
        alleged: unit_name(case.alleged_unit_id),
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
    /// The board's page for filing a grievance for someone, when the reader may.
    file: Option<String>,
    controls: ListControls,
}

/// A page of a list of grievances: the board's, or those referred to the reader's units.
async fn grievance_list(
    c: &Ctx,
    whose: Whose,
    query: &ListQuery,
) -> Result<HttpResponse, AppError> {
    let req = query.browse(whose)?;
    let (who, state) = (c.principal()?, c.state());
    let found = grievances::browse(&state.db, who, req, state.clock.now()).await?;
    let names = Names::read(&state.db).await?;
    let t = c.t;
    let (heading, path, file) = match whose {
        Whose::Board(b) => (
            t.fill1("grievances.board_heading", "board", names.board(b)),
            format!("/desk/boards/{b}/grievances"),
            authorize(Some(who), Permission::ManageGrievances(b))
                .is_ok()
                .then(|| format!("/desk/boards/{b}/grievances/new")),
        ),
        Whose::MyUnits => (
            t.get("desk.my_grievances").to_owned(),
            "/desk/my/grievances".to_owned(),
            None,
        ),
    };
    let statuses = GrievanceStatus::ALL.iter().map(|s| s.as_str());
    let filters = vec![
        status_filter(c, "grievance_status", statuses, &query.status),
        Field::month("month", t.get("grievances.filed_in"))
            .value(query.month.as_deref().unwrap_or("")),
        Field::select(
            "unit",
            t.get("grievances.referred_filter"),
            Choice::units(&names),
        )
        .value(query.unit.as_deref().unwrap_or("")),
        Field::checkbox("overdue", t.get("grievances.late_only"))
            .value(query.overdue.as_deref().unwrap_or("")),
        search_field(c, query),
    ];
    let controls = ListControls::new(c, &path, query, filters, &found);
    Ok(c.ok(&GrievancesPage {
        c,
        heading,
        rows: found
            .items
            .into_iter()
            .map(|v| grievance_row(c, &names, v))
            .collect(),
        file,
        controls,
    }))
}

async fn board_grievances(
    c: Ctx,
    id: web::Path<BoardId>,
    query: web::Query<ListQuery>,
) -> HttpResponse {
    let result = grievance_list(&c, Whose::Board(id.into_inner()), &query).await;
    c.respond(result)
}

async fn my_grievances(c: Ctx, query: web::Query<ListQuery>) -> HttpResponse {
    let result = grievance_list(&c, Whose::MyUnits, &query).await;
    c.respond(result)
}

/// One step of the history, its moment in the board's zone.
struct HistoryRow {
    status: String,
    appeal: bool,
    at: String,
    note: String,
}

#[derive(Template)]
#[template(path = "desk/grievance.html")]
struct GrievancePageView<'a> {
    c: &'a Ctx,
    g: GrievanceRow,
    history: Vec<HistoryRow>,
    zone: String,
    /// The tracking code of a grievance the reader has just filed, shown this once.
    filed_code: Option<String>,
    /// The next step, or the unit's answer.
    step: Option<FormView>,
    appeal: Option<FormView>,
}

async fn grievance_page(
    c: &Ctx,
    id: GrievanceId,
    refused: Option<Refused>,
    filed_code: Option<String>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?;
    let state = c.state();
    let GrievanceRecord {
        grievance: g,
        view,
        history,
        zone,
        steps,
    } = grievances::workflow::record(&state.db, who, id, state.clock.now()).await?;
    let names = Names::read(&state.db).await?;
    let refused = refused.as_ref();
    // A form refused because the grievance moved on meanwhile stays, to say why.
    let (step, appeal) = if let Some(next) = steps.next {
        let any = !next.is_empty();
        let step = step_form(c, &g, next, &names).settle(refused);
        let appeal = appeal_form(c, &g).settle(refused);
        (
            (any || step.refused()).then_some(step),
            (steps.appeal || appeal.refused()).then_some(appeal),
        )
    } else if steps.answer {
        (Some(answer_form(c, g.id).settle(refused)), None)
    } else {
        (None, None)
    };
    let history = history
        .into_iter()
        .map(|h: HistoryStep| HistoryRow {
            status: c.word("grievance_status", h.status.as_str()),
            appeal: h.appeal,
            at: h
                .at
                .with_timezone(&zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            note: h.note.unwrap_or_default(),
        })
        .collect();
    Ok(c.render(
        status(refused),
        &GrievancePageView {
            c,
            g: grievance_row(c, &names, view),
            history,
            zone: zone.name().to_owned(),
            filed_code,
            step,
            appeal,
        },
    ))
}

/// The secretariat's next step, with what that step needs.
fn step_form(c: &Ctx, g: &Grievance, next: Vec<GrievanceStatus>, names: &Names) -> FormView {
    let t = c.t;
    let next: Vec<Choice> = (next.into_iter())
        .map(|s| Choice::new(s.as_str(), c.word("grievance_status", s.as_str())))
        .collect();
    let mut form = FormView::new(
        "step",
        t.get("grievances.step"),
        format!("/desk/grievances/{}/step", g.id),
        t.get("grievances.step_submit"),
    )
    .field(Field::select("status", t.get("grievances.next"), next).required())
    .field(Field::long("note", t.get("grievances.note")));
    if g.status == GrievanceStatus::Acknowledged {
        form = form
            .field(Field::select(
                "unit_id",
                t.get("grievances.unit"),
                Choice::units(names),
            ))
            .field(
                Field::long("unit_summary", t.get("grievances.unit_summary"))
                    .hint(t.get("grievances.unit_summary_hint")),
            );
    }
    if g.status == GrievanceStatus::Referred {
        form = form.field(Field::long("response", t.get("grievances.response")));
    }
    form
}

/// An appeal, which sends a decided or closed grievance back.
fn appeal_form(c: &Ctx, g: &Grievance) -> FormView {
    let t = c.t;
    let hint = if g.unit_id.is_some() {
        "grievances.appeal_hint_unit"
    } else {
        "grievances.appeal_hint"
    };
    FormView::new(
        "appeal",
        "",
        format!("/desk/grievances/{}/appeal", g.id),
        t.get("grievances.appeal_submit"),
    )
    .field(Field::long("note", t.get("grievances.appeal_note")).hint(t.get(hint)))
}

/// The answer of the unit a grievance was referred to.
fn answer_form(c: &Ctx, id: GrievanceId) -> FormView {
    let t = c.t;
    FormView::new(
        "step",
        t.get("grievances.answer"),
        format!("/desk/grievances/{id}/step"),
        t.get("grievances.answer_submit"),
    )
    .field(Field::hidden("status", "responded"))
    .field(Field::long("response", t.get("grievances.response")).required())
}

async fn show_grievance(c: Ctx, req: HttpRequest, id: web::Path<GrievanceId>) -> HttpResponse {
    let id = id.into_inner();
    let code = filing::code_once(&c, &req, id);
    let shown = code.is_some();
    let result = grievance_page(&c, id, None, code).await;
    let mut response = c.respond(result);
    if shown {
        filing::forget_code(&mut response, id);
    }
    response
}

async fn step_grievance(c: Ctx, id: web::Path<GrievanceId>, form: FormBody) -> HttpResponse {
    take_step(c, id.into_inner(), form, false).await
}

async fn appeal_grievance(c: Ctx, id: web::Path<GrievanceId>, form: FormBody) -> HttpResponse {
    take_step(c, id.into_inner(), form, true).await
}

/// A step, or an appeal: the same operation as `PATCH /api/v1/grievances/{id}`.
async fn take_step(c: Ctx, id: GrievanceId, form: FormBody, appeal: bool) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        let optional = |field: &str| posted.ticked(field).then(|| posted.get(field).to_owned());
        let step = StepGrievanceRequest {
            status: match appeal {
                true => None,
                false => Some(posted.choice("status")?),
            },
            appeal,
            note: posted.get("note").to_owned(),
            unit_id: posted.opt_id("unit_id")?.map(UnitId),
            unit_summary: optional("unit_summary"),
            response: optional("response"),
        };
        let state = c.state();
        grievances::workflow::step(&state.db, who, id, step, state.clock.now()).await?;
        Ok(format!("/desk/grievances/{id}"))
    };
    let reshow = async |refused| grievance_page(&c, id, Some(refused), None).await;
    let name = if appeal { "appeal" } else { "step" };
    settle_post(&c, form, name, attempt, reshow).await
}
