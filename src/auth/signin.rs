//! Signing in with e-mail and password under the sign-in throttle: one operation for the API and
//! the sign-in page.

use super::accounts::UserView;
use super::devices::Origin;
use super::rate_limit::LoginLimiter;
use super::sessions::Presented;
use super::sessions::{self, SignedIn};
use crate::db::sessions::Stage;
use crate::db::{Db, users};
use crate::domain::refusal;
use crate::domain::role::SecondFactorRoles;
use crate::domain::text::Email;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
#[schema(as = LoginResponse)]
pub struct LoginView {
    /// Send as `Authorization: Bearer …`; the same session is also set as a cookie.
    token: String,
    expires_at: DateTime<Utc>,
    user: UserView,
    /// The password was right and the account has a second factor: `token` only completes the
    /// sign-in, at `POST /api/v1/auth/second-factor` with a code, within ten minutes.
    second_factor_required: bool,
    /// The account's roles oblige it to have a second factor and it has none: `token` serves
    /// only to set one up (`POST /api/v1/auth/totp`, then `…/totp/confirm`), which opens it.
    second_factor_setup_required: bool,
}

impl LoginView {
    /// The session with its account.
    pub async fn of(db: &Db, signed_in: SignedIn) -> Result<Self, AppError> {
        let user_id = signed_in.user_id;
        let user = db.read(move |conn| users::find(conn, user_id)).await?;
        Ok(Self {
            token: signed_in.token,
            expires_at: signed_in.expires_at,
            user: UserView::from(user),
            second_factor_required: signed_in.stage == Stage::AwaitingCode,
            second_factor_setup_required: signed_in.stage == Stage::AwaitingEnrolment,
        })
    }
}

/// A sign-in as presented.
pub struct Attempt<'a> {
    /// The address the throttle counts against.
    pub client: &'a str,
    pub email: &'a str,
    pub password: String,
    /// The session the browser held until now, if any: it ends with this sign-in.
    pub replaces: Option<String>,
    /// The roles that must sign in with a second factor.
    pub required: SecondFactorRoles,
    /// The browser's user agent.
    pub user_agent: &'a str,
}

/// Checks e-mail and password and opens a session of `lifetime`; refuses, without saying which
/// was wrong, and counts the failure against the client and the account.
pub async fn sign_in(
    db: &Db,
    limiter: &LoginLimiter,
    attempt: Attempt<'_>,
    lifetime: TimeDelta,
    now: DateTime<Utc>,
) -> Result<SignedIn, AppError> {
    let Attempt {
        client,
        email,
        password,
        replaces,
        required,
        user_agent,
    } = attempt;
    limiter.admit_sign_in(db, client, email, now).await?;
    // Something that is not an e-mail address cannot belong to an account: no lookup at all.
    let signed_in = match Email::parse(email) {
        Ok(email) => {
            let presented = Presented {
                email,
                password,
                replaces,
                required,
                origin: Origin::of(user_agent, client),
            };
            sessions::sign_in(db, presented, lifetime, now).await?
        }
        Err(_) => None,
    };
    let Some(signed_in) = signed_in else {
        limiter.failed(db, client, email, now).await?;
        tracing::info!(client, "failed sign-in");
        return Err(AppError::Unauthorized(refusal::session_wrong_credentials()));
    };
    limiter.succeeded(db, client, email).await?;
    Ok(signed_in)
}
