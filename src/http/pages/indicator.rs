//! One indicator in the browser: its definition and baseline, its targets, and for the board's
//! secretariat the forms that change them (`indicators::update`, `indicators::set_targets`).

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::ids::{IndicatorId, UnitId};
use crate::domain::indicator::Direction;
use crate::domain::refusal;
use crate::error::AppError;
use crate::indicators::{
    self, BaselineView, EditIndicatorRequest, IndicatorView, SetTargetsRequest, TargetView,
};
use crate::org::names::Names;
use actix_web::{HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/indicators/{id}", web::get().to(show))
        .route("/desk/indicators/{id}/edit", web::post().to(edit))
        .route("/desk/indicators/{id}/baseline", web::post().to(baseline))
        .route("/desk/indicators/{id}/targets", web::post().to(targets));
}

#[derive(Template)]
#[template(path = "desk/indicator.html")]
struct IndicatorPage<'a> {
    c: &'a Ctx,
    i: IndicatorView,
    measure: String,
    direction: String,
    unit: String,
    divided: String,
    targets: Vec<TargetView>,
    /// Each behind a disclosure named by the first.
    forms: Vec<(String, FormView)>,
}

async fn indicator_page(
    c: &Ctx,
    id: IndicatorId,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let (who, db) = (c.principal()?, &c.state().db);
    let i = indicators::show(db, who, id).await?;
    let targets = indicators::targets(db, who, id).await?.targets;
    let names = Names::read(db).await?;
    let t = c.t;
    let mut forms = Vec::new();
    if authorize(Some(who), Permission::ManageIndicators(i.board_id)).is_ok() {
        let refused = refused.as_ref();
        forms = vec![
            (t.get("indicators.edit"), edit_form(c, &i, &names)),
            (t.get("indicators.baseline_set"), baseline_form(c, &i)),
            (
                t.get("indicators.targets_set"),
                targets_form(c, &i, &targets),
            ),
        ]
        .into_iter()
        .map(|(title, f)| (title.to_owned(), f.settle(refused)))
        .collect();
    }
    let divided = [
        (i.by_region, "indicators.by_region"),
        (i.by_sex, "indicators.by_sex"),
        (i.by_age, "indicators.by_age"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, key)| t.get(key))
    .collect::<Vec<_>>()
    .join(", ");
    Ok(c.render(
        status(refused.as_ref()),
        &IndicatorPage {
            c,
            measure: c.word("measure", i.measure.as_str()),
            direction: c.word("direction", i.direction.as_str()),
            unit: i
                .responsible_unit_id
                .map(|u| names.unit(u))
                .unwrap_or_default(),
            divided,
            targets,
            forms,
            i,
        },
    ))
}

/// A form of the indicator's page that posts to `/desk/indicators/{id}/{name}`.
fn page_form(i: &IndicatorView, name: &str, submit: &str) -> FormView {
    FormView::new(
        name,
        "",
        format!("/desk/indicators/{}/{name}", i.id),
        submit,
    )
}

fn edit_form(c: &Ctx, i: &IndicatorView, names: &Names) -> FormView {
    let t = c.t;
    let ticked = |on: bool| if on { "on" } else { "" };
    page_form(i, "edit", t.get("indicators.edit_submit"))
        .field(
            Field::text("name", t.get("indicators.name"))
                .value(&i.name)
                .required(),
        )
        .field(Field::long("description", t.get("indicators.description")).value(&i.description))
        .field(Field::text("unit", t.get("indicators.unit")).value(&i.unit))
        .field(
            Field::select(
                "direction",
                t.get("indicators.direction"),
                c.choices("direction", Direction::ALL, Direction::as_str),
            )
            .value(i.direction.as_str())
            .required(),
        )
        .field(Field::hidden("direction_was", i.direction.as_str()))
        .field(Field::text("data_source", t.get("indicators.data_source")).value(&i.data_source))
        .field(
            Field::select(
                "responsible_unit_id",
                t.get("indicators.responsible"),
                Choice::units(names),
            )
            .value(
                i.responsible_unit_id
                    .map(|u| u.to_string())
                    .unwrap_or_default(),
            ),
        )
        .field(
            Field::checkbox("by_region", t.get("indicators.by_region")).value(ticked(i.by_region)),
        )
        .field(Field::checkbox("by_sex", t.get("indicators.by_sex")).value(ticked(i.by_sex)))
        .field(Field::checkbox("by_age", t.get("indicators.by_age")).value(ticked(i.by_age)))
        .field(
            Field::long("reason", t.get("indicators.reason"))
                .hint(t.get("indicators.direction_reason_hint")),
        )
}

fn baseline_form(c: &Ctx, i: &IndicatorView) -> FormView {
    let t = c.t;
    let b = i.baseline.as_ref();
    page_form(i, "baseline", t.get("indicators.baseline_submit"))
        .field(
            Field::number("value", t.get("indicators.value"))
                .value(b.map(|b| b.value.to_string()).unwrap_or_default())
                .required(),
        )
        .field(
            Field::date("date", t.get("indicators.baseline_date"))
                .value(b.map(|b| b.date.to_string()).unwrap_or_default())
                .required(),
        )
        .field(
            Field::text("note", t.get("indicators.note"))
                .value(b.map(|b| b.note.clone()).unwrap_or_default()),
        )
        .field(Field::long("reason", t.get("indicators.reason")).required())
}

/// Targets as lines of "period value", the form a secretary types them in.
fn targets_form(c: &Ctx, i: &IndicatorView, targets: &[TargetView]) -> FormView {
    let t = c.t;
    let lines = targets
        .iter()
        .map(|x| format!("{} {}", x.period, x.value))
        .collect::<Vec<_>>()
        .join("\n");
    page_form(i, "targets", t.get("indicators.targets_submit"))
        .field(
            Field::long("targets", t.get("indicators.targets"))
                .value(lines)
                .hint(t.get("indicators.targets_hint")),
        )
        .field(Field::long("reason", t.get("indicators.reason")).required())
}

/// The targets typed one a line, "2027-Q1 12"; a line that is not a period and a number is
/// refused with its number.
fn typed_targets(raw: &str) -> Result<Vec<TargetView>, AppError> {
    raw.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, line)| {
            let mut words = line.split_whitespace();
            let (period, value) = (
                words.next(),
                words.next().and_then(|v| v.parse::<f64>().ok()),
            );
            match (period, value, words.next()) {
                (Some(period), Some(value), None) if value.is_finite() => Ok(TargetView {
                    period: period.to_owned(),
                    value,
                }),
                _ => Err(AppError::validation(
                    "targets",
                    refusal::indicator_target_line(line.trim(), n + 1),
                )),
            }
        })
        .collect()
}

async fn show(c: Ctx, id: web::Path<IndicatorId>) -> HttpResponse {
    c.respond(indicator_page(&c, id.into_inner(), None).await)
}

/// A form of the indicator's page: on success back to it, else the page with the refusal.
async fn indicator_form(
    c: Ctx,
    id: IndicatorId,
    form: FormBody,
    name: &'static str,
    apply: impl AsyncFnOnce(&Ctx, &Principal, &Posted) -> Result<(), AppError>,
) -> HttpResponse {
    let attempt = async |who: &Principal, posted: &Posted| {
        apply(&c, who, posted).await?;
        Ok(format!("/desk/indicators/{id}"))
    };
    let reshow = async |refused| indicator_page(&c, id, Some(refused)).await;
    settle_post(&c, form, name, attempt, reshow).await
}

/// The definition's form and the baseline's both change the indicator through `update`, each
/// read from its own fields.
async fn change(
    c: Ctx,
    id: IndicatorId,
    form: FormBody,
    name: &'static str,
    read: fn(&Posted) -> Result<EditIndicatorRequest, AppError>,
) -> HttpResponse {
    indicator_form(c, id, form, name, async |c, who, posted| {
        let req = read(posted)?;
        let now = c.state().clock.now();
        indicators::update(&c.state().db, who, id, req, now)
            .await
            .map(drop)
    })
    .await
}

async fn edit(c: Ctx, id: web::Path<IndicatorId>, form: FormBody) -> HttpResponse {
    change(c, id.into_inner(), form, "edit", definition_change).await
}

async fn baseline(c: Ctx, id: web::Path<IndicatorId>, form: FormBody) -> HttpResponse {
    change(c, id.into_inner(), form, "baseline", baseline_change).await
}

/// The definition as the form gives it; the direction only when it changes (it needs a reason).
fn definition_change(posted: &Posted) -> Result<EditIndicatorRequest, AppError> {
    let direction: Direction = posted.choice("direction")?;
    let reason = posted.get("reason").trim();
    Ok(EditIndicatorRequest {
        name: Some(posted.get("name").to_owned()),
        description: Some(posted.get("description").to_owned()),
        unit: Some(posted.get("unit").to_owned()),
        direction: (direction.as_str() != posted.get("direction_was")).then_some(direction),
        data_source: Some(posted.get("data_source").to_owned()),
        responsible_unit_id: Some(posted.opt_id("responsible_unit_id")?.map(UnitId)),
        by_region: Some(posted.ticked("by_region")),
        by_sex: Some(posted.ticked("by_sex")),
        by_age: Some(posted.ticked("by_age")),
        agreed_decision_id: None,
        baseline: None,
        reason: (!reason.is_empty()).then(|| reason.to_owned()),
    })
}

fn baseline_change(posted: &Posted) -> Result<EditIndicatorRequest, AppError> {
    Ok(EditIndicatorRequest {
        baseline: Some(Some(BaselineView {
            value: posted.number("value")?,
            date: posted.date("date")?,
            note: posted.get("note").to_owned(),
        })),
        reason: Some(posted.get("reason").to_owned()),
        ..EditIndicatorRequest::default()
    })
}

async fn targets(c: Ctx, id: web::Path<IndicatorId>, form: FormBody) -> HttpResponse {
    let id = id.into_inner();
    indicator_form(c, id, form, "targets", async |c, who, posted| {
        let req = SetTargetsRequest {
            targets: typed_targets(posted.get("targets"))?,
            reason: Some(posted.get("reason").to_owned()),
        };
        let now = c.state().clock.now();
        indicators::set_targets(&c.state().db, who, id, req, now)
            .await
            .map(drop)
    })
    .await
}
