//! The delivery worker: its own thread and connection to the event store (SQLite or PostgreSQL),
//! independent of the HTTP server, working off the outbox with retries and exponential backoff.
//!
//! Key decision: the worker keeps no state of its own; everything it needs is in the
//! `notifications` rows. So a collector killed at any moment resumes where it stopped when it is
//! started again, and the HTTP framework in front of the store can change without touching this.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::Connection;

use super::config::Settings;
use super::message::{self, Notification};
use super::outbox::{self, Due};
use crate::collector::{postgres as postgres_store, Database};

/// How often the worker looks for due notifications. A handoff is acknowledged before it is
/// delivered anyway; a second is well inside any promise made to the visitor.
const POLL: Duration = Duration::from_millis(250);
/// The longest wait between two attempts, however many have failed.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// How far back the context is read for events that carry no `visit_id` (older widgets): the
/// browser's events of the last hours.
const VISIT_HOURS: i64 = 12;

/// A running worker; [`Worker::stop`] ends it after the attempt in progress.
pub struct Worker {
    stopping: Arc<AtomicBool>,
    thread: JoinHandle<()>,
}

impl Worker {
    /// Opens its own connection to the event store `db` names and starts working off the outbox.
    pub fn start(db: &Path, settings: Arc<Settings>) -> Result<Worker, String> {
        let mut store = match Database::from_path(db) {
            Database::Sqlite(path) => Outbox::Sqlite(open(&path)?),
            Database::Postgres(url) => Outbox::Postgres(Box::new(postgres_store::open(&url)?), url),
        };
        let stopping = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopping);
        let thread = thread::Builder::new()
            .name("helpfirst-notify".to_string())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    let worked = match &mut store {
                        Outbox::Sqlite(connection) => work_off(connection, &settings),
                        Outbox::Postgres(client, url) => work_off_postgres(client, url, &settings),
                    };
                    if let Err(error) = worked {
                        eprintln!("helpfirst: notifications: {error}");
                    }
                    thread::sleep(POLL);
                }
            })
            .map_err(|error| format!("cannot start the notification worker: {error}"))?;
        Ok(Worker { stopping, thread })
    }

    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // A worker that panicked has printed why; there is nothing more to report.
        let _ = self.thread.join();
    }
}

/// The worker's own connection to the store.
enum Outbox {
    Sqlite(Connection),
    /// With its URL, to connect again after the database restarted.
    Postgres(Box<postgres::Client>, String),
}

/// The store was opened (and migrated) by the collector before the worker starts.
fn open(db: &Path) -> Result<Connection, String> {
    let fail =
        |error: rusqlite::Error| format!("cannot open the event store {}: {error}", db.display());
    let connection = Connection::open(db).map_err(fail)?;
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(fail)?;
    Ok(connection)
}

/// Tries every notification that is due now, one after the other.
pub fn work_off(connection: &Connection, settings: &Settings) -> Result<usize, String> {
    let due = outbox::due(connection, &stamp(Utc::now()))
        .map_err(|error| format!("cannot read the outbox: {error}"))?;
    for item in &due {
        attempt(connection, settings, item)
            .map_err(|error| format!("cannot update the outbox: {error}"))?;
    }
    Ok(due.len())
}

/// Tries every notification that is due now on PostgreSQL, one after the other, each taken so
/// that no other replica tries it at the same time (see `outbox::postgres`).
fn work_off_postgres(
    client: &mut postgres::Client,
    url: &str,
    settings: &Settings,
) -> Result<usize, String> {
    if client.is_closed() {
        *client = postgres_store::open(url)?;
    }
    let fail = |error: postgres::Error| format!("cannot update the outbox: {error}");
    let mut tried = 0;
    // A bounded round, so a stop request is heard between rounds even with a long queue.
    while tried < 50 {
        let now = Utc::now();
        let claimed = outbox::postgres::claim_next(client, &stamp(now), |due| {
            stamp(retry_at(settings, due, now))
        })
        .map_err(fail)?;
        let Some(due) = claimed else { break };
        tried += 1;
        let result = notification_postgres(client, settings, &due.message_id)
            .and_then(|notification| super::send(settings, &due.channel, &notification));
        let now = Utc::now();
        let recorded = match outcome(settings, &due, result, now) {
            Outcome::Delivered => outbox::postgres::delivered(client, &due, &stamp(now)),
            Outcome::GaveUp(error) => outbox::postgres::failed(client, &due, &error, &stamp(now)),
            Outcome::Retry(error) => outbox::postgres::attempt_failed(client, &due, &error),
        };
        recorded.map_err(fail)?;
    }
    Ok(tried)
}

/// When a crash during the attempt on `due` starting `now` would leave it to be tried again.
fn retry_at(settings: &Settings, due: &Due, now: DateTime<Utc>) -> DateTime<Utc> {
    let wait = backoff(settings.first_retry, due.attempts + 1);
    // The last try falls on the deadline rather than after it, so "24 h" means 24 h.
    (now + wait).min(deadline(settings, due, now).max(now))
}

fn deadline(settings: &Settings, due: &Due, now: DateTime<Utc>) -> DateTime<Utc> {
    let queued = due.queued_at.parse::<DateTime<Utc>>().unwrap_or(now);
    queued + settings.give_up_after
}

/// What an attempt leaves in the row.
enum Outcome {
    Delivered,
    GaveUp(String),
    Retry(String),
}

fn outcome(
    settings: &Settings,
    due: &Due,
    result: Result<(), String>,
    now: DateTime<Utc>,
) -> Outcome {
    match result {
        Ok(()) => Outcome::Delivered,
        Err(error) if now >= deadline(settings, due, now) => {
            eprintln!(
                "helpfirst: gave up notifying {} for {}: {error}",
                due.channel, due.message_id
            );
            Outcome::GaveUp(error)
        }
        Err(error) => Outcome::Retry(error),
    }
}

fn attempt(connection: &Connection, settings: &Settings, due: &Due) -> rusqlite::Result<()> {
    let now = Utc::now();
    if !outbox::claim(connection, due, &stamp(retry_at(settings, due, now)))? {
        return Ok(());
    }
    let result = notification(connection, settings, &due.message_id)
        .and_then(|notification| super::send(settings, &due.channel, &notification));
    let now = Utc::now();
    match outcome(settings, due, result, now) {
        Outcome::Delivered => outbox::delivered(connection, due, &stamp(now)),
        Outcome::GaveUp(error) => outbox::failed(connection, due, &error, &stamp(now)),
        Outcome::Retry(error) => outbox::attempt_failed(connection, due, &error),
    }
}

/// The wait after `attempts` tries: the first retry's, doubled each time, at most an hour.
fn backoff(first: Duration, attempts: u32) -> chrono::Duration {
    let wait = first
        .saturating_mul(1 << attempts.saturating_sub(1).min(20))
        .min(MAX_BACKOFF);
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

/// The notification for a stored handoff event, with the visit's context.
pub fn notification(
    connection: &Connection,
    settings: &Settings,
    message_id: &str,
) -> Result<Notification, String> {
    let mut connection = connection;
    compose(
        &mut connection,
        settings,
        message_id,
        |c, id| outbox::handoff(c, id),
        |c, visit, browser, since, until| outbox::visit_events(c, visit, browser, since, until),
    )
}

/// [`notification`], read from PostgreSQL.
fn notification_postgres(
    client: &mut postgres::Client,
    settings: &Settings,
    message_id: &str,
) -> Result<Notification, String> {
    compose(
        client,
        settings,
        message_id,
        outbox::postgres::handoff,
        outbox::postgres::visit_events,
    )
}

/// The events of a visit: name, properties and context, in the order they arrived.
type VisitEvents = Vec<(String, serde_json::Value, serde_json::Value)>;

/// A notification from whichever store holds the handoff: one rule for what the mail says, with
/// the store's own readers for the handoff event and the visit's events before it.
fn compose<S: ?Sized, E: std::fmt::Display>(
    store: &mut S,
    settings: &Settings,
    message_id: &str,
    handoff: impl FnOnce(&mut S, &str) -> Result<Option<outbox::Handoff>, E>,
    visit_events: impl FnOnce(&mut S, Option<&str>, Option<&str>, &str, &str) -> Result<VisitEvents, E>,
) -> Result<Notification, String> {
    let read = |error: E| format!("cannot read the handoff event: {error}");
    let handoff = handoff(store, message_id)
        .map_err(read)?
        .ok_or_else(|| format!("the handoff event {message_id} is no longer stored"))?;
    let visit = match handoff.received_at.parse::<DateTime<Utc>>() {
        Ok(at) => visit_events(
            store,
            handoff.properties["visit_id"].as_str(),
            handoff.anonymous_id.as_deref(),
            &stamp(at - chrono::Duration::hours(VISIT_HOURS)),
            &handoff.received_at,
        )
        .map_err(read)?,
        Err(_) => Vec::new(),
    };
    Ok(message::build(
        message_id,
        &handoff.properties,
        &handoff.received_at,
        &visit,
        settings.content.as_deref(),
    ))
}

/// RFC 3339 with milliseconds, as the collector stores `received_at`, so times compare as text.
pub fn stamp(time: DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_the_first_retry_up_to_an_hour() {
        let first = Duration::from_secs(30);
        let minutes = |n| backoff(first, n).num_seconds();
        assert_eq!([minutes(1), minutes(2), minutes(3)], [30, 60, 120]);
        assert_eq!(minutes(9), 3600);
        assert_eq!(minutes(1000), 3600);
    }
}
