//! The options the loader validated, as the widget receives them.
//!
//! Validation happens once, in the loader, before any WebAssembly exists, so bad options can warn
//! and fall back without loading the widget; here they are trusted.

use super::browser;
use crate::locale::Strings;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Options {
    /// URL of the compiled content JSON; the widget fetches the `content.index` beside it.
    pub content: String,
    /// Where events are sent; empty means nothing is recorded.
    pub endpoint: String,
    /// The site's answer service (`POST /v1/answer`); empty means the widget answers on its own.
    /// Its own option, never derived from `endpoint`, which may be a third-party pipeline.
    pub answers: String,
    pub greeting: String,
    pub locale: String,
    /// The panel's heading and the launcher's label.
    pub title: String,
    /// Where a visitor reaches a person (a page or a `mailto:` link); empty when not configured.
    pub contact: String,
    /// Sent in each request body as Segment's `writeKey`; empty when the endpoint needs none.
    pub write_key: String,
    pub consent: Consent,
    /// Whether the host page's consent manager has already called `helpfirst.consent(true)`.
    pub consented: bool,
    pub privacy_signals: PrivacySignals,
    /// The locale's string table, which the loader fetched (`locales/<lang>.json`).
    pub strings: Strings,
}

/// Whether recording needs the visitor's consent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Consent {
    /// The site has a basis to record help-first interactions without asking.
    #[default]
    Granted,
    /// Nothing is stored or sent until `helpfirst.consent(true)`.
    Required,
    /// Never record.
    Off,
}

/// What Global Privacy Control and Do Not Track mean for recording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PrivacySignals {
    /// Either signal turns recording off.
    #[default]
    Honor,
    /// The marketer has decided otherwise (and should say so in their privacy policy).
    Ignore,
}

impl Options {
    /// The loader's options object, read field by field (`writeKey`, `privacySignals`: the
    /// loader's names). The loader has validated it, so a field it left out is taken as empty or
    /// as its default rather than refused; reading with `Reflect` keeps serde's JS-value decoder
    /// out of the WebAssembly.
    pub fn from_js(options: &JsValue) -> Options {
        let text = |name: &str| {
            browser::field(options, name)
                .as_string()
                .unwrap_or_default()
        };
        Options {
            content: text("content"),
            endpoint: text("endpoint"),
            answers: text("answers"),
            greeting: text("greeting"),
            locale: text("locale"),
            title: text("title"),
            contact: text("contact"),
            write_key: text("writeKey"),
            consent: match text("consent").as_str() {
                "required" => Consent::Required,
                "off" => Consent::Off,
                _ => Consent::Granted,
            },
            consented: browser::field(options, "consented").as_bool() == Some(true),
            privacy_signals: match text("privacySignals").as_str() {
                "ignore" => PrivacySignals::Ignore,
                _ => PrivacySignals::Honor,
            },
            strings: strings_from_js(&browser::field(options, "strings")),
        }
    }

    /// Text direction for the locale's script: right-to-left languages get `rtl`.
    pub fn direction(&self) -> &'static str {
        let language = self
            .locale
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if matches!(language.as_str(), "ar" | "he" | "fa" | "ur" | "ps" | "yi") {
            "rtl"
        } else {
            "ltr"
        }
    }
}

/// A string table as the loader fetched it (`locales/<lang>.json`: key → text); a value that is
/// not text is left out, so its key shows as itself.
pub fn strings_from_js(table: &JsValue) -> Strings {
    let Some(table) = table.dyn_ref::<js_sys::Object>() else {
        return Strings::default();
    };
    let mut strings = Strings::default();
    for entry in js_sys::Object::entries(table).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        if let (Some(key), Some(text)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
            strings.insert(key, text);
        }
    }
    strings
}
