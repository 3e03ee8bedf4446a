//! One's own sessions as operations: the login sessions open now (device, network, started, last
//! used), ending one or all the others; and the e-mail that tells a person of a sign-in from a
//! device their account never opened a session on.

use super::policy::{Permission, Principal, authorize};
use super::sessions::Login;
use crate::audit::{self, Change};
use crate::db::sessions::{self as store, LoginSession};
use crate::db::{Db, DbConn};
use crate::domain::ids::SessionId;
use crate::domain::refusal;
use crate::error::AppError;
use crate::outbox::{self, Notice};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// A login session of the caller's.
#[derive(Serialize, ToSchema)]
#[schema(as = Session)]
pub struct SessionView {
    pub id: SessionId,
    /// The browser and system, from the user agent ("Firefox on Android").
    pub device: String,
    /// The client's network ("203.0.113.x").
    pub address: String,
    pub started_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    /// The session this request came with.
    pub current: bool,
}

/// The caller's open login sessions, the newest first.
pub async fn list(
    db: &Db,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<SessionView>, AppError> {
    authorize(Some(who), Permission::ManageOwnSessions)?;
    let (user, current) = (who.user_id, who.session_id);
    let found = db
        .read(move |conn| store::open_logins(conn, user, now.naive_utc()))
        .await?;
    Ok(found
        .into_iter()
        .map(|s: LoginSession| SessionView {
            current: s.id == current,
            id: s.id,
            device: s.device,
            address: s.address,
            started_at: s.created_at.and_utc(),
            last_used_at: s.last_seen_at.and_utc(),
        })
        .collect())
}

/// Ends one of the caller's login sessions; another account's is "not found".
pub async fn end(
    db: &Db,
    who: &Principal,
    id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    authorize(Some(who), Permission::ManageOwnSessions)?;
    let (user, actor) = (who.user_id, who.actor());
    db.write(move |conn| {
        if store::revoke_own_login(conn, user, id, now.naive_utc())? == 0 {
            return Err(AppError::NotFound(refusal::session_not_found()));
        }
        let details = json!({ "session_id": id });
        audit::record(
            conn,
            &actor,
            Change::event("session_ended", "user", user, &details),
            now,
        )?;
        Ok(())
    })
    .await
}

/// Ends every login session of the caller's but this one; how many ended.
pub async fn end_others(db: &Db, who: &Principal, now: DateTime<Utc>) -> Result<usize, AppError> {
    authorize(Some(who), Permission::ManageOwnSessions)?;
    let (user, actor, keep) = (who.user_id, who.actor(), who.session_id);
    db.write(move |conn| {
        let ended = store::revoke_other_logins(conn, user, keep, now.naive_utc())?;
        let details = json!({ "sessions_ended": ended });
        audit::record(
            conn,
            &actor,
            Change::event("other_sessions_ended", "user", user, &details),
            now,
        )?;
        Ok(ended)
    })
    .await
}

/// Queues an e-mail to the account's holder when this login (session `id`) opened on a device
/// none of its earlier logins came from. The very first login of an account tells nobody.
pub(super) fn tell_of_new_device(
    conn: &mut DbConn,
    login: &Login<'_>,
    id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let device = &login.origin.device;
    let earlier = store::earlier_login_devices(conn, login.user, id)?;
    if earlier.is_empty() || earlier.contains(device) {
        return Ok(());
    }
    let when = now.format("%Y-%m-%d %H:%M UTC").to_string();
    let values: [(&str, &dyn std::fmt::Display); 3] = [
        ("device", device),
        ("address", &login.origin.address),
        ("when", &when),
    ];
    let (subject, body) = outbox::bilingual("new_device", &values);
    let notice = Notice {
        kind: "new_device",
        key: &format!("session/{id}"),
        subject: &subject,
        body: &body,
        not_after: None,
    };
    outbox::notify_person(conn, login.email, &notice, now)?;
    Ok(())
}
