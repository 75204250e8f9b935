//! Sentences made from parts, in the visitor's language: the compare table, the fit finder's
//! reasons and arithmetic, worked price answers and the opening hours.
//!
//! Key decision: what a language writes its own way besides the table's words (plural
//! categories, numbers, money, dates, day names, times of day) comes from [`Formats`]: the
//! browser's `Intl` in the widget, so no formatting data is compiled into the wasm, and the
//! English rules natively, so `helpfirst compare` and the tests read as they always did.

use super::Strings;
use crate::content::Money;
use crate::handoff::{Clock, Day};

/// What depends on the language besides the words of the table.
pub trait Formats {
    /// The CLDR plural category of `count` (`Intl.PluralRules`): `one`, `few`, `other`, ...
    fn plural(&self, count: u64) -> String;
    /// A count as the language writes it: `1,000`, `1.000`, `١٬٠٠٠`.
    fn number(&self, count: u64) -> String;
    /// An amount in a currency (ISO 4217 code): `$8.00`, `8,00 $`, `€8.00`.
    fn money(&self, money: Money, currency: &str) -> String;
    /// A date the content wrote as `YYYY-MM-DD`; anything else is shown as written.
    fn date(&self, written: &str) -> String;
    /// The day's name (`Intl.DateTimeFormat`, `weekday: "long"`): "Montag", "lundi", "الاثنين".
    fn weekday(&self, day: Day) -> String;
    /// The day's short name: "Mon", "Mo", "lun.".
    fn weekday_short(&self, day: Day) -> String;
    /// A time of day: "13:00", "1:00 PM".
    fn time(&self, clock: Clock) -> String;
}

/// The English rules, as the native tools write: `1,234` is `1234` in counts, money as
/// [`Money::show`], dates as the content wrote them, times on the 24-hour clock.
pub struct English;

impl Formats for English {
    fn plural(&self, count: u64) -> String {
        if count == 1 { "one" } else { "other" }.to_string()
    }
    fn number(&self, count: u64) -> String {
        count.to_string()
    }
    fn money(&self, money: Money, currency: &str) -> String {
        money.show(currency)
    }
    fn date(&self, written: &str) -> String {
        written.to_string()
    }
    fn weekday(&self, day: Day) -> String {
        day.name().to_string()
    }
    fn weekday_short(&self, day: Day) -> String {
        day.name()[..3].to_string()
    }
    fn time(&self, clock: Clock) -> String {
        clock.to_string()
    }
}

/// A locale's table with its formats: everything a generated sentence needs.
#[derive(Clone, Copy)]
pub struct Speech<'a> {
    pub strings: &'a Strings,
    pub formats: &'a dyn Formats,
}

impl Speech<'static> {
    /// English, from the English table compiled into the native tools.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn english() -> Speech<'static> {
        static TABLE: std::sync::OnceLock<Strings> = std::sync::OnceLock::new();
        let strings = TABLE.get_or_init(|| {
            serde_json::from_str(super::ENGLISH_TABLE).expect("locales/en.json is a string table")
        });
        Speech {
            strings,
            formats: &English,
        }
    }
}

impl Speech<'_> {
    /// The text for `key`.
    pub fn t(&self, key: &str) -> String {
        self.strings.get(key).to_string()
    }

    /// The text for `key` with its `{name}` placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.strings.fill(key, args)
    }

    /// The plural form of `key` for `count`, with `{count}` written the language's way.
    pub fn count(&self, key: &str, count: u64) -> String {
        self.count_with(key, count, &[])
    }

    /// [`Speech::count`] with more placeholders.
    pub fn count_with(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let number = self.formats.number(count);
        let mut all = vec![("count", number.as_str())];
        all.extend_from_slice(args);
        self.strings.plural(key, &self.formats.plural(count), &all)
    }

    /// A name as it reads inside a sentence: "storage" for "Storage" in English, French and
    /// Spanish, "Speicher" as written in German, whose nouns keep their capital (the table's
    /// `grammar.lowercase_names`).
    pub fn inline(&self, name: &str) -> String {
        if self.lowercases_names() {
            name.to_lowercase()
        } else {
            name.to_string()
        }
    }

    /// Whether the language writes a name inside a sentence in lower case.
    pub fn lowercases_names(&self) -> bool {
        self.strings.get("grammar.lowercase_names") == "yes"
    }

    pub fn money(&self, money: Money, currency: &str) -> String {
        self.formats.money(money, currency)
    }

    pub fn number(&self, count: u64) -> String {
        self.formats.number(count)
    }

    pub fn date(&self, written: &str) -> String {
        self.formats.date(written)
    }

    /// `A`, `A and B`, `A, B and C`, in the language's words (`list.and`, `list.comma`).
    pub fn list<S: AsRef<str>>(&self, items: &[S]) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [rest @ .., last] => {
                let comma = self.t("list.comma");
                let rest = rest
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<_>>()
                    .join(&comma);
                self.fill("list.and", &[("rest", &rest), ("last", last.as_ref())])
            }
        }
    }
}
