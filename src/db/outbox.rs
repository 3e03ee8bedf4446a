//! The `outbox` table: notifications waiting for delivery.

use super::schema::outbox;
use super::{DbConn, Result};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const EXPIRED: &str = "expired";

#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct Notification {
    pub id: i64,
    pub dedupe_key: String,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    /// Past this time the message is no longer worth sending (a reminder after the session).
    pub not_after: Option<NaiveDateTime>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_until: Option<NaiveDateTime>,
    pub logged_at: Option<NaiveDateTime>,
    pub sent_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

pub struct NewNotification<'a> {
    pub dedupe_key: &'a str,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub not_after: Option<NaiveDateTime>,
}

/// Queues a notification unless one with the same key exists; returns whether it was queued.
/// Write transactions are serialised, so the check and the insert cannot interleave with
/// another writer's; the unique key backs this up.
pub fn enqueue(conn: &mut DbConn, n: &NewNotification<'_>, now: NaiveDateTime) -> Result<bool> {
    let exists: i64 = outbox::table
        .filter(outbox::dedupe_key.eq(n.dedupe_key))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(outbox::table)
        .values((
            outbox::dedupe_key.eq(n.dedupe_key),
            outbox::kind.eq(n.kind),
            outbox::recipient.eq(n.recipient),
            outbox::subject.eq(n.subject),
            outbox::body.eq(n.body),
            outbox::created_at.eq(now),
            outbox::not_after.eq(n.not_after),
            outbox::status.eq(PENDING),
            outbox::next_attempt_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// Takes a lease on up to `limit` due notifications, so that another instance leaves them alone
/// until `lease_until`; a crashed sender's lease simply runs out.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Notification>> {
    let due: Vec<Notification> = outbox::table
        .filter(outbox::status.eq(PENDING))
        .filter(outbox::next_attempt_at.le(now))
        .filter(
            outbox::claimed_until
                .is_null()
                .or(outbox::claimed_until.le(now)),
        )
        .order(outbox::id)
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)?;
    let ids: Vec<i64> = due.iter().map(|n| n.id).collect();
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set(outbox::claimed_until.eq(lease_until))
        .execute(conn)?;
    Ok(due)
}

pub fn mark_sent(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> Result<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(SENT),
            outbox::sent_at.eq(now),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_failed(conn: &mut DbConn, id: i64, retry_at: NaiveDateTime, error: &str) -> Result<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::next_attempt_at.eq(retry_at),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn mark_expired(conn: &mut DbConn, id: i64) -> Result<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(EXPIRED),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Without a mail server, pending notifications are written to the log once and kept.
pub fn take_unlogged(conn: &mut DbConn, now: NaiveDateTime) -> Result<Vec<Notification>> {
    let rows: Vec<Notification> = outbox::table
        .filter(outbox::status.eq(PENDING))
        .filter(outbox::logged_at.is_null())
        .order(outbox::id)
        .select(Notification::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|n| n.id).collect();
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set(outbox::logged_at.eq(now))
        .execute(conn)?;
    Ok(rows)
}

pub fn find(conn: &mut DbConn, id: i64) -> Result<Notification> {
    Ok(outbox::table
        .find(id)
        .select(Notification::as_select())
        .first(conn)?)
}

/// Makes a waiting notification due at `now`, unless a delivery run holds it; whether it did.
pub fn send_now(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> Result<bool> {
    let changed = diesel::update(
        outbox::table
            .find(id)
            .filter(outbox::status.eq(PENDING))
            .filter(
                outbox::claimed_until
                    .is_null()
                    .or(outbox::claimed_until.lt(now)),
            ),
    )
    .set(outbox::next_attempt_at.eq(now))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The newest notifications first, for the admins' view of the outbox.
pub fn recent(conn: &mut DbConn, limit: i64) -> Result<Vec<Notification>> {
    Ok(outbox::table
        .order(outbox::id.desc())
        .limit(limit)
        .select(Notification::as_select())
        .load(conn)?)
}
