//! The true total cost of an option for the visitor's needs over a period: seats (with any
//! minimum), the annual price (a discount, or an exact amount a month or a year), the add-ons a
//! must-have feature needs, overages over the included allowance, and the setup fee, with the
//! arithmetic written out line by line so the visitor can check it.
//!
//! Key decision: all of it is integer cents. The only division, the annual discount, rounds up to
//! the cent ([`Money::less_percent`]), so a total is never lower than what would be charged.

use super::needs::{Billing, Needs};
use crate::content::{Allowance, Money, Offering, PriceModel, Support};
use crate::locale::Speech;

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
    pub fn summary(&self, say: &Speech) -> String {
        match self.total {
            Total::Priced(money) => say.money(money, &self.currency),
            Total::Quote => say.t("cost.quote"),
            Total::Unavailable => say.t("cost.unavailable"),
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

/// The total cost of `offering` for `needs` over `needs.months()`, its arithmetic in `say`'s
/// language.
pub fn total_cost(offering: &Offering, needs: &Needs, say: &Speech) -> Cost {
    let price = &offering.price;
    let currency = price.currency.clone();
    let show = |money: Money| say.money(money, &currency);
    let number = |n: u64| say.number(n);
    let people = |n: u32| say.count("count.people", u64::from(n));
    let seats_of = |n: u32| say.count("count.seats", u64::from(n));
    let months_of = |n: u32| say.count("count.months", u64::from(n));
    let mut lines = Vec::new();
    let seats = match needs.seats {
        Some(seats) => seats,
        None => {
            lines.push(say.t("cost.no_team_size"));
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
            say.fill(
                "cost.too_many",
                &[
                    ("name", &offering.name),
                    ("people", &people(max)),
                    ("seats", &number(u64::from(seats))),
                ],
            ),
        );
    }
    let billed_seats = price.billed_seats(seats);
    if billed_seats > seats {
        lines.push(say.fill(
            "cost.minimum",
            &[
                ("seats", &seats_of(billed_seats)),
                ("people", &people(seats)),
                ("billed", &number(u64::from(billed_seats))),
            ],
        ));
    }
    if price.model == PriceModel::Quote {
        lines.push(
            say.fill("cost.quote_line", &[("note", price.note.trim())])
                .trim_end()
                .to_string(),
        );
        if let Some(fee) = price.setup_fee.filter(|fee| fee.cents > 0) {
            lines.push(say.fill("cost.setup_extra", &[("fee", &show(fee))]));
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
                lines.push(say.fill(
                    "cost.whole_years",
                    &[
                        ("years", &say.count("count.years", u64::from(years))),
                        ("months", &months_of(years * 12)),
                        ("asked", &number(u64::from(months))),
                    ],
                ));
            }
            years * 12
        }
    };
    let per_seat = price.model == PriceModel::PerSeat;
    let seats_times = |unit: String| {
        if per_seat {
            format!("{unit} × {}", seats_of(billed_seats))
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
            lines.push(say.fill(
                "cost.line",
                &[
                    (
                        "unit",
                        &seats_times(say.fill("cost.yearly_unit", &[("price", &show(yearly))])),
                    ),
                    ("period", &say.count("count.years", u64::from(years))),
                    ("amount", &show(amount)),
                ],
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
                    lines.push(say.fill(
                        "cost.annual_exact",
                        &[("price", &show(exact)), ("list", &show(list_price))],
                    ));
                    exact
                }
                (Billing::Annual, None, Some(percent)) if percent > 0 => {
                    let discounted = list_price.less_percent(percent);
                    lines.push(say.fill(
                        "cost.annual_discount",
                        &[
                            ("list", &show(list_price)),
                            ("percent", &number(u64::from(percent))),
                            ("price", &show(discounted)),
                        ],
                    ));
                    discounted
                }
                _ => list_price,
            };
            let amount = unit.times(count).times(u64::from(charged_months));
            let unit = if per_seat {
                show(unit)
            } else {
                say.fill("cost.a_month", &[("price", &show(unit))])
            };
            lines.push(say.fill(
                "cost.line",
                &[
                    ("unit", &seats_times(unit)),
                    ("period", &months_of(charged_months)),
                    ("amount", &show(amount)),
                ],
            ));
            total = total.plus(amount);
        }
        (None, _) => lines.push(say.fill("cost.no_fee", &[("name", &offering.name)])),
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
            format!("{} × {}", show(add_on.monthly), seats_of(billed_seats))
        } else {
            say.fill("cost.a_month", &[("price", &show(add_on.monthly))])
        };
        lines.push(say.fill(
            "cost.add_on",
            &[
                ("feature", &feature.name),
                ("unit", &unit),
                ("period", &months_of(charged_months)),
                ("amount", &show(amount)),
            ],
        ));
        total = total.plus(amount);
    }
    for usage in &price.usage {
        let Some(&needed) = needs.usage.get(&usage.metric) else {
            continue;
        };
        let unit = &usage.unit;
        let Allowance::Units(allowance) = usage.allowance(billed_seats) else {
            lines.push(say.fill(
                "cost.usage_unlimited",
                &[
                    ("usage", &usage.name),
                    ("needed", &number(needed)),
                    ("unit", unit),
                ],
            ));
            continue;
        };
        if needed <= allowance {
            lines.push(say.fill(
                "cost.usage_within",
                &[
                    ("usage", &usage.name),
                    ("needed", &number(needed)),
                    ("allowance", &number(allowance)),
                    ("unit", unit),
                ],
            ));
            continue;
        }
        let over = needed - allowance;
        let Some(per_unit) = usage.per_unit else {
            return unavailable(
                lines,
                say.fill(
                    "cost.usage_over_limit",
                    &[
                        ("name", &offering.name),
                        ("allowance", &number(allowance)),
                        ("unit", unit),
                        ("usage", &say.inline(&usage.name)),
                        ("needed", &number(needed)),
                    ],
                ),
            );
        };
        let amount = per_unit.times(over).times(u64::from(months));
        lines.push(say.fill(
            "cost.usage_overage",
            &[
                ("usage", &usage.name),
                ("needed", &number(needed)),
                ("allowance", &number(allowance)),
                ("over", &number(over)),
                ("unit", unit),
                ("price", &show(per_unit)),
                ("period", &months_of(months)),
                ("amount", &show(amount)),
            ],
        ));
        total = total.plus(amount);
    }
    if let Some(fee) = price.setup_fee.filter(|fee| fee.cents > 0) {
        lines.push(say.fill("cost.setup", &[("fee", &show(fee))]));
        total = total.plus(fee);
    }
    lines.push(say.fill(
        "cost.total",
        &[
            ("period", &months_of(charged_months)),
            ("amount", &show(total)),
        ],
    ));
    Cost {
        total: Total::Priced(total),
        lines,
        currency,
    }
}
