//! Creating and changing accounts: one path for the API, the command line and the demo loader.

use crate::audit::{self, Actor, Change};
use crate::db::users::{self, User};
use crate::db::{self, DbConn, boards, sessions, units};
use crate::domain::ids::UserId;
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label};
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};

pub struct NewAccount {
    pub email: Email,
    pub name: Label,
    /// Hashed before the write transaction starts: hashing is slow on purpose.
    pub password_hash: String,
    pub is_admin: bool,
    pub grants: Vec<Grant>,
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    account: NewAccount,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let grants = distinct(account.grants);
    check_grants(conn, &grants)?;
    let id = users::insert(
        conn,
        &users::NewUser {
            email: account.email.as_str(),
            name: account.name.as_str(),
            password_hash: &account.password_hash,
            is_admin: account.is_admin,
            now: now.naive_utc(),
        },
    )
    .map_err(|e| email_taken(e, account.email.as_str()))?;
    users::replace_grants(conn, id, &grants, now.naive_utc())?;
    let user = users::find(conn, id)?;
    audit::record(conn, actor, Change::created("user", id, &user), now)?;
    Ok(user)
}

/// Changes to an account; `None` leaves a field as it is.
#[derive(Default)]
pub struct AccountPatch {
    pub email: Option<Email>,
    pub name: Option<Label>,
    pub is_admin: Option<bool>,
    pub disabled: Option<bool>,
    pub grants: Option<Vec<Grant>>,
    pub password_hash: Option<String>,
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    id: UserId,
    patch: AccountPatch,
    now: DateTime<Utc>,
) -> Result<User, AppError> {
    let before = users::find(conn, id).map_err(not_found("account", id))?;
    let is_admin = patch.is_admin.unwrap_or(before.is_admin);
    let disabled = patch.disabled.unwrap_or(before.disabled);
    let was_active_admin = before.is_admin && !before.disabled;
    if was_active_admin && (!is_admin || disabled) && users::count_active_admins(conn)? <= 1 {
        return Err(AppError::conflict(
            "this is the last active admin account: make another admin first",
        ));
    }
    let email = patch.email.map_or(before.email.clone(), Email::into_inner);
    let name = patch.name.map_or(before.name.clone(), Label::into_inner);
    let grants = patch.grants.map(distinct).filter(|g| *g != before.grants);
    let password_changed = patch.password_hash.is_some();
    let unchanged = email == before.email
        && name == before.name
        && is_admin == before.is_admin
        && disabled == before.disabled
        && grants.is_none()
        && !password_changed;
    if unchanged {
        return Ok(before);
    }
    users::update(
        conn,
        id,
        &users::Changes {
            email: &email,
            name: &name,
            is_admin,
            disabled,
            now: now.naive_utc(),
        },
    )
    .map_err(|e| email_taken(e, &email))?;
    if let Some(grants) = &grants {
        check_grants(conn, grants)?;
        users::replace_grants(conn, id, grants, now.naive_utc())?;
    }
    if let Some(hash) = &patch.password_hash {
        users::set_password_hash(conn, id, hash, now.naive_utc())?;
    }
    if disabled || password_changed {
        sessions::revoke_all_for_user(conn, id, now.naive_utc())?;
    }
    let after = users::find(conn, id)?;
    audit::record(
        conn,
        actor,
        Change::updated("user", id, &before, &after),
        now,
    )?;
    if password_changed {
        let details = serde_json::json!({ "sessions_ended": true });
        audit::record(
            conn,
            actor,
            Change::event("password_change", "user", id, &details),
            now,
        )?;
    }
    Ok(after)
}

/// The grants without repeats, in the order given.
fn distinct(grants: Vec<Grant>) -> Vec<Grant> {
    let mut seen = std::collections::HashSet::new();
    grants.into_iter().filter(|g| seen.insert(*g)).collect()
}

fn check_grants(conn: &mut DbConn, grants: &[Grant]) -> Result<(), AppError> {
    for grant in grants {
        let missing = match grant {
            Grant::Secretary(b) | Grant::Member(b) => match boards::find(conn, *b) {
                Err(db::Error::NotFound) => Some(format!("board {b} does not exist")),
                other => other.map(|_| None)?,
            },
            Grant::Representative(u) => match units::find(conn, *u) {
                Err(db::Error::NotFound) => Some(format!("unit {u} does not exist")),
                other => other.map(|_| None)?,
            },
        };
        if let Some(message) = missing {
            return Err(AppError::validation("roles", message));
        }
    }
    Ok(())
}

fn email_taken(e: db::Error, email: &str) -> AppError {
    if e.is_unique_violation() {
        AppError::conflict(format!("an account with the e-mail {email} exists already"))
    } else {
        e.into()
    }
}
