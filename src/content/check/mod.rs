//! Checking content before it ships: what `helpfirst check` reports and what `helpfirst build`
//! refuses. Every problem is located at its file, line and field, and all of them are found in one
//! run: a file that does not parse is reported and the other files are still checked.
//!
//! Key decision: the rules run on the typed [`Content`], so they judge exactly what the widget
//! would get, and each problem is located afterwards by walking the TOML syntax tree of the file
//! the entry came from (`toml::de::DeTable` keeps the span of every key and value) to the entry and
//! field concerned. Searching the text for `id = "..."` instead would miss `id="..."`, inline tables
//! and the same field name in a neighbouring entry.
//!
//! Errors make content unusable (the widget would link nowhere, quote a price it does not have,
//! show a claim without its source, or answer with nothing); warnings are honesty and quality
//! hints that never fail a build, such as a claim not verified for longer than [`Freshness`]
//! allows.

mod contact;
mod locate;
mod strings;

use locate::{At, Item, Key, Kind, Locator, Step, Tree};

use super::date::Date;
use super::source::{self, line_of, SourceError};
use super::{Allowance, Content, Faq, Money, Offering, Page, PriceModel, Support};
use std::collections::HashMap;
use std::fmt;
use std::path::Path;

/// Whether a problem stops the content from being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    pub error: SourceError,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.as_str(), self.error)
    }
}

/// What [`check`] found: the content that could be read, and every problem sorted by file and line.
#[derive(Debug)]
pub struct Report {
    pub content: Content,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn errors(&self) -> impl Iterator<Item = &Problem> {
        self.of(Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.of(Severity::Warning)
    }

    fn of(&self, severity: Severity) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(move |p| p.severity == severity)
    }
}

/// How old a claim's "last verified" date may be before `check` asks for it to be verified again.
pub const DEFAULT_MAX_AGE_DAYS: u32 = 180;

/// What "too old" means for claims: verified more than `max_age_days` before `today`.
#[derive(Debug, Clone, Copy)]
pub struct Freshness {
    pub today: Date,
    pub max_age_days: u32,
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness {
            today: Date::today(),
            max_age_days: DEFAULT_MAX_AGE_DAYS,
        }
    }
}

/// Reads the content at `path` (anything [`source::load`] reads) and reports every problem in it,
/// judging claims' ages from today. Nothing is written.
pub fn check(path: &Path) -> Report {
    check_with(path, Freshness::default())
}

/// [`check`] with claims' ages judged by `freshness`.
pub fn check_with(path: &Path, freshness: Freshness) -> Report {
    let loaded = source::load_all(path);
    let trees: Vec<Tree> = loaded
        .files
        .iter()
        .filter_map(|(file, text)| Tree::parse(file, text))
        .collect();
    let mut checker = Checker {
        locator: Locator::new(&trees, &loaded.content, &path.display().to_string()),
        problems: loaded
            .errors
            .into_iter()
            .map(|error| Problem {
                severity: Severity::Error,
                error,
            })
            .collect(),
        freshness,
    };
    let content = &loaded.content;
    // A spreadsheet has no company table (the content is named after the file and has no URL),
    // and neither has JSON compiled from one; a company URL that is given must still be a link.
    let company_written = checker.locator.company_written();
    if company_written || !content.company.url.is_empty() {
        checker.url(Kind::Company, 0, &content.company.url, "the company");
    }
    for (i, faq) in content.faqs.iter().enumerate() {
        checker.faq(i, faq);
    }
    for (i, page) in content.pages.iter().enumerate() {
        checker.page(i, page);
    }
    for (i, offering) in content.offerings.iter().enumerate() {
        checker.offering(i, offering);
    }
    checker.synonyms(&content.synonyms);
    if let Some(handoff) = &content.handoff {
        checker.handoff(handoff);
    }
    if let Some(asks) = &content.asks {
        checker.asks(asks);
    }
    let mut problems = checker.problems;
    problems.extend(strings::check(&trees));
    // Stable, so problems on one line keep the order of the fields in the entry.
    problems.sort_by(|a, b| (&a.error.file, a.error.line).cmp(&(&b.error.file, b.error.line)));
    Report {
        content: loaded.content,
        problems,
    }
}

struct Checker<'a> {
    locator: Locator<'a>,
    problems: Vec<Problem>,
    freshness: Freshness,
}

impl Checker<'_> {
    fn report(&mut self, severity: Severity, (kind, index, path): At, message: String) {
        let (file, line) = self.locator.locate(kind, index, path);
        let field = self.locator.field(kind, index, path);
        self.problems.push(Problem {
            severity,
            error: SourceError {
                file,
                line,
                field,
                message,
            },
        });
    }

    fn error(&mut self, at: At, message: String) {
        self.report(Severity::Error, at, message);
    }

    fn warning(&mut self, at: At, message: String) {
        self.report(Severity::Warning, at, message);
    }

    /// Text the widget shows as an answer or a heading cannot be blank.
    fn required(&mut self, at: At, value: &str, whose: &str) {
        if value.trim().is_empty() {
            self.error(at, format!("is empty in {whose}"));
        }
    }

    /// Every answer links to its source, so a link the browser cannot follow is an error.
    fn url(&mut self, kind: Kind, index: usize, url: &str, whose: &str) {
        if !is_link(url) {
            let shown = if url.is_empty() {
                "is empty".to_string()
            } else {
                format!("`{url}` is not a link")
            };
            self.error(
                (kind, index, &[Key("url")]),
                format!(
                    "{shown} in {whose}: use an absolute http(s) URL or a path on the site starting with /"
                ),
            );
        }
    }

    fn faq(&mut self, i: usize, faq: &Faq) {
        let whose = label(&faq.id);
        self.required((Kind::Faqs, i, &[Key("question")]), &faq.question, &whose);
        self.required((Kind::Faqs, i, &[Key("answer")]), &faq.answer, &whose);
        self.url(Kind::Faqs, i, &faq.url, &whose);
        let question = normalize(&faq.question);
        for (j, alternate) in faq.alternates.iter().enumerate() {
            if !question.is_empty() && normalize(alternate) == question {
                self.warning(
                    (Kind::Faqs, i, &[Key("alternates"), Item(j)]),
                    format!("`{alternate}` in {whose} repeats the question; an alternate should ask it another way"),
                );
            }
        }
    }

    fn page(&mut self, i: usize, page: &Page) {
        let whose = format!("page {}", label(&page.id));
        self.required((Kind::Pages, i, &[Key("title")]), &page.title, &whose);
        self.url(Kind::Pages, i, &page.url, &whose);
        // Anchor -> the section that used it first, to point at it from a duplicate.
        let mut anchors: HashMap<&str, usize> = HashMap::new();
        for (j, section) in page.sections.iter().enumerate() {
            let section_name = if section.heading.trim().is_empty() {
                format!("section {} of {whose}", j + 1)
            } else {
                format!("section `{}` of {whose}", section.heading)
            };
            self.required(
                (Kind::Pages, i, &[Key("sections"), Item(j), Key("body")]),
                &section.body,
                &section_name,
            );
            if section.anchor.is_empty() {
                continue;
            }
            let at: At = (Kind::Pages, i, &[Key("sections"), Item(j), Key("anchor")]);
            if !is_fragment(&section.anchor) {
                self.error(
                    at,
                    format!(
                        "`{}` in {section_name} is not a valid link fragment: use only letters, digits, -, _, . and ~ (no spaces, no leading #)",
                        section.anchor
                    ),
                );
            }
            if let Some(&first) = anchors.get(section.anchor.as_str()) {
                let (_, first_line) = self.locator.locate(
                    Kind::Pages,
                    i,
                    &[Key("sections"), Item(first), Key("anchor")],
                );
                self.error(
                    at,
                    format!(
                        "`{}` is used by two sections of {whose} (first on line {first_line}); a link would always open the first",
                        section.anchor
                    ),
                );
            } else {
                anchors.insert(&section.anchor, j);
            }
        }
    }

    fn offering(&mut self, i: usize, offering: &Offering) {
        let whose = label(&offering.id);
        self.required((Kind::Offerings, i, &[Key("name")]), &offering.name, &whose);
        self.required(
            (Kind::Offerings, i, &[Key("summary")]),
            &offering.summary,
            &whose,
        );
        self.url(Kind::Offerings, i, &offering.url, &whose);
        let price = &offering.price;
        let monthly: At = (Kind::Offerings, i, &[Key("price"), Key("monthly")]);
        match price.model {
            PriceModel::PerSeat | PriceModel::Flat if price.monthly.is_none() => {
                let model = if price.model == PriceModel::Flat { "flat" } else { "per_seat" };
                self.error(
                    monthly,
                    format!("{whose} is priced `{model}` but has no monthly price; the widget would have no price to quote"),
                );
            }
            PriceModel::Quote if price.monthly.is_some() => self.error(
                monthly,
                format!("{whose} is priced by `quote`, so it has no monthly price; explain the pricing in `note` instead"),
            ),
            _ => {}
        }
        if let Some(percent) = price.annual_discount_percent.filter(|&p| p > 100) {
            self.error(
                (
                    Kind::Offerings,
                    i,
                    &[Key("price"), Key("annual_discount_percent")],
                ),
                format!("is {percent} in {whose}; a discount is at most 100"),
            );
        }
        let annual = [
            (
                "annual_discount_percent",
                price.annual_discount_percent.is_some(),
            ),
            ("annual_per_month", price.annual_per_month.is_some()),
            ("annual_per_year", price.annual_per_year.is_some()),
        ];
        let given: Vec<&str> = annual
            .iter()
            .filter(|(_, set)| *set)
            .map(|(k, _)| *k)
            .collect();
        if given.len() > 1 {
            self.error(
                (Kind::Offerings, i, &[Key("price"), Key(given[1])]),
                format!("{whose} gives its annual price twice ({}); give one, so there is one price to quote", given.join(" and ")),
            );
        }
        if let (Some(min), Some(max)) = (price.min_seats, price.max_seats) {
            if min > max {
                self.error(
                    (Kind::Offerings, i, &[Key("price"), Key("min_seats")]),
                    format!("is {min} in {whose}, more than max_seats ({max})"),
                );
            }
        }
        if price.model == PriceModel::Usage && price.usage.is_empty() {
            self.error(
                (Kind::Offerings, i, &[Key("price"), Key("model")]),
                format!("{whose} is priced by `usage` but lists no [[offerings.price.usage]]; the widget would have nothing to charge for"),
            );
        }
        for (j, usage) in price.usage.iter().enumerate() {
            let at: At = (
                Kind::Offerings,
                i,
                &[Key("price"), Key("usage"), Item(j), Key("metric")],
            );
            if !is_key(&usage.metric) {
                self.error(at, format!("`{}` in {whose} is not a key: use lower-case letters, digits and _ (like storage_gb)", usage.metric));
            }
            if usage.included == Allowance::Unlimited && usage.per_unit.is_some() {
                self.warning(
                    (Kind::Offerings, i, &[Key("price"), Key("usage"), Item(j), Key("per_unit")]),
                    format!("{} of {whose} is unlimited, so its per_unit price is never charged: leave it out, or give the allowance as a number", usage.name),
                );
            }
        }
        let annual_month = price.annual_per_month.or(price
            .annual_per_year
            .map(|y| Money::from_cents(y.cents.div_ceil(12))));
        if let (Some(annual), Some(monthly)) = (annual_month, price.monthly) {
            if annual > monthly {
                let key = if price.annual_per_month.is_some() {
                    "annual_per_month"
                } else {
                    "annual_per_year"
                };
                self.warning(
                    (Kind::Offerings, i, &[Key("price"), Key(key)]),
                    format!("the annual price of {whose} comes to {} a month, more than the monthly price {}: is it a typo?", annual.show(&price.currency), monthly.show(&price.currency)),
                );
            }
        }
        self.claims(i, offering);
        // Comparisons are only honest when every option says who it does not suit.
        if offering.not_for.trim().is_empty() {
            self.warning(
                (Kind::Offerings, i, &[Key("not_for")]),
                format!("{whose} lists only strengths: say in `not_for` who it does not suit"),
            );
        }
    }

    /// Every claim the compare view shows links to a source and says when it was last verified.
    /// A claim may inherit both from its offering; an inherited date that is too old is reported
    /// once, at the offering, rather than at every claim that inherits it.
    fn claims(&mut self, i: usize, offering: &Offering) {
        let whose = label(&offering.id);
        if !offering.source.is_empty() && !is_link(&offering.source) {
            self.error(
                (Kind::Offerings, i, &[Key("source")]),
                format!("`{}` in {whose} is not a link", offering.source),
            );
        }
        if !offering.verified.is_empty() {
            self.verified_date(
                (Kind::Offerings, i, &[Key("verified")]),
                &offering.verified,
                &format!("{whose} (every claim without a date of its own)"),
            );
        }
        let price_what = format!("the price of {whose}");
        self.claim(
            (i, offering),
            &[Key("price")],
            (&offering.price.source, &offering.price.verified),
            &price_what,
        );
        for (j, limit) in offering.limits.iter().enumerate() {
            let what = format!("limit `{}` of {whose}", limit.name);
            self.claim(
                (i, offering),
                &[Key("limits"), Item(j)],
                (&limit.source, &limit.verified),
                &what,
            );
        }
        let mut keys: HashMap<&str, usize> = HashMap::new();
        for (j, feature) in offering.features.iter().enumerate() {
            let what = format!("feature `{}` of {whose}", feature.name);
            let key_at: At = (Kind::Offerings, i, &[Key("features"), Item(j), Key("key")]);
            if !is_key(&feature.key) {
                self.error(key_at, format!("`{}` in {what} is not a key: use lower-case letters, digits and _ (like sso), the same for every option that has the feature", feature.key));
            } else if let Some(first) = keys.insert(&feature.key, j) {
                let (_, line) =
                    self.locator
                        .locate(Kind::Offerings, i, &[Key("features"), Item(first)]);
                self.error(
                    key_at,
                    format!(
                        "`{}` is used twice in {whose} (first on line {line})",
                        feature.key
                    ),
                );
            }
            self.required(
                (
                    Kind::Offerings,
                    i,
                    &[Key("features"), Item(j), Key("value")],
                ),
                &feature.value,
                &what,
            );
            self.claim(
                (i, offering),
                &[Key("features"), Item(j)],
                (&feature.source, &feature.verified),
                &what,
            );
            // A value between yes and no that states no condition would be read as a yes by a
            // careless reader and is counted as unknown by the fit finder: say which it is.
            if feature.support() == Support::Unclear && !feature.value.trim().is_empty() {
                self.warning(
                    (Kind::Offerings, i, &[Key("features"), Item(j), Key("value")]),
                    format!("`{}` for {what} starts with neither yes nor no and states no condition: start it with yes or no, or say the condition with `only_on` (a tier), `add_on` (a price) or `status` (beta, on_request); until then the fit finder counts it as unknown", feature.value.trim()),
                );
            }
        }
        for (j, requirement) in offering.requires.iter().enumerate() {
            let what = format!("prerequisite `{}` of {whose}", requirement.name);
            if !is_key(&requirement.key) {
                self.error(
                    (Kind::Offerings, i, &[Key("requires"), Item(j), Key("key")]),
                    format!("`{}` in {what} is not a key: use lower-case letters, digits and _ (like own_server), the same for every option with this prerequisite", requirement.key),
                );
            }
            self.required(
                (Kind::Offerings, i, &[Key("requires"), Item(j), Key("name")]),
                &requirement.name,
                &what,
            );
            self.claim(
                (i, offering),
                &[Key("requires"), Item(j)],
                (&requirement.source, &requirement.verified),
                &what,
            );
        }
    }

    /// One claim of offering `i`, written at `base` (the price table, or one limit or feature).
    fn claim(
        &mut self,
        (i, offering): (usize, &Offering),
        base: &[Step<'static>],
        (source, verified): (&str, &str),
        what: &str,
    ) {
        let path = |field: &'static str| [base, &[Key(field)]].concat();
        if offering.source_of(source).trim().is_empty() {
            self.error(
                (Kind::Offerings, i, &path("source")),
                format!(
                    "{what} has no source: give its `source` URL, or one for the whole offering"
                ),
            );
        } else if !source.is_empty() && !is_link(source) {
            self.error(
                (Kind::Offerings, i, &path("source")),
                format!("`{source}` for {what} is not a link"),
            );
        }
        if offering.verified_of(verified).trim().is_empty() {
            self.error(
                (Kind::Offerings, i, &path("verified")),
                format!("{what} has no `verified` date: say when it was last checked, like 2026-11-01, here or for the whole offering"),
            );
        } else if !verified.is_empty() {
            self.verified_date((Kind::Offerings, i, &path("verified")), verified, what);
        }
    }

    /// A "last verified" date must be a date, not in the future, and not older than allowed.
    fn verified_date(&mut self, at: At, text: &str, what: &str) {
        let date = match Date::parse(text) {
            Ok(date) => date,
            Err(message) => return self.error(at, format!("{message} in {what}")),
        };
        let age = self.freshness.today.days_since(date);
        let max = self.freshness.max_age_days;
        if age < 0 {
            self.warning(
                at,
                format!(
                    "{date} in {what} is in the future (today is {})",
                    self.freshness.today
                ),
            );
        } else if age > i64::from(max) {
            self.warning(
                at,
                format!("{what} was last verified on {date}, {age} days ago (more than {max}): check it again and update the date"),
            );
        }
    }

    fn synonyms(&mut self, groups: &[Vec<String>]) {
        // Word -> the group it first appeared in: the engine would expand it with either group
        // depending on the order, so a word belongs in one group only.
        let mut first_group: HashMap<String, usize> = HashMap::new();
        for (i, group) in groups.iter().enumerate() {
            let words: Vec<(usize, String)> = group
                .iter()
                .map(|word| normalize(word))
                .enumerate()
                .filter(|(_, word)| !word.is_empty())
                .collect();
            if words.len() < 2 {
                self.error(
                    (Kind::Synonyms, i, &[]),
                    format!(
                        "a group needs at least 2 words to mean anything, this one has {}",
                        words.len()
                    ),
                );
            }
            for (j, word) in words {
                match first_group.get(&word) {
                    // A word repeated inside its own group is harmless.
                    Some(&first) if first == i => {}
                    Some(&first) => {
                        let (file, line) = self.locator.locate(Kind::Synonyms, first, &[]);
                        self.error(
                            (Kind::Synonyms, i, &[Item(j)]),
                            format!("`{word}` is also in the group at {file}:{line}; a word belongs in one group"),
                        );
                    }
                    None => {
                        first_group.insert(word, i);
                    }
                }
            }
        }
    }
}

/// An entry as the marketer knows it: by its id. One without an id is reported as such too, and
/// the line shows which it is.
fn label(id: &str) -> String {
    if id.trim().is_empty() {
        "the entry with no id".to_string()
    } else {
        format!("`{id}`")
    }
}

/// Lower case, single spaces, no closing punctuation: "Can I cancel?" and "can i  cancel" match.
/// The report counts questions by the same rule, so the two never disagree on what repeats.
pub(crate) fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', '.', '!'])
        .trim_end()
        .to_lowercase()
}

/// An absolute http(s) URL, or a path on the company's own site. `//host/...` is refused: it
/// points at another site while looking like a local path.
fn is_link(url: &str) -> bool {
    if url.is_empty() || url.chars().any(char::is_whitespace) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    match lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => url.starts_with('/') && !url.starts_with("//"),
    }
}

/// A key that lines a feature or a metered quantity up across offerings and needs files.
fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// A section anchor is pasted after `#` as is ([`super::Section::url`]), so it must be a fragment
/// that needs no escaping and matches an HTML id.
fn is_fragment(anchor: &str) -> bool {
    anchor
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_http_or_site_paths() {
        for good in [
            "https://kestrel.example",
            "HTTP://x.test/a?b#c",
            "/pricing.html#plans",
            "/",
        ] {
            assert!(is_link(good), "{good}");
        }
        for bad in [
            "",
            "pricing.html",
            "//evil.test/x",
            "https://",
            "https:///x",
            "mailto:a@b.c",
            "/a b",
            "javascript:alert(1)",
        ] {
            assert!(!is_link(bad), "{bad}");
        }
    }

    #[test]
    fn fragments_need_no_escaping() {
        assert!(is_fragment("plans-2_b.c~d"));
        assert!(is_fragment("über-uns"));
        for bad in ["two words", "#plans", "a/b", "a?b", "50%"] {
            assert!(!is_fragment(bad), "{bad}");
        }
    }

    #[test]
    fn normalizing_ignores_case_spacing_and_closing_punctuation() {
        assert_eq!(normalize("  Can I   cancel? "), "can i cancel");
        assert_eq!(normalize("can i cancel"), normalize("Can I cancel?!"));
    }
}
