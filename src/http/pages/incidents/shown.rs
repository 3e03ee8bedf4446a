//! An incident in words, as its reader's view holds it: the board's time zone for times, unit
//! names for ids, the catalogue's words for the vocabularies.

use super::super::Ctx;
use super::{Names, place};
use crate::domain::ids::UnitId;
use crate::incidents::views::{IncidentView, SecretariatIncident};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// What the secretariat alone reads.
pub struct Confidential {
    pub narrative: String,
    pub coordinates: String,
    pub identities: Vec<String>,
    pub steps: Vec<(String, String, String)>,
    /// Who or what each source is.
    pub sources: Vec<String>,
}

/// The incident as its reader may see it, in words.
pub struct Shown {
    pub id: i64,
    pub board_id: i64,
    pub board: String,
    pub occurred: String,
    pub place: String,
    pub summary: String,
    pub severity: String,
    pub status: String,
    pub unit: String,
    pub harms: String,
    pub victims: Vec<String>,
    pub perpetrators: Vec<String>,
    pub sources: Vec<String>,
    pub responses: Vec<(String, String, String)>,
    pub updated: String,
    pub confidential: Option<Confidential>,
}

pub fn shown(c: &Ctx, names: &Names, zone: Tz, view: &IncidentView) -> Shown {
    let at = |t: &DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let unit = |u: Option<UnitId>| u.map(|u| names.unit(u)).unwrap_or_default();
    let i = view.shared();
    let sources = sources(c, view);
    let confidential = match view {
        IncidentView::Secretariat(s) => Some(confidential(c, s, &at)),
        _ => None,
    };
    Shown {
        id: i.id.0,
        board_id: i.board_id.0,
        board: names.board(i.board_id),
        occurred: match &i.occurred_time {
            Some(time) => format!("{} {time}", i.occurred_on),
            None => i.occurred_on.to_string(),
        },
        place: place([&i.municipality, &i.province, &i.region]),
        summary: i.summary.clone(),
        severity: c.word("severity", i.severity.as_str()),
        status: c.word("incident_status", i.status.as_str()),
        unit: unit(i.unit_id),
        harms: (i.harms.iter())
            .map(|h| c.word("harm", h.as_str()))
            .collect::<Vec<_>>()
            .join(", "),
        victims: (i.victims.iter())
            .map(|v| {
                let group = format!(
                    "{}, {}",
                    c.word("sex", v.sex.as_str()),
                    c.word("age_group", v.age_group.as_str())
                );
                c.t.fill(
                    "incident.victims_of",
                    &[("n", &v.victims), ("group", &group)],
                )
            })
            .collect(),
        perpetrators: (i.perpetrators.iter())
            .map(|p| {
                let who = match (p.unit_id, p.group_name.is_empty()) {
                    (Some(u), _) => names.unit(u),
                    (None, false) => format!(
                        "{} ({})",
                        c.word("perpetrator_kind", p.kind.as_str()),
                        p.group_name
                    ),
                    (None, true) => c.word("perpetrator_kind", p.kind.as_str()),
                };
                format!("{who} · {}", c.word("involvement", p.involvement.as_str()))
            })
            .collect(),
        sources,
        responses: (i.responses.iter())
            .map(|r| {
                (
                    at(&r.at),
                    c.word("response_kind", r.kind.as_str()),
                    r.text.clone(),
                )
            })
            .collect(),
        updated: at(&i.updated_at),
        confidential,
    }
}

/// The sources' kinds and grades, as the board reads them; none for a unit.
fn sources(c: &Ctx, view: &IncidentView) -> Vec<String> {
    let graded = |kind: &str, reliability: &str| {
        let grade = c.t.fill1(
            "incident.graded",
            "grade",
            c.word("reliability", reliability),
        );
        format!("{} · {grade}", c.word("incident_source", kind))
    };
    match view {
        IncidentView::Secretariat(s) => (s.sources.iter())
            .map(|x| graded(x.kind.as_str(), x.reliability.as_str()))
            .collect(),
        IncidentView::Board(b) => (b.sources.iter())
            .map(|x| graded(x.kind.as_str(), x.reliability.as_str()))
            .collect(),
        IncidentView::Unit(_) => Vec::new(),
    }
}

fn confidential(
    c: &Ctx,
    s: &SecretariatIncident,
    at: &dyn Fn(&DateTime<Utc>) -> String,
) -> Confidential {
    Confidential {
        narrative: s.narrative.clone(),
        coordinates: (s.coordinates.as_ref())
            .map(|x| format!("{}, {}", x.latitude, x.longitude))
            .unwrap_or_default(),
        identities: (s.victim_identities.iter())
            .map(|p| {
                let who = format!(
                    "{} ({}, {})",
                    p.name,
                    c.word("sex", p.sex.as_str()),
                    c.word("age_group", p.age_group.as_str())
                );
                match p.note.is_empty() {
                    true => who,
                    false => format!("{who}: {}", p.note),
                }
            })
            .collect(),
        sources: (s.sources.iter())
            .filter(|x| !x.description.is_empty())
            .map(|x| {
                format!(
                    "{}: {}",
                    c.word("incident_source", x.kind.as_str()),
                    x.description
                )
            })
            .collect(),
        steps: (s.steps.iter())
            .map(|e| {
                (
                    at(&e.at),
                    c.word("incident_status", e.status.as_str()),
                    e.note.clone(),
                )
            })
            .collect(),
    }
}
