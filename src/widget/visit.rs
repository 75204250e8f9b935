//! The visit: what this tab's conversation holds, kept in `sessionStorage` so it follows the
//! visitor from page to page on the site and ends with the tab.
//!
//! Key decisions:
//! - `sessionStorage`, not `localStorage`: a conversation is the visit's, so a new visit starts
//!   afresh and nothing typed lingers on the device after the tab is closed.
//! - The visit is stored as `postcard` bytes (one character per byte), the format the widget
//!   already decodes its content with: derived JSON (de)serialisers for the transcript's types
//!   cost the wasm about 5 KB brotli, and nobody but this tab reads the visit. A stored visit that
//!   cannot be read (damaged, or from another release) is dropped, never shown half-parsed.

use super::browser;
use super::transcript::Turn;
use crate::help_first::Help;
use serde::{Deserialize, Serialize};

/// The key names the format: a visit an earlier release stored as JSON is never read as postcard
/// (postcard has no header, so JSON's bytes could decode into nonsense instead of failing).
const KEY: &str = "helpfirst.visit.2";
/// Set while the panel is open, for the loader: it starts the widget at once on the next page of
/// the visit (it cannot read the postcard bytes).
const OPEN_KEY: &str = "helpfirst.visit.open";

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
            .and_then(|text| bytes_of(&text))
            .and_then(|bytes| postcard::from_bytes(&bytes).ok())
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
        if let (Some(storage), Ok(bytes)) = (storage(), postcard::to_allocvec(self)) {
            let _ = storage.set_item(KEY, &text_of(&bytes));
            let _ = if self.open {
                storage.set_item(OPEN_KEY, "1")
            } else {
                storage.remove_item(OPEN_KEY)
            };
        }
    }
}

/// Storage keeps text: each byte becomes the character with that code (U+0000 to U+00FF), so any
/// bytes come back unchanged.
fn text_of(bytes: &[u8]) -> String {
    bytes.iter().map(|&byte| char::from(byte)).collect()
}

/// The bytes [`text_of`] wrote; `None` for text it cannot have written.
fn bytes_of(text: &str) -> Option<Vec<u8>> {
    text.chars().map(|c| u8::try_from(c).ok()).collect()
}

fn storage() -> Option<web_sys::Storage> {
    gloo::utils::window().session_storage().ok().flatten()
}
