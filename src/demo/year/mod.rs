//! A year of the Eastern Visayas board (Region VIII) before this month: monthly sessions with
//! attendance, decisions and minutes; indicator figures; incidents and grievances moving
//! through their steps; follow-up actions; twelve reports drafted, assessed, approved and
//! published. Planned month by month (`plan`, `cases`, in the words of `words`), then walked
//! in time order through the same operations the API calls (`run`), each at its moment.

mod assess;
mod cases;
mod casework;
mod plan;
mod run;
mod words;

use super::DemoAccount;
use crate::config::ServerSettings;
use crate::db::Db;
use crate::domain::board::DEFAULT_TIME_ZONE;
use crate::domain::ids::{BoardId, IndicatorId, UnitId};
use crate::domain::local_time::to_utc;
use crate::domain::period::Period;
use crate::error::AppError;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

/// The closed months the year covers.
pub(super) const MONTHS: usize = 12;

/// The months of the year on the board's clock.
pub(super) struct Calendar {
    pub zone: Tz,
    /// The first day of each month of the year, oldest first, then of this month.
    pub firsts: Vec<NaiveDate>,
    pub holidays: Vec<NaiveDate>,
    pub now: DateTime<Utc>,
}

impl Calendar {
    pub(super) fn new(now: DateTime<Utc>) -> Result<Self, AppError> {
        let zone: Tz = DEFAULT_TIME_ZONE
            .parse()
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{DEFAULT_TIME_ZONE}: {e}")))?;
        let today = now.with_timezone(&zone).date_naive();
        let this_month = today.with_day(1).unwrap_or(today);
        let firsts = (0..=MONTHS as u32)
            .rev()
            .map(|back| this_month.checked_sub_months(Months::new(back)))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("no year before {today}")))?;
        Ok(Self {
            zone,
            firsts,
            holidays: ServerSettings::default().holidays,
            now,
        })
    }

    /// When the board, its units and its people were set up: a fortnight before the year.
    pub(super) fn start(&self) -> DateTime<Utc> {
        self.at(self.firsts[0] - TimeDelta::days(14), 9, 0)
    }

    /// A moment on the board's clock.
    pub(super) fn at(&self, day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
        to_utc(day.and_time(time), self.zone)
    }

    /// The board's date at a moment.
    pub(super) fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// Month `m` of the year (`MONTHS` is this month).
    pub(super) fn period(&self, m: usize) -> Period {
        Period::Month(self.firsts[m].year(), self.firsts[m].month())
    }

    /// The first day of the month after month `m`.
    pub(super) fn after(&self, m: usize) -> NaiveDate {
        let first = self.firsts[m];
        first.checked_add_months(Months::new(1)).unwrap_or(first)
    }

    /// The days in month `m`.
    pub(super) fn days(&self, m: usize) -> i64 {
        (self.after(m) - self.firsts[m]).num_days()
    }
}

/// What the year is kept on: the board, every unit of the demo (in `cast::UNITS` order), the
/// board's two indicators and the start of each month's session, this month's last.
pub(super) struct Setting {
    pub board: BoardId,
    pub units: Vec<UnitId>,
    /// CH-01 and PS-02.
    pub indicators: [IndicatorId; 2],
    pub sessions: Vec<DateTime<Utc>>,
}

/// Walks the year on a thread of its own (so that a caller inside a runtime may load the
/// demo too), signing in the board's people with the demo's passwords.
pub(super) fn walk(
    db: &Db,
    cal: &Calendar,
    setting: &Setting,
    accounts: &[DemoAccount],
) -> Result<(), AppError> {
    let plan = plan::Plan::new(cal, &setting.sessions);
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .map_err(|e| AppError::Internal(e.into()))?;
                runtime.block_on(run::walk(db, cal, setting, &plan, accounts))
            })
            .join()
            .map_err(|_| AppError::Internal(anyhow::anyhow!("the demo's year stopped")))?
    })
}
