//! The main content of a page: what a visitor came to read, without the site around it.
//!
//! Key decision: the marketer's own marks come first (`data-helpfirst-body` marks the part to
//! index, `data-helpfirst-ignore` a part to leave out, `--ignore` adds CSS selectors), then the
//! page's own structure (`<main>`, `role="main"`, `<article>`, else `<body>`). Inside it,
//! navigation, site headers and footers, scripts, forms and cookie banners are dropped by what
//! HTML says they are, never by matching text, so a sentence about "cookies" is still indexed.

use ego_tree::NodeId;
use scraper::{ElementRef, Html, Selector};
use std::collections::HashSet;

/// CSS selectors of parts to leave out, as the marketer gave them.
#[derive(Debug, Clone, Default)]
pub struct Ignore {
    selectors: Vec<Selector>,
}

impl Ignore {
    /// Compiles the selectors; one that does not parse is named.
    pub fn new(selectors: &[String]) -> Result<Ignore, String> {
        let selectors = selectors
            .iter()
            .map(|s| {
                Selector::parse(s).map_err(|e| format!("--ignore `{s}` is not a CSS selector: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Ignore { selectors })
    }

    /// The nodes these selectors pick in one document.
    pub fn in_document(&self, document: &Html) -> HashSet<NodeId> {
        self.selectors
            .iter()
            .flat_map(|s| document.select(s).map(|e| e.id()))
            .collect()
    }
}

/// Elements that are never content.
const NEVER: [&str; 13] = [
    "script", "style", "noscript", "template", "svg", "iframe", "object", "canvas", "form",
    "button", "select", "nav", "dialog",
];

/// Roles and class or id words that mark site furniture rather than content.
const FURNITURE_ROLES: [&str; 5] = ["navigation", "banner", "contentinfo", "search", "dialog"];

/// Whether `element` (and everything in it) is left out. `in_content` says whether it is inside
/// the page's `<main>` or `<article>`, where a `<header>` holds the article's title, not the
/// site's.
pub fn is_dropped(element: ElementRef, ignored: &HashSet<NodeId>, in_content: bool) -> bool {
    let e = element.value();
    let name = e.name();
    if is_left_out(element, ignored) {
        return true;
    }
    if !in_content && (name == "header" || name == "footer" || name == "aside") {
        return true;
    }
    if e.attr("role").is_some_and(|r| FURNITURE_ROLES.contains(&r)) {
        return true;
    }
    let words = e.classes().chain(e.id());
    words.into_iter().any(is_furniture_word)
}

/// Whether `element` is left out wherever it is, even inside a heading: never text (a script, a
/// form), hidden, or marked by the marketer. Furniture words in class names are not enough there:
/// a heading is content, and generators wrap its words in links of their own (docutils'
/// `toc-backref`, back to the table of contents).
pub fn is_left_out(element: ElementRef, ignored: &HashSet<NodeId>) -> bool {
    let e = element.value();
    NEVER.contains(&e.name())
        || ignored.contains(&element.id())
        || e.attr("data-helpfirst-ignore").is_some()
        || e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
}

/// `nav`, `navbar`, `navheader`, `menu`, `toc`, `breadcrumbs`, `cookie-banner`, `consent`...
fn is_furniture_word(word: &str) -> bool {
    let word = word.to_ascii_lowercase();
    [
        "nav",
        "navbar",
        "navheader",
        "navfooter",
        "navigation",
        "menu",
        "sidebar",
        "skip-link",
    ]
    .contains(&word.as_str())
        || word.starts_with("nav-")
        || word.starts_with("toc")
        || word.contains("-toc")
        || word.ends_with("-menu")
        || word.contains("breadcrumb")
        || word.contains("cookie")
        || word.contains("consent")
}

/// The elements to index, in document order, and whether they are content containers.
pub struct MainContent<'a> {
    pub roots: Vec<ElementRef<'a>>,
    /// True when the roots are `<main>`, `<article>` or marked by the marketer, so a `<header>`
    /// inside them belongs to the content.
    pub in_content: bool,
    pub ignored: HashSet<NodeId>,
}

/// Picks the part of the page to index.
pub fn main_content<'a>(document: &'a Html, ignore: &Ignore) -> MainContent<'a> {
    let ignored = ignore.in_document(document);
    let choices = ["[data-helpfirst-body]", "main", "[role=main]", "article"];
    for choice in choices {
        let selector = Selector::parse(choice).expect("a valid built-in selector");
        let found: Vec<ElementRef> = document.select(&selector).collect();
        // Nested matches (an article in an article) are read once, through the outer one.
        let outer: Vec<ElementRef> = found
            .iter()
            .copied()
            .filter(|e| !found.iter().any(|o| o.id() != e.id() && is_inside(*e, *o)))
            .collect();
        if !outer.is_empty() {
            return MainContent {
                roots: outer,
                in_content: true,
                ignored,
            };
        }
    }
    let body = Selector::parse("body").expect("a valid built-in selector");
    let roots = document
        .select(&body)
        .next()
        .map_or_else(|| vec![document.root_element()], |b| vec![b]);
    MainContent {
        roots,
        in_content: false,
        ignored,
    }
}

fn is_inside(inner: ElementRef, outer: ElementRef) -> bool {
    inner.ancestors().any(|a| a.id() == outer.id())
}

/// `<meta name="robots" content="noindex">`: the site asks not to be indexed here.
pub fn is_noindex(document: &Html) -> bool {
    let selector = Selector::parse("meta[name]").expect("a valid built-in selector");
    document.select(&selector).any(|meta| {
        let name = meta.value().attr("name").unwrap_or_default();
        let content = meta.value().attr("content").unwrap_or_default();
        (name.eq_ignore_ascii_case("robots") || name.eq_ignore_ascii_case("helpfirst"))
            && content
                .split(',')
                .any(|d| d.trim().eq_ignore_ascii_case("noindex") || d.trim() == "none")
    })
}

/// The page's title: `<title>`, else its first `<h1>`.
pub fn title(document: &Html) -> Option<String> {
    ["title", "h1"].iter().find_map(|tag| {
        let selector = Selector::parse(tag).expect("a valid built-in selector");
        document
            .select(&selector)
            .next()
            .map(|e| collapse(&e.text().collect::<String>()))
            .filter(|t| !t.is_empty())
    })
}

/// The site's name as its pages declare it (`og:site_name`, `application-name`).
pub fn site_name(document: &Html) -> Option<String> {
    let selector = Selector::parse("meta").expect("a valid built-in selector");
    document.select(&selector).find_map(|meta| {
        let e = meta.value();
        let key = e.attr("property").or_else(|| e.attr("name"))?;
        (key == "og:site_name" || key == "application-name")
            .then(|| collapse(e.attr("content").unwrap_or_default()))
            .filter(|n| !n.is_empty())
    })
}

/// Single spaces, trimmed.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
