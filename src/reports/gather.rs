//! Gathers one board's month into a [`ReportDocument`]. Each part reads only the month (and the
//! twelve months of indicator trends), except that every action still open counts however old it
//! is: the cost follows the month and the open actions, not the archive.

use super::document::{
    Actions, Attendance, AuditHead, BoardPart, CountLine, DecisionLine, Glance, Grievances,
    Incidents, IndicatorLine, ReportDocument, SessionLine, Sessions, UnitActions, UnitReply,
};
use crate::db::boards::Board;
use crate::db::{
    self, DbConn, actions, agenda, attendance, audit_log, decisions, grievances, incidents,
    meetings, minutes, reports, units,
};
use crate::domain::disclosure::shown;
use crate::domain::ids::UnitId;
use crate::domain::local_time::to_utc;
use crate::domain::meeting::{MeetingStatus, Sector, Sex};
use crate::domain::period::Period;
use crate::domain::report::ReportStatus;
use crate::indicators::status;
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Utc};
use std::collections::{BTreeMap, HashMap};

/// The instant a local day starts, in UTC: its midnight, or when the clock jumps to if it skips
/// midnight (`local_time`'s rule).
fn local_midnight_utc(zone: chrono_tz::Tz, day: NaiveDate) -> NaiveDateTime {
    to_utc(day.and_time(chrono::NaiveTime::MIN), zone).naive_utc()
}

/// The month's bounds: first and last local day, and the UTC instants of their start and end.
struct Month {
    first: NaiveDate,
    last: NaiveDate,
    from_utc: NaiveDateTime,
    to_utc: NaiveDateTime,
}

impl Month {
    fn new(period: Period, zone: chrono_tz::Tz) -> Self {
        let (first, last) = (period.first_day(), period.last_day());
        let next = last.succ_opt().unwrap_or(last);
        Self {
            first,
            last,
            from_utc: local_midnight_utc(zone, first),
            to_utc: local_midnight_utc(zone, next),
        }
    }
}

pub fn gather(
    conn: &mut DbConn,
    board: &Board,
    period: Period,
    threshold: u32,
    now: DateTime<Utc>,
) -> db::Result<ReportDocument> {
    let zone = board.zone();
    let month = Month::new(period, zone);
    let unit_names: HashMap<UnitId, String> = units::list(conn)?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    let unit_name = |u: Option<UnitId>| -> String {
        u.and_then(|u| unit_names.get(&u).cloned())
            .unwrap_or_else(|| "no unit named".to_owned())
    };
    let (sessions, decisions) = sessions(conn, board, &month, &unit_name, now)?;
    let (seq, hash) = audit_log::head(conn)?.unwrap_or_default();
    let mut doc = ReportDocument {
        format: super::document::FORMAT,
        board: BoardPart {
            id: board.id.0,
            name: board.name.clone(),
            level: board.level.as_str().to_owned(),
            time_zone: board.time_zone.clone(),
        },
        period: period.to_string(),
        small_count_threshold: threshold,
        glance: Glance::default(),
        assessment: Vec::new(),
        sessions,
        decisions,
        indicators: indicators(conn, board, period)?,
        incidents: incidents(conn, board, &month, &unit_name, threshold)?,
        grievances: grievances(conn, board, &month, &unit_name, threshold)?,
        actions: actions(conn, board, &month, &unit_name)?,
        unit_replies: replies(conn, board, period, &unit_name)?,
        audit_head: AuditHead { seq, hash },
    };
    let previous = published_document(conn, board, Period::month_before(period.first_day()))?;
    doc.glance = doc.glance_against(previous.as_ref());
    Ok(doc)
}

/// The document of the board's published report of `period`, if it has one.
fn published_document(
    conn: &mut DbConn,
    board: &Board,
    period: Period,
) -> db::Result<Option<ReportDocument>> {
    let published = reports::of_period(conn, board.id, &period.to_string())?
        .into_iter()
        .find(|r| r.status == ReportStatus::Published);
    Ok(published.and_then(|r| serde_json::from_str(&r.document).ok()))
}

fn sessions(
    conn: &mut DbConn,
    board: &Board,
    month: &Month,
    unit_name: &impl Fn(Option<UnitId>) -> String,
    now: DateTime<Utc>,
) -> db::Result<(Sessions, Vec<DecisionLine>)> {
    let from = month.first.and_hms_opt(0, 0, 0).unwrap_or_default();
    let to = month
        .last
        .succ_opt()
        .unwrap_or(month.last)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    let (zone, now) = (board.zone(), now.naive_utc());
    let mut out = Sessions::default();
    let mut lines = Vec::new();
    for m in meetings::list_for_board(conn, board.id, Some(from), Some(to), false)? {
        match m.status {
            MeetingStatus::Cancelled => out.cancelled += 1,
            MeetingStatus::Postponed => out.postponed += 1,
            MeetingStatus::Scheduled if local_midnight_utc(zone, m.starts_local.date()) > now => {}
            MeetingStatus::Scheduled => {
                let present = attendance::list(conn, m.id)?;
                if present.is_empty() && minutes::find(conn, m.id)?.is_none() {
                    out.not_recorded += 1;
                    continue;
                }
                if !m.is_public {
                    out.closed_held += 1;
                    continue;
                }
                let mut a = Attendance::default();
                for person in present {
                    count_attendee(&mut a, person.sex, person.sector);
                    count_attendee(&mut out.attendance, person.sex, person.sector);
                }
                let public_items: Vec<_> = agenda::list(conn, m.id)?
                    .into_iter()
                    .filter(|i| i.is_public)
                    .map(|i| i.id)
                    .collect();
                let date = m.starts_local.date().to_string();
                for d in decisions::list(conn, m.id)? {
                    if d.agenda_item_id.is_none_or(|i| public_items.contains(&i)) {
                        lines.push(DecisionLine {
                            session_date: date.clone(),
                            text: d.text,
                            unit: d.responsible_unit_id.map(|u| unit_name(Some(u))),
                        });
                    }
                }
                out.held.push(SessionLine {
                    date,
                    title: m.title,
                    attendance: a,
                });
            }
        }
    }
    Ok((out, lines))
}

fn count_attendee(a: &mut Attendance, sex: Sex, sector: Sector) {
    a.total += 1;
    match sex {
        Sex::Female => a.female += 1,
        Sex::Male => a.male += 1,
        Sex::Other => a.other += 1,
        Sex::NotStated => a.not_stated += 1,
    }
    match sector {
        Sector::CivilSociety => a.civil_society += 1,
        Sector::Military => a.military += 1,
        Sector::Police => a.police += 1,
        Sector::Government => a.government += 1,
        Sector::Other => a.other_sector += 1,
    }
}

/// The twelve months up to and including `period`, oldest first.
fn twelve_months(period: Period) -> Vec<Period> {
    (0..12u32)
        .rev()
        .filter_map(|back| period.first_day().checked_sub_months(Months::new(back)))
        .map(|d| Period::Month(d.year(), d.month()))
        .collect()
}

fn indicators(conn: &mut DbConn, board: &Board, period: Period) -> db::Result<Vec<IndicatorLine>> {
    let months = twelve_months(period);
    let mut out = Vec::new();
    for s in status::for_board(conn, board.id, period, |_| true)? {
        let trend = status::trend(conn, &s.indicator, &months)?;
        out.push(IndicatorLine {
            code: s.indicator.code.clone(),
            name: s.indicator.name.clone(),
            unit: s.indicator.unit.clone(),
            direction: s.indicator.direction.as_str().to_owned(),
            baseline: s.reading.baseline,
            target: s.reading.target,
            actual: s.reading.actual,
            status: s.status.as_str().to_owned(),
            trend: months.iter().map(|m| m.to_string()).zip(trend).collect(),
        });
    }
    Ok(out)
}

/// Counts by label, largest first and then by label, each suppressed below the threshold.
fn lines(counts: BTreeMap<String, u64>, threshold: u32) -> Vec<CountLine> {
    let mut sorted: Vec<(String, u64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted
        .into_iter()
        .map(|(label, n)| CountLine {
            label,
            count: shown(n, threshold),
        })
        .collect()
}

fn incidents(
    conn: &mut DbConn,
    board: &Board,
    month: &Month,
    unit_name: &impl Fn(Option<UnitId>) -> String,
    threshold: u32,
) -> db::Result<Incidents> {
    let found = incidents::occurred_between(conn, &[board.id], month.first, month.last)?;
    let ids: Vec<_> = found.iter().map(|i| i.id).collect();
    let all_parts = incidents::parts_of(conn, &ids)?;
    let (mut by_harm, mut by_region, mut by_unit, mut by_status) = Default::default();
    let (mut victims, mut not_counted) = (0u64, 0u64);
    for i in &found {
        let Some(parts) = all_parts.get(&i.id) else {
            continue;
        };
        if parts.victims.is_empty() {
            not_counted += 1;
        }
        victims += parts
            .victims
            .iter()
            .map(|v| u64::from(v.victims))
            .sum::<u64>();
        for h in &parts.harms {
            bump(&mut by_harm, h.as_str());
        }
        bump(&mut by_region, &i.region);
        bump(&mut by_unit, &unit_name(i.unit_id));
        bump(&mut by_status, i.status.as_str());
    }
    Ok(Incidents {
        total: shown(found.len() as u64, threshold),
        victims: shown(victims, threshold),
        victims_not_counted: shown(not_counted, threshold),
        by_harm: lines(by_harm, threshold),
        by_region: lines(by_region, threshold),
        by_unit: lines(by_unit, threshold),
        by_status: lines(by_status, threshold),
    })
}

fn bump(counts: &mut BTreeMap<String, u64>, label: &str) {
    *counts.entry(label.to_owned()).or_default() += 1;
}

fn grievances(
    conn: &mut DbConn,
    board: &Board,
    month: &Month,
    unit_name: &impl Fn(Option<UnitId>) -> String,
    threshold: u32,
) -> db::Result<Grievances> {
    let zone = board.zone();
    let local_day = |t: DateTime<Utc>| t.with_timezone(&zone).date_naive();
    let found = grievances::filed_between(conn, board.id, month.from_utc, month.to_utc)?;
    let (mut by_category, mut by_unit, mut by_status) = Default::default();
    let (mut ack_due, mut ack_ok, mut resp_due, mut resp_ok) = (0u64, 0u64, 0u64, 0u64);
    let mut days_to_decision = Vec::new();
    for g in &found {
        let dates = crate::grievances::dates(&grievances::events_of(conn, g.id)?);
        bump(&mut by_category, g.category.as_str());
        if g.unit_id.is_some() {
            bump(&mut by_unit, &unit_name(g.unit_id));
        }
        bump(&mut by_status, g.status.as_str());
        if g.ack_due <= month.last {
            ack_due += 1;
            ack_ok += u64::from(
                dates
                    .acknowledged_at
                    .is_some_and(|t| local_day(t) <= g.ack_due),
            );
        }
        if g.response_due <= month.last {
            resp_due += 1;
            resp_ok += u64::from(
                dates
                    .responded_at
                    .is_some_and(|t| local_day(t) <= g.response_due),
            );
        }
        if let Some(decided) = dates.decided_at {
            let filed = g.filed_at.and_utc();
            days_to_decision.push((decided - filed).num_minutes() as f64 / 1440.0);
        }
    }
    Ok(Grievances {
        received: shown(found.len() as u64, threshold),
        by_category: lines(by_category, threshold),
        by_unit: lines(by_unit, threshold),
        by_status: lines(by_status, threshold),
        acknowledged_on_time: shown(ack_ok, threshold),
        acknowledgement_due: shown(ack_due, threshold),
        responded_on_time: shown(resp_ok, threshold),
        response_due: shown(resp_due, threshold),
        median_days_to_decision: median(&mut days_to_decision).map(|d| (d * 10.0).round() / 10.0),
    })
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) / 2.0
    } else {
        values[mid]
    })
}

fn actions(
    conn: &mut DbConn,
    board: &Board,
    month: &Month,
    unit_name: &impl Fn(Option<UnitId>) -> String,
) -> db::Result<Actions> {
    let mut out = Actions::default();
    let mut by_unit: BTreeMap<String, UnitActions> = BTreeMap::new();
    let counted = actions::month_counts(conn, board.id, month.from_utc, month.to_utc, month.last)?;
    for c in counted {
        let name = unit_name(Some(c.unit_id));
        let unit = by_unit.entry(name.clone()).or_insert_with(|| UnitActions {
            unit: name,
            ..UnitActions::default()
        });
        out.opened += c.opened;
        out.reported_done += c.reported_done;
        out.verified += c.verified;
        out.overdue += c.overdue;
        unit.open += c.still_open;
        unit.reported_done += c.reported_done;
        unit.verified += c.verified;
        unit.overdue += c.overdue;
    }
    out.by_unit = by_unit.into_values().collect();
    Ok(out)
}

/// What units answered to the board's latest published report of an earlier month.
fn replies(
    conn: &mut DbConn,
    board: &Board,
    period: Period,
    unit_name: &impl Fn(Option<UnitId>) -> String,
) -> db::Result<Vec<UnitReply>> {
    let current = period.to_string();
    let previous = reports::list_for_board(conn, board.id)?
        .into_iter()
        .find(|r| r.period < current && r.status == ReportStatus::Published);
    let Some(previous) = previous else {
        return Ok(Vec::new());
    };
    Ok(reports::replies_to(conn, previous.id)?
        .into_iter()
        .map(|r| UnitReply {
            unit: unit_name(Some(r.unit_id)),
            text: r.text,
            at: r.at.and_utc().to_rfc3339(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_whose_midnight_the_clock_skips_starts_when_the_clock_jumps() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let santiago = chrono_tz::America::Santiago;
        assert_eq!(
            local_midnight_utc(santiago, day("2026-09-06")).to_string(),
            "2026-09-06 04:00:00"
        );
        assert_eq!(
            local_midnight_utc(santiago, day("2026-09-07")).to_string(),
            "2026-09-07 03:00:00"
        );
    }
}
