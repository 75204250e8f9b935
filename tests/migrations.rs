//! Upgrading an event store made by the release before migrations: a real file it wrote
//! (tests/fixtures/collector/release-0.1.db, see the README there) opened by today's binary.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use rusqlite::Connection;
use support::helpfirst;

fn copy_of_the_release_file(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "helpfirst-migrations-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("events.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/collector/release-0.1.db"
        ),
        &db,
    )
    .unwrap();
    db
}

fn rows(db: &PathBuf) -> (Vec<String>, i64, Vec<(String, String, i64)>) {
    let connection = Connection::open(db).unwrap();
    let events = connection
        .prepare("SELECT raw FROM events ORDER BY rowid")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let dropped = connection
        .query_row("SELECT SUM(dropped) FROM losses", [], |row| row.get(0))
        .unwrap();
    let notifications = connection
        .prepare("SELECT message_id, state, attempts FROM notifications")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (events, dropped, notifications)
}

fn versions(db: &PathBuf) -> Vec<(i64, String)> {
    Connection::open(db)
        .unwrap()
        .prepare("SELECT version, name FROM schema_migrations ORDER BY version")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_file_from_the_release_before_migrations_is_upgraded_without_losing_a_row() {
    let db = copy_of_the_release_file("upgrade");
    let before = rows(&db);
    assert_eq!(before.0.len(), 22);
    assert_eq!(before.1, 2);
    assert_eq!(before.2.len(), 1);

    // Any command that opens the store migrates it: here the report.
    let (ok, report, errors) = helpfirst(&["report", "--db", db.to_str().unwrap()]);
    assert!(ok, "{errors}");
    assert!(report.contains("Questions: 20"), "{report}");
    assert!(report.contains("Handoffs to a person: 1"), "{report}");

    assert_eq!(rows(&db), before, "the upgrade changed the rows");
    let applied = versions(&db);
    assert_eq!(
        applied
            .iter()
            .map(|(version, _)| *version)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    let index: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'events_by_arrival'",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(index, 1, "step 2 added its index");

    // Opening it again applies nothing more.
    let (ok, _, errors) = helpfirst(&["report", "--db", db.to_str().unwrap()]);
    assert!(ok, "{errors}");
    assert_eq!(versions(&db), applied);
    assert_eq!(rows(&db), before);
}

#[test]
fn a_file_from_a_newer_release_is_refused_by_name_and_left_alone() {
    let db = copy_of_the_release_file("newer");
    let (ok, _, errors) = helpfirst(&["report", "--db", db.to_str().unwrap()]);
    assert!(ok, "{errors}");
    Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (3, 'later', '')",
            [],
        )
        .unwrap();
    let before = rows(&db);
    let (ok, _, errors) = helpfirst(&["report", "--db", db.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        errors.contains("events.db") && errors.contains("schema version 3"),
        "{errors}"
    );
    assert_eq!(rows(&db), before);
}
