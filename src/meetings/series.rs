//! Creating, changing and deleting a board's recurring series. Every change regenerates the
//! series' future, untouched meetings in the same transaction.

use super::notices;
use super::schedule::{self, Outcome};
use super::{local_now, zone};
use crate::audit::{self, Actor, Change};
use crate::db::DbConn;
use crate::db::series::{self as store, Series};
use crate::domain::ids::{BoardId, SeriesId};
use crate::domain::recurrence::Recurrence;
use crate::domain::text::Label;
use crate::error::{AppError, not_found};
use crate::org::boards;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// The parts of a series a secretary chooses; the zone is the board's.
pub struct SeriesDraft {
    pub title: Label,
    pub rrule: String,
    pub first_date: NaiveDate,
    pub start_time: NaiveTime,
    pub duration_minutes: i32,
    pub location: String,
    pub is_public: bool,
    pub exdates: Vec<NaiveDate>,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    board: BoardId,
    draft: SeriesDraft,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<(Series, Outcome), AppError> {
    let time_zone = boards::find(conn, board)?.time_zone;
    let mut draft = draft;
    let recurrence = validate(&mut draft, &time_zone)?;
    let series = store::insert(
        conn,
        &Series {
            id: SeriesId(0),
            board_id: board,
            title: draft.title.into_inner(),
            rrule: recurrence.text().to_owned(),
            first_date: draft.first_date,
            start_time: draft.start_time,
            duration_minutes: draft.duration_minutes,
            time_zone,
            location: draft.location,
            is_public: draft.is_public,
            exdates: join_dates(recurrence.exdates()),
            effective_from: draft.first_date,
            deleted_at: None,
            created_at: now.naive_utc(),
            updated_at: now.naive_utc(),
        },
    )?;
    audit::record(
        conn,
        actor,
        Change::created("series", series.id, &series),
        now,
    )?;
    let outcome = schedule::materialise(conn, &series, now, horizon_months, actor)?;
    Ok((series, outcome))
}

/// Changes to a series; `None` leaves a part as it is.
#[derive(Default)]
pub struct SeriesChanges {
    pub title: Option<Label>,
    pub rrule: Option<String>,
    pub first_date: Option<NaiveDate>,
    pub start_time: Option<NaiveTime>,
    pub duration_minutes: Option<i32>,
    pub location: Option<String>,
    pub is_public: Option<bool>,
    pub exdates: Option<Vec<NaiveDate>>,
}

/// Applies the changes from today on: meetings already past keep the old rule.
pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: SeriesId,
    changes: SeriesChanges,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<(Series, Outcome), AppError> {
    let before = find(conn, id)?;
    let mut draft = SeriesDraft {
        title: match changes.title {
            Some(t) => t,
            None => Label::parse("title", &before.title, usize::MAX)?,
        },
        rrule: changes.rrule.unwrap_or_else(|| before.rrule.clone()),
        first_date: changes.first_date.unwrap_or(before.first_date),
        start_time: changes.start_time.unwrap_or(before.start_time),
        duration_minutes: changes.duration_minutes.unwrap_or(before.duration_minutes),
        location: changes.location.unwrap_or_else(|| before.location.clone()),
        is_public: changes.is_public.unwrap_or(before.is_public),
        exdates: match changes.exdates {
            Some(d) => d,
            None => schedule::recurrence_of(&before)?.exdates().to_vec(),
        },
    };
    let recurrence = validate(&mut draft, &before.time_zone)?;
    let mut after = before.clone();
    after.title = draft.title.into_inner();
    after.rrule = recurrence.text().to_owned();
    after.first_date = draft.first_date;
    after.start_time = draft.start_time;
    after.duration_minutes = draft.duration_minutes;
    after.location = draft.location;
    after.is_public = draft.is_public;
    after.exdates = join_dates(recurrence.exdates());
    if after == before {
        return Ok((before, Outcome::default()));
    }
    let today = local_now(now, zone(&before.time_zone)?).date();
    after.effective_from = today.max(after.first_date);
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::updated("series", id, &before, &after),
        now,
    )?;
    let outcome = schedule::materialise(conn, &after, now, horizon_months, actor)?;
    if outcome.changed_existing() {
        notices::series_changed(conn, &after, &outcome, now)?;
    }
    Ok((after, outcome))
}

/// Ends a series: its future, untouched meetings are cancelled; past ones stay on record.
pub fn delete(
    conn: &mut DbConn,
    actor: &Actor,
    id: SeriesId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let before = find(conn, id)?;
    let mut after = before.clone();
    after.deleted_at = Some(now.naive_utc());
    after.updated_at = now.naive_utc();
    store::update(conn, &after)?;
    audit::record(
        conn,
        actor,
        Change::event("delete", "series", id, &after),
        now,
    )?;
    let outcome = schedule::cancel_future(conn, &after, now, actor)?;
    if outcome.changed_existing() {
        notices::series_changed(conn, &after, &outcome, now)?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConn, id: SeriesId) -> Result<Series, AppError> {
    store::find(conn, id).map_err(not_found("series", id))
}

fn validate(draft: &mut SeriesDraft, time_zone: &str) -> Result<Recurrence, AppError> {
    super::check_duration(draft.duration_minutes)?;
    draft.location = super::check_location(std::mem::take(&mut draft.location))?;
    Ok(Recurrence::parse(
        &draft.rrule,
        draft.first_date,
        draft.start_time,
        zone(time_zone)?,
        draft.exdates.clone(),
    )?)
}

fn join_dates(dates: &[NaiveDate]) -> String {
    dates
        .iter()
        .map(NaiveDate::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
