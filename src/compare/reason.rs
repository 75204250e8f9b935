//! Why an option meets a need or not, as data: what kind of reason, with its values. Words are
//! made from it only where a reason is shown ([`Reason::words`]), so another language can word the
//! same reason its own way and `helpfirst compare --json` can give the values themselves.

use crate::content::{Allowance, Money};
use crate::locale::Speech;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    FitsPeople {
        seats: u32,
    },
    /// Fits, but a minimum number of seats is paid for.
    PaysForMinimum {
        seats: u32,
        min: u32,
    },
    TooManyPeople {
        seats: u32,
        max: u32,
    },
    /// The option's content does not say.
    NotStated {
        option: String,
    },
    /// A plain yes, with what the value says after it.
    Included {
        remark: String,
    },
    /// A plain no, with what the value says after it.
    NotIncluded {
        remark: String,
    },
    OnlyOn {
        tier: String,
    },
    AddOn {
        price: Money,
        currency: String,
        per_seat: bool,
    },
    Beta {
        value: String,
    },
    OnRequest {
        value: String,
    },
    /// Neither yes nor no and no condition: not counted as a yes.
    Unclear {
        value: String,
    },
    WithinAllowance {
        needed: u64,
        allowance: Allowance,
        unit: String,
    },
    Overage {
        needed: u64,
        allowance: u64,
        unit: String,
        per_unit: Money,
        currency: String,
    },
    OverLimit {
        needed: u64,
        allowance: u64,
        unit: String,
    },
    WithinBudget {
        average: Money,
        budget: Money,
        currency: String,
    },
    OverBudget {
        average: Money,
        budget: Money,
        currency: String,
    },
    PricedByQuote,
    UnavailableForNeeds,
    StartsToday,
    ReadyIn {
        days: u32,
    },
    TooSlow {
        lead: u32,
        days: u32,
    },
    /// A prerequisite the visitor said they can meet.
    YouCan {
        requirement: String,
    },
    /// A prerequisite the visitor said they cannot meet: the option is ruled out.
    YouCannot {
        requirement: String,
    },
    /// A prerequisite the visitor has not confirmed.
    NotConfirmed {
        requirement: String,
        detail: String,
    },
}

impl Reason {
    /// The reason as a sentence for people, in `say`'s language.
    pub fn words(&self, say: &Speech) -> String {
        let show = |money: &Money, currency: &str| say.money(*money, currency);
        let people = |n: u32| say.count("count.people", u64::from(n));
        let number = |n: u64| say.number(n);
        match self {
            Reason::FitsPeople { seats } => {
                say.fill("reason.fits_people", &[("people", &people(*seats))])
            }
            Reason::PaysForMinimum { seats, min } => say.fill(
                "reason.pays_for_minimum",
                &[
                    ("people", &people(*seats)),
                    ("seats", &say.count("count.seats", u64::from(*min))),
                    ("min", &number(u64::from(*min))),
                ],
            ),
            Reason::TooManyPeople { seats, max } => say.fill(
                "reason.too_many_people",
                &[
                    ("people", &people(*max)),
                    ("seats", &number(u64::from(*seats))),
                ],
            ),
            Reason::NotStated { option } => say.fill("reason.not_stated", &[("option", option)]),
            Reason::Included { remark } if remark.trim().is_empty() => say.t("reason.included"),
            // The company's words after its yes: "Yes, with the option to enforce it."
            Reason::Included { remark } => with_remark(
                say,
                &say.fill("reason.included_remark", &[("remark", remark.trim())]),
                "",
            ),
            Reason::NotIncluded { remark } => {
                with_remark(say, &say.t("reason.not_included"), remark)
            }
            Reason::OnlyOn { tier } => say.fill("reason.only_on", &[("tier", tier)]),
            Reason::AddOn {
                price,
                currency,
                per_seat,
            } => say.fill(
                if *per_seat {
                    "reason.add_on_per_seat"
                } else {
                    "reason.add_on"
                },
                &[("price", &show(price, currency))],
            ),
            Reason::Beta { value } => with_remark(say, &say.t("reason.beta"), value),
            Reason::OnRequest { value } => with_remark(say, &say.t("reason.on_request"), value),
            Reason::Unclear { value } => say.fill("reason.unclear", &[("value", value.trim())]),
            Reason::WithinAllowance {
                needed,
                allowance: Allowance::Unlimited,
                unit,
            } => say.fill(
                "reason.unlimited",
                &[("needed", &number(*needed)), ("unit", unit)],
            ),
            Reason::WithinAllowance {
                needed,
                allowance: Allowance::Units(allowance),
                unit,
            } => say.fill(
                "reason.within_allowance",
                &[
                    ("needed", &number(*needed)),
                    ("allowance", &number(*allowance)),
                    ("unit", unit),
                ],
            ),
            Reason::Overage {
                needed,
                allowance,
                unit,
                per_unit,
                currency,
            } => say.fill(
                "reason.overage",
                &[
                    ("needed", &number(*needed)),
                    ("allowance", &number(*allowance)),
                    ("unit", unit),
                    ("price", &show(per_unit, currency)),
                ],
            ),
            Reason::OverLimit {
                needed,
                allowance,
                unit,
            } => say.fill(
                "reason.over_limit",
                &[
                    ("needed", &number(*needed)),
                    ("allowance", &number(*allowance)),
                    ("unit", unit),
                ],
            ),
            Reason::WithinBudget {
                average,
                budget,
                currency,
            } => say.fill(
                "reason.within_budget",
                &[
                    ("average", &show(average, currency)),
                    ("budget", &show(budget, currency)),
                ],
            ),
            Reason::OverBudget {
                average,
                budget,
                currency,
            } => say.fill(
                "reason.over_budget",
                &[
                    ("average", &show(average, currency)),
                    ("budget", &show(budget, currency)),
                ],
            ),
            Reason::PricedByQuote => say.t("reason.priced_by_quote"),
            Reason::UnavailableForNeeds => say.t("reason.unavailable"),
            Reason::StartsToday => say.t("reason.starts_today"),
            Reason::ReadyIn { days } => say.fill(
                "reason.ready_in",
                &[("days", &say.count("count.days", u64::from(*days)))],
            ),
            Reason::TooSlow { lead, days } => say.fill(
                "reason.too_slow",
                &[
                    ("lead", &say.count("count.days", u64::from(*lead))),
                    ("days", &say.count("count.days", u64::from(*days))),
                ],
            ),
            Reason::YouCan { requirement } => say.fill(
                "reason.you_can",
                &[("requirement", &lower_first(say, requirement))],
            ),
            Reason::YouCannot { requirement } => say.fill(
                "reason.you_cannot",
                &[("requirement", &lower_first(say, requirement))],
            ),
            // The need's name is shown beside it; the sentence says what follows from it.
            Reason::NotConfirmed { detail, .. } => {
                let said = say.t("reason.not_confirmed");
                match detail.trim() {
                    "" => said,
                    detail => with_remark(say, &format!("{said} {detail}"), ""),
                }
            }
        }
    }
}

/// `Included.` or `Included: with the option to enforce it.`
fn with_remark(say: &Speech, head: &str, remark: &str) -> String {
    let remark = remark.trim();
    let sentence = if remark.is_empty() {
        head.to_string()
    } else {
        say.fill("labelled", &[("label", head), ("text", remark)])
    };
    if sentence.ends_with(['.', '!', '?', '。', '؟']) {
        sentence
    } else {
        format!("{sentence}.")
    }
}

/// `runs on your own server` for `Runs on your own server`, to sit inside a sentence, in the
/// languages that lower-case names there ([`Speech::inline`]). ASCII only, like the table's
/// capitals.
fn lower_first(say: &Speech, text: &str) -> String {
    let mut text = text.trim().trim_end_matches('.').to_string();
    if say.lowercases_names() {
        if let Some(first) = text.get_mut(0..1) {
            first.make_ascii_lowercase();
        }
    }
    text
}

/// Why one option is recommended over another it dominates: `Kestrel Free offers everything A
/// shared folder offers, and more (Real-time co-editing and Offline desktop and mobile apps), for
/// no more.`
pub fn outdoes_words(say: &Speech, name: &str, outdone: &super::Outdone) -> String {
    say.fill(
        "fit.outdoes",
        &[
            ("name", name),
            ("other", &outdone.name),
            ("more", &say.list(&outdone.more)),
        ],
    )
}

/// An option shown beside the recommendation: `If you can take on what it needs (Shared storage
/// you already pay for), A shared folder (alternative) costs $0.00 and fits.`
pub fn conditional_words(say: &Speech, assessment: &super::Assessment, whose: &str) -> String {
    say.fill(
        "fit.conditional",
        &[
            ("needs", &say.list(&assessment.unconfirmed())),
            ("name", &assessment.offering.name),
            ("whose", whose),
            ("cost", &assessment.cost.summary(say)),
        ],
    )
}
