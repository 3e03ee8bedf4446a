//! A board's dashboard: the twelve months to the current one (in the board's time zone) of
//! indicator trends against target, incidents by month and harm, grievances answered on time,
//! and actions by unit and status. Each part is counted by the database over those months and
//! is present only where the policy lets the reader read that kind of record.

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::boards::Board;
use crate::db::{self, Db, DbConn, actions, grievances, incidents, units};
use crate::domain::action::ActionStatus;
use crate::domain::deadline::is_breached;
use crate::domain::ids::{BoardId, IndicatorId, UnitId};
use crate::domain::incident::Harm;
use crate::domain::local_time::to_utc;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::indicators::{self, status};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// Indicators drawn at most; the indicators page has the rest.
pub const TRENDS_SHOWN: usize = 6;

/// The board's figures, each part `None` when the reader may not read that kind of record.
pub struct Dashboard {
    pub board: Board,
    /// The twelve months, oldest first; every series below has one entry a month.
    pub months: Vec<Period>,
    pub indicators: Option<Trends>,
    pub incidents: Option<Vec<HarmMonths>>,
    pub grievances: Option<Vec<GrievanceMonth>>,
    pub actions: Option<Vec<UnitActions>>,
}

/// The first indicators the reader may see, and how many there are in all.
pub struct Trends {
    pub shown: Vec<IndicatorTrend>,
    pub total: usize,
}

pub struct IndicatorTrend {
    pub id: IndicatorId,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub values: Vec<Option<f64>>,
    pub targets: Vec<Option<f64>>,
}

/// Incidents naming one harm, a month at a time (an incident counts once for each harm).
pub struct HarmMonths {
    pub harm: Harm,
    pub counts: Vec<u32>,
}

/// Grievances received in a month and where their response stands: answered by the deadline
/// or after it, or not yet answered and either past the deadline or still within it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GrievanceMonth {
    pub received: u32,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    pub waiting: u32,
}

/// A unit's actions by status, in the order of [`ActionStatus::ALL`].
pub struct UnitActions {
    pub unit_id: UnitId,
    pub unit: String,
    pub counts: Vec<u32>,
}

/// The dashboard of `board` for the reader at `now`.
pub async fn dashboard(
    db: &Db,
    who: &Principal,
    board: BoardId,
    now: DateTime<Utc>,
) -> Result<Dashboard, AppError> {
    let who = who.clone();
    db.read(move |conn| dashboard_in(conn, &who, board, now))
        .await
}

fn dashboard_in(
    conn: &mut DbConn,
    who: &Principal,
    board: BoardId,
    now: DateTime<Utc>,
) -> Result<Dashboard, AppError> {
    let b = crate::org::boards::find(conn, board)?;
    let zone = b.zone();
    let today = now.with_timezone(&zone).date_naive();
    let months = Period::Month(today.year(), today.month()).last_twelve_months();
    let (first, last) = match (months.first(), months.last()) {
        (Some(f), Some(l)) => (f.first_day(), l.last_day()),
        _ => (today, today),
    };
    let may = |p: Permission| authorize(Some(who), p).is_ok();
    let indicators = trends(conn, who, board, &months)?;
    let incidents = if may(Permission::ReadIncidents(board)) {
        Some(harms(conn, board, &months, first, last)?)
    } else {
        None
    };
    let grievances = if may(Permission::ReadGrievances(board)) {
        let start = |day: NaiveDate| to_utc(day.and_time(NaiveTime::MIN), zone).naive_utc();
        let after = last.succ_opt().unwrap_or(last);
        let answers = grievances::answers_filed_between(conn, board, start(first), start(after))?;
        let mut out = vec![GrievanceMonth::default(); months.len()];
        for a in answers {
            let filed = a.filed_at.and_utc().with_timezone(&zone).date_naive();
            let Some(m) = out.get_mut(month_index(&months, filed)) else {
                continue;
            };
            m.received += 1;
            let answered_day = |t: NaiveDateTime| t.and_utc().with_timezone(&zone).date_naive();
            match a.responded_at.map(answered_day) {
                Some(day) if day <= a.response_due => m.on_time += 1,
                Some(_) => m.late += 1,
                None if is_breached(a.response_due, now, zone) => m.overdue += 1,
                None => m.waiting += 1,
            }
        }
        Some(out)
    } else {
        None
    };
    let actions = if may(Permission::ReadActions(board)) {
        let start = to_utc(first.and_time(NaiveTime::MIN), zone).naive_utc();
        Some(unit_actions(conn, board, start)?)
    } else {
        None
    };
    Ok(Dashboard {
        board: b,
        months,
        indicators,
        incidents,
        grievances,
        actions,
    })
}

/// Where `day` falls among `months` (past the end when it falls in none).
fn month_index(months: &[Period], day: NaiveDate) -> usize {
    months
        .iter()
        .position(|m| m.first_day() <= day && day <= m.last_day())
        .unwrap_or(usize::MAX)
}

fn trends(
    conn: &mut DbConn,
    who: &Principal,
    board: BoardId,
    months: &[Period],
) -> Result<Option<Trends>, AppError> {
    let visible = indicators::visible_in(conn, who, board)?;
    if visible.is_empty() && authorize(Some(who), Permission::ReadIndicators(board)).is_err() {
        return Ok(None);
    }
    let total = visible.len();
    let mut shown = Vec::new();
    for i in visible.into_iter().take(TRENDS_SHOWN) {
        shown.push(IndicatorTrend {
            values: status::trend(conn, &i, months)?,
            targets: status::target_trend(conn, &i, months)?,
            id: i.id,
            code: i.code,
            name: i.name,
            unit: i.unit,
        });
    }
    Ok(Some(Trends { shown, total }))
}

fn harms(
    conn: &mut DbConn,
    board: BoardId,
    months: &[Period],
    first: NaiveDate,
    last: NaiveDate,
) -> db::Result<Vec<HarmMonths>> {
    let mut out: Vec<HarmMonths> = Vec::new();
    for day in incidents::harms_by_day(conn, board, first, last)? {
        let i = month_index(months, day.day);
        if i >= months.len() {
            continue;
        }
        let at = match out.iter().position(|h| h.harm == day.harm) {
            Some(at) => at,
            None => {
                out.push(HarmMonths {
                    harm: day.harm,
                    counts: vec![0; months.len()],
                });
                out.len() - 1
            }
        };
        out[at].counts[i] += u32::try_from(day.incidents).unwrap_or(u32::MAX);
    }
    out.sort_by_key(|h| Harm::ALL.iter().position(|a| *a == h.harm));
    Ok(out)
}

fn unit_actions(
    conn: &mut DbConn,
    board: BoardId,
    since: NaiveDateTime,
) -> db::Result<Vec<UnitActions>> {
    let names = units::list(conn)?;
    let mut out: Vec<UnitActions> = Vec::new();
    for c in actions::by_unit_and_status(conn, board, since)? {
        let at = match out.iter().position(|u| u.unit_id == c.unit_id) {
            Some(at) => at,
            None => {
                out.push(UnitActions {
                    unit_id: c.unit_id,
                    unit: names
                        .iter()
                        .find(|u| u.id == c.unit_id)
                        .map(|u| u.name.clone())
                        .unwrap_or_default(),
                    counts: vec![0; ActionStatus::ALL.len()],
                });
                out.len() - 1
            }
        };
        if let Some(s) = ActionStatus::ALL.iter().position(|s| *s == c.status) {
            out[at].counts[s] += c.actions;
        }
    }
    out.sort_by(|a, b| a.unit.cmp(&b.unit));
    Ok(out)
}
