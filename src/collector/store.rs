//! The event store: opening it safely and writing a body's events, in a SQLite file or (see
//! `postgres`) a PostgreSQL database, behind one type, so the writer and the handlers never ask
//! which.
//!
//! Key decision for SQLite: WAL with `synchronous=FULL`, so an event acknowledged to a client
//! survives a crash or `kill -9` while a person reading with `sqlite3` never blocks the writers;
//! and each body is one transaction, so it is stored whole or not at all.

use std::cell::RefCell;
use std::path::Path;
use std::time::{Duration, SystemTime};

use rusqlite::{params, Connection, ErrorCode, Transaction, TransactionBehavior};

use super::parse::{parse, Parsed, Shape};
use super::rows::{self, Filter, Row};
use super::{postgres, time, Database, IngestError, Ingested};

/// Release 1's layout, step 1 of `migrations`. Kept readable on purpose: `sqlite3 helpfirst.db
/// .schema` shows it, comments included.
pub(super) const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    message_id   TEXT PRIMARY KEY,  -- the client's id for the event; a resend is ignored
    type         TEXT NOT NULL,     -- track, page or identify
    event        TEXT,              -- the track event's name
    anonymous_id TEXT,
    timestamp    TEXT,              -- when it happened, by the client's clock
    received_at  TEXT NOT NULL,     -- when it arrived, by the server's clock (UTC, RFC 3339)
    properties   TEXT,              -- JSON object
    context      TEXT,              -- JSON object, the batch's context merged under the event's
    raw          TEXT NOT NULL      -- the whole event as JSON
);
CREATE INDEX IF NOT EXISTS events_by_event_and_time ON events (event, timestamp);
CREATE TABLE IF NOT EXISTS losses (
    received_at TEXT NOT NULL,      -- when the report arrived
    dropped     INTEGER NOT NULL    -- events a browser says it could not keep or deliver
);
";

const INSERT: &str = "
INSERT OR IGNORE INTO events
    (message_id, type, event, anonymous_id, timestamp, received_at, properties, context, raw)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// One connection to the event store. Each thread that writes opens its own.
pub struct Store {
    backend: Backend,
    /// What a stored `Handoff Requested` event is queued for (see `notify`); nothing when the
    /// collector runs without notification settings.
    handoffs: crate::notify::Queueing,
}

enum Backend {
    Sqlite(Connection),
    /// The connection (a cell: reading needs it mutably, and a store belongs to one thread) and
    /// its URL, to connect again after the database restarted.
    Postgres(Box<RefCell<::postgres::Client>>, String),
}

impl Store {
    /// Opens the event store `--db` names (a SQLite file, or a `postgres://` URL: see
    /// [`Database`]), creating it if it is missing and migrating its schema.
    pub fn open(path: &Path) -> Result<Store, String> {
        Store::connect(&Database::from_path(path))
    }

    /// Opens the event store at `database`, migrating its schema (see `migrations`).
    pub fn connect(database: &Database) -> Result<Store, String> {
        let backend = match database {
            Database::Sqlite(path) => Backend::Sqlite(open_sqlite(path)?),
            Database::Postgres(url) => {
                Backend::Postgres(Box::new(RefCell::new(postgres::connect(url)?)), url.clone())
            }
        };
        Ok(Store {
            backend,
            handoffs: crate::notify::Queueing::default(),
        })
    }

    /// Queues a notification on each channel (and the visitor's receipt, when on) for every
    /// handoff this store keeps from now on, in the transaction that stores it.
    pub fn notify_handoffs(mut self, queueing: crate::notify::Queueing) -> Store {
        self.handoffs = queueing;
        self
    }

    /// Each handoff's delivery, by its event's `messageId`, for the report.
    pub fn deliveries(
        &self,
    ) -> Result<std::collections::BTreeMap<String, Vec<(String, crate::notify::Delivery)>>, String>
    {
        let fail = |error: String| format!("could not read the notifications: {error}");
        match &self.backend {
            Backend::Sqlite(connection) => crate::notify::outbox::deliveries(connection)
                .map_err(|error| fail(error.to_string())),
            Backend::Postgres(client, _) => {
                crate::notify::outbox::postgres::deliveries(&mut client.borrow_mut())
                    .map_err(|error| fail(error.to_string()))
            }
        }
    }

    /// Validates a request body of the given shape and stores its events, skipping any whose
    /// `messageId` is already stored.
    pub fn ingest(&mut self, shape: Shape, body: &[u8]) -> Result<Ingested, IngestError> {
        let parsed = parse(body, shape)?;
        let mut stored = self.store(&[Body {
            parsed: &parsed,
            client: None,
        }])?;
        Ok(stored.remove(0))
    }

    /// Stores already validated bodies in one transaction (one disk sync for all of them), and
    /// says what each did. On an error none is stored.
    pub fn store(&mut self, bodies: &[Body]) -> Result<Vec<Ingested>, IngestError> {
        let received_at = time::rfc3339(SystemTime::now());
        let handoffs = &self.handoffs;
        match &mut self.backend {
            Backend::Sqlite(connection) => insert(connection, bodies, handoffs, &received_at)
                .map_err(|error| {
                    let message = format!("could not store the events: {error}");
                    match error.sqlite_error_code() {
                        // Another program holds the file's write lock (busy_timeout has run
                        // out): a resend later will succeed, so this is back-pressure.
                        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
                            IngestError::Busy(message)
                        }
                        _ => IngestError::Storage(message),
                    }
                }),
            Backend::Postgres(client, url) => {
                let client = client.get_mut();
                // The database restarted or the network dropped: connect again rather than
                // refuse every body from now on.
                if client.is_closed() {
                    *client = postgres::open(url).map_err(IngestError::Busy)?;
                }
                postgres::store(client, bodies, handoffs, &received_at)
                    .map_err(|error| postgres::classify(&error))
            }
        }
    }

    /// The stored events that pass `filter`, in the order they were received.
    pub fn rows(&self, filter: &Filter) -> Result<Vec<Row>, String> {
        let fail = |error: String| format!("could not read the events: {error}");
        match &self.backend {
            Backend::Sqlite(connection) => {
                rows::read(connection, filter).map_err(|error| fail(error.to_string()))
            }
            Backend::Postgres(client, _) => postgres::rows(&mut client.borrow_mut(), filter)
                .map_err(|error| fail(error.to_string())),
        }
    }
}

fn open_sqlite(path: &Path) -> Result<Connection, String> {
    let fail =
        |error: rusqlite::Error| format!("cannot open the event store {}: {error}", path.display());
    let mut connection = Connection::open(path).map_err(fail)?;
    // Several connections (one per server worker) write to the same file: wait for each
    // other's transactions rather than fail with "database is locked".
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(fail)?;
    let mode: String = connection
        .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
        .map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(format!(
            "cannot open the event store {}: SQLite would not use WAL mode (it kept {mode}); \
             is the file on a network drive?",
            path.display()
        ));
    }
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(fail)?;
    super::migrations::sqlite(&mut connection)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    Ok(connection)
}

fn insert(
    connection: &mut Connection,
    bodies: &[Body],
    handoffs: &crate::notify::Queueing,
    received_at: &str,
) -> rusqlite::Result<Vec<Ingested>> {
    // IMMEDIATE takes the write lock up front, where busy_timeout waits for it, rather than
    // failing midway if another connection wrote first.
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let mut ingested = Vec::with_capacity(bodies.len());
    for body in bodies {
        ingested.push(insert_body(&transaction, body, handoffs, received_at)?);
    }
    transaction.commit()?;
    Ok(ingested)
}

/// A validated request body and the IP address it came from (which limits how many visitor
/// receipts its handoffs may trigger; `None` where no client is known).
pub struct Body<'a> {
    pub parsed: &'a Parsed,
    pub client: Option<&'a str>,
}

fn insert_body(
    transaction: &Transaction,
    body: &Body,
    handoffs: &crate::notify::Queueing,
    received_at: &str,
) -> rusqlite::Result<Ingested> {
    let parsed = body.parsed;
    let events = &parsed.events;
    let mut stored = 0;
    {
        let mut insert = transaction.prepare_cached(INSERT)?;
        for event in events {
            let added = insert.execute(params![
                event.message_id,
                event.kind,
                event.event,
                event.anonymous_id,
                event.timestamp,
                received_at,
                event.properties,
                event.context,
                event.raw,
            ])?;
            stored += added;
            // The schema only admits a handoff with `consent: true`; a resent one adds nothing.
            let handoff = event.event.as_deref() == Some("Handoff Requested");
            if added == 1 && handoff && *handoffs != crate::notify::Queueing::default() {
                crate::notify::outbox::enqueue(
                    transaction,
                    &event.message_id,
                    handoffs,
                    received_at,
                    &visitor(event),
                    body.client,
                )?;
            }
        }
    }
    if parsed.dropped > 0 {
        transaction.execute(
            "INSERT INTO losses (received_at, dropped) VALUES (?1, ?2)",
            params![
                received_at,
                i64::try_from(parsed.dropped).unwrap_or(i64::MAX)
            ],
        )?;
    }
    Ok(Ingested {
        stored,
        duplicates: events.len() - stored,
    })
}

/// A handoff's reply address: the visitor's, as the receipt is sent to it.
pub(super) fn visitor(event: &super::parse::Event) -> String {
    event
        .properties
        .as_deref()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
        .and_then(|p| p.get("email")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}
