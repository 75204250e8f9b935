//! The true total cost of an option for the visitor's needs over a period: seats (with any
//! minimum), the annual discount, overages over the included allowance, and the setup fee, with
//! the arithmetic written out line by line so the visitor can check it.
//!
//! Key decision: all of it is integer cents. The only division, the annual discount, rounds up to
//! the cent ([`Money::less_percent`]), so a total is never lower than what would be charged.

use super::needs::{Billing, Needs};
use crate::content::{Money, Offering, PriceModel};

/// What an option costs, and how that was worked out.
#[derive(Debug, Clone, PartialEq)]
pub struct Cost {
    pub total: Total,
    /// The arithmetic, one step a line, ending with the total (or why there is none).
    pub lines: Vec<String>,
    pub currency: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Priced(Money),
    /// Priced by conversation with sales: no number is invented.
    Quote,
    /// The option cannot serve these needs (too many people, more than a hard allowance).
    Unavailable,
}

impl Cost {
    /// The total for people: an amount, "Ask for a quote" or "Not available".
    pub fn summary(&self) -> String {
        match self.total {
            Total::Priced(money) => money.show(&self.currency),
            Total::Quote => "Ask for a quote".to_string(),
            Total::Unavailable => "Not available".to_string(),
        }
    }

    /// The average a month, rounded up to the cent, when there is a total.
    pub fn per_month(&self, months: u32) -> Option<Money> {
        match self.total {
            Total::Priced(money) => Some(Money::from_cents(
                money.cents.div_ceil(u64::from(months.max(1))),
            )),
            _ => None,
        }
    }
}

/// The total cost of `offering` for `needs` over `needs.months()`.
pub fn total_cost(offering: &Offering, needs: &Needs) -> Cost {
    let price = &offering.price;
    let currency = price.currency.clone();
    let show = |money: Money| money.show(&currency);
    let mut lines = Vec::new();
    let seats = match needs.seats {
        Some(seats) => seats,
        None => {
            lines.push("Team size not given: priced for 1 person.".to_string());
            1
        }
    };
    let months = needs.months();
    let unavailable = |mut lines: Vec<String>, why: String| {
        lines.push(why);
        Cost {
            total: Total::Unavailable,
            lines,
            currency: currency.clone(),
        }
    };
    if let Some(max) = price.max_seats.filter(|&max| seats > max) {
        return unavailable(
            lines,
            format!(
                "Not available: {} allows up to {max} people, you need {seats}.",
                offering.name
            ),
        );
    }
    let billed_seats = price.billed_seats(seats);
    if billed_seats > seats {
        lines.push(format!(
            "Minimum {billed_seats} seats: {seats} people pay for {billed_seats}."
        ));
    }
    if price.model == PriceModel::Quote {
        lines.push(
            format!("Priced by quote. {}", price.note.trim())
                .trim_end()
                .to_string(),
        );
        if let Some(fee) = price.setup_fee.filter(|fee| fee.cents > 0) {
            lines.push(format!("Plus a one-time setup fee of {}.", show(fee)));
        }
        return Cost {
            total: Total::Quote,
            lines,
            currency,
        };
    }
    // Annual billing sells whole years: a period of 18 months is paid as 2 years.
    let charged_months = match needs.billing() {
        Billing::Monthly => months,
        Billing::Annual => {
            let years = months.div_ceil(12);
            if years * 12 != months {
                lines.push(format!(
                    "Billed annually: {years} year(s) cover {} months (you asked about {months}).",
                    years * 12
                ));
            }
            years * 12
        }
    };
    let mut total = Money::default();
    if let Some(list_price) = price.monthly.filter(|m| m.cents > 0) {
        let unit = match (needs.billing(), price.annual_discount_percent) {
            (Billing::Annual, Some(percent)) if percent > 0 => {
                let discounted = list_price.less_percent(percent);
                lines.push(format!(
                    "{} − {percent}% billed annually = {} a month (rounded up to the cent).",
                    show(list_price),
                    show(discounted)
                ));
                discounted
            }
            _ => list_price,
        };
        let subscription = if price.model == PriceModel::PerSeat {
            let amount = unit
                .times(u64::from(billed_seats))
                .times(u64::from(charged_months));
            lines.push(format!(
                "{} × {billed_seats} seat(s) × {charged_months} month(s) = {}.",
                show(unit),
                show(amount)
            ));
            amount
        } else {
            let amount = unit.times(u64::from(charged_months));
            lines.push(format!(
                "{} a month × {charged_months} month(s) = {}.",
                show(unit),
                show(amount)
            ));
            amount
        };
        total = total.plus(subscription);
    } else {
        lines.push(format!("{}: no subscription fee.", offering.name));
    }
    for usage in &price.usage {
        let Some(&needed) = needs.usage.get(&usage.metric) else {
            continue;
        };
        let allowance = usage.allowance(billed_seats);
        if needed <= allowance {
            lines.push(format!(
                "{}: {needed} {unit} fits in the {allowance} {unit} included.",
                usage.name,
                unit = usage.unit
            ));
            continue;
        }
        let over = needed - allowance;
        let Some(per_unit) = usage.per_unit else {
            return unavailable(
                lines,
                format!(
                    "Not available: {} includes at most {allowance} {} of {}, you need {needed}.",
                    offering.name, usage.unit, usage.name
                ),
            );
        };
        let amount = per_unit.times(over).times(u64::from(months));
        lines.push(format!(
            "{}: {needed} {unit} − {allowance} {unit} included = {over} {unit} over × {} × {months} month(s) = {}.",
            usage.name,
            show(per_unit),
            show(amount),
            unit = usage.unit
        ));
        total = total.plus(amount);
    }
    if let Some(fee) = price.setup_fee.filter(|fee| fee.cents > 0) {
        lines.push(format!("One-time setup fee: {}.", show(fee)));
        total = total.plus(fee);
    }
    lines.push(format!(
        "Total for {charged_months} month(s): {}.",
        show(total)
    ));
    Cost {
        total: Total::Priced(total),
        lines,
        currency,
    }
}
