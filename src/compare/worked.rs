//! Price questions in the conversation ("How much for 10 people on Team, billed yearly?", "which
//! is cheaper for 5 people, Slate or Kestrel?") answered with the total, its arithmetic and the
//! source of each price, worked out by the same cost rules as the fit finder ([`total_cost`]).
//!
//! Key decision: a question is a price question only when it asks about money *and* names an
//! option (or the company, meaning its cheapest plan for that many people); anything else returns
//! `None` and the normal answer path runs as before. What the question does not say is assumed
//! the way the fit finder assumes it, and the arithmetic says so.

use super::cost::{total_cost, Total};
use super::needs::{Billing, Needs, DEFAULT_MONTHS, MAX_MONTHS, MAX_SEATS};
use super::request::{contains_run, words_in};
use crate::compact::{Decode, Encode, Reader, Writer};
use crate::content::{Content, Offering, OfferingKind};
use crate::locale::Speech;

/// Words that ask about money, in the panel's languages that write with spaces between words
/// (English, then German, French, Spanish), so a price question in the content's language gets
/// its worked answer too.
const PRICING: &[&str] = &[
    "much",
    "cost",
    "costs",
    "price",
    "prices",
    "priced",
    "pricing",
    "cheaper",
    "cheapest",
    "expensive",
    "pay",
    "total",
    "kostet",
    "kosten",
    "preis",
    "preise",
    "günstiger",
    "billiger",
    "teurer",
    "zahle",
    "zahlen",
    "coûte",
    "coûtent",
    "coût",
    "prix",
    "tarif",
    "payer",
    "cher",
    "cuesta",
    "cuestan",
    "precio",
    "precios",
    "coste",
    "barato",
    "pagar",
];

const PEOPLE: &[&str] = &[
    "people",
    "person",
    "persons",
    "users",
    "user",
    "seats",
    "seat",
    "members",
    "member",
    "employees",
    "staff",
    "personen",
    "nutzer",
    "mitarbeiter",
    "plätze",
    "personnes",
    "utilisateurs",
    "sièges",
    "personas",
    "usuarios",
    "puestos",
];

/// A worked price answer, in words, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Worked {
    /// The answer in a sentence or two: the totals, and which is cheaper when several are asked.
    pub summary: String,
    pub options: Vec<WorkedOption>,
    /// The ids of the options priced, in the content's order.
    pub ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorkedOption {
    pub name: String,
    /// `$768.00`, `Ask for a quote` or `Not available`.
    pub total: String,
    /// The arithmetic, one step a line.
    pub arithmetic: Vec<String>,
    /// Where the price is published, and when it was last checked.
    pub source: String,
    pub verified: String,
}

impl Worked {
    /// `price:team,slate-wiki`: the answer's id in events and for "Did this help?", one per set of
    /// options priced.
    pub fn id(&self) -> String {
        format!("price:{}", self.ids.join(","))
    }
}

/// Kept with the visit's transcript (see [`crate::compact`]): each field in order.
impl Encode for Worked {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.summary);
        w.write(&self.options);
        w.write(&self.ids);
    }
}

impl Decode for Worked {
    fn decode(r: &mut Reader<'_>) -> Worked {
        Worked {
            summary: r.read(),
            options: r.read(),
            ids: r.read(),
        }
    }
}

impl Encode for WorkedOption {
    fn encode(&self, w: &mut Writer) {
        w.write(&self.name);
        w.write(&self.total);
        w.write(&self.arithmetic);
        w.write(&self.source);
        w.write(&self.verified);
    }
}

impl Decode for WorkedOption {
    fn decode(r: &mut Reader<'_>) -> WorkedOption {
        WorkedOption {
            name: r.read(),
            total: r.read(),
            arithmetic: r.read(),
            source: r.read(),
            verified: r.read(),
        }
    }
}

/// The worked answer to `question` in `say`'s language, or `None` when it is not a price question
/// about a listed option.
pub fn worked_answer(question: &str, content: &Content, say: &Speech) -> Option<Worked> {
    let asked = words_in(question);
    if !asked.iter().any(|w| PRICING.contains(&w.as_str())) {
        return None;
    }
    let options = chosen(content, question, &asked, say);
    if options.is_empty() {
        return None;
    }
    let needs = needs_in(&asked);
    let costed: Vec<(&Offering, _)> = options
        .iter()
        .map(|o| (*o, total_cost(o, &needs, say)))
        .collect();
    let months = needs.months();
    let billed = say.t(match needs.billing() {
        Billing::Annual => "worked.billed_yearly",
        Billing::Monthly => "worked.billed_monthly",
    });
    let people = needs.seats.map_or(say.t("worked.no_team_size"), |n| {
        say.count("count.people", u64::from(n))
    });
    let each: Vec<String> = costed
        .iter()
        .map(|(o, cost)| match cost.total {
            Total::Priced(total) => {
                let average = cost.per_month(months).unwrap_or(total);
                if months == 1 {
                    say.fill(
                        "worked.costs",
                        &[("name", &o.name), ("total", &cost.summary(say))],
                    )
                } else {
                    say.fill(
                        "worked.costs_over",
                        &[
                            ("name", &o.name),
                            ("total", &cost.summary(say)),
                            ("period", &say.count("count.months", u64::from(months))),
                            ("average", &say.money(average, &cost.currency)),
                        ],
                    )
                }
            }
            Total::Quote => say.fill("worked.quote", &[("name", &o.name)]),
            Total::Unavailable => say.fill("worked.unavailable", &[("name", &o.name)]),
        })
        .collect();
    let mut summary = say.fill(
        "worked.summary",
        &[
            ("people", &people),
            ("billed", &billed),
            ("each", &say.list(&each)),
        ],
    );
    let priced: Vec<(&Offering, u64, &str)> = costed
        .iter()
        .filter_map(|(o, cost)| match cost.total {
            Total::Priced(total) => Some((*o, total.cents, cost.currency.as_str())),
            _ => None,
        })
        .collect();
    if priced.len() >= 2 {
        let lowest = priced.iter().map(|p| p.1).min().unwrap_or_default();
        let cheapest: Vec<&str> = priced
            .iter()
            .filter(|p| p.1 == lowest)
            .map(|p| p.0.name.as_str())
            .collect();
        let next = priced.iter().map(|p| p.1).filter(|&c| c > lowest).min();
        summary.push(' ');
        summary.push_str(&match (cheapest.as_slice(), next) {
            ([one], Some(next)) => say.fill(
                "worked.cheaper",
                &[
                    ("name", one),
                    (
                        "difference",
                        &say.money(
                            crate::content::Money::from_cents(next - lowest),
                            priced[0].2,
                        ),
                    ),
                ],
            ),
            _ => say.fill("worked.same", &[("names", &say.list(&cheapest))]),
        });
    }
    let ids = costed.iter().map(|(o, _)| o.id.clone()).collect();
    let options = costed
        .into_iter()
        .map(|(o, cost)| WorkedOption {
            name: o.name.clone(),
            total: cost.summary(say),
            arithmetic: cost.lines,
            source: o.source_of(&o.price.source).to_string(),
            verified: o.verified_of(&o.price.verified).to_string(),
        })
        .collect();
    Some(Worked {
        summary,
        options,
        ids,
    })
}

/// The options a price question names, in the content's order: by full name, by a name without
/// the company's ("Team") when it is written with a capital or followed by "plan" (so "my team"
/// names nothing), or, for a competitor, by the first word of its name ("Slate"). The company's
/// own name alone ("Kestrel") means its cheapest plan that is priced for that many people.
fn chosen<'c>(
    content: &'c Content,
    question: &str,
    asked: &[String],
    say: &Speech,
) -> Vec<&'c Offering> {
    let company = words_in(&content.company.name);
    let written: Vec<&str> = question
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let short_named = |short: &[String]| {
        (0..asked.len().saturating_sub(short.len() - 1)).any(|i| {
            asked[i..i + short.len()] == *short
                && (written[i].starts_with(char::is_uppercase)
                    || asked
                        .get(i + short.len())
                        .is_some_and(|w| matches!(w.as_str(), "plan" | "plans" | "tier")))
        })
    };
    let is_named = |o: &Offering| {
        let name = words_in(&o.name);
        let short: Vec<String> = name
            .iter()
            .filter(|w| !company.contains(w))
            .cloned()
            .collect();
        let first = name.first().filter(|w| w.len() >= 4);
        contains_run(asked, &name)
            || (!short.is_empty() && short.len() < name.len() && short_named(&short))
            || (o.kind == OfferingKind::Competitor && first.is_some_and(|w| asked.contains(w)))
    };
    let mut options: Vec<&Offering> = content.offerings.iter().filter(|o| is_named(o)).collect();
    let ours_named = options.iter().any(|o| o.is_ours());
    // "Kestrel" for Kestrel Labs: a word of the company's name that its plans' names carry.
    let brand = company.iter().any(|word| {
        asked.contains(word)
            && content
                .offerings
                .iter()
                .filter(|o| o.is_ours())
                .all(|o| words_in(&o.name).contains(word))
    });
    let company_named = !company.is_empty() && (contains_run(asked, &company) || brand);
    // The company's name alone, with nothing else named and no team size, is a general question
    // about its prices ("How much does Kestrel cost?"), which the content's own answer covers.
    let sized = needs_in(asked).seats.is_some();
    if company_named && !ours_named && (sized || !options.is_empty()) {
        let needs = needs_in(asked);
        let cheapest = content
            .offerings
            .iter()
            .filter(|o| o.is_ours())
            .filter_map(|o| match total_cost(o, &needs, say).total {
                Total::Priced(total) => Some((total, o)),
                _ => None,
            })
            .min_by_key(|(total, _)| *total);
        if let Some((_, ours)) = cheapest {
            // In the content's order, like the named ones.
            options = content
                .offerings
                .iter()
                .filter(|o| o.id == ours.id || options.iter().any(|n| n.id == o.id))
                .collect();
        }
    }
    options
}

/// Team size, billing and period as the question states them; what it does not state stays
/// unset, so the arithmetic says what was assumed.
fn needs_in(asked: &[String]) -> Needs {
    let mut needs = Needs::default();
    for pair in asked.windows(2) {
        let Ok(n) = pair[0].parse::<u32>() else {
            continue;
        };
        let unit = pair[1].as_str();
        if PEOPLE.contains(&unit) && (1..=MAX_SEATS).contains(&n) {
            needs.seats = Some(n);
        } else if matches!(unit, "month" | "months" | "monate" | "mois" | "meses")
            && (1..=MAX_MONTHS).contains(&n)
        {
            needs.months = Some(n);
        } else if matches!(unit, "year" | "years" | "jahre" | "ans" | "años")
            && (1..=MAX_MONTHS / 12).contains(&n)
        {
            needs.months = Some(n * 12);
        }
    }
    // A word, or an inflected form of a long one ("jährlicher", "mensuelle").
    let has = |w: &str| {
        asked
            .iter()
            .any(|a| a == w || (w.len() >= 6 && a.starts_with(w)))
    };
    let annual = [
        "yearly",
        "annually",
        "annual",
        "year",
        "years",
        "jährlich",
        "jahr",
        "annuel",
        "anual",
        "año",
    ]
    .iter()
    .any(|w| has(w));
    let monthly = [
        "monthly",
        "month",
        "monatlich",
        "monat",
        "mensuel",
        "mois",
        "mensual",
        "mes",
    ];
    if annual {
        needs.billing = Some(Billing::Annual);
        needs.months.get_or_insert(DEFAULT_MONTHS);
    } else if monthly.iter().any(|w| has(w)) {
        needs.billing = Some(Billing::Monthly);
        needs.months.get_or_insert(1);
    }
    needs
}

#[cfg(test)]
mod tests {
    use super::{Worked, WorkedOption};
    use crate::compact::{Reader, Writer};

    #[test]
    fn a_worked_answer_is_kept_with_the_visit_and_read_back_whole() {
        let option = |n: u32| WorkedOption {
            name: format!("name {n}"),
            total: format!("total {n}"),
            arithmetic: vec![format!("step {n}"), format!("step {}", n + 1)],
            source: format!("source {n}"),
            verified: format!("verified {n}"),
        };
        let worked = Worked {
            summary: "Team costs $768.00 a year.".into(),
            options: vec![option(1), option(10)],
            ids: vec!["team".into(), "slate".into()],
        };
        let mut writer = Writer::default();
        writer.write(&worked);
        let bytes = writer.into_bytes();
        let mut reader = Reader::new(&bytes);
        assert_eq!(reader.read::<Worked>(), worked);
        assert_eq!(reader.finish(), Ok(&[][..]));
    }
}
