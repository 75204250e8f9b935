//! What a visitor needs, as the fit finder asks it and as `helpfirst compare --needs` reads it.
//!
//! Key decision: every need is optional. A question the visitor skipped is absent, never filled
//! with a guess; where a total cost needs a number (team size, period), the assumption is spelled
//! out in the arithmetic.

use crate::content::Money;

/// The period a total is computed over when the visitor did not choose one.
pub const DEFAULT_MONTHS: u32 = 12;

/// Team sizes, periods and quantities above these are typing mistakes, not plans.
pub const MAX_SEATS: u32 = 1_000_000;
pub const MAX_MONTHS: u32 = 120;

#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Needs {
    /// How many people will use it.
    #[serde(default)]
    pub seats: Option<u32>,
    /// The period a total cost covers, in months.
    #[serde(default)]
    pub months: Option<u32>,
    #[serde(default)]
    pub billing: Option<Billing>,
    /// The most the visitor wants to spend a month, on average over the period.
    #[serde(default)]
    pub budget_per_month: Option<Money>,
    /// Feature keys an option must have (`sso`, `offline`, ...).
    #[serde(default)]
    pub must_have: Vec<String>,
    /// Metered quantities by metric (`storage_gb`: 300).
    #[serde(default)]
    pub usage: ByKey<u64>,
    /// How soon the visitor must be up and running, in days.
    #[serde(default)]
    pub start_within_days: Option<u32>,
    /// What the visitor said they can (`true`) or cannot (`false`) take on, by prerequisite key
    /// (`own_server`); a prerequisite not listed is unconfirmed.
    #[serde(default)]
    pub can: ByKey<bool>,
}

/// Needs by key (a metric, a prerequisite), sorted by key, each key once; read from a map
/// (`[usage]` in a needs file).
pub use crate::content::ByKey;

/// How the visitor would pay: annual billing earns the discounts offerings give for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Billing {
    #[default]
    Monthly,
    Annual,
}

impl Needs {
    pub fn months(&self) -> u32 {
        self.months.unwrap_or(DEFAULT_MONTHS)
    }

    pub fn billing(&self) -> Billing {
        self.billing.unwrap_or_default()
    }

    /// Problems that make the needs unusable, each naming its field: numbers out of range, and
    /// features or metrics no offering in `content` mentions (most likely a typo).
    pub fn problems(&self, content: &crate::content::Content) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(seats) = self.seats.filter(|s| !(1..=MAX_SEATS).contains(s)) {
            problems.push(format!("seats: {seats} is not between 1 and {MAX_SEATS}"));
        }
        if let Some(months) = self.months.filter(|m| !(1..=MAX_MONTHS).contains(m)) {
            problems.push(format!(
                "months: {months} is not between 1 and {MAX_MONTHS}"
            ));
        }
        let offerings = &content.offerings;
        for key in &self.must_have {
            if !offerings.iter().any(|o| o.feature(key).is_some()) {
                problems.push(format!(
                    "must_have: `{key}` is not a feature of any option; known: {}",
                    known(
                        offerings
                            .iter()
                            .flat_map(|o| o.features.iter().map(|f| &f.key))
                    )
                ));
            }
        }
        for metric in self.usage.keys() {
            let priced = offerings
                .iter()
                .any(|o| o.price.usage.iter().any(|u| &u.metric == metric));
            if !priced {
                problems.push(format!(
                    "usage: `{metric}` is not metered by any option; known: {}",
                    known(
                        offerings
                            .iter()
                            .flat_map(|o| o.price.usage.iter().map(|u| &u.metric))
                    )
                ));
            }
        }
        for key in self.can.keys() {
            if !offerings
                .iter()
                .any(|o| o.requires.iter().any(|r| &r.key == key))
            {
                problems.push(format!(
                    "can: `{key}` is not a prerequisite of any option; known: {}",
                    known(
                        offerings
                            .iter()
                            .flat_map(|o| o.requires.iter().map(|r| &r.key))
                    )
                ));
            }
        }
        problems
    }
}

/// The distinct keys, in order of first appearance, for an error message.
fn known<'a>(keys: impl Iterator<Item = &'a String>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for key in keys {
        if !seen.contains(&key.as_str()) {
            seen.push(key);
        }
    }
    if seen.is_empty() {
        "none".to_string()
    } else {
        seen.join(", ")
    }
}
