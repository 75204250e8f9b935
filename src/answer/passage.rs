//! Choosing the passage an answer shows: the words that answer the question, not the whole page.
//!
//! Key decision: a FAQ's answer and an offering's summary are written to be read whole, so they are
//! shown whole; a page section is prose of any length, so it is cut to the one to three sentences
//! that match the question best, kept in their original order so they still read naturally.

use super::index::Doc;
use super::rank::Query;
use super::Source;

/// The most sentences a section passage keeps.
const MAX_SENTENCES: usize = 3;

/// The passage of `doc` that best answers `query`.
pub(crate) fn passage(doc: &Doc, query: &Query) -> String {
    if doc.kind != Source::Section || doc.sentences.len() <= 1 {
        return doc.passage.clone();
    }
    let scores: Vec<f32> = doc
        .sentences
        .iter()
        .map(|sentence| {
            query
                .concepts
                .iter()
                .filter(|c| !c.pair && c.alts.iter().any(|a| sentence.terms.contains(&a.term)))
                .map(|c| c.importance)
                .sum()
        })
        .collect();
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i] > 0.0).collect();
    if order.is_empty() {
        // Nothing matches word for word (a synonym- or heading-only match): the section's opening
        // is its summary.
        return doc
            .sentences
            .iter()
            .take(2)
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
    }
    // Best first, earlier first among equals; then keep the best few in reading order.
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    order.truncate(MAX_SENTENCES);
    order.sort_unstable();
    order
        .iter()
        .map(|&i| doc.sentences[i].text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}
