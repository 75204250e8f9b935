//! The panel's words in the visitor's language: string tables as data, one per locale.
//!
//! Key decision: the tables are JSON files (`locales/<lang>.json`), not Rust constants, so only the
//! chosen locale's strings reach the visitor's browser: the loader fetches `locales/<lang>.json`
//! beside the widget and hands it over with the options, and the wasm carries none of them. A
//! marketer overrides any string per locale in the content (`[strings.de]`), and `helpfirst check`
//! refuses a key no table has. Plurals use the categories of Unicode CLDR (`zero`, `one`, `two`,
//! `few`, `many`, `other`: Arabic uses all six), chosen by the browser's `Intl.PluralRules`, so no
//! plural rules are compiled in either: a plural string is written `key.one`, `key.other`, ...

mod reply;
mod speech;

pub use reply::reply_expectation;
pub use speech::{English, Formats, Speech};

use crate::compact::{Decode, Reader};
use crate::content::ByKey;
use serde::{Deserialize, Serialize};

/// The locales the panel speaks, as BCP 47 primary subtags; the first is the fallback.
pub const LOCALES: &[&str] = &["en", "de", "fr", "es", "ar"];

/// The English table, the reference every other table and every override is checked against.
#[cfg(not(target_arch = "wasm32"))]
pub const ENGLISH_TABLE: &str = include_str!("../../locales/en.json");

/// The locale whose table the panel uses: the `locale` option, then the page's `lang`, then `en`,
/// each by its primary subtag (`de-AT` speaks `de`).
pub fn resolve(option: &str, page: &str) -> &'static str {
    [option, page]
        .iter()
        .filter_map(|tag| {
            let primary = tag.split(['-', '_']).next()?.trim().to_ascii_lowercase();
            LOCALES.iter().find(|l| **l == primary).copied()
        })
        .next()
        .unwrap_or(LOCALES[0])
}

/// The tag the browser's `Intl` formats numbers, money and dates for: the `locale` option as
/// written when it is a well-formed tag of the table's language (`de-AT`, `en-GB`, so money and
/// dates follow the region), else the table's `locale`. Only a well-formed tag reaches `Intl`,
/// which throws on anything else.
pub fn format_tag(locale: &str, option: &str) -> String {
    let tag = option.trim().replace('_', "-");
    let well_formed = tag.split('-').enumerate().all(|(i, part)| {
        let size = if i == 0 { 2..=3 } else { 1..=8 };
        let letters = part.bytes().all(|b| b.is_ascii_alphabetic());
        let alphanumeric = part.bytes().all(|b| b.is_ascii_alphanumeric());
        size.contains(&part.len()) && (letters || (i > 0 && alphanumeric))
    });
    let primary = tag.split('-').next().unwrap_or_default();
    if well_formed && primary.eq_ignore_ascii_case(locale) {
        tag
    } else {
        locale.to_string()
    }
}

/// One locale's strings, key → text. Text may hold `{name}` placeholders. A sorted list (see
/// [`ByKey`]): in JSON it is the object `locales/<lang>.json` holds.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strings(ByKey<String>);

impl Strings {
    /// Sets the text of `key`, replacing what it held.
    pub fn insert(&mut self, key: String, text: String) {
        self.0.insert(key, text);
    }

    /// The text for `key`; a missing key shows as itself, so a gap is visible, never blank.
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.0.get(key).map_or(key, String::as_str)
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// The plural form of `key` for a count in CLDR `category` (from `Intl.PluralRules`): `key.few`
    /// in Arabic, falling back to `key.other`, which every table has for every plural key.
    pub fn plural(&self, key: &str, category: &str, args: &[(&str, &str)]) -> String {
        let exact = format!("{key}.{category}");
        if self.has(&exact) {
            self.fill(&exact, args)
        } else {
            self.fill(&format!("{key}.other"), args)
        }
    }

    /// The keys of this table, for checking overrides.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// This table with the marketer's overrides in place of the defaults they name.
    pub fn with_overrides(&self, overrides: &Strings) -> Strings {
        let mut table = self.clone();
        table.extend(overrides.clone());
        table
    }

    /// Adds `other`'s strings, each in place of the one with its key.
    pub fn extend(&mut self, other: Strings) {
        for (key, text) in other.0 {
            self.0.insert(key, text);
        }
    }

    /// Whether `key` is a string of this table, directly or as a plural (`key` for `key.one`...).
    pub fn has(&self, key: &str) -> bool {
        self.0.get(key).is_some()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Laid out as the map it is in JSON (see [`crate::compact`]).
impl Decode for Strings {
    fn decode(r: &mut Reader<'_>) -> Strings {
        Strings(r.read())
    }
}

fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn table(locale: &str) -> Strings {
        let path = format!("{}/locales/{locale}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("the locale table");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn the_locale_option_wins_then_the_page_then_english() {
        assert_eq!(resolve("de-AT", "fr"), "de");
        assert_eq!(resolve("", "fr-CA"), "fr");
        assert_eq!(resolve("pt-BR", "ar"), "ar");
        assert_eq!(resolve("pt-BR", "ja"), "en");
        assert_eq!(resolve("", ""), "en");
    }

    #[test]
    fn intl_formats_for_the_option_s_region_only_when_it_is_a_well_formed_tag_of_the_language() {
        assert_eq!(format_tag("de", "de-AT"), "de-AT");
        assert_eq!(format_tag("en", "en_GB"), "en-GB");
        assert_eq!(format_tag("fr", "fr-CA"), "fr-CA");
        assert_eq!(format_tag("de", "de"), "de");
        // Another language's tag (the option fell back to the page's), or a tag `Intl` would
        // refuse, formats for the table's locale.
        assert_eq!(format_tag("en", "pt-BR"), "en");
        assert_eq!(format_tag("de", "de-<script>"), "de");
        assert_eq!(format_tag("de", "de--AT"), "de");
        assert_eq!(format_tag("en", ""), "en");
    }

    /// `reply.usual` for `reply.usual.few`: the string a plural form belongs to.
    fn plural_base<'k>(english: &Strings, key: &'k str) -> Option<&'k str> {
        let (base, _) = key.rsplit_once('.')?;
        english.has(&format!("{base}.other")).then_some(base)
    }

    #[test]
    fn every_locale_has_every_english_string_and_no_other() {
        let english = table("en");
        for locale in LOCALES {
            let other = table(locale);
            for key in english.keys() {
                // Plural forms differ by language (`ar` has six, `de` two): `other` is the one
                // every language has.
                let needed = match plural_base(&english, key) {
                    Some(base) => format!("{base}.other"),
                    None => key.to_string(),
                };
                assert!(other.has(&needed), "{locale}.json lacks {needed}");
            }
            for key in other.keys() {
                let known = english.has(key) || plural_base(&english, key).is_some();
                assert!(known, "{locale}.json has {key}, which English does not");
            }
        }
    }

    #[test]
    fn placeholders_survive_translation() {
        let names = |text: &str| {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let english = table("en");
        for locale in LOCALES {
            let other = table(locale);
            for key in other.keys() {
                let (mut expected, mut given) = match plural_base(&english, key) {
                    Some(base) => (
                        names(english.get(&format!("{base}.other"))),
                        names(other.get(key)),
                    ),
                    None => (names(english.get(key)), names(other.get(key))),
                };
                // A plural form may say its number in words ("ساعتين": two hours).
                if plural_base(&english, key).is_some() {
                    expected.retain(|n| n != "count");
                    given.retain(|n| n != "count");
                }
                assert_eq!(expected, given, "{locale}.json {key}");
            }
        }
    }

    #[test]
    fn plural_selection_uses_the_category_and_falls_back_to_other() {
        let arabic = table("ar");
        for category in ["zero", "one", "two", "few", "many", "other"] {
            assert!(arabic.has(&format!("reply.usual.{category}")), "{category}");
        }
        let few = arabic.plural("reply.usual", "few", &[("name", "نادية"), ("count", "3")]);
        let many = arabic.plural("reply.usual", "many", &[("name", "نادية"), ("count", "11")]);
        assert_ne!(few, many);
        assert!(few.contains("3") && few.contains("نادية"));
        let english = table("en");
        assert_eq!(
            english.plural("reply.usual", "few", &[("name", "Nadia"), ("count", "3")]),
            english.plural("reply.usual", "other", &[("name", "Nadia"), ("count", "3")])
        );
        assert_eq!(
            english.plural("reply.usual", "one", &[("name", "Nadia"), ("count", "1")]),
            "Nadia usually replies within 1 business hour."
        );
    }

    #[test]
    fn overrides_replace_only_what_they_name() {
        let english = table("en");
        let mut overrides = Strings::default();
        overrides.insert("composer.ask".to_string(), "Go".to_string());
        let changed = english.with_overrides(&overrides);
        assert_eq!(changed.get("composer.ask"), "Go");
        assert_eq!(changed.get("panel.close"), english.get("panel.close"));
        assert_eq!(english.get("no.such.key"), "no.such.key");
    }
}
