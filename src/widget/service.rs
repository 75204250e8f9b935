//! The site's answer service (`POST /v1/answer` on `helpfirst serve`/`collect`), when the marketer
//! configures one with the `answers` option.
//!
//! Key decisions:
//! - The widget waits for it at most [`TIME_OUT_MS`]; after that, or on any failure, it answers with
//!   its own engine, so a slow or broken server never leaves a visitor without a reply.
//! - The body is the question alone, sent as a CORS-simple `text/plain` POST (no preflight, no
//!   cookies): nothing about the visitor goes with it, and the service stores nothing.

use super::browser;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestInit, Response};

/// How long the widget waits for the service before answering on its own.
pub const TIME_OUT_MS: u32 = 1500;

/// The service's reply, as `crate::semantic::service::reply_json` writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceReply {
    pub abstained: bool,
    pub answers: Vec<ServiceAnswer>,
    /// Titles of related sections; a reply without the field has none.
    pub related: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
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
    ServiceReply::from_js(&json)
}

impl ServiceReply {
    /// The reply read field by field; `None` when a field is missing or of the wrong kind.
    fn from_js(json: &JsValue) -> Option<ServiceReply> {
        let text = |value: &JsValue, name: &str| browser::field(value, name).as_string();
        let answers = browser::array_field(json, "answers")?
            .iter()
            .map(|answer| {
                Some(ServiceAnswer {
                    id: text(&answer, "id")?,
                    title: text(&answer, "title")?,
                    passage: text(&answer, "passage")?,
                    url: text(&answer, "url")?,
                    confidence: browser::field(&answer, "confidence").as_f64()?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let related = match browser::field(json, "related") {
            missing if missing.is_undefined() => Vec::new(),
            related => related
                .dyn_into::<js_sys::Array>()
                .ok()?
                .iter()
                .map(|title| title.as_string())
                .collect::<Option<Vec<_>>>()?,
        };
        Some(ServiceReply {
            abstained: browser::field(json, "abstained").as_bool()?,
            answers,
            related,
        })
    }
}
