//! What a meeting's agenda carries over from earlier sessions: the decisions of the board's
//! previous session ("matters arising") and the board's follow-up actions not yet verified.

use crate::db::actions::{self, Action, Filter};
use crate::db::decisions::{self, Decision};
use crate::db::meetings::{self, Meeting};
use crate::db::{self, DbConn};
use crate::domain::action::ActionStatus;
use crate::domain::meeting::MeetingStatus;

/// The decisions taken at the board's last session (not cancelled) before this meeting.
pub fn matters_arising(conn: &mut DbConn, meeting: &Meeting) -> db::Result<Vec<Decision>> {
    let earlier = meetings::list_for_board(
        conn,
        meeting.board_id,
        None,
        Some(meeting.starts_local),
        false,
    )?;
    match earlier
        .iter()
        .rev()
        .find(|m| m.status == MeetingStatus::Scheduled && m.id != meeting.id)
    {
        Some(previous) => decisions::list(conn, previous.id),
        None => Ok(Vec::new()),
    }
}

/// The board's actions not yet verified, oldest first (at most 500).
pub fn open_actions(conn: &mut DbConn, meeting: &Meeting) -> db::Result<Vec<Action>> {
    let filter = Filter {
        boards: Some(vec![meeting.board_id]),
        statuses: Some(
            ActionStatus::ALL
                .iter()
                .copied()
                .filter(|s| *s != ActionStatus::Verified)
                .collect(),
        ),
        ..Filter::default()
    };
    actions::list(conn, &filter, 500)
}
