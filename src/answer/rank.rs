//! Ranking: turning a question into weighted concepts and scoring every document against them with
//! field-weighted BM25F, blended with how closely the question mirrors one of the document's own
//! phrasings.
//!
//! Key decisions:
//! - A question is a list of *concepts*, one per content word. Each concept has alternatives (the
//!   word itself, a typo correction, the marketer's synonyms) and a document scores a concept by its
//!   best alternative only, so expansions can help a document match but never double-count.
//! - BM25F (Robertson & Zaragoza): a term's occurrences in all fields are combined, weighted and
//!   length-normalised per field, *before* saturation. Plain per-field BM25 summed over fields
//!   would let a word repeated across question, alternates and answer count several times.
//! - Scores are normalised by the most the question could score (the sum of its concepts' IDF, and
//!   words the content never uses count at full IDF), so they are comparable across questions and
//!   can feed the confidence: a question about something the content never mentions cannot score
//!   high however well its other words match.

use super::index::{Store, ALTERNATES, BODY, FIELDS, TAGS, TITLE};
use super::synonyms::Synonyms;
use super::typo;
use super::Config;

/// One alternative of a concept: a term and how much a match on it is worth (1 for the word as
/// typed, less for corrections and synonyms).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Alt {
    pub term: u32,
    pub weight: f32,
}

/// One thing the question asks about.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Concept {
    pub alts: Vec<Alt>,
    /// How specific the concept is (its IDF): its share of the question.
    pub importance: f32,
    /// A phrase of two neighbouring words: a bonus for matching them together, not a word of its own.
    pub pair: bool,
}

/// The question, analysed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pub concepts: Vec<Concept>,
}

impl Query {
    /// Share of the question's importance on words the content never uses (0 to 1).
    pub fn unseen_share(&self) -> f32 {
        let total = self.total_importance();
        if total <= 0.0 {
            return 0.0;
        }
        // `fold` from +0.0 rather than `sum` (which starts at -0.0) so "none" prints as 0.
        let unseen = self
            .concepts
            .iter()
            .filter(|c| !c.pair && c.alts.is_empty())
            .fold(0.0, |sum, c| sum + c.importance);
        unseen / total
    }

    /// The most a document could score on the single-word concepts: the normaliser.
    pub fn total_importance(&self) -> f32 {
        self.concepts
            .iter()
            .filter(|c| !c.pair)
            .map(|c| c.importance)
            .sum()
    }

    pub fn build(question: &str, store: &Store, synonyms: &Synonyms, config: &Config) -> Query {
        let tokens = store.analyzer.tokens(question);
        // A question made only of function words ("how do I?") is still searched, with them.
        let all_stop = tokens.iter().all(|t| t.stop);
        let mut concepts: Vec<Concept> = Vec::new();
        // For each token: the concept it became, so synonyms and pairs can find it.
        let mut concept_of: Vec<Option<usize>> = vec![None; tokens.len()];
        let mut previous: Option<u32> = None;
        let mut pairs: Vec<Concept> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            if token.stop && !all_stop {
                continue;
            }
            let (alts, importance) = match store.term(&token.term) {
                Some(id) => (
                    vec![Alt {
                        term: id,
                        weight: 1.0,
                    }],
                    store.idf[id as usize],
                ),
                None => match correction(&token.surface, store) {
                    Some(id) => (
                        vec![Alt {
                            term: id,
                            weight: config.typo_weight,
                        }],
                        store.idf[id as usize],
                    ),
                    None => (Vec::new(), store.unseen_idf() * config.unseen_weight),
                },
            };
            // The same word twice is one concept: repeating a word does not make it more of a topic.
            let existing = alts.first().and_then(|a| {
                concepts
                    .iter()
                    .position(|c| !c.pair && c.alts.first() == Some(a))
            });
            let index = existing.unwrap_or_else(|| {
                concepts.push(Concept {
                    alts: alts.clone(),
                    importance,
                    pair: false,
                });
                concepts.len() - 1
            });
            concept_of[i] = Some(index);
            // Neighbouring words the content also uses together make a pair concept.
            let term = alts.first().map(|a| a.term);
            if let (Some(first), Some(second)) = (previous, term) {
                if config.pair_weight > 0.0 {
                    if let Some(pair) = store.pair(store.term_text(first), store.term_text(second))
                    {
                        let importance = store.weight(pair, config);
                        pairs.push(Concept {
                            alts: vec![Alt {
                                term: pair,
                                weight: 1.0,
                            }],
                            importance,
                            pair: true,
                        });
                    }
                }
            }
            previous = term;
        }
        let terms: Vec<String> = tokens.iter().map(|t| t.term.clone()).collect();
        for expansion in synonyms.expansions(&terms) {
            let Some(index) =
                (expansion.token..expansion.token + expansion.len).find_map(|i| concept_of[i])
            else {
                continue;
            };
            let concept = &mut concepts[index];
            let known = !concept.alts.is_empty();
            for term in &expansion.terms {
                let Some(id) = store.term(term) else { continue };
                if concept.alts.iter().any(|a| a.term == id) {
                    continue;
                }
                concept.alts.push(Alt {
                    term: id,
                    weight: config.synonym_weight,
                });
                if !known {
                    // The visitor's word is unknown here but the marketer says what it means: the
                    // concept is as specific as the word it stands for.
                    concept.importance = store.idf[id as usize];
                }
            }
        }
        concepts.extend(pairs);
        Query { concepts }
    }
}

/// The term a word not in the vocabulary was probably meant to be (see [`typo`]).
fn correction(surface: &str, store: &Store) -> Option<u32> {
    let vocabulary = store
        .surfaces
        .iter()
        .map(|(s, _, count)| (s.as_str(), *count));
    if let Some(found) = typo::correct(surface, vocabulary) {
        let index = store
            .surfaces
            .binary_search_by(|(s, _, _)| s.as_str().cmp(found))
            .ok()?;
        return Some(store.surfaces[index].1);
    }
    None
}

/// A document's score for a question, with the parts confidence is computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Scored {
    pub doc: usize,
    /// The blended score, 0 to about 1.
    pub score: f32,
    /// Share of the question's importance the document's best field match covers (0 to 1).
    pub coverage: f32,
    /// Cosine similarity to the document's closest phrasing (0 to 1).
    pub phrasing: f32,
}

/// The most a phrasing similarity can be: a cosine is at most 1, with an allowance for rounding.
const PHRASING_MAX: f32 = 1.001;

/// The `limit` best-scoring documents that match at least one concept; best first, ties by
/// document order.
///
/// Key decision: the lexical part is computed for every matching document, but the phrasing
/// similarity (the costly part: every phrasing of the document against every concept) only for
/// documents that can still reach the `limit` best. Candidates are visited from the highest
/// lexical score down, and the visit stops once even a perfect phrasing match could not lift the
/// next one above the `limit`-th score found so far. The result is exactly that of scoring
/// everything, in a fraction of the time on large content.
pub(crate) fn rank(query: &Query, store: &Store, config: &Config, limit: usize) -> Vec<Scored> {
    let n = store.docs.len();
    let concepts = query.concepts.len();
    let total = query.total_importance();
    if n == 0 || concepts == 0 || total <= 0.0 || limit == 0 {
        return Vec::new();
    }
    let weights = field_weights(config);
    // best[d * concepts + c]: concept c's BM25F contribution to document d (its best alternative).
    let mut best = vec![0.0f32; n * concepts];
    for (c, concept) in query.concepts.iter().enumerate() {
        for alt in &concept.alts {
            let idf = store.weight(alt.term, config);
            for posting in &store.postings[alt.term as usize] {
                let d = posting.doc as usize;
                let doc = &store.docs[d];
                let mut tf = 0.0;
                for (f, &count) in posting.tf.iter().enumerate() {
                    if count > 0 {
                        let b = if f == BODY { config.body_b } else { config.b };
                        let norm = 1.0 - b + b * doc.len[f].max(1.0) / store.avg_len[f];
                        tf += weights[f] * f32::from(count) / norm;
                    }
                }
                let value = alt.weight * idf * tf / (config.k1 + tf);
                let slot = &mut best[d * concepts + c];
                if value > *slot {
                    *slot = value;
                }
            }
        }
    }
    // (document, lexical score, coverage) of every matching document, highest lexical first.
    let mut candidates: Vec<(usize, f32, f32)> = Vec::new();
    for (d, row) in best.chunks_exact(concepts).enumerate() {
        let mut lexical = 0.0;
        let mut covered = 0.0;
        for (concept, &value) in query.concepts.iter().zip(row) {
            lexical += value;
            if !concept.pair && value > 0.0 {
                covered += concept.importance;
            }
        }
        if lexical > 0.0 {
            candidates.push((d, lexical / total, covered / total));
        }
    }
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));

    let query_norm = query
        .concepts
        .iter()
        .map(|c| c.importance.powi(2))
        .sum::<f32>()
        .sqrt();
    let lexical_share = 1.0 - config.phrasing_weight;
    let phrasing_bonus_max = (config.phrasing_weight * PHRASING_MAX).max(0.0);
    let ahead = |a: &Scored, b: &Scored| a.score > b.score || (a.score == b.score && a.doc < b.doc);
    let mut top: Vec<Scored> = Vec::new();
    for (d, lexical, coverage) in candidates {
        if top.len() == limit && lexical_share * lexical + phrasing_bonus_max < top[limit - 1].score
        {
            break;
        }
        let phrasing = phrasing_similarity(query, store, d, query_norm, config);
        let scored = Scored {
            doc: d,
            score: lexical_share * lexical + config.phrasing_weight * phrasing,
            coverage,
            phrasing,
        };
        let at = top.partition_point(|kept| ahead(kept, &scored));
        if at < limit {
            top.insert(at, scored);
            top.truncate(limit);
        }
    }
    top
}

/// The cosine similarity (IDF-weighted) between the question and the document phrasing it mirrors
/// most closely.
fn phrasing_similarity(
    query: &Query,
    store: &Store,
    d: usize,
    query_norm: f32,
    config: &Config,
) -> f32 {
    if query_norm <= 0.0 || config.phrasing_weight <= 0.0 {
        return 0.0;
    }
    let mut best = 0.0f32;
    for phrasing in &store.docs[d].phrasings {
        if phrasing.norm <= 0.0 {
            continue;
        }
        let mut dot = 0.0;
        for concept in &query.concepts {
            let matched = concept
                .alts
                .iter()
                .filter(|a| phrasing.terms.binary_search(&a.term).is_ok())
                .map(|a| a.weight * store.weight(a.term, config))
                .fold(0.0f32, f32::max);
            dot += concept.importance * matched;
        }
        best = best.max(dot / (query_norm * phrasing.norm));
    }
    best
}

pub(crate) fn field_weights(config: &Config) -> [f32; FIELDS] {
    let mut weights = [0.0; FIELDS];
    weights[TITLE] = config.title_weight;
    weights[ALTERNATES] = config.alternates_weight;
    weights[BODY] = config.body_weight;
    weights[TAGS] = config.tags_weight;
    weights
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Content, Faq};

    /// Sixty FAQs built from a few shared words, so most questions match many of them at
    /// different strengths and ranking has candidates to leave unscored.
    fn content() -> Content {
        let verbs = ["cancel", "change", "pay", "renew", "export"];
        let things = [
            "plan", "card", "invoice", "account", "seat", "project", "password",
        ];
        let extras = ["today", "online", "every month", "for my team"];
        let faqs = (0..60)
            .map(|i| Faq {
                id: format!("faq{i}"),
                question: format!("How do I {} my {}?", verbs[i % 5], things[i % 7]),
                answer: format!("You can {} it {}.", verbs[(i + 1) % 5], extras[i % 4]),
                url: format!("/help#{i}"),
                alternates: vec![format!(
                    "{} {} {}",
                    things[(i * 3) % 7],
                    extras[(i + 1) % 4],
                    verbs[(i + 2) % 5]
                )],
                tags: Vec::new(),
            })
            .collect();
        Content {
            faqs,
            ..Content::default()
        }
    }

    #[test]
    fn the_best_few_are_exactly_the_first_of_scoring_everything() {
        let config = Config::default();
        let store = Store::new(&content(), &config);
        let synonyms = Synonyms::default();
        for question in [
            "cancel my plan",
            "how do I pay my invoice online every month",
            "card",
            "change the password for my team today",
            "export projet",
        ] {
            let query = Query::build(question, &store, &synonyms, &config);
            let everything = rank(&query, &store, &config, store.docs.len());
            assert!(everything.len() > 10, "{question}: {}", everything.len());
            for limit in [1, 2, 5, 10] {
                assert_eq!(
                    rank(&query, &store, &config, limit),
                    everything[..limit],
                    "{question}, limit {limit}"
                );
            }
        }
    }
}
