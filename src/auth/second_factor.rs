//! A second factor for signing in, as operations: enrolling an authenticator app (its secret
//! shown as a QR code and as text, confirmed with a first code, answered with single-use
//! recovery codes), replacing the recovery codes or removing the app with a code of it, an
//! admin's reset for a holder who lost both, and the second step of a sign-in, which turns a
//! session that awaits its code into an open one. The API and the pages call the same
//! functions.

use super::devices::Origin;
use super::policy::{Permission, Principal, authorize, second_factor_required};
use super::rate_limit::LoginLimiter;
use super::sessions::{self, Login, SignedIn};
use super::totp;
use crate::audit::{self, Actor, Change};
use crate::db::second_factors as store;
use crate::db::sessions::{self as session_store, SecondFactor, Stage};
use crate::db::{Db, users};
use crate::domain::ids::UserId;
use crate::domain::refusal;
use crate::domain::role::SecondFactorRoles;
use crate::error::{AppError, not_found};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;

/// The name an authenticator app shows beside the account.
pub const ISSUER: &str = "bantay";

/// How long a sign-in waits for its second factor after the password.
pub const CODE_WAIT: TimeDelta = TimeDelta::minutes(10);

/// The caller's second factors.
#[derive(Serialize, ToSchema)]
#[schema(as = SecondFactors)]
pub struct SecondFactorsView {
    /// An authenticator app is set up and confirmed.
    pub totp: bool,
    /// Recovery codes not used yet.
    pub recovery_codes_left: i64,
}

/// What an authenticator app needs to be set up: scan the QR code, or type the secret.
#[derive(Serialize, ToSchema)]
#[schema(as = TotpEnrolment)]
pub struct TotpEnrolmentView {
    /// The shared secret in base32, in groups of four.
    pub secret: String,
    /// The `otpauth://` address the QR code holds.
    pub address: String,
    /// The QR code, as SVG markup.
    pub qr_svg: String,
}

/// A code from the authenticator app (six digits), or one of the recovery codes.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = SecondFactorCode)]
pub struct CodeRequest {
    pub code: String,
}

/// The recovery codes, shown this once only.
#[derive(Serialize, ToSchema)]
#[schema(as = RecoveryCodes)]
pub struct RecoveryCodesView {
    pub recovery_codes: Vec<String>,
}

/// The caller's second factors.
pub async fn state(db: &Db, who: &Principal) -> Result<SecondFactorsView, AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    read_state(db, who.user_id).await
}

/// An account's second factors, as its page shows them to an admin.
pub async fn state_of(
    db: &Db,
    who: &Principal,
    user: UserId,
) -> Result<SecondFactorsView, AppError> {
    authorize(Some(who), Permission::ReadAccount(user))?;
    read_state(db, user).await
}

async fn read_state(db: &Db, user: UserId) -> Result<SecondFactorsView, AppError> {
    db.read(move |conn| {
        Ok(SecondFactorsView {
            totp: store::find_totp(conn, user)?.is_some_and(|f| f.confirmed),
            recovery_codes_left: store::recovery_codes_left(conn, user)?,
        })
    })
    .await
}

/// Starts setting up an authenticator app: a new secret, kept unconfirmed until a first code
/// shows the app holds it. Refused while one is set up already.
pub async fn start_totp(
    db: &Db,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<TotpEnrolmentView, AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    let (user, secret) = (who.user_id, totp::new_secret());
    let view = enrolment(&secret, &who.email)?;
    let actor = who.actor();
    db.write(move |conn| {
        if store::find_totp(conn, user)?.is_some_and(|f| f.confirmed) {
            return Err(AppError::Conflict(refusal::totp_set_up_already()));
        }
        store::start_totp(conn, user, &secret, now.naive_utc())?;
        let details = json!({ "factor": "totp" });
        note(conn, &actor, "second_factor_started", user, &details, now)?;
        Ok(())
    })
    .await?;
    Ok(view)
}

/// The app being set up and not yet confirmed, if any, as it was first shown.
pub async fn setting_up(db: &Db, who: &Principal) -> Result<Option<TotpEnrolmentView>, AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    let user = who.user_id;
    let found = db
        .read(move |conn| Ok::<_, AppError>(store::find_totp(conn, user)?))
        .await?;
    match found {
        Some(app) if !app.confirmed => Ok(Some(enrolment(&app.secret, &who.email)?)),
        _ => Ok(None),
    }
}

fn enrolment(secret: &[u8], account: &str) -> Result<TotpEnrolmentView, AppError> {
    let address = totp::address(secret, ISSUER, account)?;
    Ok(TotpEnrolmentView {
        secret: totp::typed(secret),
        qr_svg: totp::qr_svg(&address)?,
        address,
    })
}

/// Confirms the app being set up with a code from it; answers with new recovery codes. The
/// session that confirms it counts as having passed it: one that had to set a second factor up
/// opens.
pub async fn confirm_totp(
    db: &Db,
    who: &Principal,
    request: CodeRequest,
    now: DateTime<Utc>,
) -> Result<RecoveryCodesView, AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    let (user, actor, session) = (who.user_id, who.actor(), who.session_id);
    let (codes, hashes) = new_codes();
    db.write(move |conn| {
        let pending = match store::find_totp(conn, user)? {
            Some(f) if f.confirmed => {
                return Err(AppError::Conflict(refusal::totp_set_up_already()));
            }
            Some(f) => f,
            None => return Err(AppError::Conflict(refusal::totp_not_started())),
        };
        let step = totp::matching_step(&pending.secret, &request.code, now)
            .ok_or_else(|| AppError::validation("code", refusal::second_factor_code_wrong()))?;
        store::confirm_totp(conn, user, step, now.naive_utc())?;
        session_store::open(conn, session, SecondFactor::Totp)?;
        store::replace_recovery_codes(conn, user, &hashes, now.naive_utc())?;
        let details = json!({ "factor": "totp", "recovery_codes": hashes.len() });
        note(conn, &actor, "second_factor_added", user, &details, now)?;
        Ok(())
    })
    .await?;
    Ok(RecoveryCodesView {
        recovery_codes: codes,
    })
}

/// Where a change to one's own second factor comes from: the address the throttle counts
/// against, as for a code at sign-in.
pub struct OwnChange {
    pub client: String,
    pub code: String,
    pub now: DateTime<Utc>,
}

/// New recovery codes in place of the caller's, on a code of the app or one of the old
/// recovery codes; answers with them, shown this once.
pub async fn replace_recovery_codes(
    db: &Db,
    limiter: &LoginLimiter,
    who: &Principal,
    change: OwnChange,
) -> Result<RecoveryCodesView, AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    let (user, actor, now) = (who.user_id, who.actor(), change.now);
    let (codes, hashes) = new_codes();
    on_own_code(db, limiter, who, change, move |conn| {
        store::replace_recovery_codes(conn, user, &hashes, now.naive_utc())?;
        let details = json!({ "recovery_codes": hashes.len() });
        note(conn, &actor, "recovery_codes_replaced", user, &details, now)?;
        Ok(())
    })
    .await?;
    Ok(RecoveryCodesView {
        recovery_codes: codes,
    })
}

/// Removes the caller's authenticator app and recovery codes, on a code of either (whoever
/// changes phones uses the old app's code, or a recovery code when the old phone is gone). The
/// account's other sign-ins end; where its role must have a second factor, this one is held
/// until a new app is set up.
pub async fn remove_totp(
    db: &Db,
    limiter: &LoginLimiter,
    who: &Principal,
    required: SecondFactorRoles,
    change: OwnChange,
) -> Result<(), AppError> {
    authorize(Some(who), Permission::ManageOwnSecondFactor)?;
    let (user, actor, session, now) = (who.user_id, who.actor(), who.session_id, change.now);
    let must_have = second_factor_required(who.is_admin, &who.grants, required);
    on_own_code(db, limiter, who, change, move |conn| {
        store::remove_all(conn, user)?;
        let ended = session_store::revoke_other_logins(conn, user, session, now.naive_utc())?;
        if must_have {
            session_store::await_enrolment(conn, session)?;
        }
        let details = json!({ "factor": "totp", "sessions_ended": ended });
        note(conn, &actor, "second_factor_removed", user, &details, now)?;
        Ok(())
    })
    .await
}

/// Runs `change` in one transaction once `change`'s code proves the caller holds their second
/// factor (each code once); a wrong code changes nothing and counts against the throttle.
async fn on_own_code<T: Send + 'static>(
    db: &Db,
    limiter: &LoginLimiter,
    who: &Principal,
    presented: OwnChange,
    change: impl FnOnce(&mut crate::db::DbConn) -> Result<T, AppError> + Send + 'static,
) -> Result<T, AppError> {
    let (client, email, now) = (presented.client.as_str(), who.email.as_str(), presented.now);
    limiter.admit_code(db, client, email, now).await?;
    let (user, code) = (who.user_id, presented.code);
    let done = db
        .write(move |conn| {
            if !has_one(conn, user)? {
                return Err(AppError::Conflict(refusal::totp_not_set_up()));
            }
            match take_code(conn, user, &code, now)? {
                Some(_) => change(conn).map(Some),
                None => Ok(None),
            }
        })
        .await?;
    match done {
        Some(answer) => {
            limiter.succeeded(db, client, email).await?;
            Ok(answer)
        }
        None => {
            limiter.failed(db, client, email, now).await?;
            Err(AppError::validation(
                "code",
                refusal::second_factor_code_wrong(),
            ))
        }
    }
}

/// An admin removes another account's second factors, for a holder who lost them: every
/// session and API token of the account ends, and its holder sets a factor up again at the next
/// sign-in where their role must have one.
pub async fn reset(
    db: &Db,
    who: &Principal,
    user: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    authorize(Some(who), Permission::ResetSecondFactor(user))?;
    let actor = who.actor();
    db.write(move |conn| {
        users::find(conn, user).map_err(not_found("account", user))?;
        if !has_one(conn, user)? {
            return Err(AppError::Conflict(refusal::second_factor_none_to_reset()));
        }
        store::remove_all(conn, user)?;
        let ended = session_store::revoke_all_for_user(conn, user, now.naive_utc())?;
        let details = json!({ "sessions_ended": ended });
        note(conn, &actor, "second_factor_reset", user, &details, now)?;
        Ok(())
    })
    .await
}

/// Gives an account an authenticator app already set up with `secret`, for an installation
/// that hands the secret to its holder another way (the demo prints it beside the password).
pub fn provision_totp(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    user: UserId,
    secret: &[u8],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    store::start_totp(conn, user, secret, now.naive_utc())?;
    store::confirm_totp(conn, user, 0, now.naive_utc())?;
    let details = json!({ "factor": "totp", "recovery_codes": 0 });
    note(conn, actor, "second_factor_added", user, &details, now)?;
    Ok(())
}

/// The second step of a sign-in, as presented.
pub struct CodeAttempt<'a> {
    /// The address the throttle counts against.
    pub client: &'a str,
    /// The session the password opened, awaiting its code.
    pub awaiting: Option<String>,
    pub code: String,
    pub origin: Origin,
}

/// Completes a sign-in that awaits its second factor: with a code of the account's app (each
/// counts once) or one of its recovery codes (each used once), the waiting session ends and an
/// open one of `lifetime` takes its place. Failures count against the client and the account
/// like wrong passwords.
pub async fn complete_sign_in(
    db: &Db,
    limiter: &LoginLimiter,
    attempt: CodeAttempt<'_>,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let no_sign_in = || AppError::Unauthorized(refusal::second_factor_without_password());
    let hash = (attempt.awaiting.as_deref())
        .and_then(sessions::presented_hash)
        .ok_or_else(no_sign_in)?;
    let found = db
        .read(move |conn| {
            Ok::<_, AppError>(session_store::find_live(conn, &hash, now.naive_utc())?)
        })
        .await?;
    let Some((waiting, holder)) =
        found.filter(|(s, h)| s.stage == Stage::AwaitingCode && !h.disabled)
    else {
        return Err(no_sign_in());
    };
    let email = holder.email;
    limiter.admit_code(db, attempt.client, &email, now).await?;
    let (user, code, origin) = (waiting.user_id, attempt.code, attempt.origin);
    let token = super::tokens::generate();
    let token_hash = super::tokens::hash(&token);
    let expires_at = now + lifetime;
    let login_email = email.clone();
    let opened = db
        .write(move |conn| {
            let Some(factor) = take_code(conn, user, &code, now)? else {
                return Ok::<_, AppError>(false);
            };
            session_store::revoke(conn, waiting.id, now.naive_utc())?;
            let login = Login {
                user,
                email: &login_email,
                token_hash: &token_hash,
                stage: Stage::Open,
                second_factor: Some(factor),
                expires_at,
                replaced: Some(waiting.id),
                origin: &origin,
            };
            sessions::record_login(conn, &login, now)?;
            Ok(true)
        })
        .await?;
    if !opened {
        limiter.failed(db, attempt.client, &email, now).await?;
        tracing::info!(client = attempt.client, "wrong second factor");
        return Err(AppError::Unauthorized(refusal::second_factor_code_wrong()));
    }
    limiter.succeeded(db, attempt.client, &email).await?;
    Ok(SignedIn {
        token,
        user_id: user,
        expires_at,
        stage: Stage::Open,
    })
}

/// Takes `code` for the account if it is a code of its app not counted before, or one of its
/// unused recovery codes; which it was, or `None`.
fn take_code(
    conn: &mut crate::db::DbConn,
    user: UserId,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<SecondFactor>, AppError> {
    if totp::looks_like_recovery_code(code) {
        let used =
            store::use_recovery_code(conn, user, &totp::recovery_hash(code), now.naive_utc())?;
        return Ok((used == 1).then_some(SecondFactor::RecoveryCode));
    }
    let Some(app) = store::find_totp(conn, user)?.filter(|f| f.confirmed) else {
        return Ok(None);
    };
    let Some(step) = totp::matching_step(&app.secret, code, now) else {
        return Ok(None);
    };
    Ok((store::take_step(conn, user, step)? == 1).then_some(SecondFactor::Totp))
}

/// New recovery codes: as shown once, and their hashes as kept.
fn new_codes() -> (Vec<String>, Vec<String>) {
    let codes = totp::new_recovery_codes();
    let hashes = codes.iter().map(|c| totp::recovery_hash(c)).collect();
    (codes, hashes)
}

/// Notes a change to the account's second factor in the audit log.
fn note(
    conn: &mut crate::db::DbConn,
    actor: &Actor,
    event: &str,
    user: UserId,
    details: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::record(
        conn,
        actor,
        Change::event(event, "user", user, details),
        now,
    )?;
    Ok(())
}

/// Whether the account has a second factor that a sign-in must pass.
pub fn has_one(conn: &mut crate::db::DbConn, user: UserId) -> Result<bool, AppError> {
    Ok(store::find_totp(conn, user)?.is_some_and(|f| f.confirmed))
}
