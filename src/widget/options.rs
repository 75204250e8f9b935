//! The options the loader validated, as the widget receives them.
//!
//! Validation happens once, in the loader, before any WebAssembly exists, so bad options can warn
//! and fall back without loading the widget; here they are trusted.

use crate::locale::Strings;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    /// URL of the compiled content JSON; the widget fetches the `content.index` beside it.
    pub content: String,
    /// Where events are sent; empty means nothing is recorded.
    pub endpoint: String,
    /// The site's answer service (`POST /v1/answer`); empty means the widget answers on its own.
    /// Its own option, never derived from `endpoint`, which may be a third-party pipeline.
    #[serde(default)]
    pub answers: String,
    pub greeting: String,
    pub locale: String,
    /// The panel's heading and the launcher's label.
    pub title: String,
    /// Where a visitor reaches a person (a page or a `mailto:` link); empty when not configured.
    pub contact: String,
    /// Sent in each request body as Segment's `writeKey`; empty when the endpoint needs none.
    #[serde(default)]
    pub write_key: String,
    #[serde(default)]
    pub consent: Consent,
    /// Whether the host page's consent manager has already called `helpfirst.consent(true)`.
    #[serde(default)]
    pub consented: bool,
    #[serde(default)]
    pub privacy_signals: PrivacySignals,
    /// The locale's string table, which the loader fetched (`locales/<lang>.json`).
    #[serde(default)]
    pub strings: Strings,
}

/// Whether recording needs the visitor's consent first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PrivacySignals {
    /// Either signal turns recording off.
    #[default]
    Honor,
    /// The marketer has decided otherwise (and should say so in their privacy policy).
    Ignore,
}

impl Options {
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
