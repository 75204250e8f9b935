//! Help-first interactions as Segment `track` events.
//!
//! Key decision: the event is built here, in plain Rust, from values the caller supplies (ids,
//! clock, page), so its shape is tested natively and the widget only adds what a browser knows.
//! Names follow the spec's "Object Action" form; the set of names is closed ([`Interaction`]) so a
//! typo cannot invent an event the marketer's pipeline has never seen.

pub mod outbox;
mod scrub;

pub use scrub::scrub_personal_data;

use serde::Serialize;

/// The library name and version every event carries in `context.library`.
pub const LIBRARY_NAME: &str = "helpfirst";
pub const LIBRARY_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What happened, as the event name a pipeline sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Interaction {
    WidgetOpened,
    QuestionAsked,
    AnswerShown,
    AnswerRated,
    NoAnswer,
    SourceOpened,
    ComparisonViewed,
    FitRecommended,
    CallToActionShown,
    CallToActionClicked,
    HandoffRequested,
}

impl Interaction {
    /// Every event the widget can send: the JSON Schema must describe each one.
    pub const ALL: &'static [Interaction] = &[
        Interaction::WidgetOpened,
        Interaction::QuestionAsked,
        Interaction::AnswerShown,
        Interaction::AnswerRated,
        Interaction::NoAnswer,
        Interaction::SourceOpened,
        Interaction::ComparisonViewed,
        Interaction::FitRecommended,
        Interaction::CallToActionShown,
        Interaction::CallToActionClicked,
        Interaction::HandoffRequested,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Interaction::WidgetOpened => "Widget Opened",
            Interaction::QuestionAsked => "Question Asked",
            Interaction::AnswerShown => "Answer Shown",
            Interaction::AnswerRated => "Answer Rated",
            Interaction::NoAnswer => "No Answer",
            Interaction::SourceOpened => "Source Opened",
            Interaction::ComparisonViewed => "Comparison Viewed",
            Interaction::FitRecommended => "Fit Recommended",
            Interaction::CallToActionShown => "Call To Action Shown",
            Interaction::CallToActionClicked => "Call To Action Clicked",
            Interaction::HandoffRequested => "Handoff Requested",
        }
    }
}

/// A property value: the spec allows any JSON, helpfirst only needs these.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    Text(String),
    Number(f64),
    /// A whole count, such as how many times the visit was helped.
    Count(u32),
    Flag(bool),
    /// Ids, such as the options a comparison showed.
    List(Vec<String>),
}

/// An event's properties, kept sorted by key (so they serialise as the same JSON object a map
/// would write), each key once. A sorted list rather than a `BTreeMap`: an event carries a handful,
/// and every map type compiled into the WebAssembly costs kilobytes of node code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Properties(Vec<(&'static str, Value)>);

impl Properties {
    pub fn new() -> Properties {
        Properties::default()
    }

    /// Sets `key` to `value`, replacing what it held.
    pub fn insert(&mut self, key: &'static str, value: Value) {
        match self.0.binary_search_by(|(held, _)| held.cmp(&key)) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    /// The properties in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.0.iter().map(|(key, value)| (*key, value))
    }
}

impl FromIterator<(&'static str, Value)> for Properties {
    fn from_iter<I: IntoIterator<Item = (&'static str, Value)>>(pairs: I) -> Properties {
        let mut properties = Properties::new();
        for (key, value) in pairs {
            properties.insert(key, value);
        }
        properties
    }
}

impl Serialize for Properties {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

/// The page the event happened on (`context.page`).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Page {
    pub path: String,
    pub url: String,
    pub title: String,
    pub referrer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Library {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Context {
    pub page: Page,
    pub locale: String,
    pub library: Library,
}

/// One Segment `track` call.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrackEvent {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub event: &'static str,
    pub properties: Properties,
    pub anonymous_id: String,
    pub message_id: String,
    pub timestamp: String,
    pub context: Context,
}

/// What the caller knows about where and when: the browser supplies it, tests make it up.
#[derive(Debug, Clone, PartialEq)]
pub struct Origin {
    pub anonymous_id: String,
    pub page: Page,
    pub locale: String,
}

impl TrackEvent {
    pub fn new(
        interaction: Interaction,
        properties: Properties,
        origin: &Origin,
        message_id: String,
        timestamp: String,
    ) -> Self {
        TrackEvent {
            kind: "track",
            event: interaction.name(),
            properties,
            anonymous_id: origin.anonymous_id.clone(),
            message_id,
            timestamp,
            context: Context {
                page: origin.page.clone(),
                locale: origin.locale.clone(),
                library: Library {
                    name: LIBRARY_NAME,
                    version: LIBRARY_VERSION,
                },
            },
        }
    }
}

/// The body of `POST /v1/batch`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Batch<'a> {
    pub batch: &'a [TrackEvent],
    pub sent_at: String,
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            anonymous_id: "anon-1".into(),
            page: Page {
                path: "/pricing.html".into(),
                ..Page::default()
            },
            locale: "en-GB".into(),
        }
    }

    #[test]
    fn a_track_event_serialises_in_the_segment_shape() {
        let mut properties = Properties::new();
        properties.insert("question", Value::Text("can I cancel?".into()));
        let event = TrackEvent::new(
            Interaction::QuestionAsked,
            properties,
            &origin(),
            "m-1".into(),
            "2026-11-22T10:00:00.000Z".into(),
        );
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["type"], "track");
        assert_eq!(json["event"], "Question Asked");
        assert_eq!(json["anonymousId"], "anon-1");
        assert_eq!(json["messageId"], "m-1");
        assert_eq!(json["properties"]["question"], "can I cancel?");
        assert_eq!(json["context"]["page"]["path"], "/pricing.html");
        assert_eq!(json["context"]["library"]["name"], "helpfirst");
    }

    #[test]
    fn a_comparison_lists_its_options_as_an_array() {
        let mut properties = Properties::new();
        properties.insert(
            "options",
            Value::List(vec!["team".into(), "slate-wiki".into()]),
        );
        let event = TrackEvent::new(
            Interaction::ComparisonViewed,
            properties,
            &origin(),
            "m-3".into(),
            "t".into(),
        );
        let json = serde_json::to_value(&event).unwrap();
        assert_eq!(json["event"], "Comparison Viewed");
        assert_eq!(json["properties"]["options"][1], "slate-wiki");
        assert_eq!(Interaction::FitRecommended.name(), "Fit Recommended");
    }

    #[test]
    fn a_batch_wraps_events_with_the_send_time() {
        let event = TrackEvent::new(
            Interaction::NoAnswer,
            Properties::new(),
            &origin(),
            "m-2".into(),
            "t".into(),
        );
        let json = serde_json::to_value(Batch {
            batch: &[event],
            sent_at: "s".into(),
        })
        .unwrap();
        assert_eq!(json["batch"][0]["event"], "No Answer");
        assert_eq!(json["sentAt"], "s");
    }
}
