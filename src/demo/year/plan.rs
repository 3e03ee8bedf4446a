//! The year planned: Region VIII's sessions, follow-up actions, figures and reports month by
//! month (its incidents and grievances in `cases`), and every step each takes, at its moment.
//! Each month draws from its own fixed seed.

use super::cases::{GrievancePlan, IncidentPlan};
use super::words::{RESOLUTIONS, Side};
use super::{Calendar, MONTHS};
use crate::demo::cast::ROSTER;
use crate::domain::action::ActionStatus;
use crate::domain::grievance::GrievanceStatus;
use crate::domain::incident::IncidentStatus;
use crate::domain::meeting::MinutesStatus;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Per month, oldest first: civilian-harm incidents (falling towards the target of 8),
/// grievances filed, and follow-up actions agreed.
const INCIDENTS: [usize; MONTHS] = [9, 8, 9, 9, 7, 8, 6, 7, 6, 5, 6, 5];
const GRIEVANCES: [usize; MONTHS] = [6, 8, 7, 10, 9, 7, 8, 6, 9, 7, 5, 8];
const ACTIONS: [usize; MONTHS] = [2, 3, 3, 4, 2, 3, 4, 3, 2, 4, 3, 3];

const SEED: u64 = 0x0008_2026;

/// Something that happens to a record of the year; the numbers index the plan's lists (a
/// session's is its month).
#[derive(Debug, Clone, Copy)]
pub(super) enum Event {
    /// The scheduler brings the sessions up to its horizon.
    Materialise,
    /// The outbox job, without a mail server: what was queued is noted as logged.
    Outbox,
    Agenda(usize),
    Attendance(usize),
    Decisions(usize),
    /// The session's minutes written (as a draft), circulated, approved at the next session or
    /// frozen.
    Minutes(usize, MinutesStatus),
    Incident(usize),
    IncidentStep(usize, IncidentStatus),
    IncidentResponse(usize),
    Grievance(usize),
    GrievanceStep(usize, GrievanceStatus),
    Action(usize),
    ActionProgress(usize, ActionStatus),
    ActionVerdict(usize, bool),
    /// The month's indicator figures.
    Figures(usize),
    /// The month's report, drafted by the monthly job.
    ReportDrafted(usize),
    /// Drafted again with the figures in, and assessed by the secretary.
    ReportAssessed(usize),
    ReportApproved(usize),
    ReportPublished(usize),
    ReportAcknowledged(usize, Side),
}

/// One event at its moment.
pub(super) struct Step {
    pub at: DateTime<Utc>,
    /// Happens however near to now the plan puts it (the last month's figures and report);
    /// other steps whose moment is still to come are left out.
    pub surely: bool,
    pub event: Event,
}

/// A month's session: when it starts, who came (indexes into `cast::ROSTER`) and what it decided
/// (indexes into `RESOLUTIONS`).
pub(super) struct Session {
    pub starts: DateTime<Utc>,
    pub attendees: Vec<usize>,
    pub resolutions: Vec<usize>,
}

/// A follow-up action of one of a session's decisions.
pub(super) struct ActionPlan {
    pub session: usize,
    pub decision: usize,
    pub title: &'static str,
    pub unit: usize,
    pub due: NaiveDate,
}

/// A month's figures: CH-01 by island group, PS-02 by sex.
pub(super) struct Figures {
    pub leyte: f64,
    pub samar: f64,
    pub female: f64,
    pub male: f64,
}

#[derive(Default)]
pub(super) struct Plan {
    pub steps: Vec<Step>,
    pub sessions: Vec<Session>,
    pub incidents: Vec<IncidentPlan>,
    pub grievances: Vec<GrievancePlan>,
    pub actions: Vec<ActionPlan>,
    pub figures: Vec<Figures>,
}

impl Plan {
    /// The year's plan; `sessions` holds each month's session start, this month's last. Steps
    /// come in time order, none after `cal.now`.
    pub(super) fn new(cal: &Calendar, sessions: &[DateTime<Utc>]) -> Self {
        let mut plan = Self::default();
        for m in 0..MONTHS {
            let mut rng = StdRng::seed_from_u64(SEED + m as u64);
            plan.session(cal, m, sessions, &mut rng);
            plan.actions_of(cal, m, &mut rng);
            let (leyte, samar) = plan.incidents_of(cal, m, INCIDENTS[m], &mut rng);
            plan.grievances_of(cal, m, GRIEVANCES[m], &mut rng);
            plan.figures_of(cal, m, leyte, samar, &mut rng);
            plan.report_of(cal, m);
        }
        plan.surely(cal.now, Event::Outbox);
        for step in &mut plan.steps {
            if step.surely {
                step.at = step.at.min(cal.now);
            }
        }
        plan.steps.retain(|s| s.at <= cal.now);
        plan.steps.sort_by_key(|s| s.at);
        plan
    }

    pub(super) fn then(&mut self, at: DateTime<Utc>, event: Event) {
        self.steps.push(Step {
            at,
            surely: false,
            event,
        });
    }

    fn surely(&mut self, at: DateTime<Utc>, event: Event) {
        self.steps.push(Step {
            at,
            surely: true,
            event,
        });
    }

    /// The month's session with its agenda, attendance, decisions and minutes, approved at the
    /// next session and frozen the day after; the scheduler runs on the month's first day.
    fn session(&mut self, cal: &Calendar, m: usize, starts: &[DateTime<Utc>], rng: &mut StdRng) {
        self.then(cal.at(cal.firsts[m], 0, 30), Event::Materialise);
        self.then(cal.at(cal.firsts[m], 0, 40), Event::Outbox);
        let s = starts[m];
        let day = TimeDelta::days(1);
        self.then(s - day * 6, Event::Agenda(m));
        self.then(s + TimeDelta::minutes(195), Event::Attendance(m));
        self.then(s + TimeDelta::minutes(210), Event::Decisions(m));
        self.then(
            s + day + TimeDelta::hours(6),
            Event::Minutes(m, MinutesStatus::Draft),
        );
        self.then(
            s + day * 3 + TimeDelta::hours(1),
            Event::Minutes(m, MinutesStatus::Circulated),
        );
        if let Some(next) = starts.get(m + 1) {
            self.then(
                *next + TimeDelta::minutes(30),
                Event::Minutes(m, MinutesStatus::Approved),
            );
            self.then(
                *next + day + TimeDelta::hours(1),
                Event::Minutes(m, MinutesStatus::Frozen),
            );
        }
        let mut attendees: Vec<usize> = (0..4).collect();
        attendees.extend((4..ROSTER.len()).filter(|_| rng.random_bool(0.65)));
        let first = (3 * m) % RESOLUTIONS.len();
        let mut resolutions = vec![first];
        if ACTIONS[m] > 2 {
            resolutions.push((first + 5) % RESOLUTIONS.len());
        }
        self.sessions.push(Session {
            starts: s,
            attendees,
            resolutions,
        });
    }

    /// The follow-up actions of the month's decisions, two from the first, the rest from the
    /// second: created two days after the session, started by the unit within days, most
    /// reported done in time and verified, some sent back or done late, a few blocked.
    fn actions_of(&mut self, cal: &Calendar, m: usize, rng: &mut StdRng) {
        let session = &self.sessions[m];
        let created_on = cal.day_of(session.starts) + TimeDelta::days(2);
        let resolutions = session.resolutions.clone();
        for k in 0..ACTIONS[m] {
            let (decision, slot) = (k / 2, k % 2);
            let (title, unit) = RESOLUTIONS[resolutions[decision]].actions[slot];
            let n = self.actions.len();
            let created = cal.at(created_on, 9, 20 * k as u32);
            let days = [30, 45, 60][rng.random_range(0..3)];
            let due = created_on + TimeDelta::days(days);
            self.actions.push(ActionPlan {
                session: m,
                decision,
                title,
                unit,
                due,
            });
            self.then(created, Event::Action(n));
            let started = cal.at(
                created_on + TimeDelta::days(rng.random_range(4..=10)),
                10,
                0,
            );
            self.then(started, Event::ActionProgress(n, ActionStatus::InProgress));
            let done = |after: i64| cal.at(created_on + TimeDelta::days(after), 14, 0);
            match rng.random_range(0..20) {
                0..14 => {
                    let at = done(rng.random_range(15..=days - 3));
                    self.done_and_verified(n, at, rng.random_range(5..=25));
                }
                14..16 => {
                    let at = done(18);
                    self.then(at, Event::ActionProgress(n, ActionStatus::ReportedDone));
                    let back = at + TimeDelta::days(7);
                    self.then(back, Event::ActionVerdict(n, false));
                    let again = back + TimeDelta::days(rng.random_range(10..=20));
                    self.done_and_verified(n, again, rng.random_range(5..=15));
                }
                16..18 => {
                    let at = done(days + rng.random_range(5..=20));
                    self.done_and_verified(n, at, rng.random_range(7..=30));
                }
                18 => {
                    self.then(done(20), Event::ActionProgress(n, ActionStatus::Blocked));
                    let at = done(days + rng.random_range(25..=40));
                    self.done_and_verified(n, at, rng.random_range(7..=20));
                }
                _ => self.then(done(20), Event::ActionProgress(n, ActionStatus::Blocked)),
            }
        }
    }

    fn done_and_verified(&mut self, action: usize, at: DateTime<Utc>, verified_after: i64) {
        self.then(
            at,
            Event::ActionProgress(action, ActionStatus::ReportedDone),
        );
        let verified = at + TimeDelta::days(verified_after) - TimeDelta::hours(4);
        self.then(verified, Event::ActionVerdict(action, true));
    }

    /// The month's figures, entered on the second day of the next: CH-01 counts the month's
    /// incidents by island group; PS-02 rises towards 60 %, women a few points below men.
    fn figures_of(
        &mut self,
        cal: &Calendar,
        m: usize,
        leyte: usize,
        samar: usize,
        rng: &mut StdRng,
    ) {
        let wiggle = f64::from(rng.random_range(-2i32..=2)) / 2.0;
        let female = 45.0 + 1.1 * m as f64 + wiggle;
        let male = female + 6.0 + f64::from(rng.random_range(0i32..=4)) / 2.0;
        self.figures.push(Figures {
            leyte: leyte as f64,
            samar: samar as f64,
            female: (female * 10.0).round() / 10.0,
            male: (male * 10.0).round() / 10.0,
        });
        self.surely(
            cal.at(cal.after(m) + TimeDelta::days(1), 10, 0),
            Event::Figures(m),
        );
    }

    /// The month's report: drafted by the job on the next month's first day, drafted again and
    /// assessed on the third, approved by the member on the fourth, published by the secretary
    /// on the fifth; the units acknowledge it in the days after.
    fn report_of(&mut self, cal: &Calendar, m: usize) {
        let next = cal.after(m);
        let day = |n: i64, hour: u32| cal.at(next + TimeDelta::days(n - 1), hour, 0);
        self.surely(day(1, 6), Event::ReportDrafted(m));
        self.surely(day(3, 14), Event::ReportAssessed(m));
        self.surely(day(4, 10), Event::ReportApproved(m));
        self.surely(day(5, 16), Event::ReportPublished(m));
        if m % 3 != 2 {
            self.then(day(8, 10), Event::ReportAcknowledged(m, Side::Army));
        }
        if m.is_multiple_of(2) {
            self.then(day(9, 11), Event::ReportAcknowledged(m, Side::Police));
        }
    }
}
