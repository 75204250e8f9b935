//! Why an option meets a need or not, as data: what kind of reason, with its values. Words are
//! made from it only where a reason is shown ([`Reason::words`]), so another language can word the
//! same reason its own way and `helpfirst compare --json` can give the values themselves.

use super::words;
use crate::content::{Allowance, Money};
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
    /// The reason as a sentence for people.
    pub fn words(&self) -> String {
        let show = |money: &Money, currency: &str| money.show(currency);
        match self {
            Reason::FitsPeople { seats } => format!("Fits {}.", words::people(*seats)),
            Reason::PaysForMinimum { seats, min } => format!(
                "Fits {}, but the minimum is {}, so you pay for {min}.",
                words::people(*seats),
                words::seats(*min)
            ),
            Reason::TooManyPeople { seats, max } => {
                format!("Allows up to {}; you need {seats}.", words::people(*max))
            }
            Reason::NotStated { option } => format!("{option} does not say."),
            Reason::Included { remark } if remark.trim().is_empty() => "Included.".into(),
            // The company's words after its yes: "Yes, with the option to enforce it."
            Reason::Included { remark } => with_remark(&format!("Yes, {}", remark.trim()), ""),
            Reason::NotIncluded { remark } => with_remark("Not available", remark),
            Reason::OnlyOn { tier } => format!("Only on {tier}, not at this price."),
            Reason::AddOn {
                price,
                currency,
                per_seat,
            } => format!(
                "An add-on at {}{} a month, counted in the total.",
                show(price, currency),
                if *per_seat { " per seat" } else { "" }
            ),
            Reason::Beta { value } => with_remark("In beta, not a finished feature", value),
            Reason::OnRequest { value } => {
                with_remark("Only on request: ask them to confirm it", value)
            }
            Reason::Unclear { value } => {
                format!("Not a clear yes: the page says “{}”.", value.trim())
            }
            Reason::WithinAllowance {
                needed,
                allowance: Allowance::Unlimited,
                unit,
            } => format!("{needed} {unit} fits: the allowance is unlimited."),
            Reason::WithinAllowance {
                needed,
                allowance,
                unit,
            } => format!("{needed} {unit} fits in the {allowance} {unit} included."),
            Reason::Overage {
                needed,
                allowance,
                unit,
                per_unit,
                currency,
            } => format!(
                "{needed} {unit}: {allowance} {unit} included, then {} per {unit} a month.",
                show(per_unit, currency)
            ),
            Reason::OverLimit {
                needed,
                allowance,
                unit,
            } => format!("At most {allowance} {unit}; you need {needed}."),
            Reason::WithinBudget {
                average,
                budget,
                currency,
            } => format!(
                "{} a month on average, within {}.",
                show(average, currency),
                show(budget, currency)
            ),
            Reason::OverBudget {
                average,
                budget,
                currency,
            } => format!(
                "{} a month on average, over {}.",
                show(average, currency),
                show(budget, currency)
            ),
            Reason::PricedByQuote => "Priced by quote, so there is no number to compare.".into(),
            Reason::UnavailableForNeeds => "Not available for these needs.".into(),
            Reason::StartsToday => "You can start today.".into(),
            Reason::ReadyIn { days } => format!("Usually ready in {}.", words::days(*days)),
            Reason::TooSlow { lead, days } => format!(
                "Usually takes {} to start; you need to start within {}.",
                words::days(*lead),
                words::days(*days)
            ),
            Reason::YouCan { requirement } => {
                format!("You said you can: {}.", lower_first(requirement))
            }
            Reason::YouCannot { requirement } => format!(
                "You said you cannot: {}, so it is ruled out.",
                lower_first(requirement)
            ),
            // The need's name is shown beside it; the sentence says what follows from it.
            Reason::NotConfirmed { detail, .. } => {
                let said = "You have not said you can take this on, so it is not recommended.";
                match detail.trim() {
                    "" => said.to_string(),
                    detail => with_remark(&format!("{said} {detail}"), ""),
                }
            }
        }
    }
}

/// `Included.` or `Included: with the option to enforce it.`
fn with_remark(head: &str, remark: &str) -> String {
    let remark = remark.trim();
    let sentence = if remark.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {remark}")
    };
    if sentence.ends_with(['.', '!', '?']) {
        sentence
    } else {
        format!("{sentence}.")
    }
}

/// `runs on your own server` for `Runs on your own server`, to sit inside a sentence. ASCII only,
/// like the table's capitals.
fn lower_first(text: &str) -> String {
    let mut text = text.trim().trim_end_matches('.').to_string();
    if let Some(first) = text.get_mut(0..1) {
        first.make_ascii_lowercase();
    }
    text
}

/// Why one option is recommended over another it dominates: `Kestrel Free offers everything A
/// shared folder offers, and more (Real-time co-editing and Offline desktop and mobile apps), for
/// no more.`
pub fn outdoes_words(name: &str, outdone: &super::Outdone) -> String {
    format!(
        "{name} offers everything {} offers, and more ({}), for no more.",
        outdone.name,
        words::list(&outdone.more)
    )
}

/// An option shown beside the recommendation: `If you can take on what it needs (Shared storage
/// you already pay for), A shared folder (alternative) costs $0.00 and fits.`
pub fn conditional_words(assessment: &super::Assessment, whose: &str) -> String {
    format!(
        "If you can take on what it needs ({}), {} ({whose}) costs {} and fits.",
        words::list(&assessment.unconfirmed()),
        assessment.offering.name,
        assessment.cost.summary()
    )
}
