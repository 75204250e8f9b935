//! The panel's words: the locale's string table the loader fetched, with the content's overrides,
//! and the browser's `Intl` for what depends on the language (plural categories, day names).
//!
//! Key decision: the table is set once at mount (and once more when the content brings overrides)
//! and read everywhere through [`t`] and [`tf`], like a constant, rather than threaded through every
//! component's props: the views keep their shape and read `t("composer.ask")` where they said
//! `"Ask"`. [`version`] changes when the overrides land, and the panel is keyed on it, so every
//! view is drawn again with them.

use crate::handoff::Day;
use crate::locale::{ReplyWords, Strings};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use wasm_bindgen::JsValue;

thread_local! {
    static STRINGS: RefCell<Strings> = RefCell::new(Strings::default());
    static LOCALE: RefCell<String> = RefCell::new("en".to_string());
    static VERSION: Cell<u32> = const { Cell::new(0) };
}

/// Sets the table the loader fetched for `locale`.
pub fn set(locale: &str, strings: Strings) {
    STRINGS.with(|s| *s.borrow_mut() = strings);
    LOCALE.with(|l| *l.borrow_mut() = locale.to_string());
}

/// Applies the marketer's overrides for this locale; returns whether any applied.
pub fn apply_overrides(overrides: &BTreeMap<String, BTreeMap<String, String>>) -> bool {
    let locale = LOCALE.with(|l| l.borrow().clone());
    let Some(mine) = overrides.get(&locale).filter(|o| !o.is_empty()) else {
        return false;
    };
    STRINGS.with(|s| {
        let changed = s.borrow().with_overrides(mine);
        *s.borrow_mut() = changed;
    });
    VERSION.with(|v| v.set(v.get() + 1));
    true
}

/// Changes whenever the table does.
pub fn version() -> u32 {
    VERSION.with(Cell::get)
}

/// The text for `key`.
pub fn t(key: &str) -> String {
    STRINGS.with(|s| s.borrow().get(key).to_string())
}

/// The text for `key` with its `{name}` placeholders filled.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    STRINGS.with(|s| s.borrow().fill(key, args))
}

/// The table as it stands, for sentences built from several strings.
pub fn strings() -> Strings {
    STRINGS.with(|s| s.borrow().clone())
}

/// Plural categories and day names from the browser's `Intl`, in the panel's locale.
pub struct BrowserWords;

impl ReplyWords for BrowserWords {
    fn plural(&self, count: u32) -> String {
        let locales = js_sys::Array::of1(&JsValue::from_str(&locale()));
        js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
            .select(f64::from(count))
            .into()
    }

    fn weekday(&self, day: Day) -> String {
        let locales = js_sys::Array::of1(&JsValue::from_str(&locale()));
        let options = js_sys::Object::new();
        for (key, value) in [("weekday", "long"), ("timeZone", "UTC")] {
            let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
        }
        let format = js_sys::Intl::DateTimeFormat::new(&locales, &options);
        // 2024-01-01 was a Monday; noon UTC keeps every zone on the same date.
        let monday = 1_704_110_400_000.0;
        let date = js_sys::Date::new(&JsValue::from_f64(monday + day as u8 as f64 * 86_400_000.0));
        format
            .format()
            .call1(&JsValue::UNDEFINED, &date)
            .ok()
            .and_then(|name| name.as_string())
            .unwrap_or_else(|| day.name().to_string())
    }
}

fn locale() -> String {
    LOCALE.with(|l| l.borrow().clone())
}
