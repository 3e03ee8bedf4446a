//! The public dashboard (`/dashboard`): a board's published months as SVG charts, each beside a
//! table of the same figures, from `reports::trends` — published reports only. A count a report
//! suppressed (`<5`) stays so in the tables and is drawn as nothing.

use super::Ctx;
use super::dashboard::{Chart, Table, stacked};
use crate::charts::{self, Layer, Stacks, Words};
use crate::domain::ids::BoardId;
use crate::error::AppError;
use crate::reports::document::{CountLine, ReportDocument};
use crate::reports::trends::{self, PublishedMonth, Trends};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard", web::get().to(show));
}

/// A board the reader may switch to.
struct BoardChoice {
    id: i64,
    name: String,
    chosen: bool,
}

#[derive(Template)]
#[template(path = "public/dashboard.html")]
struct DashboardPage<'a> {
    c: &'a Ctx,
    heading: String,
    intro: String,
    boards: Vec<BoardChoice>,
    totals: Table,
    charts: Vec<Chart>,
    /// The months' reports, for reading each whole.
    reports: Vec<(i64, String)>,
}

async fn show(c: Ctx, req: HttpRequest) -> HttpResponse {
    let result = async {
        let asked = web::Query::<Vec<(String, String)>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
        let board = match asked.iter().find(|(k, _)| k == "board") {
            None => None,
            Some((_, v)) => Some(BoardId(v.parse().map_err(|_| {
                AppError::not_found(crate::domain::refusal::not_found(
                    v,
                    crate::domain::refusal::Word::of("record", "board"),
                ))
            })?)),
        };
        let found = trends::published(&c.state().db, board).await?;
        Ok(c.ok(&page(&c, &found)))
    }
    .await;
    c.respond(result)
}

/// A published count as a number to draw: a suppressed one (`<5`) draws as nothing.
fn drawn(shown: &str) -> u32 {
    shown.parse().unwrap_or(0)
}

fn page<'a>(c: &'a Ctx, found: &Trends) -> DashboardPage<'a> {
    let t = c.t;
    let months = &found.months;
    let (from, to) = (
        months
            .first()
            .map(|m| m.doc.period.clone())
            .unwrap_or_default(),
        months
            .last()
            .map(|m| m.doc.period.clone())
            .unwrap_or_default(),
    );
    let intro = if months.is_empty() {
        t.get("public_dashboard.none").to_owned()
    } else {
        t.fill(
            "public_dashboard.intro",
            &[("count", &months.len()), ("from", &from), ("to", &to)],
        )
    };
    let mut charts = Vec::new();
    if !months.is_empty() {
        charts.push(breakdown(c, months, Breakdown::Harm));
        charts.push(breakdown(c, months, Breakdown::Region));
        charts.push(grievances(c, months));
        charts.push(indicators(c, months));
        if let Some(last) = months.last() {
            charts.push(actions(c, &last.doc));
        }
    }
    DashboardPage {
        c,
        heading: t.fill1("public_dashboard.heading", "board", &found.board.name),
        intro,
        boards: (found.boards.iter())
            .map(|b| BoardChoice {
                id: b.id.0,
                name: b.name.clone(),
                chosen: b.id == found.board.id,
            })
            .collect(),
        totals: totals(c, months),
        charts,
        reports: (months.iter())
            .map(|m| (m.report.0, m.doc.period.clone()))
            .collect(),
    }
}

/// The months' key figures, a row a month, as each report's at-a-glance table gave them.
fn totals(c: &Ctx, months: &[PublishedMonth]) -> Table {
    let keys: Vec<&str> = months
        .first()
        .map(|m| m.doc.key_figures().iter().map(|(k, _)| *k).collect())
        .unwrap_or_default();
    Table {
        corner: c.t.get("dashboard.month").to_owned(),
        columns: (keys.iter())
            .map(|k| c.t.get(&format!("glance.{k}")).to_owned())
            .collect(),
        rows: (months.iter())
            .map(|m| {
                let figures = m.doc.key_figures();
                let cells = (keys.iter())
                    .map(|k| {
                        (figures.iter())
                            .find(|(key, _)| key == k)
                            .map(|(_, v)| v.clone())
                            .unwrap_or_default()
                    })
                    .collect();
                (m.doc.period.clone(), cells)
            })
            .collect(),
    }
}

fn month_axis(months: &[PublishedMonth]) -> Vec<String> {
    charts::month_axis(months.iter().map(|m| m.period))
}

/// Which breakdown of the month's incidents a chart draws.
#[derive(Clone, Copy)]
enum Breakdown {
    Harm,
    Region,
}

impl Breakdown {
    fn lines(self, doc: &ReportDocument) -> &[CountLine] {
        match self {
            Self::Harm => &doc.incidents.by_harm,
            Self::Region => &doc.incidents.by_region,
        }
    }
}

/// Incidents by kind of harm (or by region), a column a month, and their victims in the table.
fn breakdown(c: &Ctx, months: &[PublishedMonth], by: Breakdown) -> Chart {
    let t = c.t;
    let mut labels: Vec<&str> = Vec::new();
    for m in months {
        for line in by.lines(&m.doc) {
            if !labels.contains(&line.label.as_str()) {
                labels.push(&line.label);
            }
        }
    }
    let count = |m: &PublishedMonth, label: &str| -> String {
        (by.lines(&m.doc).iter())
            .find(|l| l.label == label)
            .map_or_else(|| "0".to_owned(), |l| l.count.clone())
    };
    let name = |label: &str| match by {
        Breakdown::Harm => c.word("harm", label),
        Breakdown::Region => label.to_owned(),
    };
    let stacks = Stacks {
        categories: month_axis(months),
        layers: (labels.iter())
            .map(|label| Layer {
                name: name(label),
                values: months.iter().map(|m| drawn(&count(m, label))).collect(),
                colour: None,
            })
            .collect(),
    };
    let (id, title) = match by {
        Breakdown::Harm => ("incidents-by-harm", "public_dashboard.by_harm"),
        Breakdown::Region => ("incidents-by-region", "public_dashboard.by_region"),
    };
    let words = Words {
        id,
        title: t.get(title),
        x_axis: t.get("dashboard.month"),
        y_axis: t.get("dashboard.incidents_axis"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let periods = months.iter().map(|m| m.doc.period.clone()).collect();
    let mut chart = stacked(c, &words, stacks, periods, false);
    chart.table.columns = labels.iter().map(|l| name(l)).collect();
    chart
        .table
        .columns
        .push(t.get("glance.incidents").to_owned());
    chart.table.columns.push(t.get("glance.victims").to_owned());
    for (row, m) in chart.table.rows.iter_mut().zip(months) {
        row.1 = labels.iter().map(|l| count(m, l)).collect();
        row.1.push(m.doc.incidents.total.clone());
        row.1.push(m.doc.incidents.victims.clone());
    }
    chart.note = t.get("public_dashboard.suppressed_note").to_owned();
    chart
}

/// Grievances due for an answer each month: answered on time, and not.
fn grievances(c: &Ctx, months: &[PublishedMonth]) -> Chart {
    let t = c.t;
    let on_time = |m: &PublishedMonth| drawn(&m.doc.grievances.responded_on_time);
    let late = |m: &PublishedMonth| {
        let g = &m.doc.grievances;
        match (
            g.response_due.parse::<u32>(),
            g.responded_on_time.parse::<u32>(),
        ) {
            (Ok(due), Ok(met)) => due.saturating_sub(met),
            _ => 0,
        }
    };
    let stacks = Stacks {
        categories: month_axis(months),
        layers: vec![
            Layer {
                name: t.get("dashboard.on_time").to_owned(),
                values: months.iter().map(on_time).collect(),
                colour: Some(charts::PALETTE[2]),
            },
            Layer {
                name: t.get("public_dashboard.not_on_time").to_owned(),
                values: months.iter().map(late).collect(),
                colour: Some(charts::PALETTE[3]),
            },
        ],
    };
    let words = Words {
        id: "grievances",
        title: t.get("public_dashboard.grievances"),
        x_axis: t.get("dashboard.month"),
        y_axis: t.get("glance.grievances_answer_due"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let periods = months.iter().map(|m| m.doc.period.clone()).collect();
    let mut chart = stacked(c, &words, stacks, periods, false);
    chart.table.columns = [
        "grievances_received",
        "grievances_answer_due",
        "grievances_answered_on_time",
    ]
    .iter()
    .map(|k| t.get(&format!("glance.{k}")).to_owned())
    .collect();
    for (row, m) in chart.table.rows.iter_mut().zip(months) {
        let g = &m.doc.grievances;
        row.1 = vec![
            g.received.clone(),
            g.response_due.clone(),
            g.responded_on_time.clone(),
        ];
    }
    chart.note = t.get("public_dashboard.suppressed_note").to_owned();
    chart
}

/// How many of the board's indicators stood at each status, each month.
fn indicators(c: &Ctx, months: &[PublishedMonth]) -> Chart {
    let t = c.t;
    let statuses = [
        ("on_track", charts::PALETTE[2]),
        ("at_risk", charts::PALETTE[1]),
        ("off_track", charts::PALETTE[3]),
        ("no_data", charts::PALETTE[6]),
    ];
    let stacks = Stacks {
        categories: month_axis(months),
        layers: (statuses.iter())
            .map(|(status, colour)| Layer {
                name: c.word("indicator_status", status),
                values: (months.iter())
                    .map(|m| {
                        let n = m.doc.indicators.iter().filter(|i| i.status == *status);
                        u32::try_from(n.count()).unwrap_or(u32::MAX)
                    })
                    .collect(),
                colour: Some(colour),
            })
            .collect(),
    };
    let words = Words {
        id: "indicators",
        title: t.get("public_dashboard.indicators"),
        x_axis: t.get("dashboard.month"),
        y_axis: t.get("public_dashboard.indicators_axis"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let periods = months.iter().map(|m| m.doc.period.clone()).collect();
    stacked(c, &words, stacks, periods, false)
}

/// The latest month's follow-up actions by unit: open on time, overdue, verified.
fn actions(c: &Ctx, doc: &ReportDocument) -> Chart {
    let t = c.t;
    let units = &doc.actions.by_unit;
    let layer = |key: &str,
                 colour: &'static str,
                 of: fn(&crate::reports::document::UnitActions) -> u32| Layer {
        name: t.get(key).to_owned(),
        values: units.iter().map(of).collect(),
        colour: Some(colour),
    };
    let stacks = Stacks {
        categories: units.iter().map(|u| u.unit.clone()).collect(),
        layers: vec![
            layer("public_dashboard.open_on_time", charts::PALETTE[0], |u| {
                u.open.saturating_sub(u.overdue)
            }),
            layer("glance.actions_overdue", charts::PALETTE[3], |u| u.overdue),
            layer("glance.actions_verified", charts::PALETTE[2], |u| {
                u.verified
            }),
        ],
    };
    let title = t.fill1("public_dashboard.actions", "period", &doc.period);
    let words = Words {
        id: "actions",
        title: &title,
        x_axis: t.get("dashboard.actions_axis"),
        y_axis: t.get("dashboard.unit"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let names = units.iter().map(|u| u.unit.clone()).collect();
    let mut chart = stacked(c, &words, stacks, names, true);
    chart.table.corner = t.get("dashboard.unit").to_owned();
    chart
}
