//! A board's dashboard: each chart drawn on the server as SVG (`crate::charts`) beside a table
//! of the same figures, from the operation `org::dashboard`, which leaves out what the reader
//! may not read.

use super::Ctx;
use crate::charts::{self, Layer, Stacks, Words, bars, lines};
use crate::domain::action::ActionStatus;
use crate::domain::ids::BoardId;
use crate::domain::period::Period;
use crate::org::dashboard::{self, Dashboard, GrievanceMonth, IndicatorTrend};
use actix_web::{HttpResponse, web};
use askama::Template;

/// Colours that carry a meaning across the charts.
const GOOD: &str = charts::PALETTE[2];
const LATE: &str = charts::PALETTE[1];
const BAD: &str = charts::PALETTE[3];
const PENDING: &str = charts::PALETTE[0];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/desk/boards/{id}/dashboard", web::get().to(show));
}

/// The figures of a chart as a table: a header cell a row, then its values.
pub(super) struct Table {
    pub(super) corner: String,
    pub(super) columns: Vec<String>,
    pub(super) rows: Vec<(String, Vec<String>)>,
}

/// One chart: its visible caption, the drawing, its legend and the same figures as a table.
pub(super) struct Chart {
    pub(super) id: String,
    pub(super) caption: String,
    pub(super) svg: String,
    pub(super) legend: String,
    pub(super) note: String,
    pub(super) table: Table,
}

#[derive(Template)]
#[template(path = "desk/dashboard.html")]
struct DashboardPage<'a> {
    c: &'a Ctx,
    board_id: BoardId,
    heading: String,
    intro: String,
    /// `None` for a part left out; its sentence is then in `left_out`.
    trends: Option<Vec<Chart>>,
    /// Said under the trends: that there are none, or that only the first are drawn.
    trends_note: String,
    charts: Vec<Chart>,
    left_out: Vec<String>,
}

async fn show(c: Ctx, id: web::Path<BoardId>) -> HttpResponse {
    let result = async {
        let who = c.principal()?;
        let now = c.state().clock.now();
        let d = dashboard::dashboard(&c.state().db, who, id.into_inner(), now).await?;
        Ok(c.ok(&page(&c, d)))
    }
    .await;
    c.respond(result)
}

fn page(c: &Ctx, d: Dashboard) -> DashboardPage<'_> {
    let t = c.t;
    let (from, to) = (
        d.months.first().map(Period::to_string).unwrap_or_default(),
        d.months.last().map(Period::to_string).unwrap_or_default(),
    );
    let mut left_out = Vec::new();
    let mut trends_note = String::new();
    let trends = match &d.indicators {
        Some(found) => {
            if found.total == 0 {
                trends_note = t.get("dashboard.no_indicators").to_owned();
            } else if found.total > found.shown.len() {
                trends_note = t.fill(
                    "dashboard.more_indicators",
                    &[("shown", &found.shown.len()), ("total", &found.total)],
                );
            }
            Some(found.shown.iter().map(|i| trend(c, &d, i)).collect())
        }
        None => {
            left_out.push(t.get("dashboard.unread_indicators").to_owned());
            None
        }
    };
    let mut charts = Vec::new();
    match &d.incidents {
        Some(harms) => charts.push(incidents(c, &d, harms)),
        None => left_out.push(t.get("dashboard.unread_incidents").to_owned()),
    }
    match &d.grievances {
        Some(months) => charts.push(grievances(c, &d, months)),
        None => left_out.push(t.get("dashboard.unread_grievances").to_owned()),
    }
    match &d.actions {
        Some(units) => charts.push(actions(c, units)),
        None => left_out.push(t.get("dashboard.unread_actions").to_owned()),
    }
    DashboardPage {
        c,
        board_id: d.board.id,
        heading: t.fill1("dashboard.heading", "board", &d.board.name),
        intro: t.fill(
            "dashboard.intro",
            &[("from", &from), ("to", &to), ("zone", &d.board.time_zone)],
        ),
        trends,
        trends_note,
        charts,
        left_out,
    }
}

fn month_rows(d: &Dashboard, cells: impl Fn(usize) -> Vec<String>) -> Vec<(String, Vec<String>)> {
    d.months
        .iter()
        .enumerate()
        .map(|(i, m)| (m.to_string(), cells(i)))
        .collect()
}

fn trend(c: &Ctx, d: &Dashboard, i: &IndicatorTrend) -> Chart {
    let t = c.t;
    let id = format!("indicator-{}", i.id);
    let title = t.fill(
        "dashboard.indicator_title",
        &[("code", &i.code), ("name", &i.name)],
    );
    let y_axis = if i.unit.is_empty() {
        t.get("dashboard.value")
    } else {
        &i.unit
    };
    let shown = |v: &Option<f64>| v.map(charts::number).unwrap_or_else(|| "–".to_owned());
    let series = lines::Trend {
        labels: charts::month_axis(d.months.iter().copied()),
        values: i.values.clone(),
        targets: i.targets.clone(),
    };
    Chart {
        svg: lines::trend(
            &series,
            &Words {
                id: &id,
                title: &title,
                x_axis: t.get("dashboard.month"),
                y_axis,
                no_figures: t.get("dashboard.no_figures"),
            },
        ),
        legend: if i.values.iter().any(Option::is_some) {
            charts::legend(&series.legend(t.get("dashboard.value"), t.get("dashboard.target")))
        } else {
            String::new()
        },
        note: String::new(),
        table: Table {
            corner: t.get("dashboard.month").to_owned(),
            columns: vec![
                t.get("dashboard.value").to_owned(),
                t.get("dashboard.target").to_owned(),
            ],
            rows: month_rows(d, |m| vec![shown(&i.values[m]), shown(&i.targets[m])]),
        },
        caption: title,
        id,
    }
}

/// A chart of stacked counts and its table: a row a category, a column a layer, and the total.
pub(super) fn stacked(
    c: &Ctx,
    words: &Words,
    stacks: Stacks,
    rows: Vec<String>,
    by_row: bool,
) -> Chart {
    let svg = if by_row {
        bars::rows(&stacks, words)
    } else {
        bars::columns(&stacks, words)
    };
    let mut columns: Vec<String> = stacks.layers.iter().map(|l| l.name.clone()).collect();
    columns.push(c.t.get("dashboard.total").to_owned());
    let table_rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, label)| {
            let mut cells: Vec<String> = stacks
                .layers
                .iter()
                .map(|l| l.values.get(i).copied().unwrap_or(0).to_string())
                .collect();
            cells.push(stacks.total(i).to_string());
            (label, cells)
        })
        .collect();
    Chart {
        id: words.id.to_owned(),
        caption: words.title.to_owned(),
        legend: if stacks.is_empty() {
            String::new()
        } else {
            charts::legend(&stacks.legend())
        },
        svg,
        note: String::new(),
        table: Table {
            corner: words.x_axis.to_owned(),
            columns,
            rows: table_rows,
        },
    }
}

fn incidents(c: &Ctx, d: &Dashboard, harms: &[dashboard::HarmMonths]) -> Chart {
    let t = c.t;
    let stacks = Stacks {
        categories: charts::month_axis(d.months.iter().copied()),
        layers: harms
            .iter()
            .map(|h| Layer {
                name: c.word("harm", h.harm.as_str()),
                values: h.counts.clone(),
                colour: None,
            })
            .collect(),
    };
    let words = Words {
        id: "incidents",
        title: t.get("dashboard.incidents"),
        x_axis: t.get("dashboard.month"),
        y_axis: t.get("dashboard.incidents_axis"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let months = d.months.iter().map(Period::to_string).collect();
    Chart {
        note: t.get("dashboard.incidents_note").to_owned(),
        ..stacked(c, &words, stacks, months, false)
    }
}

fn grievances(c: &Ctx, d: &Dashboard, months: &[GrievanceMonth]) -> Chart {
    let t = c.t;
    let part = |key: &str, colour: &'static str, of: fn(&GrievanceMonth) -> u32| Layer {
        name: t.get(key).to_owned(),
        values: months.iter().map(of).collect(),
        colour: Some(colour),
    };
    let stacks = Stacks {
        categories: charts::month_axis(d.months.iter().copied()),
        layers: vec![
            part("dashboard.on_time", GOOD, |m| m.on_time),
            part("dashboard.late", LATE, |m| m.late),
            part("dashboard.overdue", BAD, |m| m.overdue),
            part("dashboard.waiting", PENDING, |m| m.waiting),
        ],
    };
    let words = Words {
        id: "grievances",
        title: t.get("dashboard.grievances"),
        x_axis: t.get("dashboard.month"),
        y_axis: t.get("dashboard.grievances_axis"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let labels = d.months.iter().map(Period::to_string).collect();
    let mut chart = stacked(c, &words, stacks, labels, false);
    if let Some(total) = chart.table.columns.last_mut() {
        *total = t.get("dashboard.received").to_owned();
    }
    chart.note = t.get("dashboard.grievances_note").to_owned();
    chart
}

fn actions(c: &Ctx, units: &[dashboard::UnitActions]) -> Chart {
    let t = c.t;
    let stacks = Stacks {
        categories: units.iter().map(|u| u.unit.clone()).collect(),
        layers: ActionStatus::ALL
            .iter()
            .enumerate()
            .map(|(s, status)| Layer {
                name: c.word("action_status", status.as_str()),
                values: units.iter().map(|u| u.counts[s]).collect(),
                colour: Some(match status {
                    ActionStatus::Open => PENDING,
                    ActionStatus::InProgress => charts::PALETTE[5],
                    ActionStatus::Blocked => BAD,
                    ActionStatus::ReportedDone => charts::PALETTE[4],
                    ActionStatus::Verified => GOOD,
                }),
            })
            .collect(),
    };
    let words = Words {
        id: "actions",
        title: t.get("dashboard.actions"),
        x_axis: t.get("dashboard.actions_axis"),
        y_axis: t.get("dashboard.unit"),
        no_figures: t.get("dashboard.no_figures"),
    };
    let names = units.iter().map(|u| u.unit.clone()).collect();
    let mut chart = stacked(c, &words, stacks, names, true);
    chart.table.corner = t.get("dashboard.unit").to_owned();
    chart.note = t.get("dashboard.actions_note").to_owned();
    chart
}
