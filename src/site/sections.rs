//! Splitting a page's main content into sections at its headings, each with the anchor that links
//! straight to it, so an answer cites the passage and not just the page.
//!
//! Key decision: the anchor is an `id` the page already has: on the element the heading opens (a
//! `<section>` or a `<div class="sect1">` whose first heading it is, as DocBook and many
//! generators write), on the heading itself, or on an empty `<a id>`/`<a name>` in or just before
//! it. An empty `<a name>` that no heading follows starts a passage of its own, titled by its
//! first bold words, as older pages mark their link targets. A
//! heading with none of these is reported, since its answers can only link to the page; we never
//! invent an anchor the page does not have, because the link would lead nowhere.

use super::extract::{self, MainContent};
use crate::content::Section;
use ego_tree::NodeRef;
use scraper::{ElementRef, Node, Selector};

/// Inline elements: their text runs on with the words around them. Every other element is a
/// block, whose text is kept apart from its neighbours' by a space.
const INLINE: [&str; 22] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
];

/// A page's sections, and the headings that had no anchor.
#[derive(Debug, Default)]
pub struct Split {
    pub sections: Vec<Section>,
    pub unanchored: Vec<String>,
}

/// Splits the main content at its headings. Text before the first heading is a section with no
/// heading (the page's title stands for it).
pub fn split(content: &MainContent) -> Split {
    let headings = Selector::parse("h1, h2, h3, h4, h5, h6").expect("a valid built-in selector");
    let mut walker = Walker {
        content,
        headings: &headings,
        split: Split::default(),
        current: Section::default(),
    };
    for root in &content.roots {
        walker.walk(**root, content.in_content);
    }
    walker.finish_section();
    walker.split
}

struct Walker<'a, 'd> {
    content: &'a MainContent<'d>,
    headings: &'a Selector,
    split: Split,
    current: Section,
}

impl<'d> Walker<'_, 'd> {
    fn walk(&mut self, node: NodeRef<'d, Node>, in_content: bool) {
        match node.value() {
            Node::Text(text) => self.current.body.push_str(text),
            Node::Element(element) => {
                let Some(element_ref) = ElementRef::wrap(node) else {
                    return;
                };
                if extract::is_dropped(element_ref, &self.content.ignored, in_content) {
                    return;
                }
                let name = element.name();
                if matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                    self.start_section(element_ref);
                    return;
                }
                // `<a name="limits"></a>`: the older way to mark a passage a link can open.
                if let Some(anchor) = named_anchor(element_ref) {
                    self.finish_section();
                    self.current.anchor = anchor;
                    return;
                }
                // Such a passage is titled by its first bold words, if it starts with them.
                let untitled = self.current.heading.is_empty()
                    && !self.current.anchor.is_empty()
                    && self.current.body.trim().is_empty();
                if untitled && matches!(name, "b" | "strong" | "dt") {
                    let title = extract::collapse(&element_ref.text().collect::<String>());
                    self.current.heading = title.trim_end_matches(':').to_string();
                    return;
                }
                let in_content = in_content || name == "main" || name == "article";
                let block = !INLINE.contains(&name);
                if block {
                    self.current.body.push(' ');
                }
                for child in node.children() {
                    self.walk(child, in_content);
                }
                if block {
                    self.current.body.push(' ');
                }
            }
            _ => {}
        }
    }

    fn start_section(&mut self, heading: ElementRef<'d>) {
        let mut text = String::new();
        for node in heading.descendants() {
            if let Node::Text(t) = node.value() {
                let hidden = node
                    .ancestors()
                    .take_while(|a| a.id() != heading.id())
                    .filter_map(ElementRef::wrap)
                    .any(|a| extract::is_left_out(a, &self.content.ignored));
                if !hidden {
                    text.push_str(t);
                }
            }
        }
        let heading_text = without_numbering(&without_permalink(&extract::collapse(&text)));
        let anchor = anchor_of(heading, self.headings, &self.content.roots);
        if anchor.is_empty() && !heading_text.is_empty() {
            self.split.unanchored.push(heading_text.clone());
        }
        // A heading nothing can link to ("Note", "Tip", an unmarked subheading) would make a
        // section answers can only cite as the whole page; its text stays in the section before
        // it, whose link lands just above it.
        if anchor.is_empty() && !self.current.anchor.is_empty() {
            let colon = if heading_text.ends_with(['.', '?', '!', ':']) {
                ""
            } else {
                ":"
            };
            self.current
                .body
                .push_str(&format!(" {heading_text}{colon} "));
            return;
        }
        self.finish_section();
        self.current = Section {
            heading: heading_text,
            anchor,
            body: String::new(),
        };
    }

    fn finish_section(&mut self) {
        let mut section = std::mem::take(&mut self.current);
        section.body = tidy(&section.body);
        // Before the first heading, a few words are a label ("Pricing" above the title), not a
        // passage anyone would be sent to.
        let label = section.heading.is_empty()
            && section.anchor.is_empty()
            && section.body.split(' ').count() < 5;
        if !section.body.is_empty() && !label {
            self.split.sections.push(section);
        }
    }
}

/// The id that links to `heading`, or "" when the page gives it none. The element the heading
/// opens comes first: its link shows the heading with its section, as a table of contents does.
fn anchor_of(heading: ElementRef, headings: &Selector, roots: &[ElementRef]) -> String {
    for ancestor in heading.ancestors().filter_map(ElementRef::wrap) {
        if roots.iter().any(|r| r.id() == ancestor.id()) {
            break;
        }
        if let Some(id) = ancestor.value().id() {
            let first = ancestor.select(headings).next().map(|h| h.id());
            if first == Some(heading.id()) {
                return id.to_string();
            }
            break;
        }
    }
    if let Some(id) = heading.value().id() {
        return id.to_string();
    }
    let named = |e: ElementRef| -> Option<String> {
        let e = e.value();
        (e.name() == "a")
            .then(|| e.id().or_else(|| e.attr("name")))
            .flatten()
            .map(str::to_string)
    };
    let inner = Selector::parse("a").expect("a valid built-in selector");
    if let Some(id) = heading.select(&inner).find_map(named) {
        return id;
    }
    let before = heading
        .prev_siblings()
        .find(|n| !matches!(n.value(), Node::Text(t) if t.trim().is_empty()))
        .and_then(ElementRef::wrap)
        .filter(|e| e.text().all(|t| t.trim().is_empty()));
    before.and_then(named).unwrap_or_default()
}

/// The name of an empty `<a name="...">` with no link of its own: a passage marked for links.
fn named_anchor(element: ElementRef) -> Option<String> {
    let e = element.value();
    let empty = element.text().all(|t| t.trim().is_empty());
    (e.name() == "a" && e.attr("href").is_none() && empty)
        .then(|| e.attr("name"))
        .flatten()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// "5.4.1. Check Constraints" reads as "Check Constraints": the numbering is the document's, not
/// words a visitor asks with.
pub fn without_numbering(heading: &str) -> String {
    let (first, rest) = heading.split_once(' ').unwrap_or((heading, ""));
    let numbering = !rest.is_empty()
        && first.chars().any(|c| c.is_ascii_digit())
        && first.chars().all(|c| c.is_ascii_digit() || c == '.')
        && first.ends_with('.');
    if numbering {
        rest.to_string()
    } else {
        heading.to_string()
    }
}

/// "Post-init processing¶" reads as "Post-init processing": the mark is the link to the heading
/// that documentation generators (Sphinx, MkDocs) put after it, not a word of it. A `#` is such a
/// mark only apart from the words ("Pricing #"), since "C#" is a name.
pub fn without_permalink(heading: &str) -> String {
    let heading = heading.trim_end_matches(['¶', '§', '🔗']).trim_end();
    heading
        .strip_suffix(" #")
        .unwrap_or(heading)
        .trim_end()
        .to_string()
}

/// Single spaces, and no space left before punctuation where an element boundary put one.
fn tidy(text: &str) -> String {
    let collapsed = extract::collapse(text);
    let mut out = String::with_capacity(collapsed.len());
    let mut chars = collapsed.chars().peekable();
    while let Some(c) = chars.next() {
        // "in .csv files" keeps its space: only punctuation that ends a word is pulled back.
        let ends_word = chars.peek().is_none_or(|n| *n == ' ');
        if matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')') && ends_word && out.ends_with(' ') {
            out.pop();
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_dropped_but_numbers_in_words_stay() {
        assert_eq!(
            without_numbering("5.4.1. Check Constraints"),
            "Check Constraints"
        );
        assert_eq!(without_numbering("1. Syntax"), "Syntax");
        assert_eq!(without_numbering("2024 pricing"), "2024 pricing");
        assert_eq!(without_numbering("UTF-8 support"), "UTF-8 support");
    }

    #[test]
    fn a_permalink_mark_after_a_heading_is_not_part_of_it() {
        assert_eq!(
            without_permalink("Post-init processing¶"),
            "Post-init processing"
        );
        assert_eq!(without_permalink("Pricing §"), "Pricing");
        assert_eq!(without_permalink("Pricing #"), "Pricing");
        assert_eq!(without_permalink("C#"), "C#");
        assert_eq!(without_permalink("Plans"), "Plans");
    }

    #[test]
    fn tidy_removes_spaces_that_element_boundaries_put_before_punctuation() {
        assert_eq!(
            tidy("  Free  plan , for  3 people . "),
            "Free plan, for 3 people."
        );
        assert_eq!(tidy("files ending in .csv"), "files ending in .csv");
    }
}
