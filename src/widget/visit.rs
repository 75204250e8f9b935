//! The visit: what this tab's conversation holds, kept in `sessionStorage` so it follows the
//! visitor from page to page on the site and ends with the tab.
//!
//! Key decision: `sessionStorage`, not `localStorage`: a conversation is the visit's, so a new
//! visit starts afresh and nothing typed lingers on the device after the tab is closed. The JSON
//! is written and read by the browser (`JSON.stringify` / `JSON.parse`), as everywhere in the
//! widget, and a stored visit that cannot be read is dropped, never shown half-parsed.

use super::browser;
use super::transcript::Turn;
use crate::help_first::Help;
use serde::{Deserialize, Serialize};

const KEY: &str = "helpfirst.visit";

#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Visit {
    /// Random, for the report's "per visit" figures; never stored beyond the tab.
    pub id: String,
    pub turns: Vec<Turn>,
    pub help: Help,
    /// Whether the panel was open, so it stays open on the next page of the visit.
    pub open: bool,
    /// The e-mail address a handoff was sent from, so the form is not offered twice.
    #[serde(default)]
    pub handed_off: Option<String>,
    /// A handoff sent but not yet acknowledged by the collector: it waits in the outbox.
    #[serde(default)]
    pub handoff_pending: Option<Pending>,
}

/// A handoff on its way: the event's id, the reply address, and whether the collector was found
/// unreachable.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub id: String,
    pub email: String,
    pub unreachable: bool,
    /// The person's first name and the reply expectation, for the transcript once it is sent.
    pub person: String,
    pub expectation: String,
}

impl Visit {
    /// The stored visit, or a new one.
    pub fn resume() -> Visit {
        storage()
            .and_then(|s| s.get_item(KEY).ok().flatten())
            .and_then(|json| js_sys::JSON::parse(&json).ok())
            .and_then(|value| serde_wasm_bindgen::from_value(value).ok())
            .unwrap_or_else(|| Visit {
                id: browser::random_id(),
                turns: Vec::new(),
                help: Help::default(),
                open: false,
                handed_off: None,
                handoff_pending: None,
            })
    }

    /// Stores the visit. Storage can be full or blocked: the conversation then lasts for the page.
    pub fn keep(&self) {
        if let (Some(storage), Some(json)) = (storage(), browser::to_json(self)) {
            let _ = storage.set_item(KEY, &json);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}
