//! The board tree for its admin: national → regional → provincial boards, a new board anywhere
//! in it, and each board's own page to rename it, move it, set its zone and its rules.

use super::{AdminNav, Branch, in_tree_order};
use crate::auth::policy::{Permission, authorize};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::BoardId;
use crate::domain::refusal;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status,
};
use crate::org::boards::{self, BoardView, CreateBoardRequest, EditBoardRequest};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/admin/boards", web::get().to(tree))
        .route("/desk/admin/boards", web::post().to(create))
        .route("/desk/admin/boards/{id}", web::get().to(show))
        .route("/desk/admin/boards/{id}", web::post().to(edit));
}

const TREE: &str = "/desk/admin/boards";

struct BoardRow {
    id: BoardId,
    parent: Option<BoardId>,
    name: String,
    level: String,
    time_zone: String,
}

#[derive(Template)]
#[template(path = "desk/admin/boards.html")]
struct TreePage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    rows: Vec<Branch<BoardRow>>,
    create: FormView,
}

#[derive(Template)]
#[template(path = "desk/admin/board.html")]
struct BoardPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    name: String,
    facts: Vec<(String, String)>,
    form: FormView,
}

/// The time zones a board may keep, by their IANA names.
fn zone_choices() -> Vec<Choice> {
    let names = TimeZoneName::offered().into_iter();
    names.map(|n| Choice::new(n, n)).collect()
}

fn level_choices(c: &Ctx) -> Vec<Choice> {
    c.choices("admin.level", &BoardLevel::ALL, BoardLevel::as_str)
}

fn parent_choices(all: &[BoardView], except: Option<BoardId>) -> Vec<Choice> {
    all.iter()
        .filter(|b| Some(b.id) != except)
        .map(|b| Choice::new(b.id, b.name.clone()))
        .collect()
}

/// The boards, after the policy has said that the reader administers them.
async fn administered(c: &Ctx) -> Result<Vec<BoardView>, AppError> {
    let who = c.principal()?;
    authorize(Some(who), Permission::CreateBoard)?;
    boards::list(&c.state().db, Some(who)).await
}

async fn tree_page(c: &Ctx, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let all = administered(c).await?;
    let t = c.t;
    let create = FormView::new(
        "new-board",
        t.get("admin.new_board"),
        TREE,
        t.get("admin.new_board_submit"),
    )
    .field(Field::text("name", t.get("admin.name")).required())
    .field(Field::select("level", t.get("admin.level"), level_choices(c)).required())
    .field(
        Field::select(
            "parent_id",
            t.get("admin.parent_board"),
            parent_choices(&all, None),
        )
        .hint(t.get("admin.parent_board_hint")),
    )
    .field(
        Field::select("time_zone", t.get("admin.time_zone"), zone_choices())
            .value(DEFAULT_TIME_ZONE)
            .required(),
    )
    .settle(refused.as_ref());
    let rows = all
        .into_iter()
        .map(|b| BoardRow {
            id: b.id,
            parent: b.parent_id,
            level: c.word("admin.level", b.level.as_str()),
            name: b.name,
            time_zone: b.time_zone,
        })
        .collect();
    let rows = in_tree_order(rows, |b: &BoardRow| b.id.0, |b| b.parent.map(|p| p.0));
    Ok(c.render(
        status(refused.as_ref()),
        &TreePage {
            c,
            nav: AdminNav::new(c, TREE),
            rows,
            create,
        },
    ))
}

async fn board_page(
    c: &Ctx,
    id: BoardId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let all = administered(c).await?;
    let b = boards::show(&c.state().db, c.who.as_ref(), id).await?;
    let t = c.t;
    let days = |d: Option<u32>| d.map(|d| d.to_string()).unwrap_or_default();
    let form = FormView::new(
        "board",
        t.get("admin.edit_board"),
        format!("{TREE}/{id}"),
        t.get("admin.save"),
    )
    .field(
        Field::text("name", t.get("admin.name"))
            .value(&b.name)
            .required(),
    )
    .field(
        Field::select("time_zone", t.get("admin.time_zone"), zone_choices())
            .value(&b.time_zone)
            .required(),
    )
    .field(
        Field::select("level", t.get("admin.level"), level_choices(c))
            .value(b.level.as_str())
            .required(),
    )
    .field(
        Field::select(
            "parent_id",
            t.get("admin.parent_board"),
            parent_choices(&all, Some(id)),
        )
        .value(b.parent_id.map(|p| p.to_string()).unwrap_or_default())
        .hint(t.get("admin.parent_board_hint")),
    )
    .field(
        Field::number("grievance_ack_days", t.get("admin.ack_days"))
            .value(days(b.grievance_ack_days))
            .hint(t.get("admin.days_hint")),
    )
    .field(
        Field::number("grievance_response_days", t.get("admin.response_days"))
            .value(days(b.grievance_response_days))
            .hint(t.get("admin.days_hint")),
    )
    .field(
        Field::checkbox("two_person_approval", t.get("admin.two_person"))
            .value(if b.two_person_approval { "on" } else { "" }),
    )
    .field(Field::long("reason", t.get("admin.reason")).hint(t.get("admin.reason_hint")))
    .field(Field::hidden("two_person_was", b.two_person_approval))
    .settle(refused.as_ref());
    let yes_no = |on: bool| t.get(if on { "admin.yes" } else { "admin.no" }).to_owned();
    let facts = vec![
        (
            t.get("admin.level").to_owned(),
            c.word("admin.level", b.level.as_str()),
        ),
        (t.get("admin.time_zone").to_owned(), b.time_zone.clone()),
        (
            t.get("admin.two_person_rule").to_owned(),
            yes_no(b.two_person_approval),
        ),
    ];
    Ok(c.render(
        status(refused.as_ref()),
        &BoardPage {
            c,
            nav: AdminNav::new(c, TREE),
            name: b.name,
            facts,
            form,
        },
    ))
}

async fn tree(c: Ctx) -> HttpResponse {
    c.respond(tree_page(&c, None).await)
}

async fn show(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    c.respond(board_page(&c, id.into_inner(), None).await)
}

/// Days of a grievance deadline as typed: blank for the installation's default.
fn days(posted: &Posted, field: &str) -> Result<Option<u32>, AppError> {
    posted
        .opt_id(field)?
        .map(|d| {
            u32::try_from(d)
                .map_err(|_| AppError::validation(field, refusal::board_days_from_one()))
        })
        .transpose()
}

async fn create(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &_, posted: &Posted| {
        let req = CreateBoardRequest {
            name: posted.get("name").to_owned(),
            level: posted.choice("level")?,
            parent_id: posted.opt_id("parent_id")?.map(BoardId),
            time_zone: Some(posted.get("time_zone").to_owned()),
        };
        let b = boards::add(&c.state().db, who, req, c.state().clock.now()).await?;
        Ok(format!("{TREE}/{}", b.id))
    };
    let reshow = async |refused| tree_page(&c, Some(refused)).await;
    settle_post(&c, form, "new-board", attempt, reshow).await
}

async fn edit(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &_, posted: &Posted| {
        let before = boards::show(&c.state().db, Some(who), id).await?;
        let level: BoardLevel = posted.choice("level")?;
        let parent = posted.opt_id("parent_id")?.map(BoardId);
        let moved = level != before.level || parent != before.parent_id;
        let two_person = posted.ticked("two_person_approval");
        let rule_changes = two_person.to_string() != posted.get("two_person_was");
        let req = EditBoardRequest {
            name: Some(posted.get("name").to_owned()),
            time_zone: Some(posted.get("time_zone").to_owned()),
            level: moved.then_some(level),
            parent_id: moved.then_some(parent),
            grievance_ack_days: Some(days(posted, "grievance_ack_days")?),
            grievance_response_days: Some(days(posted, "grievance_response_days")?),
            two_person_approval: rule_changes.then_some(two_person),
            reason: rule_changes.then(|| posted.get("reason").to_owned()),
        };
        boards::edit(&c.state().db, who, id, req, c.state().clock.now()).await?;
        Ok(format!("{TREE}/{id}"))
    };
    let reshow = async |refused| board_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "board", attempt, reshow).await
}
