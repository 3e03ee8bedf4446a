//! What each audience sees of a grievance. Privacy by construction: each audience gets its
//! own type, and only the secretariat's has fields for the filer's words and identity.
//! `UnitGrievance` and `PublicGrievance` have no such fields at all, so nothing personal can
//! reach a representative or the public by oversight.

use super::{Dates, FilerView};
use crate::auth::policy::Sight;
use crate::db::DbConn;
use crate::db::grievances::{self as store, Contact, Grievance};
use crate::domain::grievance::{FilerStep, GrievanceCategory, GrievanceOutcome, GrievanceStatus};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::error::AppError;
use crate::org::boards;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What the public sees by tracking code: where the grievance stands, each step it took and
/// when, and how it ended. Privacy by construction: no unit, no words, no person.
#[derive(Serialize, ToSchema)]
pub struct PublicGrievance {
    status: GrievanceStatus,
    /// How it was decided, while it stands decided or closed; null while it is open (also
    /// while an appeal is under way).
    outcome: Option<GrievanceOutcome>,
    /// Every step, oldest first; after an appeal the steps repeat.
    steps: Vec<PublicStep>,
    dates: Dates,
    /// While it awaits acknowledgement: the day by which the board acknowledges it; else null.
    acknowledge_by: Option<NaiveDate>,
    /// While it awaits its first response: the day the response is due; else null (an appeal
    /// sets no new deadline).
    respond_by: Option<NaiveDate>,
}

/// One step of a grievance as its filer follows it.
#[derive(Serialize, ToSchema)]
pub struct PublicStep {
    step: FilerStep,
    at: DateTime<Utc>,
    /// On a `decided` step: resolved or not_resolved; else null.
    outcome: Option<GrievanceOutcome>,
}

impl From<FilerView> for PublicGrievance {
    fn from(v: FilerView) -> Self {
        Self {
            status: v.status,
            outcome: v.outcome,
            steps: v
                .steps
                .into_iter()
                .map(|m| PublicStep {
                    step: m.step,
                    at: m.at,
                    outcome: m.outcome,
                })
                .collect(),
            dates: v.dates,
            acknowledge_by: v.acknowledge_by,
            respond_by: v.respond_by,
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
    pub(crate) contact: Option<ContactInput>,
}

#[derive(Serialize, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    pub(crate) name: String,
    #[serde(default)]
    #[schema(max_length = 40, format = "text")]
    pub(crate) phone: String,
    #[serde(default)]
    #[schema(max_length = 254, format = "text")]
    pub(crate) email: String,
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
    dates: Dates,
    zone: chrono_tz::Tz,
    now: DateTime<Utc>,
) -> BoardGrievance {
    let (ack_late, response_late) = super::lateness(&g, zone, now);
    BoardGrievance {
        id: g.id,
        board_id: g.board_id,
        channel: g.channel,
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
pub struct GrievancePage {
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
    let zone = boards::find(conn, g.board_id)?.zone();
    let dates = super::dates(&store::events_of(conn, g.id)?);
    Ok(match sight {
        Sight::Secretariat => {
            let contact = store::contact(conn, g.id)?.map(|c: Contact| ContactInput {
                name: c.name,
                phone: c.phone,
                email: c.email,
            });
            GrievanceView::Secretariat(SecretariatGrievance {
                case: board_view(g, dates, zone, now),
                contact,
            })
        }
        Sight::Board => GrievanceView::Board(board_view(g, dates, zone, now)),
        Sight::Unit => GrievanceView::Unit(unit_view(g, dates, zone, now)),
    })
}
