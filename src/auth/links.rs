//! Single-use links to choose a password, sent by e-mail through the outbox: an invitation to a
//! new account (an admin no longer types anyone's first password) and a reset of a forgotten
//! one. A link works once and for 72 hours; only its hash is kept. Asking for a reset answers
//! the same whether or not the address has an account.

use super::password::NewPassword;
use super::tokens;
use crate::audit::{self, Actor, Change};
use crate::db::account_links::{self as store, Purpose};
use crate::db::{Db, DbConn, sessions, users};
use crate::domain::refusal;
use crate::domain::text::Email;
use crate::error::AppError;
use crate::outbox::{self, Notice};
use chrono::{DateTime, TimeDelta, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

/// How long a link works.
pub const VALID_FOR: TimeDelta = TimeDelta::hours(72);

/// Where the links lead: the page that sets the password, under the installation's public
/// address (`BANTAY_PUBLIC_URL`), never one taken from a request, which its sender could forge.
pub const PATH: &str = "/password";

/// Makes a link for the account and queues the mail that carries it, in the caller's
/// transaction.
pub(super) fn send(
    conn: &mut DbConn,
    actor: &Actor,
    user: &users::User,
    purpose: Purpose,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let token = tokens::generate();
    let expires = now + VALID_FOR;
    let id = store::insert(
        conn,
        user.id,
        purpose,
        &tokens::hash(&token),
        now.naive_utc(),
        expires.naive_utc(),
    )?;
    let link = format!("{}{PATH}/{token}", public_url.trim_end_matches('/'));
    let hours = VALID_FOR.num_hours();
    let values: [(&str, &dyn std::fmt::Display); 3] =
        [("name", &user.name), ("link", &link), ("hours", &hours)];
    let (subject, body) = outbox::bilingual(purpose.as_str(), &values);
    let notice = Notice {
        kind: purpose.as_str(),
        key: &format!("account-link/{id}"),
        subject: &subject,
        body: &body,
        not_after: Some(expires.naive_utc()),
    };
    outbox::notify_person(conn, &user.email, &notice, now)?;
    let details = json!({ "purpose": purpose.as_str(), "expires_at": expires });
    audit::record(
        conn,
        actor,
        Change::event("password_link_sent", "user", user.id, &details),
        now,
    )?;
    Ok(())
}

/// A forgotten password, as asked for.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PasswordResetRequest)]
pub struct ResetRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
}

/// Queues a reset link for the enabled account with this address, if there is one; nothing
/// tells the caller which.
pub async fn request_reset(
    db: &Db,
    request: ResetRequest,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Something that is not an address is refused as such; that tells nothing of accounts.
    let email = Email::parse(&request.email)?;
    let public_url = public_url.to_owned();
    db.write(move |conn| {
        let found = users::credentials_by_email(conn, email.as_str())?;
        let Some((id, _, false)) = found else {
            return Ok(());
        };
        let user = users::find(conn, id)?;
        let actor = Actor::system("password reset request");
        send(conn, &actor, &user, Purpose::Reset, &public_url, now)
    })
    .await
}

/// A new password chosen through a link.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = PasswordFromLink)]
pub struct SetPasswordRequest {
    /// The token the link ends with.
    #[schema(max_length = 100)]
    pub token: String,
    /// At least 12 characters, and not one of the most common passwords.
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
}

/// Whether the link with this token still works, and what for.
pub async fn live(db: &Db, token: &str, now: DateTime<Utc>) -> Result<Option<Purpose>, AppError> {
    let hash = tokens::hash(token);
    let found = db
        .read(move |conn| store::find_live(conn, &hash, now.naive_utc()))
        .await?;
    Ok(found.map(|link| link.purpose))
}

/// Sets the account's password from a link, which then works no more (nor do the account's
/// other links); every session of the account ends. Its holder signs in next, setting up a
/// second factor where their role requires one.
pub async fn set_password(
    db: &Db,
    request: SetPasswordRequest,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let password = NewPassword::parse(&request.password)?;
    let hash = tokio::task::spawn_blocking(move || password.hash())
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    let token_hash = tokens::hash(&request.token);
    db.write(move |conn| {
        let Some(link) = store::find_live(conn, &token_hash, now.naive_utc())? else {
            return Err(AppError::NotFound(refusal::password_link_not_valid()));
        };
        store::use_all(conn, link.user_id, now.naive_utc())?;
        users::set_password_hash(conn, link.user_id, &hash, now.naive_utc())?;
        sessions::revoke_all_for_user(conn, link.user_id, now.naive_utc())?;
        let user = users::find(conn, link.user_id)?;
        let details = json!({ "purpose": link.purpose.as_str(), "sessions_ended": true });
        audit::record(
            conn,
            &Actor::user(user.id, &user.email),
            Change::event("password_set_by_link", "user", user.id, &details),
            now,
        )?;
        Ok(())
    })
    .await
}
