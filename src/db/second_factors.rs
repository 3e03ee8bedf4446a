//! The `totp_factors` and `recovery_codes` tables: an account's authenticator-app secret and
//! its single-use recovery codes (as hashes).

use super::schema::{recovery_codes, totp_factors};
use super::{DbConn, Result};
use crate::domain::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An account's authenticator app.
pub struct TotpFactor {
    pub secret: Vec<u8>,
    /// Whether its holder has shown a first code from it.
    pub confirmed: bool,
    /// The last time step whose code was accepted.
    pub last_step: i64,
}

pub fn find_totp(conn: &mut DbConn, user: UserId) -> Result<Option<TotpFactor>> {
    let found: Option<(Vec<u8>, Option<NaiveDateTime>, i64)> = totp_factors::table
        .find(user.0)
        .select((
            totp_factors::secret,
            totp_factors::confirmed_at,
            totp_factors::last_step,
        ))
        .first(conn)
        .optional()?;
    Ok(found.map(|(secret, confirmed_at, last_step)| TotpFactor {
        secret,
        confirmed: confirmed_at.is_some(),
        last_step,
    }))
}

/// Keeps a new, unconfirmed secret for the account in place of an unconfirmed one.
pub fn start_totp(
    conn: &mut DbConn,
    user: UserId,
    secret: &[u8],
    now: NaiveDateTime,
) -> Result<()> {
    diesel::delete(
        totp_factors::table
            .find(user.0)
            .filter(totp_factors::confirmed_at.is_null()),
    )
    .execute(conn)?;
    diesel::insert_into(totp_factors::table)
        .values((
            totp_factors::user_id.eq(user.0),
            totp_factors::secret.eq(secret),
            totp_factors::created_at.eq(now),
            totp_factors::last_step.eq(0),
        ))
        .execute(conn)?;
    Ok(())
}

/// Marks the account's secret confirmed by the code of `step`; 0 if there was nothing to
/// confirm.
pub fn confirm_totp(
    conn: &mut DbConn,
    user: UserId,
    step: i64,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(diesel::update(
        totp_factors::table
            .find(user.0)
            .filter(totp_factors::confirmed_at.is_null()),
    )
    .set((
        totp_factors::confirmed_at.eq(now),
        totp_factors::last_step.eq(step),
    ))
    .execute(conn)?)
}

/// Takes the code of `step` for the account, once: 0 when a code of this step or a later one
/// was taken already (by this instance or another).
pub fn take_step(conn: &mut DbConn, user: UserId, step: i64) -> Result<usize> {
    Ok(diesel::update(
        totp_factors::table
            .find(user.0)
            .filter(totp_factors::confirmed_at.is_not_null())
            .filter(totp_factors::last_step.lt(step)),
    )
    .set(totp_factors::last_step.eq(step))
    .execute(conn)?)
}

/// Replaces the account's recovery codes with these (hashes).
pub fn replace_recovery_codes(
    conn: &mut DbConn,
    user: UserId,
    hashes: &[String],
    now: NaiveDateTime,
) -> Result<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.0)))
        .execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::user_id.eq(user.0),
                recovery_codes::code_hash.eq(hash),
                recovery_codes::created_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Uses one of the account's recovery codes, once: 0 when it is not one or was used.
pub fn use_recovery_code(
    conn: &mut DbConn,
    user: UserId,
    hash: &str,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user.0))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(now))
    .execute(conn)?)
}

/// How many of the account's recovery codes are still unused.
pub fn recovery_codes_left(conn: &mut DbConn, user: UserId) -> Result<i64> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user.0))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Removes the account's authenticator app, set up or being set up, and its recovery codes.
pub fn remove_all(conn: &mut DbConn, user: UserId) -> Result<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user.0)))
        .execute(conn)?;
    diesel::delete(totp_factors::table.find(user.0)).execute(conn)?;
    Ok(())
}
