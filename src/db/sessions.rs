//! The `sessions` table: login sessions and API tokens, stored as hashes of their secrets.

use super::engine::stamp::Stamp;
use super::schema::{sessions, users};
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::{SessionId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionKind {
    Login,
    Api,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::Api => "api",
        }
    }
}

/// Where a session stands: open, or a sign-in that passed its password and still owes its
/// second factor (it opens nothing but the second step), or one that must set a second factor
/// up first (it opens nothing but that).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Open,
    AwaitingCode,
    AwaitingEnrolment,
}

impl Stage {
    const ALL: [Self; 3] = [Self::Open, Self::AwaitingCode, Self::AwaitingEnrolment];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::AwaitingCode => "awaiting_code",
            Self::AwaitingEnrolment => "awaiting_enrolment",
        }
    }
}

/// The second factor a session passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    Totp,
    RecoveryCode,
}

impl SecondFactor {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: SessionId,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub struct NewSession<'a> {
    pub user_id: UserId,
    pub token_hash: &'a str,
    pub kind: SessionKind,
    pub label: &'a str,
    pub stage: Stage,
    pub second_factor: Option<SecondFactor>,
    pub now: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    /// The browser and system it signed in from, and the client's network.
    pub device: &'a str,
    pub address: &'a str,
}

pub fn insert(conn: &mut DbConn, new: &NewSession<'_>) -> Result<SessionId> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::user_id.eq(new.user_id.0),
            sessions::token_hash.eq(new.token_hash),
            sessions::kind.eq(new.kind.as_str()),
            sessions::label.eq(new.label),
            sessions::created_at.eq(new.now),
            sessions::expires_at.eq(new.expires_at),
            sessions::last_seen_at.eq(new.now),
            sessions::stage.eq(new.stage.as_str()),
            sessions::second_factor.eq(new.second_factor.map(SecondFactor::as_str)),
            sessions::device.eq(new.device),
            sessions::address.eq(new.address),
        ))
        .execute(conn)?;
    Ok(SessionId(last_insert_id(conn)?))
}

/// A session that is neither revoked nor past its lifetime.
#[derive(Debug, Clone, Copy)]
pub struct LiveSession {
    pub id: SessionId,
    pub user_id: UserId,
    pub kind: SessionKind,
    pub stage: Stage,
    /// Whether it was opened with a second factor.
    pub passed_second_factor: bool,
    pub last_seen_at: NaiveDateTime,
}

/// What signing in needs of the account that holds a session.
pub struct Holder {
    pub email: String,
    pub is_admin: bool,
    pub disabled: bool,
}

/// The live session with this token hash (not revoked, not expired) and what signing in needs
/// of its account, in one statement: every signed-in request runs it.
pub fn find_live(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<(LiveSession, Holder)>> {
    type Found = (
        i64,
        i64,
        String,
        String,
        Option<String>,
        Stamp,
        String,
        bool,
        bool,
    );
    let found: Option<Found> = native!(conn, |c| sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .select((
            sessions::id,
            sessions::user_id,
            sessions::kind,
            sessions::stage,
            sessions::second_factor,
            sessions::last_seen_at,
            users::email,
            users::is_admin,
            users::disabled,
        ))
        .first(c)
        .optional())?;
    Ok(found.map(
        |(id, user_id, kind, stage, factor, last_seen_at, email, is_admin, disabled)| {
            (
                live(id, user_id, &kind, &stage, factor.is_some(), last_seen_at),
                Holder {
                    email,
                    is_admin,
                    disabled,
                },
            )
        },
    ))
}

fn live(
    id: i64,
    user_id: i64,
    kind: &str,
    stage: &str,
    passed_second_factor: bool,
    last_seen_at: Stamp,
) -> LiveSession {
    LiveSession {
        id: SessionId(id),
        user_id: UserId(user_id),
        kind: if kind == SessionKind::Api.as_str() {
            SessionKind::Api
        } else {
            SessionKind::Login
        },
        stage: (Stage::ALL.into_iter())
            .find(|s| s.as_str() == stage)
            .unwrap_or(Stage::AwaitingCode),
        passed_second_factor,
        last_seen_at: last_seen_at.into(),
    }
}

pub fn touch(conn: &mut DbConn, id: SessionId, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(sessions::table.find(id.0))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)?)
}

/// Opens a session that has just passed (or set up) a second factor.
pub fn open(conn: &mut DbConn, id: SessionId, factor: SecondFactor) -> Result<usize> {
    Ok(diesel::update(sessions::table.find(id.0))
        .set((
            sessions::stage.eq(Stage::Open.as_str()),
            sessions::second_factor.eq(factor.as_str()),
        ))
        .execute(conn)?)
}

pub fn revoke(conn: &mut DbConn, id: SessionId, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        sessions::table
            .find(id.0)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

/// An open login session, as its holder sees it among theirs.
pub struct LoginSession {
    pub id: SessionId,
    pub device: String,
    pub address: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
}

/// The account's open login sessions (not waiting for a second factor), the newest first.
pub fn open_logins(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
) -> Result<Vec<LoginSession>> {
    let rows: Vec<(i64, String, String, NaiveDateTime, NaiveDateTime)> = sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::kind.eq(SessionKind::Login.as_str()))
        .filter(sessions::stage.eq(Stage::Open.as_str()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::id.desc())
        .select((
            sessions::id,
            sessions::device,
            sessions::address,
            sessions::created_at,
            sessions::last_seen_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, device, address, created_at, last_seen_at)| LoginSession {
                id: SessionId(id),
                device,
                address,
                created_at,
                last_seen_at,
            },
        )
        .collect())
}

/// Ends the account's login session `id`; 0 when it has none such still live.
pub fn revoke_own_login(
    conn: &mut DbConn,
    user: UserId,
    id: SessionId,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(diesel::update(
        sessions::table
            .find(id.0)
            .filter(sessions::user_id.eq(user.0))
            .filter(sessions::kind.eq(SessionKind::Login.as_str()))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

/// The devices the account's logins before session `before` opened on.
pub fn earlier_login_devices(
    conn: &mut DbConn,
    user: UserId,
    before: SessionId,
) -> Result<Vec<String>> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::kind.eq(SessionKind::Login.as_str()))
        .filter(sessions::stage.eq(Stage::Open.as_str()))
        .filter(sessions::id.lt(before.0))
        .select(sessions::device)
        .distinct()
        .load(conn)?)
}

/// Ends the account's login sessions but `keep`; its API tokens stay.
pub fn revoke_other_logins(
    conn: &mut DbConn,
    user: UserId,
    keep: SessionId,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user.0))
            .filter(sessions::kind.eq(SessionKind::Login.as_str()))
            .filter(sessions::id.ne(keep.0))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

/// Holds a session until a second factor is set up (see [`Stage::AwaitingEnrolment`]).
pub fn await_enrolment(conn: &mut DbConn, id: SessionId) -> Result<usize> {
    Ok(diesel::update(sessions::table.find(id.0))
        .set((
            sessions::stage.eq(Stage::AwaitingEnrolment.as_str()),
            sessions::second_factor.eq(None::<&str>),
        ))
        .execute(conn)?)
}

pub fn revoke_all_for_user(conn: &mut DbConn, user: UserId, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user.0))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

pub fn live_api_tokens(
    conn: &mut DbConn,
    user: UserId,
    now: NaiveDateTime,
) -> Result<Vec<ApiToken>> {
    let rows: Vec<(i64, String, NaiveDateTime, NaiveDateTime)> = sessions::table
        .filter(sessions::user_id.eq(user.0))
        .filter(sessions::kind.eq(SessionKind::Api.as_str()))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .order(sessions::id)
        .select((
            sessions::id,
            sessions::label,
            sessions::created_at,
            sessions::expires_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, label, created_at, expires_at)| ApiToken {
            id: SessionId(id),
            label,
            created_at,
            expires_at,
        })
        .collect())
}

/// The owner of an API token, whether or not it is still live.
pub fn api_token_owner(conn: &mut DbConn, id: SessionId) -> Result<Option<UserId>> {
    let owner: Option<i64> = sessions::table
        .find(id.0)
        .filter(sessions::kind.eq(SessionKind::Api.as_str()))
        .select(sessions::user_id)
        .first(conn)
        .optional()?;
    Ok(owner.map(UserId))
}
