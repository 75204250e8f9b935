//! The options the loader validated, as the widget receives them.
//!
//! Validation happens once, in the loader, before any WebAssembly exists, so bad options can warn
//! and fall back without loading the widget; here they are trusted.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Options {
    /// URL of the compiled content JSON.
    pub content: String,
    /// Where events are sent; empty means nothing is recorded.
    pub endpoint: String,
    pub greeting: String,
    pub locale: String,
    /// The panel's heading and the launcher's label.
    pub title: String,
    /// Where a visitor reaches a person (a page or a `mailto:` link); empty when not configured.
    pub contact: String,
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
