//! The event collector's rules, through `Store` on a real SQLite file: validation that lists every
//! problem by position, the size limits, idempotency, the batch context merge and all-or-nothing
//! storage.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use helpfirst::collector::{IngestError, Ingested, Shape, Store};
use rusqlite::Connection;
use serde_json::{json, Value};
use support::widget_event;

/// A fresh directory for one test's database.
fn db_path(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("helpfirst-collector-{}-{test}", std::process::id()));
    // Left over from an earlier run with the same process id, if anything.
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("create the test directory");
    dir.join("events.db")
}

fn track(message_id: &str) -> Value {
    json!({
        "type": "track",
        "event": "Plan Chosen",
        "messageId": message_id,
        "anonymousId": "anon-1",
        "timestamp": "2024-05-01T12:00:00.000Z",
        "properties": { "question": "pricing" }
    })
}

fn without(mut event: Value, key: &str) -> Value {
    if let Some(fields) = event.as_object_mut() {
        fields.remove(key);
    }
    event
}

fn batch(events: Vec<Value>) -> Vec<u8> {
    json!({ "batch": events, "sentAt": "2024-05-01T12:00:01.000Z" })
        .to_string()
        .into_bytes()
}

fn count(db: &Path) -> i64 {
    Connection::open(db)
        .expect("open the database")
        .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))
        .expect("count the events")
}

fn column(db: &Path, message_id: &str, column: &str) -> Option<String> {
    Connection::open(db)
        .expect("open the database")
        .query_row(
            &format!("SELECT {column} FROM events WHERE message_id = ?1"),
            [message_id],
            |row| row.get(0),
        )
        .expect("read the event")
}

fn json_column(db: &Path, message_id: &str, name: &str) -> Value {
    let text = column(db, message_id, name).expect("the column has a value");
    serde_json::from_str(&text).expect("the column holds JSON")
}

#[test]
fn valid_batch_is_stored_in_queryable_columns() {
    let db = db_path("valid");
    let mut store = Store::open(&db).expect("open the store");

    let ingested = store.ingest(Shape::Batch, &batch(vec![track("m1"), track("m2")]));

    assert_eq!(
        ingested,
        Ok(Ingested {
            stored: 2,
            duplicates: 0
        })
    );
    assert_eq!(column(&db, "m1", "type").as_deref(), Some("track"));
    assert_eq!(column(&db, "m1", "event").as_deref(), Some("Plan Chosen"));
    assert_eq!(column(&db, "m1", "anonymous_id").as_deref(), Some("anon-1"));
    assert_eq!(
        column(&db, "m1", "timestamp").as_deref(),
        Some("2024-05-01T12:00:00.000Z")
    );
    assert_eq!(
        json_column(&db, "m1", "properties"),
        json!({ "question": "pricing" })
    );
    assert_eq!(json_column(&db, "m1", "raw"), track("m1"));
    assert_eq!(column(&db, "m1", "context"), None);
    let received_at = column(&db, "m1", "received_at").expect("received_at is set");
    assert_eq!(received_at.len(), "2024-05-01T12:00:00.000Z".len());
    assert!(received_at.ends_with('Z') && received_at.as_bytes()[10] == b'T');
}

#[test]
fn invalid_batch_lists_every_problem_with_its_position() {
    let db = db_path("problems");
    let mut store = Store::open(&db).expect("open the store");
    let mut wrong_type = track("m2");
    wrong_type["type"] = json!("alias");
    let no_message_id = without(track("m3"), "messageId");
    let no_name = json!({ "type": "track", "messageId": "m6", "userId": 7, "timestamp": "soon" });

    let result = store.ingest(
        Shape::Batch,
        &batch(vec![
            track("m1"),
            wrong_type,
            no_message_id,
            json!(42),
            json!({ "type": "page", "messageId": "m5", "properties": [] }),
            no_name,
        ]),
    );

    assert_eq!(
        result,
        Err(IngestError::Invalid(vec![
            r#"batch[1].type: expected "track" or "page" or "identify", got "alias""#.to_owned(),
            "batch[2].messageId: missing".to_owned(),
            "batch[3]: expected an event object, got a number".to_owned(),
            "batch[4].anonymousId: missing (an event needs anonymousId or userId)".to_owned(),
            "batch[4].timestamp: missing".to_owned(),
            "batch[4].properties: expected an object, got an array".to_owned(),
            "batch[5].event: missing".to_owned(),
            "batch[5].userId: expected a non-empty string, got a number".to_owned(),
            "batch[5].timestamp: expected an ISO 8601 date-time like 2024-05-01T12:00:00.000Z"
                .to_owned(),
        ]))
    );
    assert_eq!(count(&db), 0, "the valid batch[0] is not stored either");
}

#[test]
fn body_that_is_not_a_batch_says_so() {
    let db = db_path("not-a-batch");
    let mut store = Store::open(&db).expect("open the store");

    let Err(IngestError::Invalid(problems)) = store.ingest(Shape::Batch, b"not json") else {
        panic!("a body that is not JSON is invalid");
    };
    assert_eq!(problems.len(), 1);
    assert!(
        problems[0].starts_with("body: not valid JSON"),
        "{problems:?}"
    );
    assert_eq!(
        store.ingest(Shape::Batch, br#"{"events": [], "context": 1}"#),
        Err(IngestError::Invalid(vec![
            "context: expected an object, got a number".to_owned(),
            "batch: missing".to_owned(),
        ]))
    );
}

#[test]
fn resent_events_are_counted_as_duplicates_not_stored_twice() {
    let db = db_path("duplicates");
    let mut store = Store::open(&db).expect("open the store");

    let first = store.ingest(Shape::Batch, &batch(vec![track("m1"), track("m2")]));
    let resend = store.ingest(Shape::Batch, &batch(vec![track("m2"), track("m3")]));
    let repeated = store.ingest(Shape::Batch, &batch(vec![track("m4"), track("m4")]));

    assert_eq!(first.map(|done| (done.stored, done.duplicates)), Ok((2, 0)));
    assert_eq!(
        resend.map(|done| (done.stored, done.duplicates)),
        Ok((1, 1))
    );
    assert_eq!(
        repeated.map(|done| (done.stored, done.duplicates)),
        Ok((1, 1))
    );
    assert_eq!(count(&db), 4);
}

#[test]
fn batch_context_is_merged_under_each_events_own() {
    let db = db_path("context");
    let mut store = Store::open(&db).expect("open the store");
    let mut own = track("m1");
    own["context"] = json!({ "page": { "path": "/pricing" }, "locale": "de-DE" });
    let body = json!({
        "batch": [own, track("m2")],
        "context": { "library": { "name": "helpfirst" }, "page": { "path": "/" } }
    });

    let ingested = store.ingest(Shape::Batch, body.to_string().as_bytes());

    assert_eq!(ingested.map(|done| done.stored), Ok(2));
    let merged = json!({
        "library": { "name": "helpfirst" },
        "page": { "path": "/pricing" },
        "locale": "de-DE"
    });
    assert_eq!(json_column(&db, "m1", "context"), merged);
    assert_eq!(json_column(&db, "m1", "raw")["context"], merged);
    assert_eq!(
        json_column(&db, "m2", "context"),
        json!({ "library": { "name": "helpfirst" }, "page": { "path": "/" } })
    );
}

#[test]
fn storage_failure_midway_stores_nothing_of_the_batch() {
    let db = db_path("rollback");
    let mut store = Store::open(&db).expect("open the store");
    Connection::open(&db)
        .expect("open the database")
        .execute_batch(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON events WHEN NEW.message_id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'boom refused'); END;",
        )
        .expect("add a failing trigger");

    let result = store.ingest(
        Shape::Batch,
        &batch(vec![track("m1"), track("boom"), track("m3")]),
    );

    let Err(IngestError::Storage(message)) = result else {
        panic!("the trigger makes storing fail, got {result:?}");
    };
    assert!(message.contains("boom refused"), "{message}");
    assert_eq!(count(&db), 0, "m1 was rolled back");
}

#[test]
fn batch_body_over_500_kb_is_too_large() {
    let mut store = Store::open(&db_path("big-batch")).expect("open the store");

    let result = store.ingest(Shape::Batch, &vec![b' '; 500 * 1024 + 1]);

    assert_eq!(
        result,
        Err(IngestError::TooLarge(
            "body: larger than the 500 KB limit for a batch".to_owned()
        ))
    );
}

#[test]
fn track_body_over_32_kb_is_too_large() {
    let mut store = Store::open(&db_path("big-track")).expect("open the store");

    let result = store.ingest(Shape::Track, &vec![b' '; 32 * 1024 + 1]);

    assert_eq!(
        result,
        Err(IngestError::TooLarge(
            "body: larger than the 32 KB limit for one event".to_owned()
        ))
    );
}

#[test]
fn more_than_2500_events_is_refused_naming_the_limit() {
    let mut store = Store::open(&db_path("many")).expect("open the store");

    let result = store.ingest(Shape::Batch, &batch(vec![json!({}); 2_501]));

    assert_eq!(
        result,
        Err(IngestError::Invalid(vec![
            "batch: 2501 events, over the limit of 2500 per batch".to_owned()
        ]))
    );
}

#[test]
fn event_over_32_kb_is_named_by_its_position() {
    let db = db_path("big-event");
    let mut store = Store::open(&db).expect("open the store");
    let mut big = track("m2");
    big["properties"]["answer"] = json!("x".repeat(33 * 1024));

    let result = store.ingest(Shape::Batch, &batch(vec![track("m1"), big]));

    let Err(IngestError::Invalid(problems)) = result else {
        panic!("an oversized event is invalid, got {result:?}");
    };
    assert_eq!(problems.len(), 1);
    assert!(problems[0].starts_with("batch[1]: "), "{problems:?}");
    assert!(
        problems[0].ends_with("over the 32 KB limit per event"),
        "{problems:?}"
    );
    assert_eq!(count(&db), 0);
}

#[test]
fn message_id_may_have_at_most_100_characters() {
    let db = db_path("message-id");
    let mut store = Store::open(&db).expect("open the store");

    let longest = store.ingest(Shape::Batch, &batch(vec![track(&"é".repeat(100))]));
    let too_long = store.ingest(Shape::Batch, &batch(vec![track(&"x".repeat(101))]));

    assert_eq!(longest.map(|done| done.stored), Ok(1));
    assert_eq!(
        too_long,
        Err(IngestError::Invalid(vec![
            "batch[0].messageId: 101 characters, over the limit of 100".to_owned()
        ]))
    );
}

#[test]
fn track_body_is_one_event_whose_type_is_implied() {
    let db = db_path("track");
    let mut store = Store::open(&db).expect("open the store");
    let untyped = without(track("m1"), "type");
    let mut page = track("m2");
    page["type"] = json!("page");

    let stored = store.ingest(Shape::Track, untyped.to_string().as_bytes());
    let refused = store.ingest(Shape::Track, page.to_string().as_bytes());

    assert_eq!(stored.map(|done| done.stored), Ok(1));
    assert_eq!(column(&db, "m1", "type").as_deref(), Some("track"));
    assert_eq!(json_column(&db, "m1", "raw")["type"], json!("track"));
    assert_eq!(
        refused,
        Err(IngestError::Invalid(vec![
            r#"type: expected "track", got "page""#.to_owned()
        ]))
    );
}

#[test]
fn page_and_identify_events_are_stored_too() {
    let db = db_path("page-identify");
    let mut store = Store::open(&db).expect("open the store");
    let page = json!({
        "type": "page", "messageId": "p1", "anonymousId": "anon-1",
        "timestamp": "2024-05-01T12:00:00Z", "name": "Pricing"
    });
    let identify = json!({
        "type": "identify", "messageId": "i1", "userId": "user-9", "anonymousId": null,
        "timestamp": "2024-05-01T12:00:00Z", "traits": { "plan": "team" }
    });

    let ingested = store.ingest(Shape::Batch, &batch(vec![page, identify]));

    assert_eq!(ingested.map(|done| done.stored), Ok(2));
    assert_eq!(column(&db, "p1", "type").as_deref(), Some("page"));
    assert_eq!(column(&db, "p1", "event"), None);
    assert_eq!(column(&db, "i1", "anonymous_id"), None);
    assert_eq!(json_column(&db, "i1", "raw")["userId"], json!("user-9"));
}

#[test]
fn store_uses_wal_and_keeps_its_events_when_reopened() {
    let db = db_path("wal");
    let mut store = Store::open(&db).expect("open the store");
    assert_eq!(
        store
            .ingest(Shape::Batch, &batch(vec![track("m1")]))
            .map(|done| done.stored),
        Ok(1)
    );
    drop(store);

    let reopened = Store::open(&db);

    assert!(reopened.is_ok());
    assert_eq!(count(&db), 1);
    let mode: String = Connection::open(&db)
        .expect("open the database")
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("read the journal mode");
    assert_eq!(mode, "wal");
}

#[test]
fn store_that_cannot_be_opened_names_the_file() {
    let dir = db_path("unopenable").with_file_name("no such directory");
    let path = dir.join("events.db");

    let Err(message) = Store::open(&path) else {
        panic!("a file in a missing directory cannot be opened");
    };

    assert!(message.contains(&path.display().to_string()), "{message}");
}

#[test]
fn helpfirst_events_are_checked_against_the_published_schema() {
    let db = db_path("schema");
    let mut store = Store::open(&db).unwrap();
    let good = widget_event(
        "s1",
        "Answer Rated",
        json!({ "answer_id": "cancel", "helpful": true }),
    );
    let wrong_type = widget_event(
        "s2",
        "Answer Rated",
        json!({ "answer_id": "cancel", "helpful": "yes" }),
    );
    let extra = widget_event("s3", "Widget Opened", json!({ "email": "a@b.example" }));
    let Err(IngestError::Invalid(problems)) =
        store.ingest(Shape::Batch, &batch(vec![good.clone(), wrong_type, extra]))
    else {
        panic!("a batch with events that break the schema must be refused");
    };
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(
        problems[0].starts_with("batch[1].properties.helpful: "),
        "{problems:?}"
    );
    assert!(problems[0].contains("boolean"), "{problems:?}");
    assert!(
        problems[1].starts_with("batch[2].properties: "),
        "{problems:?}"
    );
    assert!(problems[1].contains("email"), "{problems:?}");
    assert_eq!(count(&db), 0, "nothing of a refused batch is stored");
    assert_eq!(
        store.ingest(Shape::Batch, &batch(vec![good])),
        Ok(Ingested {
            stored: 1,
            duplicates: 0
        })
    );
}

#[test]
fn the_schema_describes_every_event_the_widget_can_send() {
    let schema: Value = serde_json::from_str(helpfirst::collector::EVENTS_SCHEMA).unwrap();
    let described: Vec<&str> = schema["allOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["if"]["properties"]["event"]["const"].as_str().unwrap())
        .collect();
    for interaction in helpfirst::events::Interaction::ALL {
        assert!(
            described.contains(&interaction.name()),
            "{} has no entry in schema/events.schema.json",
            interaction.name()
        );
    }
    assert_eq!(described.len(), helpfirst::events::Interaction::ALL.len());
}

#[test]
fn every_widget_event_may_carry_the_visit_id_and_older_widgets_and_other_clients_need_not() {
    let schema: Value = serde_json::from_str(helpfirst::collector::EVENTS_SCHEMA).unwrap();
    for rule in schema["allOf"].as_array().unwrap() {
        let reference = rule["then"]["properties"]["properties"]["$ref"]
            .as_str()
            .unwrap();
        let name = reference.rsplit('/').next().unwrap();
        assert_eq!(
            schema["$defs"][name]["properties"]["visit_id"]["$ref"], "#/$defs/visit_id",
            "{name} must allow visit_id"
        );
    }

    let db = db_path("visit-id");
    let mut store = Store::open(&db).unwrap();
    let visit = |id, name, mut properties: Value| {
        properties["visit_id"] = json!("visit-1");
        widget_event(id, name, properties)
    };
    let current = vec![
        visit("v1", "Widget Opened", json!({})),
        visit(
            "v2",
            "Question Asked",
            json!({ "question": "can I cancel?" }),
        ),
        visit("v3", "Source Opened", json!({ "answer_id": "cancel" })),
        visit(
            "v4",
            "Comparison Viewed",
            json!({ "options": ["free", "team"] }),
        ),
        visit(
            "v5",
            "Fit Recommended",
            json!({ "relation": "ours", "tie": false, "option_id": "team" }),
        ),
    ];
    let older_widget = widget_event("o1", "Widget Opened", json!({}));
    let other_client = track("c1");
    let mut all = current;
    all.extend([older_widget, other_client]);
    assert_eq!(
        store.ingest(Shape::Batch, &batch(all)),
        Ok(Ingested {
            stored: 7,
            duplicates: 0
        })
    );

    let empty = widget_event(
        "e1",
        "Question Asked",
        json!({ "question": "can I cancel?", "visit_id": "" }),
    );
    let Err(IngestError::Invalid(problems)) = store.ingest(Shape::Batch, &batch(vec![empty]))
    else {
        panic!("an empty visit id must be refused");
    };
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("batch[0].properties.visit_id: "),
        "{problems:?}"
    );
}
