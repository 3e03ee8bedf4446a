//! The `installation_secrets` table: keys generated once per installation and shared by all
//! instances.

use super::schema::installation_secrets;
use super::{DbConn, Result};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Returns the named secret, storing `generate()` first if there is none yet. When several
/// instances race, the first insert wins and every instance reads that one back.
pub fn get_or_create(
    conn: &mut DbConn,
    name: &str,
    now: NaiveDateTime,
    generate: impl FnOnce() -> Vec<u8>,
) -> Result<Vec<u8>> {
    if let Some(value) = find(conn, name)? {
        return Ok(value);
    }
    let value = generate();
    // A savepoint, so that losing the race does not abort the surrounding transaction.
    let inserted = conn.transaction(|c| {
        diesel::insert_into(installation_secrets::table)
            .values((
                installation_secrets::name.eq(name),
                installation_secrets::value.eq(&value),
                installation_secrets::created_at.eq(now),
            ))
            .execute(c)
    });
    match inserted.map_err(super::Error::from) {
        Ok(_) => {}
        Err(e) if e.is_unique_violation() => {}
        Err(e) => return Err(e),
    }
    find(conn, name)?.ok_or(super::Error::NotFound)
}

/// Stores `value` under `name`, replacing what was there.
pub fn replace(conn: &mut DbConn, name: &str, value: &[u8], now: NaiveDateTime) -> Result<()> {
    diesel::delete(installation_secrets::table.find(name)).execute(conn)?;
    diesel::insert_into(installation_secrets::table)
        .values((
            installation_secrets::name.eq(name),
            installation_secrets::value.eq(value),
            installation_secrets::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut DbConn, name: &str) -> Result<Option<Vec<u8>>> {
    Ok(installation_secrets::table
        .find(name)
        .select(installation_secrets::value)
        .first(conn)
        .optional()?)
}
