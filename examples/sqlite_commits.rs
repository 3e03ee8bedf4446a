//! The write benchmark's reference (`scripts/bench.sh`): bare SQLite commits, one action-shaped
//! row per `BEGIN IMMEDIATE … COMMIT`, through the same bundled SQLite and with the pragmas bantay
//! sets (`src/db/connect.rs`: WAL, synchronous = FULL, foreign keys, busy timeout). No HTTP, no
//! JSON, no checks, no audit entry: what durable commits cost on this disk, one writer at a time.
//!
//! Usage: sqlite_commits DB_FILE SECONDS   (prints one JSON line)

use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, RunQueryDsl, SqliteConnection};
use std::time::{Duration, Instant};

const PRAGMAS: &[&str] = &[
    "PRAGMA busy_timeout = 5000",
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA synchronous = FULL",
];

const TABLE: &str = "CREATE TABLE IF NOT EXISTS actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    board_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    source_kind TEXT NOT NULL,
    source_id BIGINT,
    unit_id BIGINT NOT NULL,
    due_date DATE NOT NULL,
    status TEXT NOT NULL,
    verified_at TIMESTAMP,
    verified_by BIGINT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
)";

const INSERT: &str = "INSERT INTO actions (board_id, title, description, source_kind, unit_id, \
    due_date, status, created_at, updated_at) VALUES (?, ?, '', 'none', ?, '2027-01-15', 'open', ?, ?)";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(seconds)) = (args.next(), args.next()) else {
        return Err("usage: sqlite_commits DB_FILE SECONDS".into());
    };
    let run_for = Duration::from_secs_f64(seconds.parse()?);
    let mut conn = SqliteConnection::establish(&path)?;
    for pragma in PRAGMAS {
        diesel::sql_query(*pragma).execute(&mut conn)?;
    }
    diesel::sql_query(TABLE).execute(&mut conn)?;
    for index in [
        "CREATE INDEX IF NOT EXISTS actions_board ON actions (board_id, id)",
        "CREATE INDEX IF NOT EXISTS actions_unit ON actions (unit_id, id)",
        "CREATE INDEX IF NOT EXISTS actions_due ON actions (status, due_date)",
    ] {
        diesel::sql_query(index).execute(&mut conn)?;
    }
    let started = Instant::now();
    let mut commits: u64 = 0;
    while started.elapsed() < run_for {
        let now = chrono::Utc::now().naive_utc().to_string();
        conn.immediate_transaction(|c| {
            diesel::sql_query(INSERT)
                .bind::<BigInt, _>(2)
                .bind::<Text, _>(format!("Benchmark action {commits}"))
                .bind::<BigInt, _>(4)
                .bind::<Text, _>(&now)
                .bind::<Text, _>(&now)
                .execute(c)
        })?;
        commits += 1;
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "{{\"commits\": {commits}, \"seconds\": {elapsed:.3}, \"per_sec\": {:.1}}}",
        commits as f64 / elapsed
    );
    Ok(())
}
