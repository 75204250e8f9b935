//! Suggestions while the visitor types: the content's own questions that match the words so far.
//!
//! Key decision: the last word is treated as a prefix only while it is still being typed (no space
//! after it) and is expanded to the most frequent vocabulary words it starts, so "cancel my sub"
//! already finds "subscription"; the complete words are matched exactly like a question. Only the
//! title-like fields (FAQ questions and alternates, page and section headings, offering names) are
//! searched, because a suggestion is a question the visitor can pick, not an answer.

use super::index::{Store, ALTERNATES, TAGS, TITLE};
use super::rank::{self, Alt, Concept, Query};
use super::synonyms::Synonyms;
use super::Config;

/// How many vocabulary words a typed prefix may stand for; the most frequent win.
const PREFIX_EXPANSIONS: usize = 24;

pub(crate) fn suggest(store: &Store, config: &Config, typed: &str, limit: usize) -> Vec<String> {
    let tokens = store.analyzer.tokens(typed);
    let Some(last) = tokens.last() else {
        return Vec::new();
    };
    if limit == 0 {
        return Vec::new();
    }
    let still_typing = typed.trim_end().len() == typed.len()
        && typed.chars().last().is_some_and(char::is_alphanumeric);
    let complete = if still_typing {
        &tokens[..tokens.len() - 1]
    } else {
        &tokens[..]
    };
    let words: Vec<&str> = complete.iter().map(|t| t.surface.as_str()).collect();
    let mut query = Query::build(&words.join(" "), store, &Synonyms::default(), config);
    // Function words the visitor typed are only noise here unless they are all there is.
    let mut prefix_terms: Vec<u32> = Vec::new();
    if still_typing {
        let prefix = last.surface.as_str();
        let start = store
            .surfaces
            .partition_point(|(s, _, _)| s.as_str() < prefix);
        let mut matches: Vec<(u32, u32)> = store.surfaces[start..]
            .iter()
            .take_while(|(s, _, _)| s.starts_with(prefix))
            .map(|&(_, term, count)| (term, count))
            .collect();
        matches.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (term, _) in matches {
            if !prefix_terms.contains(&term) {
                prefix_terms.push(term);
            }
            if prefix_terms.len() == PREFIX_EXPANSIONS {
                break;
            }
        }
        if !prefix_terms.is_empty() {
            let importance = prefix_terms
                .iter()
                .map(|&t| store.idf[t as usize])
                .fold(0.0, f32::max);
            query.concepts.push(Concept {
                alts: prefix_terms
                    .iter()
                    .map(|&term| Alt { term, weight: 1.0 })
                    .collect(),
                importance,
                pair: false,
            });
        } else if !last.stop {
            // The prefix starts no word in the content: nothing can match what is being typed.
            return Vec::new();
        }
    }
    let mut title_only = config.clone();
    title_only.body_weight = 0.0;
    title_only.phrasing_weight = 0.0;
    // Every match: titles are filtered below, so any of them may be needed.
    let ranked = rank::rank(&query, store, &title_only, store.docs.len());
    let mut out: Vec<String> = Vec::new();
    for scored in ranked {
        let doc = &store.docs[scored.doc];
        let in_title = |term: u32| {
            store.postings[term as usize].iter().any(|p| {
                p.doc as usize == scored.doc
                    && (p.tf[TITLE] > 0 || p.tf[ALTERNATES] > 0 || p.tf[TAGS] > 0)
            })
        };
        if !prefix_terms.is_empty() && !prefix_terms.iter().any(|&t| in_title(t)) {
            continue;
        }
        if scored.score <= 0.0 || out.contains(&doc.title) {
            continue;
        }
        out.push(doc.title.clone());
        if out.len() == limit {
            break;
        }
    }
    out
}
