//! Grievances: filed by anyone (public form) or by a secretary, followed by tracking code,
//! acknowledged, referred to a unit, answered and closed within business-day deadlines. The
//! filer's identity and words stay with the secretariat; units get a summary written for them.

mod browse;
pub use browse::{BrowseRequest, browse};
pub mod deadlines;
pub mod views;
pub mod workflow;

use crate::audit::{self, Actor, Change};
use crate::config::ServerSettings;
use crate::db::boards::Board;
use crate::db::grievances::{self as store, Contact, Event, Grievance};
use crate::db::{DbConn, units};
use crate::domain::deadline::due_date;
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus, Intake};
use crate::domain::ids::{BoardId, GrievanceId, UnitId};
use crate::domain::refusal::{self, Reason, Remedy, Word};
use crate::domain::text::{check_text, trimmed};
use crate::domain::tracking::TrackingCode;
use crate::error::{AppError, not_found};
use crate::org::boards;
use crate::outbox::{self, Notice};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const DESCRIPTION_MAX: usize = 5_000;
pub const SHORT_MAX: usize = 200;
pub const NOTE_MAX: usize = 5_000;

/// How long a board has, in business days, and which days do not count.
#[derive(Debug, Clone)]
pub struct Deadlines {
    pub ack_days: u32,
    pub response_days: u32,
    pub holidays: Vec<NaiveDate>,
}

impl Deadlines {
    /// The installation's deadlines, as configured.
    pub fn from_settings(settings: &ServerSettings) -> Self {
        Self {
            ack_days: settings.grievance_ack_days,
            response_days: settings.grievance_response_days,
            holidays: settings.holidays.clone(),
        }
    }

    /// The installation's deadlines with the board's own days where it set them.
    pub fn for_board(&self, board: &Board) -> Self {
        Self {
            ack_days: board.grievance_ack_days.unwrap_or(self.ack_days),
            response_days: board.grievance_response_days.unwrap_or(self.response_days),
            holidays: self.holidays.clone(),
        }
    }
}

/// A grievance as filed, by the public or by the secretariat.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = GrievanceInput)]
pub struct FileGrievanceRequest {
    pub board_id: BoardId,
    pub category: GrievanceCategory,
    /// What happened, in the filer's words (kept by the secretariat only).
    #[schema(min_length = 1, max_length = 5000, format = "text-not-blank")]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 200, format = "text")]
    pub location: String,
    /// The unit the complaint is about, if known.
    pub alleged_unit_id: Option<UnitId>,
    /// How to reach the filer, if they wish (kept by the secretariat only).
    pub contact: Option<Contact>,
    /// How it reached the secretariat, when the secretariat files it for someone; never on the
    /// public form.
    #[serde(default)]
    pub intake: Option<Intake>,
}

/// What the audit log keeps of a grievance: never the filer's words or identity.
#[derive(Serialize)]
struct Audited<'a> {
    board_id: BoardId,
    channel: &'a str,
    /// On the entry that files it.
    #[serde(skip_serializing_if = "Option::is_none")]
    intake: Option<Intake>,
    category: GrievanceCategory,
    status: GrievanceStatus,
    unit_id: Option<UnitId>,
}

impl<'a> From<&'a Grievance> for Audited<'a> {
    fn from(g: &'a Grievance) -> Self {
        Self {
            board_id: g.board_id,
            channel: &g.channel,
            intake: None,
            category: g.category,
            status: g.status,
            unit_id: g.unit_id,
        }
    }
}

/// The channels a grievance comes by: the public form, or the secretariat filing it for someone.
const PUBLIC: &str = "public";
const SECRETARIAT: &str = "secretariat";

/// Records a grievance and returns it with its tracking code, shown to the filer once.
pub fn file(
    conn: &mut DbConn,
    actor: &Actor,
    channel: &str,
    draft: FileGrievanceRequest,
    defaults: &Deadlines,
    now: DateTime<Utc>,
) -> Result<(Grievance, TrackingCode), AppError> {
    let board = boards::find(conn, draft.board_id)
        .map_err(|_| AppError::validation("board_id", refusal::grievance_board_unknown()))?;
    let description = trimmed("description", &draft.description, DESCRIPTION_MAX)?;
    if description.is_empty() {
        return Err(AppError::validation(
            "description",
            refusal::grievance_description_empty(),
        ));
    }
    check_text("location", &draft.location, SHORT_MAX)?;
    if channel == PUBLIC && draft.intake.is_some() {
        return Err(AppError::validation(
            "intake",
            refusal::grievance_intake_public(),
        ));
    }
    let contact = draft
        .contact
        .as_ref()
        .map(trimmed_contact)
        .unwrap_or_default();
    check_contact(&contact)?;
    if let Some(unit) = draft.alleged_unit_id {
        units::find(conn, unit).map_err(|_| {
            let refused = refusal::grievance_unit_unknown().remedied(Remedy::AddUnit);
            AppError::validation("alleged_unit_id", refused)
        })?;
    }
    let (zone, rules) = (board.zone(), defaults.for_board(&board));
    let code = loop {
        let candidate = TrackingCode::generate();
        if store::find_by_hash(conn, &candidate.digest())?.is_none() {
            break candidate;
        }
    };
    let grievance = store::insert(
        conn,
        &Grievance {
            id: GrievanceId(0),
            board_id: draft.board_id,
            tracking_hash: code.digest(),
            channel: channel.to_owned(),
            category: draft.category,
            description,
            location: draft.location.trim().to_owned(),
            alleged_unit_id: draft.alleged_unit_id,
            status: GrievanceStatus::Received,
            unit_id: None,
            unit_summary: String::new(),
            response: String::new(),
            filed_at: now.naive_utc(),
            ack_due: due_date(now, zone, rules.ack_days, &rules.holidays),
            response_due: due_date(now, zone, rules.response_days, &rules.holidays),
            updated_at: now.naive_utc(),
        },
    )?;
    if contact != Contact::default() {
        store::set_contact(conn, grievance.id, &contact)?;
    }
    if let Some(intake) = draft.intake {
        store::set_intake(conn, grievance.id, intake.as_str())?;
    }
    store::add_event(
        conn,
        grievance.id,
        GrievanceStatus::Received,
        "",
        actor.user_id,
        now.naive_utc(),
    )?;
    audit::record(
        conn,
        actor,
        Change::created(
            "grievance",
            grievance.id,
            &Audited {
                intake: draft.intake,
                ..Audited::from(&grievance)
            },
        ),
        now,
    )?;
    let subject = format!(
        "New grievance {} to acknowledge by {}",
        grievance.id, grievance.ack_due
    );
    outbox::notify_board(
        conn,
        grievance.board_id,
        &Notice {
            kind: "grievance_received",
            key: &format!("grievance/{}/received", grievance.id),
            subject: &subject,
            body: &format!(
                "A grievance ({}) was received. Acknowledge it by {} and respond by {}.\n",
                grievance.category.as_str(),
                grievance.ack_due,
                grievance.response_due
            ),
            not_after: None,
        },
        now,
    )?;
    Ok((grievance, code))
}

/// One step of the lifecycle, with what it needs: a unit and a summary for it to refer, a
/// response to answer.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = GrievanceStep)]
pub struct StepGrievanceRequest {
    /// The next status. A representative may only answer (`responded`, with `response`).
    pub status: Option<GrievanceStatus>,
    /// `true` records an appeal: a decided or closed grievance goes back to the unit.
    #[serde(default)]
    pub appeal: bool,
    #[serde(default)]
    #[schema(max_length = 5000, format = "text")]
    pub note: String,
    /// With `referred`: the unit.
    pub unit_id: Option<UnitId>,
    /// With `referred`: what the unit is told, without who filed it.
    #[schema(max_length = 5000, format = "text")]
    pub unit_summary: Option<String>,
    /// With `responded`: the unit's answer.
    #[schema(max_length = 5000, format = "text")]
    pub response: Option<String>,
}

impl StepGrievanceRequest {
    /// Whether this step only answers for the unit, as a unit's representative may.
    pub fn answers_only(&self) -> bool {
        self.status == Some(GrievanceStatus::Responded)
            && !self.appeal
            && self.unit_id.is_none()
            && self.unit_summary.is_none()
    }
}

pub fn step(
    conn: &mut DbConn,
    actor: &Actor,
    id: GrievanceId,
    step: StepGrievanceRequest,
    now: DateTime<Utc>,
) -> Result<Grievance, AppError> {
    let before = find(conn, id)?;
    check_text("note", &step.note, NOTE_MAX)?;
    let to = next_status(&before, &step)?;
    let mut after = before.clone();
    if to == GrievanceStatus::Referred && !step.appeal {
        let unit = step
            .unit_id
            .ok_or_else(|| AppError::validation("unit_id", refusal::grievance_referral_unit()))?;
        units::find(conn, unit).map_err(|_| {
            let refused = refusal::grievance_referral_unit_unknown(unit);
            AppError::validation("unit_id", refused.remedied(Remedy::AddUnit))
        })?;
        after.unit_id = Some(unit);
        after.unit_summary = written(
            "unit_summary",
            step.unit_summary.as_deref(),
            refusal::grievance_unit_summary_empty(),
        )?;
    }
    if to == GrievanceStatus::Responded {
        let wanted = refusal::grievance_response_empty();
        after.response = written("response", step.response.as_deref(), wanted)?;
    }
    after.status = to;
    after.updated_at = now.naive_utc();
    let after = store::update(conn, &after)?;
    let note = step.note.trim();
    store::add_event(conn, id, to, note, actor.user_id, now.naive_utc())?;
    let (was, is) = (Audited::from(&before), Audited::from(&after));
    audit::record(
        conn,
        actor,
        Change::updated("grievance", id, &was, &is),
        now,
    )?;
    if to == GrievanceStatus::Referred {
        tell_unit(conn, &after, now)?;
    }
    Ok(after)
}

/// Where `step` takes the grievance: back on appeal, else the status asked if it is next.
fn next_status(
    before: &Grievance,
    step: &StepGrievanceRequest,
) -> Result<GrievanceStatus, AppError> {
    if step.appeal {
        let appealed = before.status.appealed(before.unit_id.is_some());
        return appealed.ok_or_else(|| {
            AppError::conflict(refusal::appeal_still_open(Word::of(
                "status",
                before.status.as_str(),
            )))
        });
    }
    let to = step
        .status
        .ok_or_else(|| AppError::validation("status", refusal::grievance_step_missing()))?;
    before
        .status
        .check_step(to)
        .map_err(|e| AppError::conflict(e.reason))?;
    Ok(to)
}

/// A text a step needs, trimmed and bounded; `wanted` says what to write when it is missing.
fn written(field: &'static str, text: Option<&str>, wanted: Reason) -> Result<String, AppError> {
    let text = trimmed(field, text.unwrap_or(""), DESCRIPTION_MAX)?;
    if text.is_empty() {
        return Err(AppError::validation(field, wanted));
    }
    Ok(text)
}

/// Tells the unit a grievance was referred to what it needs to know and by when.
fn tell_unit(conn: &mut DbConn, g: &Grievance, now: DateTime<Utc>) -> Result<(), AppError> {
    let Some(unit) = g.unit_id else {
        return Ok(());
    };
    let subject = format!(
        "Grievance {} referred to your unit: respond by {}",
        g.id, g.response_due
    );
    let notice = Notice {
        kind: "grievance_referred",
        key: &format!("grievance/{}/referred/{}", g.id, now.timestamp_micros()),
        subject: &subject,
        body: &format!("{}\n\nRespond by {}.\n", g.unit_summary, g.response_due),
        not_after: None,
    };
    outbox::notify_unit(conn, unit, &notice, now)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: GrievanceId) -> Result<Grievance, AppError> {
    store::find(conn, id).map_err(not_found("grievance", id))
}

/// When each step was first reached, from the grievance's history.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Dates {
    pub filed_at: Option<DateTime<Utc>>,
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub referred_at: Option<DateTime<Utc>>,
    pub responded_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

pub fn dates(events: &[Event]) -> Dates {
    let first = |wanted: &[GrievanceStatus]| -> Option<DateTime<Utc>> {
        events
            .iter()
            .find(|e| wanted.contains(&e.status))
            .map(|e: &Event| e.at.and_utc())
    };
    use GrievanceStatus::*;
    Dates {
        filed_at: first(&[Received]),
        acknowledged_at: first(&[Acknowledged]),
        referred_at: first(&[Referred]),
        responded_at: first(&[Responded]),
        decided_at: first(&[Resolved, NotResolved]),
        closed_at: first(&[Closed]),
    }
}

fn check_contact(c: &Contact) -> Result<(), AppError> {
    check_text("contact", &c.name, SHORT_MAX)?;
    check_text("contact", &c.phone, 40)?;
    check_text("contact", &c.email, 254)?;
    Ok(())
}

/// The filer's contact, trimmed; empty parts stay empty.
fn trimmed_contact(c: &Contact) -> Contact {
    Contact {
        name: c.name.trim().to_owned(),
        phone: c.phone.trim().to_owned(),
        email: c.email.trim().to_owned(),
    }
}

/// Whether an acknowledgement or response is late on `now` in the board's zone.
pub fn lateness(g: &Grievance, zone: chrono_tz::Tz, now: DateTime<Utc>) -> (bool, bool) {
    use crate::domain::deadline::is_breached;
    (
        g.status.awaits_acknowledgement() && is_breached(g.ack_due, now, zone),
        g.status.awaits_response() && is_breached(g.response_due, now, zone),
    )
}
