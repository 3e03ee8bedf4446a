//! Group commit for SQLite: writes that arrive while the last commit is being made durable wait
//! together and share the next `COMMIT`, each inside its own savepoint. A write whose work fails
//! is rolled back to its savepoint alone; no caller hears of success before the commit holding its
//! write has returned, and a commit that fails is the failure of every write in it.
//!
//! With `synchronous = FULL` every commit waits for the disk; sharing it is what lets concurrent
//! writers go faster than one commit at a time. The writes still run one after another, so a rule
//! checked inside one (the audit chain's next link, say) holds when it commits.

use super::crew::{Crew, Queue};
use super::{ConnPool, DbConn, Error, Result, checkout};
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

/// The most writes one commit takes; more wait for the next.
const MOST_PER_COMMIT: usize = 64;

/// The queue in front of the one SQLite writer connection. Cloning shares the queue; dropping
/// the last clone waits for the writer to finish and close its connection.
#[derive(Clone)]
pub struct Batches(Arc<Crew<Box<dyn Write>>>);

impl Batches {
    /// Starts the writer thread on `pool` (one connection).
    pub fn start(pool: ConnPool) -> Result<Self> {
        let writer = Crew::start("bantay-writer", 1, move |queue: &Queue<Box<dyn Write>>| {
            while let Some(first) = queue.next() {
                let mut batch = vec![first];
                batch.extend(queue.waiting(MOST_PER_COMMIT - 1));
                commit(&pool, batch);
            }
        })?;
        Ok(Self(Arc::new(writer)))
    }

    /// Queues `work` for the next commit and waits for that commit.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<Error> + Send + 'static,
    {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let pending = Pending {
            work: Some(work),
            outcome: None,
            reply,
        };
        if !self.0.send(Box::new(pending)) {
            return Err(E::from(Error::Setup(
                "the database writer has stopped".into(),
            )));
        }
        answer.await.map_err(|_| {
            E::from(Error::Setup(
                "the database writer stopped before answering".into(),
            ))
        })?
    }
}

/// One queued write, with the caller waiting for its result.
trait Write: Send {
    /// Does the work on the batch's connection; whether it succeeded.
    fn run(&mut self, conn: &mut DbConn) -> bool;
    /// Answers the caller: the work's own result, unless `failed` says the batch did not commit.
    fn answer(self: Box<Self>, failed: Option<Error>);
}

struct Pending<T, E, F> {
    work: Option<F>,
    outcome: Option<Result<T, E>>,
    reply: tokio::sync::oneshot::Sender<Result<T, E>>,
}

impl<T, E, F> Write for Pending<T, E, F>
where
    F: FnOnce(&mut DbConn) -> Result<T, E> + Send,
    T: Send,
    E: From<Error> + Send,
{
    fn run(&mut self, conn: &mut DbConn) -> bool {
        let Some(work) = self.work.take() else {
            return false;
        };
        let outcome = work(conn);
        let succeeded = outcome.is_ok();
        self.outcome = Some(outcome);
        succeeded
    }

    fn answer(self: Box<Self>, failed: Option<Error>) {
        let result = match (self.outcome, failed) {
            // Its own refusal stands, whatever became of the others.
            (Some(Err(refused)), _) => Err(refused),
            (Some(Ok(value)), None) => Ok(value),
            (_, Some(e)) => Err(E::from(e)),
            (None, None) => Err(E::from(Error::Setup(
                "the write stopped unexpectedly and was rolled back".into(),
            ))),
        };
        // A caller that went away (its request was cancelled) needs no answer.
        let _ = self.reply.send(result);
    }
}

fn commit(pool: &ConnPool, mut batch: Vec<Box<dyn Write>>) {
    let outcome = checkout(pool).and_then(|mut conn| run_batch(&mut conn, &mut batch));
    for write in batch {
        write.answer(outcome.as_ref().err().map(Error::again));
    }
}

fn run_batch(conn: &mut DbConn, batch: &mut [Box<dyn Write>]) -> Result<()> {
    let DbConn::Sqlite(sqlite) = conn else {
        return Err(Error::Setup("group commit is for SQLite only".into()));
    };
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    let ran = batch
        .iter_mut()
        .try_for_each(|write| in_savepoint(conn, write.as_mut()));
    let committed = ran.and_then(|()| {
        <DbConn as Connection>::TransactionManager::commit_transaction(conn).map_err(Error::from)
    });
    if committed.is_err() {
        let _ = <DbConn as Connection>::TransactionManager::rollback_transaction(conn);
    }
    committed
}

/// Runs one write inside a savepoint of the batch's transaction: kept if it succeeded, undone if
/// it failed or panicked.
fn in_savepoint(conn: &mut DbConn, write: &mut dyn Write) -> Result<()> {
    type Manager = <DbConn as Connection>::TransactionManager;
    Manager::begin_transaction(conn)?;
    let succeeded = catch_unwind(AssertUnwindSafe(|| write.run(conn))).unwrap_or(false);
    if succeeded {
        Manager::commit_transaction(conn)?;
    } else {
        Manager::rollback_transaction(conn)?;
    }
    Ok(())
}
