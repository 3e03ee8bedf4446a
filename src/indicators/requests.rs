//! What the indicator operations take: a new definition and changes to one (parsed into
//! `definitions`' drafts once the caller may make them), targets, the month of figures or
//! status asked for, and the reason for reopening a month.

use super::definitions::{self, IndicatorChanges, IndicatorDraft, TEXT_MAX};
use super::views::{BaselineView, TargetView};
use crate::db::indicator_baselines::Baseline;
use crate::domain::ids::{DecisionId, UnitId};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::request::nullable;
use crate::domain::text::{Label, NAME_MAX, trimmed};
use crate::error::AppError;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IndicatorCreate)]
pub struct CreateIndicatorRequest {
    /// Letters, digits, `.`, `_`, `-`; unique on the board. The same code on a national board
    /// and its regional boards makes a roll-up.
    #[schema(min_length = 1, max_length = 40, pattern = r"^[A-Za-z0-9._-]+$")]
    pub code: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// What the number counts or measures, e.g. "incidents" or "% of respondents".
    #[serde(default)]
    pub unit: String,
    pub measure: Measure,
    pub direction: Direction,
    #[serde(default)]
    pub data_source: String,
    pub responsible_unit_id: Option<UnitId>,
    #[serde(default)]
    pub by_region: bool,
    #[serde(default)]
    pub by_sex: bool,
    #[serde(default)]
    pub by_age: bool,
    pub agreed_decision_id: Option<DecisionId>,
    pub baseline: Option<BaselineView>,
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = IndicatorPatch)]
pub struct EditIndicatorRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: Option<String>,
    pub description: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub data_source: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    pub responsible_unit_id: Option<Option<UnitId>>,
    pub by_region: Option<bool>,
    pub by_sex: Option<bool>,
    pub by_age: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DecisionId>)]
    pub agreed_decision_id: Option<Option<DecisionId>>,
    /// A new baseline, or `null` to remove it; needs `reason`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<BaselineView>)]
    pub baseline: Option<Option<BaselineView>>,
    /// Why the baseline or direction changes: required for those, kept in the audit log.
    pub reason: Option<String>,
}

fn text(field: &'static str, raw: &str) -> Result<String, AppError> {
    Ok(trimmed(field, raw, TEXT_MAX)?)
}

impl TryFrom<CreateIndicatorRequest> for IndicatorDraft {
    type Error = AppError;

    fn try_from(b: CreateIndicatorRequest) -> Result<Self, AppError> {
        Ok(Self {
            code: definitions::parse_code(&b.code)?,
            name: Label::parse("name", &b.name, NAME_MAX)?,
            description: text("description", &b.description)?,
            unit: trimmed("unit", &b.unit, NAME_MAX)?,
            measure: b.measure,
            direction: b.direction,
            data_source: text("data_source", &b.data_source)?,
            responsible_unit_id: b.responsible_unit_id,
            by_region: b.by_region,
            by_sex: b.by_sex,
            by_age: b.by_age,
            agreed_decision_id: b.agreed_decision_id,
            baseline: b.baseline.map(Baseline::from),
        })
    }
}

impl TryFrom<EditIndicatorRequest> for IndicatorChanges {
    type Error = AppError;

    fn try_from(b: EditIndicatorRequest) -> Result<Self, AppError> {
        let opt_text = |field, raw: Option<String>| raw.map(|t| text(field, &t)).transpose();
        Ok(Self {
            name: b
                .name
                .as_deref()
                .map(|n| Label::parse("name", n, NAME_MAX))
                .transpose()?,
            description: opt_text("description", b.description)?,
            unit: b
                .unit
                .as_deref()
                .map(|u| trimmed("unit", u, NAME_MAX))
                .transpose()?,
            direction: b.direction,
            data_source: opt_text("data_source", b.data_source)?,
            responsible_unit_id: b.responsible_unit_id,
            by_region: b.by_region,
            by_sex: b.by_sex,
            by_age: b.by_age,
            agreed_decision_id: b.agreed_decision_id,
            baseline: b.baseline.map(|o| o.map(Baseline::from)),
            reason: b.reason,
        })
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = TargetsInput)]
pub struct SetTargetsRequest {
    /// All targets; periods left out are removed.
    #[schema(max_items = 400)]
    pub targets: Vec<TargetView>,
    /// Why they change: required, kept in the audit log.
    pub reason: Option<String>,
}

/// An indicator's figures, of one month or all.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListValuesRequest {
    /// A month, `YYYY-MM` (1970–2200).
    #[param(
        example = "2026-10",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
    )]
    pub period: Option<String>,
}

/// A board's indicators as they stand in a month.
#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BoardStatusRequest {
    /// The month, `YYYY-MM` (1970–2200).
    #[param(
        example = "2026-10",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
    )]
    pub period: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReopenInput)]
pub struct ReopenMonthRequest {
    /// Why the month's figures must change after it locked: kept in the audit log.
    #[schema(min_length = 1, max_length = 2000, format = "text")]
    pub reason: String,
}
