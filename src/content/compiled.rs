//! Reading the content from the compiled file the widget fetches (`content.index`): each type's
//! fields in the order they are declared, as serde writes them with postcard (see
//! [`crate::compact`] for the layout and why the widget reads it by hand).
//!
//! A field added to one of these types needs its line here too: the native tests read the demo
//! content back from postcard's bytes and compare it whole, so a missing line fails them.

use super::{
    AddOn, Allowance, Company, Content, Faq, Feature, Limit, Money, Offering, OfferingKind, Page,
    Price, PriceModel, Requirement, Section, Status, Usage,
};
use crate::compact::{Decode, Reader};
use crate::handoff::{Handoff, Hours};
use crate::help_first::{Action, Asks};

impl Decode for Content {
    fn decode(r: &mut Reader<'_>) -> Content {
        Content {
            company: r.read(),
            faqs: r.read(),
            pages: r.read(),
            offerings: r.read(),
            synonyms: r.read(),
            handoff: r.read(),
            asks: r.read(),
            strings: r.read(),
        }
    }
}

impl Decode for Company {
    fn decode(r: &mut Reader<'_>) -> Company {
        Company {
            name: r.read(),
            url: r.read(),
            language: r.read(),
        }
    }
}

impl Decode for Faq {
    fn decode(r: &mut Reader<'_>) -> Faq {
        Faq {
            id: r.read(),
            question: r.read(),
            answer: r.read(),
            url: r.read(),
            alternates: r.read(),
            tags: r.read(),
        }
    }
}

impl Decode for Page {
    fn decode(r: &mut Reader<'_>) -> Page {
        Page {
            id: r.read(),
            title: r.read(),
            url: r.read(),
            sections: r.read(),
            tags: r.read(),
        }
    }
}

impl Decode for Section {
    fn decode(r: &mut Reader<'_>) -> Section {
        Section {
            heading: r.read(),
            anchor: r.read(),
            body: r.read(),
        }
    }
}

impl Decode for Offering {
    fn decode(r: &mut Reader<'_>) -> Offering {
        Offering {
            id: r.read(),
            name: r.read(),
            kind: r.read(),
            summary: r.read(),
            url: r.read(),
            source: r.read(),
            verified: r.read(),
            lead_time_days: r.read(),
            price: r.read(),
            limits: r.read(),
            features: r.read(),
            requires: r.read(),
            best_for: r.read(),
            not_for: r.read(),
        }
    }
}

impl Decode for OfferingKind {
    fn decode(r: &mut Reader<'_>) -> OfferingKind {
        match r.variant() {
            0 => OfferingKind::Plan,
            1 => OfferingKind::Competitor,
            2 => OfferingKind::Alternative,
            _ => r.damaged(OfferingKind::Plan),
        }
    }
}

impl Decode for Price {
    fn decode(r: &mut Reader<'_>) -> Price {
        Price {
            model: r.read(),
            currency: r.read(),
            monthly: r.read(),
            setup_fee: r.read(),
            annual_discount_percent: r.read(),
            annual_per_month: r.read(),
            annual_per_year: r.read(),
            min_seats: r.read(),
            max_seats: r.read(),
            usage: r.read(),
            note: r.read(),
            source: r.read(),
            verified: r.read(),
        }
    }
}

impl Decode for PriceModel {
    fn decode(r: &mut Reader<'_>) -> PriceModel {
        match r.variant() {
            0 => PriceModel::Free,
            1 => PriceModel::Flat,
            2 => PriceModel::PerSeat,
            3 => PriceModel::Usage,
            4 => PriceModel::Quote,
            _ => r.damaged(PriceModel::Free),
        }
    }
}

/// Written as the amount's text (`8.50`), as in the JSON.
impl Decode for Money {
    fn decode(r: &mut Reader<'_>) -> Money {
        let text: String = r.read();
        Money::parse(&text).unwrap_or_else(|_| r.damaged(Money::default()))
    }
}

impl Decode for Usage {
    fn decode(r: &mut Reader<'_>) -> Usage {
        Usage {
            metric: r.read(),
            name: r.read(),
            unit: r.read(),
            included: r.read(),
            included_per_seat: r.read(),
            per_unit: r.read(),
        }
    }
}

/// Written as an optional number: none is unlimited.
impl Decode for Allowance {
    fn decode(r: &mut Reader<'_>) -> Allowance {
        r.read::<Option<u64>>()
            .map_or(Allowance::Unlimited, Allowance::Units)
    }
}

impl Decode for Limit {
    fn decode(r: &mut Reader<'_>) -> Limit {
        Limit {
            name: r.read(),
            value: r.read(),
            source: r.read(),
            verified: r.read(),
        }
    }
}

impl Decode for Feature {
    fn decode(r: &mut Reader<'_>) -> Feature {
        Feature {
            key: r.read(),
            name: r.read(),
            value: r.read(),
            only_on: r.read(),
            add_on: r.read(),
            status: r.read(),
            source: r.read(),
            verified: r.read(),
        }
    }
}

impl Decode for AddOn {
    fn decode(r: &mut Reader<'_>) -> AddOn {
        AddOn {
            monthly: r.read(),
            per_seat: r.read(),
        }
    }
}

impl Decode for Status {
    fn decode(r: &mut Reader<'_>) -> Status {
        match r.variant() {
            0 => Status::Beta,
            1 => Status::OnRequest,
            _ => r.damaged(Status::Beta),
        }
    }
}

impl Decode for Requirement {
    fn decode(r: &mut Reader<'_>) -> Requirement {
        Requirement {
            key: r.read(),
            name: r.read(),
            detail: r.read(),
            source: r.read(),
            verified: r.read(),
        }
    }
}

impl Decode for Handoff {
    fn decode(r: &mut Reader<'_>) -> Handoff {
        Handoff {
            name: r.read(),
            role: r.read(),
            photo: r.read(),
            time_zone: r.read(),
            hours: r.read(),
            reply_within_hours: r.read(),
            email: r.read(),
            phone: r.read(),
            calendar: r.read(),
        }
    }
}

impl Decode for Hours {
    fn decode(r: &mut Reader<'_>) -> Hours {
        Hours {
            days: r.read(),
            opens: r.read(),
            closes: r.read(),
        }
    }
}

impl Decode for Asks {
    fn decode(r: &mut Reader<'_>) -> Asks {
        Asks {
            after_helped: r.read(),
            actions: r.read(),
        }
    }
}

impl Decode for Action {
    fn decode(r: &mut Reader<'_>) -> Action {
        Action {
            id: r.read(),
            label: r.read(),
            detail: r.read(),
            url: r.read(),
            when_asked: r.read(),
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::source;
    use super::*;
    use std::cell::Cell;

    /// postcard's bytes for `content` (as `helpfirst build` writes them), read back by hand.
    fn read_back(content: &Content) -> Content {
        let bytes = postcard::to_allocvec(content).unwrap();
        let mut reader = Reader::new(&bytes);
        let read = reader.read();
        let rest = reader.finish().expect("reads postcard's bytes");
        assert!(rest.is_empty(), "bytes left over");
        read
    }

    #[test]
    fn the_demo_contents_are_read_back_whole() {
        for dir in ["www/content", "www/de/content"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let content = source::load(&path).expect("the demo content loads");
            assert!(!content.offerings.is_empty(), "{dir}");
            assert_eq!(read_back(&content), content, "{dir}");
        }
    }

    /// Every field set, and to a value no other field has: two fields read in the wrong order
    /// cannot give the same content back.
    #[test]
    fn every_field_is_read_into_its_own_place() {
        let next = Cell::new(0u32);
        let n = || {
            next.set(next.get() + 1);
            next.get()
        };
        let s = || format!("text {}", n());
        let money = || Money::from_cents(u64::from(n()) * 101);
        let content = Content {
            company: Company {
                name: s(),
                url: s(),
                language: s(),
            },
            faqs: vec![Faq {
                id: s(),
                question: s(),
                answer: s(),
                url: s(),
                alternates: vec![s(), s()],
                tags: vec![s()],
            }],
            pages: vec![Page {
                id: s(),
                title: s(),
                url: s(),
                sections: vec![Section {
                    heading: s(),
                    anchor: s(),
                    body: s(),
                }],
                tags: vec![s()],
            }],
            offerings: vec![Offering {
                id: s(),
                name: s(),
                kind: OfferingKind::Alternative,
                summary: s(),
                url: s(),
                source: s(),
                verified: s(),
                lead_time_days: n(),
                price: Price {
                    model: PriceModel::Usage,
                    currency: s(),
                    monthly: Some(money()),
                    setup_fee: Some(money()),
                    annual_discount_percent: Some(15),
                    annual_per_month: Some(money()),
                    annual_per_year: Some(money()),
                    min_seats: Some(n()),
                    max_seats: Some(n()),
                    usage: vec![
                        Usage {
                            metric: s(),
                            name: s(),
                            unit: s(),
                            included: Allowance::Units(u64::from(n())),
                            included_per_seat: u64::from(n()),
                            per_unit: Some(money()),
                        },
                        Usage {
                            included: Allowance::Unlimited,
                            ..Usage::default()
                        },
                    ],
                    note: s(),
                    source: s(),
                    verified: s(),
                },
                limits: vec![Limit {
                    name: s(),
                    value: s(),
                    source: s(),
                    verified: s(),
                }],
                features: vec![
                    Feature {
                        key: s(),
                        name: s(),
                        value: s(),
                        only_on: s(),
                        add_on: Some(AddOn {
                            monthly: money(),
                            per_seat: true,
                        }),
                        status: Some(Status::OnRequest),
                        source: s(),
                        verified: s(),
                    },
                    Feature {
                        status: Some(Status::Beta),
                        ..Feature::default()
                    },
                ],
                requires: vec![Requirement {
                    key: s(),
                    name: s(),
                    detail: s(),
                    source: s(),
                    verified: s(),
                }],
                best_for: s(),
                not_for: s(),
            }],
            synonyms: vec![vec![s(), s()], vec![]],
            handoff: Some(Handoff {
                name: s(),
                role: s(),
                photo: s(),
                time_zone: s(),
                hours: vec![Hours {
                    days: vec![s()],
                    opens: s(),
                    closes: s(),
                }],
                reply_within_hours: n(),
                email: s(),
                phone: s(),
                calendar: s(),
            }),
            asks: Some(Asks {
                after_helped: n(),
                actions: vec![Action {
                    id: s(),
                    label: s(),
                    detail: s(),
                    url: s(),
                    when_asked: vec![s()],
                }],
            }),
            strings: [(s(), {
                let mut table = crate::locale::Strings::default();
                table.insert(s(), s());
                table.insert(s(), s());
                table
            })]
            .into_iter()
            .collect(),
        };
        assert_eq!(read_back(&content), content);
        let plain = Content {
            offerings: vec![Offering::default()],
            ..Content::default()
        };
        assert_eq!(read_back(&plain), plain);
    }
}
