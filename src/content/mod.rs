//! The content model: everything the company has written that the widget may answer from.
//!
//! One model serves three places: marketers author it (see [`source`] on the native side), the CLI
//! compiles it to JSON and, for the widget, to a compact binary file with its answer index (see
//! [`crate::answer::Index::prebuilt`]), and the widget decodes that file. Key decision: both are
//! exactly these types serialised by serde, so the two sides cannot drift apart; every field is
//! written, even an empty one, because the binary form has no field names to leave one out by.

mod by_key;
#[cfg(not(target_arch = "wasm32"))]
pub mod check;
mod compiled;
#[cfg(not(target_arch = "wasm32"))]
pub mod csv_import;
#[cfg(not(target_arch = "wasm32"))]
pub mod date;
mod money;
mod offering;
#[cfg(not(target_arch = "wasm32"))]
pub mod source;

pub use by_key::ByKey;
pub use money::Money;
pub use offering::{
    AddOn, Allowance, Feature, Limit, Offering, OfferingKind, Price, PriceModel, Requirement,
    Status, Support, Usage,
};

use crate::locale::Strings;
use serde::{Deserialize, Serialize};

/// All the content one widget answers from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Content {
    pub company: Company,
    #[serde(default)]
    pub faqs: Vec<Faq>,
    #[serde(default)]
    pub pages: Vec<Page>,
    #[serde(default)]
    pub offerings: Vec<Offering>,
    /// Groups of words the marketer says mean the same here, e.g. `["cancel", "terminate", "quit"]`.
    #[serde(default)]
    pub synonyms: Vec<Vec<String>>,
    /// The named person a visitor can ask, and when they reply.
    #[serde(default)]
    pub handoff: Option<crate::handoff::Handoff>,
    /// Sales calls to action, shown only once the visitor has been helped (or asks).
    #[serde(default)]
    pub asks: Option<crate::help_first::Asks>,
    /// The marketer's wording for the panel, per locale: `[strings.de]` `"composer.ask" = "Los"`
    /// replaces that string of `locales/de.json` (see [`crate::locale`]). By locale, sorted.
    #[serde(default)]
    pub strings: ByKey<Strings>,
}

/// Who is answering: shown to the visitor so they always know whose content they are reading.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    pub name: String,
    pub url: String,
    /// The content's language as a BCP 47 tag (`en`, `de`, ...); it picks stemming and stop words.
    #[serde(default = "default_language")]
    pub language: String,
}

fn default_language() -> String {
    "en".to_string()
}

/// A question the company answers, with the other ways prospects phrase it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faq {
    pub id: String,
    pub question: String,
    pub answer: String,
    pub url: String,
    #[serde(default)]
    pub alternates: Vec<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A page or article, split into sections so an answer can point at the passage, not the page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    pub id: String,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub sections: Vec<Section>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// One section of a page; `anchor` is the fragment that links straight to it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub heading: String,
    #[serde(default)]
    pub anchor: String,
    pub body: String,
}

impl Section {
    /// The link to this section: the page URL with the section's anchor, when it has one.
    pub fn url(&self, page_url: &str) -> String {
        if self.anchor.is_empty() {
            page_url.to_string()
        } else {
            format!("{page_url}#{}", self.anchor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_url_appends_the_anchor_only_when_there_is_one() {
        let mut section = Section {
            heading: "Billing".into(),
            anchor: String::new(),
            body: String::new(),
        };
        assert_eq!(section.url("/pricing"), "/pricing");
        section.anchor = "billing".into();
        assert_eq!(section.url("/pricing"), "/pricing#billing");
    }
}
