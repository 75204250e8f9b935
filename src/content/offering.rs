//! Offerings: the company's plans and products, and the alternatives the marketer chooses to list.
//!
//! Key decision: alternatives we do not sell (competitors, a do-it-yourself option) live in the same
//! type as our own plans, so every comparison treats them alike and none can be silently left out.
//! Every claim (the price, each limit, each feature) carries its source and the date it was last
//! verified; a claim that gives neither inherits the offering's, so a marketer who copied a whole
//! pricing page writes its address once.

use super::Money;
use serde::{Deserialize, Serialize};
use std::fmt;

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
    /// Where this option's claims are published, for every claim that names no source of its own.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    /// When those claims were last checked (`YYYY-MM-DD`), for every claim that gives no date.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified: String,
    /// Days from deciding to using it: 0 for sign up and start, more when it takes a contract.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub lead_time_days: u32,
    pub price: Price,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub limits: Vec<Limit>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub best_for: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub not_for: String,
}

fn is_zero(days: &u32) -> bool {
    *days == 0
}

impl Offering {
    /// Whether the company itself sells this option.
    pub fn is_ours(&self) -> bool {
        self.kind == OfferingKind::Plan
    }

    /// The source of a claim given its own `source`: that, else the offering's.
    pub fn source_of<'a>(&'a self, own: &'a str) -> &'a str {
        if own.trim().is_empty() {
            &self.source
        } else {
            own
        }
    }

    /// The date a claim given its own `verified` was last checked: that, else the offering's.
    pub fn verified_of<'a>(&'a self, own: &'a str) -> &'a str {
        if own.trim().is_empty() {
            &self.verified
        } else {
            own
        }
    }

    /// The feature with this key, if the offering states it.
    pub fn feature(&self, key: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.key == key)
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

/// How an option is priced. `monthly` is per seat for [`PriceModel::PerSeat`], and a base fee (if
/// any) for [`PriceModel::Usage`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    pub model: PriceModel,
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly: Option<Money>,
    /// Charged once, at the start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setup_fee: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_discount_percent: Option<u8>,
    /// The fewest seats sold: a smaller team pays for this many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_seats: Option<u32>,
    /// The most people the option allows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_seats: Option<u32>,
    /// What is metered: an allowance, and the price of each unit over it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub usage: Vec<Usage>,
    /// Anything a price table would hide in small print, said plainly.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified: String,
}

impl Price {
    /// The seats paid for by a team of `seats`: at least the minimum the option sells.
    pub fn billed_seats(&self, seats: u32) -> u32 {
        self.min_seats.map_or(seats, |min| seats.max(min))
    }
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
    /// Pay for what is used: the [`Usage`] lines, plus `monthly` as a base fee when there is one.
    Usage,
    /// Priced by conversation with sales; the widget says so rather than invent a number.
    Quote,
}

/// A metered quantity, e.g. storage: `included` units a month are in the price, each unit over
/// costs `per_unit` a month, and with no `per_unit` the allowance is a hard limit. `metric` is the
/// key a visitor's needs use (`storage_gb`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Usage {
    pub metric: String,
    /// What a visitor is asked, e.g. `Storage`.
    pub name: String,
    /// The unit, e.g. `GB`.
    pub unit: String,
    #[serde(default)]
    pub included: u64,
    /// Added to `included` for every seat paid for.
    #[serde(default, skip_serializing_if = "is_zero_u64")]
    pub included_per_seat: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_unit: Option<Money>,
}

impl Usage {
    /// The units included a month when `billed_seats` are paid for.
    pub fn allowance(&self, billed_seats: u32) -> u64 {
        self.included.saturating_add(
            self.included_per_seat
                .saturating_mul(u64::from(billed_seats)),
        )
    }
}

fn is_zero_u64(n: &u64) -> bool {
    *n == 0
}

/// A limit of an option, e.g. `Storage`: `10 GB per workspace`. Limits line up across options by
/// `name`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified: String,
}

/// A feature and how an option provides it. `key` is shared by every option that states the same
/// feature, so a comparison lines them up; `value` starts with `yes` or `no` (`No: file names
/// only`), or is words for anything between (`Add-on, $2 per seat`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub key: String,
    pub name: String,
    pub value: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub source: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub verified: String,
}

/// Whether an option has a feature, read from its `value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    Yes,
    No,
    /// Neither a plain yes nor a plain no: the value says what the condition is.
    Partly,
}

impl Feature {
    /// From the value's first word, so `No: file names only` is a no with its reason.
    pub fn support(&self) -> Support {
        let first = self
            .value
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        match first.as_str() {
            "yes" => Support::Yes,
            "no" => Support::No,
            _ => Support::Partly,
        }
    }
}

/// `SAML single sign-on: yes`, the way the answer engine indexes a feature.
impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}
