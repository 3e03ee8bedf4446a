//! A large made-up archive on top of the demo, for benchmarks and load tests: the remaining
//! regional boards (17 in all), a monthly session of every board over the chosen months with its
//! agenda, attendance, decisions and frozen minutes, 300 indicators with monthly figures, and at
//! scale 1 over ten years about 1,000,000 incidents, 200,000 actions and 50,000 grievances.
//!
//! Each board-month is drawn from its own seed, so a one-month archive holds the same month as a
//! ten-year one. Boards, units, series and indicators go through the ordinary code (and the
//! audit log); the bulk of the rows is written directly (`db::bulk`), one transaction per
//! board-month, and the audit log records the load once, with its counts.

mod month;

use crate::audit::{self, Actor, Change};
use crate::config::MeetingSettings;
use crate::db::bulk::continue_ids;
use crate::db::{Db, DbConn};
use crate::domain::board::{BoardLevel, DEFAULT_TIME_ZONE, TimeZoneName};
use crate::domain::ids::{BoardId, UnitId};
use crate::domain::indicator::{Direction, Measure};
use crate::domain::period::Period;
use crate::domain::text::{Label, NAME_MAX};
use crate::domain::unit::Service;
use crate::error::AppError;
use crate::indicators::definitions::{self, IndicatorDraft};
use crate::meetings::series::{self, SeriesDraft};
use crate::org::boards::{self, BoardDraft};
use crate::org::units::{self, UnitDraft};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, Utc};
use month::{Figure, MonthPlan};
use serde::Serialize;

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
    let (boards, units) =
        db.write_blocking(|conn| regions(conn, &actor, base_boards, first_month, now))?;
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
        let plan = |slot: u64, first: NaiveDate, closed_long_ago: bool| MonthPlan {
            board: *board,
            first,
            incidents: share(INCIDENTS, archive.scale, slot),
            actions: share(ACTIONS, archive.scale, slot),
            grievances: share(GRIEVANCES, archive.scale, slot),
            indicators: &indicators[b],
            units: &units,
            closed_long_ago,
            seed: slot,
        };
        let mut month = first_month;
        while month <= last_closed {
            let back = months_between(month, last_closed);
            let slot = back * BOARD_SLOTS + b as u64;
            db.write_blocking(|conn| plan(slot, month, back >= 3).write(conn, &mut summary))?;
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

/// The regional boards, each with its monthly session, and a police regional office for each;
/// returns every board and every unit.
fn regions(
    conn: &mut DbConn,
    actor: &Actor,
    base_boards: &[BoardId],
    first_month: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(Vec<BoardId>, Vec<UnitId>), AppError> {
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
        let board = boards::create(conn, actor, draft, now)?.id;
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
        series::create(conn, actor, board, session, now, horizon)?;
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
        units::create(conn, actor, draft, now)?;
    }
    let units: Vec<UnitId> = crate::db::units::list(conn)?
        .into_iter()
        .map(|u| u.id)
        .collect();
    Ok((boards, units))
}

/// Whole months from `month` back to `last`, both first days of a month.
fn months_between(month: NaiveDate, last: NaiveDate) -> u64 {
    let index = |d: NaiveDate| d.year() * 12 + d.month() as i32;
    u64::from((index(last) - index(month)).unsigned_abs())
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
