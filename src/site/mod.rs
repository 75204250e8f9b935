//! Answers from the site the company already has: its built HTML pages become content.
//!
//! A page goes through the pipeline in the order of these modules:
//! [`crawl`] finds the pages (a folder of built HTML) or [`fetch`] gets them from a sitemap's
//! URLs, politely; [`extract`] keeps the page's main content only; [`sections`] splits it at its
//! headings, each section with the anchor that links to it; [`structured`] reads schema.org
//! JSON-LD (an `FAQPage` becomes FAQs, a complete `Product` an offering); [`merge`] joins the
//! result with the hand-written content, which wins; [`manifest`] compares it with the last build.
//!
//! Key decision: index the built site ahead of time, as Pagefind does, and ship the same compact
//! content the hand-written TOML compiles to, so the widget does not change and an answer from a
//! page cites its section just like a hand-written one. Every page is indexed on its own: a page
//! that cannot be read or fetched is listed with its reason and never stops the others.

pub mod crawl;
pub mod extract;
pub mod fetch;
pub mod manifest;
pub mod merge;
pub mod sections;
pub mod structured;

use crate::content::{Faq, Offering, Page};
use scraper::Html;
use std::fmt;

/// A page as found: where it came from, the URL answers link to, and its HTML (or why not).
#[derive(Debug, Clone)]
pub struct RawPage {
    /// The file path or URL, for messages.
    pub location: String,
    /// The link answers cite: a path on the site (`/pricing.html`) or an absolute URL.
    pub url: String,
    pub id: String,
    pub html: Result<String, String>,
    /// The page's last-modified day (`YYYY-MM-DD`), the "verified" date of claims read from it.
    pub modified: String,
}

/// Something about one page that the marketer should know: a failure, or a hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The file path or URL of the page.
    pub location: String,
    /// What it concerns, e.g. `h2 "Pricing"` or `FAQPage.mainEntity[2].acceptedAnswer`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(f, "{}: {}: {}", self.location, self.field, self.message)
        }
    }
}

/// Everything read from a site.
#[derive(Debug, Default)]
pub struct SiteIndex {
    pub pages: Vec<Page>,
    pub faqs: Vec<Faq>,
    pub offerings: Vec<Offering>,
    /// Pages that could not be read, fetched or parsed, each with its reason.
    pub failures: Vec<Finding>,
    /// Pages left out on purpose (`noindex`, robots.txt), each with its reason.
    pub skipped: Vec<Finding>,
    /// Hints: headings with no anchor, incomplete products, JSON-LD that does not parse.
    pub notes: Vec<Finding>,
    /// The site's name, from its pages (`og:site_name`, else the first page's title).
    pub site_name: String,
}

impl SiteIndex {
    pub fn sections(&self) -> usize {
        self.pages.iter().map(|p| p.sections.len()).sum()
    }
}

/// Where a site's pages come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// A folder of built HTML.
    Folder(std::path::PathBuf),
    /// A sitemap.xml, as a file or an http(s) URL; its pages are fetched.
    Sitemap(String),
}

/// Reads and indexes every source. Only a source that cannot be read at all (a missing folder,
/// a sitemap that does not parse) is an `Err`; a page that fails is listed in the index.
pub fn read(
    sources: &[Source],
    ignore: &extract::Ignore,
    polite: &fetch::Polite,
    progress: bool,
) -> Result<SiteIndex, String> {
    let mut raw_pages = Vec::new();
    let mut skipped = Vec::new();
    for source in sources {
        match source {
            Source::Folder(dir) => raw_pages.extend(crawl::folder(dir)?),
            Source::Sitemap(sitemap) => {
                let fetched = fetch::sitemap(sitemap, polite, progress)?;
                raw_pages.extend(fetched.pages);
                skipped.extend(fetched.skipped);
            }
        }
    }
    let mut site = index(raw_pages, ignore);
    site.skipped.splice(0..0, skipped);
    Ok(site)
}

/// Indexes pages found by [`crawl`] or [`fetch`], each on its own; `ignore` holds the marketer's
/// selectors of further parts to leave out (a site's own menus, say).
pub fn index(raw_pages: Vec<RawPage>, ignore: &extract::Ignore) -> SiteIndex {
    let mut site = SiteIndex::default();
    for raw in raw_pages {
        let html = match &raw.html {
            Ok(html) => html,
            Err(reason) => {
                site.failures.push(Finding {
                    location: raw.location.clone(),
                    field: String::new(),
                    message: reason.clone(),
                });
                continue;
            }
        };
        index_page(&raw, html, ignore, &mut site);
    }
    site
}

fn index_page(raw: &RawPage, html: &str, ignore: &extract::Ignore, site: &mut SiteIndex) {
    let (location, id) = (raw.location.as_str(), raw.id.as_str());
    let document = Html::parse_document(html);
    let note = |field: &str, message: String| Finding {
        location: location.to_string(),
        field: field.to_string(),
        message,
    };
    if extract::is_noindex(&document) {
        site.skipped.push(note(
            "meta robots",
            "says noindex, so the page is left out".into(),
        ));
        return;
    }
    if site.site_name.is_empty() {
        site.site_name = extract::site_name(&document).unwrap_or_default();
    }
    let title = extract::title(&document)
        .map(|t| sections::without_numbering(&t))
        .unwrap_or_else(|| id.to_string());
    let content = extract::main_content(&document, ignore);
    let split = sections::split(&content);
    if !split.unanchored.is_empty() {
        let shown: Vec<String> = split
            .unanchored
            .iter()
            .take(3)
            .map(|h| format!("`{h}`"))
            .collect();
        let more = split.unanchored.len().saturating_sub(shown.len());
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        site.notes.push(note(
            "headings",
            format!(
                "{} heading(s) have no id, so answers cannot link straight to them (their text is cited through the section before them, or the page): {}{more}",
                split.unanchored.len(),
                shown.join(", ")
            ),
        ));
    }
    let page_url = raw.url.clone();
    let data = structured::read(&document, &page_url, &raw.modified, &split.sections);
    for finding in data.notes {
        site.notes.push(note(&finding.0, finding.1));
    }
    // A question the page's FAQPage answers is indexed once, as a FAQ, not again as a section.
    let answered: Vec<String> = data.faqs.iter().map(|f| normalize(&f.question)).collect();
    let mut page_sections = split.sections;
    page_sections.retain(|s| !answered.contains(&normalize(&s.heading)));
    if page_sections.is_empty() && data.faqs.is_empty() && data.offerings.is_empty() {
        site.skipped.push(note(
            "",
            "has no text of its own in its main content (only headings, links or a table of contents)".into(),
        ));
        return;
    }
    site.faqs.extend(data.faqs);
    site.offerings.extend(data.offerings);
    if !page_sections.is_empty() {
        site.pages.push(Page {
            id: id.to_string(),
            title,
            url: page_url,
            sections: page_sections,
            tags: Vec::new(),
        });
    }
}

/// Lower case, single spaces, no closing punctuation: the rule `check` uses for "the same
/// question", so a heading and a FAQ's question match as they would there.
pub fn normalize(text: &str) -> String {
    crate::content::check::normalize(text)
}

/// A stable id from text: lower case ASCII letters and digits joined by single dashes.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').chars().take(60).collect()
}

/// A page with the given sections (each heading its anchor), for the pipeline's unit tests.
#[cfg(test)]
fn test_page(id: &str, url: &str, sections: &[(&str, &str)]) -> Page {
    Page {
        id: id.into(),
        title: id.into(),
        url: url.into(),
        sections: sections
            .iter()
            .map(|(anchor, body)| crate::content::Section {
                heading: anchor.to_string(),
                anchor: anchor.to_string(),
                body: body.to_string(),
            })
            .collect(),
        tags: Vec::new(),
    }
}
