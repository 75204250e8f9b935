//! Counts as a person writes them: `1 person`, `2 people`, `1 seat`, `12 months`.
//!
//! Key decision: one place for the plural rule, so no sentence the visitor reads says `seat(s)`.
//! The languages issue replaces this with per-language rules.

/// `n` and the noun in the right number.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn people(n: u32) -> String {
    count(u64::from(n), "person", "people")
}

pub fn seats(n: u32) -> String {
    count(u64::from(n), "seat", "seats")
}

pub fn months(n: u32) -> String {
    count(u64::from(n), "month", "months")
}

pub fn years(n: u32) -> String {
    count(u64::from(n), "year", "years")
}

pub fn days(n: u32) -> String {
    count(u64::from(n), "day", "days")
}

/// `A`, `A and B`, `A, B and C`.
pub fn list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}
