//! Recording help-first interactions: builds Segment events and sends them to the endpoint.
//!
//! Key decision: nothing is stored or sent until the visitor interacts with the widget (opening it
//! is the first interaction), and the anonymous id lives in `localStorage`, never in a cookie.
//! Question text is scrubbed of personal data before it leaves this module.

use super::browser;
use crate::events::{Batch, Interaction, Origin, Page, Properties, TrackEvent};
use serde::Serialize;
use std::cell::OnceCell;

const ANONYMOUS_ID_KEY: &str = "helpfirst.anonymousId";

pub struct Recorder {
    endpoint: String,
    locale: String,
    anonymous_id: OnceCell<String>,
}

impl Recorder {
    pub fn new(endpoint: &str, locale: &str) -> Self {
        Recorder {
            endpoint: endpoint.to_string(),
            locale: locale.to_string(),
            anonymous_id: OnceCell::new(),
        }
    }

    /// Builds the event, tells the host page through `emit`, and sends it to the endpoint if any.
    pub fn track(&self, interaction: Interaction, properties: Properties) -> TrackEvent {
        let origin = Origin {
            anonymous_id: self.anonymous_id().to_string(),
            page: current_page(),
            locale: self.locale.clone(),
        };
        let event = TrackEvent::new(
            interaction,
            properties,
            &origin,
            browser::random_id(),
            browser::now(),
        );
        if !self.endpoint.is_empty() {
            if let Some(body) = to_json(&Batch {
                batch: std::slice::from_ref(&event),
                sent_at: browser::now(),
            }) {
                browser::post(&self.endpoint, &body);
            }
        }
        event
    }

    fn anonymous_id(&self) -> &str {
        self.anonymous_id.get_or_init(|| {
            // Storage can be blocked (privacy modes, sandboxed frames): then the id lives for the visit.
            let storage = gloo::utils::window().local_storage().ok().flatten();
            if let Some(id) = storage
                .as_ref()
                .and_then(|s| s.get_item(ANONYMOUS_ID_KEY).ok().flatten())
            {
                return id;
            }
            let id = browser::random_id();
            if let Some(storage) = storage {
                let _ = storage.set_item(ANONYMOUS_ID_KEY, &id);
            }
            id
        })
    }
}

/// Serialises with plain JSON objects (not JS `Map`s) and the browser's `JSON.stringify`.
pub fn to_json<T: Serialize>(value: &T) -> Option<String> {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .ok()?;
    js_sys::JSON::stringify(&js).ok().map(String::from)
}

fn current_page() -> Page {
    let window = gloo::utils::window();
    let document = gloo::utils::document();
    let location = window.location();
    Page {
        path: location.pathname().unwrap_or_default(),
        url: location.href().unwrap_or_default(),
        title: document.title(),
        referrer: document.referrer(),
    }
}
