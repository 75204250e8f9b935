//! The event collector: the embedded default endpoint that keeps the widget's Segment-spec events
//! in a SQLite file a person can query with `sqlite3`.
//!
//! It owns the ingest rules (body shapes, validation, limits, idempotency) and the table, so the
//! demo server and any other front end (such as a standalone `collect` command) store events
//! identically. Key decision: a body is all or nothing, so a client that sees a 2xx knows every
//! event is durably stored and one that sees an error knows none is, and can safely resend.

mod parse;
mod rows;
mod schema;
mod store;
mod time;

pub use parse::{Shape, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_EVENT_BYTES};
pub use rows::{Filter, Row};
pub use schema::EVENTS_SCHEMA;
pub use store::Store;

/// What storing a body did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ingested {
    /// Events stored for the first time.
    pub stored: usize,
    /// Events whose `messageId` was already stored (or repeated in the body), so were skipped.
    pub duplicates: usize,
}

/// Why a body was not stored. In every case none of its events were.
#[derive(Debug, PartialEq, Eq)]
pub enum IngestError {
    /// The body is over the size limit for its shape.
    TooLarge(String),
    /// The body breaks the rules: every problem, each naming where it is (`batch[3].messageId`).
    Invalid(Vec<String>),
    /// SQLite failed while writing.
    Storage(String),
}
