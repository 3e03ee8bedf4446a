//! The year's casework planned: each month's civilian-harm incidents, from the report through
//! assessment and investigation to the unit's response and closure, and the grievances filed,
//! acknowledged, referred, answered (mostly in time), decided and closed.

use super::Calendar;
use super::plan::{Event, Plan};
use super::words::{Alleged, COMPLAINTS, Complaint, HARMS, Harmful, INTAKES, PLACES, Place, Side};
use crate::domain::deadline::due_date;
use crate::domain::grievance::{GrievanceStatus, Intake};
use crate::domain::incident::IncidentStatus;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use rand::Rng;
use rand::rngs::StdRng;

/// How many of a month's grievances are filed early and answered in time.
const STEADY: usize = 3;

/// How often each kind of harm in `HARMS` is drawn, in the same order.
const HARM_WEIGHTS: [u32; 12] = [4, 4, 2, 3, 1, 3, 1, 2, 2, 3, 1, 1];

/// Who documents an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Recorder {
    Secretary,
    Member,
}

pub(super) struct IncidentPlan {
    pub occurred_on: NaiveDate,
    pub place: &'static Place,
    pub harm: &'static Harmful,
    /// The unit expected to respond (an index into `cast::UNITS`).
    pub unit: usize,
    pub recorder: Recorder,
    /// Which of `RESPONSES` the unit gives.
    pub response: usize,
    /// Whether the secretariat keeps a (made-up) victim's identity.
    pub identified: bool,
    /// Whether the board finds it credible (and investigates it) or not (and closes it).
    pub credible: bool,
}

pub(super) struct GrievancePlan {
    pub complaint: &'static Complaint,
    pub place: &'static Place,
    /// The unit it is referred to (an index into `cast::UNITS`).
    pub unit: usize,
    /// Whether the filer named the unit.
    pub names_unit: bool,
    /// How the secretariat received it; `None` for the public form.
    pub intake: Option<Intake>,
    /// Whether the filer left a (made-up) contact.
    pub contact: bool,
}

impl Plan {
    /// The month's incidents with their steps; returns how many occurred on Leyte and on Samar.
    pub(super) fn incidents_of(
        &mut self,
        cal: &Calendar,
        m: usize,
        count: usize,
        rng: &mut StdRng,
    ) -> (usize, usize) {
        let mut islands = (0, 0);
        for _ in 0..count {
            let occurred_on = cal.firsts[m] + TimeDelta::days(rng.random_range(0..cal.days(m)));
            let harm = &HARMS[weighted(rng)];
            let place = &PLACES[rng.random_range(0..PLACES.len())];
            let unit = match harm.alleged {
                Alleged::Unit(side) => side.unit_for(place),
                Alleged::ArmedGroup => Side::Army.unit_for(place),
                Alleged::Unknown => Side::Police.unit_for(place),
            };
            match place.island {
                "Samar" => islands.1 += 1,
                _ => islands.0 += 1,
            }
            let n = self.incidents.len();
            self.incidents.push(IncidentPlan {
                occurred_on,
                place,
                harm,
                unit,
                recorder: match rng.random_bool(0.35) {
                    true => Recorder::Member,
                    false => Recorder::Secretary,
                },
                response: rng.random_range(0..super::words::RESPONSES.len()),
                identified: harm.victims > 0 && rng.random_bool(0.4),
                credible: rng.random_bool(0.85),
            });
            let mut at = cal.at(
                occurred_on + TimeDelta::days(rng.random_range(1..=2)),
                rng.random_range(8..=17),
                rng.random_range(0..60),
            );
            self.then(at, Event::Incident(n));
            let mut next = |rng: &mut StdRng, days: std::ops::RangeInclusive<i64>| {
                at += TimeDelta::days(rng.random_range(days)) + TimeDelta::minutes(37);
                at
            };
            use IncidentStatus::*;
            self.then(next(rng, 2..=4), Event::IncidentStep(n, UnderAssessment));
            if !self.incidents[n].credible {
                self.then(next(rng, 5..=12), Event::IncidentStep(n, NotCredible));
                self.then(next(rng, 3..=7), Event::IncidentStep(n, Closed));
                continue;
            }
            self.then(next(rng, 5..=12), Event::IncidentStep(n, Credible));
            self.then(next(rng, 2..=6), Event::IncidentStep(n, UnderInvestigation));
            self.then(next(rng, 10..=35), Event::IncidentResponse(n));
            self.then(next(rng, 7..=20), Event::IncidentStep(n, Closed));
        }
        islands
    }

    /// The month's grievances with their steps, dated in business days from filing: most
    /// acknowledged the next business day and answered within nine, some late, a few never
    /// answered.
    pub(super) fn grievances_of(
        &mut self,
        cal: &Calendar,
        m: usize,
        count: usize,
        rng: &mut StdRng,
    ) {
        for k in 0..count {
            // The first three come early in the month and are answered in time, so that every
            // month's report has answers due and some given on time.
            let steady = k < STEADY;
            let days = if steady { 10 } else { cal.days(m) };
            let filed_on = cal.firsts[m] + TimeDelta::days(rng.random_range(0..days));
            let filed = cal.at(filed_on, rng.random_range(7..=21), rng.random_range(0..60));
            let complaint = &COMPLAINTS[rng.random_range(0..COMPLAINTS.len())];
            let place = &PLACES[rng.random_range(0..PLACES.len())];
            let n = self.grievances.len();
            let by_secretariat = rng.random_bool(0.25);
            self.grievances.push(GrievancePlan {
                complaint,
                place,
                unit: complaint.side.unit_for(place),
                names_unit: rng.random_bool(0.6),
                intake: by_secretariat.then(|| INTAKES[rng.random_range(0..INTAKES.len())]),
                contact: by_secretariat || rng.random_bool(0.5),
            });
            self.then(filed, Event::Grievance(n));
            let business = |days: u32, hour: u32| {
                cal.at(due_date(filed, cal.zone, days, &cal.holidays), hour, 0)
            };
            let acknowledged = if steady || rng.random_bool(0.88) {
                1
            } else {
                4
            };
            use GrievanceStatus::*;
            self.then(
                business(acknowledged, 9),
                Event::GrievanceStep(n, Acknowledged),
            );
            self.then(
                business(acknowledged + 1, 14),
                Event::GrievanceStep(n, Referred),
            );
            if !steady && rng.random_bool(0.08) {
                continue;
            }
            let answered = match steady || rng.random_bool(0.7) {
                true => rng.random_range(acknowledged + 3..=9),
                false => rng.random_range(12..=16),
            };
            let responded = business(answered, 16);
            self.then(responded, Event::GrievanceStep(n, Responded));
            let decided =
                responded + TimeDelta::days(rng.random_range(2..=5)) - TimeDelta::hours(5);
            let outcome = match rng.random_bool(0.78) {
                true => Resolved,
                false => NotResolved,
            };
            self.then(decided, Event::GrievanceStep(n, outcome));
            let closed: DateTime<Utc> = decided + TimeDelta::days(rng.random_range(5..=10));
            self.then(closed, Event::GrievanceStep(n, Closed));
        }
    }
}

/// An index into `HARMS`, drawn by `HARM_WEIGHTS`.
fn weighted(rng: &mut StdRng) -> usize {
    let total: u32 = HARM_WEIGHTS.iter().sum();
    let mut left = rng.random_range(0..total);
    for (i, w) in HARM_WEIGHTS.iter().enumerate() {
        if left < *w {
            return i;
        }
        left -= w;
    }
    0
}
