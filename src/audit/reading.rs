//! Reading the audit log, for admins: a page of entries, the latest ones, a walk of the chain.

use super::Verification;
use crate::auth::policy::{Permission, Principal, authorize};
use crate::db::Db;
use crate::db::audit_log::{self, AuditRow, Filter};
use crate::domain::listing::{PER_PAGE, PageNo, Search, Slice, Total};
use crate::domain::period::Period;
use crate::domain::request::page_limit;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Serialize, ToSchema)]
#[schema(as = AuditEntry)]
pub struct AuditEntryView {
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

impl From<AuditRow> for AuditEntryView {
    fn from(r: AuditRow) -> Self {
        Self {
            seq: r.seq,
            at: r.at.and_utc(),
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
pub struct AuditPageRequest {
    /// Entries after this sequence number (default 0: from the start).
    after: Option<i64>,
    /// At most 1000; default 100.
    #[param(minimum = 1, maximum = 1000)]
    limit: Option<i64>,
}

/// Entries in the order they were written, from `after` on.
pub async fn list(
    db: &Db,
    who: &Principal,
    req: AuditPageRequest,
) -> Result<Vec<AuditEntryView>, AppError> {
    authorize(Some(who), Permission::ReadAudit)?;
    let after = req.after.unwrap_or(0);
    let limit = page_limit(req.limit, 100, 1000)?;
    let rows = db
        .read(move |conn| audit_log::page(conn, after, limit))
        .await?;
    Ok(rows.into_iter().map(AuditEntryView::from).collect())
}

/// A page of the log as people browse it; every part but `page` narrows it.
#[derive(Debug, Clone)]
pub struct AuditBrowse {
    /// Words of who made the change.
    pub who: Option<Search>,
    /// Words of what it was: its action or the kind of record.
    pub what: Option<Search>,
    /// Written in this month (UTC).
    pub month: Option<Period>,
    pub page: PageNo,
}

/// One page of the entries `req` asks for, newest first, with how many match.
pub async fn browse(
    db: &Db,
    who: &Principal,
    req: AuditBrowse,
) -> Result<Slice<AuditRow>, AppError> {
    authorize(Some(who), Permission::ReadAudit)?;
    let filter = Filter {
        actor_like: req.who.as_ref().map(Search::pattern),
        what_like: req.what.as_ref().map(Search::pattern),
        at: req.month.map(Period::span),
    };
    let (page, count_to) = (req.page, req.page.count_to());
    let (rows, counted) = db
        .read(move |conn| audit_log::browse(conn, &filter, page.offset(), PER_PAGE, count_to))
        .await?;
    Ok(Slice {
        items: rows,
        page,
        total: Total::of(counted, count_to),
    })
}

/// Walks the whole chain and reports the first broken entry, as `bantay audit verify` does.
pub async fn verify(db: &Db, who: &Principal) -> Result<Verification, AppError> {
    authorize(Some(who), Permission::ReadAudit)?;
    Ok(db.read(super::verify).await?)
}
