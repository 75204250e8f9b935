//! The outbox on PostgreSQL, where several collector replicas work off the same rows.
//!
//! Key decision: a replica takes a notification with `SELECT ... FOR UPDATE SKIP LOCKED` and, in
//! the same short transaction, moves its next try into the future (the lease), then sends with no
//! lock held. Another replica skips a row while it is being taken and finds it not due once it
//! is taken, so each attempt happens once; a replica killed mid-send leaves the row to be tried
//! again when its lease runs out, as on SQLite.

use std::collections::BTreeMap;

use postgres::{Client, GenericClient};

use super::{Delivery, Due, Handoff};
use crate::notify::config::Queueing;

/// See [`super::enqueue`]: the same rows, in the transaction that stores the handoff.
pub fn enqueue(
    transaction: &mut impl GenericClient,
    message_id: &str,
    queueing: &Queueing,
    now: &str,
    visitor: &str,
    client: Option<&str>,
) -> Result<(), postgres::Error> {
    for channel in &queueing.channels {
        transaction.execute(
            "INSERT INTO notifications (message_id, channel, queued_at, state, next_try_at)
             VALUES ($1, $2, $3, 'pending', $3) ON CONFLICT DO NOTHING",
            &[&message_id, channel, &now],
        )?;
    }
    let Some(limits) = queueing.receipts else {
        return Ok(());
    };
    let since = now
        .parse::<chrono::DateTime<chrono::Utc>>()
        .map(|now| crate::notify::stamp(now - chrono::Duration::days(1)))
        .unwrap_or_default();
    let mut count = |column: &str, value: Option<&str>| -> Result<i64, postgres::Error> {
        let row = transaction.query_one(
            &format!(
                "SELECT COUNT(*) FROM notifications WHERE channel = 'receipt' AND state != 'skipped'
                 AND {column} = $1 AND queued_at >= $2"
            ),
            &[&value, &since],
        )?;
        Ok(row.get(0))
    };
    let over = if count("recipient", Some(visitor))? >= i64::from(limits.per_address) {
        Some(format!(
            "over the limit of {} receipts a day to this address",
            limits.per_address
        ))
    } else if client.is_some() && count("client", client)? >= i64::from(limits.per_client) {
        Some(format!(
            "over the limit of {} receipts a day to requests from this client",
            limits.per_client
        ))
    } else {
        None
    };
    let state = if over.is_some() { "skipped" } else { "pending" };
    transaction.execute(
        "INSERT INTO notifications
            (message_id, channel, queued_at, state, next_try_at, last_error, recipient, client)
         VALUES ($1, 'receipt', $2, $3, $2, $4, $5, $6) ON CONFLICT DO NOTHING",
        &[&message_id, &now, &state, &over, &visitor, &client],
    )?;
    Ok(())
}

/// Takes the oldest notification due at `now` that no other replica is taking: counts the
/// attempt and moves its next try to `retry_at(due)`, all in one transaction. `None` when
/// nothing is due.
pub fn claim_next(
    client: &mut Client,
    now: &str,
    retry_at: impl Fn(&Due) -> String,
) -> Result<Option<Due>, postgres::Error> {
    let mut transaction = client.transaction()?;
    let Some(row) = transaction.query_opt(
        "SELECT message_id, channel, queued_at, attempts FROM notifications
         WHERE state = 'pending' AND next_try_at <= $1
         ORDER BY next_try_at LIMIT 1
         FOR UPDATE SKIP LOCKED",
        &[&now],
    )?
    else {
        return Ok(None);
    };
    let due = Due {
        message_id: row.get(0),
        channel: row.get(1),
        queued_at: row.get(2),
        attempts: u32::try_from(row.get::<_, i32>(3)).unwrap_or(0),
    };
    transaction.execute(
        "UPDATE notifications SET attempts = attempts + 1, next_try_at = $3
         WHERE message_id = $1 AND channel = $2",
        &[&due.message_id, &due.channel, &retry_at(&due)],
    )?;
    transaction.commit()?;
    Ok(Some(due))
}

pub fn delivered(client: &mut Client, due: &Due, now: &str) -> Result<(), postgres::Error> {
    client.execute(
        "UPDATE notifications SET state = 'delivered', done_at = $3, last_error = NULL
         WHERE message_id = $1 AND channel = $2",
        &[&due.message_id, &due.channel, &now],
    )?;
    Ok(())
}

pub fn attempt_failed(client: &mut Client, due: &Due, error: &str) -> Result<(), postgres::Error> {
    client.execute(
        "UPDATE notifications SET last_error = $3 WHERE message_id = $1 AND channel = $2",
        &[&due.message_id, &due.channel, &error],
    )?;
    Ok(())
}

pub fn failed(
    client: &mut Client,
    due: &Due,
    error: &str,
    now: &str,
) -> Result<(), postgres::Error> {
    client.execute(
        "UPDATE notifications SET state = 'failed', last_error = $3, done_at = $4
         WHERE message_id = $1 AND channel = $2",
        &[&due.message_id, &due.channel, &error, &now],
    )?;
    Ok(())
}

/// See [`super::deliveries`].
pub fn deliveries(
    client: &mut Client,
) -> Result<BTreeMap<String, Vec<(String, Delivery)>>, postgres::Error> {
    let rows = client.query(
        "SELECT message_id, channel, state, attempts, next_try_at, last_error, done_at
         FROM notifications ORDER BY message_id, channel",
        &[],
    )?;
    let mut all: BTreeMap<String, Vec<(String, Delivery)>> = BTreeMap::new();
    for row in rows {
        let delivery = Delivery::stored(
            row.get(2),
            u32::try_from(row.get::<_, i32>(3)).unwrap_or(0),
            row.get(4),
            row.get(5),
            row.get(6),
        );
        all.entry(row.get(0))
            .or_default()
            .push((row.get(1), delivery));
    }
    Ok(all)
}

/// See [`super::handoff`].
pub fn handoff(client: &mut Client, message_id: &str) -> Result<Option<Handoff>, postgres::Error> {
    let row = client.query_opt(
        "SELECT properties, anonymous_id, received_at FROM events WHERE message_id = $1",
        &[&message_id],
    )?;
    Ok(row.map(|row| {
        let properties: Option<String> = row.get(0);
        Handoff {
            properties: properties
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or_default(),
            anonymous_id: row.get(1),
            received_at: row.get(2),
        }
    }))
}

/// See [`super::visit_events`]: the same rule, with PostgreSQL's JSON operators.
pub fn visit_events(
    client: &mut Client,
    visit_id: Option<&str>,
    anonymous_id: Option<&str>,
    since: &str,
    until: &str,
) -> Result<Vec<(String, serde_json::Value, serde_json::Value)>, postgres::Error> {
    let rows = client.query(
        "SELECT event, properties, context FROM events
         WHERE received_at <= $4 AND event IS NOT NULL
           AND ((properties::jsonb ->> 'visit_id') = $1::text
                OR ((properties::jsonb ->> 'visit_id') IS NULL
                    AND anonymous_id = $2::text AND received_at >= $3))
         ORDER BY received_at, seq",
        &[&visit_id, &anonymous_id, &since, &until],
    )?;
    let parse = |text: Option<String>| {
        text.and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default()
    };
    Ok(rows
        .iter()
        .map(|row| (row.get(0), parse(row.get(1)), parse(row.get(2))))
        .collect())
}
