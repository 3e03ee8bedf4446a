//! Follow-up actions in the browser: a board's list and new actions (secretariat), "my unit's
//! actions" with a quick status form (representatives), and one action with its history, its
//! unit's progress and the board's verdict. Every rule is the operation's (`crate::actions`).

use super::Ctx;
use super::desk::{ActionRow, Names, action_row};
use super::forms::{Field, FormView, Posted, Refused, settle_post, status};
use crate::actions::{
    self, ActionDetailView, CreateActionRequest, ListRequest, ReportProgressRequest,
    VerifyActionRequest,
};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::ids::{ActionId, BoardId, UnitId};
use crate::error::AppError;
use actix_web::{HttpResponse, web};
use askama::Template;

const LISTED: i64 = 200;
/// The statuses a unit reports.
const REPORTED: [ActionStatus; 3] = [
    ActionStatus::InProgress,
    ActionStatus::Blocked,
    ActionStatus::ReportedDone,
];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/actions", web::get().to(board_list))
        .route("/desk/boards/{id}/actions", web::post().to(create))
        .route("/desk/my/actions", web::get().to(mine))
        .route("/desk/actions/{id}", web::get().to(show))
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
}

async fn board_page(
    c: &Ctx,
    board: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let who = c.principal()?.clone();
    authorize(Some(&who), Permission::ReadActions(board))?;
    let now = c.state().clock.now();
    let (names, found) = c
        .state()
        .db
        .read(move |conn| {
            crate::org::boards::find(conn, board)?;
            let req = ListRequest {
                board: Some(board),
                ..ListRequest::default()
            };
            Ok::<_, AppError>((
                Names::load(conn)?,
                actions::list_in(conn, &who, &req, LISTED, now)?,
            ))
        })
        .await?;
    let t = c.t;
    let may_create = authorize(Some(c.principal()?), Permission::ManageActions(board)).is_ok();
    let create = may_create.then(|| {
        FormView::new(
            "new-action",
            t.get("action.new"),
            format!("/desk/boards/{board}/actions"),
            t.get("action.create"),
        )
        .field(Field::text("title", t.get("action.title")).required())
        .field(Field::long("description", t.get("action.description")))
        .field(Field::select("unit_id", t.get("action.unit"), names.unit_choices()).required())
        .field(Field::date("due_date", t.get("action.due")).required())
        .field(
            Field::select(
                "source_kind",
                t.get("action.source"),
                c.choices("source_kind", SourceKind::ALL, SourceKind::as_str),
            )
            .value("none")
            .required(),
        )
        .field(
            Field::number("source_id", t.get("action.source_id"))
                .hint(t.get("action.source_id_hint")),
        )
        .settle(refused.as_ref())
    });
    Ok(c.render(
        status(refused.as_ref()),
        &ListPage {
            c,
            heading: t.fill1("action.board_heading", "board", names.board(board)),
            rows: found
                .into_iter()
                .map(|a| action_row(c, &names, a))
                .collect(),
            quick: false,
            create,
        },
    ))
}

async fn board_list(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = board_page(&c, id.into_inner(), None).await;
    c.respond(result)
}

async fn create(
    c: Ctx,
    id: web::Path<BoardId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let req = CreateActionRequest {
            board_id: board,
            title: posted.get("title").to_owned(),
            description: posted.get("description").to_owned(),
            source_kind: posted.choice("source_kind")?,
            source_id: posted.opt_id("source_id")?,
            unit_id: UnitId(posted.id("unit_id")?),
            due_date: posted.date("due_date")?,
        };
        let created = actions::create(&c.state().db, who, req, c.state().clock.now()).await?;
        Ok(format!("/desk/actions/{}", created.id))
    };
    let reshow = async |refused| board_page(&c, board, Some(refused)).await;
    settle_post(&c, form, "new-action", attempt, reshow).await
}

async fn mine(c: Ctx) -> HttpResponse {
    let result = async {
        let who = c.principal()?.clone();
        let now = c.state().clock.now();
        let (names, found) = c
            .state()
            .db
            .read(move |conn| {
                let found = actions::of_my_units(conn, &who, LISTED, now)?;
                Ok::<_, AppError>((Names::load(conn)?, found))
            })
            .await?;
        Ok(c.ok(&ListPage {
            c: &c,
            heading: c.t.get("action.mine").to_owned(),
            rows: found
                .into_iter()
                .map(|a| action_row(&c, &names, a))
                .collect(),
            quick: true,
            create: None,
        }))
    }
    .await;
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
    updates: Vec<UpdateRow>,
    forms: Vec<FormView>,
}

async fn action_page(
    c: &Ctx,
    id: ActionId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let state = c.state();
    let (found, steps) = actions::detail(&state.db, c.principal()?, id, state.clock.now()).await?;
    let names = state.db.read(Names::load).await?;
    let ActionDetailView { action, updates } = found;
    let t = c.t;
    let mut forms = Vec::new();
    if steps.progress && action.status != ActionStatus::Verified {
        forms.push(status_form(c, action.id.0, action.status, false).settle(refused.as_ref()));
    }
    if steps.verify && action.status == ActionStatus::ReportedDone {
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
    let source = match action.source_id {
        Some(n) => format!("{} {n}", c.word("source_kind", action.source_kind.as_str())),
        None => c.word("source_kind", action.source_kind.as_str()),
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
            updates: updates
                .into_iter()
                .map(|u| UpdateRow {
                    kind: c.word("update_kind", &u.kind),
                    status: c.word("action_status", &u.status),
                    note: u.note,
                    at: u.at.format("%Y-%m-%d %H:%M UTC").to_string(),
                })
                .collect(),
            title: action.title,
            description: action.description,
            forms,
        },
    ))
}

/// The unit's progress: a status and a note. From "my unit's actions" it returns there.
fn status_form(c: &Ctx, id: i64, current: ActionStatus, from_mine: bool) -> FormView {
    let t = c.t;
    let start = if REPORTED.contains(&current) {
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
            c.choices("action_status", &REPORTED, ActionStatus::as_str),
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

async fn progress(
    c: Ctx,
    id: web::Path<ActionId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
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

async fn verify(
    c: Ctx,
    id: web::Path<ActionId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
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
