//! `/api/v1/boards/{id}/indicator-status` and the reopening of locked months.

use crate::domain::ids::{BoardId, IndicatorId};
use crate::domain::indicator::{Direction, Measure, Status};
use crate::domain::period::Period;
use crate::error::AppError;
use crate::http::extract::{Json, SignedIn};
use crate::http::state::AppState;
use crate::indicators;
use crate::indicators::status::IndicatorStatus;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct GroupValue {
    /// The sex, age group or region.
    group: String,
    value: f64,
}

#[derive(Serialize, ToSchema)]
pub struct RollupView {
    /// Regional boards with an indicator of the same code and measure.
    boards_sharing: usize,
    /// Those of them with a figure for the month.
    boards_reporting: usize,
    /// Their totals summed (counts) or averaged (other measures).
    value: Option<f64>,
    status: Status,
}

#[derive(Serialize, ToSchema)]
pub struct StatusView {
    indicator_id: IndicatorId,
    code: String,
    name: String,
    measure: Measure,
    direction: Direction,
    unit: String,
    /// The month's total: its undivided figure, or its groups summed (counts) or averaged.
    actual: Option<f64>,
    target: Option<f64>,
    baseline: Option<f64>,
    status: Status,
    /// Some expected groups (female and male; every age group) have no figure.
    partial: bool,
    by_sex: Vec<GroupValue>,
    by_age: Vec<GroupValue>,
    by_region: Vec<GroupValue>,
    /// On a national board: the same indicator on its regional boards.
    rollup: Option<RollupView>,
}

impl From<IndicatorStatus> for StatusView {
    fn from(s: IndicatorStatus) -> Self {
        fn groups<K: ToString>(v: Vec<(K, f64)>) -> Vec<GroupValue> {
            v.into_iter()
                .map(|(group, value)| GroupValue {
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

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StatusQuery {
    /// The month, `YYYY-MM` (1970–2200).
    #[param(
        example = "2026-10",
        pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$"
    )]
    period: String,
}

/// Every indicator's status for a month (see `src/domain/indicator.rs` for the rule).
#[utoipa::path(tag = "indicators", params(StatusQuery),
    responses((status = 200, body = Vec<StatusView>)))]
#[get("/{id}/indicator-status")]
pub async fn board_status(
    state: web::Data<AppState>,
    who: SignedIn,
    id: web::Path<i64>,
    query: web::Query<StatusQuery>,
) -> Result<web::Json<Vec<StatusView>>, AppError> {
    let board = BoardId(id.into_inner());
    let month = Period::parse_month("period", &query.into_inner().period)?;
    let all = indicators::board_status(&state.db, &who.0, board, month).await?;
    Ok(web::Json(all.into_iter().map(StatusView::from).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenInput {
    /// Why the month's figures must change after it locked: kept in the audit log.
    #[schema(min_length = 1, max_length = 2000, format = "text")]
    reason: String,
}

/// Opens a locked month for changes again.
#[utoipa::path(tag = "indicators", request_body = ReopenInput,
    params(("id" = i64, Path, description = "The board"),
        ("period" = String, Path, description = "A month, `YYYY-MM`",
            pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")),
    responses((status = 204)))]
#[post("/{id}/indicator-periods/{period}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, String)>,
    body: Json<ReopenInput>,
) -> Result<HttpResponse, AppError> {
    let (board, period) = path.into_inner();
    let (reason, now) = (body.into_inner().reason, state.clock.now());
    indicators::reopen(&state.db, &who.0, BoardId(board), &period, reason, now).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Locks a reopened month again.
#[utoipa::path(tag = "indicators",
    params(("id" = i64, Path, description = "The board"),
        ("period" = String, Path, description = "A month, `YYYY-MM`",
            pattern = r"^(19[7-9][0-9]|20[0-9]{2}|21[0-9]{2}|2200)-(0[1-9]|1[0-2])$")),
    responses((status = 204)))]
#[post("/{id}/indicator-periods/{period}/relock")]
pub async fn relock(
    state: web::Data<AppState>,
    who: SignedIn,
    path: web::Path<(i64, String)>,
) -> Result<HttpResponse, AppError> {
    let (board, period) = path.into_inner();
    let now = state.clock.now();
    indicators::relock(&state.db, &who.0, BoardId(board), &period, now).await?;
    Ok(HttpResponse::NoContent().finish())
}
