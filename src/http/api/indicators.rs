//! `/api/v1/boards/{id}/indicators`, `/api/v1/indicators/{id}` with its targets and values,
//! the monthly status, and the reopening of locked months.

use super::{nullable, utc};
use crate::db::indicator_baselines::Baseline;
use crate::db::indicator_values::IndicatorValue;
use crate::db::indicators::Indicator;
use crate::domain::ids::{BoardId, DecisionId, IndicatorId, UnitId};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::text::{Label, NAME_MAX, trimmed};
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::indicators;
use crate::indicators::definitions::{self, IndicatorChanges, IndicatorDraft, TEXT_MAX};
use crate::indicators::values::{Outcome, RawFigure};
use actix_web::{HttpResponse, get, patch, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BaselineView {
    value: f64,
    date: NaiveDate,
    #[serde(default)]
    #[schema(max_length = 2000, format = "text")]
    note: String,
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
    id: IndicatorId,
    board_id: BoardId,
    code: String,
    name: String,
    description: String,
    unit: String,
    measure: Measure,
    direction: Direction,
    data_source: String,
    responsible_unit_id: Option<UnitId>,
    by_region: bool,
    by_sex: bool,
    by_age: bool,
    /// The meeting decision at which the board agreed on it.
    agreed_decision_id: Option<DecisionId>,
    baseline: Option<BaselineView>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl IndicatorView {
    fn new(i: Indicator, baseline: Option<Baseline>) -> Self {
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
            created_at: utc(i.created_at),
            updated_at: utc(i.updated_at),
        }
    }
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorCreate {
    /// Letters, digits, `.`, `_`, `-`; unique on the board. The same code on a national board
    /// and its regional boards makes a roll-up.
    #[schema(min_length = 1, max_length = 40, pattern = r"^[A-Za-z0-9._-]+$")]
    code: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: String,
    #[serde(default)]
    description: String,
    /// What the number counts or measures, e.g. "incidents" or "% of respondents".
    #[serde(default)]
    unit: String,
    measure: Measure,
    direction: Direction,
    #[serde(default)]
    data_source: String,
    responsible_unit_id: Option<UnitId>,
    #[serde(default)]
    by_region: bool,
    #[serde(default)]
    by_sex: bool,
    #[serde(default)]
    by_age: bool,
    agreed_decision_id: Option<DecisionId>,
    baseline: Option<BaselineView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorPatch {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    name: Option<String>,
    description: Option<String>,
    unit: Option<String>,
    direction: Option<Direction>,
    data_source: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<UnitId>)]
    responsible_unit_id: Option<Option<UnitId>>,
    by_region: Option<bool>,
    by_sex: Option<bool>,
    by_age: Option<bool>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<DecisionId>)]
    agreed_decision_id: Option<Option<DecisionId>>,
    /// A new baseline, or `null` to remove it; needs `reason`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<BaselineView>)]
    baseline: Option<Option<BaselineView>>,
    /// Why the baseline or direction changes: required for those, kept in the audit log.
    reason: Option<String>,
}

fn text(field: &'static str, raw: &str) -> Result<String, AppError> {
    Ok(trimmed(field, raw, TEXT_MAX)?)
}

impl TryFrom<IndicatorCreate> for IndicatorDraft {
    type Error = AppError;

    fn try_from(b: IndicatorCreate) -> Result<Self, AppError> {
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

impl TryFrom<IndicatorPatch> for IndicatorChanges {
    type Error = AppError;

    fn try_from(b: IndicatorPatch) -> Result<Self, AppError> {
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

#[utoipa::path(tag = "indicators", responses((status = 200, body = Vec<IndicatorView>)))]
#[get("/{id}/indicators")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<Vec<IndicatorView>>, AppError> {
    let found = indicators::list(&state.db, &who.0, BoardId(id.into_inner())).await?;
    Ok(web::Json(
        found
            .into_iter()
            .map(|(i, baseline)| IndicatorView::new(i, baseline))
            .collect(),
    ))
}

#[utoipa::path(tag = "indicators", request_body = IndicatorCreate,
    responses((status = 201, body = IndicatorView)))]
#[post("/{id}/indicators")]
pub async fn create(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<IndicatorCreate>,
) -> Result<HttpResponse, AppError> {
    let board = BoardId(id.into_inner());
    let now = state.clock.now();
    let (created, baseline) =
        indicators::create(&state.db, &who.0, board, body.into_inner(), now).await?;
    Ok(HttpResponse::Created().json(IndicatorView::new(created, baseline)))
}

#[utoipa::path(tag = "indicators", responses((status = 200, body = IndicatorView)))]
#[get("/{id}")]
pub async fn show(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<IndicatorView>, AppError> {
    let (found, baseline) =
        indicators::show(&state.db, &who.0, IndicatorId(id.into_inner())).await?;
    Ok(web::Json(IndicatorView::new(found, baseline)))
}

#[utoipa::path(tag = "indicators", request_body = IndicatorPatch,
    responses((status = 200, body = IndicatorView)))]
#[patch("/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<IndicatorPatch>,
) -> Result<web::Json<IndicatorView>, AppError> {
    let (id, now) = (IndicatorId(id.into_inner()), state.clock.now());
    let (updated, baseline) =
        indicators::update(&state.db, &who.0, id, body.into_inner(), now).await?;
    Ok(web::Json(IndicatorView::new(updated, baseline)))
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetView {
    /// A month (`2026-10`), quarter (`2026-Q4`) or year (`2026`).
    #[schema(
        example = "2027-Q1",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)(-(0[1-9]|1[0-2])|-[Qq][1-4])?$"
    )]
    period: String,
    value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct TargetsView {
    targets: Vec<TargetView>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetsInput {
    /// All targets; periods left out are removed.
    #[schema(max_items = 400)]
    targets: Vec<TargetView>,
    /// Why they change: required, kept in the audit log.
    reason: Option<String>,
}

fn targets_view(all: Vec<(String, f64)>) -> TargetsView {
    TargetsView {
        targets: all
            .into_iter()
            .map(|(period, value)| TargetView { period, value })
            .collect(),
    }
}

#[utoipa::path(tag = "indicators", responses((status = 200, body = TargetsView)))]
#[get("/{id}/targets")]
pub async fn targets(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
) -> Result<web::Json<TargetsView>, AppError> {
    let all = indicators::targets(&state.db, &who.0, IndicatorId(id.into_inner())).await?;
    Ok(web::Json(targets_view(all)))
}

/// Replaces the benchmarks; a change needs a reason, recorded with who made it.
#[utoipa::path(tag = "indicators", request_body = TargetsInput,
    responses((status = 200, body = TargetsView)))]
#[put("/{id}/targets")]
pub async fn set_targets(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<TargetsInput>,
) -> Result<web::Json<TargetsView>, AppError> {
    let b = body.into_inner();
    let wanted = b.targets.into_iter().map(|t| (t.period, t.value)).collect();
    let (id, now) = (IndicatorId(id.into_inner()), state.clock.now());
    let all = indicators::set_targets(&state.db, &who.0, id, wanted, b.reason, now).await?;
    Ok(web::Json(targets_view(all)))
}

#[derive(Serialize, ToSchema)]
pub struct ValueView {
    period: String,
    /// Empty when the figure is not for one region.
    region: String,
    /// Empty, or female, male, other, not_stated.
    sex: String,
    /// Empty, or child, youth, adult, elder.
    age_group: String,
    value: f64,
    source: String,
    note: String,
    updated_at: DateTime<Utc>,
}

impl From<IndicatorValue> for ValueView {
    fn from(v: IndicatorValue) -> Self {
        Self {
            period: v.period,
            region: v.region,
            sex: v.sex,
            age_group: v.age_group,
            value: v.value,
            source: v.source,
            note: v.note,
            updated_at: utc(v.updated_at),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    /// A month, `YYYY-MM` (1970–2200).
    #[param(
        example = "2026-10",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
    )]
    period: Option<String>,
}

#[utoipa::path(tag = "indicators", params(PeriodQuery),
    responses((status = 200, body = Vec<ValueView>)))]
#[get("/{id}/values")]
pub async fn list_values(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    query: web::Query<PeriodQuery>,
) -> Result<web::Json<Vec<ValueView>>, AppError> {
    let (id, period) = (IndicatorId(id.into_inner()), query.into_inner().period);
    let all = indicators::list_values(&state.db, &who.0, id, period).await?;
    Ok(web::Json(all.into_iter().map(ValueView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueInput {
    #[schema(example = "2026-10")]
    period: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    age_group: String,
    value: f64,
    #[serde(default)]
    source: String,
    #[serde(default)]
    note: String,
}

#[derive(Serialize, ToSchema)]
pub struct RecordedView {
    /// created, updated or unchanged.
    outcome: String,
}

/// Records one figure (the same figure again changes nothing); 409 in a locked month.
#[utoipa::path(tag = "indicators", request_body = ValueInput,
    responses((status = 200, body = RecordedView)))]
#[post("/{id}/values")]
pub async fn record_value(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    body: Json<ValueInput>,
) -> Result<web::Json<RecordedView>, AppError> {
    let b = body.into_inner();
    let raw = RawFigure {
        period: b.period,
        region: b.region,
        sex: b.sex,
        age_group: b.age_group,
        value: b.value,
        source: b.source,
        note: b.note,
    };
    let (id, now) = (IndicatorId(id.into_inner()), state.clock.now());
    let lock_days = state.settings.indicator_lock_days;
    let outcome = indicators::record_value(&state.db, &who.0, id, raw, now, lock_days).await?;
    let outcome = match outcome {
        Outcome::Created => "created",
        Outcome::Updated => "updated",
        Outcome::Unchanged => "unchanged",
    };
    Ok(web::Json(RecordedView {
        outcome: outcome.to_owned(),
    }))
}
