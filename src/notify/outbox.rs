//! The transactional outbox: one row per handoff and channel, written in the same SQLite (or, see
//! `postgres`, PostgreSQL) transaction that stores the `Handoff Requested` event, and worked off by the worker.
//!
//! Key decision: the row is the only record of what is owed. It is inserted with the event (so an
//! acknowledged handoff always has it, even after `kill -9`), keyed by the event's `messageId` and
//! the channel (so a resent batch cannot queue a second one), and an attempt *claims* it by moving
//! its next try into the future before anything is sent (so a crash mid-send retries later rather
//! than never, and two workers cannot send the same row at once).

pub mod postgres;

use std::collections::BTreeMap;

use rusqlite::{params, Connection, OptionalExtension};

use super::config::Queueing;

/// Kept readable on purpose: `sqlite3 helpfirst.db .schema` shows it, comments included.
pub const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS notifications (
    message_id  TEXT NOT NULL,     -- the Handoff Requested event this tells someone about
    channel     TEXT NOT NULL,     -- email or webhook
    queued_at   TEXT NOT NULL,     -- when the event was stored (UTC, RFC 3339)
    state       TEXT NOT NULL,     -- pending, delivered or failed
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,     -- when the worker tries next, while pending
    last_error  TEXT,              -- why the last attempt failed
    done_at     TEXT,              -- when it was delivered, or given up
    recipient   TEXT,              -- receipts only: the visitor's address, for the daily limit
    client      TEXT,              -- receipts only: the IP address that sent the request
    PRIMARY KEY (message_id, channel)
);
CREATE INDEX IF NOT EXISTS notifications_due ON notifications (state, next_try_at);
";

/// A notification the worker may try now.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    pub message_id: String,
    pub channel: String,
    pub queued_at: String,
    pub attempts: u32,
}

/// Where one channel's notification stands, for the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    Delivered {
        at: String,
    },
    Pending {
        attempts: u32,
        next_try_at: String,
        last_error: Option<String>,
    },
    Failed {
        at: String,
        reason: String,
    },
    /// Deliberately not sent (a visitor receipt over its daily limit).
    Skipped {
        reason: String,
    },
}

impl Delivery {
    /// A stored notification row's columns (`state`, `attempts`, `next_try_at`, `last_error`,
    /// `done_at`) read the same way from either store.
    pub fn stored(
        state: &str,
        attempts: u32,
        next_try_at: String,
        last_error: Option<String>,
        done_at: Option<String>,
    ) -> Delivery {
        match state {
            "delivered" => Delivery::Delivered {
                at: done_at.unwrap_or_default(),
            },
            "failed" => Delivery::Failed {
                at: done_at.unwrap_or_default(),
                reason: last_error.unwrap_or_default(),
            },
            "skipped" => Delivery::Skipped {
                reason: last_error.unwrap_or_default(),
            },
            _ => Delivery::Pending {
                attempts,
                next_try_at,
                last_error,
            },
        }
    }
}

/// Queues a notification on each channel for a handoff stored in this transaction, and the
/// visitor's receipt when it is on and within its limits; a row that already exists (the same
/// `messageId` again) is left alone. `visitor` is the reply address, `client` the sender's IP.
pub fn enqueue(
    transaction: &Connection,
    message_id: &str,
    queueing: &Queueing,
    now: &str,
    visitor: &str,
    client: Option<&str>,
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT OR IGNORE INTO notifications (message_id, channel, queued_at, state, next_try_at)
         VALUES (?1, ?2, ?3, 'pending', ?3)",
    )?;
    for channel in &queueing.channels {
        insert.execute(params![message_id, channel, now])?;
    }
    let Some(limits) = queueing.receipts else {
        return Ok(());
    };
    // A day back from now, as text that compares with the stored times.
    let since = now
        .parse::<chrono::DateTime<chrono::Utc>>()
        .map(|now| super::stamp(now - chrono::Duration::days(1)))
        .unwrap_or_default();
    let count = |column: &str, value: Option<&str>| -> rusqlite::Result<u32> {
        transaction.query_row(
            &format!(
                "SELECT COUNT(*) FROM notifications WHERE channel = 'receipt' AND state != 'skipped'
                 AND {column} = ?1 AND queued_at >= ?2"
            ),
            params![value, since],
            |row| row.get(0),
        )
    };
    let over = if count("recipient", Some(visitor))? >= limits.per_address {
        Some(format!(
            "over the limit of {} receipts a day to this address",
            limits.per_address
        ))
    } else if client.is_some() && count("client", client)? >= limits.per_client {
        Some(format!(
            "over the limit of {} receipts a day to requests from this client",
            limits.per_client
        ))
    } else {
        None
    };
    transaction.execute(
        "INSERT OR IGNORE INTO notifications
            (message_id, channel, queued_at, state, next_try_at, last_error, recipient, client)
         VALUES (?1, 'receipt', ?2, ?3, ?2, ?4, ?5, ?6)",
        params![
            message_id,
            now,
            if over.is_some() { "skipped" } else { "pending" },
            over,
            visitor,
            client
        ],
    )?;
    Ok(())
}

/// The pending notifications whose next try is due at `now`, oldest first.
pub fn due(connection: &Connection, now: &str) -> rusqlite::Result<Vec<Due>> {
    let mut select = connection.prepare_cached(
        "SELECT message_id, channel, queued_at, attempts FROM notifications
         WHERE state = 'pending' AND next_try_at <= ?1
         ORDER BY next_try_at LIMIT 50",
    )?;
    let rows = select.query_map([now], |row| {
        Ok(Due {
            message_id: row.get(0)?,
            channel: row.get(1)?,
            queued_at: row.get(2)?,
            attempts: row.get(3)?,
        })
    })?;
    rows.collect()
}

/// Takes `due` for one attempt: counts it and moves its next try to `retry_at`, the time a crash
/// during the attempt would leave it to. False when someone else took it first.
pub fn claim(connection: &Connection, due: &Due, retry_at: &str) -> rusqlite::Result<bool> {
    let changed = connection.execute(
        "UPDATE notifications SET attempts = attempts + 1, next_try_at = ?3
         WHERE message_id = ?1 AND channel = ?2 AND state = 'pending' AND attempts = ?4",
        params![due.message_id, due.channel, retry_at, due.attempts],
    )?;
    Ok(changed == 1)
}

pub fn delivered(connection: &Connection, due: &Due, now: &str) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE notifications SET state = 'delivered', done_at = ?3, last_error = NULL
         WHERE message_id = ?1 AND channel = ?2",
        params![due.message_id, due.channel, now],
    )?;
    Ok(())
}

/// Records why an attempt failed; the next try stays where [`claim`] put it.
pub fn attempt_failed(connection: &Connection, due: &Due, error: &str) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE notifications SET last_error = ?3 WHERE message_id = ?1 AND channel = ?2",
        params![due.message_id, due.channel, error],
    )?;
    Ok(())
}

/// Gives up on a notification, keeping its last error: it shows as failed in the report.
pub fn failed(connection: &Connection, due: &Due, error: &str, now: &str) -> rusqlite::Result<()> {
    connection.execute(
        "UPDATE notifications SET state = 'failed', last_error = ?3, done_at = ?4
         WHERE message_id = ?1 AND channel = ?2",
        params![due.message_id, due.channel, error, now],
    )?;
    Ok(())
}

/// Every notification's state, by event and then channel.
pub fn deliveries(
    connection: &Connection,
) -> rusqlite::Result<BTreeMap<String, Vec<(String, Delivery)>>> {
    let mut select = connection.prepare_cached(
        "SELECT message_id, channel, state, attempts, next_try_at, last_error, done_at
         FROM notifications ORDER BY message_id, channel",
    )?;
    let mut all: BTreeMap<String, Vec<(String, Delivery)>> = BTreeMap::new();
    let rows = select.query_map([], |row| {
        let delivery = Delivery::stored(
            &row.get::<_, String>(2)?,
            row.get(3)?,
            row.get(4)?,
            row.get(5)?,
            row.get(6)?,
        );
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, delivery))
    })?;
    for row in rows {
        let (message_id, channel, delivery) = row?;
        all.entry(message_id).or_default().push((channel, delivery));
    }
    Ok(all)
}

/// The stored event a notification is about: its properties, browser id and arrival time.
pub struct Handoff {
    pub properties: serde_json::Value,
    pub anonymous_id: Option<String>,
    pub received_at: String,
}

pub fn handoff(connection: &Connection, message_id: &str) -> rusqlite::Result<Option<Handoff>> {
    connection
        .query_row(
            "SELECT properties, anonymous_id, received_at FROM events WHERE message_id = ?1",
            [message_id],
            |row| {
                let properties: Option<String> = row.get(0)?;
                Ok(Handoff {
                    properties: properties
                        .and_then(|text| serde_json::from_str(&text).ok())
                        .unwrap_or_default(),
                    anonymous_id: row.get(1)?,
                    received_at: row.get(2)?,
                })
            },
        )
        .optional()
}

/// What the visit did before it asked, up to `until`: the events carrying the handoff's
/// `visit_id`, whichever browser id they were sent under. Events with no `visit_id` (from widgets
/// older than the id on every event) are matched by the browser's `anonymous_id` instead, and only
/// from `since` on, because nothing else tells one of its visits from another. Another visit of
/// the same browser carries another `visit_id`, so it never enters the mail. The events come by
/// name, properties and context, in the order they arrived.
pub fn visit_events(
    connection: &Connection,
    visit_id: Option<&str>,
    anonymous_id: Option<&str>,
    since: &str,
    until: &str,
) -> rusqlite::Result<Vec<(String, serde_json::Value, serde_json::Value)>> {
    let mut select = connection.prepare_cached(
        "SELECT event, properties, context FROM events
         WHERE received_at <= ?4 AND event IS NOT NULL
           AND (json_extract(properties, '$.visit_id') = ?1
                OR (json_extract(properties, '$.visit_id') IS NULL
                    AND anonymous_id = ?2 AND received_at >= ?3))
         ORDER BY received_at, rowid",
    )?;
    let parse = |text: Option<String>| {
        text.and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    };
    let rows = select.query_map(params![visit_id, anonymous_id, since, until], |row| {
        Ok((row.get(0)?, parse(row.get(1)?), parse(row.get(2)?)))
    })?;
    rows.collect()
}
