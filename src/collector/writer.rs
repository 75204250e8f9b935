//! The one thread that writes events to the store (a SQLite file, or PostgreSQL: one connection
//! per replica), fed by a bounded queue.
//!
//! Key decision: one writer instead of a connection per server thread. SQLite lets one writer in
//! at a time anyway; with a single one, the bodies waiting in the queue are written together in
//! one transaction (one disk sync for all, so ingest keeps up with many clients under
//! `synchronous=FULL`), and a full queue is refused at once as [`IngestError::Busy`] (503 with
//! `Retry-After`) instead of piling up connections until SQLite answers "database is locked".
//! A body's reply is sent only after its transaction committed.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::thread::{self, JoinHandle};

use tokio::sync::oneshot;

use super::{Body, IngestError, Ingested, Parsed, Store};

/// Bodies that may wait for the writer; a full queue is back-pressure. 64 batches of at most
/// 500 KB bound the memory they hold.
const QUEUE: usize = 64;

/// What the writer says about one body, once its transaction has committed (or failed).
pub type Pending = oneshot::Receiver<Result<Ingested, IngestError>>;

struct Job {
    parsed: Parsed,
    /// The sender's IP address, for the per-client limit on visitor receipts.
    client: Option<String>,
    done: oneshot::Sender<Result<Ingested, IngestError>>,
}

/// The handle the server keeps; dropping it lets the writer finish the queue and end.
pub struct Writer {
    queue: Option<SyncSender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Writer {
    /// Starts the writer thread, which owns `store` from now on.
    pub fn start(store: Store) -> Writer {
        let (queue, jobs) = sync_channel(QUEUE);
        let thread = thread::Builder::new()
            .name("helpfirst-writer".to_owned())
            .spawn(move || write(store, &jobs))
            .ok();
        Writer {
            queue: Some(queue),
            thread,
        }
    }

    /// Queues a valid body from `client` for storing, or refuses it at once when the queue is full.
    pub fn submit(&self, parsed: Parsed, client: Option<String>) -> Result<Pending, IngestError> {
        let (done, pending) = oneshot::channel();
        let queue = self.queue.as_ref().ok_or_else(stopped)?;
        match queue.try_send(Job {
            parsed,
            client,
            done,
        }) {
            Ok(()) => Ok(pending),
            Err(TrySendError::Full(_)) => Err(IngestError::Busy(
                "the collector is busy writing other events; send again shortly".to_owned(),
            )),
            Err(TrySendError::Disconnected(_)) => Err(stopped()),
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        // Closing the queue ends the thread once it has written what is already queued.
        self.queue.take();
        if let Some(thread) = self.thread.take() {
            // A writer that panicked has printed why; there is nothing more to report.
            let _ = thread.join();
        }
    }
}

fn stopped() -> IngestError {
    IngestError::Storage("the event writer has stopped".to_owned())
}

fn write(mut store: Store, jobs: &Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        group.extend(jobs.try_iter().take(QUEUE));
        let bodies: Vec<Body> = group
            .iter()
            .map(|job| Body {
                parsed: &job.parsed,
                client: job.client.as_deref(),
            })
            .collect();
        match store.store(&bodies) {
            Ok(results) => {
                for (job, result) in group.into_iter().zip(results) {
                    // A client that left before its answer still had its events stored.
                    let _ = job.done.send(Ok(result));
                }
            }
            Err(error) => {
                if let IngestError::Storage(message) = &error {
                    eprintln!("helpfirst: {message}");
                }
                for job in group {
                    let _ = job.done.send(Err(error.clone()));
                }
            }
        }
    }
}
