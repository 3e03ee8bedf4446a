//! The year's casework walked: incidents documented and moved through their steps, grievances
//! filed and answered, follow-up actions assigned, reported on and verified.

use super::cases::{IncidentPlan, Recorder};
use super::run::{Walk, made};
use super::words::{
    ASSESSING, Alleged, CLOSED_AFTER_RESPONSE, CLOSED_UNCORROBORATED, CORROBORATED, INVESTIGATING,
    RESOLUTIONS, RESPONSES, Side, UNCORROBORATED,
};
use crate::actions::{self, CreateActionRequest, ReportProgressRequest, VerifyActionRequest};
use crate::db::grievances::Contact;
use crate::db::incidents::{Identity, Perpetrator, Source, VictimCount};
use crate::domain::action::{ActionStatus, SourceKind};
use crate::domain::grievance::GrievanceStatus;
use crate::domain::incident::{
    IncidentStatus, Involvement, PerpetratorKind, Reliability, SourceKind as Said, VictimAge,
};
use crate::domain::meeting::Sex;
use crate::error::AppError;
use crate::grievances::{FileGrievanceRequest, StepGrievanceRequest, workflow as grievances};
use crate::incidents::input::{
    ChangeIncidentRequest, RecordIncidentRequest, RecordResponseRequest,
};
use crate::incidents::workflow as incidents;
use chrono::{DateTime, Utc};

impl Walk<'_> {
    pub(super) async fn record_incident(
        &mut self,
        n: usize,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let i = &self.plan.incidents[n];
        let who = match i.recorder {
            Recorder::Secretary => &self.people.secretary,
            Recorder::Member => &self.people.member,
        };
        let request = self.incident_request(n, i);
        let warn = self.settings.early_warning_severity;
        let view = incidents::record(self.db, who, request, warn, at).await?;
        self.incidents[n] = Some(view.shared().id);
        Ok(())
    }

    /// The incident as the board documents it: counted victims, who is alleged, the unit to
    /// respond, and (for the secretariat alone) a made-up narrative, identity and sources.
    fn incident_request(&self, n: usize, i: &IncidentPlan) -> RecordIncidentRequest {
        let unit = self.setting.units[i.unit];
        let perpetrators = match i.harm.alleged {
            Alleged::Unit(_) => Perpetrator {
                kind: PerpetratorKind::Unit,
                unit_id: Some(unit),
                group_name: String::new(),
                involvement: [Involvement::Direct, Involvement::FailedToPrevent][n % 2],
            },
            Alleged::ArmedGroup => Perpetrator {
                kind: PerpetratorKind::NonStateArmedGroup,
                unit_id: None,
                group_name: "Unidentified armed group".to_owned(),
                involvement: Involvement::Direct,
            },
            Alleged::Unknown => Perpetrator {
                kind: PerpetratorKind::Unknown,
                unit_id: None,
                group_name: String::new(),
                involvement: Involvement::Unknown,
            },
        };
        let victims = victims(i.harm.victims, n);
        let identities = match (i.identified, victims.first()) {
            (true, Some(v)) => vec![Identity {
                name: format!("Demo victim {}", n + 1),
                sex: v.sex,
                age_group: v.age_group,
                note: "Made up for the demo.".to_owned(),
            }],
            _ => Vec::new(),
        };
        let source = |kind, reliability, description: &str| Source {
            kind,
            reliability,
            description: format!("Demo source: {description}"),
        };
        RecordIncidentRequest {
            board_id: self.setting.board,
            occurred_on: i.occurred_on,
            occurred_time: None,
            region: "Eastern Visayas".to_owned(),
            province: i.place.province.to_owned(),
            municipality: i.place.municipality.to_owned(),
            summary: i.harm.summary.to_owned(),
            severity: i.harm.severity,
            unit_id: Some(unit),
            harms: i.harm.harms.to_vec(),
            victims,
            perpetrators: vec![perpetrators],
            narrative: format!(
                "Demo narrative: {} in {}. Confidential, seen by the secretariat only.",
                i.harm.summary, i.place.municipality
            ),
            coordinates: None,
            victim_identities: identities,
            sources: vec![
                source(
                    Said::CivilSociety,
                    Reliability::High,
                    "the board's monitors",
                ),
                source(
                    Said::Witness,
                    Reliability::Medium,
                    "a neighbour, name withheld",
                ),
            ],
        }
    }

    pub(super) async fn step_incident(
        &mut self,
        n: usize,
        to: IncidentStatus,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        use IncidentStatus::*;
        let id = made(&self.incidents, n)?;
        let note = match to {
            UnderAssessment => ASSESSING,
            Credible => CORROBORATED,
            NotCredible => UNCORROBORATED,
            UnderInvestigation => INVESTIGATING,
            Closed if self.plan.incidents[n].credible => CLOSED_AFTER_RESPONSE,
            _ => CLOSED_UNCORROBORATED,
        };
        let change = ChangeIncidentRequest {
            status: Some(to),
            note: note.to_owned(),
            ..ChangeIncidentRequest::default()
        };
        let warn = self.settings.early_warning_severity;
        let who = &self.people.secretary;
        incidents::change(self.db, who, id, change, warn, at).await?;
        Ok(())
    }

    /// The response of the unit expected to respond, by its side's representative.
    pub(super) async fn respond_to_incident(
        &mut self,
        n: usize,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let i = &self.plan.incidents[n];
        let (kind, text) = RESPONSES[i.response];
        let change = ChangeIncidentRequest {
            response: Some(RecordResponseRequest {
                kind,
                text: text.to_owned(),
            }),
            ..ChangeIncidentRequest::default()
        };
        let (id, warn) = (
            made(&self.incidents, n)?,
            self.settings.early_warning_severity,
        );
        let who = self.people.of(Side::of(i.unit));
        incidents::change(self.db, who, id, change, warn, at).await?;
        Ok(())
    }

    /// Filed on the public page, or by the secretariat for someone who came, called or wrote.
    pub(super) async fn file_grievance(
        &mut self,
        n: usize,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let g = &self.plan.grievances[n];
        let contact = g.contact.then(|| match g.intake {
            Some(_) => Contact {
                name: format!("Demo complainant {}", n + 1),
                phone: format!("0900 000 {:04}", n + 1),
                email: String::new(),
            },
            None => Contact {
                name: format!("Demo complainant {}", n + 1),
                phone: String::new(),
                email: format!("complainant{}@example.org", n + 1),
            },
        });
        let request = FileGrievanceRequest {
            board_id: self.setting.board,
            category: g.complaint.category,
            description: g.complaint.words.to_owned(),
            location: g.place.municipality.to_owned(),
            alleged_unit_id: g.names_unit.then(|| self.setting.units[g.unit]),
            contact,
            intake: g.intake,
        };
        let rules = self.deadlines.clone();
        let filed = match g.intake {
            Some(_) => {
                grievances::file(self.db, &self.people.secretary, request, rules, at).await?
            }
            None => {
                let via = "public grievance page";
                grievances::file_public(self.db, via, request, rules, at).await?
            }
        };
        self.grievances[n] = Some(filed.id);
        Ok(())
    }

    /// The secretariat's steps, and the answer of the unit it was referred to.
    pub(super) async fn step_grievance(
        &mut self,
        n: usize,
        to: GrievanceStatus,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        use GrievanceStatus::*;
        let g = &self.plan.grievances[n];
        let mut step = StepGrievanceRequest {
            status: Some(to),
            ..StepGrievanceRequest::default()
        };
        let mut who = &self.people.secretary;
        match to {
            Acknowledged => step.note = "The filer was told what happens next.".to_owned(),
            Referred => {
                step.unit_id = Some(self.setting.units[g.unit]);
                step.unit_summary = Some(g.complaint.for_unit.to_owned());
            }
            Responded => {
                step.response = Some(g.complaint.answer.to_owned());
                who = self.people.of(g.complaint.side);
            }
            Resolved => step.note = "The filer accepted the answer.".to_owned(),
            NotResolved => {
                step.note =
                    "The filer did not accept the answer; raised at the next session.".to_owned();
            }
            Received | Closed => {}
        }
        let id = made(&self.grievances, n)?;
        grievances::step(self.db, who, id, step, at).await?;
        Ok(())
    }

    /// Assigned by the secretary to the unit, following up the session's decision.
    pub(super) async fn create_action(
        &mut self,
        n: usize,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let a = &self.plan.actions[n];
        let decision = self.decisions[a.session]
            .get(a.decision)
            .copied()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no decision for action {n}")))?;
        let resolution = &RESOLUTIONS[self.plan.sessions[a.session].resolutions[a.decision]];
        let request = CreateActionRequest {
            board_id: self.setting.board,
            title: a.title.to_owned(),
            description: format!("Follows the decision: {}", resolution.text),
            source_kind: SourceKind::Decision,
            source_id: Some(decision.0),
            unit_id: self.setting.units[a.unit],
            due_date: a.due,
        };
        let created = actions::create(self.db, &self.people.secretary, request, at).await?;
        self.actions[n] = Some(created.id);
        Ok(())
    }

    /// Progress reported by the representative of the unit's side.
    pub(super) async fn report_progress(
        &mut self,
        n: usize,
        status: ActionStatus,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let note = match status {
            ActionStatus::InProgress => "Work has started.",
            ActionStatus::Blocked => "Waiting for approval and funds from higher headquarters.",
            _ => "Done; the records are with the board's secretariat.",
        };
        let request = ReportProgressRequest {
            status,
            note: note.to_owned(),
        };
        let id = made(&self.actions, n)?;
        let who = self.people.of(Side::of(self.plan.actions[n].unit));
        actions::progress(self.db, who, id, request, at).await?;
        Ok(())
    }

    /// The member's verdict: verified, or sent back after the monitors' visit.
    pub(super) async fn verify_action(
        &mut self,
        n: usize,
        accept: bool,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let reason = match accept {
            true => String::new(),
            false => "The board's monitors found the work unfinished on their visit.".to_owned(),
        };
        let id = made(&self.actions, n)?;
        let verdict = VerifyActionRequest { accept, reason };
        actions::verify(self.db, &self.people.member, id, verdict, at).await?;
        Ok(())
    }
}

/// An incident's victims, counted by sex and age group; none counted when `count` is 0.
fn victims(count: u32, n: usize) -> Vec<VictimCount> {
    let group = |sex, age_group, victims| VictimCount {
        sex,
        age_group,
        victims,
    };
    match count {
        0 => Vec::new(),
        1 => {
            let sex = [Sex::Male, Sex::Female][n % 2];
            let age = [VictimAge::Adult, VictimAge::Youth, VictimAge::Elder][n % 3];
            vec![group(sex, age, 1)]
        }
        2 | 3 => {
            let mut all = vec![group(Sex::Male, VictimAge::Adult, 2)];
            if count == 3 {
                all.push(group(Sex::Female, VictimAge::Adult, 1));
            }
            all
        }
        _ => vec![
            group(Sex::Female, VictimAge::Adult, count / 3),
            group(Sex::Male, VictimAge::Adult, count / 3),
            group(Sex::NotStated, VictimAge::Child, count - 2 * (count / 3)),
        ],
    }
}
