//! A board's recurring series: listing, creating, changing and ending them, as operations every
//! door calls. Every change regenerates the series' future, untouched meetings in the same
//! transaction.

use super::notices;
use super::schedule::{self, Outcome};
use super::views::SeriesView;
use super::{local_now, zone};
use crate::audit::{self, Actor, Change};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::series::{self as store, Series};
use crate::db::{Db, DbConn};
use crate::domain::ids::{BoardId, SeriesId};
use crate::domain::recurrence::{Occurrence, Recurrence};
use crate::domain::refusal::{self, Word};
use crate::domain::text::Label;
use crate::error::{AppError, not_found};
use crate::org::boards;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

const TITLE_MAX: usize = 200;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SeriesCreate)]
pub struct CreateSeriesRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub title: String,
    /// RFC 5545 RRULE value (the `RRULE:` prefix is optional); FREQ DAILY, WEEKLY, MONTHLY or
    /// YEARLY; COUNT or UNTIL (a UTC time such as `20270601T000000Z`), not both; the time of day
    /// is `start_time`.
    #[schema(
        example = "FREQ=MONTHLY;BYDAY=2TU",
        max_length = 500,
        pattern = r"^([Rr][Rr][Uu][Ll][Ee]:)?[A-Za-z0-9=;,+-]+$"
    )]
    pub rrule: String,
    /// The date the rule counts from: the first session is on the first date from here on that
    /// the rule gives, which need not be this one.
    pub first_date: NaiveDate,
    /// `HH:MM`, local time in the board's zone.
    #[schema(example = "09:00", pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: String,
    #[schema(minimum = 1, maximum = 1440)]
    pub duration_minutes: i32,
    #[serde(default)]
    #[schema(max_length = 300, format = "single-line-or-blank")]
    pub location: String,
    #[serde(default)]
    pub is_public: bool,
    #[serde(default)]
    #[schema(max_items = 366)]
    pub exdates: Vec<NaiveDate>,
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SeriesPatch)]
pub struct EditSeriesRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub title: Option<String>,
    #[schema(
        max_length = 500,
        pattern = r"^([Rr][Rr][Uu][Ll][Ee]:)?[A-Za-z0-9=;,+-]+$"
    )]
    pub rrule: Option<String>,
    pub first_date: Option<NaiveDate>,
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    #[schema(minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<i32>,
    #[schema(max_length = 300, format = "single-line-or-blank")]
    pub location: Option<String>,
    pub is_public: Option<bool>,
    #[schema(max_items = 366)]
    pub exdates: Option<Vec<NaiveDate>>,
}

/// A board's series this principal may see: the board's own people see all, others public ones.
pub async fn list(db: &Db, who: &Principal, board: BoardId) -> Result<Vec<SeriesView>, AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let all = db
        .read(move |conn| {
            boards::find(conn, board)?;
            Ok::<_, AppError>(store::list_for_board(conn, board)?)
        })
        .await?;
    Ok(all
        .into_iter()
        .filter(|s| sees(who, s))
        .map(SeriesView::from)
        .collect())
}

/// The series, or "not found" for someone who may not see it.
pub async fn show(db: &Db, who: &Principal, id: SeriesId) -> Result<SeriesView, AppError> {
    Ok(visible(db, who, id).await?.into())
}

async fn visible(db: &Db, who: &Principal, id: SeriesId) -> Result<Series, AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let found = db.read(move |conn| find(conn, id)).await?;
    if sees(who, &found) {
        Ok(found)
    } else {
        Err(AppError::NotFound(refusal::not_found(
            id,
            Word::of("record", "series"),
        )))
    }
}

fn sees(who: &Principal, s: &Series) -> bool {
    s.is_public || authorize(Some(who), Permission::ReadMeetingRecord(s.board_id)).is_ok()
}

/// Creates a series and at once the meetings it calls for up to the planning horizon.
pub async fn add(
    db: &Db,
    who: &Principal,
    board: BoardId,
    req: CreateSeriesRequest,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<SeriesView, AppError> {
    authorize(Some(who), Permission::ManageMeetings(board))?;
    let draft = SeriesDraft {
        title: title(&req.title)?,
        rrule: req.rrule,
        first_date: req.first_date,
        start_time: parse_time(&req.start_time)?,
        duration_minutes: req.duration_minutes,
        location: req.location,
        is_public: req.is_public,
        exdates: req.exdates,
    };
    let actor = who.actor();
    let (created, _) = db
        .write(move |conn| create(conn, &actor, board, draft, now, horizon_months))
        .await?;
    Ok(created.into())
}

/// Changes apply from today: future meetings not changed by hand follow the new rule.
pub async fn edit(
    db: &Db,
    who: &Principal,
    id: SeriesId,
    req: EditSeriesRequest,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<SeriesView, AppError> {
    let board = visible(db, who, id).await?.board_id;
    authorize(Some(who), Permission::ManageMeetings(board))?;
    let changes = SeriesChanges {
        title: req.title.as_deref().map(title).transpose()?,
        rrule: req.rrule,
        first_date: req.first_date,
        start_time: req.start_time.as_deref().map(parse_time).transpose()?,
        duration_minutes: req.duration_minutes,
        location: req.location,
        is_public: req.is_public,
        exdates: req.exdates,
    };
    let actor = who.actor();
    let (updated, _) = db
        .write(move |conn| update(conn, &actor, id, changes, now, horizon_months))
        .await?;
    Ok(updated.into())
}

/// Ends the series: future meetings not changed by hand are cancelled; past ones stay.
pub async fn end(
    db: &Db,
    who: &Principal,
    id: SeriesId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let board = visible(db, who, id).await?.board_id;
    authorize(Some(who), Permission::ManageMeetings(board))?;
    let actor = who.actor();
    db.write(move |conn| delete(conn, &actor, id, now)).await
}

/// The sessions a series would have, shown before anything is saved.
pub struct Preview {
    /// The date they are counted from: today or the series' first date, the later.
    pub from: NaiveDate,
    /// The board's zone, which their times are in.
    pub zone: String,
    pub sessions: Vec<Occurrence>,
}

/// The first `count` sessions a new series as asked would have; nothing is saved. Refused as
/// `add` would refuse its rule, first date and start time.
pub async fn preview_add(
    db: &Db,
    who: &Principal,
    board: BoardId,
    req: &CreateSeriesRequest,
    now: DateTime<Utc>,
    count: usize,
) -> Result<Preview, AppError> {
    authorize(Some(who), Permission::ManageMeetings(board))?;
    let zone = db
        .read(move |conn| Ok::<_, AppError>(boards::find(conn, board)?.time_zone))
        .await?;
    let start = parse_time(&req.start_time)?;
    let draft = (req.rrule.as_str(), req.first_date, start);
    preview(draft, zone, req.exdates.clone(), now, count)
}

/// The first `count` sessions from today on that a series would have after `req`; nothing is
/// saved.
pub async fn preview_edit(
    db: &Db,
    who: &Principal,
    id: SeriesId,
    req: &EditSeriesRequest,
    now: DateTime<Utc>,
    count: usize,
) -> Result<Preview, AppError> {
    let before = visible(db, who, id).await?;
    authorize(Some(who), Permission::ManageMeetings(before.board_id))?;
    let start = match req.start_time.as_deref() {
        Some(raw) => parse_time(raw)?,
        None => before.start_time,
    };
    let exdates = match &req.exdates {
        Some(dates) => dates.clone(),
        None => schedule::recurrence_of(&before)?.exdates().to_vec(),
    };
    let rule = req.rrule.as_deref().unwrap_or(&before.rrule);
    let draft = (rule, req.first_date.unwrap_or(before.first_date), start);
    preview(draft, before.time_zone.clone(), exdates, now, count)
}

fn preview(
    (rule, first, start): (&str, NaiveDate, NaiveTime),
    time_zone: String,
    exdates: Vec<NaiveDate>,
    now: DateTime<Utc>,
    count: usize,
) -> Result<Preview, AppError> {
    let tz = zone(&time_zone)?;
    let recurrence = Recurrence::parse(rule, first, start, tz, exdates)?;
    let from = local_now(now, tz).date().max(first);
    Ok(Preview {
        from,
        zone: time_zone,
        sessions: recurrence.upcoming(from, count),
    })
}

fn parse_time(raw: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(raw, "%H:%M")
        .map_err(|_| AppError::validation("start_time", refusal::meeting_time_form(raw)))
}

fn title(raw: &str) -> Result<Label, AppError> {
    Ok(Label::parse("title", raw, TITLE_MAX)?)
}

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
fn update(
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
fn delete(
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
