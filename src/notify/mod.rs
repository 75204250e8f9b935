//! Telling the named person about a handoff: e-mail over SMTP and a signed webhook, delivered
//! from a durable outbox in the event store.
//!
//! Key decision: a transactional outbox. The notification is queued in the same SQLite
//! transaction that stores the consented `Handoff Requested` event (see `collector::Store`), so
//! the collector never acknowledges a handoff it has not also promised to deliver; a worker on its
//! own thread delivers it, retrying with backoff, and records the outcome in the same row, where
//! the report reads it. Delivery is at least once; the mail's `Message-ID` and the webhook's
//! `Idempotency-Key` are stable, so a receiver can drop the rare repeat.
//!
//! - `config`: the server-side settings file (never the public content).
//! - `outbox`: the `notifications` table.
//! - `message`: what the person receives, rendered for each channel.
//! - `mail`, `webhook`: the two channels.
//! - `worker`: the delivery loop.

pub mod config;
mod mail;
pub mod message;
pub mod outbox;
pub mod webhook;
mod worker;

pub use config::{Queueing, Settings};
pub use message::Notification;
pub use outbox::Delivery;
pub use worker::{stamp, work_off, Worker};

use serde_json::{json, Value};

/// The outbox's names for the channels.
pub const EMAIL: &str = "email";
pub const WEBHOOK: &str = "webhook";
/// The visitor's own receipt, when it is on.
pub const RECEIPT: &str = "receipt";

/// Sends one notification on one channel now.
pub fn send(settings: &Settings, channel: &str, notification: &Notification) -> Result<(), String> {
    match channel {
        EMAIL => match &settings.email {
            Some(email) => mail::send(email, notification),
            None => Err("e-mail is not configured any more (no [email] in the notify file)".into()),
        },
        RECEIPT => match &settings.email {
            Some(email) => mail::send_receipt(email, notification),
            None => Err("e-mail is not configured any more (no [email] in the notify file)".into()),
        },
        WEBHOOK => match &settings.webhook {
            Some(webhook) => webhook::send(webhook, notification),
            None => Err(
                "the webhook is not configured any more (no [webhook] in the notify file)".into(),
            ),
        },
        other => Err(format!("unknown channel `{other}`")),
    }
}

/// What `GET /v1/capabilities` says: that this is a helpfirst collector, and whether it delivers
/// handoffs to a person. The widget promises delivery only when it does.
pub fn capabilities(channels: &[&str]) -> Value {
    json!({
        "collector": "helpfirst",
        "version": env!("CARGO_PKG_VERSION"),
        "handoffs": {
            "delivered": !channels.is_empty(),
            "channels": channels,
        },
    })
}

/// The mail's `Message-ID` for a handoff event, as `<...@domain>` without the domain.
pub fn message_id(event_id: &str) -> String {
    mail::message_id(event_id)
}

/// A sample handoff, for `helpfirst notify test`: plainly marked as a test.
pub fn sample(settings: &Settings) -> Notification {
    let person = settings
        .content
        .as_ref()
        .and_then(|content| content.handoff.as_ref())
        .map_or("the person named in your content".to_string(), |h| {
            h.name.clone()
        });
    let properties = json!({
        "person": person,
        "email": "visitor@example.com",
        "question": "This is a test notification from `helpfirst notify test`: if you can read it, handoffs reach you.",
    });
    let id = format!("test-{}", stamp(chrono::Utc::now()));
    message::build(
        &id,
        &properties,
        &stamp(chrono::Utc::now()),
        &[],
        settings.content.as_deref(),
    )
}
