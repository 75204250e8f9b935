//! The fit finder's judgement: how every listed option meets the visitor's needs, point by point,
//! what each gives up, and which one to recommend.
//!
//! Key decision: the recommendation is the cheapest option that meets every need, whoever sells
//! it. Options that tie on that are recommended together, in the order the content lists them,
//! rather than broken in our favour; when nothing meets every need, there is no recommendation and
//! the ranking shows what each option misses. A need an option does not state counts as not met:
//! we never claim for anyone what their own page does not say.

use super::cost::{total_cost, Cost, Total};
use super::needs::Needs;
use crate::content::{Money, Offering, Support};

/// How one option fares against the needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Assessment<'a> {
    pub offering: &'a Offering,
    pub cost: Cost,
    /// One point per need the visitor gave.
    pub points: Vec<Point>,
    /// Features other listed options have and this one does not (beyond the must-haves).
    pub gives_up: Vec<String>,
    /// 1 for the best; options that tie share a rank.
    pub rank: usize,
}

impl Assessment<'_> {
    pub fn fits(&self) -> bool {
        self.points.iter().all(|p| p.verdict == Verdict::Meets)
    }

    fn count(&self, verdict: Verdict) -> usize {
        self.points.iter().filter(|p| p.verdict == verdict).count()
    }

    /// Orders options: full fits first, then fewest misses, fewest unknowns, lowest total.
    fn key(&self) -> (bool, usize, usize, u8, u64) {
        let (priced, cents) = match self.cost.total {
            Total::Priced(money) => (0, money.cents),
            Total::Quote => (1, 0),
            Total::Unavailable => (2, 0),
        };
        (
            !self.fits(),
            self.count(Verdict::Misses),
            self.count(Verdict::Unknown),
            priced,
            cents,
        )
    }
}

/// One need against one option.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    /// The need, in the visitor's terms (`SAML single sign-on`, `Budget`).
    pub need: String,
    pub verdict: Verdict,
    pub reason: String,
    /// Where the claim behind the verdict is published; empty for arithmetic on the visitor's input.
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Meets,
    Misses,
    /// The option's content does not say.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recommendation {
    /// Index into the assessments (ranked order).
    One(usize),
    /// Several options meet every need at the same cost.
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
) -> (Vec<Assessment<'a>>, Recommendation) {
    let mut assessments: Vec<Assessment> = offerings
        .iter()
        .map(|offering| {
            let cost = total_cost(offering, needs);
            Assessment {
                offering,
                points: points(offering, offerings, &cost, needs),
                gives_up: gives_up(offering, offerings, needs),
                cost,
                rank: 0,
            }
        })
        .collect();
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

fn point(need: &str, verdict: Verdict, reason: String, source: &str) -> Point {
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
fn points(offering: &Offering, offerings: &[Offering], cost: &Cost, needs: &Needs) -> Vec<Point> {
    let mut points = Vec::new();
    if let Some(seats) = needs.seats {
        points.push(seats_point(offering, seats));
    }
    for key in &needs.must_have {
        points.push(feature_point(offering, offerings, key));
    }
    for (metric, &needed) in &needs.usage {
        points.push(usage_point(offering, offerings, needs, metric, needed));
    }
    if let Some(budget) = needs.budget_per_month {
        points.push(budget_point(offering, cost, needs, budget));
    }
    if let Some(days) = needs.start_within_days {
        points.push(start_point(offering, days));
    }
    points
}

fn seats_point(offering: &Offering, seats: u32) -> Point {
    let price = &offering.price;
    let source = offering.source_of(&price.source);
    let (verdict, reason) = match (price.max_seats, price.min_seats) {
        (Some(max), _) if seats > max => (
            Verdict::Misses,
            format!("allows up to {max} people; you need {seats}"),
        ),
        (_, Some(min)) if min > seats => (
            Verdict::Meets,
            format!("fits {seats} people, but the minimum is {min} seats, so you pay for {min}"),
        ),
        _ => (Verdict::Meets, format!("fits {seats} people")),
    };
    point("Team size", verdict, reason, source)
}

fn feature_point(offering: &Offering, offerings: &[Offering], key: &str) -> Point {
    let Some(feature) = offering.feature(key) else {
        let reason = format!("{} does not say", offering.name);
        return point(need_name(key, offerings), Verdict::Unknown, reason, "");
    };
    let source = offering.source_of(&feature.source);
    let (verdict, reason) = match feature.support() {
        Support::Yes => (Verdict::Meets, "included".to_string()),
        Support::No => (Verdict::Misses, "not available".to_string()),
        Support::Partly => (Verdict::Meets, feature.value.clone()),
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
        let reason = format!("{} does not say", offering.name);
        return point(need_name(metric, offerings), Verdict::Unknown, reason, "");
    };
    let allowance = usage.allowance(price.billed_seats(needs.seats.unwrap_or(1)));
    let unit = &usage.unit;
    let (verdict, reason) = match usage.per_unit {
        _ if needed <= allowance => (
            Verdict::Meets,
            format!("{needed} {unit} fits the {allowance} {unit} included"),
        ),
        Some(per_unit) => (
            Verdict::Meets,
            format!(
                "{needed} {unit}: {allowance} {unit} included, then {} per {unit} a month",
                per_unit.show(&price.currency)
            ),
        ),
        None => (
            Verdict::Misses,
            format!("at most {allowance} {unit}; you need {needed}"),
        ),
    };
    point(
        &usage.name,
        verdict,
        reason,
        offering.source_of(&price.source),
    )
}

fn budget_point(offering: &Offering, cost: &Cost, needs: &Needs, budget: Money) -> Point {
    let currency = &offering.price.currency;
    let source = offering.source_of(&offering.price.source);
    let (verdict, reason) = match (cost.total, cost.per_month(needs.months())) {
        (_, Some(average)) => (
            if average <= budget {
                Verdict::Meets
            } else {
                Verdict::Misses
            },
            format!(
                "{} a month on average, {} {}",
                average.show(currency),
                if average <= budget { "within" } else { "over" },
                budget.show(currency)
            ),
        ),
        (Total::Quote, _) => (Verdict::Unknown, "priced by quote".to_string()),
        _ => (Verdict::Misses, "not available for these needs".to_string()),
    };
    point("Budget", verdict, reason, source)
}

fn start_point(offering: &Offering, days: u32) -> Point {
    let lead = offering.lead_time_days;
    let (verdict, reason) = match lead {
        0 => (Verdict::Meets, "you can start today".to_string()),
        _ if lead <= days => (Verdict::Meets, format!("usually ready in {lead} days")),
        _ => (
            Verdict::Misses,
            format!("usually takes {lead} days to start; you need to start within {days}"),
        ),
    };
    point("Start", verdict, reason, offering.source_of(""))
}

/// Features this option lacks that another listed option has, so the visitor sees the trade-off.
fn gives_up(offering: &Offering, offerings: &[Offering], needs: &Needs) -> Vec<String> {
    let has = |o: &Offering, key: &str| o.feature(key).is_some_and(|f| f.support() != Support::No);
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
            lost.push(format!("{} (in {})", feature.name, with.join(", ")));
        }
    }
    lost
}
