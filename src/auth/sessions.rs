//! Signing in and out, API tokens, and turning a presented token into a [`Principal`].

use super::devices::Origin;
use super::own_sessions;
use super::password;
use super::policy::{self, Principal};
use super::second_factor;
use super::tokens;
use crate::audit::{self, Actor, Change};
use crate::db::sessions::{self as store, ApiToken, NewSession, SecondFactor, SessionKind, Stage};
use crate::db::{Db, DbConn, users};
use crate::domain::ids::{SessionId, UserId};
use crate::domain::refusal;
use crate::domain::role::SecondFactorRoles;
use crate::domain::text::Email;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use serde_json::json;

pub struct SignedIn {
    pub token: String,
    pub user_id: UserId,
    pub expires_at: DateTime<Utc>,
    /// Open; or awaiting the code of the account's second factor
    /// (`second_factor::complete_sign_in`); or awaiting one set up, for an account that must have
    /// one and has none.
    pub stage: Stage,
}

/// Checks the password and opens a login session; `None` when the e-mail or password is wrong
/// or the account is disabled (the caller cannot tell which, and neither can an attacker).
/// An account with a second factor gets a session that awaits its code; one whose roles are
/// among `required` and that has none, a session that awaits setting one up.
/// `replaces` is the token of the session the browser held until now, whichever account it was
/// for: it ends with this sign-in, so that a session planted in the browser is worth nothing.
pub async fn sign_in(
    db: &Db,
    presented: Presented,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Option<SignedIn>, AppError> {
    let Presented {
        email,
        password,
        replaces,
        required,
        origin,
    } = presented;
    let email = email.into_inner();
    let lookup = email.clone();
    let found = db
        .read(move |conn| users::credentials_by_email(conn, &lookup))
        .await?;
    let checked = found.clone();
    let password_ok = tokio::task::spawn_blocking(move || match &checked {
        Some((_, hash, _)) => password::verify(&password, hash),
        None => {
            password::verify(&password, password::decoy_hash());
            false
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    let Some((user_id, _, disabled)) = found else {
        return Ok(None);
    };
    if !password_ok || disabled {
        return Ok(None);
    }
    let token = tokens::generate();
    let token_hash = tokens::hash(&token);
    let replaced_hash = replaces
        .filter(|t| tokens::looks_valid(t))
        .map(|t| tokens::hash(&t));
    let (expires_at, stage) = db
        .write(move |conn| {
            let stage = if second_factor::has_one(conn, user_id)? {
                Stage::AwaitingCode
            } else if must_set_one_up(conn, user_id, required)? {
                Stage::AwaitingEnrolment
            } else {
                Stage::Open
            };
            let expires_at = now
                + match stage {
                    Stage::AwaitingCode => second_factor::CODE_WAIT,
                    Stage::Open | Stage::AwaitingEnrolment => lifetime,
                };
            let replaced = match &replaced_hash {
                Some(hash) => store::find_live(conn, hash, now.naive_utc())?
                    .map(|(session, _)| session)
                    .filter(|s| s.kind == SessionKind::Login),
                None => None,
            };
            if let Some(old) = replaced {
                store::revoke(conn, old.id, now.naive_utc())?;
            }
            let login = Login {
                user: user_id,
                email: &email,
                token_hash: &token_hash,
                stage,
                second_factor: None,
                expires_at,
                replaced: replaced.map(|old| old.id),
                origin: &origin,
            };
            record_login(conn, &login, now)?;
            Ok::<_, AppError>((expires_at, stage))
        })
        .await?;
    Ok(Some(SignedIn {
        token,
        user_id,
        expires_at,
        stage,
    }))
}

/// A password presented for an account.
pub struct Presented {
    pub email: Email,
    pub password: String,
    /// The token of the session the browser held until now, if any.
    pub replaces: Option<String>,
    /// The roles that must sign in with a second factor.
    pub required: SecondFactorRoles,
    pub origin: Origin,
}

/// A login session about to be kept.
pub(super) struct Login<'a> {
    pub user: UserId,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub stage: Stage,
    /// The second factor it passed, if any.
    pub second_factor: Option<SecondFactor>,
    pub expires_at: DateTime<Utc>,
    /// The session it replaces, ended already.
    pub replaced: Option<SessionId>,
    pub origin: &'a Origin,
}

/// Keeps a login session and notes it in the audit log: one that opens as a login, with how it
/// was opened; one that waits for its second factor as a password accepted, so that a password
/// known to someone without the factor shows. A login from a device the account never opened a
/// session on tells its holder by e-mail (`own_sessions::tell_of_new_device`).
pub(super) fn record_login(
    conn: &mut DbConn,
    login: &Login<'_>,
    now: DateTime<Utc>,
) -> Result<SessionId, AppError> {
    let id = store::insert(
        conn,
        &NewSession {
            user_id: login.user,
            token_hash: login.token_hash,
            kind: SessionKind::Login,
            label: "login",
            stage: login.stage,
            second_factor: login.second_factor,
            now: now.naive_utc(),
            expires_at: login.expires_at.naive_utc(),
            device: &login.origin.device,
            address: &login.origin.address,
        },
    )?;
    if login.stage == Stage::Open {
        own_sessions::tell_of_new_device(conn, login, id, now)?;
    }
    let mut details = json!({ "session_id": id, "expires_at": login.expires_at });
    if let Some(old) = login.replaced {
        details["replaced_session_id"] = json!(old);
    }
    if let Some(factor) = login.second_factor {
        details["second_factor"] = json!(factor.as_str());
    }
    let event = match login.stage {
        Stage::Open => "login",
        Stage::AwaitingCode | Stage::AwaitingEnrolment => {
            details["stage"] = json!(login.stage.as_str());
            "password_accepted"
        }
    };
    audit::record(
        conn,
        &Actor::user(login.user, login.email),
        Change::event(event, "user", login.user, &details),
        now,
    )?;
    Ok(id)
}

/// Whether the account's roles oblige it to have a second factor.
fn must_set_one_up(
    conn: &mut DbConn,
    user: UserId,
    required: SecondFactorRoles,
) -> Result<bool, AppError> {
    let is_admin = users::find(conn, user)?.is_admin;
    let grants = users::grants_of(conn, user)?;
    Ok(policy::second_factor_required(is_admin, &grants, required))
}

/// Last use is written at most this often, so that a read does not become a write each time.
/// A login session therefore ends between `idle` less this and `idle` after its last request.
const LAST_SEEN_GRANULARITY: TimeDelta = TimeDelta::minutes(1);

/// The principal behind a token, if the token is live and its account enabled. A login session
/// unused for longer than `idle` is ended here; API tokens keep to their own expiry.
pub async fn authenticate(
    db: &Db,
    token: String,
    idle: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, AppError> {
    let found = read_standing(db, token, idle, now).await?;
    keep_up(db, found, now).await
}

/// What a presented token comes to, read on a connection of its own.
async fn read_standing(
    db: &Db,
    token: String,
    idle: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Standing, AppError> {
    let Some(hash) = presented_hash(&token) else {
        return Ok(Standing::Invalid);
    };
    db.read(move |conn| standing(conn, &hash, idle, now)).await
}

/// Runs `f` for the principal whose token hashes to `hash`, in the same read that checks the
/// token (a handler's read then costs no trip of its own); `None` when the token stands for
/// nobody.
pub async fn read_signed_in<T, F>(
    db: &Db,
    hash: String,
    idle: TimeDelta,
    now: DateTime<Utc>,
    f: F,
) -> Result<Option<T>, AppError>
where
    F: FnOnce(&mut DbConn, &Principal) -> Result<T, AppError> + Send + 'static,
    T: Send + 'static,
{
    let (found, answer) = db
        .read(move |conn| {
            let found = standing(conn, &hash, idle, now)?;
            let answer = found.principal().map(|who| f(conn, who));
            Ok::<_, AppError>((found, answer))
        })
        .await?;
    match keep_up(db, found, now).await? {
        Some(_) => answer.transpose(),
        None => Ok(None),
    }
}

/// A presented token as stored (hashed), or `None` if it cannot be one of ours.
pub fn presented_hash(token: &str) -> Option<String> {
    tokens::looks_valid(token).then(|| tokens::hash(token))
}

/// What a token comes to, read on the caller's connection so that a handler can check it in
/// the same trip to the database as its own read; [`keep_up`] then does what it asks.
pub enum Standing {
    /// A live session or token; a login session used more than a minute ago is noted as used.
    Live { principal: Principal, touch: bool },
    /// A sign-in that must set up a second factor before it opens anything else.
    Enrolling(Principal),
    /// A login session unused for longer than the idle limit: to be ended.
    Idle(SessionId),
    /// Unknown, ended, expired, or its account disabled.
    Invalid,
}

impl Standing {
    pub fn principal(&self) -> Option<&Principal> {
        match self {
            Self::Live { principal, .. } => Some(principal),
            Self::Enrolling(_) | Self::Idle(_) | Self::Invalid => None,
        }
    }
}

pub fn standing(
    conn: &mut DbConn,
    hash: &str,
    idle: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Standing, AppError> {
    let Some((session, holder)) = store::find_live(conn, hash, now.naive_utc())? else {
        return Ok(Standing::Invalid);
    };
    if holder.disabled || session.stage == Stage::AwaitingCode {
        return Ok(Standing::Invalid);
    }
    let mut touch = false;
    if session.kind == SessionKind::Login {
        let unused_for = now.naive_utc() - session.last_seen_at;
        if unused_for > idle {
            return Ok(Standing::Idle(session.id));
        }
        touch = unused_for >= LAST_SEEN_GRANULARITY;
    }
    let principal = Principal {
        user_id: session.user_id,
        email: holder.email,
        is_admin: holder.is_admin,
        grants: users::grants_of(conn, session.user_id)?,
        session_id: session.id,
        via_api_token: session.kind == SessionKind::Api,
        passed_second_factor: session.passed_second_factor,
    };
    if session.stage == Stage::AwaitingEnrolment {
        return Ok(Standing::Enrolling(principal));
    }
    Ok(Standing::Live { principal, touch })
}

/// Ends an idle session or notes a session's use, as `found` asks; the principal, if any.
pub async fn keep_up(
    db: &Db,
    found: Standing,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, AppError> {
    match found {
        Standing::Live { principal, touch } => {
            if touch {
                let id = principal.session_id;
                db.write(move |conn| store::touch(conn, id, now.naive_utc()))
                    .await?;
            }
            Ok(Some(principal))
        }
        Standing::Idle(id) => {
            db.write(move |conn| store::revoke(conn, id, now.naive_utc()))
                .await?;
            Ok(None)
        }
        Standing::Enrolling(_) | Standing::Invalid => Ok(None),
    }
}

/// The account behind a token whose session is open or must set up a second factor first:
/// what setting one up, and signing out, accept.
pub async fn enrolling(
    db: &Db,
    token: String,
    idle: TimeDelta,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, AppError> {
    match read_standing(db, token, idle, now).await? {
        Standing::Enrolling(principal) => Ok(Some(principal)),
        other => keep_up(db, other, now).await,
    }
}

pub async fn sign_out(db: &Db, who: &Principal, now: DateTime<Utc>) -> Result<(), AppError> {
    let actor = who.actor();
    let (session, user) = (who.session_id, who.user_id);
    db.write(move |conn| {
        store::revoke(conn, session, now.naive_utc())?;
        let details = json!({ "session_id": session });
        audit::record(
            conn,
            &actor,
            Change::event("logout", "user", user, &details),
            now,
        )?;
        Ok(())
    })
    .await
}

pub async fn create_api_token(
    db: &Db,
    who: &Principal,
    label: String,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<(ApiToken, String), AppError> {
    let token = tokens::generate();
    let token_hash = tokens::hash(&token);
    let actor = who.actor();
    let user_id = who.user_id;
    let expires_at = (now + lifetime).naive_utc();
    let created = db
        .write(move |conn| {
            let id = store::insert(
                conn,
                &NewSession {
                    user_id,
                    token_hash: &token_hash,
                    kind: SessionKind::Api,
                    label: &label,
                    stage: Stage::Open,
                    second_factor: None,
                    now: now.naive_utc(),
                    expires_at,
                    device: "",
                    address: "",
                },
            )?;
            let created = ApiToken {
                id,
                label,
                created_at: now.naive_utc(),
                expires_at,
            };
            audit::record(
                conn,
                &actor,
                Change::created("api_token", id, &created),
                now,
            )?;
            Ok::<_, AppError>(created)
        })
        .await?;
    Ok((created, token))
}

pub async fn list_api_tokens(
    db: &Db,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<Vec<ApiToken>, AppError> {
    let user = who.user_id;
    db.read(move |conn| Ok(store::live_api_tokens(conn, user, now.naive_utc())?))
        .await
}

/// Revokes one of the caller's own API tokens; another account's token is "not found".
pub async fn revoke_api_token(
    db: &Db,
    who: &Principal,
    id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let actor = who.actor();
    let user = who.user_id;
    db.write(move |conn| {
        if store::api_token_owner(conn, id)? != Some(user) {
            return Err(AppError::not_found(refusal::token_unknown(id)));
        }
        if store::revoke(conn, id, now.naive_utc())? > 0 {
            audit::record(
                conn,
                &actor,
                Change::event("revoke", "api_token", id, &json!({})),
                now,
            )?;
        }
        Ok(())
    })
    .await
}
