//! Checking events against `schema/events.schema.json`, the JSON Schema that documents every event
//! the widget sends.
//!
//! Key decision: the schema file is the single source of truth. It is compiled into the binary and
//! used as is, so the collector cannot drift from what the repository publishes to pipelines, and
//! the tests that validate the widget's real events use the same file.

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value;

/// The schema's text, as published in the repository.
pub const EVENTS_SCHEMA: &str = include_str!("../../schema/events.schema.json");

static VALIDATOR: LazyLock<Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(EVENTS_SCHEMA).expect("the events schema is JSON");
    jsonschema::validator_for(&schema).expect("the events schema is a valid JSON Schema")
});

/// Every way a `track` event breaks the schema, each named by where it is (`batch[2].properties.helpful`).
pub fn problems(event: &Value, at: &str) -> Vec<String> {
    VALIDATOR
        .iter_errors(event)
        .map(|error| {
            let pointer = error.instance_path().to_string();
            let field = pointer.trim_start_matches('/').replace('/', ".");
            let place = match (at.is_empty(), field.is_empty()) {
                (true, true) => "body".to_owned(),
                (true, false) => field,
                (false, true) => at.to_owned(),
                (false, false) => format!("{at}.{field}"),
            };
            format!("{place}: {error}")
        })
        .collect()
}
