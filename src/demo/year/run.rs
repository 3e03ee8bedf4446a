//! The year walked: each planned step taken at its moment, by the person who would take it,
//! through the operation the API, the public form or the scheduled job calls. Sessions,
//! figures and reports here; incidents, grievances and actions in `casework`.

use super::assess::assessment;
use super::plan::{Event, Plan, Step};
use super::words::{AGENDA, REPLIES, RESOLUTIONS, Side};
use super::{Calendar, MONTHS, Setting};
use crate::audit::Actor;
use crate::auth::devices::Origin;
use crate::auth::policy::Principal;
use crate::auth::rate_limit::{Limits, LoginLimiter};
use crate::auth::second_factor::{self, CodeAttempt};
use crate::auth::sessions::{self, Presented};
use crate::auth::totp;
use crate::config::{MeetingSettings, ServerSettings};
use crate::db::sessions::Stage;
use crate::db::{self, Db};
use crate::demo::DemoAccount;
use crate::demo::cast::{ACCOUNTS, REGION_VIII, ROSTER, Scope};
use crate::domain::ids::{
    ActionId, AgendaItemId, DecisionId, GrievanceId, IncidentId, MeetingId, ReportId,
};
use crate::domain::meeting::{MeetingStatus, MinutesStatus};
use crate::domain::report::Officer;
use crate::domain::text::Email;
use crate::error::AppError;
use crate::grievances::Deadlines;
use crate::indicators::values::RawFigure;
use crate::meetings::minutes::{self, ChangeMinutesRequest};
use crate::meetings::record::agenda::{self, AgendaItemRequest};
use crate::meetings::record::attendance::{self, AddAttendeeRequest};
use crate::meetings::record::decisions::{self, DecisionRequest};
use crate::reports::{self, template::Templates};
use chrono::{DateTime, NaiveTime, TimeDelta, Utc};

/// The board's people who take the year's steps, signed in once at its start.
pub(super) struct People {
    pub secretary: Principal,
    pub member: Principal,
    pub army: Principal,
    pub police: Principal,
}

impl People {
    /// Signs in the holders of Region VIII's accounts (`cast::ACCOUNTS`) with the demo's
    /// passwords.
    async fn sign_in(
        db: &Db,
        accounts: &[DemoAccount],
        at: DateTime<Utc>,
    ) -> Result<Self, AppError> {
        let limiter = &LoginLimiter::new(
            Limits {
                max_failures: 1,
                max_attempts: ACCOUNTS.len() as u32,
                window: TimeDelta::minutes(1),
            },
            b"demo load",
        );
        let one = |holds: fn(&Scope) -> bool| async move {
            let missing = || AppError::Internal(anyhow::anyhow!("a Region VIII account"));
            let email = (ACCOUNTS.iter())
                .find(|a| holds(&a.3))
                .map(|a| a.1)
                .ok_or_else(missing)?;
            let account = (accounts.iter())
                .find(|a| a.email == email)
                .ok_or_else(missing)?;
            let (hours, email_address) = (TimeDelta::hours(8), Email::parse(email)?);
            let cannot = || AppError::Internal(anyhow::anyhow!("{email} cannot sign in"));
            let password = account.password.clone();
            let presented = Presented {
                email: email_address,
                password,
                replaces: None,
                required: ServerSettings::default().mfa_required,
                origin: Origin::of("demo load", "192.0.2.1"),
            };
            let mut signed =
                (sessions::sign_in(db, presented, hours, at).await?).ok_or_else(cannot)?;
            if signed.stage == Stage::AwaitingCode {
                let attempt = CodeAttempt {
                    client: "demo load",
                    awaiting: Some(signed.token),
                    code: totp::code_at(&account.app_secret, at)?,
                    origin: Origin::of("demo load", "192.0.2.1"),
                };
                signed = second_factor::complete_sign_in(db, limiter, attempt, hours, at).await?;
            }
            sessions::authenticate(db, signed.token, hours, at)
                .await?
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("{email} has no session")))
        };
        Ok(Self {
            secretary: one(|s| matches!(s, Scope::Secretary(REGION_VIII))).await?,
            member: one(|s| matches!(s, Scope::Member(REGION_VIII))).await?,
            army: one(|s| matches!(s, Scope::Representative(u) if *u == Side::Army.head())).await?,
            police: one(|s| matches!(s, Scope::Representative(u) if *u == Side::Police.head()))
                .await?,
        })
    }

    /// The representative who answers for a side's units.
    pub(super) fn of(&self, side: Side) -> &Principal {
        match side {
            Side::Army => &self.army,
            Side::Police => &self.police,
        }
    }
}

/// The walk's state: who acts, the installation's settings, and the ids of what it made so far.
pub(super) struct Walk<'a> {
    pub db: &'a Db,
    pub cal: &'a Calendar,
    pub setting: &'a Setting,
    pub plan: &'a Plan,
    pub people: People,
    pub settings: ServerSettings,
    pub deadlines: Deadlines,
    templates: Templates,
    meetings: Vec<Option<MeetingId>>,
    agenda: Vec<Vec<AgendaItemId>>,
    pub decisions: Vec<Vec<DecisionId>>,
    pub incidents: Vec<Option<IncidentId>>,
    pub grievances: Vec<Option<GrievanceId>>,
    pub actions: Vec<Option<ActionId>>,
    reports: Vec<Option<ReportId>>,
}

/// Takes every step of `plan` in order; a step that fails stops the walk, naming it.
pub(super) async fn walk(
    db: &Db,
    cal: &Calendar,
    setting: &Setting,
    plan: &Plan,
    accounts: &[DemoAccount],
) -> Result<(), AppError> {
    let people = People::sign_in(db, accounts, cal.start() + TimeDelta::hours(1)).await?;
    let settings = ServerSettings::default();
    let mut walk = Walk {
        db,
        cal,
        setting,
        plan,
        people,
        deadlines: Deadlines::from_settings(&settings),
        settings,
        templates: Templates::load(None).map_err(|e| AppError::Internal(anyhow::anyhow!(e)))?,
        meetings: vec![None; MONTHS + 1],
        agenda: vec![Vec::new(); MONTHS],
        decisions: vec![Vec::new(); MONTHS],
        incidents: vec![None; plan.incidents.len()],
        grievances: vec![None; plan.grievances.len()],
        actions: vec![None; plan.actions.len()],
        reports: vec![None; MONTHS],
    };
    for step in &plan.steps {
        walk.take(step).await.map_err(|e| {
            AppError::Internal(anyhow::anyhow!(
                "demo year, {:?} at {}: {e}",
                step.event,
                step.at
            ))
        })?;
    }
    Ok(())
}

/// The id a step refers to, made by an earlier step.
pub(super) fn made<T: Copy>(ids: &[Option<T>], n: usize) -> Result<T, AppError> {
    ids.get(n)
        .copied()
        .flatten()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("record {n} was never made")))
}

impl Walk<'_> {
    async fn take(&mut self, step: &Step) -> Result<(), AppError> {
        let at = step.at;
        match step.event {
            Event::Materialise => {
                let horizon = MeetingSettings::default().meeting_horizon_months;
                crate::jobs::materialise::run(self.db, at, horizon).await?;
            }
            Event::Outbox => {
                let quietly =
                    move |conn: &mut db::DbConn| db::outbox::take_unlogged(conn, at.naive_utc());
                self.db.write(quietly).await?;
            }
            Event::Agenda(m) => self.agenda(m, at).await?,
            Event::Attendance(m) => self.attendance(m, at).await?,
            Event::Decisions(m) => self.decide(m, at).await?,
            Event::Minutes(m, status) => self.minutes(m, status, at).await?,
            Event::Incident(n) => self.record_incident(n, at).await?,
            Event::IncidentStep(n, to) => self.step_incident(n, to, at).await?,
            Event::IncidentResponse(n) => self.respond_to_incident(n, at).await?,
            Event::Grievance(n) => self.file_grievance(n, at).await?,
            Event::GrievanceStep(n, to) => self.step_grievance(n, to, at).await?,
            Event::Action(n) => self.create_action(n, at).await?,
            Event::ActionProgress(n, status) => self.report_progress(n, status, at).await?,
            Event::ActionVerdict(n, accept) => self.verify_action(n, accept, at).await?,
            Event::Figures(m) => self.figures(m, at).await?,
            Event::ReportDrafted(m) => self.draft_report(m, at).await?,
            Event::ReportAssessed(m) => self.assess_report(m, at).await?,
            Event::ReportApproved(m) => self.approve_report(m, at).await?,
            Event::ReportPublished(m) => self.publish_report(m, at).await?,
            Event::ReportAcknowledged(m, side) => {
                let (who, unit) = (self.people.of(side), self.setting.units[side.head()]);
                let report = made(&self.reports, m)?;
                let text = REPLIES[m % REPLIES.len()];
                reports::workflow::reply(self.db, who, report, unit, text, at).await?;
            }
        }
        Ok(())
    }

    /// The board's session in month `m` (`MONTHS`: this month's).
    async fn meeting(&mut self, m: usize) -> Result<MeetingId, AppError> {
        if let Some(id) = self.meetings[m] {
            return Ok(id);
        }
        let board = self.setting.board;
        let day = |d: chrono::NaiveDate| d.and_time(NaiveTime::MIN);
        let (from, to) = (day(self.cal.firsts[m]), day(self.cal.after(m)));
        let held = self
            .db
            .read(move |conn| {
                db::meetings::list_for_board(conn, board, Some(from), Some(to), false)
            })
            .await?;
        let id = (held.into_iter())
            .find(|s| s.status == MeetingStatus::Scheduled)
            .map(|s| s.id)
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no session in {from}")))?;
        self.meetings[m] = Some(id);
        Ok(id)
    }

    async fn agenda(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let id = self.meeting(m).await?;
        for title in AGENDA {
            let item = AgendaItemRequest {
                id: None,
                title: title.to_owned(),
                description: String::new(),
                is_public: true,
            };
            agenda::append(self.db, &self.people.secretary, id, item, at).await?;
        }
        let items = self.db.read(move |conn| db::agenda::list(conn, id)).await?;
        self.agenda[m] = items.into_iter().map(|i| i.id).collect();
        Ok(())
    }

    async fn attendance(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let id = self.meeting(m).await?;
        for person in &self.plan.sessions[m].attendees {
            let (name, organisation, sector, sex) = ROSTER[*person];
            let present = AddAttendeeRequest {
                name: name.to_owned(),
                organisation: organisation.to_owned(),
                sector,
                sex,
            };
            attendance::add(self.db, &self.people.secretary, id, present, at).await?;
        }
        Ok(())
    }

    async fn decide(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let id = self.meeting(m).await?;
        for r in &self.plan.sessions[m].resolutions {
            let resolution = &RESOLUTIONS[*r];
            let decision = DecisionRequest {
                text: resolution.text.to_owned(),
                agenda_item_id: self.agenda[m].get(2).copied(),
                responsible_unit_id: resolution.unit.map(|u| self.setting.units[u]),
                responsible: match resolution.unit {
                    Some(_) => String::new(),
                    None => "The board's secretariat".to_owned(),
                },
            };
            decisions::add(self.db, &self.people.secretary, id, decision, at).await?;
        }
        let taken = self
            .db
            .read(move |conn| db::decisions::list(conn, id))
            .await?;
        self.decisions[m] = taken.into_iter().map(|d| d.id).collect();
        Ok(())
    }

    fn minutes_text(&self, m: usize) -> String {
        let session = &self.plan.sessions[m];
        let decided: Vec<String> = (session.resolutions.iter())
            .map(|r| format!("- {}", RESOLUTIONS[*r].text))
            .collect();
        format!(
            "Present: {} participants from civil society, the army, the police and \
             government.\n\nThe board reviewed the open follow-up actions, its published \
             report and the month's incidents and grievances.\n\nDecisions:\n{}\n",
            session.attendees.len(),
            decided.join("\n")
        )
    }

    /// Writes the session's minutes (`Draft`) or moves them on; approval is at the next
    /// session.
    async fn minutes(
        &mut self,
        m: usize,
        to: MinutesStatus,
        at: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let id = self.meeting(m).await?;
        let change = match to {
            MinutesStatus::Draft => ChangeMinutesRequest {
                body: Some(self.minutes_text(m)),
                status: None,
                approved_at_meeting: None,
            },
            MinutesStatus::Approved => ChangeMinutesRequest {
                body: None,
                status: Some(to),
                approved_at_meeting: Some(self.meeting(m + 1).await?),
            },
            MinutesStatus::Circulated | MinutesStatus::Frozen => ChangeMinutesRequest {
                body: None,
                status: Some(to),
                approved_at_meeting: None,
            },
        };
        minutes::change(self.db, &self.people.secretary, id, change, at).await?;
        Ok(())
    }

    /// The month's figures, entered by the secretary: CH-01 by island group, PS-02 by sex.
    async fn figures(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let f = &self.plan.figures[m];
        let [incidents, safety] = self.setting.indicators;
        let figures = [
            (incidents, "Leyte", "", f.leyte, "Board incident register"),
            (incidents, "Samar", "", f.samar, "Board incident register"),
            (safety, "", "female", f.female, "Monthly perception survey"),
            (safety, "", "male", f.male, "Monthly perception survey"),
        ];
        for (indicator, region, sex, value, source) in figures {
            let raw = RawFigure {
                period: self.cal.period(m).to_string(),
                region: region.to_owned(),
                sex: sex.to_owned(),
                value,
                source: source.to_owned(),
                ..RawFigure::default()
            };
            let (who, lock) = (&self.people.secretary, self.settings.indicator_lock_days);
            crate::indicators::record_value(self.db, who, indicator, raw, at, lock).await?;
        }
        Ok(())
    }

    async fn draft_report(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let (board, period) = (self.setting.board, self.cal.period(m));
        let threshold = self.settings.small_count_threshold;
        let drafted = self
            .db
            .write(move |conn| {
                let job = Actor::system("monthly report job");
                reports::draft_once(conn, &job, board, period, threshold, at)
            })
            .await?
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("{period} drafted already")))?;
        self.reports[m] = Some(drafted.id);
        Ok(())
    }

    /// Drafted again from the records as they now stand, then assessed from its figures.
    async fn assess_report(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let (board, period) = (self.setting.board, self.cal.period(m));
        let threshold = self.settings.small_count_threshold;
        let secretary = self.people.secretary.actor();
        self.db
            .write(move |conn| {
                let (report, _) = reports::draft(conn, &secretary, board, period, threshold, at)?;
                let words = assessment(&reports::document(&report)?);
                reports::assess(conn, &secretary, report.id, words, at)
            })
            .await?;
        Ok(())
    }

    async fn approve_report(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let (id, member) = (made(&self.reports, m)?, self.people.member.actor());
        self.db
            .write(move |conn| reports::approve(conn, &member, Officer::Member, id, at))
            .await?;
        Ok(())
    }

    /// Signed in both languages by the installation's key and published by the secretary.
    async fn publish_report(&mut self, m: usize, at: DateTime<Utc>) -> Result<(), AppError> {
        let (id, board) = (made(&self.reports, m)?, self.setting.board);
        let (report, signer, two_person) = self
            .db
            .read(move |conn| {
                let two_person = crate::org::boards::find(conn, board)?.two_person_approval;
                let report = reports::find(conn, id)?;
                Ok::<_, AppError>((report, reports::keys::require(conn)?, two_person))
            })
            .await?;
        let signed = reports::sign_for_publication(
            &report,
            Officer::Secretary,
            two_person,
            &self.templates,
            &signer,
            at,
        )?;
        let secretary = self.people.secretary.actor();
        self.db
            .write(move |conn| reports::publish(conn, &secretary, id, &signed, at))
            .await?;
        Ok(())
    }
}
