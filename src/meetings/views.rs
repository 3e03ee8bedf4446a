//! What the meetings' operations answer: sessions, series and a meeting's record, as the API
//! and the pages receive them.

use super::record::agenda::Agenda;
use super::schedule;
use crate::db::actions::Action;
use crate::db::agenda::AgendaItem;
use crate::db::attendance::Attendee;
use crate::db::decisions::Decision;
use crate::db::meetings::Meeting;
use crate::db::minutes::Minutes;
use crate::db::series::Series;
use crate::domain::action::ActionStatus;
use crate::domain::ids::{
    ActionId, AgendaItemId, AttendeeId, BoardId, DecisionId, MeetingId, SeriesId, UnitId, UserId,
};
use crate::domain::local_time::to_utc;
use crate::domain::meeting::{MeetingStatus, MinutesStatus, Sector, Sex};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeetingView {
    id: MeetingId,
    board_id: BoardId,
    series_id: Option<SeriesId>,
    /// The series date this meeting stands for, even after it was moved.
    occurrence_date: Option<NaiveDate>,
    title: String,
    /// Wall-clock start in `time_zone`, `YYYY-MM-DDTHH:MM`.
    #[schema(example = "2026-12-08T09:00")]
    starts_local: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    duration_minutes: i32,
    time_zone: String,
    location: String,
    is_public: bool,
    status: MeetingStatus,
    /// Changed by hand: edits to the series leave it as it is.
    overridden: bool,
    /// Raised each time the meeting moves or its status changes (the calendar's SEQUENCE).
    sequence: i32,
    updated_at: DateTime<Utc>,
}

impl From<Meeting> for MeetingView {
    fn from(m: Meeting) -> Self {
        let starts_at = m.time_zone.parse().map_or_else(
            |_| m.starts_local.and_utc(),
            |tz| to_utc(m.starts_local, tz),
        );
        Self {
            id: m.id,
            board_id: m.board_id,
            series_id: m.series_id,
            occurrence_date: m.occurrence_date,
            title: m.title,
            starts_local: m.starts_local.format("%Y-%m-%dT%H:%M").to_string(),
            starts_at,
            ends_at: starts_at + TimeDelta::minutes(i64::from(m.duration_minutes)),
            duration_minutes: m.duration_minutes,
            time_zone: m.time_zone,
            location: m.location,
            is_public: m.is_public,
            status: m.status,
            overridden: m.overridden,
            sequence: m.sequence,
            updated_at: m.updated_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct SeriesView {
    id: SeriesId,
    pub board_id: BoardId,
    title: String,
    /// The RFC 5545 RRULE value as entered, e.g. `FREQ=MONTHLY;BYDAY=2TU`.
    rrule: String,
    /// The date the rule counts from: the first session is on the first date from here on that
    /// the rule gives (see `first_session`), and COUNT counts from it.
    first_date: NaiveDate,
    /// When the first session starts, wall-clock `YYYY-MM-DDTHH:MM` in `time_zone` (skipping
    /// exception dates; a time the clock skips is shown as the time it jumps to).
    #[schema(example = "2026-12-08T09:00")]
    first_session: Option<String>,
    /// Local start time, `HH:MM`, in `time_zone`.
    #[schema(example = "09:00")]
    start_time: String,
    duration_minutes: i32,
    /// The board's zone; sessions keep their local time across daylight-saving changes.
    time_zone: String,
    location: String,
    is_public: bool,
    /// Dates the rule would give that have no session.
    exdates: Vec<NaiveDate>,
    /// The date from which the current version of the rule applies.
    effective_from: NaiveDate,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Series> for SeriesView {
    fn from(s: Series) -> Self {
        let first_session =
            schedule::first_session(&s).map(|t| t.format("%Y-%m-%dT%H:%M").to_string());
        Self {
            id: s.id,
            board_id: s.board_id,
            title: s.title,
            rrule: s.rrule,
            first_date: s.first_date,
            first_session,
            start_time: s.start_time.format("%H:%M").to_string(),
            duration_minutes: s.duration_minutes,
            time_zone: s.time_zone,
            location: s.location,
            is_public: s.is_public,
            exdates: s
                .exdates
                .split(',')
                .filter_map(|d| d.parse().ok())
                .collect(),
            effective_from: s.effective_from,
            created_at: s.created_at.and_utc(),
            updated_at: s.updated_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaView {
    items: Vec<AgendaItemView>,
    /// Carried over from the previous session: its decisions (matters arising). Shown to the
    /// board's secretaries and members.
    carried_over: Vec<DecisionView>,
    /// The board's follow-up actions not yet verified, to review in session. Shown to the
    /// board's secretaries and members.
    open_actions: Vec<OpenActionView>,
}

impl From<Agenda> for AgendaView {
    fn from(a: Agenda) -> Self {
        Self {
            items: a.items.into_iter().map(AgendaItemView::from).collect(),
            carried_over: a.carried_over.into_iter().map(DecisionView::from).collect(),
            open_actions: a
                .open_actions
                .into_iter()
                .map(OpenActionView::from)
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AgendaItemView {
    id: AgendaItemId,
    position: i32,
    title: String,
    description: String,
    /// Closed items are seen only by the board's secretaries and members.
    is_public: bool,
}

impl From<AgendaItem> for AgendaItemView {
    fn from(i: AgendaItem) -> Self {
        Self {
            id: i.id,
            position: i.position,
            title: i.title,
            description: i.description,
            is_public: i.is_public,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OpenActionView {
    id: ActionId,
    title: String,
    unit_id: UnitId,
    due_date: chrono::NaiveDate,
    status: ActionStatus,
}

impl From<Action> for OpenActionView {
    fn from(a: Action) -> Self {
        Self {
            id: a.id,
            title: a.title,
            unit_id: a.unit_id,
            due_date: a.due_date,
            status: a.status,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AttendeeView {
    id: AttendeeId,
    name: String,
    organisation: String,
    sector: Sector,
    sex: Sex,
}

impl From<Attendee> for AttendeeView {
    fn from(a: Attendee) -> Self {
        Self {
            id: a.id,
            name: a.name,
            organisation: a.organisation,
            sector: a.sector,
            sex: a.sex,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MinutesView {
    meeting_id: MeetingId,
    body: String,
    status: MinutesStatus,
    approved_by: Option<UserId>,
    /// The later session at which they were approved.
    approved_at_meeting: Option<MeetingId>,
    approved_at: Option<DateTime<Utc>>,
    frozen_at: Option<DateTime<Utc>>,
    updated_at: DateTime<Utc>,
}

impl From<Minutes> for MinutesView {
    fn from(m: Minutes) -> Self {
        Self {
            meeting_id: m.meeting_id,
            body: m.body,
            status: m.status,
            approved_by: m.approved_by,
            approved_at_meeting: m.approved_at_meeting,
            approved_at: m.approved_at.map(|t| t.and_utc()),
            frozen_at: m.frozen_at.map(|t| t.and_utc()),
            updated_at: m.updated_at.and_utc(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    id: DecisionId,
    meeting_id: MeetingId,
    agenda_item_id: Option<AgendaItemId>,
    text: String,
    responsible_unit_id: Option<UnitId>,
    responsible: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Decision> for DecisionView {
    fn from(d: Decision) -> Self {
        Self {
            id: d.id,
            meeting_id: d.meeting_id,
            agenda_item_id: d.agenda_item_id,
            text: d.text,
            responsible_unit_id: d.responsible_unit_id,
            responsible: d.responsible,
            created_at: d.created_at.and_utc(),
            updated_at: d.updated_at.and_utc(),
        }
    }
}
