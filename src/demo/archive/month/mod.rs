//! One board's month of the archive: its sessions' records, incidents, actions, grievances and
//! indicator figures, drawn from the month's own seed and written in bulk, parents first.

mod incidents;

use super::ArchiveSummary;
use crate::db::bulk::{BATCH, Rows, Value, flush_all};
use crate::db::{DbConn, meetings, minutes};
use crate::domain::action::ActionStatus;
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::meeting::{Sector, Sex};
use crate::error::AppError;
use chrono::{Months, NaiveDate, NaiveDateTime, TimeDelta};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sha2::{Digest, Sha256};

const PLACES: &[&str] = &[
    "Poblacion",
    "San Isidro",
    "Santa Cruz",
    "San Roque",
    "Bagong Silang",
    "Malinao",
    "Mabini",
    "Rizal",
];

const INCIDENT_SUMMARIES: &[&str] = &[
    "Residents reported shots fired near a checkpoint",
    "A farmer was detained overnight without charge",
    "Houses damaged during a military operation",
    "Families left their homes after threats",
    "A vendor was injured in a crowd dispersal",
    "A motorist was harassed at a police checkpoint",
];

const ACTION_TITLES: &[&str] = &[
    "Brief personnel on checkpoint conduct rules",
    "Report the outcome of the administrative investigation",
    "Meet the affected community with the barangay council",
    "Publish the schedule of community dialogues",
    "Train unit officers on human-rights-based policing",
    "Provide the board with the after-operation report",
];

const AGENDA: &[&str] = &[
    "Matters arising from the previous session",
    "Indicators: the month's figures",
    "Incidents and grievances",
];

/// An archive indicator: its id and baseline, around which its monthly figures are drawn.
pub(super) type Figure = (i64, f64);

/// One board's month of records.
pub(super) struct MonthPlan<'a> {
    pub(super) board: BoardId,
    pub(super) first: NaiveDate,
    pub(super) incidents: u64,
    pub(super) actions: u64,
    pub(super) grievances: u64,
    pub(super) indicators: &'a [Figure],
    pub(super) units: &'a [UnitId],
    /// Months this old have settled: closed cases, verified actions, frozen minutes.
    pub(super) closed_long_ago: bool,
    pub(super) seed: u64,
}

const ACTIONS_SETTLED: &[ActionStatus] = &[
    ActionStatus::Verified,
    ActionStatus::Verified,
    ActionStatus::ReportedDone,
];
const ACTIONS_OPEN: &[ActionStatus] = &[
    ActionStatus::Open,
    ActionStatus::InProgress,
    ActionStatus::Blocked,
    ActionStatus::ReportedDone,
];
const GRIEVANCES_SETTLED: &[GrievanceStatus] = &[
    GrievanceStatus::Closed,
    GrievanceStatus::Resolved,
    GrievanceStatus::NotResolved,
];
const GRIEVANCES_OPEN: &[GrievanceStatus] = &[
    GrievanceStatus::Received,
    GrievanceStatus::Acknowledged,
    GrievanceStatus::Referred,
    GrievanceStatus::Responded,
];

impl MonthPlan<'_> {
    /// Writes the month and adds what it wrote to `written`.
    pub(super) fn write(
        &self,
        conn: &mut DbConn,
        written: &mut ArchiveSummary,
    ) -> Result<(), AppError> {
        let mut rng = StdRng::seed_from_u64(self.seed);
        self.meetings(conn, &mut rng, written)?;
        let incidents = self.write_incidents(conn, &mut rng)?;
        written.incidents += incidents.len() as u64;
        written.actions += self.write_actions(conn, &mut rng, &incidents)?;
        written.grievances += self.write_grievances(conn, &mut rng)?;
        written.indicator_values += self.write_values(conn, &mut rng)?;
        Ok(())
    }

    fn days(&self) -> i64 {
        let next = self.first.checked_add_months(Months::new(1));
        next.map_or(28, |n| (n - self.first).num_days())
    }

    fn moment(&self, rng: &mut StdRng, after_days: i64) -> NaiveDateTime {
        let day = self.first + TimeDelta::days(rng.random_range(0..self.days()) + after_days);
        day.and_hms_opt(rng.random_range(7..18), rng.random_range(0..60), 0)
            .unwrap_or_default()
    }

    fn unit(&self, rng: &mut StdRng) -> i64 {
        self.units[rng.random_range(0..self.units.len())].0
    }

    fn pick<T: Copy>(rng: &mut StdRng, from: &[T]) -> T {
        from[rng.random_range(0..from.len())]
    }

    /// A record's status: a settled one in a month closed long ago, an open one otherwise.
    fn pick_status<T: Copy>(&self, rng: &mut StdRng, settled: &[T], open: &[T]) -> T {
        Self::pick(rng, if self.closed_long_ago { settled } else { open })
    }

    /// The board's sessions this month: agenda, attendance, two decisions and frozen minutes;
    /// a session whose minutes are written already (Region VIII's year) is left as it is.
    fn meetings(
        &self,
        conn: &mut DbConn,
        rng: &mut StdRng,
        written: &mut ArchiveSummary,
    ) -> Result<(), AppError> {
        let from = self.first.and_hms_opt(0, 0, 0).unwrap_or_default();
        let to = from + TimeDelta::days(self.days());
        let held = unrecorded(conn, self.board, from, to)?;
        let mut items = Rows::numbered(
            conn,
            "agenda_items",
            &[
                "meeting_id",
                "position",
                "title",
                "description",
                "is_public",
                "created_at",
                "updated_at",
            ],
        )?;
        let mut people = Rows::numbered(
            conn,
            "attendance",
            &[
                "meeting_id",
                "name",
                "organisation",
                "sector",
                "sex",
                "created_at",
            ],
        )?;
        let mut decided = Rows::numbered(
            conn,
            "decisions",
            &[
                "meeting_id",
                "agenda_item_id",
                "text",
                "responsible_unit_id",
                "responsible",
                "created_at",
                "updated_at",
            ],
        )?;
        let mut minutes = Rows::new(
            "minutes",
            &[
                "meeting_id",
                "body",
                "status",
                "frozen_at",
                "created_at",
                "updated_at",
            ],
        );
        for m in &held {
            let at = m.starts_local;
            let mut agenda = Vec::new();
            for (position, title) in AGENDA.iter().enumerate() {
                agenda.push(items.add(&[
                    Value::Int(m.id.0),
                    Value::Int(position as i64),
                    Value::Text(title),
                    Value::Text(""),
                    Value::Bool(true),
                    Value::Time(at),
                    Value::Time(at),
                ]));
            }
            for n in 0..6 {
                let sector = Sector::ALL[n % Sector::ALL.len()];
                let name = format!("Attendee {n} of session {}", m.id);
                people.add(&[
                    Value::Int(m.id.0),
                    Value::Text(&name),
                    Value::Text("Archive organisation"),
                    Value::Text(sector.as_str()),
                    Value::Text(Self::pick(rng, Sex::ALL).as_str()),
                    Value::Time(at),
                ]);
            }
            for n in 0..2 {
                let text = format!("The board asks the unit to report on item {}", n + 2);
                decided.add(&[
                    Value::Int(m.id.0),
                    Value::Int(agenda[1 + n]),
                    Value::Text(&text),
                    Value::Int(self.unit(rng)),
                    Value::Text(""),
                    Value::Time(at),
                    Value::Time(at),
                ]);
                written.decisions += 1;
            }
            let frozen = at + TimeDelta::days(35);
            minutes.push(&[
                Value::Int(m.id.0),
                Value::Text("The board met, reviewed the month and agreed its decisions."),
                Value::Text("frozen"),
                Value::Time(frozen),
                Value::Time(at),
                Value::Time(frozen),
            ]);
            written.meetings += 1;
        }
        flush_all(
            conn,
            &mut [&mut items, &mut people, &mut decided, &mut minutes],
        )?;
        Ok(())
    }

    fn write_actions(
        &self,
        conn: &mut DbConn,
        rng: &mut StdRng,
        incidents: &[i64],
    ) -> Result<u64, AppError> {
        let mut actions = Rows::numbered(
            conn,
            "actions",
            &[
                "board_id",
                "title",
                "description",
                "source_kind",
                "source_id",
                "unit_id",
                "due_date",
                "status",
                "verified_at",
                "created_at",
                "updated_at",
            ],
        )?;
        let mut updates = Rows::numbered(
            conn,
            "action_updates",
            &["action_id", "kind", "status", "note", "created_at"],
        )?;
        for _ in 0..self.actions {
            let id = actions.next_id();
            let created = self.moment(rng, 0);
            let due = created.date() + TimeDelta::days(rng.random_range(14..90));
            let status = self.pick_status(rng, ACTIONS_SETTLED, ACTIONS_OPEN);
            let updated = created + TimeDelta::days(rng.random_range(1..60));
            let (kind, source) = match incidents.get(rng.random_range(0..incidents.len().max(1))) {
                Some(incident) if rng.random_bool(0.5) => ("incident", Value::Int(*incident)),
                _ => ("none", Value::Null),
            };
            let verified = if status == ActionStatus::Verified {
                Value::Time(updated)
            } else {
                Value::Null
            };
            actions.add(&[
                Value::Int(self.board.0),
                Value::Text(Self::pick(rng, ACTION_TITLES)),
                Value::Text(""),
                Value::Text(kind),
                source,
                Value::Int(self.unit(rng)),
                Value::Date(due),
                Value::Text(status.as_str()),
                verified,
                Value::Time(created),
                Value::Time(updated),
            ]);
            if status != ActionStatus::Open {
                let kind = if status == ActionStatus::Verified {
                    "verified"
                } else {
                    "status"
                };
                updates.add(&[
                    Value::Int(id),
                    Value::Text(kind),
                    Value::Text(status.as_str()),
                    Value::Text(""),
                    Value::Time(updated),
                ]);
            }
            if actions.pending() == BATCH {
                flush_all(conn, &mut [&mut actions, &mut updates])?;
            }
        }
        flush_all(conn, &mut [&mut actions, &mut updates])?;
        Ok(actions.written)
    }

    fn write_grievances(&self, conn: &mut DbConn, rng: &mut StdRng) -> Result<u64, AppError> {
        let mut grievances = Rows::numbered(
            conn,
            "grievances",
            &[
                "board_id",
                "tracking_hash",
                "channel",
                "category",
                "description",
                "location",
                "alleged_unit_id",
                "status",
                "unit_id",
                "unit_summary",
                "response",
                "filed_at",
                "ack_due",
                "response_due",
                "updated_at",
            ],
        )?;
        let mut events = Rows::numbered(
            conn,
            "grievance_events",
            &["grievance_id", "status", "note", "at"],
        )?;
        for _ in 0..self.grievances {
            let id = grievances.next_id();
            let filed = self.moment(rng, 0);
            let status = self.pick_status(rng, GRIEVANCES_SETTLED, GRIEVANCES_OPEN);
            let referred = !matches!(
                status,
                GrievanceStatus::Received | GrievanceStatus::Acknowledged
            );
            let unit = self.unit(rng);
            let hash = hex::encode(Sha256::digest(format!("archive grievance {id}")));
            let updated = filed + TimeDelta::days(rng.random_range(1..30));
            grievances.add(&[
                Value::Int(self.board.0),
                Value::Text(&hash),
                Value::Text(if rng.random_bool(0.7) {
                    "public"
                } else {
                    "secretariat"
                }),
                Value::Text(Self::pick(rng, GrievanceCategory::ALL).as_str()),
                Value::Text("Made-up complaint for the archive."),
                Value::Text(Self::pick(rng, PLACES)),
                Value::Int(unit),
                Value::Text(status.as_str()),
                if referred {
                    Value::Int(unit)
                } else {
                    Value::Null
                },
                Value::Text(if referred {
                    "A complaint about conduct at a checkpoint."
                } else {
                    ""
                }),
                Value::Text(""),
                Value::Time(filed),
                Value::Date(filed.date() + TimeDelta::days(3)),
                Value::Date(filed.date() + TimeDelta::days(14)),
                Value::Time(updated),
            ]);
            let steps = [
                (GrievanceStatus::Received.as_str(), filed),
                (status.as_str(), updated),
            ];
            push_history(&mut events, id, steps);
            if grievances.pending() == BATCH {
                flush_all(conn, &mut [&mut grievances, &mut events])?;
            }
        }
        flush_all(conn, &mut [&mut grievances, &mut events])?;
        Ok(grievances.written)
    }

    fn write_values(&self, conn: &mut DbConn, rng: &mut StdRng) -> Result<u64, AppError> {
        let mut values = Rows::numbered(
            conn,
            "indicator_values",
            &[
                "indicator_id",
                "period",
                "value",
                "source",
                "created_at",
                "updated_at",
            ],
        )?;
        let period = self.first.format("%Y-%m").to_string();
        let at = (self.first + TimeDelta::days(self.days() + 5))
            .and_hms_opt(9, 0, 0)
            .unwrap_or_default();
        for (indicator, baseline) in self.indicators {
            values.add(&[
                Value::Int(*indicator),
                Value::Text(&period),
                Value::Real((baseline * rng.random_range(0.7..1.3) * 10.0).round() / 10.0),
                Value::Text("Archive"),
                Value::Time(at),
                Value::Time(at),
            ]);
        }
        flush_all(conn, &mut [&mut values])?;
        Ok(values.written)
    }
}

/// The board's sessions between `from` and `to` whose minutes are not written yet.
fn unrecorded(
    conn: &mut DbConn,
    board: BoardId,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<Vec<meetings::Meeting>, AppError> {
    let mut held = Vec::new();
    for m in meetings::list_for_board(conn, board, Some(from), Some(to), false)? {
        if minutes::find(conn, m.id)?.is_none() {
            held.push(m);
        }
    }
    Ok(held)
}

/// The events of a record that went from its first status straight to its current one: one
/// event when they are the same.
fn push_history(events: &mut Rows, record: i64, steps: [(&str, NaiveDateTime); 2]) {
    let taken = if steps[0].0 == steps[1].0 { 1 } else { 2 };
    for (status, at) in &steps[..taken] {
        events.add(&[
            Value::Int(record),
            Value::Text(status),
            Value::Text(""),
            Value::Time(*at),
        ]);
    }
}
