//! The board's own words on a report's month, written into the draft's document.

use super::document::Assessment;
use super::{document, find, no_longer_changes, redrafted, save, stored};
use crate::audit::Actor;
use crate::db::DbConn;
use crate::db::reports::Report;
use crate::domain::ids::ReportId;
use crate::error::AppError;
use chrono::{DateTime, Utc};

/// Writes the board's assessment into a draft (or an approved report, which goes back to
/// draft): its document, and so its hash, change with it.
pub fn assess(
    conn: &mut DbConn,
    actor: &Actor,
    id: ReportId,
    assessment: Vec<Assessment>,
    now: DateTime<Utc>,
) -> Result<Report, AppError> {
    let before = find(conn, id)?;
    if before.status.is_public() {
        return Err(AppError::conflict(no_longer_changes(&before)));
    }
    let mut doc = document(&before)?;
    if doc.assessment == assessment {
        return Ok(before);
    }
    doc.assessment = assessment;
    let (json, sha) = stored(&doc)?;
    let after = redrafted(&before, json, sha, now);
    save(conn, actor, &before, &after, now)
}
