//! The fit finder's judgement: how every listed option meets the visitor's needs, point by point,
//! what each gives up, and which one to recommend.
//!
//! Key decision: the recommendation is the cheapest option that meets every need, whoever sells
//! it. Among those, one that costs no more and offers every feature another offers, and more, is
//! recommended over it, with that as the reason; a tie is shown only between options that each
//! offer something the other does not, in the order the content lists them, never broken in our
//! favour. An option that needs something of the visitor they have not confirmed (their own
//! server, an annual contract) is never recommended silently: it is shown beside the
//! recommendation as conditional ([`conditional`]). When nothing meets every need, there is no
//! recommendation and the ranking shows what each option misses. A need an option does not state,
//! or states only with a condition, counts as not met: we never claim for anyone what their own
//! page does not say.

use super::caveats::{caveats, Caveat};
use super::cost::{total_cost, Cost, Total};
use super::needs::Needs;
use super::reason::Reason;
use crate::content::{Allowance, Money, Offering, Status, Support};
use crate::locale::Speech;

/// How one option fares against the needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'a> {
    pub offering: &'a Offering,
    pub cost: Cost,
    /// One point per need the visitor gave.
    pub points: Vec<Point>,
    /// Features other listed options have and this one does not (beyond the must-haves).
    pub gives_up: Vec<String>,
    /// Everything the company wrote that qualifies this option: price notes, who it is not for,
    /// what its feature values say after yes or no, lead time, what it needs of the visitor.
    pub caveats: Vec<Caveat>,
    /// Options that meet every need too, cost at least as much and offer only a part of what
    /// this one offers: this one is recommended over them.
    pub outdoes: Vec<Outdone>,
    /// Another option that meets every need offers all this one offers, and more, for no more.
    pub dominated: bool,
    /// 1 for the best; options that tie share a rank.
    pub rank: usize,
}

/// An option another one dominates: its name, and what the better one offers beyond it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outdone {
    pub id: String,
    pub name: String,
    /// Feature names the dominating option offers and this one does not.
    pub more: Vec<String>,
}

impl<'a> Assessment<'a> {
    pub fn fits(&self) -> bool {
        self.points.iter().all(|p| p.verdict == Verdict::Meets)
    }

    /// It would meet every need, if the visitor can meet what it needs of them.
    pub fn fits_if_confirmed(&self) -> bool {
        self.count(Verdict::Unconfirmed) > 0
            && self
                .points
                .iter()
                .all(|p| matches!(p.verdict, Verdict::Meets | Verdict::Unconfirmed))
    }

    /// The prerequisites the visitor has not confirmed, by name.
    pub fn unconfirmed(&self) -> Vec<&str> {
        self.points
            .iter()
            .filter(|p| p.verdict == Verdict::Unconfirmed)
            .map(|p| p.need.as_str())
            .collect()
    }

    fn count(&self, verdict: Verdict) -> usize {
        self.points.iter().filter(|p| p.verdict == verdict).count()
    }

    /// Orders options: full fits first, then fewest misses, fewest unknowns, fewest unconfirmed
    /// prerequisites, lowest total, and an option another dominates after it.
    fn key(&self) -> (bool, usize, usize, usize, u8, u64, bool) {
        let (priced, cents) = match self.cost.total {
            Total::Priced(money) => (0, money.cents),
            Total::Quote => (1, 0),
            Total::Unavailable => (2, 0),
        };
        (
            !self.fits(),
            self.count(Verdict::Misses),
            self.count(Verdict::Unknown),
            self.count(Verdict::Unconfirmed),
            priced,
            cents,
            self.dominated,
        )
    }

    /// The features this option offers at its price: a plain yes, nothing conditional or unstated.
    fn offered(&self) -> Vec<&'a str> {
        self.offering
            .features
            .iter()
            .filter(|f| f.support() == Support::Yes)
            .map(|f| f.key.as_str())
            .collect()
    }
}

/// One need against one option.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The need, in the visitor's terms (`SAML single sign-on`, `Budget`).
    pub need: String,
    pub verdict: Verdict,
    pub reason: Reason,
    /// Where the claim behind the verdict is published; empty for arithmetic on the visitor's input.
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Meets,
    Misses,
    /// The option's content does not say, or says only with a condition we cannot judge.
    Unknown,
    /// It needs something of the visitor (a server, a contract) they have not said they can meet.
    Unconfirmed,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Meets => "meets",
            Verdict::Misses => "misses",
            Verdict::Unknown => "unknown",
            Verdict::Unconfirmed => "unconfirmed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recommendation {
    /// Index into the assessments (ranked order).
    One(usize),
    /// Several options meet every need at the same cost, each offering something the others do
    /// not.
    Tie(Vec<usize>),
    /// No option meets every need.
    Nothing,
}

/// Who the recommended option belongs to, relative to the plan the visitor was considering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// The plan being considered, or one of ours when none was.
    Ours,
    /// One of our plans, other than the one being considered (often a cheaper one).
    OtherPlan,
    /// A competitor or an alternative we do not sell.
    Alternative,
    /// Nothing fits.
    Nothing,
}

impl Relation {
    pub fn of(recommended: Option<&Offering>, considering: Option<&str>) -> Relation {
        match recommended {
            None => Relation::Nothing,
            Some(offering) if !offering.is_ours() => Relation::Alternative,
            Some(offering) if considering.is_some_and(|id| id != offering.id) => {
                Relation::OtherPlan
            }
            Some(_) => Relation::Ours,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Ours => "ours",
            Relation::OtherPlan => "our_other_plan",
            Relation::Alternative => "alternative",
            Relation::Nothing => "nothing",
        }
    }
}

/// Every option in `offerings`, ranked for `needs`, and the recommendation. None is left out.
pub fn assess<'a>(
    offerings: &'a [Offering],
    needs: &Needs,
    say: &Speech,
) -> (Vec<Assessment<'a>>, Recommendation) {
    let mut assessments: Vec<Assessment> = offerings
        .iter()
        .map(|offering| {
            let cost = total_cost(offering, needs, say);
            Assessment {
                offering,
                points: points(offering, offerings, &cost, needs, say),
                gives_up: gives_up(offering, offerings, needs, say),
                caveats: caveats(offering, needs),
                outdoes: Vec::new(),
                dominated: false,
                cost,
                rank: 0,
            }
        })
        .collect();
    dominance(&mut assessments);
    // Stable: options that tie keep the content's order.
    assessments.sort_by_key(Assessment::key);
    for i in 0..assessments.len() {
        assessments[i].rank = if i > 0 && assessments[i].key() == assessments[i - 1].key() {
            assessments[i - 1].rank
        } else {
            i + 1
        };
    }
    let best: Vec<usize> = assessments
        .iter()
        .enumerate()
        .take_while(|(_, a)| a.fits() && a.rank == 1)
        .map(|(i, _)| i)
        .collect();
    let recommendation = match best.len() {
        0 => Recommendation::Nothing,
        1 => Recommendation::One(best[0]),
        _ => Recommendation::Tie(best),
    };
    (assessments, recommendation)
}

/// Marks, among the options that meet every need, each that another costing no more dominates:
/// the other offers every feature it offers, and more.
fn dominance(assessments: &mut [Assessment]) {
    let priced = |a: &Assessment| match a.cost.total {
        Total::Priced(money) if a.fits() => Some(money),
        _ => None,
    };
    for i in 0..assessments.len() {
        for j in 0..assessments.len() {
            let (Some(cost_i), Some(cost_j)) = (priced(&assessments[i]), priced(&assessments[j]))
            else {
                continue;
            };
            if i == j || cost_i > cost_j {
                continue;
            }
            let better = assessments[i].offered();
            let other = assessments[j].offered();
            let more: Vec<&str> = better
                .iter()
                .filter(|key| !other.contains(key))
                .copied()
                .collect();
            if more.is_empty() || !other.iter().all(|key| better.contains(key)) {
                continue;
            }
            assessments[j].dominated = true;
            let offering = assessments[i].offering;
            let more = more
                .iter()
                .filter_map(|key| offering.feature(key).map(|f| f.name.clone()))
                .collect();
            let outdone = Outdone {
                id: assessments[j].offering.id.clone(),
                name: assessments[j].offering.name.clone(),
                more,
            };
            assessments[i].outdoes.push(outdone);
        }
    }
}

/// The options to show beside the recommendation as conditional: they would meet every need, for
/// no more than the recommendation (or when there is none), if the visitor can meet what they need
/// ("if you can run your own server, X costs $0 and fits"). Indexes into `ranked`.
pub fn conditional(ranked: &[Assessment], recommendation: &Recommendation) -> Vec<usize> {
    let best = match recommendation {
        Recommendation::One(i) => Some(&ranked[*i]),
        Recommendation::Tie(tied) => Some(&ranked[tied[0]]),
        Recommendation::Nothing => None,
    };
    let cheaper = |a: &Assessment| match (best.map(|b| b.cost.total), a.cost.total) {
        (None, _) => true,
        (Some(Total::Priced(best)), Total::Priced(this)) => this <= best,
        (Some(Total::Quote), Total::Priced(_)) => true,
        _ => false,
    };
    ranked
        .iter()
        .enumerate()
        .filter(|(_, a)| a.fits_if_confirmed() && cheaper(a))
        .map(|(i, _)| i)
        .collect()
}

fn point(need: &str, verdict: Verdict, reason: Reason, source: &str) -> Point {
    Point {
        need: need.to_string(),
        verdict,
        reason,
        source: source.to_string(),
    }
}

/// A need's name as the content words it (`Guest access` for `guests`), for options that do not
/// state it themselves.
fn need_name<'a>(key: &'a str, offerings: &'a [Offering]) -> &'a str {
    let feature = offerings
        .iter()
        .find_map(|o| o.feature(key))
        .map(|f| f.name.as_str());
    let usage = || {
        offerings
            .iter()
            .flat_map(|o| &o.price.usage)
            .find(|u| u.metric == key)
            .map(|u| u.name.as_str())
    };
    feature.or_else(usage).unwrap_or(key)
}

/// One point per need the visitor gave, in the order the fit finder asks them.
fn points(
    offering: &Offering,
    offerings: &[Offering],
    cost: &Cost,
    needs: &Needs,
    say: &Speech,
) -> Vec<Point> {
    let mut points = Vec::new();
    if let Some(seats) = needs.seats {
        points.push(seats_point(offering, seats, say));
    }
    for requirement in &offering.requires {
        let source = offering.source_of(&requirement.source);
        let name = requirement.name.clone();
        let (verdict, reason) = match needs.can.get(&requirement.key) {
            Some(true) => (Verdict::Meets, Reason::YouCan { requirement: name }),
            Some(false) => (Verdict::Misses, Reason::YouCannot { requirement: name }),
            None => (
                Verdict::Unconfirmed,
                Reason::NotConfirmed {
                    requirement: name,
                    detail: requirement.detail.clone(),
                },
            ),
        };
        points.push(point(&requirement.name, verdict, reason, source));
    }
    for key in &needs.must_have {
        points.push(feature_point(offering, offerings, key));
    }
    for (metric, &needed) in needs.usage.iter() {
        points.push(usage_point(offering, offerings, needs, metric, needed));
    }
    if let Some(budget) = needs.budget_per_month {
        points.push(budget_point(offering, cost, needs, budget, say));
    }
    if let Some(days) = needs.start_within_days {
        points.push(start_point(offering, days, say));
    }
    points
}

fn seats_point(offering: &Offering, seats: u32, say: &Speech) -> Point {
    let price = &offering.price;
    let source = offering.source_of(&price.source);
    let (verdict, reason) = match (price.max_seats, price.min_seats) {
        (Some(max), _) if seats > max => (Verdict::Misses, Reason::TooManyPeople { seats, max }),
        (_, Some(min)) if min > seats => (Verdict::Meets, Reason::PaysForMinimum { seats, min }),
        _ => (Verdict::Meets, Reason::FitsPeople { seats }),
    };
    point(&say.t("need.team_size"), verdict, reason, source)
}

fn feature_point(offering: &Offering, offerings: &[Offering], key: &str) -> Point {
    let Some(feature) = offering.feature(key) else {
        let reason = Reason::NotStated {
            option: offering.name.clone(),
        };
        return point(need_name(key, offerings), Verdict::Unknown, reason, "");
    };
    let source = offering.source_of(&feature.source);
    let remark = feature.remark().to_string();
    let value = feature.value.trim().to_string();
    let (verdict, reason) = match feature.support() {
        Support::Yes => (Verdict::Meets, Reason::Included { remark }),
        Support::No => (Verdict::Misses, Reason::NotIncluded { remark }),
        Support::OnlyOn(tier) => (Verdict::Misses, Reason::OnlyOn { tier }),
        // The add-on's price is in the total, so the need is met at that total.
        Support::AddOn(add_on) => (
            Verdict::Meets,
            Reason::AddOn {
                price: add_on.monthly,
                currency: offering.price.currency.clone(),
                per_seat: add_on.per_seat,
            },
        ),
        Support::Status(Status::Beta) => (Verdict::Unknown, Reason::Beta { value }),
        Support::Status(Status::OnRequest) => (Verdict::Unknown, Reason::OnRequest { value }),
        Support::Unclear => (Verdict::Unknown, Reason::Unclear { value }),
    };
    point(&feature.name, verdict, reason, source)
}

fn usage_point(
    offering: &Offering,
    offerings: &[Offering],
    needs: &Needs,
    metric: &str,
    needed: u64,
) -> Point {
    let price = &offering.price;
    let Some(usage) = price.usage.iter().find(|u| u.metric == metric) else {
        let reason = Reason::NotStated {
            option: offering.name.clone(),
        };
        return point(need_name(metric, offerings), Verdict::Unknown, reason, "");
    };
    let allowance = usage.allowance(price.billed_seats(needs.seats.unwrap_or(1)));
    let unit = usage.unit.clone();
    let within = Reason::WithinAllowance {
        needed,
        allowance,
        unit: unit.clone(),
    };
    let (verdict, reason) = match (allowance, usage.per_unit) {
        (Allowance::Units(allowance), Some(per_unit)) if needed > allowance => (
            Verdict::Meets,
            Reason::Overage {
                needed,
                allowance,
                unit,
                per_unit,
                currency: price.currency.clone(),
            },
        ),
        (Allowance::Units(allowance), None) if needed > allowance => (
            Verdict::Misses,
            Reason::OverLimit {
                needed,
                allowance,
                unit,
            },
        ),
        _ => (Verdict::Meets, within),
    };
    point(
        &usage.name,
        verdict,
        reason,
        offering.source_of(&price.source),
    )
}

fn budget_point(
    offering: &Offering,
    cost: &Cost,
    needs: &Needs,
    budget: Money,
    say: &Speech,
) -> Point {
    let currency = offering.price.currency.clone();
    let source = offering.source_of(&offering.price.source);
    let (verdict, reason) = match (cost.total, cost.per_month(needs.months())) {
        (_, Some(average)) if average <= budget => (
            Verdict::Meets,
            Reason::WithinBudget {
                average,
                budget,
                currency,
            },
        ),
        (_, Some(average)) => (
            Verdict::Misses,
            Reason::OverBudget {
                average,
                budget,
                currency,
            },
        ),
        (Total::Quote, _) => (Verdict::Unknown, Reason::PricedByQuote),
        _ => (Verdict::Misses, Reason::UnavailableForNeeds),
    };
    point(&say.t("need.budget"), verdict, reason, source)
}

fn start_point(offering: &Offering, days: u32, say: &Speech) -> Point {
    let lead = offering.lead_time_days;
    let (verdict, reason) = match lead {
        0 => (Verdict::Meets, Reason::StartsToday),
        _ if lead <= days => (Verdict::Meets, Reason::ReadyIn { days: lead }),
        _ => (Verdict::Misses, Reason::TooSlow { lead, days }),
    };
    point(
        &say.t("need.start"),
        verdict,
        reason,
        offering.source_of(""),
    )
}

/// Features this option lacks that another listed option has, so the visitor sees the trade-off.
fn gives_up(
    offering: &Offering,
    offerings: &[Offering],
    needs: &Needs,
    say: &Speech,
) -> Vec<String> {
    let has = |o: &Offering, key: &str| o.feature(key).is_some_and(|f| f.support() == Support::Yes);
    let mut keys: Vec<&str> = Vec::new();
    let mut lost = Vec::new();
    for feature in offerings.iter().flat_map(|o| &o.features) {
        let key = feature.key.as_str();
        if keys.contains(&key) || has(offering, key) || needs.must_have.iter().any(|k| k == key) {
            continue;
        }
        keys.push(key);
        let with: Vec<&str> = offerings
            .iter()
            .filter(|o| has(o, key))
            .map(|o| o.name.as_str())
            .collect();
        if !with.is_empty() {
            lost.push(say.fill(
                "fit.gives_up_item",
                &[("feature", &feature.name), ("options", &say.list(&with))],
            ));
        }
    }
    lost
}
