//! Reading a Segment-spec request body into events the store can keep, or into every reason it
//! cannot.
//!
//! Key decision: validation collects *all* problems, each named by where it is
//! (`batch[3].messageId: missing`), instead of stopping at the first, so whoever writes a client
//! fixes everything in one round trip. Any problem rejects the whole body.

use serde_json::{Map, Value};

use super::{schema, IngestError};

/// The largest body `/v1/track` accepts, and the largest event inside a batch (compact JSON).
pub const MAX_EVENT_BYTES: usize = 32 * 1024;
/// The largest body `/v1/batch` accepts.
pub const MAX_BATCH_BYTES: usize = 500 * 1024;
/// The most events one batch may carry.
pub const MAX_BATCH_EVENTS: usize = 2_500;
/// The most bytes one batch's events may take once stored, the batch `context` merged into each:
/// without it a 500 KB body with a large `context` would write gigabytes.
pub const MAX_STORED_BATCH_BYTES: usize = 2 * MAX_BATCH_BYTES;
/// The largest `dropped` count one body may report: far above what a browser's queue can lose
/// (hundreds), and small enough that the report's sums never overflow.
pub const MAX_DROPPED: u64 = 1_000_000;
const MAX_MESSAGE_ID_CHARS: usize = 100;
const BATCH_TYPES: &[&str] = &["track", "page", "identify"];

/// The two body shapes of Segment's HTTP tracking API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `/v1/batch`: `{"batch": [event, ...], "sentAt": "...", "context": {...}}`; `context` is
    /// optional and `sentAt` is accepted but not used.
    Batch,
    /// `/v1/track`: one event object, whose `type` may be left out.
    Track,
}

/// A valid body: its events, and how many events the client says it had to drop.
pub struct Parsed {
    pub events: Vec<Event>,
    pub dropped: u64,
}

/// The widget's `dropped` count: events it could not keep (its queue was full, or the collector
/// refused them), reported so a loss is visible rather than silent.
fn dropped(body: &Map<String, Value>, problems: &mut Vec<String>) -> u64 {
    match body.get("dropped") {
        None | Some(Value::Null) => 0,
        Some(Value::Number(count)) if count.as_u64().is_some_and(|n| n > MAX_DROPPED) => {
            problems.push(format!(
                "dropped: {count} events, over the limit of {MAX_DROPPED} per body"
            ));
            0
        }
        Some(Value::Number(count)) if count.as_u64().is_some() => count.as_u64().unwrap_or(0),
        Some(other) => {
            problems.push(format!(
                "dropped: expected a whole number of events, got {}",
                kind_of(other)
            ));
            0
        }
    }
}

/// A valid event, already split into the columns of the `events` table.
pub struct Event {
    pub message_id: String,
    pub kind: String,
    pub event: Option<String>,
    pub anonymous_id: Option<String>,
    pub timestamp: String,
    /// JSON text of the `properties` object.
    pub properties: Option<String>,
    /// JSON text of the event's `context` with the batch's `context` merged under it.
    pub context: Option<String>,
    /// JSON text of the whole event as sent, but with the merged `context` (and, for `/v1/track`,
    /// its implied `"type": "track"`), so a row is complete on its own.
    pub raw: String,
}

/// The largest body a shape accepts.
pub fn body_limit(shape: Shape) -> usize {
    match shape {
        Shape::Batch => MAX_BATCH_BYTES,
        Shape::Track => MAX_EVENT_BYTES,
    }
}

/// The refusal of a body over [`body_limit`], for a server that stops reading at the limit.
pub fn too_large(shape: Shape) -> IngestError {
    let what = match shape {
        Shape::Batch => "a batch",
        Shape::Track => "one event",
    };
    IngestError::TooLarge(format!(
        "body: larger than the {} KB limit for {what}",
        body_limit(shape) / 1024
    ))
}

/// Parses and validates a body of the given shape.
pub fn parse(body: &[u8], shape: Shape) -> Result<Parsed, IngestError> {
    if body.len() > body_limit(shape) {
        return Err(too_large(shape));
    }
    let body: Value = serde_json::from_slice(body)
        .map_err(|error| IngestError::Invalid(vec![format!("body: not valid JSON ({error})")]))?;
    let mut problems = Vec::new();
    let dropped = match (&body, shape) {
        (Value::Object(fields), Shape::Batch) => dropped(fields, &mut problems),
        _ => 0,
    };
    if shape == Shape::Batch {
        // Refused before merging, so the refusal costs no more than the body did.
        let context = body
            .get("context")
            .map_or(0, |context| context.to_string().len());
        let events = body
            .get("batch")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if context.saturating_mul(events) > MAX_STORED_BATCH_BYTES {
            return Err(amplified(context.saturating_mul(events)));
        }
    }
    let events = match shape {
        Shape::Batch => batch_events(body, &mut problems),
        Shape::Track => check_event(body, "", &Map::new(), shape, &mut problems)
            .into_iter()
            .collect(),
    };
    if !problems.is_empty() {
        return Err(IngestError::Invalid(problems));
    }
    let stored: usize = events.iter().map(|event| event.raw.len()).sum();
    if stored > MAX_STORED_BATCH_BYTES {
        return Err(amplified(stored));
    }
    Ok(Parsed { events, dropped })
}

fn amplified(stored: usize) -> IngestError {
    IngestError::TooLarge(format!(
        "batch: at least {} KB once the batch context is merged into each event, over the {} KB \
         limit per batch; send a smaller context, or fewer events",
        stored / 1024,
        MAX_STORED_BATCH_BYTES / 1024
    ))
}

fn batch_events(body: Value, problems: &mut Vec<String>) -> Vec<Event> {
    let Value::Object(mut body) = body else {
        problems.push(r#"body: expected a JSON object like {"batch": [...]}"#.to_owned());
        return Vec::new();
    };
    let context = match body.remove("context") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(context)) => context,
        Some(other) => {
            problems.push(format!(
                "context: expected an object, got {}",
                kind_of(&other)
            ));
            Map::new()
        }
    };
    let context_bytes = Value::Object(context.clone()).to_string().len();
    if context_bytes > MAX_EVENT_BYTES {
        problems.push(format!(
            "context: {context_bytes} bytes, over the {} KB limit per event it is merged into",
            MAX_EVENT_BYTES / 1024
        ));
        return Vec::new();
    }
    let batch = match body.remove("batch") {
        Some(Value::Array(batch)) => batch,
        None => {
            problems.push("batch: missing".to_owned());
            return Vec::new();
        }
        Some(other) => {
            problems.push(format!("batch: expected an array, got {}", kind_of(&other)));
            return Vec::new();
        }
    };
    if batch.len() > MAX_BATCH_EVENTS {
        problems.push(format!(
            "batch: {} events, over the limit of {MAX_BATCH_EVENTS} per batch",
            batch.len()
        ));
        return Vec::new();
    }
    let mut events = Vec::with_capacity(batch.len());
    for (index, event) in batch.into_iter().enumerate() {
        let at = format!("batch[{index}]");
        let size = event.to_string().len();
        if size > MAX_EVENT_BYTES {
            problems.push(format!(
                "{at}: {size} bytes, over the {} KB limit per event",
                MAX_EVENT_BYTES / 1024
            ));
            continue;
        }
        events.extend(check_event(event, &at, &context, Shape::Batch, problems));
    }
    events
}

/// Checks one event found at `at` (empty for a lone `/v1/track` body), pushing every problem.
fn check_event(
    event: Value,
    at: &str,
    batch_context: &Map<String, Value>,
    shape: Shape,
    problems: &mut Vec<String>,
) -> Option<Event> {
    let Value::Object(mut object) = event else {
        let place = if at.is_empty() { "body" } else { at };
        problems.push(format!(
            "{place}: expected an event object, got {}",
            kind_of(&event)
        ));
        return None;
    };
    let before = problems.len();

    let allowed: &[&str] = match shape {
        Shape::Batch => BATCH_TYPES,
        Shape::Track => {
            object.entry("type").or_insert_with(|| Value::from("track"));
            &["track"]
        }
    };
    let kind = text(&object, at, "type", true, problems);
    if let Some(kind) = &kind {
        if !allowed.contains(&kind.as_str()) {
            let expected: Vec<String> = allowed.iter().map(|kind| format!("\"{kind}\"")).collect();
            problems.push(format!(
                "{}: expected {}, got \"{kind}\"",
                path(at, "type"),
                expected.join(" or ")
            ));
        }
    }
    let event = text(
        &object,
        at,
        "event",
        kind.as_deref() == Some("track"),
        problems,
    );

    let message_id = text(&object, at, "messageId", true, problems);
    if let Some(message_id) = &message_id {
        let chars = message_id.chars().count();
        if chars > MAX_MESSAGE_ID_CHARS {
            problems.push(format!(
                "{}: {chars} characters, over the limit of {MAX_MESSAGE_ID_CHARS}",
                path(at, "messageId")
            ));
        }
    }

    let anonymous_id = text(&object, at, "anonymousId", false, problems);
    let present = |key: &str| object.get(key).is_some_and(|value| !value.is_null());
    if !present("anonymousId") && !present("userId") {
        problems.push(format!(
            "{}: missing (an event needs anonymousId or userId)",
            path(at, "anonymousId")
        ));
    }
    // userId has no column (it stays in `raw`) but a malformed one is still reported.
    text(&object, at, "userId", false, problems);

    let timestamp = text(&object, at, "timestamp", true, problems);
    if timestamp
        .as_deref()
        .is_some_and(|stamp| !looks_like_date_time(stamp))
    {
        problems.push(format!(
            "{}: expected an ISO 8601 date-time like 2024-05-01T12:00:00.000Z",
            path(at, "timestamp")
        ));
    }

    let properties = json_object(&object, at, "properties", problems)
        .map(|properties| Value::Object(properties.clone()).to_string());
    let mut context = batch_context.clone();
    if let Some(own) = json_object(&object, at, "context", problems) {
        // The event's own keys win over the batch's.
        context.extend(own.clone());
    }

    if problems.len() > before {
        return None;
    }
    let (Some(kind), Some(message_id), Some(timestamp)) = (kind, message_id, timestamp) else {
        return None;
    };
    let context = if context.is_empty() {
        None
    } else {
        let context = Value::Object(context);
        let text = context.to_string();
        object.insert("context".to_owned(), context);
        Some(text)
    };
    let object = Value::Object(object);
    if kind == "track" && from_the_widget(&object) {
        // The envelope is sound; the schema now checks the widget's own events in full.
        let broken = schema::problems(&object, at);
        if !broken.is_empty() {
            problems.extend(broken);
            return None;
        }
    }
    let raw = object.to_string();
    if raw.len() > MAX_EVENT_BYTES {
        let place = if at.is_empty() { "body" } else { at };
        problems.push(format!(
            "{place}: {} bytes once the batch context is merged in, over the {} KB limit per event",
            raw.len(),
            MAX_EVENT_BYTES / 1024
        ));
        return None;
    }
    Some(Event {
        message_id,
        kind,
        event,
        anonymous_id,
        timestamp,
        properties,
        context,
        raw,
    })
}

/// The widget names itself in `context.library.name`. Its events are held to the published
/// schema in full; other Segment clients (such as `@segment/analytics-node`) only to what
/// Segment's spec requires, the envelope checked above.
fn from_the_widget(event: &Value) -> bool {
    event.pointer("/context/library/name") == Some(&Value::from("helpfirst"))
}

/// Where a field is, as a client developer would write it: `batch[3].messageId`, or `messageId`.
fn path(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}

/// A string field; `null` counts as absent because Segment libraries send `"userId": null`.
fn text(
    object: &Map<String, Value>,
    at: &str,
    key: &str,
    required: bool,
    problems: &mut Vec<String>,
) -> Option<String> {
    match object.get(key) {
        Some(Value::String(value)) if !value.is_empty() => Some(value.clone()),
        None | Some(Value::Null) => {
            if required {
                problems.push(format!("{}: missing", path(at, key)));
            }
            None
        }
        Some(other) => {
            problems.push(format!(
                "{}: expected a non-empty string, got {}",
                path(at, key),
                kind_of(other)
            ));
            None
        }
    }
}

/// An optional object field such as `properties` or `context`.
fn json_object<'a>(
    object: &'a Map<String, Value>,
    at: &str,
    key: &str,
    problems: &mut Vec<String>,
) -> Option<&'a Map<String, Value>> {
    match object.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Object(inner)) => Some(inner),
        Some(other) => {
            problems.push(format!(
                "{}: expected an object, got {}",
                path(at, key),
                kind_of(other)
            ));
            None
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS` at the start: enough for timestamps to sort as text in the
/// `(event, timestamp)` index, without a date parser.
fn looks_like_date_time(text: &str) -> bool {
    const PATTERN: &[u8] = b"dddd-dd-ddTdd:dd:dd";
    text.len() >= PATTERN.len()
        && PATTERN.iter().zip(text.bytes()).all(|(&expected, byte)| {
            if expected == b'd' {
                byte.is_ascii_digit()
            } else {
                byte == expected
            }
        })
}

/// Names a JSON value's kind for error messages, without echoing what may be a large value.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(text) if text.is_empty() => "an empty string",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
