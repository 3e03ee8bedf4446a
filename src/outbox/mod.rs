//! Notifications: queued in the outbox inside the transaction of the change that causes them,
//! delivered later by [`deliver_due`], so that a mail outage delays mail but loses none.

mod reading;
mod smtp;

pub use reading::{NotificationView, OutboxPageRequest, list, send_now};
pub use smtp::{MailSettings, Mailer, SmtpSecurity};

use crate::db::outbox::{self as store, NewNotification};
use crate::db::users::{self, Seat};
use crate::db::{self, Db, DbConn};
use crate::domain::ids::{BoardId, UnitId};
use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// A message to queue for a group of people.
pub struct Notice<'a> {
    pub kind: &'a str,
    /// Identifies the event, so that queuing it twice queues it once.
    pub key: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub not_after: Option<NaiveDateTime>,
}

// Notices go to the people who held the role when the event happened (and still do): a job
// that notices an event late must not hand a backlog to whoever joined since. The `notify_*`
// functions are for events happening now; the `*_of` ones name when the event happened.

/// Queues the notice for every enabled secretary and member of the board; returns how many
/// were new.
pub fn notify_board(
    conn: &mut DbConn,
    board: BoardId,
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    notify_board_of(conn, board, notice, now, now)
}

/// As [`notify_board`], for an event that happened at `happened`: only those who sat on the
/// board then are told.
pub fn notify_board_of(
    conn: &mut DbConn,
    board: BoardId,
    notice: &Notice<'_>,
    happened: DateTime<Utc>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let recipients = users::emails(
        conn,
        Seat::OnBoard(board, &["secretary", "member"]),
        happened.naive_utc(),
    )?;
    notify(conn, &recipients, notice, now)
}

/// Queues the notice for every enabled secretary of the board; returns how many were new.
pub fn notify_secretaries(
    conn: &mut DbConn,
    board: BoardId,
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let recipients = users::emails(conn, Seat::OnBoard(board, &["secretary"]), now.naive_utc())?;
    notify(conn, &recipients, notice, now)
}

/// Queues the notice for every enabled representative of exactly this unit.
pub fn notify_unit(
    conn: &mut DbConn,
    unit: UnitId,
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    notify_unit_of(conn, unit, notice, now, now)
}

/// As [`notify_unit`], for an event that happened at `happened`: only those who represented the
/// unit then are told.
pub fn notify_unit_of(
    conn: &mut DbConn,
    unit: UnitId,
    notice: &Notice<'_>,
    happened: DateTime<Utc>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let recipients = users::emails(conn, Seat::Representing(unit), happened.naive_utc())?;
    notify(conn, &recipients, notice, now)
}

/// A message in both languages, English first: the subject and body of the catalogues'
/// `mail.{key}_subject` and `mail.{key}_body`, filled with `values`.
pub fn bilingual(key: &str, values: &[(&str, &dyn std::fmt::Display)]) -> (String, String) {
    let [en, fil] = [crate::i18n::catalogue("en"), crate::i18n::catalogue("fil")];
    let (subject, body) = (format!("mail.{key}_subject"), format!("mail.{key}_body"));
    (
        format!("{} / {}", en.get(&subject), fil.get(&subject)),
        [en, fil].map(|t| t.fill(&body, values)).join("\n\n---\n\n"),
    )
}

/// Queues the notice for one person, by address: a message about their own account.
pub fn notify_person(
    conn: &mut DbConn,
    email: &str,
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    notify(conn, &[email.to_owned()], notice, now)
}

fn notify(
    conn: &mut DbConn,
    recipients: &[String],
    notice: &Notice<'_>,
    now: DateTime<Utc>,
) -> db::Result<usize> {
    let mut queued = 0;
    for recipient in recipients {
        let key = format!("{}/{recipient}", notice.key);
        let fresh = store::enqueue(
            conn,
            &NewNotification {
                dedupe_key: &key,
                kind: notice.kind,
                recipient,
                subject: notice.subject,
                body: notice.body,
                not_after: notice.not_after,
            },
            now.naive_utc(),
        )?;
        queued += usize::from(fresh);
    }
    Ok(queued)
}

/// What one delivery run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub failed: usize,
    pub expired: usize,
    pub logged: usize,
}

const BATCH: i64 = 50;
const LEASE: TimeDelta = TimeDelta::minutes(5);

/// Sends what is due. A failed send is retried later with a growing pause (30 s, 1 min, 2 min …
/// up to an hour); without a mail server, each message is logged once and stays queued.
pub async fn deliver_due(
    db: &Db,
    mailer: Option<&Mailer>,
    now: DateTime<Utc>,
) -> db::Result<Delivery> {
    let mut done = Delivery::default();
    let Some(mailer) = mailer else {
        let rows = db
            .write(move |conn| store::take_unlogged(conn, now.naive_utc()))
            .await?;
        for n in &rows {
            tracing::info!(to = %n.recipient, kind = %n.kind, subject = %n.subject,
                "notification kept in the outbox: no SMTP server is configured");
        }
        done.logged = rows.len();
        return Ok(done);
    };
    let claimed = db
        .write(move |conn| {
            store::claim_due(conn, now.naive_utc(), (now + LEASE).naive_utc(), BATCH)
        })
        .await?;
    for n in claimed {
        if n.not_after.is_some_and(|t| t < now.naive_utc()) {
            db.write(move |conn| store::mark_expired(conn, n.id))
                .await?;
            done.expired += 1;
            continue;
        }
        let mailer = mailer.clone();
        let (to, subject, body) = (n.recipient.clone(), n.subject.clone(), n.body.clone());
        let sent = tokio::task::spawn_blocking(move || mailer.send(&to, &subject, &body))
            .await
            .map_err(|e| anyhow::anyhow!("mail task failed: {e}"))
            .and_then(|r| r);
        match sent {
            Ok(()) => {
                db.write(move |conn| store::mark_sent(conn, n.id, now.naive_utc()))
                    .await?;
                done.sent += 1;
            }
            Err(e) => {
                let retry_at = (now + backoff(n.attempts)).naive_utc();
                let error = format!("{e:#}");
                tracing::warn!(to = %n.recipient, attempts = n.attempts + 1, error = %error,
                    "notification not delivered; will retry");
                db.write(move |conn| store::mark_failed(conn, n.id, retry_at, &error))
                    .await?;
                done.failed += 1;
            }
        }
    }
    Ok(done)
}

fn backoff(attempts_so_far: i32) -> TimeDelta {
    let doublings = u32::try_from(attempts_so_far.clamp(0, 7)).unwrap_or(7);
    TimeDelta::seconds(30 * 2_i64.pow(doublings)).min(TimeDelta::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_up_to_an_hour() {
        let waits: Vec<i64> = (0..10).map(|a| backoff(a).num_seconds()).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
    }
}
