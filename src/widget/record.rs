//! Recording help-first interactions: decides whether this visit may be recorded, builds the
//! Segment events, tells the host page, and hands them to delivery.
//!
//! Key decision: recording is allowed only when the configuration, the visitor's consent and the
//! browser's privacy signals (Global Privacy Control, Do Not Track) all allow it; until then no
//! event is built, nothing is stored (not even the anonymous id) and nothing is sent. The anonymous
//! id lives in `localStorage`, never in a cookie, and question text is scrubbed by the caller.
//! Every recorded event carries the visit's id (`visit_id`), added here rather than by each caller,
//! so the collector can gather one visit's events (the handoff mail's context, the report's
//! per-visit figures) without mixing in the same browser's other visits.

use super::browser;
use super::delivery::{self, Delivery, Receipt};
use super::options::{Consent, Options, PrivacySignals};
use crate::events::{Interaction, Origin, Page, Properties, TrackEvent, Value};
use std::cell::{Cell, RefCell};

const ANONYMOUS_ID_KEY: &str = "helpfirst.anonymousId";

pub struct Recorder {
    endpoint: String,
    write_key: String,
    locale: String,
    /// The visit's id (see `visit::Visit`), carried by every recorded event.
    visit_id: String,
    consent: Consent,
    consented: Cell<bool>,
    /// GPC or DNT is on and the configuration honours it.
    signals_say_no: bool,
    emit: Option<js_sys::Function>,
    anonymous_id: RefCell<Option<String>>,
    /// Started at the first event recorded, so a visit that records nothing touches no storage.
    delivery: RefCell<Option<Delivery>>,
}

impl Recorder {
    pub fn new(options: &Options, visit_id: String, emit: Option<js_sys::Function>) -> Self {
        let recorder = Recorder {
            endpoint: options.endpoint.clone(),
            write_key: options.write_key.clone(),
            locale: options.locale.clone(),
            visit_id,
            consent: options.consent,
            consented: Cell::new(options.consented),
            signals_say_no: options.privacy_signals == PrivacySignals::Honor && privacy_signal_on(),
            emit,
            anonymous_id: RefCell::new(None),
            delivery: RefCell::new(None),
        };
        // Events stored by an earlier page go out now rather than at the next interaction.
        if recorder.allowed() && delivery::events_owed() {
            recorder.deliver();
        }
        recorder
    }

    /// Whether this visit may be recorded at all.
    pub fn allowed(&self) -> bool {
        let consent = match self.consent {
            Consent::Granted => true,
            Consent::Required => self.consented.get(),
            Consent::Off => false,
        };
        consent && !self.signals_say_no
    }

    /// The host page's consent manager answered. Withdrawing consent also forgets what is stored.
    pub fn set_consent(&self, granted: bool) {
        self.consented.set(granted);
        if granted {
            if self.allowed() && delivery::events_owed() {
                self.deliver();
            }
            return;
        }
        if self.consent == Consent::Required {
            if let Some(delivery) = self.delivery.borrow_mut().take() {
                delivery.discard();
            }
            self.anonymous_id.take();
            if let Some(storage) = browser::local_storage() {
                let _ = storage.remove_item(ANONYMOUS_ID_KEY);
            }
        }
    }

    /// Records one interaction, if this visit may be recorded: tells the host page
    /// (`helpfirst:event`, `on('event')`, `dataLayer`) and queues it for the endpoint.
    pub fn track(&self, interaction: Interaction, mut properties: Properties) {
        if !self.allowed() {
            return;
        }
        properties.insert("visit_id", Value::Text(self.visit_id.clone()));
        let event = self.event(interaction, properties, self.anonymous_id());
        let Some(json) = browser::event_json(&event) else {
            return;
        };
        if let Some(emit) = &self.emit {
            if let Ok(detail) = js_sys::JSON::parse(&json) {
                let _ = emit.call2(&wasm_bindgen::JsValue::NULL, &"event".into(), &detail);
            }
        }
        if let Some(delivery) = self.deliver().as_ref() {
            delivery.push(event.message_id, json);
        }
    }

    /// Sends what the visitor explicitly asked to send (the handoff, after its consent box),
    /// whether or not interactions may be recorded. It is not told to the host page (no
    /// `dataLayer`, no listeners): it carries an e-mail address, which must reach only the
    /// endpoint. When recording is not allowed, the event carries a one-off anonymous id, so it
    /// links to nothing else. `on_receipt` hears what the endpoint made of it; the event's id is
    /// returned, or `None` when there is no endpoint to send it to.
    pub fn send_requested(
        &self,
        interaction: Interaction,
        properties: Properties,
        on_receipt: impl Fn(Receipt) + 'static,
    ) -> Option<String> {
        let anonymous_id = if self.allowed() {
            self.anonymous_id()
        } else {
            browser::random_id()
        };
        let event = self.event(interaction, properties, anonymous_id);
        let json = browser::event_json(&event)?;
        let delivery = self.deliver();
        let delivery = delivery.as_ref()?;
        let id = event.message_id;
        delivery.watch(id.clone(), on_receipt);
        delivery.push(id.clone(), json);
        Some(id)
    }

    /// Hears what becomes of an event sent on an earlier page of the visit and still waiting.
    pub fn watch(&self, id: String, on_receipt: impl Fn(Receipt) + 'static) {
        if let Some(delivery) = self.deliver().as_ref() {
            delivery.watch(id, on_receipt);
        }
    }

    /// The Segment event for an interaction happening now, on this page.
    fn event(
        &self,
        interaction: Interaction,
        properties: Properties,
        anonymous_id: String,
    ) -> TrackEvent {
        let origin = Origin {
            anonymous_id,
            page: current_page(),
            locale: self.locale.clone(),
        };
        TrackEvent::new(
            interaction,
            properties,
            &origin,
            browser::random_id(),
            browser::now(),
        )
    }

    /// Delivery to the endpoint, started on first use; `None` when no endpoint is configured.
    fn deliver(&self) -> std::cell::RefMut<'_, Option<Delivery>> {
        let mut delivery = self.delivery.borrow_mut();
        if delivery.is_none() && !self.endpoint.is_empty() {
            *delivery = Some(Delivery::start(&self.endpoint, &self.write_key));
        }
        delivery
    }

    fn anonymous_id(&self) -> String {
        self.anonymous_id
            .borrow_mut()
            .get_or_insert_with(|| {
                // Storage can be blocked (privacy modes, sandboxed frames): then the id lives for
                // the visit.
                let storage = browser::local_storage();
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
            .clone()
    }
}

/// Global Privacy Control (`navigator.globalPrivacyControl`) or Do Not Track (`"1"`). Both are read
/// as plain properties: either may be missing or `null`, which web-sys's typed getters do not allow.
fn privacy_signal_on() -> bool {
    let navigator = gloo::utils::window().navigator();
    let read = |name: &str| js_sys::Reflect::get(&navigator, &name.into()).unwrap_or_default();
    read("globalPrivacyControl").is_truthy()
        || read("doNotTrack").as_string().as_deref() == Some("1")
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
