//! Indicators in the browser: a month's status of each of a board's indicators, entering one
//! figure, and uploading a CSV of figures with every refused row listed. The rules are the
//! operations' (`crate::indicators`).

use super::Ctx;
use super::forms::{Choice, Field, FormView, Posted, Refused, read_upload, settle_post, status};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::domain::ids::{BoardId, IndicatorId};
use crate::domain::period::Period;
use crate::error::AppError;
use crate::indicators;
use crate::indicators::values::RawFigure;
use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::{Datelike, Months};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route(
        "/desk/boards/{id}/indicators",
        web::get().to(board_indicators),
    )
    .route("/desk/boards/{id}/indicators", web::post().to(record))
    .route("/desk/boards/{id}/indicators/csv", web::post().to(upload));
}

struct StatusRow {
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
    let who = c.principal()?.clone();
    authorize(Some(&who), Permission::ReadIndicators(board))?;
    let recorder = authorize(Some(&who), Permission::RecordIndicatorValues(board)).is_ok();
    let now = c.state().clock.now();
    let month = month.map(str::to_owned);
    let (b, period, all) = c
        .state()
        .db
        .read(move |conn| {
            let b = crate::org::boards::find(conn, board)?;
            let period = match month.as_deref() {
                Some(raw) => Period::parse_month("period", raw)?,
                None => {
                    let last = now
                        .with_timezone(&b.zone())
                        .date_naive()
                        .checked_sub_months(Months::new(1))
                        .unwrap_or_default();
                    Period::parse_month(
                        "period",
                        &format!("{:04}-{:02}", last.year(), last.month()),
                    )?
                }
            };
            let all = indicators::board_status_in(conn, &who, board, period)?;
            Ok::<_, AppError>((b, period, all))
        })
        .await?;
    let t = c.t;
    let mut forms = Vec::new();
    if recorder {
        let choices: Vec<Choice> = all
            .iter()
            .map(|s| {
                Choice::new(
                    s.indicator.id,
                    format!("{} · {}", s.indicator.code, s.indicator.name),
                )
            })
            .collect();
        forms.push(
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
                Field::text("region", t.get("indicators.region"))
                    .hint(t.get("indicators.region_hint")),
            )
            .field(Field::number("value", t.get("indicators.value")).required())
            .field(Field::text("source", t.get("indicators.source")))
            .field(Field::long("note", t.get("indicators.note")))
            .settle(refused.as_ref()),
        );
        forms.push(
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
            .settle(refused.as_ref()),
        );
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
        },
    ))
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

async fn record(
    c: Ctx,
    id: web::Path<BoardId>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
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
            value: posted.number("value")?,
            source: posted.get("source").to_owned(),
            note: posted.get("note").to_owned(),
            ..RawFigure::default()
        };
        let state = c.state();
        let found = state
            .db
            .read(move |conn| indicators::find(conn, indicator))
            .await?;
        if found.board_id != board {
            return Err(AppError::validation(
                "indicator",
                "not an indicator of this board",
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
                c.t.get("indicators.file_missing"),
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
                let refused = Refused::of("csv", Posted::from(Vec::new()), e)?;
                page(&c, board, None, String::new(), Some(refused)).await
            }
        }
    }
    .await;
    c.respond(result)
}
