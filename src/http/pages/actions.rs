//! Follow-up actions in the browser: a board's list and new actions (secretariat), "my unit's
//! actions" with a quick status form (representatives), and one action with its history, its
//! unit's progress and the board's verdict. Every rule is the operation's (`crate::actions`).

use super::Ctx;
use super::desk::{ActionRow, action_row};
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::listing::{ListControls, ListQuery, search_field, status_filter};
use crate::actions::{
    self, ActionAtHand, ActionDetailView, ActionView, CreateActionRequest, EditActionRequest,
    ReportProgressRequest, SourceLabel, VerifyActionRequest,
};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::domain::listing::Whose;
use crate::domain::refusal;
use crate::error::AppError;
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/actions", web::get().to(board_list))
        .route("/desk/boards/{id}/actions", web::post().to(create))
        .route("/desk/my/actions", web::get().to(mine))
        .route("/desk/actions/{id}", web::get().to(show))
        .route("/desk/actions/{id}/edit", web::post().to(edit))
        .route("/desk/actions/{id}/status", web::post().to(progress))
        .route("/desk/actions/{id}/verify", web::post().to(verify));
}

#[derive(Template)]
#[template(path = "desk/actions.html")]
struct ListPage<'a> {
    c: &'a Ctx,
    heading: String,
    rows: Vec<ActionRow>,
    /// "My unit's actions": each row carries a quick status form.
    quick: bool,
    create: Option<FormView>,
    controls: ListControls,
}

/// A page of a list of actions: the board's, with the form that creates one, or those of the
/// reader's units, each with a quick status form.
async fn list_page(
    c: &Ctx,
    whose: Whose,
    query: &ListQuery,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let req = query.browse(whose)?;
    let csv = export_link(&req);
    let csv_words = match req.search {
        Some(_) => "action.download_unsearched",
        None => "action.download",
    };
    let state = c.state();
    let found = actions::browse(&state.db, c.principal()?, req, state.clock.now()).await?;
    let names = Names::read(&state.db).await?;
    let t = c.t;
    let (heading, path, create) = match whose {
        Whose::Board(board) => {
            let may_create =
                authorize(Some(c.principal()?), Permission::ManageActions(board)).is_ok();
            let create = match may_create {
                true => Some(
                    create_form(c, board, &names)
                        .await?
                        .settle(refused.as_ref()),
                ),
                false => None,
            };
            let heading = t.fill1("action.board_heading", "board", names.board(board));
            (heading, format!("/desk/boards/{board}/actions"), create)
        }
        Whose::MyUnits => (
            t.get("action.mine").to_owned(),
            "/desk/my/actions".into(),
            None,
        ),
    };
    let statuses = ActionStatus::ALL.iter().map(|s| s.as_str());
    let filters = vec![
        status_filter(c, "action_status", statuses, &query.status),
        Field::select("unit", t.get("action.unit"), Choice::units(&names))
            .value(query.unit.as_deref().unwrap_or("")),
        Field::checkbox("overdue", t.get("action.overdue_only"))
            .value(query.overdue.as_deref().unwrap_or("")),
        search_field(c, query),
    ];
    let controls = ListControls::new(c, &path, query, filters, &found)
        .download(csv, t.get(csv_words).to_owned());
    Ok(c.render(
        status(refused.as_ref()),
        &ListPage {
            c,
            heading,
            rows: found
                .items
                .into_iter()
                .map(|a| action_row(c, &names, a))
                .collect(),
            quick: whose == Whose::MyUnits,
            create,
            controls,
        },
    ))
}

/// The API's CSV export of the actions the list shows, every page of them (its search aside).
fn export_link(req: &actions::BrowseRequest) -> String {
    let mut asked = Vec::new();
    if let Whose::Board(board) = req.whose {
        asked.push(format!("board={board}"));
    }
    if let Some(unit) = req.unit {
        asked.push(format!("unit={unit}"));
    }
    if let Some(status) = req.status {
        asked.push(format!("status={}", status.as_str()));
    }
    if req.overdue {
        asked.push("overdue=true".to_owned());
    }
    format!("/api/v1/actions.csv?{}", asked.join("&"))
}

/// A new action of `board`: its wording, unit, due date, and what it follows from, chosen by name.
async fn create_form(c: &Ctx, board: BoardId, names: &Names) -> Result<FormView, AppError> {
    let t = c.t;
    let now = c.state().clock.now();
    let sources = actions::sources(&c.state().db, c.principal()?, board, now).await?;
    let choices = sources
        .into_iter()
        .map(|s| {
            let label = source_words(c, &s.label);
            Choice::new(format!("{}:{}", s.kind.as_str(), s.id), label)
        })
        .collect();
    Ok(FormView::new(
        "new-action",
        t.get("action.new"),
        format!("/desk/boards/{board}/actions"),
        t.get("action.create"),
    )
    .field(Field::text("title", t.get("action.title")).required())
    .field(Field::long("description", t.get("action.description")))
    .field(Field::select("unit_id", t.get("action.unit"), Choice::units(names)).required())
    .field(Field::date("due_date", t.get("action.due")).required())
    .field(
        Field::select("follows", t.get("action.source"), choices).hint(t.get("action.source_hint")),
    ))
}

/// A source in the reader's words: "Decision 2 of the session of 2026-11-10: …".
fn source_words(c: &Ctx, label: &SourceLabel) -> String {
    match label {
        SourceLabel::Decision {
            session,
            number,
            text,
            ..
        } => c.t.fill(
            "action.from_decision",
            &[
                ("n", number),
                ("date", session),
                ("text", &shorten(text, 90)),
            ],
        ),
        SourceLabel::Indicator { code, name } => {
            c.t.fill("action.from_indicator", &[("code", code), ("name", name)])
        }
    }
}

/// At most `max` characters of `text`, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// What a new action follows from, as the form's choice `kind:id` gives it; blank is nothing.
fn follows(posted: &Posted) -> Result<(SourceKind, Option<i64>), AppError> {
    let refused = || AppError::validation("follows", refusal::action_follows_choice());
    match posted.get("follows").split_once(':') {
        None if posted.get("follows").is_empty() => Ok((SourceKind::None, None)),
        None => Err(refused()),
        Some((kind, id)) => Ok((
            kind.parse().map_err(|_| refused())?,
            Some(id.parse().map_err(|_| refused())?),
        )),
    }
}

async fn board_list(c: Ctx, id: web::Path<BoardId>, query: web::Query<ListQuery>) -> HttpResponse {
    let result = list_page(&c, Whose::Board(id.into_inner()), &query, None).await;
    c.respond(result)
}

async fn create(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let (source_kind, source_id) = follows(posted)?;
        let req = CreateActionRequest {
            board_id: board,
            title: posted.get("title").to_owned(),
            description: posted.get("description").to_owned(),
            source_kind,
            source_id,
            unit_id: UnitId(posted.id("unit_id")?),
            due_date: posted.date("due_date")?,
        };
        let created = actions::create(&c.state().db, who, req, c.state().clock.now()).await?;
        Ok(format!("/desk/actions/{}", created.id))
    };
    let reshow = async |refused| {
        let query = ListQuery::default();
        list_page(&c, Whose::Board(board), &query, Some(refused)).await
    };
    settle_post(&c, form, "new-action", attempt, reshow).await
}

async fn mine(c: Ctx, query: web::Query<ListQuery>) -> HttpResponse {
    let result = list_page(&c, Whose::MyUnits, &query, None).await;
    c.respond(result)
}

struct UpdateRow {
    kind: String,
    status: String,
    note: String,
    at: String,
}

#[derive(Template)]
#[template(path = "desk/action.html")]
struct ActionPage<'a> {
    c: &'a Ctx,
    title: String,
    description: String,
    board: String,
    unit: String,
    due: String,
    status: String,
    overdue: bool,
    source: String,
    /// Where the source is shown, when it has a page.
    source_link: String,
    updates: Vec<UpdateRow>,
    /// The board's change to the action, behind a disclosure.
    edit: Option<FormView>,
    forms: Vec<FormView>,
}

async fn action_page(
    c: &Ctx,
    id: ActionId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let state = c.state();
    let ActionAtHand {
        detail: ActionDetailView { action, updates },
        steps,
        zone,
        source,
    } = actions::detail(&state.db, c.principal()?, id, state.clock.now()).await?;
    let names = Names::read(&state.db).await?;
    let t = c.t;
    let mut forms = Vec::new();
    if steps.progress {
        forms.push(status_form(c, action.id.0, action.status, false).settle(refused.as_ref()));
    }
    if steps.verify {
        let path = format!("/desk/actions/{}/verify", action.id);
        forms.push(
            FormView::new(
                "accept",
                t.get("action.verify"),
                path.clone(),
                t.get("action.accept"),
            )
            .field(Field::hidden("verdict", "accept"))
            .settle(refused.as_ref()),
        );
        forms.push(
            FormView::new("send-back", "", path, t.get("action.send_back"))
                .field(Field::hidden("verdict", "send_back"))
                .field(Field::long("reason", t.get("action.reason")).required())
                .settle(refused.as_ref()),
        );
    }
    let edit = steps
        .edit
        .then(|| edit_form(c, &action, &names).settle(refused.as_ref()));
    let (source, source_link) = match (&source, action.source_id) {
        (Some(label), Some(id)) => (
            source_words(c, label),
            match label {
                SourceLabel::Decision { meeting, .. } => {
                    format!("/desk/meetings/{meeting}#decision-{id}")
                }
                SourceLabel::Indicator { .. } => String::new(),
            },
        ),
        _ => (
            c.word("source_kind", action.source_kind.as_str()),
            String::new(),
        ),
    };
    Ok(c.render(
        status(refused.as_ref()),
        &ActionPage {
            c,
            board: names.board(action.board_id),
            unit: names.unit(action.unit_id),
            due: action.due_date.to_string(),
            status: c.word("action_status", action.status.as_str()),
            overdue: action.overdue,
            source,
            source_link,
            updates: updates
                .into_iter()
                .map(|u| UpdateRow {
                    kind: c.word("update_kind", &u.kind),
                    status: c.word("action_status", &u.status),
                    note: u.note,
                    at: u
                        .at
                        .with_timezone(&zone)
                        .format("%Y-%m-%d %H:%M %Z")
                        .to_string(),
                })
                .collect(),
            title: action.title,
            description: action.description,
            edit,
            forms,
        },
    ))
}

/// The board's change to an action's wording, unit or due date.
fn edit_form(c: &Ctx, action: &ActionView, names: &Names) -> FormView {
    let t = c.t;
    FormView::new(
        "edit",
        "",
        format!("/desk/actions/{}/edit", action.id),
        t.get("action.edit_submit"),
    )
    .field(
        Field::text("title", t.get("action.title"))
            .value(&action.title)
            .required(),
    )
    .field(Field::long("description", t.get("action.description")).value(&action.description))
    .field(
        Field::select("unit_id", t.get("action.unit"), Choice::units(names))
            .value(action.unit_id)
            .required(),
    )
    .field(
        Field::date("due_date", t.get("action.due"))
            .value(action.due_date)
            .required(),
    )
}

/// The unit's progress: a status and a note. From "my unit's actions" it returns there.
fn status_form(c: &Ctx, id: i64, current: ActionStatus, from_mine: bool) -> FormView {
    let t = c.t;
    let start = if ActionStatus::REPORTED.contains(&current) {
        current
    } else {
        ActionStatus::InProgress
    };
    let mut form = FormView::new(
        "status",
        t.get("action.report"),
        format!("/desk/actions/{id}/status"),
        t.get("action.report_submit"),
    )
    .field(
        Field::select(
            "status",
            t.get("action.status"),
            c.choices(
                "action_status",
                &ActionStatus::REPORTED,
                ActionStatus::as_str,
            ),
        )
        .value(start.as_str())
        .required(),
    )
    .field(Field::long("note", t.get("action.note")));
    if from_mine {
        form = form.field(Field::hidden("from", "mine"));
    }
    form
}

async fn show(c: Ctx, id: web::Path<ActionId>) -> HttpResponse {
    let result = action_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn edit(c: Ctx, id: web::Path<ActionId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let req = EditActionRequest {
            title: Some(posted.get("title").to_owned()),
            description: Some(posted.get("description").to_owned()),
            unit_id: Some(UnitId(posted.id("unit_id")?)),
            due_date: Some(posted.date("due_date")?),
        };
        actions::update(&c.state().db, who, id, req, c.state().clock.now()).await?;
        Ok(format!("/desk/actions/{id}"))
    };
    let reshow = async |refused| action_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "edit", attempt, reshow).await
}

async fn progress(c: Ctx, id: web::Path<ActionId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let req = ReportProgressRequest {
            status: posted.choice("status")?,
            note: posted.get("note").to_owned(),
        };
        actions::progress(&c.state().db, who, id, req, c.state().clock.now()).await?;
        Ok(match posted.get("from") {
            "mine" => "/desk/my/actions".to_owned(),
            _ => format!("/desk/actions/{id}"),
        })
    };
    let reshow = async |refused| action_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "status", attempt, reshow).await
}

async fn verify(c: Ctx, id: web::Path<ActionId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let posted = Posted::from(form.into_inner());
    let accept = posted.get("verdict") == "accept";
    let name = if accept { "accept" } else { "send-back" };
    let attempt = async |who: &Principal, posted: &Posted| {
        let verdict = VerifyActionRequest {
            accept,
            reason: posted.get("reason").to_owned(),
        };
        actions::verify(&c.state().db, who, id, verdict, c.state().clock.now()).await?;
        Ok(format!("/desk/actions/{id}"))
    };
    let reshow = async |refused| action_page(&c, id, Some(refused)).await;
    settle_post(&c, posted, name, attempt, reshow).await
}

impl ListPage<'_> {
    fn quick_form(&self, row: &ActionRow) -> FormView {
        let current = row.raw_status.parse().unwrap_or(ActionStatus::InProgress);
        let mut f = status_form(self.c, row.id, current, true);
        f.id = format!("status-{}", row.id);
        f.title = String::new();
        f
    }
}
