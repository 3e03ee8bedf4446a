//! The chain of command for its admin: every unit under the one above it, a new unit anywhere
//! in the chain, and each unit's own page to rename or move it.

use super::{AdminNav, Branch, in_tree_order};
use crate::auth::policy::{Permission, authorize};
use crate::domain::ids::UnitId;
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::http::pages::Ctx;
use crate::http::pages::forms::{
    Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status,
};
use crate::org::units::{self, CreateUnitRequest, EditUnitRequest, UnitView};
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(CHAIN, web::get().to(chain))
        .route(CHAIN, web::post().to(create))
        .route("/desk/admin/units/{id}", web::get().to(show))
        .route("/desk/admin/units/{id}", web::post().to(edit));
}

const CHAIN: &str = "/desk/admin/units";

#[derive(Template)]
#[template(path = "desk/admin/units.html")]
struct ChainPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    rows: Vec<Branch<UnitView>>,
    create: FormView,
}

#[derive(Template)]
#[template(path = "desk/admin/unit.html")]
struct UnitPage<'a> {
    c: &'a Ctx,
    nav: AdminNav,
    name: String,
    above: String,
    service: String,
    form: FormView,
}

/// The units, after the policy has said that the reader keeps the chain of command.
async fn administered(c: &Ctx) -> Result<Vec<UnitView>, AppError> {
    let who = c.principal()?;
    authorize(Some(who), Permission::ManageUnits)?;
    units::list(&c.state().db, who).await
}

fn service_choices(c: &Ctx) -> Vec<Choice> {
    c.choices("admin.service", &Service::ALL, Service::as_str)
}

fn parent_choices(all: &[UnitView], except: Option<UnitId>) -> Vec<Choice> {
    all.iter()
        .filter(|u| Some(u.id) != except)
        .map(|u| Choice::new(u.id, u.name.clone()))
        .collect()
}

/// The fields a unit is described by, for a new unit or filled with one.
fn unit_form(c: &Ctx, form: FormView, all: &[UnitView], unit: Option<&UnitView>) -> FormView {
    let t = c.t;
    form.field(
        Field::text("name", t.get("admin.name"))
            .value(unit.map(|u| u.name.clone()).unwrap_or_default())
            .required(),
    )
    .field(
        Field::text("abbreviation", t.get("admin.abbreviation")).value(
            unit.and_then(|u| u.abbreviation.clone())
                .unwrap_or_default(),
        ),
    )
    .field(
        Field::select("service", t.get("admin.service"), service_choices(c))
            .value(unit.map(|u| u.service.as_str()).unwrap_or_default())
            .required(),
    )
    .field(
        Field::select(
            "parent_id",
            t.get("admin.parent_unit"),
            parent_choices(all, unit.map(|u| u.id)),
        )
        .value(
            unit.and_then(|u| u.parent_id)
                .map(|p| p.to_string())
                .unwrap_or_default(),
        )
        .hint(t.get("admin.parent_unit_hint")),
    )
}

async fn chain_page(c: &Ctx, refused: Option<Refused>) -> Result<HttpResponse, AppError> {
    let all = administered(c).await?;
    let t = c.t;
    let create = FormView::new(
        "new-unit",
        t.get("admin.new_unit"),
        CHAIN,
        t.get("admin.new_unit_submit"),
    );
    let create = unit_form(c, create, &all, None).settle(refused.as_ref());
    let rows = in_tree_order(all, |u| u.id.0, |u| u.parent_id.map(|p| p.0));
    Ok(c.render(
        status(refused.as_ref()),
        &ChainPage {
            c,
            nav: AdminNav::new(c, CHAIN),
            rows,
            create,
        },
    ))
}

async fn unit_page(
    c: &Ctx,
    id: UnitId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let all = administered(c).await?;
    let u = units::show(&c.state().db, c.principal()?, id).await?;
    let t = c.t;
    let form = FormView::new(
        "unit",
        t.get("admin.edit_unit"),
        format!("{CHAIN}/{id}"),
        t.get("admin.save"),
    );
    let form = unit_form(c, form, &all, Some(&u)).settle(refused.as_ref());
    let above = u
        .parent_id
        .and_then(|p| all.iter().find(|x| x.id == p))
        .map_or_else(
            || t.get("admin.top_of_chain").to_owned(),
            |p| p.name.clone(),
        );
    Ok(c.render(
        status(refused.as_ref()),
        &UnitPage {
            c,
            nav: AdminNav::new(c, CHAIN),
            service: c.word("admin.service", u.service.as_str()),
            name: u.name,
            above,
            form,
        },
    ))
}

async fn chain(c: Ctx) -> HttpResponse {
    c.respond(chain_page(&c, None).await)
}

async fn show(c: Ctx, id: web::Path<UnitId>) -> HttpResponse {
    c.respond(unit_page(&c, id.into_inner(), None).await)
}

async fn create(c: Ctx, form: FormBody) -> HttpResponse {
    let attempt = async |who: &_, posted: &Posted| {
        let req = CreateUnitRequest {
            name: posted.get("name").to_owned(),
            abbreviation: Some(posted.get("abbreviation").to_owned()),
            service: posted.choice("service")?,
            parent_id: posted.opt_id("parent_id")?.map(UnitId),
        };
        let u = units::add(&c.state().db, who, req, c.state().clock.now()).await?;
        Ok(format!("{CHAIN}/{}", u.id))
    };
    let reshow = async |refused| chain_page(&c, Some(refused)).await;
    settle_post(&c, form, "new-unit", attempt, reshow).await
}

async fn edit(c: Ctx, id: web::Path<UnitId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    let attempt = async |who: &_, posted: &Posted| {
        let before = units::show(&c.state().db, who, id).await?;
        let parent = posted.opt_id("parent_id")?.map(UnitId);
        let req = EditUnitRequest {
            name: Some(posted.get("name").to_owned()),
            abbreviation: Some(Some(posted.get("abbreviation").to_owned())),
            service: Some(posted.choice("service")?),
            parent_id: (parent != before.parent_id).then_some(parent),
        };
        units::edit(&c.state().db, who, id, req, c.state().clock.now()).await?;
        Ok(format!("{CHAIN}/{id}"))
    };
    let reshow = async |refused| unit_page(&c, id, Some(refused)).await;
    settle_post(&c, form, "unit", attempt, reshow).await
}
