//! The true total cost of an option for the visitor's needs over a period: seats (with any
//! minimum), the annual price (a discount, or an exact amount a month or a year), the add-ons a
//! must-have feature needs, overages over the included allowance, and the setup fee, with the
//! arithmetic written out line by line so the visitor can check it.
//!
//! Key decision: all of it is integer cents. The only division, the annual discount, rounds up to
//! the cent ([`Money::less_percent`]), so a total is never lower than what would be charged.

use super::needs::{Billing, Needs};
use super::words;
use crate::content::{Allowance, Money, Offering, PriceModel, Support};

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
                "Not available: {} allows up to {}, you need {seats}.",
                offering.name,
                words::people(max)
            ),
        );
    }
    let billed_seats = price.billed_seats(seats);
    if billed_seats > seats {
        lines.push(format!(
            "Minimum {}: {} pay for {billed_seats}.",
            words::seats(billed_seats),
            words::people(seats)
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
                    "Billed annually: {} cover {} (you asked about {months}).",
                    words::years(years),
                    words::months(years * 12)
                ));
            }
            years * 12
        }
    };
    let per_seat = price.model == PriceModel::PerSeat;
    let seats_times = |unit: String| {
        if per_seat {
            format!("{unit} × {}", words::seats(billed_seats))
        } else {
            unit
        }
    };
    let count = if per_seat { u64::from(billed_seats) } else { 1 };
    let mut total = Money::default();
    match (price.monthly.filter(|m| m.cents > 0), needs.billing()) {
        (Some(_), Billing::Annual) if price.annual_per_year.is_some() => {
            let yearly = price.annual_per_year.unwrap_or_default();
            let years = charged_months / 12;
            let amount = yearly.times(count).times(u64::from(years));
            lines.push(format!(
                "{} × {} = {}.",
                seats_times(format!("{} a year billed annually", show(yearly))),
                words::years(years),
                show(amount)
            ));
            total = total.plus(amount);
        }
        (Some(list_price), billing) => {
            let unit = match (
                billing,
                price.annual_per_month,
                price.annual_discount_percent,
            ) {
                (Billing::Annual, Some(exact), _) => {
                    lines.push(format!(
                        "{} a month billed annually (instead of {}).",
                        show(exact),
                        show(list_price)
                    ));
                    exact
                }
                (Billing::Annual, None, Some(percent)) if percent > 0 => {
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
            let amount = unit.times(count).times(u64::from(charged_months));
            let unit = if per_seat {
                show(unit)
            } else {
                format!("{} a month", show(unit))
            };
            lines.push(format!(
                "{} × {} = {}.",
                seats_times(unit),
                words::months(charged_months),
                show(amount)
            ));
            total = total.plus(amount);
        }
        (None, _) => lines.push(format!("{}: no subscription fee.", offering.name)),
    }
    // A must-have sold as an add-on is part of what the visitor would pay.
    for key in &needs.must_have {
        let Some(feature) = offering.feature(key) else {
            continue;
        };
        let Support::AddOn(add_on) = feature.support() else {
            continue;
        };
        let count = if add_on.per_seat {
            u64::from(billed_seats)
        } else {
            1
        };
        let amount = add_on.monthly.times(count).times(u64::from(charged_months));
        let unit = if add_on.per_seat {
            format!("{} × {}", show(add_on.monthly), words::seats(billed_seats))
        } else {
            format!("{} a month", show(add_on.monthly))
        };
        lines.push(format!(
            "{} add-on: {unit} × {} = {}.",
            feature.name,
            words::months(charged_months),
            show(amount)
        ));
        total = total.plus(amount);
    }
    for usage in &price.usage {
        let Some(&needed) = needs.usage.get(&usage.metric) else {
            continue;
        };
        let unit = &usage.unit;
        let Allowance::Units(allowance) = usage.allowance(billed_seats) else {
            lines.push(format!(
                "{}: {needed} {unit} is within the unlimited allowance.",
                usage.name
            ));
            continue;
        };
        if needed <= allowance {
            lines.push(format!(
                "{}: {needed} {unit} fits in the {allowance} {unit} included.",
                usage.name,
            ));
            continue;
        }
        let over = needed - allowance;
        let Some(per_unit) = usage.per_unit else {
            return unavailable(
                lines,
                format!(
                    "Not available: {} includes at most {allowance} {unit} of {}, you need {needed}.",
                    offering.name,
                    usage.name.to_lowercase()
                ),
            );
        };
        let amount = per_unit.times(over).times(u64::from(months));
        lines.push(format!(
            "{}: {needed} {unit} − {allowance} {unit} included = {over} {unit} over × {} × {} = {}.",
            usage.name,
            show(per_unit),
            words::months(months),
            show(amount),
        ));
        total = total.plus(amount);
    }
    if let Some(fee) = price.setup_fee.filter(|fee| fee.cents > 0) {
        lines.push(format!("One-time setup fee: {}.", show(fee)));
        total = total.plus(fee);
    }
    lines.push(format!(
        "Total for {}: {}.",
        words::months(charged_months),
        show(total)
    ));
    Cost {
        total: Total::Priced(total),
        lines,
        currency,
    }
}
