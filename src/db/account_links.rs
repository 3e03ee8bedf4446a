//! The `account_links` table: single-use links to choose a password (invitations and resets),
//! kept as hashes of their tokens.

use super::schema::account_links;
use super::{DbConn, Result, last_insert_id};
use crate::domain::ids::UserId;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A new account's first password.
    Invitation,
    /// A forgotten password.
    Reset,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Invitation => "invitation",
            Self::Reset => "password_reset",
        }
    }
}

/// A link that still works.
pub struct LiveLink {
    pub user_id: UserId,
    pub purpose: Purpose,
}

pub fn insert(
    conn: &mut DbConn,
    user: UserId,
    purpose: Purpose,
    token_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> Result<i64> {
    diesel::insert_into(account_links::table)
        .values((
            account_links::user_id.eq(user.0),
            account_links::purpose.eq(purpose.as_str()),
            account_links::token_hash.eq(token_hash),
            account_links::created_at.eq(now),
            account_links::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    last_insert_id(conn)
}

/// The unused, unexpired link with this token hash.
pub fn find_live(
    conn: &mut DbConn,
    token_hash: &str,
    now: NaiveDateTime,
) -> Result<Option<LiveLink>> {
    let found: Option<(i64, String)> = account_links::table
        .filter(account_links::token_hash.eq(token_hash))
        .filter(account_links::used_at.is_null())
        .filter(account_links::expires_at.gt(now))
        .select((account_links::user_id, account_links::purpose))
        .first(conn)
        .optional()?;
    Ok(found.map(|(user, purpose)| LiveLink {
        user_id: UserId(user),
        purpose: match purpose.as_str() {
            "invitation" => Purpose::Invitation,
            _ => Purpose::Reset,
        },
    }))
}

/// Marks every unused link of the account used: one that sets the password spends them all.
pub fn use_all(conn: &mut DbConn, user: UserId, now: NaiveDateTime) -> Result<usize> {
    Ok(diesel::update(
        account_links::table
            .filter(account_links::user_id.eq(user.0))
            .filter(account_links::used_at.is_null()),
    )
    .set(account_links::used_at.eq(now))
    .execute(conn)?)
}
