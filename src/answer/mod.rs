//! Answering a visitor's question from the company's content.
//!
//! The public surface (`Index::new`, `Index::ask`, `Index::suggest`, `Reply`, `Answer`) is what the
//! widget and the CLI use; the ranking behind it is split by concept:
//!
//! - [`tokenize`](self::tokenize): splitting and folding text (case, accents, contractions);
//! - [`stem`](self::stem): the content language's Snowball stemmer and stop words;
//! - [`synonyms`](self::synonyms): the marketer's synonym groups, as question expansions;
//! - [`typo`](self::typo): bounded edit distance for misspelt words;
//! - [`index`](self::index): documents, fields, phrasings and postings;
//! - [`rank`](self::rank): question concepts and field-weighted BM25F with phrasing similarity;
//! - [`confidence`](self::confidence): calibrated confidence and the decision to abstain;
//! - [`fuse`](self::fuse): fusing the lexical score with a meaning similarity computed elsewhere
//!   (the server's sentence encoder, `crate::semantic`), and its own calibrated confidence;
//! - [`passage`](self::passage): the sentences an answer shows;
//! - [`prebuilt`](self::prebuilt): the content and its index as one file's bytes, built by
//!   `helpfirst build` and read by the widget, so a visitor's browser never spends a quarter second
//!   building the index and needs no JSON decoder;
//! - [`suggest`](self::suggest): questions to offer while the visitor types.
//!
//! Key decision: plain Rust with no dependencies and no large tables, because the same code runs in
//! the browser as wasm and in the native CLI, and the two must rank identically.

mod confidence;
mod fuse;
mod index;
mod passage;
mod porter2;
mod prebuilt;
mod rank;
mod stem;
mod stop_words;
mod suggest;
mod synonyms;
mod tokenize;
mod typo;

pub use confidence::Signals;
pub use stem::LANGUAGES as STEMMED_LANGUAGES;

/// The words of `text` that carry meaning, as the engine matches them: folded, stemmed, without
/// stop words. The report groups unanswered questions with it, so "exporting to PDF?" and
/// "export pdf" are one content gap, exactly as the engine would see them.
pub fn key_terms(text: &str, language: &str) -> Vec<String> {
    tokenize::Analyzer::new(language)
        .tokens(text)
        .into_iter()
        .filter(|token| !token.stop)
        .map(|token| token.term)
        .collect()
}

use crate::content::Content;
use index::Store;
use rank::Query;
use synonyms::Synonyms;

/// The engine's tunable parameters. The defaults are what ships; `eval --set name=value` overrides
/// them to measure a change.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// BM25 term-frequency saturation: how quickly repeating a word stops adding to the score.
    pub k1: f32,
    /// BM25 length normalisation, 0 (none) to 1 (full), for the short fields (titles, alternates,
    /// tags).
    pub b: f32,
    /// BM25 length normalisation of the body: answers and page sections vary in length far more
    /// than questions do, so they get the usual stronger normalisation.
    pub body_b: f32,
    /// IDF is raised to this power. Below 1 flattens it: in a small collection (tens or hundreds of
    /// FAQs) document frequencies are noisy, and full IDF lets one incidental rare word ("morning")
    /// outweigh the words the question is actually about.
    pub idf_power: f32,
    /// Field weights: a FAQ's question (or a section's page title and heading, an offering's name).
    pub title_weight: f32,
    /// A FAQ's alternate phrasings.
    pub alternates_weight: f32,
    /// A FAQ's answer, a section's body, an offering's description.
    pub body_weight: f32,
    pub tags_weight: f32,
    /// How much a match on a marketer's synonym is worth, relative to the word typed.
    pub synonym_weight: f32,
    /// How much a match on a typo correction is worth.
    pub typo_weight: f32,
    /// Weight of two neighbouring words matched as a phrase, relative to a single word.
    pub pair_weight: f32,
    /// Share of the score from the closest single phrasing (the rest is document-wide BM25F).
    pub phrasing_weight: f32,
    /// How much a question word the content never uses counts against the score (1 = as much as
    /// the rarest word that is used).
    pub unseen_weight: f32,
    /// Abstain when the best answer's confidence is below this. Set so that at least 95% of
    /// questions the content does answer get an answer: an assistant that says "ask a person" too
    /// often is no help. On the BANKING77 set 0.25 answers 97% of them (94% on CLINC150).
    pub abstain_below: f32,
    /// How many ranked answers a reply lists.
    pub max_answers: usize,
    /// Fused ranking only: the share of the score that comes from the meaning similarity (the rest
    /// is the lexical score).
    pub semantic_weight: f32,
    /// Fused ranking only: the share of a document's meaning similarity that is the cosine with the
    /// centroid of its phrasings (the rest is the cosine with the closest one).
    pub centroid_share: f32,
    /// Fused ranking only: abstain when the fused confidence is below this (the fused confidence has
    /// its own calibration, so its threshold is its own).
    pub fused_abstain_below: f32,
    /// Fused ranking only: the least meaning similarity an answer needs to be shown.
    pub support_floor: f32,
}

/// The shipped defaults. The generic ranking parameters (k1, b, idf_power, field and phrasing
/// weights) were tuned on a real FAQ question set (BANKING77-derived, `../shared/data/banking77`) and
/// checked on a second domain (CLINC150-derived, `bench/answers/sets/clinc150`: travel, home,
/// work, ...) so that no value is a banking quirk: where the two disagreed, the value between them
/// was taken (`idf_power` 0.6). Both sets sit on a plateau around these values (BENCHMARKS.md).
/// There are no domain-specific words or rules anywhere in the engine.
impl Default for Config {
    fn default() -> Config {
        Config {
            k1: 2.0,
            b: 0.5,
            body_b: 0.75,
            idf_power: 0.6,
            title_weight: 2.0,
            alternates_weight: 1.0,
            body_weight: 0.5,
            tags_weight: 1.0,
            synonym_weight: 0.6,
            typo_weight: 0.8,
            pair_weight: 0.1,
            phrasing_weight: 0.2,
            unseen_weight: 0.8,
            abstain_below: 0.25,
            max_answers: 10,
            semantic_weight: fuse::SEMANTIC_WEIGHT,
            centroid_share: fuse::CENTROID_SHARE,
            fused_abstain_below: fuse::ABSTAIN_BELOW,
            support_floor: fuse::SUPPORT_FLOOR,
        }
    }
}

impl Config {
    /// Sets a parameter by its field name, for experiments from the command line.
    pub fn set(&mut self, name: &str, value: &str) -> Result<(), String> {
        let number: f32 = value
            .trim()
            .parse()
            .map_err(|_| format!("`{value}` is not a number for `{name}`"))?;
        let field = match name {
            "k1" => &mut self.k1,
            "b" => &mut self.b,
            "body_b" => &mut self.body_b,
            "idf_power" => &mut self.idf_power,
            "title_weight" => &mut self.title_weight,
            "alternates_weight" => &mut self.alternates_weight,
            "body_weight" => &mut self.body_weight,
            "tags_weight" => &mut self.tags_weight,
            "synonym_weight" => &mut self.synonym_weight,
            "typo_weight" => &mut self.typo_weight,
            "pair_weight" => &mut self.pair_weight,
            "phrasing_weight" => &mut self.phrasing_weight,
            "unseen_weight" => &mut self.unseen_weight,
            "abstain_below" => &mut self.abstain_below,
            "semantic_weight" => &mut self.semantic_weight,
            "centroid_share" => &mut self.centroid_share,
            "fused_abstain_below" => &mut self.fused_abstain_below,
            "support_floor" => &mut self.support_floor,
            "max_answers" => {
                self.max_answers = number.max(1.0) as usize;
                return Ok(());
            }
            other => return Err(format!("unknown engine parameter `{other}`")),
        };
        *field = number;
        Ok(())
    }
}

/// What the widget needs to answer: built once from the content when it loads.
pub struct Index {
    store: Store,
    synonyms: Synonyms,
    config: Config,
}

/// The reply to one question: ranked candidates, best first, and whether to abstain.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub answers: Vec<Answer>,
    /// True when no candidate is good enough to show: the widget says so and offers a person.
    pub abstained: bool,
    /// Titles of other close matches (FAQ questions, section titles), to offer as "related
    /// questions"; when the engine abstains these are the nearest things the content does cover.
    pub related: Vec<String>,
}

impl Reply {
    /// The answer to show, if the engine did not abstain.
    pub fn best(&self) -> Option<&Answer> {
        if self.abstained {
            None
        } else {
            self.answers.first()
        }
    }
}

/// Where an answer comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Source {
    Faq,
    Section,
    Offering,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Faq => "faq",
            Source::Section => "section",
            Source::Offering => "offering",
        }
    }
}

/// One candidate answer, pointing at the passage that supports it.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Id of the FAQ, page section (`page#anchor`) or offering it comes from.
    pub id: String,
    /// The source's title (the FAQ question, or the page and section heading).
    pub title: String,
    pub passage: String,
    pub url: String,
    pub score: f32,
    /// Calibrated confidence, 0 to 1.
    pub confidence: f32,
    pub source: Source,
    /// What the confidence was computed from.
    pub signals: Signals,
}

/// What the sentence encoder embeds for one document.
pub struct Entry<'a> {
    pub id: &'a str,
    pub phrasings: &'a [String],
    pub passage: &'a str,
}

/// One ranked document, before it becomes an [`Answer`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Ranked {
    pub doc: usize,
    pub score: f32,
    pub coverage: f32,
    pub phrasing: f32,
    pub semantic: f32,
    /// Fused ranking only: see [`Signals::standout`] and [`Signals::topic`].
    pub standout: f32,
    pub topic: f32,
}

/// A related question is offered only if it scores at least this share of the best answer.
const RELATED_SHARE: f32 = 0.6;
const RELATED_MAX: usize = 3;

impl Index {
    pub fn new(content: &Content) -> Index {
        Index::with_config(content, Config::default())
    }

    pub fn with_config(content: &Content, config: Config) -> Index {
        let store = Store::new(content, &config);
        let synonyms = Synonyms::new(&content.synonyms, &store.analyzer);
        Index {
            store,
            synonyms,
            config,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The number of searchable documents (FAQs, page sections and offerings).
    pub fn len(&self) -> usize {
        self.store.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.store.docs.is_empty()
    }

    /// What the server's sentence encoder embeds for each document, in document order: the
    /// phrasings (a FAQ's question and alternates, a section's page title and heading, an
    /// offering's name) and the passage.
    pub fn entries(&self) -> impl Iterator<Item = Entry<'_>> {
        self.store.docs.iter().map(|doc| Entry {
            id: &doc.id,
            phrasings: &doc.phrasing_texts,
            passage: &doc.passage,
        })
    }

    /// What the sentence encoder embeds for document `doc` (an [`entries`](Self::entries) index).
    pub fn entry(&self, doc: usize) -> Option<Entry<'_>> {
        self.store.docs.get(doc).map(|doc| Entry {
            id: &doc.id,
            phrasings: &doc.phrasing_texts,
            passage: &doc.passage,
        })
    }

    /// The `limit` documents the lexical engine ranks best for `question`, best first (as
    /// [`entries`](Self::entries) indexes): the candidates a costlier ranker looks at again.
    pub fn candidates(&self, question: &str, limit: usize) -> Vec<usize> {
        let query = Query::build(question, &self.store, &self.synonyms, &self.config);
        rank::rank(&query, &self.store, &self.config, limit)
            .into_iter()
            .map(|s| s.doc)
            .collect()
    }

    /// The lexical engine's reply: what the widget computes on its own.
    pub fn ask(&self, question: &str) -> Reply {
        let query = Query::build(question, &self.store, &self.synonyms, &self.config);
        // At least two, because the leader's margin is to the runner-up.
        let limit = self.config.max_answers.max(2);
        let ranked: Vec<Ranked> = rank::rank(&query, &self.store, &self.config, limit)
            .into_iter()
            .map(|s| Ranked {
                doc: s.doc,
                score: s.score,
                coverage: s.coverage,
                phrasing: s.phrasing,
                semantic: 0.0,
                standout: 0.0,
                topic: 0.0,
            })
            .collect();
        let threshold = self.config.abstain_below;
        self.reply(&query, &ranked, confidence::confidence, |a| {
            a.confidence >= threshold
        })
    }

    /// The fused reply: the lexical evidence and `similarity`, the meaning similarity of the
    /// question to each document (in [`entries`](Self::entries) order, from the server's sentence
    /// encoder), ranked and judged together (see [`fuse`](self::fuse)).
    pub fn ask_fused(&self, question: &str, similarity: &[f32]) -> Reply {
        let query = Query::build(question, &self.store, &self.synonyms, &self.config);
        let lexical = rank::rank(&query, &self.store, &self.config, self.store.docs.len());
        let ranked = fuse::rank(&lexical, similarity, &self.config);
        let (threshold, floor) = (self.config.fused_abstain_below, self.config.support_floor);
        self.reply(
            &query,
            &ranked[..ranked.len().min(self.config.max_answers.max(2))],
            fuse::confidence,
            |a| fuse::supported(a, threshold, floor),
        )
    }

    fn reply(
        &self,
        query: &Query,
        ranked: &[Ranked],
        confidence: fn(Signals) -> f32,
        shown: impl Fn(&Answer) -> bool,
    ) -> Reply {
        let top = ranked.first().map_or(0.0, |s| s.score);
        let runner_up = ranked.get(1).map_or(0.0, |s| s.score);
        let unseen = query.unseen_share();
        let answers: Vec<Answer> = ranked
            .iter()
            .take(self.config.max_answers)
            .enumerate()
            .map(|(i, scored)| {
                let doc = &self.store.docs[scored.doc];
                // The margin is to the best *other* candidate: positive only for the leader.
                let margin = if i == 0 {
                    scored.score - runner_up
                } else {
                    scored.score - top
                };
                let signals = Signals {
                    score: scored.score,
                    margin,
                    coverage: scored.coverage,
                    phrasing: scored.phrasing,
                    unseen,
                    semantic: scored.semantic,
                    standout: scored.standout,
                    topic: scored.topic,
                };
                Answer {
                    id: doc.id.clone(),
                    title: doc.title.clone(),
                    passage: passage::passage(doc, query),
                    url: doc.url.clone(),
                    score: scored.score,
                    confidence: confidence(signals),
                    source: doc.kind,
                    signals,
                }
            })
            .collect();
        let abstained = answers.first().is_none_or(|a| !shown(a));
        let skip = usize::from(!abstained);
        let related = answers
            .iter()
            .skip(skip)
            .filter(|a| a.score >= RELATED_SHARE * top)
            .map(|a| a.title.clone())
            .filter(|title| {
                answers
                    .first()
                    .is_none_or(|best| abstained || &best.title != title)
            })
            .take(RELATED_MAX)
            .collect();
        Reply {
            answers,
            abstained,
            related,
        }
    }

    /// Up to `limit` questions and titles from the content that match what the visitor has typed
    /// so far, the last word taken as a prefix ("cancel my sub" → "How do I cancel my subscription?").
    pub fn suggest(&self, typed: &str, limit: usize) -> Vec<String> {
        suggest::suggest(&self.store, &self.config, typed, limit)
    }
}
