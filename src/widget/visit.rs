//! The visit: what this tab's conversation holds, kept in `sessionStorage` so it follows the
//! visitor from page to page on the site and ends with the tab.
//!
//! Key decisions:
//! - `sessionStorage`, not `localStorage`: a conversation is the visit's, so a new visit starts
//!   afresh and nothing typed lingers on the device after the tab is closed.
//! - The visit is stored as compact bytes (one character per byte), in the layout the widget
//!   already reads its content in ([`crate::compact`], postcard's): derived JSON (de)serialisers
//!   for the transcript's types cost the wasm about 5 KB brotli, and nobody but this tab reads the
//!   visit. A stored visit that cannot be read (damaged, or from another release) is dropped,
//!   never shown half-parsed.

use super::browser;
use super::transcript::{Cited, Turn};
use crate::compact::{Decode, Encode, Reader, Writer};
use crate::help_first::Help;

/// The key names the format: a visit an earlier release stored as JSON is never read as postcard
/// (postcard has no header, so JSON's bytes could decode into nonsense instead of failing).
const KEY: &str = "helpfirst.visit.2";
/// Set while the panel is open, for the loader: it starts the widget at once on the next page of
/// the visit (it cannot read the postcard bytes).
const OPEN_KEY: &str = "helpfirst.visit.open";

#[derive(Clone, PartialEq)]
pub struct Visit {
    /// Random, for the report's "per visit" figures; never stored beyond the tab.
    pub id: String,
    pub turns: Vec<Turn>,
    pub help: Help,
    /// Whether the panel was open, so it stays open on the next page of the visit.
    pub open: bool,
    /// The e-mail address a handoff was sent from, so the form is not offered twice.
    pub handed_off: Option<String>,
    /// A handoff sent but not yet acknowledged by the collector: it waits in the outbox.
    pub handoff_pending: Option<Pending>,
}

/// A handoff on its way: the event's id, the reply address, and whether the collector was found
/// unreachable.
#[derive(Clone, PartialEq)]
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
            .and_then(|bytes| {
                let mut reader = Reader::new(&bytes);
                let visit = reader.read();
                reader.finish().ok().map(|_| visit)
            })
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
        if let Some(storage) = storage() {
            let mut writer = Writer::default();
            writer.write(self);
            let _ = storage.set_item(KEY, &text_of(&writer.into_bytes()));
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

/// The visit's layout (see [`crate::compact`]): each field in order, and a turn's variant index
/// before its fields. A visit the previous release stored (the same layout, written by postcard)
/// is read as it was.
impl Encode for Visit {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.id);
        w.write(&self.turns);
        w.write(&self.help);
        w.write(&self.open);
        w.write(&self.handed_off);
        w.write(&self.handoff_pending);
    }
}

impl Decode for Visit {
    fn decode(r: &mut Reader<'_>) -> Visit {
        Visit {
            id: r.read(),
            turns: r.read(),
            help: r.read(),
            open: r.read(),
            handed_off: r.read(),
            handoff_pending: r.read(),
        }
    }
}

impl Encode for Pending {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.id);
        w.write(&self.email);
        w.write(&self.unreachable);
        w.write(&self.person);
        w.write(&self.expectation);
    }
}

impl Decode for Pending {
    fn decode(r: &mut Reader<'_>) -> Pending {
        Pending {
            id: r.read(),
            email: r.read(),
            unreachable: r.read(),
            person: r.read(),
            expectation: r.read(),
        }
    }
}

impl Encode for Turn {
    fn encode(&self, w: &mut Writer) {
        match self {
            Turn::Asked(question) => {
                w.variant(0);
                w.write(question);
            }
            Turn::Answered {
                answer,
                related,
                helpful,
            } => {
                w.variant(1);
                w.write(answer);
                w.write(related);
                w.write(helpful);
            }
            Turn::NoAnswer => w.variant(2),
            Turn::Unavailable => w.variant(3),
            Turn::Compared(names) => {
                w.variant(4);
                w.write(names);
            }
            Turn::Fitted(sentence) => {
                w.variant(5);
                w.write(sentence);
            }
            Turn::Priced { worked, helpful } => {
                w.variant(6);
                w.write(worked);
                w.write(helpful);
            }
            Turn::HandedOff {
                person,
                email,
                expectation,
            } => {
                w.variant(7);
                w.write(person);
                w.write(email);
                w.write(expectation);
            }
            Turn::Offered => w.variant(8),
        }
    }
}

impl Decode for Turn {
    fn decode(r: &mut Reader<'_>) -> Turn {
        match r.variant() {
            0 => Turn::Asked(r.read()),
            1 => Turn::Answered {
                answer: r.read(),
                related: r.read(),
                helpful: r.read(),
            },
            2 => Turn::NoAnswer,
            3 => Turn::Unavailable,
            4 => Turn::Compared(r.read()),
            5 => Turn::Fitted(r.read()),
            6 => Turn::Priced {
                worked: r.read(),
                helpful: r.read(),
            },
            7 => Turn::HandedOff {
                person: r.read(),
                email: r.read(),
                expectation: r.read(),
            },
            8 => Turn::Offered,
            _ => r.damaged(Turn::Unavailable),
        }
    }
}

impl Encode for Cited {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.id);
        w.write(&self.title);
        w.write(&self.passage);
        w.write(&self.url);
    }
}

impl Decode for Cited {
    fn decode(r: &mut Reader<'_>) -> Cited {
        Cited {
            id: r.read(),
            title: r.read(),
            passage: r.read(),
            url: r.read(),
        }
    }
}
