//! The `users` and `role_grants` tables.

use super::engine::stamp::Stamp;
use super::schema::{role_grants, users};
use super::{DbConn, Error, Result, last_insert_id};
use crate::domain::ids::{BoardId, UnitId, UserId};
use crate::domain::role::Grant;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

/// An account as the rest of the service sees it: the password hash never leaves this module
/// except through [`credentials_by_email`] and [`password_hash`].
#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub is_admin: bool,
    pub disabled: bool,
    pub grants: Vec<Grant>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
struct Row {
    id: i64,
    email: String,
    name: String,
    is_admin: bool,
    disabled: bool,
    #[diesel(deserialize_as = Stamp)]
    created_at: NaiveDateTime,
    #[diesel(deserialize_as = Stamp)]
    updated_at: NaiveDateTime,
}

impl Row {
    fn with_grants(self, grants: Vec<Grant>) -> User {
        User {
            id: UserId(self.id),
            email: self.email,
            name: self.name,
            is_admin: self.is_admin,
            disabled: self.disabled,
            grants,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub password_hash: &'a str,
    pub is_admin: bool,
    pub now: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewUser<'_>) -> Result<UserId> {
    diesel::insert_into(users::table)
        .values((
            users::email.eq(new.email),
            users::name.eq(new.name),
            users::password_hash.eq(new.password_hash),
            users::is_admin.eq(new.is_admin),
            users::disabled.eq(false),
            users::created_at.eq(new.now),
            users::updated_at.eq(new.now),
        ))
        .execute(conn)?;
    Ok(UserId(last_insert_id(conn)?))
}

pub fn find(conn: &mut DbConn, id: UserId) -> Result<User> {
    let row: Row = native!(conn, |c| users::table
        .find(id.0)
        .select(Row::as_select())
        .first(c))?;
    let grants = grants_of(conn, id)?;
    Ok(row.with_grants(grants))
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> Result<Vec<User>> {
    let rows: Vec<Row> = users::table
        .order(users::id)
        .limit(limit)
        .offset(offset)
        .select(Row::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut grants = grant_rows(conn, ids)?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let mine = grants
                .extract_if(.., |(user, _)| *user == row.id)
                .map(|(_, g)| g)
                .collect();
            row.with_grants(mine)
        })
        .collect())
}

type GrantRow = (i64, String, Option<i64>, Option<i64>);

const GRANT_COLUMNS: (
    role_grants::user_id,
    role_grants::role,
    role_grants::board_id,
    role_grants::unit_id,
) = (
    role_grants::user_id,
    role_grants::role,
    role_grants::board_id,
    role_grants::unit_id,
);

/// One account's grants: read on every signed-in request, so one cached statement.
pub fn grants_of(conn: &mut DbConn, user: UserId) -> Result<Vec<Grant>> {
    let rows: Vec<GrantRow> = native!(conn, |c| role_grants::table
        .filter(role_grants::user_id.eq(user.0))
        .order(role_grants::id)
        .select(GRANT_COLUMNS)
        .load(c))?;
    Ok(grants_from(rows)?.into_iter().map(|(_, g)| g).collect())
}

fn grant_rows(conn: &mut DbConn, user_ids: Vec<i64>) -> Result<Vec<(i64, Grant)>> {
    let rows: Vec<GrantRow> = role_grants::table
        .filter(role_grants::user_id.eq_any(user_ids))
        .order(role_grants::id)
        .select(GRANT_COLUMNS)
        .load(conn)?;
    grants_from(rows)
}

fn grants_from(rows: Vec<GrantRow>) -> Result<Vec<(i64, Grant)>> {
    rows.into_iter()
        .map(|(user, role, board, unit)| {
            Grant::from_parts(&role, board.map(BoardId), unit.map(UnitId))
                .map(|g| (user, g))
                .map_err(|e| Error::Setup(format!("role_grants: {e}")))
        })
        .collect()
}

/// Makes `grants` the account's roles. A grant it already holds keeps the date it was given; a
/// new one dates from `now` (notices about earlier events do not reach it).
pub fn replace_grants(
    conn: &mut DbConn,
    user: UserId,
    grants: &[Grant],
    now: NaiveDateTime,
) -> Result<()> {
    let held = grants_of(conn, user)?;
    for gone in held.iter().filter(|g| !grants.contains(g)) {
        let row = role_grants::table
            .filter(role_grants::user_id.eq(user.0))
            .filter(role_grants::role.eq(gone.role_name()));
        match (gone.board(), gone.unit()) {
            (Some(board), _) => {
                diesel::delete(row.filter(role_grants::board_id.eq(board.0))).execute(conn)?
            }
            (None, Some(unit)) => {
                diesel::delete(row.filter(role_grants::unit_id.eq(unit.0))).execute(conn)?
            }
            (None, None) => 0,
        };
    }
    for grant in grants.iter().filter(|g| !held.contains(g)) {
        diesel::insert_into(role_grants::table)
            .values((
                role_grants::user_id.eq(user.0),
                role_grants::role.eq(grant.role_name()),
                role_grants::board_id.eq(grant.board().map(|b| b.0)),
                role_grants::unit_id.eq(grant.unit().map(|u| u.0)),
                role_grants::granted_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The id, password hash and disabled flag of the account with this e-mail, if any.
pub fn credentials_by_email(
    conn: &mut DbConn,
    email: &str,
) -> Result<Option<(UserId, String, bool)>> {
    let found: Option<(i64, String, bool)> = users::table
        .filter(users::email.eq(email))
        .select((users::id, users::password_hash, users::disabled))
        .first(conn)
        .optional()?;
    Ok(found.map(|(id, hash, disabled)| (UserId(id), hash, disabled)))
}

pub fn password_hash(conn: &mut DbConn, id: UserId) -> Result<String> {
    Ok(users::table
        .find(id.0)
        .select(users::password_hash)
        .first(conn)?)
}

pub struct Changes<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub is_admin: bool,
    pub disabled: bool,
    pub now: NaiveDateTime,
}

pub fn update(conn: &mut DbConn, id: UserId, changes: &Changes<'_>) -> Result<()> {
    diesel::update(users::table.find(id.0))
        .set((
            users::email.eq(changes.email),
            users::name.eq(changes.name),
            users::is_admin.eq(changes.is_admin),
            users::disabled.eq(changes.disabled),
            users::updated_at.eq(changes.now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn set_password_hash(
    conn: &mut DbConn,
    id: UserId,
    hash: &str,
    now: NaiveDateTime,
) -> Result<()> {
    diesel::update(users::table.find(id.0))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now)))
        .execute(conn)?;
    Ok(())
}

pub fn count_active_admins(conn: &mut DbConn) -> Result<i64> {
    Ok(users::table
        .filter(users::is_admin.eq(true))
        .filter(users::disabled.eq(false))
        .count()
        .get_result(conn)?)
}

pub fn count(conn: &mut DbConn) -> Result<i64> {
    Ok(users::table.count().get_result(conn)?)
}

/// Whose e-mail addresses a notice goes to.
pub enum Seat<'a> {
    /// The accounts holding one of these roles on a board.
    OnBoard(BoardId, &'a [&'a str]),
    /// The accounts representing exactly this unit.
    Representing(UnitId),
}

/// The e-mail addresses of the enabled accounts in that seat, granted at or before `held_at`.
pub fn emails(conn: &mut DbConn, seat: Seat<'_>, held_at: NaiveDateTime) -> Result<Vec<String>> {
    let mut q = users::table
        .inner_join(role_grants::table)
        .filter(role_grants::granted_at.le(held_at))
        .filter(users::disabled.eq(false))
        .into_boxed();
    q = match seat {
        Seat::OnBoard(board, roles) => q
            .filter(role_grants::board_id.eq(board.0))
            .filter(role_grants::role.eq_any(roles)),
        Seat::Representing(unit) => q
            .filter(role_grants::unit_id.eq(unit.0))
            .filter(role_grants::role.eq("representative")),
    };
    Ok(q.select(users::email)
        .distinct()
        .order(users::email)
        .load(conn)?)
}

/// The enabled accounts holding a role on any of these boards, with their names and grants, by
/// name: whom a page names as able to take a step.
pub fn on_boards(
    conn: &mut DbConn,
    boards: &[BoardId],
) -> Result<Vec<(UserId, String, Vec<Grant>)>> {
    let ids: Vec<BoardId> = boards.to_vec();
    let people: Vec<(i64, String)> = users::table
        .inner_join(role_grants::table)
        .filter(role_grants::board_id.eq_any(ids.iter().map(|b| b.0)))
        .filter(users::disabled.eq(false))
        .select((users::id, users::name))
        .distinct()
        .order((users::name, users::id))
        .load(conn)?;
    let grants = grant_rows(conn, people.iter().map(|(id, _)| *id).collect())?;
    Ok(people
        .into_iter()
        .map(|(id, name)| {
            let held = grants
                .iter()
                .filter(|(user, _)| *user == id)
                .map(|(_, g)| *g)
                .collect();
            (UserId(id), name, held)
        })
        .collect())
}
