//! Throttles, counted in the database so that every instance on it shares one count: signing
//! in (every password attempt per client address; failures per address and account, and per
//! account from all addresses together) and the public endpoints (per address and kind of
//! request). A key is a keyed hash of what it counts, so the table holds no address and no
//! e-mail.

use crate::db::throttles::{self, Window};
use crate::db::{Db, DbConn};
use crate::domain::refusal;
use crate::error::AppError;
use chrono::{DateTime, TimeDelta, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_failures: u32,
    pub max_attempts: u32,
    pub window: TimeDelta,
}

/// An account's failures from all addresses together may reach this many times those allowed
/// one address: guesses spread over many addresses stop, while someone else's guesses from a
/// few addresses do not lock the holder out.
const ACCOUNT_FAILURES_FACTOR: u32 = 4;

/// Windows older than this are swept away (`sweep`): longer than any throttle's window.
const KEPT: TimeDelta = TimeDelta::days(1);

/// Makes the keys of the counts: HMAC-SHA-256 under the installation's secret, cut to 128 bits.
#[derive(Clone)]
struct Keys(Vec<u8>);

impl Keys {
    fn of(&self, parts: &[&str]) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for part in parts {
            mac.update(part.as_bytes());
            mac.update(&[0]);
        }
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

/// The sign-in throttle.
#[derive(Clone)]
pub struct LoginLimiter {
    limits: Limits,
    keys: Keys,
}

impl LoginLimiter {
    /// `secret` keys the hashes that name the counts.
    pub fn new(limits: Limits, secret: &[u8]) -> Self {
        Self {
            limits,
            keys: Keys(secret.to_vec()),
        }
    }

    /// Counts a password attempt against the client and refuses it past the limits.
    pub async fn admit_sign_in(
        &self,
        db: &Db,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.admit(db, client, email, now, true).await
    }

    /// Refuses a second factor's code while the client has failed too often for the account.
    /// The code is not counted as an attempt of the client: only a right password reaches it,
    /// and that was counted already.
    pub async fn admit_code(
        &self,
        db: &Db,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        self.admit(db, client, email, now, false).await
    }

    /// Counts an attempt of the client if `counted`, then refuses it past the client's attempts
    /// or the account's failures.
    async fn admit(
        &self,
        db: &Db,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
        counted: bool,
    ) -> Result<(), AppError> {
        let (this, client, email) = (self.clone(), client.to_owned(), email.to_owned());
        let verdict = db
            .write(move |conn| {
                let window = this.limits.window;
                if counted {
                    let key = this.keys.of(&["sign-in", &client]);
                    let attempts = bump(conn, &key, now, window)?;
                    if attempts.hits > i64::from(this.limits.max_attempts) {
                        return Ok(Err(retry_after(attempts, window, now)));
                    }
                }
                this.check_failures(conn, &client, &email, now)
            })
            .await?;
        verdict.map_err(too_many)
    }

    /// Counts a failed password or code against the account, from this client and from all.
    pub async fn failed(
        &self,
        db: &Db,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AppError> {
        let [here, anywhere] = self.failure_keys(client, email);
        let window = self.limits.window;
        db.write(move |conn| {
            bump(conn, &here, now, window)?;
            bump(conn, &anywhere, now, window)?;
            Ok(())
        })
        .await
    }

    /// Forgets the account's failures once it signs in.
    pub async fn succeeded(&self, db: &Db, client: &str, email: &str) -> Result<(), AppError> {
        let keys = self.failure_keys(client, email);
        db.write(move |conn| {
            for key in &keys {
                throttles::clear(conn, key)?;
            }
            Ok(())
        })
        .await
    }

    fn failure_keys(&self, client: &str, email: &str) -> [String; 2] {
        let account = email.trim().to_lowercase();
        [
            self.keys.of(&["failed", client, &account]),
            self.keys.of(&["failed", &account]),
        ]
    }

    /// `Err` with the seconds to wait while the account has failed too often, from this client
    /// or from all.
    fn check_failures(
        &self,
        conn: &mut DbConn,
        client: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), i64>, AppError> {
        let [here, anywhere] = self.failure_keys(client, email);
        let max = self.limits.max_failures;
        for (key, limit) in [(here, max), (anywhere, max * ACCOUNT_FAILURES_FACTOR)] {
            let seconds = self.limits.window.num_seconds();
            if let Some(w) = throttles::current(conn, &key, now.timestamp(), seconds)?
                && w.hits >= i64::from(limit)
            {
                return Ok(Err(retry_after(w, self.limits.window, now)));
            }
        }
        Ok(Ok(()))
    }
}

fn bump(
    conn: &mut DbConn,
    key: &str,
    now: DateTime<Utc>,
    window: TimeDelta,
) -> Result<Window, AppError> {
    Ok(throttles::bump(
        conn,
        key,
        now.timestamp(),
        window.num_seconds(),
    )?)
}

fn retry_after(w: Window, window: TimeDelta, now: DateTime<Utc>) -> i64 {
    (w.window_start + window.num_seconds() - now.timestamp()).max(1)
}

fn too_many(retry_after_secs: i64) -> AppError {
    AppError::TooManyRequests {
        reason: refusal::too_many_sign_ins(),
        retry_after_secs,
    }
}

/// A fixed window per client address and kind of request, for the public endpoints.
#[derive(Clone)]
pub struct ClientLimiter {
    max: u32,
    window: TimeDelta,
    keys: Keys,
}

impl ClientLimiter {
    /// `secret` keys the hashes that name the counts.
    pub fn new(max: u32, window: TimeDelta, secret: &[u8]) -> Self {
        Self {
            max,
            window,
            keys: Keys(secret.to_vec()),
        }
    }

    /// Counts a request; `Err` carries the seconds to wait.
    pub async fn admit(
        &self,
        db: &Db,
        kind: &str,
        client: &str,
        now: DateTime<Utc>,
    ) -> Result<Result<(), i64>, AppError> {
        let (key, max, window) = (self.keys.of(&[kind, client]), self.max, self.window);
        db.write(move |conn| {
            let w = bump(conn, &key, now, window)?;
            Ok(match w.hits > i64::from(max) {
                true => Err(retry_after(w, window, now)),
                false => Ok(()),
            })
        })
        .await
    }
}

/// Forgets counts whose windows passed long ago.
pub async fn sweep(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    let before = (now - KEPT).timestamp();
    Ok(db.write(move |conn| throttles::sweep(conn, before)).await?)
}
