//! Drafts each board's report once its month has closed: on the configured day and hour of the
//! next month, in the board's zone. Months missed while the service was down are drafted at the
//! next tick (up to three back, and never before the board existed). A month is drafted once:
//! a report already there, from an earlier tick or another instance, is left alone.

use crate::audit::Actor;
use crate::config::ReportSettings;
use crate::db::{Db, boards};
use crate::domain::local_time::to_utc;
use crate::domain::period::Period;
use crate::error::AppError;
use crate::outbox::{self, Notice};
use crate::reports;
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};

/// How many closed months back a tick looks for a missing draft.
const CATCH_UP_MONTHS: u32 = 3;

/// The closed months of a board whose drafting moment has passed at `now`, oldest first.
pub fn due_months(
    zone: chrono_tz::Tz,
    created: DateTime<Utc>,
    now: DateTime<Utc>,
    settings: &ReportSettings,
) -> Vec<Period> {
    let local_now = now.with_timezone(&zone).naive_local();
    let this_month =
        NaiveDate::from_ymd_opt(local_now.year(), local_now.month(), 1).unwrap_or(local_now.date());
    let created_month = {
        let c = created.with_timezone(&zone).date_naive();
        NaiveDate::from_ymd_opt(c.year(), c.month(), 1).unwrap_or(c)
    };
    (1..=CATCH_UP_MONTHS)
        .rev()
        .filter_map(|back| this_month.checked_sub_months(Months::new(back)))
        .filter(|first| *first >= created_month)
        .filter(|first| {
            let Some(next) = first.checked_add_months(Months::new(1)) else {
                return false;
            };
            let moment = next
                .with_day(settings.report_draft_day)
                .and_then(|d| d.and_hms_opt(settings.report_draft_hour, 0, 0));
            moment.is_some_and(|m| to_utc(m, zone) <= now)
        })
        .map(|first| Period::Month(first.year(), first.month()))
        .collect()
}

/// Drafts what is due on every board; returns how many reports were drafted.
pub async fn run(
    db: &Db,
    now: DateTime<Utc>,
    settings: &ReportSettings,
    threshold: u32,
) -> Result<usize, AppError> {
    let settings = settings.clone();
    db.write(move |conn| {
        let actor = Actor::system("monthly report job");
        let mut drafted = 0;
        for board in boards::list(conn)? {
            let created = board.created_at.and_utc();
            for period in due_months(board.zone(), created, now, &settings) {
                let Some(report) =
                    reports::draft_once(conn, &actor, board.id, period, threshold, now)?
                else {
                    continue;
                };
                drafted += 1;
                let subject = format!("The {period} report of {} is drafted", board.name);
                outbox::notify_secretaries(
                    conn,
                    board.id,
                    &Notice {
                        kind: "report_drafted",
                        key: &format!("report/{}/drafted", report.id),
                        subject: &subject,
                        body: &format!(
                            "The accountability report for {period} (report {}) is drafted from \
                             the month's records. Review it, draft it again if records change, \
                             then approve and publish it.\n",
                            report.id
                        ),
                        not_after: None,
                    },
                    now,
                )?;
            }
        }
        Ok::<_, AppError>(drafted)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_month_is_due_from_the_drafting_hour_of_the_next_month_in_the_boards_zone() {
        let manila = chrono_tz::Asia::Manila;
        let settings = ReportSettings::default();
        let created = at("2026-01-15T00:00:00Z");
        // 1 November 05:59 in Manila: October is not due yet; 06:00 it is.
        assert_eq!(
            due_months(manila, created, at("2026-10-31T21:59:00Z"), &settings),
            vec![Period::Month(2026, 8), Period::Month(2026, 9)]
        );
        assert_eq!(
            due_months(manila, created, at("2026-10-31T22:00:00Z"), &settings),
            vec![
                Period::Month(2026, 8),
                Period::Month(2026, 9),
                Period::Month(2026, 10)
            ]
        );
    }

    #[test]
    fn a_drafting_moment_the_clock_skips_comes_when_the_clock_jumps() {
        // Santiago's clock skips from 00:00 to 01:00 on 6 September 2026 (04:00 UTC).
        let santiago = chrono_tz::America::Santiago;
        let settings = ReportSettings {
            report_draft_day: 6,
            report_draft_hour: 0,
        };
        let created = at("2026-07-15T00:00:00Z");
        assert_eq!(
            due_months(santiago, created, at("2026-09-06T03:59:00Z"), &settings),
            vec![Period::Month(2026, 7)]
        );
        assert_eq!(
            due_months(santiago, created, at("2026-09-06T04:00:00Z"), &settings),
            vec![Period::Month(2026, 7), Period::Month(2026, 8)]
        );
    }

    #[test]
    fn months_before_the_board_existed_are_never_due() {
        let settings = ReportSettings::default();
        let created = at("2026-10-20T00:00:00Z");
        assert_eq!(
            due_months(
                chrono_tz::UTC,
                created,
                at("2026-12-05T00:00:00Z"),
                &settings
            ),
            vec![Period::Month(2026, 10), Period::Month(2026, 11)]
        );
    }
}
