//! Materialising a series: the meetings its rule calls for, from the date the rule took effect
//! up to the horizon. Idempotent: each occurrence has one row, keyed by series and date, and
//! write transactions are serialised, so repeated or concurrent runs add nothing twice.

use super::{bump_sequence, local_now, zone};
use crate::audit::{self, Actor, Change};
use crate::db::meetings::{self as store, Meeting};
use crate::db::series::Series;
use crate::db::{DbConn, agenda, attendance, decisions};
use crate::domain::meeting::MeetingStatus;
use crate::domain::recurrence::Recurrence;
use crate::error::AppError;
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, Utc};
use std::collections::BTreeMap;

/// What a run changed, for the notifications a series edit sends.
#[derive(Debug, Default)]
pub struct Outcome {
    pub created: Vec<Meeting>,
    pub moved: Vec<Meeting>,
    pub cancelled: Vec<Meeting>,
}

impl Outcome {
    pub fn changed_existing(&self) -> bool {
        !self.moved.is_empty() || !self.cancelled.is_empty()
    }
}

pub fn recurrence_of(series: &Series) -> Result<Recurrence, AppError> {
    let exdates = series
        .exdates
        .split(',')
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<NaiveDate>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("series {} exdates: {e}", series.id)))?;
    Recurrence::parse(
        &series.rrule,
        series.first_date,
        series.start_time,
        zone(&series.time_zone)?,
        exdates,
    )
    .map_err(|e| AppError::Internal(anyhow::anyhow!("series {}: stored {e}", series.id)))
}

/// When the series' first session starts, on the zone's clock; `None` if the stored rule no
/// longer reads.
pub fn first_session(series: &Series) -> Option<NaiveDateTime> {
    let first = recurrence_of(series).ok()?.first_session()?;
    Some(first.starts_local)
}

/// Creates the missing meetings of a series up to `horizon_months` ahead and brings its future,
/// untouched meetings in line with the rule. Meetings changed by hand keep their changes.
pub fn materialise(
    conn: &mut DbConn,
    series: &Series,
    now: DateTime<Utc>,
    horizon_months: u32,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    let tz = zone(&series.time_zone)?;
    let local = local_now(now, tz);
    let until = local
        .date()
        .checked_add_months(Months::new(horizon_months))
        .unwrap_or(NaiveDate::MAX);
    let wanted: BTreeMap<NaiveDate, NaiveDateTime> = recurrence_of(series)?
        .occurrences(series.effective_from, until)
        .into_iter()
        .map(|o| (o.date, o.starts_local))
        .collect();
    reconcile(conn, series, &wanted, local, until, now, actor)
}

/// Cancels every future, untouched meeting of a series that is being deleted.
pub fn cancel_future(
    conn: &mut DbConn,
    series: &Series,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    let local = local_now(now, zone(&series.time_zone)?);
    reconcile(
        conn,
        series,
        &BTreeMap::new(),
        local,
        NaiveDate::MAX,
        now,
        actor,
    )
}

fn reconcile(
    conn: &mut DbConn,
    series: &Series,
    wanted: &BTreeMap<NaiveDate, NaiveDateTime>,
    local_now: NaiveDateTime,
    until: NaiveDate,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    let mut outcome = Outcome::default();
    let existing: BTreeMap<NaiveDate, Meeting> = store::list_for_series(conn, series.id)?
        .into_iter()
        .filter_map(|m| m.occurrence_date.map(|d| (d, m)))
        .collect();
    for (date, start) in wanted {
        if !existing.contains_key(date) {
            let meeting = store::insert(conn, &planned(series, *date, *start, now))?;
            audit::record(
                conn,
                actor,
                Change::created("meeting", meeting.id, &meeting),
                now,
            )?;
            outcome.created.push(meeting);
        }
    }
    for (date, before) in existing {
        // Future dates before `effective_from` are ones the rule gave before first_date moved on.
        let regenerable = !before.overridden && before.starts_local > local_now && date <= until;
        if !regenerable {
            continue;
        }
        let mut after = before.clone();
        match wanted.get(&date) {
            Some(start) => {
                after.title.clone_from(&series.title);
                after.starts_local = *start;
                after.duration_minutes = series.duration_minutes;
                after.time_zone.clone_from(&series.time_zone);
                after.location.clone_from(&series.location);
                after.is_public = series.is_public;
                after.status = MeetingStatus::Scheduled;
            }
            None if has_record(conn, &before)? => continue,
            None => after.status = MeetingStatus::Cancelled,
        }
        if after == before {
            continue;
        }
        let announced_change = bump_sequence(&before, &mut after);
        after.updated_at = now.naive_utc();
        let after = store::update(conn, &after)?;
        audit::record(
            conn,
            actor,
            Change::updated("meeting", after.id, &before, &after),
            now,
        )?;
        match (announced_change, after.status) {
            (false, _) => {}
            (true, MeetingStatus::Cancelled) => outcome.cancelled.push(after),
            (true, _) => outcome.moved.push(after),
        }
    }
    Ok(outcome)
}

fn planned(series: &Series, date: NaiveDate, start: NaiveDateTime, now: DateTime<Utc>) -> Meeting {
    Meeting {
        id: 0.into(),
        board_id: series.board_id,
        series_id: Some(series.id),
        occurrence_date: Some(date),
        title: series.title.clone(),
        starts_local: start,
        duration_minutes: series.duration_minutes,
        time_zone: series.time_zone.clone(),
        location: series.location.clone(),
        is_public: series.is_public,
        status: MeetingStatus::Scheduled,
        overridden: false,
        sequence: 0,
        created_at: now.naive_utc(),
        updated_at: now.naive_utc(),
    }
}

/// A meeting with an agenda, attendance or decisions is kept even when the rule drops its date.
fn has_record(conn: &mut DbConn, m: &Meeting) -> Result<bool, AppError> {
    Ok(
        agenda::count(conn, m.id)? + attendance::count(conn, m.id)? + decisions::count(conn, m.id)?
            > 0,
    )
}
