//! The event collector: the embedded default endpoint that keeps the widget's Segment-spec events
//! in a SQLite file a person can query with `sqlite3`, or, past one machine, in PostgreSQL
//! (`database`, `postgres`), with the same schema (`migrations`) and the same guarantees.
//!
//! It owns the ingest rules (body shapes, validation, limits, idempotency) and the table, so the
//! demo server and any other front end (such as a standalone `collect` command) store events
//! identically. Key decision: a body is all or nothing, so a client that sees a 2xx knows every
//! event is durably stored and one that sees an error knows none is, and can safely resend.

mod database;
pub mod migrations;
mod parse;
pub mod postgres;
mod rows;
mod schema;
mod store;
mod time;
mod writer;

pub use database::Database;
pub use parse::{
    body_limit, parse, too_large, Parsed, Shape, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_DROPPED,
    MAX_EVENT_BYTES, MAX_STORED_BATCH_BYTES,
};
pub use rows::{Filter, Row};
pub use schema::EVENTS_SCHEMA;
pub use store::{Body, Store};
pub use writer::{Pending, Writer};

/// What storing a body did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ingested {
    /// Events stored for the first time.
    pub stored: usize,
    /// Events whose `messageId` was already stored (or repeated in the body), so were skipped.
    pub duplicates: usize,
}

/// Why a body was not stored. In every case none of its events were.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IngestError {
    /// The body is over the size limit for its shape.
    TooLarge(String),
    /// The body breaks the rules: every problem, each naming where it is (`batch[3].messageId`).
    Invalid(Vec<String>),
    /// Another program held the file's write lock too long, or the writer's queue is full: none
    /// was stored, and the same body sent again later will be.
    Busy(String),
    /// The store (SQLite or PostgreSQL) failed while writing.
    Storage(String),
}
