//! What each audience sees of a grievance. Privacy by construction: each audience gets its
//! own type, and only the secretariat's has fields for the filer's words and identity.
//! `UnitGrievance` and `PublicGrievance` have no such fields at all, so nothing personal can
//! reach a representative or the public by oversight.

use super::Dates;
use crate::auth::policy::Sight;
use crate::db::DbConn;
use crate::db::boards as board_store;
use crate::db::grievances::{self as store, Contact, Grievance};
use crate::domain::grievance::{
    FilerStep, GrievanceCategory, GrievanceOutcome, GrievanceStatus, Intake, milestones, outcome,
};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::tracking::TrackingCode;
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// What the public sees by tracking code: where the grievance stands, each step it took and
/// when, and how it ended. Privacy by construction: no unit, no words, no person.
#[derive(Serialize, ToSchema)]
#[schema(as = PublicGrievance)]
pub struct PublicGrievanceView {
    pub(crate) status: GrievanceStatus,
    /// How it was decided, while it stands decided or closed; null while it is open (also
    /// while an appeal is under way).
    pub(crate) outcome: Option<GrievanceOutcome>,
    /// Every step, oldest first; after an appeal the steps repeat.
    pub(crate) steps: Vec<PublicStep>,
    pub(crate) dates: Dates,
    /// While it awaits acknowledgement: the day by which the board acknowledges it; else null.
    pub(crate) acknowledge_by: Option<NaiveDate>,
    /// While it awaits its first response: the day the response is due; else null (an appeal
    /// sets no new deadline).
    pub(crate) respond_by: Option<NaiveDate>,
    /// The board's zone, in which the filer's page gives days.
    #[serde(skip)]
    pub(crate) zone: chrono_tz::Tz,
}

/// One step of a grievance as its filer follows it.
#[derive(Serialize, ToSchema)]
pub struct PublicStep {
    pub(crate) step: FilerStep,
    pub(crate) at: DateTime<Utc>,
    /// On a `decided` step: resolved or not_resolved; else null.
    pub(crate) outcome: Option<GrievanceOutcome>,
}

/// The grievance whose tracking code is `code`, as its filer may follow it.
pub fn for_filer(
    conn: &mut DbConn,
    code: &TrackingCode,
) -> Result<Option<PublicGrievanceView>, AppError> {
    let Some(g) = store::find_by_hash(conn, &code.digest())? else {
        return Ok(None);
    };
    let events = store::events_of(conn, g.id)?;
    let steps = milestones(events.iter().map(|e| (e.status, e.at.and_utc())));
    let appealed = steps.iter().any(|m| m.step == FilerStep::Appealed);
    Ok(Some(PublicGrievanceView {
        status: g.status,
        outcome: outcome(g.status, &steps),
        steps: steps
            .into_iter()
            .map(|m| PublicStep {
                step: m.step,
                at: m.at,
                outcome: m.outcome,
            })
            .collect(),
        dates: super::dates(&events),
        acknowledge_by: g.status.awaits_acknowledgement().then_some(g.ack_due),
        respond_by: (g.status.awaits_response() && !appealed).then_some(g.response_due),
        zone: boards::find(conn, g.board_id)?.zone(),
    }))
}

/// What the filer is told once, on filing.
#[derive(Serialize, ToSchema)]
#[schema(as = Filed)]
pub struct FiledGrievanceView {
    /// The grievance filed, for the desk's page of it; not in the filer's answer.
    #[serde(skip)]
    pub(crate) id: GrievanceId,
    /// Keep it: it is the only way to follow the grievance, and it is shown only this once.
    #[schema(example = "K7PQ-M2XR-94TW")]
    pub tracking_code: String,
    status: GrievanceStatus,
    acknowledge_by: NaiveDate,
    respond_by: NaiveDate,
}

impl FiledGrievanceView {
    pub(super) fn new(g: &Grievance, code: &TrackingCode) -> Self {
        Self {
            id: g.id,
            tracking_code: code.to_string(),
            status: g.status,
            acknowledge_by: g.ack_due,
            respond_by: g.response_due,
        }
    }
}

/// What a representative sees of a grievance referred to their unit: the secretariat's summary,
/// never the filer's words, place or identity.
#[derive(Serialize, ToSchema)]
pub struct UnitGrievance {
    pub(crate) id: GrievanceId,
    pub(crate) board_id: BoardId,
    pub(crate) category: GrievanceCategory,
    pub(crate) status: GrievanceStatus,
    pub(crate) unit_id: Option<UnitId>,
    pub(crate) unit_summary: String,
    pub(crate) response: String,
    pub(crate) respond_by: NaiveDate,
    pub(crate) response_overdue: bool,
    pub(crate) dates: Dates,
}

/// What the board's members see: the whole case except who filed it.
#[derive(Serialize, ToSchema)]
pub struct BoardGrievance {
    pub(crate) id: GrievanceId,
    pub(crate) board_id: BoardId,
    /// public (the form) or secretariat.
    pub(crate) channel: String,
    /// How it reached the secretariat, when the secretariat filed it.
    pub(crate) intake: Option<Intake>,
    pub(crate) category: GrievanceCategory,
    pub(crate) description: String,
    pub(crate) location: String,
    pub(crate) alleged_unit_id: Option<UnitId>,
    pub(crate) status: GrievanceStatus,
    pub(crate) unit_id: Option<UnitId>,
    pub(crate) unit_summary: String,
    pub(crate) response: String,
    pub(crate) acknowledge_by: NaiveDate,
    pub(crate) respond_by: NaiveDate,
    pub(crate) acknowledgement_overdue: bool,
    pub(crate) response_overdue: bool,
    pub(crate) dates: Dates,
    pub(crate) updated_at: DateTime<Utc>,
}

/// The secretariat's view: the case and, when given, how to reach the filer.
#[derive(Serialize, ToSchema)]
pub struct SecretariatGrievance {
    #[serde(flatten)]
    pub(crate) case: BoardGrievance,
    pub(crate) contact: Option<Contact>,
}

/// One grievance as a given principal may see it; `view` says which.
#[derive(Serialize, ToSchema)]
#[serde(tag = "view", rename_all = "snake_case")]
pub enum GrievanceView {
    Secretariat(SecretariatGrievance),
    Board(BoardGrievance),
    Unit(UnitGrievance),
}

fn board_view(
    g: Grievance,
    intake: Option<Intake>,
    dates: Dates,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> BoardGrievance {
    let (ack_late, response_late) = super::lateness(&g, zone, now);
    BoardGrievance {
        id: g.id,
        board_id: g.board_id,
        channel: g.channel,
        intake,
        category: g.category,
        description: g.description,
        location: g.location,
        alleged_unit_id: g.alleged_unit_id,
        status: g.status,
        unit_id: g.unit_id,
        unit_summary: g.unit_summary,
        response: g.response,
        acknowledge_by: g.ack_due,
        respond_by: g.response_due,
        acknowledgement_overdue: ack_late,
        response_overdue: response_late,
        dates,
        updated_at: g.updated_at.and_utc(),
    }
}

fn unit_view(g: Grievance, dates: Dates, zone: chrono_tz::Tz, now: DateTime<Utc>) -> UnitGrievance {
    let (_, response_late) = super::lateness(&g, zone, now);
    UnitGrievance {
        id: g.id,
        board_id: g.board_id,
        category: g.category,
        status: g.status,
        unit_id: g.unit_id,
        unit_summary: g.unit_summary,
        response: g.response,
        respond_by: g.response_due,
        response_overdue: response_late,
        dates,
    }
}

impl GrievanceView {
    pub fn id(&self) -> GrievanceId {
        match self {
            GrievanceView::Secretariat(s) => s.case.id,
            GrievanceView::Board(b) => b.id,
            GrievanceView::Unit(u) => u.id,
        }
    }
}

#[derive(Serialize, ToSchema)]
#[schema(as = GrievancePage)]
pub struct GrievancePageView {
    pub items: Vec<GrievanceView>,
    pub next_after: Option<GrievanceId>,
}

/// The grievance in the view `sight` gives, its lateness reckoned on `now` in the board's zone.
pub fn view_of(
    conn: &mut DbConn,
    g: Grievance,
    sight: Sight,
    now: DateTime<Utc>,
) -> Result<GrievanceView, AppError> {
    let mut views = views_of(conn, vec![(g, sight)], now)?;
    views
        .pop()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("a grievance without its view")))
}

/// Each grievance in the view its sight gives, in the order given; what they show beside their
/// rows is read once for all of them (a page of 50 took 200 queries one by one).
pub fn views_of(
    conn: &mut DbConn,
    seen: Vec<(Grievance, Sight)>,
    now: DateTime<Utc>,
) -> Result<Vec<GrievanceView>, AppError> {
    let ids: Vec<GrievanceId> = seen.iter().map(|(g, _)| g.id).collect();
    let secretariat: Vec<GrievanceId> = seen
        .iter()
        .filter(|(_, sight)| *sight == Sight::Secretariat)
        .map(|(g, _)| g.id)
        .collect();
    let mut alongside = store::alongside(conn, &ids, &secretariat)?;
    let zones: HashMap<BoardId, chrono_tz::Tz> = board_store::list(conn)?
        .into_iter()
        .map(|b| (b.id, b.zone()))
        .collect();
    let mut views = Vec::with_capacity(seen.len());
    for (g, sight) in seen {
        let zone = zones.get(&g.board_id).copied().unwrap_or(chrono_tz::UTC);
        let events: Vec<_> = alongside
            .events
            .iter()
            .filter(|(id, _)| *id == g.id)
            .map(|(_, e)| e.clone())
            .collect();
        let dates = super::dates(&events);
        let intake = alongside
            .intakes
            .iter()
            .find(|(id, _)| *id == g.id)
            .and_then(|(_, i)| i.parse::<Intake>().ok());
        let contact = alongside
            .contacts
            .iter()
            .position(|(id, _)| *id == g.id)
            .map(|at| alongside.contacts.swap_remove(at).1);
        views.push(match sight {
            Sight::Secretariat => GrievanceView::Secretariat(SecretariatGrievance {
                contact,
                case: board_view(g, intake, dates, zone, now),
            }),
            Sight::Board => GrievanceView::Board(board_view(g, intake, dates, zone, now)),
            Sight::Unit => GrievanceView::Unit(unit_view(g, dates, zone, now)),
        });
    }
    Ok(views)
}

/// One step of a grievance's history as the desk shows it. The notes are the secretariat's and
/// may name who filed: only the board's views carry them; a unit reads the steps and when.
pub struct HistoryStep {
    pub status: GrievanceStatus,
    /// This step reopened a decided or closed grievance.
    pub appeal: bool,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Every step of grievance `id`, oldest first, as `sight` may read them.
pub fn history_of(
    conn: &mut DbConn,
    id: GrievanceId,
    sight: Sight,
) -> Result<Vec<HistoryStep>, AppError> {
    let events = store::events_of(conn, id)?;
    let steps = milestones(events.iter().map(|e| (e.status, ())));
    Ok(events
        .into_iter()
        .zip(steps)
        .map(|(e, m)| HistoryStep {
            status: e.status,
            appeal: m.step == FilerStep::Appealed,
            at: e.at.and_utc(),
            note: (sight != Sight::Unit).then_some(e.note),
        })
        .collect())
}
