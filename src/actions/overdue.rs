//! Overdue actions: the unit is reminded once per due date; past the grace period the unit
//! above it in the chain of command is told too, once.

use crate::db::actions::{self as store, Filter};
use crate::db::{self, DbConn, boards};
use crate::domain::action::{is_escalated, is_overdue};
use crate::domain::deadline::breached_at;
use crate::domain::ids::BoardId;
use crate::outbox::{self, Notice};
use chrono::{DateTime, Days, TimeDelta, Utc};
use std::collections::HashMap;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub reminded: usize,
    pub escalated: usize,
}

/// Queues the reminders and escalations due now; running it again the same day queues nothing.
pub fn queue(conn: &mut DbConn, now: DateTime<Utc>, grace_days: u32) -> db::Result<Summary> {
    // Every zone's today is within a day of UTC's.
    let filter = Filter {
        due_before: Some((now + TimeDelta::days(1)).date_naive()),
        ..Filter::default()
    };
    let tree = db::units::tree(conn)?;
    let mut zones: HashMap<BoardId, chrono_tz::Tz> = HashMap::new();
    let mut summary = Summary::default();
    let mut after = None;
    loop {
        let page = store::list(
            conn,
            &Filter {
                after_id: after,
                ..filter.clone()
            },
            500,
        )?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        for action in page {
            let zone = match zones.get(&action.board_id) {
                Some(z) => *z,
                None => {
                    let z = boards::find(conn, action.board_id)?.zone();
                    zones.insert(action.board_id, z);
                    z
                }
            };
            let today = now.with_timezone(&zone).date_naive();
            if !is_overdue(action.status, action.due_date, today) {
                continue;
            }
            let body = format!(
                "Action {}: \"{}\" was due on {} and is {}.\n",
                action.id,
                action.title,
                action.due_date,
                action.status.as_str()
            );
            let subject = format!("Overdue: {}", action.title);
            // Told to those in post when the action fell due and when it was escalated, however
            // late the job runs.
            summary.reminded += outbox::notify_unit_of(
                conn,
                action.unit_id,
                &Notice {
                    kind: "action_overdue",
                    key: &format!("action/{}/overdue/{}", action.id, action.due_date),
                    subject: &subject,
                    body: &body,
                    not_after: None,
                },
                breached_at(action.due_date, zone),
                now,
            )?;
            if !is_escalated(action.status, action.due_date, today, grace_days) {
                continue;
            }
            let chain = tree.chain(action.unit_id);
            if let Some(parent) = chain.get(1) {
                let subject = format!("Escalated, overdue in a unit under you: {}", action.title);
                let escalated_from = action.due_date + Days::new(u64::from(grace_days));
                summary.escalated += outbox::notify_unit_of(
                    conn,
                    *parent,
                    &Notice {
                        kind: "action_escalated",
                        key: &format!("action/{}/escalated/{}", action.id, action.due_date),
                        subject: &subject,
                        body: &body,
                        not_after: None,
                    },
                    breached_at(escalated_from, zone),
                    now,
                )?;
            }
        }
    }
    Ok(summary)
}
