//! Delivery: gets the outbox's events to the endpoint from a real browser tab.
//!
//! The rules (batching, retries, the bound, ownership) are `events::outbox`; this module gives them
//! a clock, a `localStorage` copy, `fetch`, `sendBeacon` and the page's lifecycle events.
//!
//! Key decisions:
//! - Each tab keeps its outbox under its own key, named by a tab id kept in `sessionStorage` (so a
//!   reload continues the same outbox). A tab adopts another's only when that tab released it on
//!   `pagehide` or its lease ran out, so live tabs never resend each other's events.
//! - Every request is a CORS-simple `text/plain` POST with `keepalive`, so none needs a preflight and
//!   a request under way when the visitor navigates still arrives. In-flight bytes stay under the
//!   64 KB keepalive quota. On `pagehide` whatever waits goes by `sendBeacon`.
//! - Nothing here can throw into the host page: every browser failure becomes "try again later".

use super::browser::{self, local_storage};
use crate::events::outbox::{Entry, Envelope, Outbox, Outcome, Policy, Sending};
use gloo::events::EventListener;
use gloo::timers::callback::{Interval, Timeout};
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

const OUTBOX_PREFIX: &str = "helpfirst.outbox.";
const TAB_KEY: &str = "helpfirst.tab";
/// What `sendBeacon` and `fetch(keepalive)` may have in flight together, per page.
const KEEPALIVE_QUOTA: usize = 64 * 1024;

/// What became of an event the visitor explicitly sent (the handoff), so the widget says "sent"
/// only once it is true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Receipt {
    /// The endpoint answered 2xx: it has stored the event.
    Stored,
    /// The endpoint could not be reached (or asked to retry): the event waits in the outbox.
    Waiting,
    /// The endpoint refused it for good.
    Refused,
}

/// Told what became of one event.
type Watcher = Rc<dyn Fn(Receipt)>;

/// A tab's delivery, shared by the recorder and the callbacks that drive it.
pub struct Delivery {
    state: Rc<RefCell<State>>,
}

struct State {
    endpoint: String,
    envelope: Envelope,
    policy: Policy,
    outbox: Outbox,
    key: String,
    in_flight_bytes: usize,
    timer: Option<Timeout>,
    /// Held so the listeners and the heartbeat live as long as delivery does.
    lifecycle: Vec<EventListener>,
    heartbeat: Option<Interval>,
    /// Events whose fate someone waits to hear, by id.
    watchers: Vec<(String, Watcher)>,
}

impl Delivery {
    /// Starts delivering to `endpoint`, taking over this tab's stored outbox (after a reload) and
    /// any other tab's that was left behind.
    pub fn start(endpoint: &str, write_key: &str) -> Delivery {
        let policy = Policy::default();
        let (key, mut outbox) = own_outbox(&policy);
        adopt_orphans(&policy, &key, &mut outbox);
        let state = Rc::new(RefCell::new(State {
            endpoint: endpoint.to_string(),
            envelope: Envelope {
                write_key: write_key.to_string(),
                sent_at: String::new(),
            },
            policy,
            outbox,
            key,
            in_flight_bytes: 0,
            timer: None,
            lifecycle: Vec::new(),
            heartbeat: None,
            watchers: Vec::new(),
        }));
        listen(&state);
        {
            let mut state = state.borrow_mut();
            state.outbox.released = false;
            state.save();
        }
        schedule(&state);
        Delivery { state }
    }

    /// Stores an event and schedules its sending. `event` is the event's JSON text.
    pub fn push(&self, id: String, event: String) {
        {
            let mut state = self.state.borrow_mut();
            let policy = state.policy;
            state.outbox.push(&policy, id, event, js_sys::Date::now());
            state.save();
        }
        schedule(&self.state);
    }

    /// Calls `watcher` with what becomes of the event `id` at each answer from the endpoint, until
    /// it is stored or refused.
    pub fn watch(&self, id: String, watcher: impl Fn(Receipt) + 'static) {
        self.state
            .borrow_mut()
            .watchers
            .push((id, Rc::new(watcher)));
    }

    /// Forgets every waiting event, here and in storage: the visitor withdrew consent.
    pub fn discard(self) {
        let state = self.state.borrow();
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&state.key);
        }
    }
}

impl State {
    /// Writes the outbox to `localStorage`, or removes it when nothing waits (so a visitor's
    /// storage holds only what is still owed). When storage is full or blocked, delivery goes on
    /// from memory: the events still go, they just would not survive a reload.
    fn save(&mut self) {
        self.outbox.heartbeat = js_sys::Date::now();
        let Some(storage) = local_storage() else {
            return;
        };
        if self.outbox.entries.is_empty() && self.outbox.dropped == 0 {
            let _ = storage.remove_item(&self.key);
        } else if let Some(text) = outbox_json(&self.outbox) {
            let _ = storage.set_item(&self.key, &text);
        }
    }

    /// Takes the next request if one is due and fits the keepalive quota.
    fn next_request(&mut self, unloading: bool) -> Option<Sending> {
        let policy = self.policy;
        let now = js_sys::Date::now();
        self.envelope.sent_at = browser::now();
        let sending = self.outbox.take(&policy, now, !unloading, &self.envelope)?;
        if self.in_flight_bytes + sending.body.len() > KEEPALIVE_QUOTA {
            // It goes when an earlier request has answered and freed the quota.
            self.outbox.put_back(&sending.ids);
            return None;
        }
        Some(sending)
    }
}

/// Sets the timer for the next request, replacing any earlier one.
fn schedule(state: &Rc<RefCell<State>>) {
    let mut borrowed = state.borrow_mut();
    let Some(at) = borrowed.outbox.next_send_at(&borrowed.policy) else {
        borrowed.timer = None;
        return;
    };
    let wait = (at - js_sys::Date::now()).clamp(0.0, f64::from(u32::MAX));
    let weak = Rc::downgrade(state);
    borrowed.timer = Some(Timeout::new(wait as u32, move || send_due(&weak)));
}

/// Sends every request that is due and fits, then waits for the next.
fn send_due(weak: &Weak<RefCell<State>>) {
    let Some(state) = weak.upgrade() else { return };
    loop {
        let Some(sending) = state.borrow_mut().next_request(false) else {
            break;
        };
        let weak = weak.clone();
        state.borrow_mut().in_flight_bytes += sending.body.len();
        let endpoint = state.borrow().endpoint.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = post(&endpoint, &sending.body).await;
            if let Some(state) = weak.upgrade() {
                settle(&state, &sending, outcome);
            }
        });
    }
    schedule(&state);
}

fn settle(state: &Rc<RefCell<State>>, sending: &Sending, outcome: Outcome) {
    let stored = matches!(outcome, Outcome::Delivered);
    let retry = matches!(outcome, Outcome::Retry { .. });
    let mut receipts: Vec<(Watcher, Receipt)> = Vec::new();
    {
        let mut borrowed = state.borrow_mut();
        let policy = borrowed.policy;
        borrowed.in_flight_bytes = borrowed.in_flight_bytes.saturating_sub(sending.body.len());
        borrowed.outbox.settle(
            &policy,
            &sending.ids,
            outcome,
            js_sys::Date::now(),
            js_sys::Math::random(),
        );
        borrowed.save();
        let State {
            outbox, watchers, ..
        } = &mut *borrowed;
        watchers.retain(|(id, watcher)| {
            if !sending.ids.contains(id) {
                return true;
            }
            // A refused batch is split and its events resent alone: not the last word yet.
            let receipt = match (stored, retry, outbox.entries.iter().any(|e| &e.id == id)) {
                (true, ..) => Receipt::Stored,
                (_, true, _) => Receipt::Waiting,
                (_, _, true) => return true,
                _ => Receipt::Refused,
            };
            receipts.push((watcher.clone(), receipt));
            receipt == Receipt::Waiting
        });
    }
    // Told after the borrow ends: a watcher may well queue another event.
    for (watcher, receipt) in receipts {
        watcher(receipt);
    }
    send_due(&Rc::downgrade(state));
}

/// The page is going away: beacon out whatever waits, and release the outbox so the next page (or
/// another tab) takes over anything the beacons could not carry.
fn send_on_unload(state: &Rc<RefCell<State>>) {
    let mut state = state.borrow_mut();
    let navigator = gloo::utils::window().navigator();
    while let Some(sending) = state.next_request(true) {
        let queued = navigator
            .send_beacon_with_opt_str(&state.endpoint, Some(&sending.body))
            .unwrap_or(false);
        if !queued {
            break;
        }
        state.in_flight_bytes += sending.body.len();
    }
    state.outbox.released = true;
    state.save();
}

/// The page came back from the back/forward cache: own the outbox again, as stored.
fn resume(state: &Rc<RefCell<State>>) {
    {
        let mut borrowed = state.borrow_mut();
        borrowed.outbox = load(&borrowed.key).unwrap_or_default();
        borrowed.outbox.released = false;
        borrowed.in_flight_bytes = 0;
        borrowed.save();
    }
    schedule(state);
}

fn listen(state: &Rc<RefCell<State>>) {
    let window = gloo::utils::window();
    let document = gloo::utils::document();
    let on = |target: &web_sys::EventTarget, name: &'static str, act: fn(&Rc<RefCell<State>>)| {
        let weak = Rc::downgrade(state);
        EventListener::new(target, name, move |_| {
            if let Some(state) = weak.upgrade() {
                act(&state);
            }
        })
    };
    let lifecycle = vec![
        on(&window, "pagehide", send_on_unload),
        on(&window, "pageshow", |state| {
            if state.borrow().outbox.released {
                resume(state);
            }
        }),
        on(&window, "online", |state| {
            state.borrow_mut().outbox.retry_now(js_sys::Date::now());
            send_due(&Rc::downgrade(state));
        }),
        on(&document, "visibilitychange", |state| {
            if gloo::utils::document().visibility_state() == web_sys::VisibilityState::Hidden {
                send_due(&Rc::downgrade(state));
            }
        }),
    ];
    let weak = Rc::downgrade(state);
    let beat = (state.borrow().policy.lease_ms / 4.0) as u32;
    let heartbeat = Interval::new(beat, move || {
        if let Some(state) = weak.upgrade() {
            state.borrow_mut().save();
        }
    });
    let mut borrowed = state.borrow_mut();
    borrowed.lifecycle = lifecycle;
    borrowed.heartbeat = Some(heartbeat);
}

/// Posts one request body and classifies how it ended. A network failure is worth retrying.
async fn post(endpoint: &str, body: &str) -> Outcome {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(body));
    // `keepalive` is not in web-sys's stable API yet; every browser that runs WebAssembly has it.
    let _ = js_sys::Reflect::set(&init, &"keepalive".into(), &JsValue::TRUE);
    let promise = gloo::utils::window().fetch_with_str_and_init(endpoint, &init);
    match JsFuture::from(promise)
        .await
        .map(JsCast::dyn_into::<Response>)
    {
        Ok(Ok(response)) => {
            let retry_after = response.headers().get("Retry-After").ok().flatten();
            Outcome::from_status(response.status(), retry_after.as_deref())
        }
        _ => Outcome::Retry { after_ms: None },
    }
}

/// Whether any tab (this one after a reload included) left events waiting in storage.
pub fn events_owed() -> bool {
    !stored_outbox_keys().is_empty()
}

/// The storage keys of every tab's outbox.
fn stored_outbox_keys() -> Vec<String> {
    let Some(storage) = local_storage() else {
        return Vec::new();
    };
    (0..storage.length().unwrap_or(0))
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(OUTBOX_PREFIX))
        .collect()
}

/// Moves every orphaned outbox's events into ours and deletes the orphan's key.
fn adopt_orphans(policy: &Policy, own_key: &str, outbox: &mut Outbox) {
    let Some(storage) = local_storage() else {
        return;
    };
    let now = js_sys::Date::now();
    for key in stored_outbox_keys()
        .into_iter()
        .filter(|key| key != own_key)
    {
        match load(&key) {
            Some(orphan) if orphan.is_orphaned(policy, now) => {
                outbox.adopt(policy, orphan, now);
                let _ = storage.remove_item(&key);
            }
            Some(_) => {}
            // Unreadable: nobody can deliver it, so it only wastes the visitor's storage.
            None => {
                let _ = storage.remove_item(&key);
            }
        }
    }
}

fn load(key: &str) -> Option<Outbox> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    outbox_from_js(&js_sys::JSON::parse(&text).ok()?)
}

/// The outbox as it is stored: the JSON that `Outbox`'s serde derive writes natively (`entries`,
/// `dropped`, `heartbeat`, `released`; each entry's `id`, `event`, `attempts`, `notBefore`,
/// `alone`), built as a JS object for `JSON.stringify`, so no encoder is compiled in and an outbox
/// an earlier release wrote is still read, and its events still go.
fn outbox_json(outbox: &Outbox) -> Option<String> {
    let entries: js_sys::Array = outbox
        .entries
        .iter()
        .map(|entry| {
            browser::object(&[
                ("id", entry.id.as_str().into()),
                ("event", entry.event.as_str().into()),
                ("attempts", entry.attempts.into()),
                ("notBefore", entry.not_before.into()),
                ("alone", entry.alone.into()),
            ])
        })
        .collect();
    let value = browser::object(&[
        ("entries", entries.into()),
        ("dropped", (outbox.dropped as f64).into()),
        ("heartbeat", outbox.heartbeat.into()),
        ("released", outbox.released.into()),
    ]);
    js_sys::JSON::stringify(&value).ok().map(String::from)
}

/// A stored outbox read back field by field; `None` when a field is missing or of the wrong kind
/// (as the serde derive would refuse it).
fn outbox_from_js(value: &JsValue) -> Option<Outbox> {
    let number = |value: &JsValue, name: &str| browser::field(value, name).as_f64();
    let text = |value: &JsValue, name: &str| browser::field(value, name).as_string();
    let entries = browser::array_field(value, "entries")?
        .iter()
        .map(|entry| {
            Some(Entry {
                id: text(&entry, "id")?,
                event: text(&entry, "event")?,
                attempts: number(&entry, "attempts")? as u32,
                not_before: number(&entry, "notBefore")?,
                alone: browser::field(&entry, "alone").as_bool().unwrap_or(false),
                in_flight: false,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Outbox {
        entries,
        dropped: number(value, "dropped")? as u64,
        heartbeat: number(value, "heartbeat")?,
        released: browser::field(value, "released").as_bool()?,
    })
}

/// This tab's outbox key and what it holds. The tab id lives in `sessionStorage`, which is per tab
/// and survives reloads; a duplicated tab inherits a copy of it, so an id whose outbox is still
/// owned by a live page is replaced by a new one.
fn own_outbox(policy: &Policy) -> (String, Outbox) {
    let storage = gloo::utils::window().session_storage().ok().flatten();
    let stored_id = storage
        .as_ref()
        .and_then(|storage| storage.get_item(TAB_KEY).ok().flatten());
    if let Some(id) = stored_id {
        let key = format!("{OUTBOX_PREFIX}{id}");
        match load(&key) {
            Some(outbox) if !outbox.is_orphaned(policy, js_sys::Date::now()) => {}
            outbox => return (key, outbox.unwrap_or_default()),
        }
    }
    let id = browser::random_id();
    if let Some(storage) = storage {
        let _ = storage.set_item(TAB_KEY, &id);
    }
    (format!("{OUTBOX_PREFIX}{id}"), Outbox::default())
}
