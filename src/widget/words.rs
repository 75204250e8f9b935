//! The panel's words: the locale's string table the loader fetched, with the content's overrides,
//! and the browser's `Intl` for what depends on the language (plural categories, numbers, money,
//! dates, day names, times of day).
//!
//! Key decision: the table is set once at mount (and once more when the content brings overrides)
//! and read everywhere through [`t`] and [`tf`], like a constant, rather than threaded through every
//! component's props: the views keep their shape and read `t("composer.ask")` where they said
//! `"Ask"`. [`version`] changes when the overrides land, and the panel is keyed on it, so every
//! view is drawn again with them.

use crate::content::ByKey;
use crate::content::Money;
use crate::handoff::{Clock, Day};
use crate::locale::{Formats, Speech, Strings};
use std::cell::{Cell, RefCell};
use wasm_bindgen::JsValue;

thread_local! {
    static STRINGS: RefCell<Strings> = RefCell::new(Strings::default());
    static LOCALE: RefCell<String> = RefCell::new("en".to_string());
    /// The tag `Intl` formats for: the `locale` option as given when it speaks the table's
    /// language (`de-AT`, `en-GB`: regional money and dates), else the table's locale.
    static FORMAT_TAG: RefCell<String> = RefCell::new("en".to_string());
    static VERSION: Cell<u32> = const { Cell::new(0) };
}

/// Sets the table the loader fetched for `locale`, the language of the `locale` option `tag`.
pub fn set(locale: &str, tag: &str, strings: Strings) {
    STRINGS.with(|s| *s.borrow_mut() = strings);
    LOCALE.with(|l| *l.borrow_mut() = locale.to_string());
    FORMAT_TAG.with(|t| *t.borrow_mut() = crate::locale::format_tag(locale, tag));
}

/// Applies the marketer's overrides for this locale; returns whether any applied.
pub fn apply_overrides(overrides: &ByKey<Strings>) -> bool {
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

/// Runs `f` with the table and the browser's formats, for sentences built from several strings.
pub fn speak<R>(f: impl FnOnce(&Speech) -> R) -> R {
    STRINGS.with(|s| {
        f(&Speech {
            strings: &s.borrow(),
            formats: &BrowserWords,
        })
    })
}

/// Plural categories, numbers, money, dates and times from the browser's `Intl`, in the panel's
/// locale. Each call makes its formatter: they are few per view, and a cache would be code.
pub struct BrowserWords;

impl Formats for BrowserWords {
    fn plural(&self, count: u64) -> String {
        js_sys::Intl::PluralRules::new(&locales(), &js_sys::Object::new())
            .select(count as f64)
            .into()
    }

    fn number(&self, count: u64) -> String {
        let format = js_sys::Intl::NumberFormat::new(&locales(), &js_sys::Object::new());
        call(&format.format(), &JsValue::from_f64(count as f64))
            .unwrap_or_else(|| count.to_string())
    }

    fn money(&self, money: Money, currency: &str) -> String {
        let options = options(&[("style", "currency"), ("currency", currency)]);
        let format = js_sys::Intl::NumberFormat::new(&locales(), &options);
        // Cents as a float are exact up to 2^53, far beyond any price.
        call(
            &format.format(),
            &JsValue::from_f64(money.cents as f64 / 100.0),
        )
        .unwrap_or_else(|| money.show(currency))
    }

    fn date(&self, written: &str) -> String {
        let mut parts = written.trim().splitn(3, '-').map(|p| p.parse::<u32>().ok());
        let (Some(Some(year)), Some(Some(month)), Some(Some(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return written.to_string();
        };
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
            return written.to_string();
        }
        let options = options(&[("dateStyle", "medium"), ("timeZone", "UTC")]);
        let time =
            js_sys::Date::utc(f64::from(year), f64::from(month - 1)) + f64::from(day - 1) * DAY;
        format_date(&options, time).unwrap_or_else(|| written.to_string())
    }

    fn weekday(&self, day: Day) -> String {
        weekday(day, "long").unwrap_or_else(|| day.name().to_string())
    }

    fn weekday_short(&self, day: Day) -> String {
        weekday(day, "short").unwrap_or_else(|| day.name()[..3].to_string())
    }

    fn time(&self, clock: Clock) -> String {
        let options = options(&[
            ("hour", "numeric"),
            ("minute", "2-digit"),
            ("timeZone", "UTC"),
        ]);
        // 1970-01-01 at that time, UTC.
        format_date(&options, f64::from(clock.minutes()) * 60_000.0)
            .unwrap_or_else(|| clock.to_string())
    }
}

const DAY: f64 = 86_400_000.0;

fn locales() -> js_sys::Array {
    FORMAT_TAG.with(|t| js_sys::Array::of1(&JsValue::from_str(&t.borrow())))
}

fn options(pairs: &[(&str, &str)]) -> js_sys::Object {
    let options = js_sys::Object::new();
    for (key, value) in pairs {
        let _ = js_sys::Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn call(format: &js_sys::Function, value: &JsValue) -> Option<String> {
    format.call1(&JsValue::UNDEFINED, value).ok()?.as_string()
}

/// A moment (milliseconds since 1970, UTC) in the panel's locale, with `options`.
fn format_date(options: &js_sys::Object, time: f64) -> Option<String> {
    let format = js_sys::Intl::DateTimeFormat::new(&locales(), options);
    call(
        &format.format(),
        &js_sys::Date::new(&JsValue::from_f64(time)),
    )
}

fn weekday(day: Day, width: &str) -> Option<String> {
    // 2024-01-01 was a Monday; noon UTC keeps every zone on the same date.
    let monday = 1_704_110_400_000.0;
    let options = options(&[("weekday", width), ("timeZone", "UTC")]);
    format_date(&options, monday + day as u8 as f64 * DAY)
}
