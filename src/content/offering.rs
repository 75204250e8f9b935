//! Offerings: the company's plans and products, and the alternatives the marketer chooses to list.
//!
//! Key decision: alternatives we do not sell (competitors, a do-it-yourself option) live in the same
//! type as our own plans, so every comparison treats them alike and none can be silently left out.

use super::Money;
use serde::{Deserialize, Serialize};

/// One option a prospect might choose.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Offering {
    pub id: String,
    pub name: String,
    pub kind: OfferingKind,
    /// One or two sentences a prospect can read on its own.
    pub summary: String,
    pub url: String,
    pub price: Price,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<Limit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub best_for: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub not_for: String,
}

impl Offering {
    /// Whether the company itself sells this option.
    pub fn is_ours(&self) -> bool {
        self.kind == OfferingKind::Plan
    }
}

/// Whose option it is: ours, a competitor's, or another way to solve the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferingKind {
    #[default]
    Plan,
    Competitor,
    Alternative,
}

/// How an option is priced. `monthly` is per seat for [`PriceModel::PerSeat`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub model: PriceModel,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_fee: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_discount_percent: Option<u8>,
    /// Anything a price table would hide in small print, said plainly.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn default_currency() -> String {
    "USD".to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceModel {
    #[default]
    Free,
    Flat,
    PerSeat,
    /// Priced by conversation with sales; the widget says so rather than invent a number.
    Quote,
}

/// A limit of an option, e.g. `Storage`: `10 GB per workspace`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub name: String,
    pub value: String,
}
