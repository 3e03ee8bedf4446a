//! Missed grievance deadlines: the board is told once per deadline; a late response is also
//! escalated to the representatives of the unit above the one it was referred to.

use super::lateness;
use crate::db::grievances as store;
use crate::db::{self, DbConn, boards, units};
use crate::domain::deadline::breached_at;
use crate::domain::ids::BoardId;
use crate::outbox::{self, Notice};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub flagged: usize,
    pub escalated: usize,
}

pub fn queue(conn: &mut DbConn, now: DateTime<Utc>) -> db::Result<Summary> {
    let tree = units::tree(conn)?;
    let mut summary = Summary::default();
    let mut zones: HashMap<BoardId, chrono_tz::Tz> = HashMap::new();
    for g in store::open(conn)? {
        let zone = match zones.get(&g.board_id) {
            Some(z) => *z,
            None => {
                let z = boards::find(conn, g.board_id)?.zone();
                zones.insert(g.board_id, z);
                z
            }
        };
        let (ack_late, response_late) = lateness(&g, zone, now);
        // Told to those on the board when the deadline passed, however late the job runs.
        let tell = |conn: &mut DbConn, what: &str, due| -> db::Result<usize> {
            let subject = format!("Grievance {} missed its {what} deadline ({due})", g.id);
            outbox::notify_board_of(
                conn,
                g.board_id,
                &Notice {
                    kind: "grievance_deadline_missed",
                    key: &format!("grievance/{}/{what}/{due}", g.id),
                    subject: &subject,
                    body: &format!("{subject}. It is {}.\n", g.status.as_str()),
                    not_after: None,
                },
                breached_at(due, zone),
                now,
            )
        };
        if ack_late {
            summary.flagged += tell(conn, "acknowledgement", g.ack_due)?;
        }
        if response_late {
            summary.flagged += tell(conn, "response", g.response_due)?;
            if let Some(parent) = g.unit_id.and_then(|u| tree.chain(u).get(1).copied()) {
                let subject = format!(
                    "Escalated: a unit under you has not answered grievance {} (due {})",
                    g.id, g.response_due
                );
                summary.escalated += outbox::notify_unit_of(
                    conn,
                    parent,
                    &Notice {
                        kind: "grievance_escalated",
                        key: &format!("grievance/{}/escalated/{}", g.id, g.response_due),
                        subject: &subject,
                        body: &format!("{subject}.\n\n{}\n", g.unit_summary),
                        not_after: None,
                    },
                    breached_at(g.response_due, zone),
                    now,
                )?;
            }
        }
    }
    Ok(summary)
}
