//! The `throttle_counts` table: fixed windows of hits per key, shared by every instance on the
//! database. A bump is one statement, so that two instances counting at once lose no hit.

use super::schema::throttle_counts;
use super::{DbConn, Result};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

/// A key's hits in its current window.
#[derive(QueryableByName, Debug, Clone, Copy)]
pub struct Window {
    #[diesel(sql_type = BigInt)]
    pub hits: i64,
    /// Seconds since 1970.
    #[diesel(sql_type = BigInt)]
    pub window_start: i64,
}

/// Counts one hit for `key` at `now` (seconds since 1970) in a window of `window` seconds,
/// starting a new window where the last one has passed; the window as it stands after.
pub fn bump(conn: &mut DbConn, key: &str, now: i64, window: i64) -> Result<Window> {
    const BUMP: &str = "INSERT INTO throttle_counts (key, window_start, hits) VALUES ($1, $2, 1) \
        ON CONFLICT (key) DO UPDATE SET \
        hits = CASE WHEN throttle_counts.window_start + $3 <= $2 THEN 1 \
            ELSE throttle_counts.hits + 1 END, \
        window_start = CASE WHEN throttle_counts.window_start + $3 <= $2 THEN $2 \
            ELSE throttle_counts.window_start END \
        RETURNING hits, window_start";
    // Numbered parameters: `$1` on PostgreSQL, `?1` on SQLite.
    let sql = match conn {
        DbConn::Sqlite(_) => BUMP.replace('$', "?"),
        DbConn::Pg(_) => BUMP.to_owned(),
    };
    Ok(native!(conn, |c| diesel::sql_query(&sql)
        .bind::<Text, _>(key)
        .bind::<BigInt, _>(now)
        .bind::<BigInt, _>(window)
        .get_result(c))?)
}

/// The key's window at `now`, if one is running.
pub fn current(conn: &mut DbConn, key: &str, now: i64, window: i64) -> Result<Option<Window>> {
    let found: Option<(i64, i64)> = throttle_counts::table
        .find(key)
        .filter(throttle_counts::window_start.gt(now - window))
        .select((throttle_counts::hits, throttle_counts::window_start))
        .first(conn)
        .optional()?;
    Ok(found.map(|(hits, window_start)| Window { hits, window_start }))
}

pub fn clear(conn: &mut DbConn, key: &str) -> Result<usize> {
    Ok(diesel::delete(throttle_counts::table.find(key)).execute(conn)?)
}

/// Forgets the windows that started before `before`, all of them long passed.
pub fn sweep(conn: &mut DbConn, before: i64) -> Result<usize> {
    Ok(
        diesel::delete(throttle_counts::table.filter(throttle_counts::window_start.lt(before)))
            .execute(conn)?,
    )
}
