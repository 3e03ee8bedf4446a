//! Indicators in the browser: a month's status of each of a board's indicators, entering one
//! figure, and uploading a CSV of figures with every refused row listed. The rules are the
//! operations' (`crate::indicators`).

use super::Ctx;
use super::forms::{Choice, Field, FormBody, FormView, Posted, Refused, settle_post, status};
use super::upload::read_upload;
use crate::auth::policy::Principal;
use crate::domain::ids::{BoardId, IndicatorId, UnitId};
use crate::domain::indicator::{AgeGroup, Direction, Measure};
use crate::domain::meeting::Sex;
use crate::domain::period::Period;
use crate::domain::refusal;
use crate::error::AppError;
use crate::indicators::values::{MonthLock, RawFigure};
use crate::indicators::{
    self, BaselineView, BoardMonth, CreateIndicatorRequest, ReopenMonthRequest,
};
use crate::org::names::Names;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/indicators",
        web::get().to(board_indicators),
    )
    .route("/desk/boards/{id}/indicators", web::post().to(record))
    .route("/desk/boards/{id}/indicators/csv", web::post().to(upload))
    .route(
        "/desk/boards/{id}/indicators/template.csv",
        web::get().to(template),
    )
    .route("/desk/boards/{id}/indicators/new", web::post().to(define))
    .route(
        "/desk/boards/{id}/indicators/{period}/reopen",
        web::post().to(reopen),
    )
    .route(
        "/desk/boards/{id}/indicators/{period}/relock",
        web::post().to(relock),
    );
}

struct StatusRow {
    id: i64,
    code: String,
    name: String,
    actual: String,
    target: String,
    baseline: String,
    status: String,
}

#[derive(Template)]
#[template(path = "desk/indicators.html")]
struct IndicatorsPage<'a> {
    c: &'a Ctx,
    board_id: BoardId,
    heading: String,
    period: String,
    rows: Vec<StatusRow>,
    notice: String,
    forms: Vec<FormView>,
    /// The secretariat's: a new indicator, and reopening or locking again the month shown.
    define: Option<FormView>,
    month: Option<FormView>,
}

#[derive(Deserialize)]
struct Month {
    period: Option<String>,
    imported: Option<usize>,
}

fn shown(n: Option<f64>) -> String {
    n.map(|v| format!("{v}")).unwrap_or_else(|| "–".to_owned())
}

async fn page(
    c: &Ctx,
    board: BoardId,
    month: Option<&str>,
    notice: String,
    refused: Option<Refused>,
) -> Result<HttpResponse, AppError> {
    let state = c.state();
    let (now, lock_days) = (state.clock.now(), state.settings.indicator_lock_days);
    let month = month.map(str::to_owned);
    let found = indicators::board_month(&state.db, c.principal()?, board, month, now, lock_days);
    let BoardMonth {
        board: b,
        period,
        statuses: all,
        lock,
        records,
        manages,
    } = found.await?;
    let t = c.t;
    let forms = if records {
        let choices: Vec<Choice> = all
            .iter()
            .map(|s| {
                Choice::new(
                    s.indicator.id,
                    format!("{} · {}", s.indicator.code, s.indicator.name),
                )
            })
            .collect();
        recording_forms(c, board, period, choices, refused.as_ref())
    } else {
        Vec::new()
    };
    let (mut define, mut month) = (None, None);
    if manages {
        let names = Names::read(&state.db).await?;
        define = Some(define_form(c, board, &names).settle(refused.as_ref()));
        month = month_forms(c, board, &period.to_string(), lock, refused.as_ref());
    }
    Ok(c.render(
        status(refused.as_ref()),
        &IndicatorsPage {
            c,
            board_id: board,
            heading: t.fill1("indicators.board_heading", "board", &b.name),
            period: period.to_string(),
            rows: all
                .iter()
                .map(|s| StatusRow {
                    id: s.indicator.id.0,
                    code: s.indicator.code.clone(),
                    name: s.indicator.name.clone(),
                    actual: shown(s.reading.actual),
                    target: shown(s.reading.target),
                    baseline: shown(s.reading.baseline),
                    status: c.word("indicator_status", s.status.as_str()),
                })
                .collect(),
            notice,
            forms,
            define,
            month,
        },
    ))
}

/// Entering one figure (for a group where the indicator is divided), and uploading a file.
fn recording_forms(
    c: &Ctx,
    board: BoardId,
    period: Period,
    choices: Vec<Choice>,
    refused: Option<&Refused>,
) -> Vec<FormView> {
    let t = c.t;
    vec![
        FormView::new(
            "value",
            t.get("indicators.enter"),
            format!("/desk/boards/{board}/indicators"),
            t.get("indicators.enter_submit"),
        )
        .field(Field::select("indicator", t.get("indicators.indicator"), choices).required())
        .field(
            Field::text("period", t.get("reports.period"))
                .value(period)
                .required(),
        )
        .field(
            Field::text("region", t.get("indicators.region")).hint(t.get("indicators.region_hint")),
        )
        .field(
            Field::select("sex", t.get("indicators.sex"), groups(c, "sex", Sex::ALL))
                .hint(t.get("indicators.sex_hint")),
        )
        .field(
            Field::select(
                "age_group",
                t.get("indicators.age_group"),
                groups(c, "age_group", AgeGroup::ALL),
            )
            .hint(t.get("indicators.age_group_hint")),
        )
        .field(Field::number("value", t.get("indicators.value")).required())
        .field(Field::text("source", t.get("indicators.source")))
        .field(Field::long("note", t.get("indicators.note")))
        .settle(refused),
        FormView::new(
            "csv",
            t.get("indicators.upload"),
            format!("/desk/boards/{board}/indicators/csv"),
            t.get("indicators.upload_submit"),
        )
        .field(
            Field::file("file", t.get("indicators.file"))
                .hint(t.get("indicators.file_hint"))
                .required(),
        )
        .multipart()
        .settle(refused),
    ]
}

/// The groups a figure may stand for, after the choice of none (the total, or an indicator not
/// divided so).
fn groups<T: Copy + std::fmt::Display>(c: &Ctx, vocabulary: &str, all: &[T]) -> Vec<Choice> {
    std::iter::once(Choice::new("", c.t.get("indicators.all_groups")))
        .chain(
            all.iter()
                .map(|g| Choice::new(g, c.word(vocabulary, &g.to_string()))),
        )
        .collect()
}

/// A new indicator of the board: what it counts, which way is better, how it is divided, and
/// its baseline when one is known.
fn define_form(c: &Ctx, board: BoardId, names: &Names) -> FormView {
    let t = c.t;
    FormView::new(
        "define",
        "",
        format!("/desk/boards/{board}/indicators/new"),
        t.get("indicators.define_submit"),
    )
    .field(
        Field::text("code", t.get("indicators.code"))
            .hint(t.get("indicators.code_hint"))
            .required(),
    )
    .field(Field::text("name", t.get("indicators.name")).required())
    .field(Field::long("description", t.get("indicators.description")))
    .field(
        Field::select(
            "measure",
            t.get("indicators.measure"),
            c.choices("measure", Measure::ALL, Measure::as_str),
        )
        .value("count")
        .required(),
    )
    .field(Field::text("unit", t.get("indicators.unit")).hint(t.get("indicators.unit_hint")))
    .field(
        Field::select(
            "direction",
            t.get("indicators.direction"),
            c.choices("direction", Direction::ALL, Direction::as_str),
        )
        .required(),
    )
    .field(Field::text("data_source", t.get("indicators.data_source")))
    .field(Field::select(
        "responsible_unit_id",
        t.get("indicators.responsible"),
        Choice::units(names),
    ))
    .field(Field::checkbox("by_region", t.get("indicators.by_region")))
    .field(Field::checkbox("by_sex", t.get("indicators.by_sex")))
    .field(Field::checkbox("by_age", t.get("indicators.by_age")))
    .field(
        Field::number("baseline_value", t.get("indicators.baseline"))
            .hint(t.get("indicators.baseline_hint")),
    )
    .field(Field::date(
        "baseline_date",
        t.get("indicators.baseline_date"),
    ))
}

/// Reopening the month shown (with the reason on record) when it is locked, or locking it again
/// once reopened.
fn month_forms(
    c: &Ctx,
    board: BoardId,
    period: &str,
    lock: MonthLock,
    refused: Option<&Refused>,
) -> Option<FormView> {
    let t = c.t;
    let base = format!("/desk/boards/{board}/indicators/{period}");
    let form = match lock {
        MonthLock::Open => return None,
        MonthLock::Locked => FormView::new(
            "reopen",
            &t.fill1("indicators.reopen", "period", period),
            format!("{base}/reopen"),
            t.get("indicators.reopen_submit"),
        )
        .field(
            Field::long("reason", t.get("indicators.reason"))
                .hint(t.get("indicators.reopen_hint"))
                .required(),
        ),
        MonthLock::Reopened => FormView::new(
            "relock",
            &t.fill1("indicators.reopened", "period", period),
            format!("{base}/relock"),
            &t.fill1("indicators.relock", "period", period),
        ),
    };
    Some(form.settle(refused))
}

async fn board_indicators(c: Ctx, id: web::Path<BoardId>, q: web::Query<Month>) -> HttpResponse {
    let q = q.into_inner();
    let notice = q
        .imported
        .map(|n| c.t.fill1("indicators.imported", "n", n))
        .unwrap_or_default();
    let result = page(&c, id.into_inner(), q.period.as_deref(), notice, None).await;
    c.respond(result)
}

async fn record(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let posted = Posted::from(form.into_inner());
    let month = Period::parse_month("period", posted.get("period").trim())
        .ok()
        .map(|p| p.to_string());
    let attempt = async |who: &Principal, posted: &Posted| {
        let indicator = IndicatorId(posted.id("indicator")?);
        let raw = RawFigure {
            period: posted.get("period").trim().to_owned(),
            region: posted.get("region").to_owned(),
            sex: posted.get("sex").to_owned(),
            age_group: posted.get("age_group").to_owned(),
            value: posted.number("value")?,
            source: posted.get("source").to_owned(),
            note: posted.get("note").to_owned(),
        };
        let state = c.state();
        let found = state
            .db
            .read(move |conn| indicators::find(conn, indicator))
            .await?;
        if found.board_id != board {
            return Err(AppError::validation(
                "indicator",
                refusal::indicator_elsewhere(),
            ));
        }
        let (now, lock_days) = (state.clock.now(), state.settings.indicator_lock_days);
        indicators::record_value(&state.db, who, indicator, raw, now, lock_days).await?;
        Ok(format!(
            "/desk/boards/{board}/indicators?period={}",
            super::encode(posted.get("period").trim())
        ))
    };
    let reshow =
        async |refused| page(&c, board, month.as_deref(), String::new(), Some(refused)).await;
    settle_post(&c, posted, "value", attempt, reshow).await
}

async fn upload(c: Ctx, id: web::Path<BoardId>, req: HttpRequest, form: Multipart) -> HttpResponse {
    let board = id.into_inner();
    let limit = c.state().settings.max_body_bytes;
    let result = async {
        let who = c.principal()?;
        let parts = read_upload(&req, form, limit).await?;
        c.check_csrf(parts.get("csrf").map_or("", |p| p.text()))?;
        let bytes = parts
            .get("file")
            .map(|p| p.bytes.clone())
            .unwrap_or_default();
        let outcome = if bytes.is_empty() {
            Err(AppError::validation(
                "file",
                refusal::indicator_file_missing(),
            ))
        } else {
            let state = c.state();
            let (now, lock_days) = (state.clock.now(), state.settings.indicator_lock_days);
            indicators::import(&state.db, who, board, bytes, now, lock_days).await
        };
        match outcome {
            Ok(summary) => Ok(c.see_other(&format!(
                "/desk/boards/{board}/indicators?imported={}",
                summary.rows
            ))),
            Err(e) => {
                let refused = Refused::of(&c, "csv", Posted::from(Vec::new()), e)?;
                page(&c, board, None, String::new(), Some(refused)).await
            }
        }
    }
    .await;
    c.respond(result)
}

/// The file to fill in for the month shown, downloaded.
async fn template(c: Ctx, id: web::Path<BoardId>, q: web::Query<Month>) -> HttpResponse {
    let board = id.into_inner();
    let result = async {
        let period = q.period.clone().unwrap_or_default();
        let csv = indicators::template(&c.state().db, c.principal()?, board, &period).await?;
        Ok(HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                actix_web::http::header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"indicators-{board}-{period}.csv\""),
            ))
            .body(csv))
    }
    .await;
    c.respond(result)
}

async fn define(c: Ctx, id: web::Path<BoardId>, form: FormBody) -> HttpResponse {
    let board = id.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let baseline = match posted.get("baseline_value").trim() {
            "" => None,
            _ => Some(BaselineView {
                value: posted.number("baseline_value")?,
                date: posted.date("baseline_date")?,
                note: String::new(),
            }),
        };
        let req = CreateIndicatorRequest {
            code: posted.get("code").trim().to_owned(),
            name: posted.get("name").to_owned(),
            description: posted.get("description").to_owned(),
            unit: posted.get("unit").to_owned(),
            measure: posted.choice("measure")?,
            direction: posted.choice("direction")?,
            data_source: posted.get("data_source").to_owned(),
            responsible_unit_id: posted.opt_id("responsible_unit_id")?.map(UnitId),
            by_region: posted.ticked("by_region"),
            by_sex: posted.ticked("by_sex"),
            by_age: posted.ticked("by_age"),
            agreed_decision_id: None,
            baseline,
        };
        let now = c.state().clock.now();
        let made = indicators::create(&c.state().db, who, board, req, now).await?;
        Ok(format!("/desk/indicators/{}", made.id))
    };
    let reshow = async |refused| page(&c, board, None, String::new(), Some(refused)).await;
    settle_post(&c, form, "define", attempt, reshow).await
}

/// Reopens or locks again a month of the board's figures, then shows that month.
async fn month_step(
    c: Ctx,
    path: web::Path<(BoardId, String)>,
    form: FormBody,
    reopening: bool,
) -> HttpResponse {
    let (board, period) = path.into_inner();
    let attempt = async |who: &Principal, posted: &Posted| {
        let (db, now) = (&c.state().db, c.state().clock.now());
        if reopening {
            let req = ReopenMonthRequest {
                reason: posted.get("reason").to_owned(),
            };
            indicators::reopen(db, who, board, &period, req, now).await?;
        } else {
            indicators::relock(db, who, board, &period, now).await?;
        }
        Ok(format!(
            "/desk/boards/{board}/indicators?period={}",
            super::encode(&period)
        ))
    };
    let shown = Period::parse_month("period", &period)
        .ok()
        .map(|p| p.to_string());
    let reshow =
        async |refused| page(&c, board, shown.as_deref(), String::new(), Some(refused)).await;
    let name = if reopening { "reopen" } else { "relock" };
    settle_post(&c, form, name, attempt, reshow).await
}

async fn reopen(c: Ctx, path: web::Path<(BoardId, String)>, form: FormBody) -> HttpResponse {
    month_step(c, path, form, true).await
}

async fn relock(c: Ctx, path: web::Path<(BoardId, String)>, form: FormBody) -> HttpResponse {
    month_step(c, path, form, false).await
}
