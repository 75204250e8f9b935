//! The event store's schema, as numbered steps applied once each, for SQLite and PostgreSQL.
//!
//! Key decision: one list describes both stores, step by step, each with its SQLite and its
//! PostgreSQL text side by side (they differ only where the dialects do: an identity column for
//! SQLite's `rowid`, `COLLATE "C"` so times and ids sort as bytes, as SQLite sorts text). Each
//! store records the steps it has applied in `schema_migrations`, and applies the missing ones at
//! start in one transaction that holds the store's write lock (SQLite's `BEGIN IMMEDIATE`, a
//! PostgreSQL advisory lock), so two replicas starting at once apply each step exactly once. Step 1
//! is the layout of the releases before migrations (`IF NOT EXISTS` there adopts their files
//! as they are, rows included).

use rusqlite::{params, Connection, TransactionBehavior};

/// One change to the schema.
pub struct Migration {
    pub version: i64,
    /// What it does, as recorded in `schema_migrations`.
    pub name: &'static str,
    pub sqlite: &'static [&'static str],
    pub postgres: &'static str,
}

/// Every step, oldest first. A new one is appended with the next version; none is ever edited.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "events, losses and the handoff outbox",
        sqlite: &[super::store::SCHEMA, crate::notify::outbox::SCHEMA],
        postgres: POSTGRES_1,
    },
    Migration {
        version: 2,
        name: "events by arrival, for the export's and the report's time range",
        sqlite: &["CREATE INDEX events_by_arrival ON events (received_at);"],
        postgres: "CREATE INDEX events_by_arrival ON events (received_at, seq);",
    },
];

/// Release 1's layout on PostgreSQL. `seq` keeps the order of arrival within one millisecond, as
/// SQLite's `rowid` does; times stay RFC 3339 text in UTC, so both stores compare and show them
/// alike, and the report's days are the same.
const POSTGRES_1: &str = r#"
CREATE TABLE events (
    seq          BIGINT GENERATED ALWAYS AS IDENTITY,
    message_id   TEXT COLLATE "C" PRIMARY KEY,
    type         TEXT NOT NULL,
    event        TEXT COLLATE "C",
    anonymous_id TEXT COLLATE "C",
    timestamp    TEXT COLLATE "C",
    received_at  TEXT COLLATE "C" NOT NULL,
    properties   TEXT,
    context      TEXT,
    raw          TEXT NOT NULL
);
CREATE INDEX events_by_event_and_time ON events (event, timestamp);
CREATE TABLE losses (
    received_at TEXT COLLATE "C" NOT NULL,
    dropped     BIGINT NOT NULL
);
CREATE TABLE notifications (
    message_id  TEXT COLLATE "C" NOT NULL,
    channel     TEXT COLLATE "C" NOT NULL,
    queued_at   TEXT COLLATE "C" NOT NULL,
    state       TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT COLLATE "C" NOT NULL,
    last_error  TEXT,
    done_at     TEXT COLLATE "C",
    recipient   TEXT,
    client      TEXT,
    PRIMARY KEY (message_id, channel)
);
CREATE INDEX notifications_due ON notifications (state, next_try_at);
"#;

const LEDGER_SQLITE: &str = "
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,  -- the step's number in src/collector/migrations.rs
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL         -- UTC, RFC 3339
);";

const LEDGER_POSTGRES: &str = "
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
);";

/// Any fixed number, the same in every replica: the advisory lock that serialises migrations.
const POSTGRES_LOCK: i64 = 0x6865_6c70_6669_7273; // "helpfirs"

fn now() -> String {
    super::time::rfc3339(std::time::SystemTime::now())
}

/// A store written by a newer release has steps this one does not know: refuse rather than
/// write rows it may not read back correctly.
fn check_not_newer(applied: &[i64]) -> Result<(), String> {
    let known = MIGRATIONS.last().map_or(0, |m| m.version);
    match applied.iter().max() {
        Some(&newest) if newest > known => Err(format!(
            "the event store has schema version {newest}, but this helpfirst knows versions up to \
             {known}: run the newer helpfirst that upgraded it"
        )),
        _ => Ok(()),
    }
}

/// Brings a SQLite file up to date; the versions applied now.
pub fn sqlite(connection: &mut Connection) -> Result<Vec<i64>, String> {
    let fail = |error: rusqlite::Error| format!("cannot migrate the event store: {error}");
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    transaction.execute_batch(LEDGER_SQLITE).map_err(fail)?;
    let applied: Vec<i64> = transaction
        .prepare("SELECT version FROM schema_migrations")
        .and_then(|mut select| select.query_map([], |row| row.get(0))?.collect())
        .map_err(fail)?;
    check_not_newer(&applied)?;
    let mut now_applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        for text in migration.sqlite {
            transaction.execute_batch(text).map_err(fail)?;
        }
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
                params![migration.version, migration.name, now()],
            )
            .map_err(fail)?;
        now_applied.push(migration.version);
    }
    transaction.commit().map_err(fail)?;
    Ok(now_applied)
}

/// Brings a PostgreSQL database up to date; the versions applied now. Replicas starting together
/// wait for each other on the advisory lock, and the later ones find nothing left to do.
pub fn postgres(client: &mut postgres::Client) -> Result<Vec<i64>, String> {
    let fail = |error: postgres::Error| format!("cannot migrate the event store: {error}");
    let mut transaction = client.transaction().map_err(fail)?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&POSTGRES_LOCK])
        .map_err(fail)?;
    transaction.batch_execute(LEDGER_POSTGRES).map_err(fail)?;
    let applied: Vec<i64> = transaction
        .query("SELECT version FROM schema_migrations", &[])
        .map_err(fail)?
        .iter()
        .map(|row| row.get(0))
        .collect();
    check_not_newer(&applied)?;
    let mut now_applied = Vec::new();
    for migration in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        transaction
            .batch_execute(migration.postgres)
            .map_err(fail)?;
        transaction
            .execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                &[&migration.version, &migration.name, &now()],
            )
            .map_err(fail)?;
        now_applied.push(migration.version);
    }
    transaction.commit().map_err(fail)?;
    Ok(now_applied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_count_up_from_one_without_gaps() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, index as i64 + 1, "{}", migration.name);
        }
    }

    #[test]
    fn a_file_is_migrated_once_and_a_newer_one_refused() {
        let mut connection = Connection::open_in_memory().unwrap();
        assert_eq!(sqlite(&mut connection), Ok(vec![1, 2]));
        assert_eq!(sqlite(&mut connection), Ok(vec![]));
        connection
            .execute(
                "INSERT INTO schema_migrations VALUES (99, 'from the future', '')",
                [],
            )
            .unwrap();
        let refused = sqlite(&mut connection).unwrap_err();
        assert!(refused.contains("schema version 99"), "{refused}");
    }
}
