//! Money as whole cents.
//!
//! Key decision: prices are never floats. A marketer writes `"8.00"` (or a whole number); the model
//! keeps exact cents, so no arithmetic or display can round a price down.

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// An amount of money in the smallest unit of its currency (cents for USD and EUR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Money {
    pub cents: u64,
}

impl Money {
    pub fn from_cents(cents: u64) -> Self {
        Money { cents }
    }

    /// Parses `"8"`, `"8.5"` or `"8.50"`; anything else (a third decimal, a sign, letters) is an error
    /// that says what was given.
    pub fn parse(text: &str) -> Result<Money, String> {
        let text = text.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits_only(whole) || !digits_only(fraction) || fraction.len() > 2 {
            return Err(format!("`{text}` is not an amount like 8 or 8.50"));
        }
        let whole: u64 = whole
            .parse()
            .map_err(|_| format!("`{text}` is too large"))?;
        let fraction: u64 = format!("{fraction:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|c| c.checked_add(fraction))
            .map(Money::from_cents)
            .ok_or_else(|| format!("`{text}` is too large"))
    }

    /// `self × count`. Saturates rather than wraps: no real bill comes near `u64::MAX` cents.
    pub fn times(self, count: u64) -> Money {
        Money::from_cents(self.cents.saturating_mul(count))
    }

    pub fn plus(self, other: Money) -> Money {
        Money::from_cents(self.cents.saturating_add(other.cents))
    }

    /// The amount with `percent` off, rounded up to the cent: a discount never makes a price look
    /// lower than what is charged.
    pub fn less_percent(self, percent: u8) -> Money {
        let kept = u64::from(100 - percent.min(100));
        Money::from_cents(self.cents.saturating_mul(kept).div_ceil(100))
    }

    /// For people: `$1,234.50`, `€8.00`, or `CHF 8.00` for a currency without a common symbol.
    pub fn show(self, currency: &str) -> String {
        let whole = (self.cents / 100).to_string();
        let mut grouped = String::new();
        for (i, digit) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        let amount = format!("{grouped}.{:02}", self.cents % 100);
        match currency {
            "USD" => format!("${amount}"),
            "EUR" => format!("€{amount}"),
            "GBP" => format!("£{amount}"),
            other => format!("{other} {amount}"),
        }
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.cents / 100, self.cents % 100)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MoneyVisitor;
        impl Visitor<'_> for MoneyVisitor {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount as a string like \"8.50\" or a whole number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                v.checked_mul(100)
                    .map(Money::from_cents)
                    .ok_or_else(|| E::custom("amount too large"))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                u64::try_from(v)
                    .map_err(|_| E::custom(format!("amount {v} is negative")))
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                Err(E::custom(format!(
                    "amount {v} is a decimal number; write it as a string like \"{v:.2}\" so it is exact"
                )))
            }
        }
        // A compact binary file (the widget's compiled content) has no types to tell apart: there
        // the amount is always the string it was written as.
        if deserializer.is_human_readable() {
            deserializer.deserialize_any(MoneyVisitor)
        } else {
            deserializer.deserialize_str(MoneyVisitor)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_decimal_amounts_exactly() {
        assert_eq!(Money::parse("8").unwrap().cents, 800);
        assert_eq!(Money::parse("8.5").unwrap().cents, 850);
        assert_eq!(Money::parse("12.99").unwrap().cents, 1299);
        assert_eq!(Money::parse("0.01").unwrap().to_string(), "0.01");
    }

    #[test]
    fn a_discount_rounds_up_to_the_cent() {
        assert_eq!(Money::parse("8.00").unwrap().less_percent(20).cents, 640);
        // 9.99 less 15% is 8.4915: charged as 8.50, never 8.49.
        assert_eq!(Money::parse("9.99").unwrap().less_percent(15).cents, 850);
        assert_eq!(Money::parse("5").unwrap().less_percent(100).cents, 0);
    }

    #[test]
    fn amounts_are_shown_with_symbol_and_thousands() {
        assert_eq!(Money::from_cents(123_456_789).show("USD"), "$1,234,567.89");
        assert_eq!(Money::from_cents(800).show("EUR"), "€8.00");
        assert_eq!(Money::from_cents(100_000).show("CHF"), "CHF 1,000.00");
    }

    #[test]
    fn rejects_what_would_need_rounding_or_is_not_a_price() {
        for bad in ["8.999", "-3", "eight", "", ".5", "1e3"] {
            assert!(Money::parse(bad).is_err(), "{bad:?} should be rejected");
        }
    }
}
