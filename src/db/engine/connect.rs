//! Choosing the backend from the URL, opening connections, and migrating.

use super::{DbConn, Error, Result};
use diesel::connection::TransactionManager;
use diesel::r2d2::ManageConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
use std::path::PathBuf;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Any number: it only has to be the same for every instance that migrates the database.
const MIGRATION_LOCK: i64 = 0x6261_6e74_6179;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database location whose backend is known from its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// Accepts `postgres://`, `postgresql://`, `sqlite://PATH`, `sqlite:PATH` or a path ending in
    /// `.db`, `.sqlite` or `.sqlite3`; refuses everything else before anything is created.
    pub fn parse(raw: &str) -> Result<Self> {
        let url = raw.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() || path.starts_with(':') {
                return Err(Error::Setup(
                    "DATABASE_URL names no SQLite file: write sqlite://path/to/bantay.db".into(),
                ));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        let lower = url.to_ascii_lowercase();
        if !url.contains("://")
            && [".db", ".sqlite", ".sqlite3"]
                .iter()
                .any(|e| lower.ends_with(e))
        {
            return Ok(Self::Sqlite(PathBuf::from(url)));
        }
        let scheme = url.split_once("://").map_or(url, |(s, _)| s);
        Err(Error::Setup(format!(
            "unsupported DATABASE_URL '{scheme}://…': bantay runs on PostgreSQL (postgres://…) \
             or SQLite (sqlite://path/to/bantay.db, the default when DATABASE_URL is unset)"
        )))
    }

    pub fn backend(&self) -> Backend {
        match self {
            Self::Sqlite(_) => Backend::Sqlite,
            Self::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL without its password, fit for messages and logs.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => match (url.find("://"), url.rfind('@')) {
                (Some(start), Some(at)) if at > start => {
                    let user_info = &url[start + 3..at];
                    let user = user_info.split(':').next().unwrap_or_default();
                    format!("{}{user}@{}", &url[..start + 3], &url[at + 1..])
                }
                _ => url.clone(),
            },
        }
    }
}

pub struct Manager {
    url: DatabaseUrl,
}

impl Manager {
    pub fn new(url: DatabaseUrl) -> Self {
        Self { url }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = Error;

    fn connect(&self) -> Result<DbConn> {
        match &self.url {
            DatabaseUrl::Postgres(url) => {
                // libpq's OpenSSL must not register its exit-time cleanup: it would free state
                // under connections that other threads are still opening or closing at exit.
                openssl_sys::init();
                PgConnection::establish(url)
            }
            .map(DbConn::Pg)
            .map_err(|e| Error::Setup(format!("PostgreSQL refused the connection: {e}"))),
            DatabaseUrl::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                    .map_err(|e| Error::Setup(format!("cannot open {}: {e}", path.display())))?;
                configure_sqlite(&mut conn)?;
                Ok(DbConn::Sqlite(conn))
            }
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<()> {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    }

    /// A connection left inside a transaction (a panic mid-write, a failed rollback) must not
    /// go back to the pool: its next "BEGIN" would silently become a savepoint.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        let status =
            <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn);
        std::thread::panicking() || !matches!(status.transaction_depth(), Ok(None))
    }
}

#[derive(QueryableByName)]
struct JournalMode {
    #[diesel(sql_type = Text)]
    journal_mode: String,
}

#[derive(QueryableByName)]
struct ForeignKeys {
    #[diesel(sql_type = BigInt)]
    foreign_keys: i64,
}

#[derive(QueryableByName)]
struct BusyTimeout {
    #[diesel(sql_type = BigInt)]
    timeout: i64,
}

const BUSY_TIMEOUT_MS: i64 = 5000;

/// Sets the pragmas one at a time (diesel runs only the first statement of a string) and reads
/// each back: a connection on which they did not take is refused.
fn configure_sqlite(conn: &mut SqliteConnection) -> Result<()> {
    // The timeout first: switching a new file to WAL needs a lock another connection may hold.
    diesel::sql_query(format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")).execute(conn)?;
    let journal: JournalMode = diesel::sql_query("PRAGMA journal_mode = WAL").get_result(conn)?;
    diesel::sql_query("PRAGMA foreign_keys = ON").execute(conn)?;
    diesel::sql_query("PRAGMA synchronous = FULL").execute(conn)?;

    let fk: ForeignKeys = diesel::sql_query("PRAGMA foreign_keys").get_result(conn)?;
    let busy: BusyTimeout = diesel::sql_query("PRAGMA busy_timeout").get_result(conn)?;
    let mut problems = Vec::new();
    if !journal.journal_mode.eq_ignore_ascii_case("wal") {
        problems.push(format!(
            "journal_mode is {} instead of wal",
            journal.journal_mode
        ));
    }
    if fk.foreign_keys != 1 {
        problems.push("foreign_keys is off".to_owned());
    }
    if busy.timeout != BUSY_TIMEOUT_MS {
        problems.push(format!("busy_timeout is {} ms", busy.timeout));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Setup(format!(
            "SQLite did not accept the required settings: {}",
            problems.join("; ")
        )))
    }
}

pub(super) fn run_migrations(conn: &mut DbConn) -> Result<()> {
    let failed = |e: Box<dyn std::error::Error + Send + Sync>| {
        Error::Setup(format!("database migration failed: {e}"))
    };
    match conn {
        DbConn::Sqlite(c) => {
            c.run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(failed)?;
        }
        DbConn::Pg(c) => {
            // Several instances may start at once; one migrates while the others wait.
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(c)?;
            let outcome = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(|_| ());
            diesel::sql_query(format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})")).execute(c)?;
            outcome.map_err(failed)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backend_comes_from_the_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("postgresql://u@h/db").unwrap().backend(),
            Backend::Postgres
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/bantay.db").unwrap(),
            DatabaseUrl::Sqlite("data/bantay.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("/tmp/x.sqlite3").unwrap(),
            DatabaseUrl::Sqlite("/tmp/x.sqlite3".into())
        );
    }

    #[test]
    fn other_schemes_and_memory_databases_are_refused() {
        for url in [
            "mysql://x",
            "mariadb://root@localhost/db",
            "x",
            "sqlite::memory:",
            "sqlite://",
        ] {
            assert!(DatabaseUrl::parse(url).is_err(), "{url} should be refused");
        }
        let msg = DatabaseUrl::parse("mysql://x").unwrap_err().to_string();
        assert!(msg.contains("mysql"), "{msg}");
    }

    #[derive(QueryableByName)]
    struct CompileOption {
        #[diesel(sql_type = Text)]
        compile_options: String,
    }

    /// `.cargo/config.toml` builds SQLite with these: without the planner's stability guarantee
    /// every statement with `LIMIT ?` is compiled again each time it runs, and in serialised
    /// mode every call on a connection takes a lock that guards nothing here.
    #[test]
    fn sqlite_is_built_with_the_settings_of_cargo_config() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options: Vec<String> = diesel::sql_query("PRAGMA compile_options")
            .load::<CompileOption>(&mut conn)
            .unwrap()
            .into_iter()
            .map(|o| o.compile_options)
            .collect();
        for wanted in ["ENABLE_QPSG", "THREADSAFE=2"] {
            assert!(
                options.iter().any(|o| o == wanted),
                "SQLite was built without {wanted}: {options:?}"
            );
        }
    }

    #[test]
    fn passwords_never_reach_messages() {
        let url = DatabaseUrl::parse("postgres://bantay:s3cret@db.example/bantay").unwrap();
        assert_eq!(url.redacted(), "postgres://bantay@db.example/bantay");
    }
}
