//! The outbox for admins: what notifications are waiting, sent or failing, and sending one now.

use crate::audit::{self, Change};
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::Db;
use crate::db::outbox::{self as store, Notification};
use crate::domain::refusal::{self, Word};
use crate::domain::request::page_limit;
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    /// pending, sent or expired (a reminder whose session has passed).
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

impl From<Notification> for NotificationView {
    fn from(n: Notification) -> Self {
        Self {
            id: n.id,
            kind: n.kind,
            recipient: n.recipient,
            subject: n.subject,
            status: n.status,
            attempts: n.attempts,
            last_error: n.last_error,
            created_at: n.created_at.and_utc(),
            next_attempt_at: n.next_attempt_at.and_utc(),
            sent_at: n.sent_at.map(|t| t.and_utc()),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct OutboxPageRequest {
    /// How many of the newest notifications (1–500, default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

impl OutboxPageRequest {
    pub fn newest(limit: i64) -> Self {
        Self { limit: Some(limit) }
    }
}

/// The newest notifications, whatever their state.
pub async fn list(
    db: &Db,
    who: &Principal,
    req: OutboxPageRequest,
) -> Result<Vec<NotificationView>, AppError> {
    authorize(Some(who), Permission::ReadOutbox)?;
    let limit = page_limit(req.limit, 100, 500)?;
    let rows = db.read(move |conn| store::recent(conn, limit)).await?;
    Ok(rows.into_iter().map(NotificationView::from).collect())
}

/// Sends a waiting notification at the next delivery run instead of after its pause.
pub async fn send_now(
    db: &Db,
    who: &Principal,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    authorize(Some(who), Permission::ManageOutbox)?;
    let actor = who.actor();
    db.write(move |conn| {
        let waiting = store::find(conn, id).map_err(not_found("notification", id))?;
        if waiting.status != store::PENDING {
            return Err(AppError::conflict(refusal::outbox_not_waiting(Word::of(
                "outbox_status",
                &waiting.status,
            ))));
        }
        if !store::send_now(conn, id, now.naive_utc())? {
            return Err(AppError::conflict(refusal::outbox_being_sent()));
        }
        let details = json!({"attempts": waiting.attempts, "last_error": waiting.last_error});
        audit::record(
            conn,
            &actor,
            Change::event("send_now", "notification", id, &details),
            now,
        )?;
        Ok(())
    })
    .await
}
