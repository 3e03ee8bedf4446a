//! Where each of a board's indicators stands for a month, by the rule in
//! `domain::indicator`, with its figures by group and, on a national board, the roll-up of the
//! same indicator on its regional boards.

use crate::db::indicator_baselines as baselines;
use crate::db::indicator_values::{self as values, Figure};
use crate::db::indicators::{self as store, Indicator};
use crate::db::{self, DbConn, boards, indicator_targets};
use crate::domain::ids::BoardId;
use crate::domain::indicator::{AgeGroup, Reading, SEXES_EXPECTED, Status, combine, status};
use crate::domain::meeting::Sex;
use crate::domain::period::Period;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct IndicatorStatus {
    pub indicator: Indicator,
    pub reading: Reading,
    pub status: Status,
    pub by_sex: Vec<(Sex, f64)>,
    pub by_age: Vec<(AgeGroup, f64)>,
    pub by_region: Vec<(String, f64)>,
    pub rollup: Option<Rollup>,
}

/// The same indicator (same code) on the regional boards under a national board.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub boards_sharing: usize,
    pub boards_reporting: usize,
    pub value: Option<f64>,
    pub status: Status,
}

/// A month's total and groups from its figures; `partial` when a divided figure lacks some of
/// its expected groups and there is no undivided total.
struct Summary {
    actual: Option<f64>,
    partial: bool,
    by_sex: Vec<(Sex, f64)>,
    by_age: Vec<(AgeGroup, f64)>,
    by_region: Vec<(String, f64)>,
}

fn summarise(indicator: &Indicator, figures: &[Figure]) -> Summary {
    let undivided = figures
        .iter()
        .find(|f| f.region.is_empty() && f.sex.is_empty() && f.age_group.is_empty());
    let all: Vec<f64> = figures.iter().map(|f| f.value).collect();
    let grouped = |key: fn(&Figure) -> &str| -> BTreeMap<String, f64> {
        let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
        for f in figures.iter().filter(|f| !key(f).is_empty()) {
            groups.entry(key(f).to_owned()).or_default().push(f.value);
        }
        groups
            .into_iter()
            .filter_map(|(k, v)| combine(indicator.measure, &v).map(|c| (k, c)))
            .collect()
    };
    let sexes = grouped(|f| &f.sex);
    let ages = grouped(|f| &f.age_group);
    let partial = undivided.is_none()
        && !figures.is_empty()
        && ((indicator.by_sex
            && !SEXES_EXPECTED
                .iter()
                .all(|s| sexes.contains_key(s.as_str())))
            || (indicator.by_age && !AgeGroup::ALL.iter().all(|a| ages.contains_key(a.as_str()))));
    Summary {
        actual: undivided
            .map(|f| f.value)
            .or_else(|| combine(indicator.measure, &all)),
        partial,
        by_sex: sexes
            .into_iter()
            .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
            .collect(),
        by_age: ages
            .into_iter()
            .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
            .collect(),
        by_region: grouped(|f| &f.region).into_iter().collect(),
    }
}

/// The target for a month: the month's own, else its quarter's, else its year's.
fn target_for(targets: &[(String, f64)], month: Period) -> Option<f64> {
    month.enclosing().iter().find_map(|p| {
        let key = p.to_string();
        targets.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
    })
}

fn reading_of(
    conn: &mut DbConn,
    indicator: &Indicator,
    month: Period,
) -> db::Result<(Reading, Summary)> {
    let figures: Vec<Figure> = values::list(conn, indicator.id, Some(&month.to_string()))?
        .into_iter()
        .map(|v| v.figure)
        .collect();
    let summary = summarise(indicator, &figures);
    let reading = Reading {
        actual: summary.actual,
        target: target_for(&indicator_targets::list(conn, indicator.id)?, month),
        baseline: baselines::find(conn, indicator.id)?.map(|b| b.value),
        partial: summary.partial,
    };
    Ok((reading, summary))
}

/// The indicator's monthly figure (its total, as the status rule reads it) for each month, from
/// one read of its values over those months (`months` in order, oldest first).
pub fn trend(
    conn: &mut DbConn,
    indicator: &Indicator,
    months: &[Period],
) -> db::Result<Vec<Option<f64>>> {
    let (Some(first), Some(last)) = (months.first(), months.last()) else {
        return Ok(Vec::new());
    };
    let all = values::list_months(conn, indicator.id, &first.to_string(), &last.to_string())?;
    Ok(months
        .iter()
        .map(|m| {
            let key = m.to_string();
            let figures: Vec<Figure> = all
                .iter()
                .filter(|v| v.figure.period == key)
                .map(|v| v.figure.clone())
                .collect();
            summarise(indicator, &figures).actual
        })
        .collect())
}

/// The target each month was held to (`months` in order), from one read of the indicator's
/// targets.
pub fn target_trend(
    conn: &mut DbConn,
    indicator: &Indicator,
    months: &[Period],
) -> db::Result<Vec<Option<f64>>> {
    let targets = indicator_targets::list(conn, indicator.id)?;
    Ok(months.iter().map(|m| target_for(&targets, *m)).collect())
}

/// The status of every indicator of the board that `visible` lets through.
pub fn for_board(
    conn: &mut DbConn,
    board: BoardId,
    month: Period,
    visible: impl Fn(&Indicator) -> bool,
) -> db::Result<Vec<IndicatorStatus>> {
    let regions: Vec<BoardId> = boards::children(conn, board)?;
    let mut out = Vec::new();
    for indicator in store::list_for_board(conn, board)?
        .into_iter()
        .filter(|i| visible(i))
    {
        let (reading, summary) = reading_of(conn, &indicator, month)?;
        let rollup = if regions.is_empty() {
            None
        } else {
            rollup(conn, &indicator, &regions, month, reading)?
        };
        out.push(IndicatorStatus {
            status: status(indicator.direction, reading),
            reading,
            by_sex: summary.by_sex,
            by_age: summary.by_age,
            by_region: summary.by_region,
            rollup,
            indicator,
        });
    }
    Ok(out)
}

fn rollup(
    conn: &mut DbConn,
    national: &Indicator,
    regions: &[BoardId],
    month: Period,
    national_reading: Reading,
) -> db::Result<Option<Rollup>> {
    let shared: Vec<Indicator> = store::with_code_on(conn, regions, &national.code)?
        .into_iter()
        .filter(|i| i.measure == national.measure)
        .collect();
    if shared.is_empty() {
        return Ok(None);
    }
    let mut actuals = Vec::new();
    let mut partial = false;
    for regional in &shared {
        let (reading, _) = reading_of(conn, regional, month)?;
        if let Some(a) = reading.actual {
            actuals.push(a);
        }
        partial |= reading.partial;
    }
    let value = combine(national.measure, &actuals);
    let reading = Reading {
        actual: value,
        partial: partial || actuals.len() < shared.len(),
        ..national_reading
    };
    Ok(Some(Rollup {
        boards_sharing: shared.len(),
        boards_reporting: actuals.len(),
        value,
        status: status(national.direction, reading),
    }))
}
