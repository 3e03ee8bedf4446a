//! Defining an indicator, and changing its baseline and targets, which only ever happens with a
//! reason that goes into the audit log.

use super::find;
use crate::audit::{self, Actor, Change};
use crate::db::indicator_baselines::{self as baselines, Baseline};
use crate::db::indicators::{self as store, Indicator};
use crate::db::{DbConn, decisions, indicator_targets, meetings, units};
use crate::domain::Invalid;
use crate::domain::ids::{BoardId, DecisionId, IndicatorId, UnitId};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::period::Period;
use crate::domain::recurrence::check_date;
use crate::domain::refusal::{self, Word};
use crate::domain::text::{Label, trimmed};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub const CODE_MAX: usize = 40;
pub const TEXT_MAX: usize = 2_000;
pub const TARGETS_MAX: usize = 400;

/// A short code such as `CIV-HARM-01`: letters, digits, `.`, `_` and `-`.
pub fn parse_code(code: &str) -> Result<String, Invalid> {
    let ok = !code.is_empty()
        && code.len() <= CODE_MAX
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(code.to_owned())
    } else {
        Err(Invalid::new(
            "code",
            refusal::indicator_code_format(CODE_MAX),
        ))
    }
}

pub struct IndicatorDraft {
    pub code: String,
    pub name: Label,
    pub description: String,
    pub unit: String,
    pub measure: Measure,
    pub direction: Direction,
    pub data_source: String,
    pub responsible_unit_id: Option<UnitId>,
    pub by_region: bool,
    pub by_sex: bool,
    pub by_age: bool,
    pub agreed_decision_id: Option<DecisionId>,
    pub baseline: Option<Baseline>,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    draft: IndicatorDraft,
    now: DateTime<Utc>,
) -> Result<(Indicator, Option<Baseline>), AppError> {
    check_links(
        conn,
        board,
        draft.responsible_unit_id,
        draft.agreed_decision_id,
    )?;
    if let Some(b) = &draft.baseline {
        check_baseline(b)?;
    }
    let indicator = store::insert(
        conn,
        &Indicator {
            id: IndicatorId(0),
            board_id: board,
            code: draft.code,
            name: draft.name.into_inner(),
            description: draft.description,
            unit: draft.unit,
            measure: draft.measure,
            direction: draft.direction,
            data_source: draft.data_source,
            responsible_unit_id: draft.responsible_unit_id,
            by_region: draft.by_region,
            by_sex: draft.by_sex,
            by_age: draft.by_age,
            agreed_decision_id: draft.agreed_decision_id,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        },
    )
    .map_err(|e| match e {
        crate::db::Error::UniqueViolation => AppError::conflict(refusal::indicator_code_taken()),
        other => other.into(),
    })?;
    baselines::set(conn, indicator.id, draft.baseline.as_ref())?;
    audit::record(
        conn,
        actor,
        Change::created(
            "indicator",
            indicator.id,
            &Defined {
                indicator: &indicator,
                baseline: draft.baseline.as_ref(),
            },
        ),
        now,
    )?;
    Ok((indicator, draft.baseline))
}

#[derive(Serialize)]
struct Defined<'a> {
    indicator: &'a Indicator,
    baseline: Option<&'a Baseline>,
}

/// Changes to an indicator; `None` leaves a part as it is. A new baseline needs a reason.
#[derive(Default)]
pub struct IndicatorChanges {
    pub name: Option<Label>,
    pub description: Option<String>,
    pub unit: Option<String>,
    pub direction: Option<Direction>,
    pub data_source: Option<String>,
    pub responsible_unit_id: Option<Option<UnitId>>,
    pub by_region: Option<bool>,
    pub by_sex: Option<bool>,
    pub by_age: Option<bool>,
    pub agreed_decision_id: Option<Option<DecisionId>>,
    pub baseline: Option<Option<Baseline>>,
    pub reason: Option<String>,
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: IndicatorId,
    changes: IndicatorChanges,
    now: DateTime<Utc>,
) -> Result<(Indicator, Option<Baseline>), AppError> {
    let before = find(conn, id)?;
    let baseline_before = baselines::find(conn, id)?;
    let mut after = before.clone();
    if let Some(name) = changes.name {
        after.name = name.into_inner();
    }
    after.description = changes.description.unwrap_or(after.description);
    after.unit = changes.unit.unwrap_or(after.unit);
    after.direction = changes.direction.unwrap_or(after.direction);
    after.data_source = changes.data_source.unwrap_or(after.data_source);
    after.responsible_unit_id = changes
        .responsible_unit_id
        .unwrap_or(after.responsible_unit_id);
    after.by_region = changes.by_region.unwrap_or(after.by_region);
    after.by_sex = changes.by_sex.unwrap_or(after.by_sex);
    after.by_age = changes.by_age.unwrap_or(after.by_age);
    after.agreed_decision_id = changes
        .agreed_decision_id
        .unwrap_or(after.agreed_decision_id);
    let baseline_after = changes.baseline.unwrap_or_else(|| baseline_before.clone());
    let baseline_changed = baseline_after != baseline_before;
    if after == before && !baseline_changed {
        return Ok((before, baseline_before));
    }
    check_links(
        conn,
        before.board_id,
        after.responsible_unit_id,
        after.agreed_decision_id,
    )?;
    let reason = if baseline_changed || after.direction != before.direction {
        let reason = reason_for(changes.reason)?;
        if let Some(b) = &baseline_after {
            check_baseline(b)?;
        }
        Some(reason)
    } else {
        None
    };
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    baselines::set(conn, id, baseline_after.as_ref())?;
    audit::record(
        conn,
        actor,
        Change::updated(
            "indicator",
            id,
            &Defined {
                indicator: &before,
                baseline: baseline_before.as_ref(),
            },
            &Revised {
                indicator: &after,
                baseline: baseline_after.as_ref(),
                reason: reason.as_deref(),
            },
        ),
        now,
    )?;
    Ok((after, baseline_after))
}

#[derive(Serialize)]
struct Revised<'a> {
    indicator: &'a Indicator,
    baseline: Option<&'a Baseline>,
    reason: Option<&'a str>,
}

/// Replaces the targets. Recorded with who and why; the same targets again change nothing.
pub fn set_targets(
    conn: &mut DbConn,
    actor: &Actor,
    id: IndicatorId,
    targets: Vec<(Period, f64)>,
    reason: Option<String>,
    now: DateTime<Utc>,
) -> Result<Vec<(String, f64)>, AppError> {
    find(conn, id)?;
    if targets.len() > TARGETS_MAX {
        return Err(AppError::validation(
            "targets",
            refusal::indicator_too_many_targets(TARGETS_MAX),
        ));
    }
    let mut after: Vec<(String, f64)> = Vec::with_capacity(targets.len());
    for (period, value) in targets {
        if !value.is_finite() {
            return Err(AppError::validation(
                "targets",
                refusal::indicator_target_number(),
            ));
        }
        let key = period.to_string();
        if after.iter().any(|(p, _)| *p == key) {
            return Err(AppError::validation(
                "targets",
                refusal::indicator_target_twice(&key),
            ));
        }
        after.push((key, value));
    }
    after.sort_by(|a, b| a.0.cmp(&b.0));
    let before = indicator_targets::list(conn, id)?;
    if before == after {
        return Ok(before);
    }
    let reason = reason_for(reason)?;
    indicator_targets::replace(conn, id, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated(
            "indicator_targets",
            id,
            &before,
            &serde_json::json!({"targets": after, "reason": reason}),
        ),
        now,
    )?;
    Ok(after)
}

fn reason_for(reason: Option<String>) -> Result<String, AppError> {
    let reason = trimmed("reason", reason.as_deref().unwrap_or(""), TEXT_MAX)?;
    if reason.is_empty() {
        return Err(AppError::validation(
            "reason",
            refusal::indicator_change_reason(),
        ));
    }
    Ok(reason)
}

fn check_baseline(b: &Baseline) -> Result<(), AppError> {
    if !b.value.is_finite() {
        return Err(AppError::validation(
            "baseline",
            refusal::indicator_baseline_number(),
        ));
    }
    check_date("baseline", b.date)?;
    trimmed("baseline", &b.note, TEXT_MAX)?;
    Ok(())
}

fn check_links(
    conn: &mut DbConn,
    board: BoardId,
    unit: Option<UnitId>,
    decision: Option<DecisionId>,
) -> Result<(), AppError> {
    if let Some(unit) = unit {
        units::find(conn, unit).map_err(|_| {
            AppError::validation(
                "responsible_unit_id",
                refusal::not_found(unit, Word::of("record", "unit")),
            )
        })?;
    }
    if let Some(decision) = decision {
        let on_board = decisions::find_any(conn, decision)
            .ok()
            .and_then(|d| meetings::find(conn, d.meeting_id).ok())
            .is_some_and(|m| m.board_id == board);
        if !on_board {
            return Err(AppError::validation(
                "agreed_decision_id",
                refusal::indicator_decision_elsewhere(decision),
            ));
        }
    }
    Ok(())
}
