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

/// Which entries a page of the audit log asks for; every part narrows it.
#[derive(Debug, Default)]
pub struct Filter {
    /// `LIKE` patterns in lower case (escaped with `\`): who made the change, and what it was
    /// (its action or the kind of record).
    pub actor_like: Option<String>,
    pub what_like: Option<String>,
    /// Written within `from..to` (UTC).
    pub at: Option<(NaiveDateTime, NaiveDateTime)>,
}

/// The entries `f` asks for, newest first, `limit` of them after the first `offset`, and how many
/// match, counted up to one past `count_to`.
pub fn browse(
    conn: &mut DbConn,
    f: &Filter,
    offset: i64,
    limit: i64,
    count_to: i64,
) -> Result<(Vec<AuditRow>, i64)> {
    Ok(native!(conn, |c| {
        let filtered = || {
            let mut q = audit_log::table.into_boxed();
            if let Some(p) = &f.actor_like {
                q = q.filter(super::lower(audit_log::actor).like(p.clone()).escape('\\'));
            }
            if let Some(p) = &f.what_like {
                let action = super::lower(audit_log::action).like(p.clone()).escape('\\');
                let entity = super::lower(audit_log::entity).like(p.clone()).escape('\\');
                q = q.filter(action.or(entity));
            }
            if let Some((from, to)) = f.at {
                q = q.filter(audit_log::at.ge(from).and(audit_log::at.lt(to)));
            }
            q
        };
        let counted: Vec<i64> = filtered()
            .order(audit_log::seq.desc())
            .limit(count_to + 1)
            .select(audit_log::seq)
            .load(c)?;
        let rows = filtered()
            .order(audit_log::seq.desc())
            .offset(offset)
            .limit(limit)
            .select(AuditRow::as_select())
            .load(c)?;
        Ok::<_, diesel::result::Error>((rows, counted.len() as i64))
    })?)
}
