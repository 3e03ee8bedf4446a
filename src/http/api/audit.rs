//! `/api/v1/audit`: the audit log, for admins.

use super::{page_limit, utc};
use crate::audit::{self, Verification};
use crate::auth::policy::{Permission, authorize};
use crate::db::audit_log::{self, AuditRow};
use crate::error::AppError;
use crate::http::extract::SignedIn;
use crate::http::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
pub struct AuditEntry {
    seq: i64,
    at: DateTime<Utc>,
    actor_user_id: Option<i64>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    /// The record before the change, as JSON text.
    before: Option<String>,
    /// The record after the change, as JSON text.
    after: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditRow> for AuditEntry {
    fn from(r: AuditRow) -> Self {
        Self {
            seq: r.seq,
            at: utc(r.at),
            actor_user_id: r.actor_user_id,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before_json,
            after: r.after_json,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Entries after this sequence number (default 0: from the start).
    after: Option<i64>,
    /// At most 1000; default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

#[utoipa::path(tag = "audit", params(AuditQuery),
    responses((status = 200, body = Vec<AuditEntry>)))]
#[get("")]
pub async fn list(
    state: web::Data<AppState>,
    who: SignedIn,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<Vec<AuditEntry>>, AppError> {
    authorize(Some(&who.0), Permission::ReadAudit)?;
    let after = query.after.unwrap_or(0);
    let limit = page_limit(query.limit, 100, 1000)?;
    let rows = state
        .db
        .read(move |conn| audit_log::page(conn, after, limit))
        .await?;
    Ok(web::Json(rows.into_iter().map(AuditEntry::from).collect()))
}

/// Walks the whole chain and reports the first broken entry, as `bantay audit verify` does.
#[utoipa::path(tag = "audit", responses((status = 200, body = Verification)))]
#[get("/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    who: SignedIn,
) -> Result<web::Json<Verification>, AppError> {
    authorize(Some(&who.0), Permission::ReadAudit)?;
    let outcome = state.db.read(audit::verify).await?;
    Ok(web::Json(outcome))
}
