//! Accounts as operations: listing, reading, creating and changing them, and the caller's own;
//! one path for the API, the command line and the demo loader.

use super::links;
use super::password::{self, NewPassword};
use super::policy::{Permission, Principal, authorize};
use crate::audit::{self, Actor, Change};
use crate::db::account_links::Purpose;
use crate::db::users::{self, User};
use crate::db::{self, Db, DbConn, boards, sessions, units};
use crate::domain::ids::{BoardId, UnitId, UserId};
use crate::domain::refusal;
use crate::domain::role::Grant;
use crate::domain::text::{Email, Label, NAME_MAX};
use crate::error::{AppError, not_found};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// A role on a board (`secretary`, `member`) or for a unit and its subtree (`representative`).
#[derive(Serialize, Deserialize, ToSchema, Clone)]
#[serde(deny_unknown_fields)]
pub struct RoleView {
    /// `secretary`, `member` (with `board_id`) or `representative` (with `unit_id`).
    #[schema(pattern = r"^(secretary|member|representative)$")]
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub board_id: Option<BoardId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_id: Option<UnitId>,
}

impl From<Grant> for RoleView {
    fn from(g: Grant) -> Self {
        Self {
            role: g.role_name().to_owned(),
            board_id: g.board(),
            unit_id: g.unit(),
        }
    }
}

impl TryFrom<&RoleView> for Grant {
    type Error = AppError;

    fn try_from(r: &RoleView) -> Result<Self, AppError> {
        Ok(Grant::from_parts(&r.role, r.board_id, r.unit_id)?)
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserView {
    id: UserId,
    email: String,
    name: String,
    is_admin: bool,
    disabled: bool,
    roles: Vec<RoleView>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<User> for UserView {
    fn from(u: User) -> Self {
        Self {
            id: u.id,
            email: u.email,
            name: u.name,
            is_admin: u.is_admin,
            disabled: u.disabled,
            roles: u.grants.into_iter().map(RoleView::from).collect(),
            created_at: u.created_at.and_utc(),
            updated_at: u.updated_at.and_utc(),
        }
    }
}

/// What an account list on a page shows of an account.
impl UserView {
    pub fn id(&self) -> UserId {
        self.id
    }

    pub fn email(&self) -> &str {
        &self.email
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn disabled(&self) -> bool {
        self.disabled
    }

    /// The roles on boards and units (the admin flag is not among them).
    pub fn roles(&self) -> &[RoleView] {
        &self.roles
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListUsersRequest {
    /// At most 500; default 100.
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    #[param(minimum = 0)]
    pub offset: Option<i64>,
}

pub async fn list(
    db: &Db,
    who: &Principal,
    paging: ListUsersRequest,
) -> Result<Vec<UserView>, AppError> {
    authorize(Some(who), Permission::ManageAccounts)?;
    let limit = paging.limit.unwrap_or(100);
    let offset = paging.offset.unwrap_or(0);
    if !(1..=500).contains(&limit) || offset < 0 {
        return Err(AppError::validation("limit", refusal::account_paging()));
    }
    let found = db
        .read(move |conn| users::list(conn, limit, offset))
        .await?;
    Ok(found.into_iter().map(UserView::from).collect())
}

/// Every role there is to give: secretary or member of each board, representative of each
/// unit.
pub async fn roles_to_give(db: &Db, who: &Principal) -> Result<Vec<RoleView>, AppError> {
    let boards = crate::org::boards::list(db, Some(who)).await?;
    let units = crate::org::units::list(db, who).await?;
    let on_boards = boards
        .iter()
        .flat_map(|b| [Grant::Secretary(b.id), Grant::Member(b.id)]);
    let for_units = units.iter().map(|u| Grant::Representative(u.id));
    Ok(on_boards.chain(for_units).map(RoleView::from).collect())
}

pub async fn show(db: &Db, who: &Principal, id: UserId) -> Result<UserView, AppError> {
    authorize(Some(who), Permission::ReadAccount(id))?;
    let user = db
        .read(move |conn| users::find(conn, id).map_err(not_found("account", id)))
        .await?;
    Ok(user.into())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = UserCreate)]
pub struct CreateUserRequest {
    #[schema(format = Email, max_length = 254)]
    pub email: String,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: String,
    /// At least 12 characters. Without it, the person is invited by e-mail to choose their own
    /// (a link valid 72 hours).
    #[schema(min_length = 12, max_length = 256)]
    pub password: Option<String>,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub roles: Vec<RoleView>,
}

/// Creates an account; one given no password is invited by e-mail to choose its own, through
/// a link to `public_url`.
pub async fn add(
    db: &Db,
    who: &Principal,
    req: CreateUserRequest,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<UserView, AppError> {
    authorize(Some(who), Permission::ManageAccounts)?;
    let invite = req.password.is_none();
    // An invited account's password is one nobody knows until its holder chooses theirs.
    let password = (req.password).unwrap_or_else(|| hex::encode(rand::random::<[u8; 32]>()));
    let account = NewAccount {
        email: Email::parse(&req.email)?,
        name: Label::parse("name", &req.name, NAME_MAX)?,
        grants: grants(&req.roles)?,
        password_hash: hash_password(&password).await?,
        is_admin: req.is_admin,
    };
    let (actor, public_url) = (who.actor(), public_url.to_owned());
    Ok(db
        .write(move |conn| {
            let user = create(conn, &actor, account, now)?;
            if invite {
                links::send(conn, &actor, &user, Purpose::Invitation, &public_url, now)?;
            }
            Ok::<_, AppError>(user)
        })
        .await?
        .into())
}

#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
#[schema(as = UserPatch)]
pub struct EditUserRequest {
    /// Admins only.
    pub email: Option<String>,
    #[schema(min_length = 1, max_length = 200, format = "single-line")]
    pub name: Option<String>,
    /// Admins only.
    pub is_admin: Option<bool>,
    /// Admins only; disabling ends the account's sessions at once.
    pub disabled: Option<bool>,
    /// Admins only; replaces all roles.
    pub roles: Option<Vec<RoleView>>,
    /// A new password; ends the account's sessions.
    pub password: Option<String>,
    /// Required when changing your own password.
    pub current_password: Option<String>,
}

/// Changes an account: one's own name and password, or, for an admin, anything.
pub async fn edit(
    db: &Db,
    who: &Principal,
    id: UserId,
    req: EditUserRequest,
    now: DateTime<Utc>,
) -> Result<UserView, AppError> {
    authorize(Some(who), Permission::EditOwnProfile(id))?;
    let admin_only = req.email.is_some()
        || req.is_admin.is_some()
        || req.disabled.is_some()
        || req.roles.is_some();
    if admin_only {
        authorize(Some(who), Permission::ManageAccounts)?;
    }
    let patch = AccountPatch {
        email: req.email.as_deref().map(Email::parse).transpose()?,
        name: req
            .name
            .as_deref()
            .map(|n| Label::parse("name", n, NAME_MAX))
            .transpose()?,
        is_admin: req.is_admin,
        disabled: req.disabled,
        grants: req.roles.as_deref().map(grants).transpose()?,
        password_hash: match &req.password {
            Some(new) => {
                check_current_password(db, who, id, req.current_password).await?;
                Some(hash_password(new).await?)
            }
            None => None,
        },
    };
    let actor = who.actor();
    Ok(db
        .write(move |conn| update(conn, &actor, id, patch, now))
        .await?
        .into())
}

fn grants(roles: &[RoleView]) -> Result<Vec<Grant>, AppError> {
    roles.iter().map(Grant::try_from).collect()
}

/// Changing your own password needs the current one; an admin resetting another's does not.
async fn check_current_password(
    db: &Db,
    who: &Principal,
    id: UserId,
    current: Option<String>,
) -> Result<(), AppError> {
    if who.user_id != id {
        return Ok(());
    }
    let Some(current) = current else {
        return Err(AppError::validation(
            "current_password",
            refusal::account_current_password_missing(),
        ));
    };
    let stored = db.read(move |conn| users::password_hash(conn, id)).await?;
    let matches = tokio::task::spawn_blocking(move || password::verify(&current, &stored))
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
    if matches {
        Ok(())
    } else {
        Err(AppError::validation(
            "current_password",
            refusal::account_current_password_wrong(),
        ))
    }
}

async fn hash_password(raw: &str) -> Result<String, AppError> {
    let password = NewPassword::parse(raw)?;
    let hash = tokio::task::spawn_blocking(move || password.hash())
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    Ok(hash)
}

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
struct AccountPatch {
    email: Option<Email>,
    name: Option<Label>,
    is_admin: Option<bool>,
    disabled: Option<bool>,
    grants: Option<Vec<Grant>>,
    password_hash: Option<String>,
}

fn update(
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
        return Err(AppError::conflict(refusal::account_last_admin()));
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
                Err(db::Error::NotFound) => Some(refusal::account_role_board_missing(b)),
                other => other.map(|_| None)?,
            },
            Grant::Representative(u) => match units::find(conn, *u) {
                Err(db::Error::NotFound) => Some(refusal::account_role_unit_missing(u)),
                other => other.map(|_| None)?,
            },
        };
        if let Some(reason) = missing {
            return Err(AppError::validation("roles", reason));
        }
    }
    Ok(())
}

fn email_taken(e: db::Error, email: &str) -> AppError {
    if e.is_unique_violation() {
        AppError::conflict(refusal::account_email_taken(email))
    } else {
        e.into()
    }
}
