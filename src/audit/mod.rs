//! The hash-chained audit log: every write appends an entry carrying the hash of the one before,
//! in the same transaction as the write, so that a changed, removed or reordered row shows.

pub mod diff;
pub mod reading;

use crate::db::audit_log::{self, AuditRow};
use crate::db::{self, DbConn};
use crate::domain::ids::UserId;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::fmt;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who made a change: an account, or the command line / a scheduled job.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub label: String,
}

impl Actor {
    pub fn user(id: UserId, email: &str) -> Self {
        Self {
            user_id: Some(id),
            label: email.to_owned(),
        }
    }

    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
        }
    }
}

/// What changed, with the record as it was and as it is.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: String,
    pub entity: &'static str,
    pub entity_id: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    pub fn created(entity: &'static str, id: impl fmt::Display, after: &impl Serialize) -> Self {
        Self::new("create", entity, id, None, Some(to_value(after)))
    }

    pub fn updated(
        entity: &'static str,
        id: impl fmt::Display,
        before: &impl Serialize,
        after: &impl Serialize,
    ) -> Self {
        Self::new(
            "update",
            entity,
            id,
            Some(to_value(before)),
            Some(to_value(after)),
        )
    }

    /// Something that happened to an entity other than a plain create or update.
    pub fn event(
        action: &str,
        entity: &'static str,
        id: impl fmt::Display,
        details: &impl Serialize,
    ) -> Self {
        Self::new(action, entity, id, None, Some(to_value(details)))
    }

    fn new(
        action: &str,
        entity: &'static str,
        id: impl fmt::Display,
        before: Option<Value>,
        after: Option<Value>,
    ) -> Self {
        Self {
            action: action.to_owned(),
            entity,
            entity_id: id.to_string(),
            before,
            after,
        }
    }
}

fn to_value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_else(|e| Value::String(format!("<unserialisable: {e}>")))
}

/// Appends one entry. Call it inside the write transaction of the change it describes: writes
/// are serialised (see `Db`), so the head read here is still the head at commit.
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    change: Change,
    now: DateTime<Utc>,
) -> db::Result<AuditRow> {
    let (prev_seq, prev_hash) = audit_log::head(conn)?.unwrap_or((0, GENESIS_HASH.to_owned()));
    let mut row = AuditRow {
        seq: prev_seq + 1,
        at: now.naive_utc(),
        actor_user_id: actor.user_id.map(|u| u.0),
        actor: actor.label.clone(),
        action: change.action,
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        before_json: change.before.map(|v| v.to_string()),
        after_json: change.after.map(|v| v.to_string()),
        prev_hash,
        hash: String::new(),
    };
    row.hash = entry_hash(&row);
    audit_log::insert(conn, &row)?;
    Ok(row)
}

/// SHA-256 over a canonical JSON array of every field but the hash itself.
pub fn entry_hash(row: &AuditRow) -> String {
    let canonical = serde_json::json!([
        row.seq,
        row.at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        row.actor_user_id,
        row.actor,
        row.action,
        row.entity,
        row.entity_id,
        row.before_json,
        row.after_json,
        row.prev_hash,
    ]);
    hex::encode(Sha256::digest(canonical.to_string().as_bytes()))
}

/// The outcome of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verification {
    /// Every entry is intact and linked to the one before.
    Intact {
        entries: i64,
        head_seq: i64,
        head_hash: String,
    },
    /// The first entry at which the chain breaks, and why.
    Broken { seq: i64, reason: String },
}

const PAGE: i64 = 1000;

/// Walks the whole chain in pages, so memory stays flat however long the log is.
pub fn verify(conn: &mut DbConn) -> db::Result<Verification> {
    let mut expected_seq = 1;
    let mut prev_hash = GENESIS_HASH.to_owned();
    loop {
        let rows = audit_log::page(conn, expected_seq - 1, PAGE)?;
        if rows.is_empty() {
            return Ok(Verification::Intact {
                entries: expected_seq - 1,
                head_seq: expected_seq - 1,
                head_hash: prev_hash,
            });
        }
        for row in rows {
            if let Some(reason) = check_entry(&row, expected_seq, &prev_hash) {
                let seq = if row.seq == expected_seq {
                    row.seq
                } else {
                    expected_seq
                };
                return Ok(Verification::Broken { seq, reason });
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
}

/// A head recorded outside the database (in a signed report, a log, a notebook): `SEQ:HASH`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
}

impl std::str::FromStr for Anchor {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (seq, hash) = s
            .split_once(':')
            .ok_or_else(|| format!("'{s}' is not SEQ:HASH"))?;
        let seq = seq
            .parse()
            .map_err(|_| format!("'{seq}' is not an entry number"))?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("'{hash}' is not a SHA-256 in hex"));
        }
        Ok(Self { seq, hash })
    }
}

/// Checks that the log still holds the anchored entry with the anchored hash. A chain that
/// verifies on its own can still have lost its newest rows, or been rebuilt from scratch; an
/// anchor kept elsewhere catches both.
pub fn check_anchor(conn: &mut DbConn, anchor: &Anchor) -> db::Result<Option<Verification>> {
    let broken = |reason: String| {
        Some(Verification::Broken {
            seq: anchor.seq,
            reason,
        })
    };
    Ok(match audit_log::hash_at(conn, anchor.seq)? {
        None => broken(format!(
            "entry {} is gone: rows were removed from the end of the log",
            anchor.seq
        )),
        Some(hash) if hash != anchor.hash => broken(format!(
            "entry {} has hash {hash}, not the recorded {}: the chain was rewritten",
            anchor.seq, anchor.hash
        )),
        Some(_) => None,
    })
}

fn check_entry(row: &AuditRow, expected_seq: i64, prev_hash: &str) -> Option<String> {
    if row.seq != expected_seq {
        return Some(format!(
            "entry {expected_seq} is missing (the next entry is {}): rows were deleted or renumbered",
            row.seq
        ));
    }
    if row.prev_hash != prev_hash {
        return Some(format!(
            "entry {} does not link to entry {}: rows were reordered, replaced or removed",
            row.seq,
            row.seq - 1
        ));
    }
    let actual = entry_hash(row);
    if row.hash != actual {
        return Some(format!(
            "entry {} ({} {} {}) was changed after it was written: its hash does not match its contents",
            row.seq, row.action, row.entity, row.entity_id
        ));
    }
    None
}
