//! The `audit_log` table. The chain rules live in `crate::audit`; this is storage only.

use super::schema::audit_log;
use super::{DbConn, Result};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = audit_log)]
pub struct AuditRow {
    pub seq: i64,
    pub at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The sequence number and hash of the newest entry.
pub fn head(conn: &mut DbConn) -> Result<Option<(i64, String)>> {
    Ok(audit_log::table
        .order(audit_log::seq.desc())
        .select((audit_log::seq, audit_log::hash))
        .first(conn)
        .optional()?)
}

pub fn insert(conn: &mut DbConn, row: &AuditRow) -> Result<()> {
    diesel::insert_into(audit_log::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The hash of entry `seq`, if there is such an entry.
pub fn hash_at(conn: &mut DbConn, seq: i64) -> Result<Option<String>> {
    Ok(audit_log::table
        .find(seq)
        .select(audit_log::hash)
        .first(conn)
        .optional()?)
}

/// Entries with `seq` greater than `after`, oldest first.
pub fn page(conn: &mut DbConn, after: i64, limit: i64) -> Result<Vec<AuditRow>> {
    Ok(audit_log::table
        .filter(audit_log::seq.gt(after))
        .order(audit_log::seq)
        .limit(limit)
        .select(AuditRow::as_select())
        .load(conn)?)
}
