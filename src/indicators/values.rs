//! Monthly figures: checked against the indicator's disaggregation, refused in a locked month
//! (409) unless a secretary reopened it, and recorded with an audit entry.

use crate::audit::{self, Actor, Change};
use crate::db::indicator_values::{self as store, Figure};
use crate::db::indicators::Indicator;
use crate::db::{DbConn, reopened_periods};
use crate::domain::Invalid;
use crate::domain::ids::BoardId;
use crate::domain::indicator::{AgeGroup, Measure};
use crate::domain::meeting::Sex;
use crate::domain::period::{Period, is_locked};
use crate::domain::refusal::{self, Remedy, Word};
use crate::domain::text::trimmed;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const REGION_MAX: usize = 100;
pub const SOURCE_MAX: usize = 300;
pub const NOTE_MAX: usize = 2_000;

/// A figure as typed, uploaded or sent to the API, before it is checked.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ValueInput)]
pub struct RawFigure {
    #[schema(example = "2026-10")]
    pub period: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub age_group: String,
    pub value: f64,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub note: String,
}

/// Checks a figure against its indicator: a month, groups the indicator is divided by, a
/// number that fits the measure.
pub fn check(indicator: &Indicator, raw: RawFigure) -> Result<Figure, Invalid> {
    let period = Period::parse_month("period", &raw.period)?;
    let region = trimmed("region", &raw.region, REGION_MAX)?;
    if region.chars().any(char::is_control) {
        return Err(Invalid::new("region", refusal::one_line()));
    }
    let group = |field: &'static str, text: &str, divided: bool| -> Result<String, Invalid> {
        let text = text.trim();
        if !text.is_empty() && !divided {
            return Err(Invalid::new(
                field,
                refusal::figures_not_divided(Word::of("figure_group", field)),
            ));
        }
        Ok(text.to_owned())
    };
    let region = group("region", &region, indicator.by_region)?;
    let sex = group("sex", &raw.sex, indicator.by_sex)?;
    if !sex.is_empty() {
        sex.parse::<Sex>()?;
    }
    let age_group = group("age_group", &raw.age_group, indicator.by_age)?;
    if !age_group.is_empty() {
        age_group.parse::<AgeGroup>()?;
    }
    if !raw.value.is_finite() {
        return Err(Invalid::new("value", refusal::must_be_number()));
    }
    if indicator.measure == Measure::Percentage && !(0.0..=100.0).contains(&raw.value) {
        return Err(Invalid::new("value", refusal::percentage_range()));
    }
    if indicator.measure == Measure::Count && (raw.value < 0.0 || raw.value.fract() != 0.0) {
        return Err(Invalid::new("value", refusal::count_whole()));
    }
    Ok(Figure {
        indicator_id: indicator.id,
        period: period.to_string(),
        region,
        sex,
        age_group,
        value: raw.value,
        source: trimmed("source", &raw.source, SOURCE_MAX)?,
        note: trimmed("note", &raw.note, NOTE_MAX)?,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Created,
    Updated,
    Unchanged,
}

/// Whether the board's figures for `period` may change today: the month has begun and is not
/// locked, or a secretary reopened it.
pub fn ensure_open(
    conn: &mut DbConn,
    board: BoardId,
    period: &str,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<(), AppError> {
    let month = Period::parse_month("period", period)?;
    let zone = boards::find(conn, board)?.zone();
    let today = now.with_timezone(&zone).date_naive();
    if month.first_day() > today {
        return Err(AppError::validation(
            "period",
            refusal::month_not_begun(period),
        ));
    }
    if is_locked(month, today, lock_days) && !reopened_periods::is_reopened(conn, board, period)? {
        return Err(AppError::conflict(
            refusal::month_locked(lock_days, period).remedied(Remedy::ReopenMonth {
                board,
                period: month,
            }),
        ));
    }
    Ok(())
}

/// Where a month of a board's figures stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum MonthLock {
    /// Not past its lock date (or not begun): figures change freely.
    Open,
    /// Past its lock date: figures change once it is reopened.
    Locked,
    /// Locked, then reopened by the secretariat.
    Reopened,
}

pub fn month_lock(
    conn: &mut DbConn,
    board: BoardId,
    month: Period,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<MonthLock, AppError> {
    let today = now
        .with_timezone(&boards::find(conn, board)?.zone())
        .date_naive();
    if !is_locked(month, today, lock_days) {
        return Ok(MonthLock::Open);
    }
    Ok(
        match reopened_periods::is_reopened(conn, board, &month.to_string())? {
            true => MonthLock::Reopened,
            false => MonthLock::Locked,
        },
    )
}

/// Records a checked figure: inserted, updated, or left alone when it is the same.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    indicator: &Indicator,
    figure: &Figure,
    now: DateTime<Utc>,
    lock_days: u32,
) -> Result<Outcome, AppError> {
    let existing = store::find(conn, figure)?;
    let unchanged = existing
        .as_ref()
        .is_some_and(|e| e.figure.says_the_same(figure));
    if unchanged {
        return Ok(Outcome::Unchanged);
    }
    ensure_open(conn, indicator.board_id, &figure.period, now, lock_days)?;
    let key = format!(
        "{}/{}/{}/{}/{}",
        indicator.code, figure.period, figure.region, figure.sex, figure.age_group
    );
    let outcome = match existing {
        Some(before) => {
            store::update(conn, before.id, figure, now.naive_utc())?;
            let after = store::find(conn, figure)?;
            audit::record(
                conn,
                actor,
                Change::updated("indicator_value", &key, &before, &after),
                now,
            )?;
            Outcome::Updated
        }
        None => {
            store::insert(conn, figure, now.naive_utc())?;
            let after = store::find(conn, figure)?;
            audit::record(
                conn,
                actor,
                Change::created("indicator_value", &key, &after),
                now,
            )?;
            Outcome::Created
        }
    };
    Ok(outcome)
}

/// Opens a locked month again, with the reason on record.
pub fn reopen(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    period: Period,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    boards::find(conn, board)?;
    let reason = trimmed("reason", reason, NOTE_MAX)?;
    if reason.is_empty() {
        return Err(AppError::validation("reason", refusal::reopen_reason()));
    }
    let key = period.to_string();
    if reopened_periods::is_reopened(conn, board, &key)? {
        return Ok(());
    }
    reopened_periods::reopen(conn, board, &key, &reason, actor.user_id, now.naive_utc())?;
    audit::record(
        conn,
        actor,
        Change::event(
            "reopen",
            "indicator_period",
            format!("{board}/{key}"),
            &serde_json::json!({"reason": reason}),
        ),
        now,
    )?;
    Ok(())
}

/// Locks a reopened month again (a month not yet past its lock date stays open anyway).
pub fn relock(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    period: Period,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    boards::find(conn, board)?;
    let key = period.to_string();
    if reopened_periods::relock(conn, board, &key)? {
        audit::record(
            conn,
            actor,
            Change::event(
                "relock",
                "indicator_period",
                format!("{board}/{key}"),
                &serde_json::json!({}),
            ),
            now,
        )?;
    }
    Ok(())
}
