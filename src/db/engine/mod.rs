//! The engine under the table files: SQLite or PostgreSQL chosen from the URL, the pools, the
//! reader threads, group commit on SQLite, transactions, migrations, and the fast paths every
//! request takes (`native!`, dates and words read by position).

/// Runs a query on the connection inside a [`DbConn`] rather than through it. Through it,
/// diesel's `MultiConnection` writes out the statement's SQL every time it runs one, twice (once
/// to learn whether it may be cached): a third of the instructions of a single read. On the inner
/// connection a prepared statement is found by its type. For the queries every request runs:
/// `native!(conn, |c| table.find(id).first(c))`.
macro_rules! native {
    ($conn:expr, |$c:ident| $query:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $query,
            $crate::db::DbConn::Pg($c) => $query,
        }
    };
}

mod batch;
pub mod bulk;
mod connect;
mod crew;
pub(super) mod stamp;
pub(super) mod word;

use crew::{Crew, Queue};
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::{ManageConnection, Pool, PooledConnection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Arc;

pub use connect::{Backend, DatabaseUrl};

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Pg(PgConnection),
    Sqlite(SqliteConnection),
}

/// What went wrong talking to the database, sorted by what a caller may want to say about it.
#[derive(Debug)]
pub enum Error {
    NotFound,
    UniqueViolation,
    ForeignKeyViolation,
    CheckViolation,
    /// Another process held the SQLite write lock past the busy timeout.
    Busy,
    Query(DieselError),
    Pool(String),
    Setup(String),
}

impl Error {
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Self::UniqueViolation)
    }

    /// The same failure, to tell another caller: a commit that fails fails every write in it.
    fn again(&self) -> Self {
        match self {
            Self::NotFound => Self::NotFound,
            Self::UniqueViolation => Self::UniqueViolation,
            Self::ForeignKeyViolation => Self::ForeignKeyViolation,
            Self::CheckViolation => Self::CheckViolation,
            Self::Busy => Self::Busy,
            Self::Query(e) => Self::Setup(format!("the commit failed: {e}")),
            Self::Pool(m) => Self::Pool(m.clone()),
            Self::Setup(m) => Self::Setup(m.clone()),
        }
    }
}

impl From<DieselError> for Error {
    fn from(e: DieselError) -> Self {
        match e {
            DieselError::NotFound => Self::NotFound,
            DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => {
                Self::UniqueViolation
            }
            DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _) => {
                Self::ForeignKeyViolation
            }
            DieselError::DatabaseError(DatabaseErrorKind::CheckViolation, _) => {
                Self::CheckViolation
            }
            DieselError::DatabaseError(_, info)
                if info.message().contains("database is locked") =>
            {
                Self::Busy
            }
            other => Self::Query(other),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFound => f.write_str("record not found"),
            Self::UniqueViolation => f.write_str("unique constraint violated"),
            Self::ForeignKeyViolation => f.write_str("foreign key constraint violated"),
            Self::CheckViolation => f.write_str("check constraint violated"),
            Self::Busy => f.write_str("the database is busy with another writer"),
            Self::Query(e) => write!(f, "query failed: {e}"),
            Self::Pool(e) => write!(f, "no database connection: {e}"),
            Self::Setup(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The advisory lock every PostgreSQL write transaction holds until it ends.
const WRITE_LOCK: i64 = 0x6261_6e74_6177;

type ConnPool = Pool<connect::Manager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Open {
    Prepare,
    AsItIs,
}

/// Handle to the database, cheap to clone. Work runs on the blocking thread pool.
///
/// Write transactions are serialised, so that a rule checked inside one (no cycle in a tree, at
/// least one admin, the audit chain's next link) still holds when it commits. SQLite allows one
/// writer anyway: writes there go through a pool of one connection and open with
/// `BEGIN IMMEDIATE`, and the service's writes share commits ([`batch`]). On PostgreSQL every
/// write transaction takes one advisory lock shared by all instances. Readers never wait for
/// writers.
#[derive(Clone)]
pub struct Db {
    readers: ConnPool,
    writer: ConnPool,
    /// SQLite's group commit, in front of `writer`.
    batches: Option<batch::Batches>,
    /// The threads that run reads, one per connection in `readers`.
    reading: Arc<Crew<ReadJob>>,
}

/// A read with its reply, as the reader threads take it.
type ReadJob = Box<dyn FnOnce() + Send>;

impl Db {
    /// Opens the database. [`Open::Prepare`] creates a missing SQLite file and applies pending
    /// migrations; [`Open::AsItIs`] changes nothing, for commands that only inspect.
    pub fn open(url: &DatabaseUrl, pool_size: u32, mode: Open) -> Result<Self> {
        if let DatabaseUrl::Sqlite(path) = url {
            prepare_sqlite_file(path, mode == Open::Prepare)?;
        }
        // One connection first, outside the pool: a refused connection fails at once with the
        // server's own words, and the schema is current before the pools open.
        let mut first = connect::Manager::new(url.clone()).connect()?;
        if mode == Open::Prepare {
            connect::run_migrations(&mut first)?;
        }
        drop(first);
        // A SQLite connection is a file handle that cannot drop; asking it `SELECT 1` on every
        // checkout cost a query per request. A PostgreSQL connection can, so it is still asked.
        let test_on_checkout = url.backend() == Backend::Postgres;
        let build = |size: u32| {
            Pool::builder()
                .max_size(size.max(1))
                .min_idle(Some(1))
                .test_on_check_out(test_on_checkout)
                .connection_timeout(std::time::Duration::from_secs(10))
                .build(connect::Manager::new(url.clone()))
                .map_err(|e| Error::Setup(format!("cannot connect to {}: {e}", url.redacted())))
        };
        let pool_size = readers_for(url.backend(), pool_size);
        let readers = build(pool_size)?;
        let (writer, batches) = match url {
            DatabaseUrl::Sqlite(_) => {
                let writer = build(1)?;
                (writer.clone(), Some(batch::Batches::start(writer)?))
            }
            DatabaseUrl::Postgres(_) => (readers.clone(), None),
        };
        let reading = Crew::start(
            "bantay-reader",
            pool_size as usize,
            |queue: &Queue<ReadJob>| {
                while let Some(read) = queue.next() {
                    // A read that panics answers its caller with an error (its reply is dropped).
                    let _ = catch_unwind(AssertUnwindSafe(read));
                }
            },
        )?;
        Ok(Self {
            readers,
            writer,
            batches,
            reading: Arc::new(reading),
        })
    }

    /// Runs read-only work on a pooled connection, on one of the reader threads.
    pub async fn read<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let pool = self.readers.clone();
        let (reply, answer) = tokio::sync::oneshot::channel();
        let read: ReadJob = Box::new(move || {
            let result = checkout(&pool)
                .map_err(E::from)
                .and_then(|mut conn| in_read_transaction(&mut conn, f));
            let _ = reply.send(result);
        });
        if !self.reading.send(read) {
            return Err(E::from(Error::Setup(
                "the database readers have stopped".into(),
            )));
        }
        answer
            .await
            .map_err(|_| E::from(Error::Setup("the database read failed unexpectedly".into())))?
    }

    /// Runs work in one write transaction: everything `f` does commits together or not at all.
    pub async fn write<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        if let Some(batches) = &self.batches {
            return batches.write(f).await;
        }
        let db = self.clone();
        run_blocking(move || db.write_blocking(f)).await
    }

    /// The blocking form of [`Db::write`], for the command line.
    pub fn write_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<Error>,
    {
        let mut conn = checkout(&self.writer)?;
        in_write_transaction(&mut conn, f)
    }

    /// The blocking form of [`Db::read`], for the command line.
    pub fn read_blocking<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<Error>,
    {
        let mut conn = checkout(&self.readers)?;
        in_read_transaction(&mut conn, f)
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        self.read(|conn| {
            diesel::sql_query("SELECT 1").execute(conn)?;
            Ok(())
        })
        .await
    }
}

/// How many connections (and reader threads) serve reads. On SQLite a read is the CPU's work on
/// pages in memory, or a short wait on the disk: beyond two threads a core they only take turns,
/// each turn a switch between threads (a 50-row list page served 8% more requests a second with
/// four readers than with eight on two cores). A PostgreSQL read mostly waits for the server.
fn readers_for(backend: Backend, pool_size: u32) -> u32 {
    match backend {
        Backend::Sqlite => {
            let cores = std::thread::available_parallelism().map_or(1, usize::from);
            pool_size.min(u32::try_from(2 * cores).unwrap_or(u32::MAX))
        }
        Backend::Postgres => pool_size,
    }
}

fn checkout(pool: &ConnPool) -> Result<PooledConnection<connect::Manager>> {
    pool.get().map_err(|e| Error::Pool(e.to_string()))
}

async fn run_blocking<T, E, F>(f: F) -> Result<T, E>
where
    F: FnOnce() -> Result<T, E> + Send + 'static,
    T: Send + 'static,
    E: From<Error> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| E::from(Error::Setup(format!("database task failed: {e}"))))?
}

fn in_write_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<Error>,
{
    let begun = match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"),
        DbConn::Pg(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN").and_then(|_| {
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({WRITE_LOCK})"))
                .execute(c)
                .map(|_| ())
        }),
    };
    if let Err(e) = begun {
        if let DbConn::Pg(c) = conn {
            let _ = AnsiTransactionManager::rollback_transaction(c);
        }
        return Err(E::from(e.into()));
    }
    let done = f(conn);
    end_transaction(conn, done)
}

/// On SQLite the statements of one read share one read transaction: one snapshot, and one take
/// and release of the write-ahead log's read lock (a pair of `fcntl` calls) where each statement
/// took its own, six pairs for a single record. On PostgreSQL a read stays in autocommit, where
/// `BEGIN` and `COMMIT` would be two more round trips.
fn in_read_transaction<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<Error>,
{
    let DbConn::Sqlite(c) = conn else {
        return f(conn);
    };
    AnsiTransactionManager::begin_transaction(c).map_err(|e| E::from(e.into()))?;
    let done = f(conn);
    end_transaction(conn, done)
}

/// Commits when `done` succeeded, rolls back when it failed.
fn end_transaction<T, E: From<Error>>(conn: &mut DbConn, done: Result<T, E>) -> Result<T, E> {
    match done {
        Ok(value) => {
            <DbConn as Connection>::TransactionManager::commit_transaction(conn)
                .map_err(|e| E::from(e.into()))?;
            Ok(value)
        }
        Err(e) => {
            // The caller's error says more than a failed rollback would.
            let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
            Err(e)
        }
    }
}

fn prepare_sqlite_file(path: &Path, create: bool) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    if !create {
        return Err(Error::Setup(format!(
            "no database at {}: run `bantay migrate` or `bantay serve` first, or set DATABASE_URL",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Setup(format!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct LastId {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// The id the last insert on this connection generated.
pub(crate) fn last_insert_id(conn: &mut DbConn) -> Result<i64> {
    let row: LastId = match conn {
        DbConn::Sqlite(c) => diesel::sql_query("SELECT last_insert_rowid() AS id").get_result(c)?,
        DbConn::Pg(c) => diesel::sql_query("SELECT lastval() AS id").get_result(c)?,
    };
    Ok(row.id)
}

/// Reads a nullable id column into `Option<SomeId>`: `#[diesel(deserialize_as = NullableId)]`.
pub struct NullableId(Option<i64>);

impl<DB> diesel::Queryable<diesel::sql_types::Nullable<diesel::sql_types::BigInt>, DB>
    for NullableId
where
    DB: diesel::backend::Backend,
    Option<i64>: diesel::deserialize::FromStaticSqlRow<
            diesel::sql_types::Nullable<diesel::sql_types::BigInt>,
            DB,
        >,
{
    type Row = Option<i64>;

    fn build(row: Option<i64>) -> diesel::deserialize::Result<Self> {
        Ok(Self(row))
    }
}

impl<T: From<i64>> From<NullableId> for Option<T> {
    fn from(id: NullableId) -> Self {
        id.0.map(T::from)
    }
}
