//! The event store on PostgreSQL: the same tables, rules and guarantees as the SQLite file, for
//! several collector replicas sharing one database.
//!
//! Key decision: the same shape as the SQLite side (one synchronous connection per thread, each
//! group of bodies in one transaction, a reply only after `COMMIT`) so the writer, the worker and
//! the handlers do not change with the store. Exactly once across replicas comes from the
//! database, not from any replica: `ON CONFLICT (message_id) DO NOTHING` makes a second insert of
//! the same `messageId` wait for the first one's transaction and then add nothing.

use std::collections::HashSet;
use std::time::Duration;

use postgres::error::SqlState;
use postgres::{Client, NoTls, Transaction};

use super::rows::{Filter, Row};
use super::store::Body;
use super::{IngestError, Ingested};
use crate::notify::outbox::postgres as outbox;
use crate::notify::Queueing;

/// How long opening a connection may take when the URL does not say (`connect_timeout`).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A body's events in one statement (one round trip, however many events), column by column as
/// arrays, inserted in the body's order so `seq` keeps it; the ids it stored come back.
const INSERT: &str = "
INSERT INTO events
    (message_id, type, event, anonymous_id, timestamp, received_at, properties, context, raw)
SELECT message_id, type, event, anonymous_id, timestamp, $6, properties, context, raw
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $7::text[], $8::text[],
            $9::text[])
     WITH ORDINALITY AS body (message_id, type, event, anonymous_id, timestamp, properties,
                              context, raw, position)
ORDER BY position
ON CONFLICT (message_id) DO NOTHING
RETURNING message_id";

const SELECT: &str = "
SELECT message_id, type, event, anonymous_id, timestamp, received_at, properties, context, raw
FROM events
WHERE ($1::text IS NULL OR received_at >= $1)
  AND ($2::text IS NULL OR received_at < $2)
  AND ($3::text IS NULL OR event = $3)
ORDER BY received_at, seq";

/// Opens a connection without TLS (a collector reaches its database on loopback or a private
/// network) and brings the schema up to date.
pub fn connect(url: &str) -> Result<Client, String> {
    let mut client = open(url)?;
    super::migrations::postgres(&mut client)?;
    Ok(client)
}

/// Opens a connection only, for the threads that come after the one that migrated.
pub fn open(url: &str) -> Result<Client, String> {
    let shown = super::Database::Postgres(url.to_owned()).describe();
    let mut config: postgres::Config = url
        .parse()
        .map_err(|error| format!("--db {shown}: not a PostgreSQL URL: {error}"))?;
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config
        .connect(NoTls)
        .map_err(|error| format!("cannot open the event store {shown}: {error}"))
}

/// Stores the bodies in one transaction; see `Store::store`.
pub fn store(
    client: &mut Client,
    bodies: &[Body],
    handoffs: &Queueing,
    received_at: &str,
) -> Result<Vec<Ingested>, postgres::Error> {
    let mut transaction = client.transaction()?;
    let mut ingested = Vec::with_capacity(bodies.len());
    for body in bodies {
        ingested.push(insert_body(&mut transaction, body, handoffs, received_at)?);
    }
    transaction.commit()?;
    Ok(ingested)
}

fn insert_body(
    transaction: &mut Transaction,
    body: &Body,
    handoffs: &Queueing,
    received_at: &str,
) -> Result<Ingested, postgres::Error> {
    let parsed = body.parsed;
    let events = &parsed.events;
    let column = |field: fn(&super::parse::Event) -> Option<&str>| -> Vec<Option<&str>> {
        events.iter().map(field).collect()
    };
    let inserted = transaction.query(
        INSERT,
        &[
            &column(|e| Some(&e.message_id)),
            &column(|e| Some(&e.kind)),
            &column(|e| e.event.as_deref()),
            &column(|e| e.anonymous_id.as_deref()),
            &column(|e| Some(&e.timestamp)),
            &received_at,
            &column(|e| e.properties.as_deref()),
            &column(|e| e.context.as_deref()),
            &column(|e| Some(&e.raw)),
        ],
    )?;
    let mut new: HashSet<String> = inserted.iter().map(|row| row.get(0)).collect();
    let stored = new.len();
    if *handoffs != Queueing::default() {
        for event in events {
            // Only a handoff stored now (not a resend, nor its repeat in this body) is queued.
            let handoff = event.event.as_deref() == Some("Handoff Requested");
            if handoff && new.remove(&event.message_id) {
                outbox::enqueue(
                    transaction,
                    &event.message_id,
                    handoffs,
                    received_at,
                    &super::store::visitor(event),
                    body.client,
                )?;
            }
        }
    }
    if parsed.dropped > 0 {
        transaction.execute(
            "INSERT INTO losses (received_at, dropped) VALUES ($1, $2)",
            &[
                &received_at,
                &i64::try_from(parsed.dropped).unwrap_or(i64::MAX),
            ],
        )?;
    }
    Ok(Ingested {
        stored,
        duplicates: events.len() - stored,
    })
}

/// Back-pressure or failure: what the client is told when a transaction did not commit.
pub fn classify(error: &postgres::Error) -> IngestError {
    let message = format!("could not store the events: {error}");
    let code = error.code().map(SqlState::code).unwrap_or_default();
    // A lost connection, a database restarting, a deadlock between two replicas' batches or a
    // full connection table: nothing was committed, and the same body later will be.
    let retry = error.is_closed()
        || code.starts_with("08")
        || code.starts_with("53")
        || code.starts_with("57P")
        || code == SqlState::T_R_DEADLOCK_DETECTED.code()
        || code == SqlState::T_R_SERIALIZATION_FAILURE.code();
    if retry {
        IngestError::Busy(message)
    } else {
        IngestError::Storage(message)
    }
}

/// The stored events that pass `filter`, in the order they were received.
pub fn rows(client: &mut Client, filter: &Filter) -> Result<Vec<Row>, postgres::Error> {
    let rows = client.query(SELECT, &[&filter.since, &filter.until, &filter.event])?;
    Ok(rows
        .iter()
        .map(|row| Row {
            message_id: row.get(0),
            kind: row.get(1),
            event: row.get(2),
            anonymous_id: row.get(3),
            timestamp: row.get(4),
            received_at: row.get(5),
            properties: row.get(6),
            context: row.get(7),
            raw: row.get(8),
        })
        .collect())
}
