//! Joining what the site says with what the marketer wrote by hand.
//!
//! Key decision: hand-written content wins. It is the marketer's deliberate override (a page
//! written for prospects, a corrected price), so where both give the same FAQ, page or offering the
//! site's copy is left out, and where they disagree `check` reports the conflict so neither copy
//! silently goes stale.

use super::{normalize, Finding, SiteIndex};
use crate::content::{Content, Faq, Offering, Page};
use std::collections::HashSet;

/// The merged content and where the two sources disagree.
#[derive(Debug, Default)]
pub struct Merged {
    pub content: Content,
    pub conflicts: Vec<Finding>,
    /// Site entries left out because the hand-written content has them.
    pub overridden: usize,
}

/// Adds the site's pages, FAQs and offerings to `hand`, which wins wherever both have an entry.
pub fn merge(hand: Content, site: &SiteIndex) -> Merged {
    let mut merged = Merged {
        content: hand,
        ..Merged::default()
    };
    for faq in &site.faqs {
        add_faq(&mut merged, faq);
    }
    for page in &site.pages {
        add_page(&mut merged, page);
    }
    for offering in &site.offerings {
        add_offering(&mut merged, offering);
    }
    merged
}

fn conflict(location: &str, field: &str, message: String) -> Finding {
    Finding {
        location: location.to_string(),
        field: field.to_string(),
        message,
    }
}

fn add_faq(merged: &mut Merged, faq: &Faq) {
    let same = merged
        .content
        .faqs
        .iter()
        .find(|h| h.id == faq.id || normalize(&h.question) == normalize(&faq.question));
    if let Some(hand) = same {
        merged.overridden += 1;
        if normalize(&hand.answer) != normalize(&faq.answer) {
            merged.conflicts.push(conflict(
                &faq.url,
                "faqs.answer",
                format!(
                    "the site answers \"{}\" differently from the hand-written FAQ `{}`; the hand-written answer is used",
                    faq.question, hand.id
                ),
            ));
        }
        return;
    }
    let mut faq = faq.clone();
    let taken: HashSet<&str> = merged.content.faqs.iter().map(|f| f.id.as_str()).collect();
    faq.id = unique(&faq.id, &taken);
    merged.content.faqs.push(faq);
}

/// `/index.html`, `/` and `index.html` are one page.
fn same_url(a: &str, b: &str) -> bool {
    let key = |u: &str| {
        let u = u.split('#').next().unwrap_or(u).trim_start_matches('/');
        u.strip_suffix("index.html").unwrap_or(u).to_string()
    };
    key(a) == key(b)
}

fn add_page(merged: &mut Merged, page: &Page) {
    if let Some(hand) = merged
        .content
        .pages
        .iter()
        .find(|h| same_url(&h.url, &page.url))
    {
        merged.overridden += 1;
        let differing: Vec<String> = page
            .sections
            .iter()
            .filter(|s| !s.anchor.is_empty())
            .filter(|s| {
                hand.sections
                    .iter()
                    .any(|h| h.anchor == s.anchor && normalize(&h.body) != normalize(&s.body))
            })
            .map(|s| format!("#{}", s.anchor))
            .collect();
        if !differing.is_empty() {
            merged.conflicts.push(conflict(
                &page.url,
                "pages.sections",
                format!(
                    "{} section(s) read differently from the hand-written page `{}` ({}); the hand-written text is used",
                    differing.len(),
                    hand.id,
                    differing.join(", ")
                ),
            ));
        }
        return;
    }
    let mut page = page.clone();
    let taken: HashSet<&str> = merged.content.pages.iter().map(|p| p.id.as_str()).collect();
    page.id = unique(&page.id, &taken);
    merged.content.pages.push(page);
}

fn add_offering(merged: &mut Merged, offering: &Offering) {
    let same = merged
        .content
        .offerings
        .iter()
        .find(|h| h.id == offering.id || h.name.eq_ignore_ascii_case(&offering.name));
    if let Some(hand) = same {
        merged.overridden += 1;
        let price = |o: &Offering| (o.price.model, o.price.monthly, o.price.currency.clone());
        if price(hand) != price(offering) {
            merged.conflicts.push(conflict(
                &offering.url,
                "offerings.price",
                format!(
                    "the site prices `{}` differently from the hand-written offering `{}`; the hand-written price is used",
                    offering.name, hand.id
                ),
            ));
        }
        return;
    }
    merged.content.offerings.push(offering.clone());
}

/// `id`, or `id-2`, `id-3`... when it is taken.
fn unique(id: &str, taken: &HashSet<&str>) -> String {
    let mut candidate = id.to_string();
    let mut n = 2;
    while taken.contains(candidate.as_str()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::super::test_page as page;

    #[test]
    fn a_hand_written_page_wins_and_sections_that_read_differently_are_named() {
        let hand = Content {
            pages: vec![page(
                "pricing",
                "/pricing.html",
                &[("free", "Free for 3."), ("team", "Eight dollars.")],
            )],
            ..Content::default()
        };
        let site = SiteIndex {
            pages: vec![
                page(
                    "pricing",
                    "/pricing.html",
                    &[("free", "Free  for 3"), ("team", "Ten dollars.")],
                ),
                page("pricing", "/docs/pricing.html", &[("api", "Per call.")]),
            ],
            ..SiteIndex::default()
        };
        let merged = merge(hand, &site);
        let urls: Vec<&str> = merged
            .content
            .pages
            .iter()
            .map(|p| p.url.as_str())
            .collect();
        assert_eq!(urls, ["/pricing.html", "/docs/pricing.html"]);
        assert_eq!(merged.content.pages[0].sections[1].body, "Eight dollars.");
        assert_eq!(merged.content.pages[1].id, "pricing-2", "ids stay unique");
        assert_eq!(merged.overridden, 1);
        assert_eq!(merged.conflicts.len(), 1);
        assert!(merged.conflicts[0].message.starts_with(
            "1 section(s) read differently from the hand-written page `pricing` (#team)"
        ));
    }

    #[test]
    fn index_pages_and_their_folder_are_the_same_url() {
        assert!(same_url("/index.html", "/"));
        assert!(same_url("/docs/index.html", "/docs/"));
        assert!(!same_url("/docs/index.html", "/"));
    }
}
