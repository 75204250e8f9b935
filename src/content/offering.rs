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
    #[serde(default)]
    pub source: String,
    /// When those claims were last checked (`YYYY-MM-DD`), for every claim that gives no date.
    #[serde(default)]
    pub verified: String,
    /// Days from deciding to using it: 0 for sign up and start, more when it takes a contract.
    #[serde(default)]
    pub lead_time_days: u32,
    pub price: Price,
    #[serde(default)]
    pub limits: Vec<Limit>,
    #[serde(default)]
    pub features: Vec<Feature>,
    /// What the option asks of the visitor besides money: a server of their own, an administrator,
    /// an annual contract, a card at sign-up.
    #[serde(default)]
    pub requires: Vec<Requirement>,
    #[serde(default)]
    pub best_for: String,
    #[serde(default)]
    pub not_for: String,
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
    #[serde(default)]
    pub monthly: Option<Money>,
    /// Charged once, at the start.
    #[serde(default)]
    pub setup_fee: Option<Money>,
    #[serde(default)]
    pub annual_discount_percent: Option<u8>,
    /// The exact price a month (per seat for per-seat pricing) when billed annually, as a company
    /// writes it (`6.40`); instead of a discount.
    #[serde(default)]
    pub annual_per_month: Option<Money>,
    /// The exact price a year (per seat for per-seat pricing) when billed annually (`76.80`);
    /// instead of a discount.
    #[serde(default)]
    pub annual_per_year: Option<Money>,
    /// The fewest seats sold: a smaller team pays for this many.
    #[serde(default)]
    pub min_seats: Option<u32>,
    /// The most people the option allows.
    #[serde(default)]
    pub max_seats: Option<u32>,
    /// What is metered: an allowance, and the price of each unit over it.
    #[serde(default)]
    pub usage: Vec<Usage>,
    /// Anything a price table would hide in small print, said plainly.
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
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
    pub included: Allowance,
    /// Added to `included` for every seat paid for.
    #[serde(default)]
    pub included_per_seat: u64,
    #[serde(default)]
    pub per_unit: Option<Money>,
}

impl Usage {
    /// The units included a month when `billed_seats` are paid for.
    pub fn allowance(&self, billed_seats: u32) -> Allowance {
        match self.included {
            Allowance::Unlimited => Allowance::Unlimited,
            Allowance::Units(n) => Allowance::Units(
                n.saturating_add(
                    self.included_per_seat
                        .saturating_mul(u64::from(billed_seats)),
                ),
            ),
        }
    }
}

/// How much of a metered quantity is included: a number of units, or no limit at all. Unlimited is
/// its own value (`included = "unlimited"`), never a large number standing in for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    Units(u64),
    Unlimited,
}

impl Default for Allowance {
    fn default() -> Self {
        Allowance::Units(0)
    }
}

impl Allowance {
    /// Whether `needed` units fit in the allowance.
    pub fn covers(self, needed: u64) -> bool {
        match self {
            Allowance::Units(n) => needed <= n,
            Allowance::Unlimited => true,
        }
    }
}

/// `100` or `unlimited`.
impl fmt::Display for Allowance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allowance::Units(n) => write!(f, "{n}"),
            Allowance::Unlimited => f.write_str("unlimited"),
        }
    }
}

/// A number or the word `unlimited` in JSON; in a compact binary file (the widget's compiled
/// content), which has no types to tell apart, an optional number (none is unlimited).
impl Serialize for Allowance {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return match self {
                Allowance::Units(n) => serializer.serialize_some(n),
                Allowance::Unlimited => serializer.serialize_none(),
            };
        }
        match self {
            Allowance::Units(n) => serializer.serialize_u64(*n),
            Allowance::Unlimited => serializer.serialize_str("unlimited"),
        }
    }
}

impl<'de> Deserialize<'de> for Allowance {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AllowanceVisitor;
        impl serde::de::Visitor<'_> for AllowanceVisitor {
            type Value = Allowance;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number of units or \"unlimited\"")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Allowance, E> {
                Ok(Allowance::Units(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Allowance, E> {
                u64::try_from(v)
                    .map(Allowance::Units)
                    .map_err(|_| E::custom(format!("allowance {v} is negative")))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Allowance, E> {
                match v.trim() {
                    "unlimited" => Ok(Allowance::Unlimited),
                    other => Err(E::custom(format!(
                        "`{other}` is not an allowance: write a whole number or \"unlimited\""
                    ))),
                }
            }
        }
        if !deserializer.is_human_readable() {
            let units = Option::<u64>::deserialize(deserializer)?;
            return Ok(units.map_or(Allowance::Unlimited, Allowance::Units));
        }
        deserializer.deserialize_any(AllowanceVisitor)
    }
}

/// A limit of an option, e.g. `Storage`: `10 GB per workspace`. Limits line up across options by
/// `name`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    pub name: String,
    pub value: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: String,
}

/// A feature and how an option provides it. `key` is shared by every option that states the same
/// feature, so a comparison lines them up; `value` starts with `yes` or `no` (`No: file names
/// only`), or is words for anything between (`Only on the enterprise tier`), which then states its
/// condition: `only_on` a tier, an `add_on` price, or a `status` (beta, on request). A conditional
/// value is never a yes at the listed price.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feature {
    pub key: String,
    pub name: String,
    pub value: String,
    /// The tier it is limited to (`their enterprise tier`): not met by this option's price.
    #[serde(default)]
    pub only_on: String,
    /// What it costs on top of the price; a fit that needs it pays it.
    #[serde(default)]
    pub add_on: Option<AddOn>,
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: String,
}

/// A feature sold on top of the price: `monthly` a month, per seat paid for when `per_seat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddOn {
    pub monthly: Money,
    #[serde(default)]
    pub per_seat: bool,
}

/// A feature that exists but is not simply there to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Beta,
    /// Granted case by case: ask them.
    OnRequest,
}

/// Whether an option has a feature at its listed price, read from its `value` and condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Support {
    Yes,
    No,
    /// Only on another tier (its name): not met at this price.
    OnlyOn(String),
    /// Available for this much more.
    AddOn(AddOn),
    Status(Status),
    /// Neither yes nor no, and no condition stated: never counted as a yes.
    Unclear,
}

impl Feature {
    /// A stated condition first; else the value's first word, so `No: file names only` is a no
    /// with its reason.
    pub fn support(&self) -> Support {
        if !self.only_on.trim().is_empty() {
            return Support::OnlyOn(self.only_on.trim().to_string());
        }
        if let Some(add_on) = self.add_on {
            return Support::AddOn(add_on);
        }
        if let Some(status) = self.status {
            return Support::Status(status);
        }
        match self.first_word().as_str() {
            "yes" => Support::Yes,
            "no" => Support::No,
            _ => Support::Unclear,
        }
    }

    /// What the value says after its `yes` or `no` (`file names only` for `No: file names
    /// only`): the caveat a bare tick or cross would hide. Empty when there is none.
    pub fn remark(&self) -> &str {
        let value = self.value.trim();
        if !matches!(self.first_word().as_str(), "yes" | "no") {
            return value;
        }
        let start = value
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(value.len());
        value[start..].trim_start_matches(|c: char| c.is_whitespace() || ",:;.-–—".contains(c))
    }

    fn first_word(&self) -> String {
        self.value
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

/// Something an option needs of the visitor that is not money, e.g. `own_server`: `Runs on your
/// own server`, `You install, update and back it up`. `key` is shared by every option with the
/// same prerequisite, so the fit finder asks once.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub key: String,
    /// What it asks, as a statement (`Runs on your own server`).
    pub name: String,
    /// What it means in practice, said plainly.
    #[serde(default)]
    pub detail: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub verified: String,
}

/// `SAML single sign-on: yes`, the way the answer engine indexes a feature.
impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.value)
    }
}
