//! schema.org structured data (JSON-LD) a page already carries: `FAQPage` questions become FAQs,
//! and a `Product` with its `Offer` becomes an offering when it says enough for an honest
//! comparison.
//!
//! Key decision: an offering is only made from a product whose price, currency, billing period
//! and description are all given. A half-known price compared side by side with a complete one
//! would mislead, so instead the marketer is told exactly which fields are missing. Claims read
//! from a page cite that page as their source and its last-modified day as their date.

use super::extract::collapse;
use super::{normalize, slug};
use crate::content::{Faq, Limit, Money, Offering, OfferingKind, Price, PriceModel, Section};
use scraper::{Html, Selector};
use serde_json::Value;

/// What a page's JSON-LD gave, and hints about what it could not give: `(field, message)`.
#[derive(Debug, Default)]
pub struct Structured {
    pub faqs: Vec<Faq>,
    pub offerings: Vec<Offering>,
    pub notes: Vec<(String, String)>,
}

/// Reads every `<script type="application/ld+json">` of the page. `sections` are the page's own,
/// so a question can link to the section that answers it on the page.
pub fn read(document: &Html, page_url: &str, modified: &str, sections: &[Section]) -> Structured {
    let selector = Selector::parse(r#"script[type="application/ld+json"]"#)
        .expect("a valid built-in selector");
    let mut found = Structured::default();
    for (n, script) in document.select(&selector).enumerate() {
        let text: String = script.text().collect();
        let value: Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => {
                found.notes.push((
                    format!("JSON-LD block {}", n + 1),
                    format!("does not parse, so it is left out: {e}"),
                ));
                continue;
            }
        };
        for item in items(&value) {
            if is_type(item, "FAQPage") {
                faqs(item, page_url, sections, &mut found);
            } else if is_type(item, "Product") {
                product(item, page_url, modified, sections, &mut found);
            }
        }
    }
    found
}

/// The things described: a top-level array, an `@graph`, or one object.
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(list) => list.iter().flat_map(items).collect(),
        Value::Object(map) => match map.get("@graph") {
            Some(graph) => items(graph),
            None => vec![value],
        },
        _ => Vec::new(),
    }
}

fn is_type(item: &Value, wanted: &str) -> bool {
    match item.get("@type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

/// A list of one or many: schema.org allows both for most properties.
fn many(value: Option<&Value>) -> Vec<&Value> {
    match value {
        Some(Value::Array(list)) => list.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(one) => vec![one],
    }
}

/// Text of a property; answers may hold HTML, which is read as text.
fn text(item: &Value, key: &str) -> String {
    match item.get(key) {
        Some(Value::String(s)) if s.contains('<') => collapse(
            &Html::parse_fragment(s)
                .root_element()
                .text()
                .collect::<String>(),
        ),
        Some(Value::String(s)) => collapse(s),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn faqs(page: &Value, page_url: &str, sections: &[Section], found: &mut Structured) {
    for (i, question) in many(page.get("mainEntity")).into_iter().enumerate() {
        let field = format!("FAQPage.mainEntity[{i}]");
        let asked = text(question, "name");
        let answer = many(question.get("acceptedAnswer"))
            .first()
            .map(|a| text(a, "text"))
            .unwrap_or_default();
        if asked.is_empty() || answer.is_empty() {
            let missing = if asked.is_empty() {
                "name"
            } else {
                "acceptedAnswer.text"
            };
            found.notes.push((
                field,
                format!("has no {missing}, so this question is left out"),
            ));
            continue;
        }
        // Its own link (`url` or `@id` with a fragment), else the section headed by the question.
        let anchor = ["url", "@id"]
            .iter()
            .find_map(|key| {
                question
                    .get(*key)
                    .and_then(Value::as_str)
                    .and_then(|u| u.split_once('#'))
                    .map(|(_, fragment)| fragment.to_string())
            })
            .filter(|a| !a.is_empty())
            .or_else(|| {
                sections
                    .iter()
                    .find(|s| normalize(&s.heading) == normalize(&asked) && !s.anchor.is_empty())
                    .map(|s| s.anchor.clone())
            });
        let (id, url) = match anchor {
            Some(anchor) => (anchor.clone(), format!("{page_url}#{anchor}")),
            None => (slug(&asked), page_url.to_string()),
        };
        found.faqs.push(Faq {
            id,
            question: asked,
            answer,
            url,
            alternates: Vec::new(),
            tags: Vec::new(),
        });
    }
}

fn product(
    item: &Value,
    page_url: &str,
    modified: &str,
    sections: &[Section],
    found: &mut Structured,
) {
    let name = text(item, "name");
    let field = if name.is_empty() {
        "Product".to_string()
    } else {
        format!("Product `{name}`")
    };
    let mut missing = Vec::new();
    if name.is_empty() {
        missing.push("name");
    }
    let summary = text(item, "description");
    if summary.is_empty() {
        missing.push("description");
    }
    let offers = many(item.get("offers"));
    let offer = offers.first().copied();
    if offer.is_none() {
        missing.push("offers");
    }
    let offer = offer.unwrap_or(&Value::Null);
    // The price may sit on the Offer or on its UnitPriceSpecification.
    let spec = many(offer.get("priceSpecification"))
        .first()
        .copied()
        .unwrap_or(&Value::Null);
    let pick = |key: &str| {
        let on_spec = text(spec, key);
        if on_spec.is_empty() {
            text(offer, key)
        } else {
            on_spec
        }
    };
    let price_text = pick("price");
    let currency = pick("priceCurrency");
    let price = Money::parse(&price_text).ok();
    if offer.is_object() && price.is_none() {
        missing.push("offers.price");
    }
    if offer.is_object() && currency.is_empty() {
        missing.push("offers.priceCurrency");
    }
    let period = format!(
        "{} {} {}",
        pick("unitCode"),
        pick("unitText"),
        pick("billingDuration")
    )
    .to_lowercase();
    let monthly = period.contains("mon") || period.contains("p1m");
    let free = price.is_some_and(|p| p.cents == 0);
    if offer.is_object() && price.is_some() && !free && !monthly {
        missing.push("offers.priceSpecification.unitCode (MON: the price per month)");
    }
    let per = text(
        spec.get("referenceQuantity").unwrap_or(&Value::Null),
        "unitText",
    )
    .to_lowercase();
    let per_seat = ["seat", "user", "member"]
        .iter()
        .any(|w| per.contains(w) || period.contains(w));
    let limits: Vec<Limit> = many(item.get("additionalProperty"))
        .into_iter()
        .filter_map(|p| {
            let (name, value) = (text(p, "name"), text(p, "value"));
            (!name.is_empty() && !value.is_empty()).then(|| Limit {
                name,
                value,
                ..Limit::default()
            })
        })
        .collect();
    if !missing.is_empty() {
        found.notes.push((
            field,
            format!(
                "is not offered for comparison until the JSON-LD gives {}",
                missing.join(", ")
            ),
        ));
        return;
    }
    if limits.is_empty() {
        found.notes.push((
            field,
            "has no additionalProperty (limits), so a comparison can show only its price".into(),
        ));
    }
    let anchor = sections
        .iter()
        .find(|s| normalize(&s.heading).contains(&normalize(&name)) && !s.anchor.is_empty())
        .map(|s| s.anchor.clone());
    let url = match anchor {
        Some(anchor) => format!("{page_url}#{anchor}"),
        None => page_url.to_string(),
    };
    let model = match (free, per_seat) {
        (true, _) => PriceModel::Free,
        (false, true) => PriceModel::PerSeat,
        (false, false) => PriceModel::Flat,
    };
    found.offerings.push(Offering {
        id: slug(&name),
        name,
        kind: OfferingKind::Plan,
        summary,
        url,
        source: page_url.to_string(),
        verified: modified.to_string(),
        price: Price {
            model,
            currency: currency.to_uppercase(),
            monthly: (!free).then_some(price).flatten(),
            ..Price::default()
        },
        limits,
        ..Offering::default()
    });
}
