//! What the indicator operations answer: a definition with its baseline, targets, figures, the
//! outcome of recording one, and a month's status with its groups and roll-up.

use super::status::IndicatorStatus;
use super::values::Outcome;
use crate::db::indicator_baselines::Baseline;
use crate::db::indicator_values::IndicatorValue;
use crate::db::indicators::Indicator;
use crate::domain::ids::{BoardId, DecisionId, IndicatorId, UnitId};
use crate::domain::indicator::{Direction, Measure, Status};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A baseline as the board agreed it: answered with an indicator, and sent to set one.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineView {
    pub value: f64,
    pub date: NaiveDate,
    #[serde(default)]
    #[schema(max_length = 2000, format = "text")]
    pub note: String,
}

impl From<Baseline> for BaselineView {
    fn from(b: Baseline) -> Self {
        Self {
            value: b.value,
            date: b.date,
            note: b.note,
        }
    }
}

impl From<BaselineView> for Baseline {
    fn from(b: BaselineView) -> Self {
        Self {
            value: b.value,
            date: b.date,
            note: b.note.trim().to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct IndicatorView {
    pub id: IndicatorId,
    pub board_id: BoardId,
    pub code: String,
    pub name: String,
    pub description: String,
    pub unit: String,
    pub measure: Measure,
    pub direction: Direction,
    pub data_source: String,
    pub responsible_unit_id: Option<UnitId>,
    pub by_region: bool,
    pub by_sex: bool,
    pub by_age: bool,
    /// The meeting decision at which the board agreed on it.
    pub agreed_decision_id: Option<DecisionId>,
    pub baseline: Option<BaselineView>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl IndicatorView {
    pub fn new(i: Indicator, baseline: Option<Baseline>) -> Self {
        Self {
            id: i.id,
            board_id: i.board_id,
            code: i.code,
            name: i.name,
            description: i.description,
            unit: i.unit,
            measure: i.measure,
            direction: i.direction,
            data_source: i.data_source,
            responsible_unit_id: i.responsible_unit_id,
            by_region: i.by_region,
            by_sex: i.by_sex,
            by_age: i.by_age,
            agreed_decision_id: i.agreed_decision_id,
            baseline: baseline.map(BaselineView::from),
            created_at: i.created_at.and_utc(),
            updated_at: i.updated_at.and_utc(),
        }
    }
}

/// One target: answered with the targets, and sent to set them.
#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetView {
    /// A month (`2026-10`), quarter (`2026-Q4`) or year (`2026`).
    #[schema(
        example = "2027-Q1",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)(-(0[1-9]|1[0-2])|-[Qq][1-4])?$"
    )]
    pub period: String,
    pub value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct TargetsView {
    pub targets: Vec<TargetView>,
}

impl From<Vec<(String, f64)>> for TargetsView {
    fn from(all: Vec<(String, f64)>) -> Self {
        Self {
            targets: all
                .into_iter()
                .map(|(period, value)| TargetView { period, value })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ValueView {
    pub period: String,
    /// Empty when the figure is not for one region.
    pub region: String,
    /// Empty, or female, male, other, not_stated.
    pub sex: String,
    /// Empty, or child, youth, adult, elder.
    pub age_group: String,
    pub value: f64,
    pub source: String,
    pub note: String,
    pub updated_at: DateTime<Utc>,
}

impl From<IndicatorValue> for ValueView {
    fn from(stored: IndicatorValue) -> Self {
        let v = stored.figure;
        Self {
            period: v.period,
            region: v.region,
            sex: v.sex,
            age_group: v.age_group,
            value: v.value,
            source: v.source,
            note: v.note,
            updated_at: stored.updated_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RecordedView {
    /// created, updated or unchanged.
    pub outcome: String,
}

impl From<Outcome> for RecordedView {
    fn from(outcome: Outcome) -> Self {
        let outcome = match outcome {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
        };
        Self {
            outcome: outcome.to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = GroupValue)]
pub struct GroupValueView {
    /// The sex, age group or region.
    pub group: String,
    pub value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct RollupView {
    /// Regional boards with an indicator of the same code and measure.
    pub boards_sharing: usize,
    /// Those of them with a figure for the month.
    pub boards_reporting: usize,
    /// Their totals summed (counts) or averaged (other measures).
    pub value: Option<f64>,
    pub status: Status,
}

#[derive(Serialize, ToSchema)]
pub struct StatusView {
    pub indicator_id: IndicatorId,
    pub code: String,
    pub name: String,
    pub measure: Measure,
    pub direction: Direction,
    pub unit: String,
    /// The month's total: its undivided figure, or its groups summed (counts) or averaged.
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub baseline: Option<f64>,
    pub status: Status,
    /// Some expected groups (female and male; every age group) have no figure.
    pub partial: bool,
    pub by_sex: Vec<GroupValueView>,
    pub by_age: Vec<GroupValueView>,
    pub by_region: Vec<GroupValueView>,
    /// On a national board: the same indicator on its regional boards.
    pub rollup: Option<RollupView>,
}

impl From<IndicatorStatus> for StatusView {
    fn from(s: IndicatorStatus) -> Self {
        fn groups<K: ToString>(v: Vec<(K, f64)>) -> Vec<GroupValueView> {
            v.into_iter()
                .map(|(group, value)| GroupValueView {
                    group: group.to_string(),
                    value,
                })
                .collect()
        }
        Self {
            indicator_id: s.indicator.id,
            code: s.indicator.code,
            name: s.indicator.name,
            measure: s.indicator.measure,
            direction: s.indicator.direction,
            unit: s.indicator.unit,
            actual: s.reading.actual,
            target: s.reading.target,
            baseline: s.reading.baseline,
            status: s.status,
            partial: s.reading.partial,
            by_sex: groups(s.by_sex),
            by_age: groups(s.by_age),
            by_region: groups(s.by_region),
            rollup: s.rollup.map(|r| RollupView {
                boards_sharing: r.boards_sharing,
                boards_reporting: r.boards_reporting,
                value: r.value,
                status: r.status,
            }),
        }
    }
}
