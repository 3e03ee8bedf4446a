//! A board's sessions as operations, whichever door they come through: the sessions in a range
//! of dates, one session, changing one by hand, and a board's calendar at a glance.

use super::occurrence::{self, MeetingChanges};
use super::views::MeetingView;
use super::{kept, readable};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::Db;
use crate::db::boards::Board;
use crate::db::meetings::{self as store, Meeting};
use crate::db::series::{self as series_store, Series};
use crate::domain::ids::{BoardId, MeetingId};
use crate::domain::listing::{PER_PAGE, PageNo, Search, Slice, Total};
use crate::domain::meeting::MeetingStatus;
use crate::domain::period::Period;
use crate::domain::refusal;
use crate::domain::text::Label;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListMeetingsRequest {
    /// First local date (inclusive); defaults to a month ago.
    from: Option<NaiveDate>,
    /// Last local date (inclusive); defaults to the planning horizon. At most two years after
    /// `from`.
    to: Option<NaiveDate>,
}

const RANGE_MAX_DAYS: i64 = 2 * 366;

/// A board's meetings in a range of local dates, earliest first. Those who do not sit on the
/// board see its public sessions only.
pub async fn list(
    db: &Db,
    who: &Principal,
    board: BoardId,
    range: ListMeetingsRequest,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<Vec<MeetingView>, AppError> {
    authorize(Some(who), Permission::ReadMeetings)?;
    let public_only = authorize(Some(who), Permission::ReadMeetingRecord(board)).is_err();
    db.read(move |conn| {
        let board = boards::find(conn, board)?;
        let today = now.with_timezone(&board.zone()).date_naive();
        let from = range.from.unwrap_or(today - TimeDelta::days(31));
        let to = range.to.unwrap_or_else(|| {
            today
                .checked_add_months(Months::new(horizon_months))
                .unwrap_or(NaiveDate::MAX)
        });
        if to < from || (to - from).num_days() > RANGE_MAX_DAYS {
            return Err(AppError::validation(
                "to",
                refusal::meeting_range_span(RANGE_MAX_DAYS),
            ));
        }
        let end = to
            .succ_opt()
            .unwrap_or(NaiveDate::MAX)
            .and_time(NaiveTime::MIN);
        let found = store::list_for_board(
            conn,
            board.id,
            Some(from.and_time(NaiveTime::MIN)),
            Some(end),
            public_only,
        )?;
        Ok(found.into_iter().map(MeetingView::from).collect())
    })
    .await
}

/// One meeting, if this principal may see it.
pub async fn show(db: &Db, who: &Principal, id: MeetingId) -> Result<MeetingView, AppError> {
    let (m, _) = readable(db, who, id).await?;
    Ok(m.into())
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = MeetingPatch)]
pub struct ChangeMeetingRequest {
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub title: Option<String>,
    /// A new local start, `YYYY-MM-DDTHH:MM`: reschedules the meeting (and puts a postponed or
    /// cancelled one back on the calendar).
    #[schema(
        example = "2026-12-09T14:00",
        pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
    )]
    pub starts_local: Option<String>,
    #[schema(minimum = 1, maximum = 1440)]
    pub duration_minutes: Option<i32>,
    #[schema(max_length = 300, format = "single-line-or-blank")]
    pub location: Option<String>,
    pub is_public: Option<bool>,
    pub status: Option<MeetingStatus>,
}

impl TryFrom<ChangeMeetingRequest> for MeetingChanges {
    type Error = AppError;

    fn try_from(patch: ChangeMeetingRequest) -> Result<Self, AppError> {
        Ok(Self {
            title: patch
                .title
                .as_deref()
                .map(|t| Label::parse("title", t, 200))
                .transpose()?,
            starts_local: patch.starts_local.as_deref().map(parse_local).transpose()?,
            duration_minutes: patch.duration_minutes,
            location: patch.location,
            is_public: patch.is_public,
            status: patch.status,
        })
    }
}

/// Reschedules, postpones, cancels or reinstates one meeting; board members are notified.
pub async fn change(
    db: &Db,
    who: &Principal,
    id: MeetingId,
    patch: ChangeMeetingRequest,
    now: DateTime<Utc>,
) -> Result<MeetingView, AppError> {
    kept(db, who, id).await?;
    let changes = MeetingChanges::try_from(patch)?;
    let actor = who.actor();
    Ok(db
        .write(move |conn| occurrence::update(conn, &actor, id, changes, now))
        .await?
        .into())
}

fn parse_local(raw: &str) -> Result<NaiveDateTime, AppError> {
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| AppError::validation("starts_local", refusal::meeting_local_time_form(raw)))
}

/// A board's sessions at a glance, for those who read its record.
pub struct Calendar {
    pub board: Board,
    pub series: Vec<Series>,
    /// The sessions of the last six months or so, earliest first.
    pub past: Vec<Meeting>,
    /// The sessions from today up to the planning horizon, earliest first.
    pub ahead: Vec<Meeting>,
    /// Whether the reader keeps the board's sessions (creates series, changes meetings).
    pub keeper: bool,
}

pub async fn calendar(
    db: &Db,
    who: &Principal,
    board: BoardId,
    now: DateTime<Utc>,
    horizon_months: u32,
) -> Result<Calendar, AppError> {
    authorize(Some(who), Permission::ReadMeetingRecord(board))?;
    let keeper = authorize(Some(who), Permission::ManageMeetings(board)).is_ok();
    db.read(move |conn| {
        let board = boards::find(conn, board)?;
        let today = now.with_timezone(&board.zone()).naive_local();
        let series = series_store::list_for_board(conn, board.id)?;
        let past = store::list_for_board(
            conn,
            board.id,
            Some(today - TimeDelta::days(190)),
            Some(today),
            false,
        )?;
        let ahead = store::list_for_board(
            conn,
            board.id,
            Some(today),
            today.checked_add_months(Months::new(horizon_months)),
            false,
        )?;
        Ok(Calendar {
            board,
            series,
            past,
            ahead,
            keeper,
        })
    })
    .await
}

/// A page of a board's past sessions as people browse them.
#[derive(Debug, Clone)]
pub struct PastRequest {
    /// Held in this month.
    pub month: Option<Period>,
    /// Words of the title.
    pub search: Option<Search>,
    pub page: PageNo,
}

/// One page of a board's sessions before now, the latest first, with how many match and the
/// board, for those who read its record.
pub async fn past(
    db: &Db,
    who: &Principal,
    board: BoardId,
    req: PastRequest,
    now: DateTime<Utc>,
) -> Result<(Board, Slice<Meeting>), AppError> {
    authorize(Some(who), Permission::ReadMeetingRecord(board))?;
    db.read(move |conn| {
        let board = boards::find(conn, board)?;
        let today = now.with_timezone(&board.zone()).naive_local();
        let within = req.month.map(Period::span);
        let pattern = req.search.as_ref().map(Search::pattern);
        let count_to = req.page.count_to();
        let paging = (req.page.offset(), PER_PAGE, count_to);
        let (rows, counted) =
            store::past_page(conn, board.id, today, within, pattern.as_deref(), paging)?;
        let slice = Slice {
            items: rows,
            page: req.page,
            total: Total::of(counted, count_to),
        };
        Ok((board, slice))
    })
    .await
}
