//! What notifications are waiting, sent or failing, for admins.

use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::Db;
use crate::db::outbox::{self as store, Notification};
use crate::domain::request::page_limit;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    id: i64,
    kind: String,
    recipient: String,
    subject: String,
    /// pending, sent or expired (a reminder whose session has passed).
    status: String,
    attempts: i32,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    next_attempt_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
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
