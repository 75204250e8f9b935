//! The outbox: events waiting to reach the endpoint, and the rules for sending them.
//!
//! Key decisions, learned from Segment, PostHog and Snowplow:
//! - **Store before send.** An event enters the outbox (which the widget keeps in `localStorage`)
//!   when it is made and leaves only when the endpoint acknowledges it with a 2xx. Delivery is
//!   therefore at least once; the collector drops repeats by `messageId`, so stored == emitted.
//! - **Bounded.** At most [`Policy::capacity`] events wait; beyond that the oldest is dropped and
//!   counted, and the count travels with the next batch so the loss is visible, never silent.
//! - **Retry what can succeed later** (network errors, 408, 429, 5xx) with capped exponential
//!   backoff and jitter; a rejected batch (other 4xx) is split so one bad event cannot take good
//!   ones down with it, and only an event rejected on its own is given up.
//! - **One owner per outbox.** Each tab keeps its own outbox and takes over another's only once
//!   that tab has released it (on `pagehide`) or stopped renewing its lease, so one tab's flush
//!   never resends another live tab's events.
//!
//! Everything here is plain data and arithmetic over a clock the caller passes in (milliseconds),
//! so the whole policy is tested natively.

use serde::{Deserialize, Serialize};

/// The limits delivery works within.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Policy {
    /// Most events kept waiting; the oldest beyond it are dropped.
    pub capacity: usize,
    /// Most events in one request.
    pub batch_events: usize,
    /// Largest request body. Kept well under the 64 KB that `sendBeacon` and `fetch(keepalive)`
    /// share per page, so an unload flush is never refused for its size.
    pub batch_bytes: usize,
    /// How long a new event waits for others to share its request.
    pub linger_ms: f64,
    /// First retry delay; each further attempt doubles it, up to `max_backoff_ms`.
    pub base_backoff_ms: f64,
    pub max_backoff_ms: f64,
    /// How long an owner's heartbeat holds its outbox against other tabs.
    pub lease_ms: f64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            capacity: 1_000,
            batch_events: 20,
            batch_bytes: 48 * 1024,
            linger_ms: 1_000.0,
            base_backoff_ms: 500.0,
            max_backoff_ms: 60_000.0,
            lease_ms: 120_000.0,
        }
    }
}

/// One waiting event. `event` is the event's JSON text, so the outbox never re-encodes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: String,
    pub event: String,
    pub attempts: u32,
    /// Not sent again before this time (ms since the epoch).
    pub not_before: f64,
    /// Sent alone, because a batch it was in was rejected.
    #[serde(default)]
    pub alone: bool,
    /// In a request that has not answered yet. Not persisted: after a reload nothing is in flight.
    #[serde(skip)]
    pub in_flight: bool,
}

/// A tab's outbox as it is kept in storage.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Outbox {
    pub entries: Vec<Entry>,
    /// Events dropped (over capacity, or rejected on their own) and not yet reported.
    pub dropped: u64,
    /// When the owning tab last said it is alive (ms since the epoch).
    pub heartbeat: f64,
    /// The owner has gone (`pagehide`): another tab may take the events over at once.
    pub released: bool,
}

/// How a request ended, as far as delivery cares.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// 2xx: every event in it is stored.
    Delivered,
    /// The endpoint refused the body and would refuse it again.
    Rejected,
    /// Worth trying again; `after_ms` is the endpoint's `Retry-After`, when it gave one.
    Retry { after_ms: Option<f64> },
}

impl Outcome {
    /// Classifies an HTTP answer. `retry_after` is the `Retry-After` header, in whole seconds
    /// (HTTP's `delay-seconds`); an HTTP date or anything else is ignored. Read as an integer, so
    /// no decimal-to-float parser is compiled into the WebAssembly.
    pub fn from_status(status: u16, retry_after: Option<&str>) -> Outcome {
        match status {
            200..=299 => Outcome::Delivered,
            408 | 429 | 500..=599 => Outcome::Retry {
                after_ms: retry_after
                    .and_then(|seconds| seconds.trim().parse::<u32>().ok())
                    .map(|seconds| f64::from(seconds) * 1_000.0),
            },
            _ => Outcome::Rejected,
        }
    }
}

/// The events of one request: their ids (to settle them later) and the request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Sending {
    pub ids: Vec<String>,
    pub body: String,
}

/// The delay before attempt `attempts + 1`: `base x 2^attempts`, capped, then scaled by a jitter
/// in `[0.5, 1.0)` (from `random` in `[0, 1)`) so tabs that failed together do not retry together.
pub fn retry_delay(policy: &Policy, attempts: u32, random: f64) -> f64 {
    let exponential = policy.base_backoff_ms * 2f64.powi(attempts.min(30) as i32);
    exponential.min(policy.max_backoff_ms) * (0.5 + random.clamp(0.0, 1.0) * 0.5)
}

impl Outbox {
    /// Adds an event, dropping the oldest waiting ones if the outbox is full.
    pub fn push(&mut self, policy: &Policy, id: String, event: String, now: f64) {
        self.entries.push(Entry {
            id,
            event,
            attempts: 0,
            not_before: now,
            alone: false,
            in_flight: false,
        });
        let over = self.entries.len().saturating_sub(policy.capacity);
        if over > 0 {
            self.entries.drain(..over);
            self.dropped += over as u64;
        }
    }

    /// When the next request is worth making: `None` when nothing waits. New events linger a
    /// moment so a burst shares one request (unless a full batch is already waiting); events being
    /// retried keep their backoff.
    pub fn next_send_at(&self, policy: &Policy) -> Option<f64> {
        let waiting = self.entries.iter().filter(|entry| !entry.in_flight);
        let (fresh, retried): (Vec<&Entry>, Vec<&Entry>) =
            waiting.partition(|entry| entry.attempts == 0 && !entry.alone);
        let earliest = |entries: &[&Entry]| {
            entries
                .iter()
                .map(|entry| entry.not_before)
                .reduce(f64::min)
        };
        let fresh_at = earliest(&fresh).map(|first| {
            if fresh.len() >= policy.batch_events {
                first
            } else {
                first + policy.linger_ms
            }
        });
        match (fresh_at, earliest(&retried)) {
            (Some(fresh), Some(retry)) => Some(fresh.min(retry)),
            (fresh, retry) => fresh.or(retry),
        }
    }

    /// Takes the next request's events, oldest first, within the policy's count and size, and
    /// marks them in flight. `ready_only` is false when the page is going away: then every waiting
    /// event goes, backoff or not, because this may be the last chance from this page.
    pub fn take(
        &mut self,
        policy: &Policy,
        now: f64,
        ready_only: bool,
        envelope: &Envelope,
    ) -> Option<Sending> {
        let mut chosen: Vec<usize> = Vec::new();
        let mut size = envelope.overhead(self.dropped);
        for (index, entry) in self.entries.iter().enumerate() {
            if entry.in_flight || (ready_only && entry.not_before > now) {
                continue;
            }
            if entry.alone && !chosen.is_empty() {
                continue;
            }
            let grown = size + entry.event.len() + 1;
            if !chosen.is_empty()
                && (grown > policy.batch_bytes || chosen.len() >= policy.batch_events)
            {
                break;
            }
            chosen.push(index);
            size = grown;
            if entry.alone {
                break;
            }
        }
        if chosen.is_empty() {
            return None;
        }
        for &index in &chosen {
            self.entries[index].in_flight = true;
        }
        let ids = chosen
            .iter()
            .map(|&index| self.entries[index].id.clone())
            .collect();
        let events: Vec<&str> = chosen
            .iter()
            .map(|&index| self.entries[index].event.as_str())
            .collect();
        let body = envelope.body(&events, self.dropped);
        Some(Sending { ids, body })
    }

    /// Records how the request carrying `ids` ended.
    pub fn settle(
        &mut self,
        policy: &Policy,
        ids: &[String],
        outcome: Outcome,
        now: f64,
        random: f64,
    ) {
        let sent = |entry: &Entry| ids.contains(&entry.id);
        match outcome {
            Outcome::Delivered => {
                self.entries.retain(|entry| !sent(entry));
                // The request carried the dropped count, so it has been reported.
                self.dropped = 0;
            }
            Outcome::Rejected if ids.len() > 1 => {
                for entry in self.entries.iter_mut().filter(|entry| sent(entry)) {
                    entry.in_flight = false;
                    entry.alone = true;
                }
            }
            Outcome::Rejected => {
                let before = self.entries.len();
                self.entries.retain(|entry| !sent(entry));
                self.dropped += (before - self.entries.len()) as u64;
            }
            Outcome::Retry { after_ms } => {
                for entry in self.entries.iter_mut().filter(|entry| sent(entry)) {
                    let backoff = retry_delay(policy, entry.attempts, random);
                    entry.attempts += 1;
                    entry.in_flight = false;
                    entry.not_before = now + after_ms.map_or(backoff, |after| after.max(backoff));
                }
            }
        }
    }

    /// Returns taken events unsent, as if never taken.
    pub fn put_back(&mut self, ids: &[String]) {
        for entry in self
            .entries
            .iter_mut()
            .filter(|entry| ids.contains(&entry.id))
        {
            entry.in_flight = false;
        }
    }

    /// Makes every waiting event sendable now: the browser says the network is back.
    pub fn retry_now(&mut self, now: f64) {
        for entry in &mut self.entries {
            entry.not_before = entry.not_before.min(now);
        }
    }

    /// Whether another tab may take this outbox over.
    pub fn is_orphaned(&self, policy: &Policy, now: f64) -> bool {
        self.released || now - self.heartbeat > policy.lease_ms
    }

    /// Takes over an orphaned outbox's events, skipping any already here.
    pub fn adopt(&mut self, policy: &Policy, orphan: Outbox, now: f64) {
        self.dropped += orphan.dropped;
        for entry in orphan.entries {
            if !self.entries.iter().any(|mine| mine.id == entry.id) {
                self.push(policy, entry.id, entry.event, now);
            }
        }
    }
}

/// What every request body carries besides its events.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Envelope {
    /// The write key, in the body as Segment's batch format allows, because `sendBeacon` cannot
    /// set an `Authorization` header.
    pub write_key: String,
    pub sent_at: String,
}

impl Envelope {
    fn overhead(&self, dropped: u64) -> usize {
        self.body(&[], dropped).len()
    }

    /// `{"batch":[...],"sentAt":"...","writeKey":"...","dropped":n}`, built from the events' JSON
    /// text so nothing is parsed again.
    pub fn body(&self, events: &[&str], dropped: u64) -> String {
        let mut body = String::from("{\"batch\":[");
        body.push_str(&events.join(","));
        body.push_str("],\"sentAt\":");
        body.push_str(&json_string(&self.sent_at));
        if !self.write_key.is_empty() {
            body.push_str(",\"writeKey\":");
            body.push_str(&json_string(&self.write_key));
        }
        if dropped > 0 {
            body.push_str(&format!(",\"dropped\":{dropped}"));
        }
        body.push('}');
        body
    }
}

/// A JSON string literal. Only `"`, `\` and control characters need escaping.
fn json_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if (c as u32) < 0x20 => quoted.push_str(&format!("\\u{:04x}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}
