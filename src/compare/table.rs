//! The side-by-side comparison: one column per option, one row per thing they can differ in (the
//! price and its notes, what each needs of the visitor, the time to start, each limit, each
//! feature, who each suits and does not), with differences marked. Every caveat the company wrote
//! is a cell: the price notes, `not_for`, the lead time and whole feature values.
//!
//! Key decision: rows are the union over the compared options, lined up by a limit's name and a
//! feature's key. An option that does not state something gets an explicit "Not stated" cell,
//! never a blank or a borrowed value, and every stated cell carries its claim's source and date.

use crate::content::{Allowance, Offering, PriceModel};
use crate::locale::Speech;

#[derive(Debug, Clone, PartialEq)]
pub struct Table<'a> {
    pub options: Vec<&'a Offering>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub label: String,
    /// One per option, in the order of [`Table::options`].
    pub cells: Vec<Cell>,
    /// The options do not all say the same here.
    pub differs: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    /// Empty when the option does not state this.
    pub source: String,
    pub verified: String,
}

/// The comparison of `options`, in the order given, labelled in `say`'s language.
pub fn table<'a>(options: &[&'a Offering], say: &Speech) -> Table<'a> {
    let not_stated = || Cell {
        text: say.t("table.not_stated"),
        ..Cell::default()
    };
    let mut rows = vec![row(
        &say.t("table.price"),
        options
            .iter()
            .map(|o| stated(o, price_words(o, say), &o.price.source, &o.price.verified))
            .collect(),
    )];
    if options.iter().any(|o| !o.price.note.trim().is_empty()) {
        let cells = options
            .iter()
            .map(|o| match o.price.note.trim() {
                "" => not_stated(),
                note => stated(o, note.to_string(), &o.price.source, &o.price.verified),
            })
            .collect();
        rows.push(row(&say.t("table.price_notes"), cells));
    }
    if options.iter().any(|o| !o.requires.is_empty()) {
        let cells = options
            .iter()
            .map(|o| {
                let text = o
                    .requires
                    .iter()
                    .map(|r| match r.detail.trim() {
                        "" => format!("{}.", r.name.trim_end_matches('.')),
                        detail => say.fill(
                            "labelled",
                            &[("label", r.name.trim_end_matches('.')), ("text", detail)],
                        ),
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let source = o.requires.first().map_or("", |r| r.source.as_str());
                let verified = o.requires.first().map_or("", |r| r.verified.as_str());
                if text.is_empty() {
                    stated(o, say.t("table.nothing_beyond"), "", "")
                } else {
                    stated(o, text, source, verified)
                }
            })
            .collect();
        rows.push(row(&say.t("table.needs"), cells));
    }
    if options.iter().any(|o| o.lead_time_days > 0) {
        let cells = options
            .iter()
            .map(|o| {
                let text = match o.lead_time_days {
                    0 => say.t("table.start_today"),
                    days => say.fill(
                        "table.usually",
                        &[("days", &say.count("count.days", u64::from(days)))],
                    ),
                };
                stated(o, text, "", "")
            })
            .collect();
        rows.push(row(&say.t("table.start"), cells));
    }
    let mut limit_names: Vec<&str> = Vec::new();
    for limit in options.iter().flat_map(|o| &o.limits) {
        if !limit_names.contains(&limit.name.as_str()) {
            limit_names.push(&limit.name);
        }
    }
    for name in limit_names {
        let cells = options
            .iter()
            .map(|o| match o.limits.iter().find(|l| l.name == name) {
                Some(l) => stated(o, l.value.clone(), &l.source, &l.verified),
                None => not_stated(),
            })
            .collect();
        rows.push(row(name, cells));
    }
    let mut feature_keys: Vec<(&str, &str)> = Vec::new();
    for feature in options.iter().flat_map(|o| &o.features) {
        if !feature_keys.iter().any(|(key, _)| *key == feature.key) {
            feature_keys.push((&feature.key, &feature.name));
        }
    }
    for (key, name) in feature_keys {
        let cells = options
            .iter()
            .map(|o| match o.feature(key) {
                Some(f) => stated(o, capitalised(&f.value), &f.source, &f.verified),
                None => not_stated(),
            })
            .collect();
        rows.push(row(name, cells));
    }
    // Who an option suits is our judgement: it links to the option's page, where it is argued.
    let judgement = |text: &str, o: &Offering| Cell {
        text: text.to_string(),
        source: o.url.clone(),
        verified: o.verified.clone(),
    };
    rows.push(row(
        &say.t("table.best_for"),
        options.iter().map(|o| judgement(&o.best_for, o)).collect(),
    ));
    rows.push(row(
        &say.t("table.not_for"),
        options.iter().map(|o| judgement(&o.not_for, o)).collect(),
    ));
    Table {
        options: options.to_vec(),
        rows,
    }
}

fn stated(offering: &Offering, text: String, source: &str, verified: &str) -> Cell {
    Cell {
        text,
        source: offering.source_of(source).to_string(),
        verified: offering.verified_of(verified).to_string(),
    }
}

fn row(label: &str, cells: Vec<Cell>) -> Row {
    let first = cells.first().map(|c| c.text.trim().to_lowercase());
    let differs = cells
        .iter()
        .any(|c| Some(c.text.trim().to_lowercase()) != first);
    Row {
        label: label.to_string(),
        cells,
        differs,
    }
}

/// `yes` reads as `Yes` in a table. ASCII only: values start with yes or no, and Unicode case
/// tables would cost the widget kilobytes for nothing.
fn capitalised(value: &str) -> String {
    let mut text = value.trim().to_string();
    if let Some(first) = text.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// The price as a prospect reads it, e.g. `$8.00 per seat a month, $6.40 billed annually`.
pub fn price_words(offering: &Offering, say: &Speech) -> String {
    let price = &offering.price;
    let show = |m: crate::content::Money| say.money(m, &price.currency);
    let per_seat = price.model == PriceModel::PerSeat;
    let mut words = match (price.model, price.monthly) {
        (PriceModel::Free, _) => say.t("price.free"),
        (PriceModel::Quote, _) => say.t("price.quote"),
        (PriceModel::PerSeat, Some(m)) => say.fill("price.per_seat", &[("price", &show(m))]),
        (PriceModel::Flat, Some(m)) => say.fill("price.flat", &[("price", &show(m))]),
        (PriceModel::Usage, Some(m)) => say.fill("price.usage", &[("price", &show(m))]),
        (_, None) => say.t("price.by_usage"),
    };
    let annual = |key: &str, money| {
        let key = if per_seat {
            format!("{key}_seat")
        } else {
            key.to_string()
        };
        say.fill(&key, &[("price", &show(money))])
    };
    match (price.monthly, price.annual_per_month, price.annual_per_year) {
        (Some(m), _, _) if m.cents == 0 => {}
        (_, Some(exact), _) => words.push_str(&annual("price.annual_month", exact)),
        (_, None, Some(yearly)) => words.push_str(&annual("price.annual_year", yearly)),
        (Some(m), None, None) => {
            if let Some(percent) = price.annual_discount_percent.filter(|&p| p > 0) {
                words.push_str(
                    &say.fill("price.annual", &[("price", &show(m.less_percent(percent)))]),
                );
            }
        }
        (None, None, None) => {}
    }
    if let Some(min) = price.min_seats {
        words.push_str(&say.count("price.min_seats", u64::from(min)));
    }
    for usage in &price.usage {
        let unit = usage.unit.as_str();
        let n = |n: u64| say.number(n);
        let per = n(usage.included_per_seat);
        let allowance = match (usage.included, usage.included_per_seat) {
            (Allowance::Unlimited, _) => say.fill("price.unlimited", &[("unit", unit)]),
            (Allowance::Units(count), 0) => {
                say.fill("price.allowance", &[("count", &n(count)), ("unit", unit)])
            }
            (Allowance::Units(0), _) => say.fill(
                "price.allowance_per_seat",
                &[("per_seat", &per), ("unit", unit)],
            ),
            (Allowance::Units(count), _) => say.fill(
                "price.allowance_plus",
                &[("count", &n(count)), ("per_seat", &per), ("unit", unit)],
            ),
        };
        let name = say.inline(&usage.name);
        let args = [("allowance", allowance.as_str()), ("name", name.as_str())];
        words.push_str(&match usage.per_unit {
            _ if usage.included == Allowance::Unlimited => say.fill("price.usage_unlimited", &args),
            Some(per_unit) => say.fill(
                "price.usage_included",
                &[
                    ("allowance", &allowance),
                    ("name", &name),
                    ("price", &show(per_unit)),
                    ("unit", unit),
                ],
            ),
            None => say.fill("price.usage_at_most", &args),
        });
    }
    match price.setup_fee {
        Some(fee) if fee.cents > 0 => {
            words.push_str(&say.fill("price.setup", &[("fee", &show(fee))]))
        }
        _ => {}
    }
    words
}
