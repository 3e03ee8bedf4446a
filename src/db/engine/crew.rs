//! A fixed set of threads taking jobs from one queue: the database's readers and its SQLite
//! writer. A fixed set, rather than a thread per waiting request, keeps the threads that wait for
//! the database from outnumbering its connections and spending the cores on switching between
//! them.

use super::{Error, Result};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::thread::JoinHandle;

pub(super) struct Crew<J> {
    sender: Option<mpsc::Sender<J>>,
    threads: Vec<JoinHandle<()>>,
}

/// The queue as each thread of a crew sees it.
pub(super) struct Queue<J>(Mutex<mpsc::Receiver<J>>);

impl<J> Queue<J> {
    /// The next job, waiting for one; `None` once the crew is dropped and the queue is empty.
    pub(super) fn next(&self) -> Option<J> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recv()
            .ok()
    }

    /// The jobs already waiting, without waiting for more.
    pub(super) fn waiting(&self, most: usize) -> Vec<J> {
        let receiver = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        receiver.try_iter().take(most).collect()
    }
}

impl<J: Send + 'static> Crew<J> {
    /// Starts `count` threads named `name-N`, each running `work` on the shared queue.
    pub(super) fn start<F>(name: &str, count: usize, work: F) -> Result<Self>
    where
        F: Fn(&Queue<J>) + Send + Sync + 'static,
    {
        let (sender, receiver) = mpsc::channel();
        let queue = Arc::new(Queue(Mutex::new(receiver)));
        let work = Arc::new(work);
        let threads = (0..count.max(1))
            .map(|n| {
                let (queue, work) = (queue.clone(), work.clone());
                std::thread::Builder::new()
                    .name(format!("{name}-{n}"))
                    .spawn(move || work(&queue))
            })
            .collect::<std::io::Result<Vec<_>>>()
            .map_err(|e| Error::Setup(format!("cannot start the database threads: {e}")))?;
        Ok(Self {
            sender: Some(sender),
            threads,
        })
    }

    /// Queues `job`; false if the crew has stopped.
    pub(super) fn send(&self, job: J) -> bool {
        self.sender.as_ref().is_some_and(|s| s.send(job).is_ok())
    }
}

impl<J> Drop for Crew<J> {
    /// Lets the threads finish what was queued and waits for them, so that once the last handle
    /// to the database is dropped its connections are closed (SQLite checkpoints and removes its
    /// write-ahead log as the last one closes).
    fn drop(&mut self) {
        drop(self.sender.take());
        let me = std::thread::current().id();
        for thread in self.threads.drain(..) {
            if thread.thread().id() != me {
                let _ = thread.join();
            }
        }
    }
}
