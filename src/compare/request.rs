//! Recognising a request to compare in a visitor's question: "how do you compare to Slate Wiki?",
//! "difference between Team and Business?", "Kestrel vs Papertrail".
//!
//! Key decision: a question opens the comparison when it names two or more options, or asks to
//! compare and names at least one. An option is named by its full name, its id, or its name
//! without the company's (`Team` for `Kestrel Team`); a short name alone would catch "my team", so
//! short names count only next to a comparing word or another named option.

use crate::content::Content;

/// Words that ask for a comparison.
const COMPARING: &[&str] = &[
    "compare",
    "compared",
    "comparison",
    "comparing",
    "difference",
    "differences",
    "differ",
    "vs",
    "versus",
    "alternative",
    "alternatives",
];

/// How many options fit side by side.
pub const MAX_OPTIONS: usize = 4;

/// The ids of the options to compare for `question`, or `None` when it does not ask to compare.
/// Named options come first, in the order the content lists them; when fewer than two are named,
/// our own plans fill the table up to three columns, so "how do you compare to X?" compares X
/// with us.
pub fn requested(question: &str, content: &Content) -> Option<Vec<String>> {
    let asked = words_in(question);
    let comparing = asked.iter().any(|w| COMPARING.contains(&w.as_str()));
    let company = words_in(&content.company.name);
    let short = named(content, &asked, Some(&company));
    let chosen = if comparing || short.len() >= 2 {
        short
    } else {
        named(content, &asked, None)
    };
    if !comparing && chosen.len() < 2 {
        return None;
    }
    let mut ids: Vec<String> = chosen
        .into_iter()
        .take(MAX_OPTIONS)
        .map(String::from)
        .collect();
    if ids.len() < 2 {
        let ours = content.offerings.iter().filter(|o| o.is_ours());
        for offering in ours {
            if ids.len() >= 3 {
                break;
            }
            if !ids.contains(&offering.id) {
                ids.push(offering.id.clone());
            }
        }
    }
    (ids.len() >= 2).then_some(ids)
}

/// The ids of the offerings whose name (or id, or short name when `company` is given) appears in
/// `words` as a run of whole words.
fn named<'c>(
    content: &'c Content,
    words: &[String],
    company: Option<&Vec<String>>,
) -> Vec<&'c str> {
    content
        .offerings
        .iter()
        .filter(|offering| {
            let name = words_in(&offering.name);
            let id = words_in(&offering.id);
            let short: Vec<String> = match company {
                Some(company) => name
                    .iter()
                    .filter(|w| !company.contains(w))
                    .cloned()
                    .collect(),
                None => Vec::new(),
            };
            [name, id, short]
                .iter()
                .any(|phrase| !phrase.is_empty() && contains_run(words, phrase))
        })
        .map(|offering| offering.id.as_str())
        .collect()
}

pub(super) fn contains_run(words: &[String], phrase: &[String]) -> bool {
    words.windows(phrase.len()).any(|window| window == phrase)
}

/// Lower-case words, punctuation dropped.
pub(super) fn words_in(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}
