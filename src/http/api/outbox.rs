//! `/api/v1/outbox`: what notifications are waiting, sent or failing, for admins.

use super::{page_limit, utc};
use crate::auth::policy::{Permission, authorize};
use crate::db::outbox::{self as store, Notification};
use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use actix_web::{get, web};
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
            created_at: utc(n.created_at),
            next_attempt_at: utc(n.next_attempt_at),
            sent_at: n.sent_at.map(utc),
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// How many of the newest notifications (1–500, default 100).
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

#[utoipa::path(tag = "operations", params(Page),
    responses((status = 200, body = Vec<NotificationView>)))]
#[get("/outbox")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    page: web::Query<Page>,
) -> Result<web::Json<Vec<NotificationView>>, AppError> {
    authorize(Some(&who.0), Permission::ReadOutbox)?;
    let limit = page_limit(page.limit, 100, 500)?;
    let rows = state
        .db
        .read(move |conn| store::recent(conn, limit))
        .await?;
    Ok(web::Json(
        rows.into_iter().map(NotificationView::from).collect(),
    ))
}
