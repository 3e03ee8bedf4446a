//! A large made-up archive on top of the demo, for benchmarks and load tests: the remaining
//! regional boards (17 in all), a monthly session of every board over the chosen months with its
//! agenda, attendance, decisions and frozen minutes, 300 indicators with monthly figures, and at
//! scale 1 over ten years about 1,000,000 incidents, 200,000 actions and 50,000 grievances.
//!
//! Each board-month is drawn from its own seed, so a one-month archive holds the same month as a
//! ten-year one. Boards, units, series and indicators go through the ordinary code (and the
//! audit log); the bulk of the rows is written directly (`db::bulk`), one transaction per
//! board-month, and the audit log records the load once, with its counts.

use crate::audit::{self, Actor, Change};
use crate::config::MeetingSettings;
use crate::db::bulk::{BATCH, Rows, Value, continue_ids, flush_all};
use crate::db::{Db, DbConn, meetings};
use crate::domain::action::ActionStatus;
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::grievance::{GrievanceCategory, GrievanceStatus};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::incident::{
    Harm, IncidentStatus, Involvement, PerpetratorKind, Severity, VictimAge,
};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::meeting::{Sector, Sex};
use crate::domain::period::Period;
use crate::domain::text::{Label, NAME_MAX};
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::indicators::definitions::{self, IndicatorDraft};
use crate::meetings::series::{self, SeriesDraft};
use crate::org::boards::{self, BoardDraft};
use crate::org::units::{self, UnitDraft};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// How big and how long.
#[derive(Debug, Clone, Copy)]
pub struct Archive {
    /// 1 gives the full counts below over ten years; 0.01 a hundredth of them.
    pub scale: f64,
    /// Closed months covered, ending with last month.
    pub months: u32,
}

/// Boards the archive spreads over (the national board and 17 regional ones) and the months
/// the full counts are spread over.
const BOARD_SLOTS: u64 = 18;
const MONTH_SLOTS: u64 = 120;
const INCIDENTS: f64 = 1_000_000.0;
const ACTIONS: f64 = 200_000.0;
const GRIEVANCES: f64 = 50_000.0;
const INDICATORS: usize = 300;

#[derive(Debug, Default, Serialize)]
pub struct ArchiveSummary {
    pub boards: usize,
    pub units: usize,
    pub months: u32,
    pub meetings: u64,
    pub decisions: u64,
    pub incidents: u64,
    pub actions: u64,
    pub grievances: u64,
    pub indicators: usize,
    pub indicator_values: u64,
}

/// The regions with no board in the base demo (which has Regions VIII and XI).
const REGIONS: &[(&str, &str)] = &[
    ("National Capital Region", "NCR"),
    ("Cordillera Administrative Region", "CAR"),
    ("Ilocos Region", "Region I"),
    ("Cagayan Valley", "Region II"),
    ("Central Luzon", "Region III"),
    ("Calabarzon", "Region IV-A"),
    ("Mimaropa", "Region IV-B"),
    ("Bicol Region", "Region V"),
    ("Western Visayas", "Region VI"),
    ("Central Visayas", "Region VII"),
    ("Zamboanga Peninsula", "Region IX"),
    ("Northern Mindanao", "Region X"),
    ("Soccsksargen", "Region XII"),
    ("Caraga", "Region XIII"),
    ("Bangsamoro", "BARMM"),
];

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

/// A monthly count: the full `total` at scale 1 split evenly over the board-month slots, each
/// slot's share depending on the slot alone.
fn share(total: f64, scale: f64, slot: u64) -> u64 {
    let t = total * scale;
    let n = (BOARD_SLOTS * MONTH_SLOTS) as f64;
    let upto = |k: u64| (k as f64 * t / n).floor() as u64;
    upto(slot + 1) - upto(slot)
}

/// Adds the archive to a freshly loaded demo.
pub fn load(
    db: &Db,
    archive: Archive,
    base_boards: &[BoardId],
    now: DateTime<Utc>,
) -> Result<ArchiveSummary, AppError> {
    let actor = Actor::system("demo archive");
    let last_closed = {
        let today = now.date_naive();
        NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
            .and_then(|d| d.checked_sub_months(Months::new(1)))
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no last month before {today}")))?
    };
    let first_month = last_closed
        .checked_sub_months(Months::new(archive.months.saturating_sub(1)))
        .unwrap_or(last_closed);
    let (boards, units) = db.write_blocking(|conn| {
        let mut boards = base_boards.to_vec();
        for (name, short) in REGIONS {
            let draft = BoardDraft {
                name: Label::parse(
                    "name",
                    &format!("{name} Regional Forum ({short})"),
                    NAME_MAX,
                )?,
                level: BoardLevel::Regional,
                parent_id: Some(base_boards[0]),
                time_zone: TimeZoneName::parse(DEFAULT_TIME_ZONE)?,
            };
            let board = boards::create(conn, &actor, draft, now)?.id;
            let session = SeriesDraft {
                title: Label::parse("title", "Monthly oversight session", NAME_MAX)?,
                rrule: "FREQ=MONTHLY;BYDAY=3TH".to_owned(),
                first_date: first_month,
                start_time: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default(),
                duration_minutes: 180,
                location: format!("{name} regional office"),
                is_public: true,
                exdates: Vec::new(),
            };
            let horizon = MeetingSettings::default().meeting_horizon_months;
            series::create(conn, &actor, board, session, now, horizon)?;
            boards.push(board);
        }
        let police = crate::db::units::list(conn)?
            .into_iter()
            .find(|u| u.parent_id.is_none() && u.service == Service::Police)
            .map(|u| u.id);
        for (_, short) in REGIONS {
            let draft = UnitDraft {
                name: Label::parse("name", &format!("Police Regional Office {short}"), NAME_MAX)?,
                abbreviation: None,
                service: Service::Police,
                parent_id: police,
            };
            units::create(conn, &actor, draft, now)?;
        }
        let units: Vec<UnitId> = crate::db::units::list(conn)?
            .into_iter()
            .map(|u| u.id)
            .collect();
        Ok::<_, AppError>((boards, units))
    })?;
    let mut summary = ArchiveSummary {
        boards: boards.len(),
        units: units.len(),
        months: archive.months,
        ..ArchiveSummary::default()
    };
    let (existing, indicators) =
        db.write_blocking(|conn| create_indicators(conn, &actor, &boards, now))?;
    summary.indicators = existing + indicators.iter().map(Vec::len).sum::<usize>();
    for (b, board) in boards.iter().enumerate() {
        let mut month = first_month;
        while month <= last_closed {
            let back = u64::from(
                (last_closed.year() * 12 + last_closed.month() as i32
                    - (month.year() * 12 + month.month() as i32))
                    .unsigned_abs(),
            );
            let slot = back * BOARD_SLOTS + b as u64;
            let plan = MonthPlan {
                board: *board,
                first: month,
                incidents: share(INCIDENTS, archive.scale, slot),
                actions: share(ACTIONS, archive.scale, slot),
                grievances: share(GRIEVANCES, archive.scale, slot),
                indicators: &indicators[b],
                units: &units,
                closed_long_ago: back >= 3,
                seed: slot,
            };
            let written = db.write_blocking(|conn| plan.write(conn))?;
            summary.meetings += written.meetings;
            summary.decisions += written.decisions;
            summary.incidents += written.incidents;
            summary.actions += written.actions;
            summary.grievances += written.grievances;
            summary.indicator_values += written.indicator_values;
            month = month
                .checked_add_months(Months::new(1))
                .ok_or_else(|| AppError::Internal(anyhow::anyhow!("month after {month}")))?;
        }
    }
    db.write_blocking(|conn| {
        for table in TABLES {
            continue_ids(conn, table)?;
        }
        audit::record(
            conn,
            &actor,
            Change::event(
                "load",
                "archive",
                format!("scale {}", archive.scale),
                &summary,
            ),
            now,
        )?;
        Ok::<_, AppError>(())
    })?;
    Ok(summary)
}

/// Tables written in bulk, whose ids are chosen here.
const TABLES: &[&str] = &[
    "agenda_items",
    "attendance",
    "decisions",
    "incidents",
    "incident_harms",
    "incident_victims",
    "incident_perpetrators",
    "incident_events",
    "actions",
    "action_updates",
    "grievances",
    "grievance_events",
    "indicator_values",
];

/// 300 indicators in all with those of the base demo, spread over the boards, each with a
/// baseline and a yearly target. Returns how many there were before, and per board the new
/// ones' ids and baselines.
fn create_indicators(
    conn: &mut DbConn,
    actor: &Actor,
    boards: &[BoardId],
    now: DateTime<Utc>,
) -> Result<(usize, Vec<Vec<Figure>>), AppError> {
    let mut existing = 0;
    for board in boards {
        existing += crate::db::indicators::list_for_board(conn, *board)?.len();
    }
    let wanted = INDICATORS.saturating_sub(existing);
    let mut per_board = Vec::new();
    for (b, board) in boards.iter().enumerate() {
        let quota = wanted / boards.len() + usize::from(b < wanted % boards.len());
        let mut made = Vec::new();
        for i in 0..quota {
            let lower = i % 2 == 0;
            let baseline = 20.0 + (i * 7 % 50) as f64;
            let draft = IndicatorDraft {
                code: format!("AR-{:02}", i + 1),
                name: Label::parse("name", &format!("Archive indicator {}", i + 1), NAME_MAX)?,
                description: "Made up for the archive".to_owned(),
                unit: "per 100,000 residents".to_owned(),
                measure: Measure::Ratio,
                direction: if lower {
                    Direction::LowerIsBetter
                } else {
                    Direction::HigherIsBetter
                },
                data_source: "Archive".to_owned(),
                responsible_unit_id: None,
                by_region: false,
                by_sex: false,
                by_age: false,
                agreed_decision_id: None,
                baseline: Some(crate::db::indicator_baselines::Baseline {
                    value: baseline,
                    date: NaiveDate::from_ymd_opt(now.year() - 10, 1, 1)
                        .unwrap_or(now.date_naive()),
                    note: String::new(),
                }),
            };
            let (indicator, _) = definitions::create(conn, actor, *board, draft, now)?;
            let targets = (now.year() - 10..=now.year())
                .map(|y| {
                    let step = if lower { -0.5 } else { 0.5 };
                    (
                        Period::Year(y),
                        baseline + step * f64::from(y - now.year() + 11),
                    )
                })
                .collect();
            let reason = Some("Agreed when the indicator was set".to_owned());
            definitions::set_targets(conn, actor, indicator.id, targets, reason, now)?;
            made.push((indicator.id.0, baseline));
        }
        per_board.push(made);
    }
    Ok((existing, per_board))
}

/// An archive indicator: its id and baseline, around which its monthly figures are drawn.
type Figure = (i64, f64);

/// One board's month of records.
struct MonthPlan<'a> {
    board: BoardId,
    first: NaiveDate,
    incidents: u64,
    actions: u64,
    grievances: u64,
    indicators: &'a [Figure],
    units: &'a [UnitId],
    /// Months this old have settled: closed cases, verified actions, frozen minutes.
    closed_long_ago: bool,
    seed: u64,
}

#[derive(Default)]
struct Written {
    meetings: u64,
    decisions: u64,
    incidents: u64,
    actions: u64,
    grievances: u64,
    indicator_values: u64,
}

impl MonthPlan<'_> {
    fn write(&self, conn: &mut DbConn) -> Result<Written, AppError> {
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut written = Written::default();
        self.meetings(conn, &mut rng, &mut written)?;
        let incidents = self.write_incidents(conn, &mut rng)?;
        written.incidents = incidents.len() as u64;
        written.actions = self.write_actions(conn, &mut rng, &incidents)?;
        written.grievances = self.write_grievances(conn, &mut rng)?;
        written.indicator_values = self.write_values(conn, &mut rng)?;
        Ok(written)
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

    /// The board's sessions this month: agenda, attendance, two decisions and frozen minutes.
    fn meetings(
        &self,
        conn: &mut DbConn,
        rng: &mut StdRng,
        written: &mut Written,
    ) -> Result<(), AppError> {
        let from = self.first.and_hms_opt(0, 0, 0).unwrap_or_default();
        let to = from + TimeDelta::days(self.days());
        let held = meetings::list_for_board(conn, self.board, Some(from), Some(to), false)?;
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

    /// Returns the ids of the incidents written.
    fn write_incidents(&self, conn: &mut DbConn, rng: &mut StdRng) -> Result<Vec<i64>, AppError> {
        let mut incidents = Rows::numbered(
            conn,
            "incidents",
            &[
                "board_id",
                "occurred_on",
                "region",
                "province",
                "municipality",
                "summary",
                "severity",
                "status",
                "unit_id",
                "reported_at",
                "updated_at",
            ],
        )?;
        let mut harms = Rows::numbered(conn, "incident_harms", &["incident_id", "harm"])?;
        let mut victims = Rows::numbered(
            conn,
            "incident_victims",
            &["incident_id", "sex", "age_group", "victims"],
        )?;
        let mut perpetrators = Rows::numbered(
            conn,
            "incident_perpetrators",
            &[
                "incident_id",
                "kind",
                "unit_id",
                "group_name",
                "involvement",
            ],
        )?;
        let mut events = Rows::numbered(
            conn,
            "incident_events",
            &["incident_id", "status", "note", "at"],
        )?;
        let settled = [
            IncidentStatus::Closed,
            IncidentStatus::ResponseRecorded,
            IncidentStatus::NotCredible,
        ];
        let open = [
            IncidentStatus::Reported,
            IncidentStatus::UnderAssessment,
            IncidentStatus::Credible,
            IncidentStatus::UnderInvestigation,
        ];
        let mut ids = Vec::new();
        for _ in 0..self.incidents {
            let id = incidents.next_id();
            ids.push(id);
            let reported = self.moment(rng, 0);
            let occurred = (reported - TimeDelta::days(rng.random_range(0..4))).date();
            let status = Self::pick(
                rng,
                if self.closed_long_ago {
                    &settled
                } else {
                    &open
                },
            );
            let updated = reported + TimeDelta::days(rng.random_range(1..40));
            let unit = if rng.random_bool(0.7) {
                Value::Int(self.unit(rng))
            } else {
                Value::Null
            };
            incidents.add(&[
                Value::Int(self.board.0),
                Value::Date(occurred),
                Value::Text("Archive region"),
                Value::Text(Self::pick(rng, PLACES)),
                Value::Text(Self::pick(rng, PLACES)),
                Value::Text(Self::pick(rng, INCIDENT_SUMMARIES)),
                Value::Text(Self::pick(rng, Severity::ALL).as_str()),
                Value::Text(status.as_str()),
                unit,
                Value::Time(reported),
                Value::Time(updated),
            ]);
            let first = rng.random_range(0..Harm::ALL.len());
            for harm in [first, (first + 1) % Harm::ALL.len()]
                .iter()
                .take(rng.random_range(1..3))
            {
                harms.add(&[Value::Int(id), Value::Text(Harm::ALL[*harm].as_str())]);
            }
            victims.add(&[
                Value::Int(id),
                Value::Text(Self::pick(rng, Sex::ALL).as_str()),
                Value::Text(Self::pick(rng, VictimAge::ALL).as_str()),
                Value::Int(rng.random_range(1..6)),
            ]);
            let kind = Self::pick(rng, PerpetratorKind::ALL);
            let (unit, group) = match kind {
                PerpetratorKind::Unit => (Value::Int(self.unit(rng)), ""),
                PerpetratorKind::NonStateArmedGroup => (Value::Null, "Unidentified armed group"),
                PerpetratorKind::Unknown => (Value::Null, ""),
            };
            perpetrators.add(&[
                Value::Int(id),
                Value::Text(kind.as_str()),
                unit,
                Value::Text(group),
                Value::Text(Self::pick(rng, Involvement::ALL).as_str()),
            ]);
            let steps = [
                (IncidentStatus::Reported.as_str(), reported),
                (status.as_str(), updated),
            ];
            push_history(&mut events, id, steps);
            if incidents.pending() == BATCH {
                flush_all(
                    conn,
                    &mut [
                        &mut incidents,
                        &mut harms,
                        &mut victims,
                        &mut perpetrators,
                        &mut events,
                    ],
                )?;
            }
        }
        flush_all(
            conn,
            &mut [
                &mut incidents,
                &mut harms,
                &mut victims,
                &mut perpetrators,
                &mut events,
            ],
        )?;
        Ok(ids)
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
        let settled = [
            ActionStatus::Verified,
            ActionStatus::Verified,
            ActionStatus::ReportedDone,
        ];
        let open = [
            ActionStatus::Open,
            ActionStatus::InProgress,
            ActionStatus::Blocked,
            ActionStatus::ReportedDone,
        ];
        for _ in 0..self.actions {
            let id = actions.next_id();
            let created = self.moment(rng, 0);
            let due = created.date() + TimeDelta::days(rng.random_range(14..90));
            let status = Self::pick(
                rng,
                if self.closed_long_ago {
                    &settled
                } else {
                    &open
                },
            );
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
        let settled = [
            GrievanceStatus::Closed,
            GrievanceStatus::Resolved,
            GrievanceStatus::NotResolved,
        ];
        let open = [
            GrievanceStatus::Received,
            GrievanceStatus::Acknowledged,
            GrievanceStatus::Referred,
            GrievanceStatus::Responded,
        ];
        for _ in 0..self.grievances {
            let id = grievances.next_id();
            let filed = self.moment(rng, 0);
            let status = Self::pick(
                rng,
                if self.closed_long_ago {
                    &settled
                } else {
                    &open
                },
            );
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
