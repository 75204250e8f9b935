//! The site's answer service (`POST /v1/answer` on `helpfirst serve`/`collect`), when the marketer
//! configures one with the `answers` option.
//!
//! Key decisions:
//! - The widget waits for it at most [`TIME_OUT_MS`]; after that, or on any failure, it answers with
//!   its own engine, so a slow or broken server never leaves a visitor without a reply.
//! - The body is the question alone, sent as a CORS-simple `text/plain` POST (no preflight, no
//!   cookies): nothing about the visitor goes with it, and the service stores nothing.

use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// How long the widget waits for the service before answering on its own.
pub const TIME_OUT_MS: u32 = 1500;

/// The service's reply, as `crate::semantic::service::reply_json` writes it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServiceReply {
    pub abstained: bool,
    pub answers: Vec<ServiceAnswer>,
    #[serde(default)]
    pub related: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ServiceAnswer {
    pub id: String,
    pub title: String,
    pub passage: String,
    pub url: String,
    pub confidence: f64,
}

impl ServiceReply {
    /// The answer to show, if the service did not abstain.
    pub fn best(&self) -> Option<&ServiceAnswer> {
        if self.abstained {
            None
        } else {
            self.answers.first()
        }
    }
}

/// Asks the service; `None` on any failure (network, status, shape), so the caller answers locally.
pub async fn ask(url: &str, question: &str) -> Option<ServiceReply> {
    let init = RequestInit::new();
    init.set_method("POST");
    let body = js_sys::Object::new();
    js_sys::Reflect::set(&body, &"question".into(), &JsValue::from_str(question)).ok()?;
    init.set_body(&js_sys::JSON::stringify(&body).ok()?.into());
    // No cookies: the service needs none, and a question should not be tied to a session.
    js_sys::Reflect::set(&init, &"credentials".into(), &"omit".into()).ok()?;
    let promise = gloo::utils::window().fetch_with_str_and_init(url, &init);
    let response: Response = JsFuture::from(promise).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    let json = JsFuture::from(response.json().ok()?).await.ok()?;
    serde_wasm_bindgen::from_value(json).ok()
}
