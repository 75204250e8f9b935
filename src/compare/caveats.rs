//! Every caveat the company wrote about an option, gathered so that each place that shows the
//! option (the compare view, the fit result, `helpfirst compare`) shows all of them: the price
//! notes, who it is not for, what a feature value says after its yes or no, how long it takes to
//! start, and what it needs of the visitor.
//!
//! Key decision: caveats are the company's own words, kept as written with their source; only the
//! lead time, which is a number, is put into words here.

use super::needs::Needs;
use crate::content::{Offering, Support};
use crate::locale::Speech;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Caveat {
    PriceNote {
        note: String,
        source: String,
    },
    NotFor {
        text: String,
        source: String,
    },
    /// A feature value with words after its yes or no, or with a condition.
    Feature {
        name: String,
        value: String,
        source: String,
    },
    LeadTime {
        days: u32,
        source: String,
    },
    /// Something the option needs of the visitor besides money.
    Requires {
        name: String,
        detail: String,
        source: String,
    },
}

impl Caveat {
    /// The caveat as a sentence for people, in `say`'s language.
    pub fn words(&self, say: &Speech) -> String {
        let labelled = |label: &str, text: &str| {
            say.fill("labelled", &[("label", label), ("text", text.trim())])
        };
        match self {
            Caveat::PriceNote { note, .. } => labelled(&say.t("caveat.price"), note),
            Caveat::NotFor { text, .. } => labelled(&say.t("caveat.not_for"), text),
            Caveat::Feature { name, value, .. } => labelled(name, value),
            Caveat::LeadTime { days, .. } => say.fill(
                "caveat.lead_time",
                &[("days", &say.count("count.days", u64::from(*days)))],
            ),
            Caveat::Requires { name, detail, .. } => {
                let needs = say.fill(
                    "caveat.needs",
                    &[("name", name.trim().trim_end_matches('.'))],
                );
                match detail.trim() {
                    "" => needs,
                    detail => format!("{needs} {detail}"),
                }
            }
        }
    }

    /// Where the company wrote it.
    pub fn source(&self) -> &str {
        match self {
            Caveat::PriceNote { source, .. }
            | Caveat::NotFor { source, .. }
            | Caveat::Feature { source, .. }
            | Caveat::LeadTime { source, .. }
            | Caveat::Requires { source, .. } => source,
        }
    }
}

/// Every caveat of `offering`. Features the visitor named as must-haves are left out: their point
/// in the fit result already carries the same words.
pub fn caveats(offering: &Offering, needs: &Needs) -> Vec<Caveat> {
    let mut found = Vec::new();
    for requirement in &offering.requires {
        found.push(Caveat::Requires {
            name: requirement.name.clone(),
            detail: requirement.detail.clone(),
            source: offering.source_of(&requirement.source).to_string(),
        });
    }
    let price = &offering.price;
    if !price.note.trim().is_empty() {
        found.push(Caveat::PriceNote {
            note: price.note.clone(),
            source: offering.source_of(&price.source).to_string(),
        });
    }
    if offering.lead_time_days > 0 {
        found.push(Caveat::LeadTime {
            days: offering.lead_time_days,
            source: offering.source_of("").to_string(),
        });
    }
    for feature in &offering.features {
        let plain = matches!(feature.support(), Support::Yes | Support::No);
        if needs.must_have.contains(&feature.key) || (plain && feature.remark().is_empty()) {
            continue;
        }
        found.push(Caveat::Feature {
            name: feature.name.clone(),
            value: feature.value.clone(),
            source: offering.source_of(&feature.source).to_string(),
        });
    }
    if !offering.not_for.trim().is_empty() {
        found.push(Caveat::NotFor {
            text: offering.not_for.clone(),
            source: offering.url.clone(),
        });
    }
    found
}
