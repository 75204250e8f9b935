//! The searchable form of the content: one document per FAQ, page section and offering, each with
//! weighted fields, plus the postings (which documents contain which term, how often, in which
//! field) that ranking reads.
//!
//! Key decisions:
//! - A page is split into its sections: a visitor's answer is a passage, and a long page would
//!   otherwise win every question by sheer length.
//! - Besides single terms, each field also indexes *pairs* of neighbouring content words
//!   ("exchange rate", "top up"), so a question that uses the same phrase is preferred over one
//!   that merely has both words somewhere.
//! - Every document also keeps its short *phrasings* (a FAQ's question and each of its alternates,
//!   a section's heading) as separate term sets: a visitor's question usually mirrors one phrasing,
//!   and matching that one closely is a strong signal the document-wide statistics blur.

use super::tokenize::{Analyzer, Token};
use super::{Config, Source};
use crate::content::{Content, Offering, PriceModel};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The fields a document's text is indexed under; ranking weighs them differently.
pub(crate) const TITLE: usize = 0;
pub(crate) const ALTERNATES: usize = 1;
pub(crate) const BODY: usize = 2;
pub(crate) const TAGS: usize = 3;
/// (Written `self::FIELDS` in the derived types below: serde's derive has a `FIELDS` of its own.)
pub(crate) const FIELDS: usize = 4;

/// One sentence of a document's passage text, with the terms it contains.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Sentence {
    pub text: String,
    pub terms: Vec<u32>,
}

/// A short text that states what the document is about in one go, as a set of term ids.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Phrasing {
    pub terms: Vec<u32>,
    /// Euclidean norm of the phrasing's weighted term vector, for cosine similarity.
    pub norm: f32,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Doc {
    /// What the document was made from: it decides how its passage is cut.
    pub kind: Source,
    pub id: String,
    pub title: String,
    pub url: String,
    /// Indexed length of each field, in terms.
    pub len: [f32; self::FIELDS],
    pub phrasings: Vec<Phrasing>,
    /// The phrasings as written, for the server's sentence encoder (`Index::entries`).
    pub phrasing_texts: Vec<String>,
    /// The passage text split into sentences (for sections, the best ones are shown).
    pub sentences: Vec<Sentence>,
    /// The full passage: the FAQ answer, the section body or the offering summary.
    pub passage: String,
}

/// How often one document contains one term, per field.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Posting {
    pub doc: u32,
    pub tf: [u16; self::FIELDS],
}

/// The whole index; built once per content load, at `helpfirst build` time for the widget (see
/// [`prebuilt`](super::prebuilt)).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Store {
    pub analyzer: Analyzer,
    pub docs: Vec<Doc>,
    /// Each term's id; not stored in a prebuilt index, which rebuilds it from `names`.
    #[serde(skip)]
    pub terms: HashMap<String, u32>,
    /// Each term id's text; pair terms contain [`PAIR_JOIN`].
    pub names: Vec<String>,
    pub postings: Vec<Vec<Posting>>,
    /// Each term's IDF, raised to the configured power.
    pub idf: Vec<f32>,
    unseen_idf: f32,
    /// Average indexed length of each field over the documents that have it.
    pub avg_len: [f32; self::FIELDS],
    /// Folded surface words with their term and frequency: for typo correction and suggestions,
    /// sorted so a prefix is a contiguous range.
    pub surfaces: Vec<(String, u32, u32)>,
}

/// Separates the two words of a pair term; never produced by tokenizing, so pairs and single words
/// cannot collide.
pub(crate) const PAIR_JOIN: char = ' ';

impl Store {
    pub fn new(content: &Content, config: &Config) -> Store {
        let analyzer = Analyzer::new(&content.company.language);
        let mut builder = Builder {
            analyzer: analyzer.clone(),
            terms: HashMap::new(),
            postings: Vec::new(),
            surfaces: HashMap::new(),
        };
        let mut docs = Vec::new();
        for faq in &content.faqs {
            let fields = [
                faq.question.clone(),
                faq.alternates.join("\n"),
                faq.answer.clone(),
                faq.tags.join("\n"),
            ];
            let mut phrasings = vec![faq.question.as_str()];
            phrasings.extend(faq.alternates.iter().map(String::as_str));
            docs.push(builder.add(
                docs.len(),
                Source::Faq,
                &faq.id,
                &faq.question,
                &faq.url,
                &fields,
                &phrasings,
                &faq.answer,
            ));
        }
        let mut section_ids: HashSet<String> = HashSet::new();
        for page in &content.pages {
            for section in &page.sections {
                let title = if section.heading.is_empty() || section.heading == page.title {
                    page.title.clone()
                } else {
                    format!("{} — {}", page.title, section.heading)
                };
                let key = if section.anchor.is_empty() {
                    slug(&section.heading)
                } else {
                    section.anchor.clone()
                };
                let base = if key.is_empty() {
                    page.id.clone()
                } else {
                    format!("{}#{key}", page.id)
                };
                // Two sections with the same heading and no anchor still need distinct ids.
                let mut id = base.clone();
                let mut copy = 2;
                while section_ids.contains(&id) {
                    id = format!("{base}-{copy}");
                    copy += 1;
                }
                section_ids.insert(id.clone());
                let fields = [
                    format!("{}\n{}", page.title, section.heading),
                    String::new(),
                    section.body.clone(),
                    page.tags.join("\n"),
                ];
                let phrasing = format!("{} {}", page.title, section.heading);
                docs.push(builder.add(
                    docs.len(),
                    Source::Section,
                    &id,
                    &title,
                    &section.url(&page.url),
                    &fields,
                    &[&phrasing],
                    &section.body,
                ));
            }
        }
        for offering in &content.offerings {
            let passage = offering_passage(offering);
            let mut body = vec![offering.summary.clone(), price_text(offering)];
            body.extend(offering.features.iter().map(ToString::to_string));
            body.extend(
                offering
                    .limits
                    .iter()
                    .map(|l| format!("{} {}", l.name, l.value)),
            );
            body.push(offering.best_for.clone());
            body.push(offering.not_for.clone());
            let kind = format!("{:?}", offering.kind).to_lowercase();
            let fields = [offering.name.clone(), String::new(), body.join("\n"), kind];
            docs.push(builder.add(
                docs.len(),
                Source::Offering,
                &offering.id,
                &offering.name,
                &offering.url,
                &fields,
                &[&offering.name],
                &passage,
            ));
        }

        let n = docs.len() as f32;
        let idfs = builder
            .postings
            .iter()
            .map(|list| idf(n, list.len() as f32).powf(config.idf_power))
            .collect();
        let mut avg_len = [0.0; FIELDS];
        for (f, avg) in avg_len.iter_mut().enumerate() {
            let with: Vec<f32> = docs
                .iter()
                .map(|d: &Doc| d.len[f])
                .filter(|&l| l > 0.0)
                .collect();
            *avg = if with.is_empty() {
                1.0
            } else {
                with.iter().sum::<f32>() / with.len() as f32
            };
        }
        let mut surfaces: Vec<(String, u32, u32)> = builder
            .surfaces
            .into_iter()
            .map(|(s, (t, c))| (s, t, c))
            .collect();
        surfaces.sort();
        let mut names = vec![String::new(); builder.terms.len()];
        for (name, &id) in &builder.terms {
            names[id as usize] = name.clone();
        }
        let mut store = Store {
            analyzer,
            docs,
            terms: builder.terms,
            names,
            postings: builder.postings,
            idf: idfs,
            unseen_idf: idf(n, 0.0).powf(config.idf_power),
            avg_len,
            surfaces,
        };
        let mut docs = std::mem::take(&mut store.docs);
        for doc in &mut docs {
            for phrasing in &mut doc.phrasings {
                phrasing.norm = phrasing
                    .terms
                    .iter()
                    .map(|&t| store.weight(t, config).powi(2))
                    .sum::<f32>()
                    .sqrt();
            }
        }
        store.docs = docs;
        store
    }

    /// A term's weight in a question or phrasing vector: its IDF, scaled down for pair terms, which
    /// are bonuses on top of their two words.
    pub fn weight(&self, term: u32, config: &Config) -> f32 {
        let idf = self.idf[term as usize];
        if self.is_pair(term) {
            idf * config.pair_weight
        } else {
            idf
        }
    }

    pub fn is_pair(&self, term: u32) -> bool {
        self.names[term as usize].contains(PAIR_JOIN)
    }

    pub fn term_text(&self, term: u32) -> &str {
        &self.names[term as usize]
    }

    /// The inverse document frequency a term that occurs nowhere would have: the most specific a
    /// question word can be.
    pub fn unseen_idf(&self) -> f32 {
        self.unseen_idf
    }

    pub fn term(&self, term: &str) -> Option<u32> {
        self.terms.get(term).copied()
    }

    pub fn pair(&self, a: &str, b: &str) -> Option<u32> {
        self.terms.get(&format!("{a}{PAIR_JOIN}{b}")).copied()
    }
}

/// Robertson–Spärck Jones IDF with the +1 inside the log so it is never negative.
fn idf(n: f32, df: f32) -> f32 {
    (1.0 + (n - df + 0.5) / (df + 0.5)).ln()
}

struct Builder {
    analyzer: Analyzer,
    terms: HashMap<String, u32>,
    postings: Vec<Vec<Posting>>,
    surfaces: HashMap<String, (u32, u32)>,
}

impl Builder {
    fn term_id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.terms.get(term) {
            return id;
        }
        let id = self.postings.len() as u32;
        self.terms.insert(term.to_string(), id);
        self.postings.push(Vec::new());
        id
    }

    /// The content tokens of a text and its neighbouring pairs, as term ids.
    fn content_terms(&mut self, text: &str, record_surfaces: bool) -> (Vec<u32>, Vec<u32>) {
        let mut singles = Vec::new();
        let mut pairs = Vec::new();
        // Pairs never span a line break: alternates and list items are separate texts.
        for line in text.lines() {
            let tokens: Vec<Token> = self
                .analyzer
                .tokens(line)
                .into_iter()
                .filter(|t| !t.stop)
                .collect();
            for (i, token) in tokens.iter().enumerate() {
                let id = self.term_id(&token.term);
                singles.push(id);
                if record_surfaces {
                    let entry = self
                        .surfaces
                        .entry(token.surface.clone())
                        .or_insert((id, 0));
                    entry.1 += 1;
                }
                if i > 0 {
                    let pair = format!("{}{PAIR_JOIN}{}", tokens[i - 1].term, token.term);
                    pairs.push(self.term_id(&pair));
                }
            }
        }
        (singles, pairs)
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        number: usize,
        kind: Source,
        id: &str,
        title: &str,
        url: &str,
        fields: &[String; FIELDS],
        phrasings: &[&str],
        passage: &str,
    ) -> Doc {
        let doc = number as u32;
        let mut len = [0.0; FIELDS];
        let mut counts: HashMap<u32, [u16; FIELDS]> = HashMap::new();
        for (f, text) in fields.iter().enumerate() {
            let (singles, pairs) = self.content_terms(text, true);
            len[f] = singles.len() as f32;
            for term in singles.into_iter().chain(pairs) {
                let tf = counts.entry(term).or_insert([0; FIELDS]);
                tf[f] = tf[f].saturating_add(1);
            }
        }
        let mut counts: Vec<(u32, [u16; FIELDS])> = counts.into_iter().collect();
        counts.sort_by_key(|&(term, _)| term);
        for (term, tf) in counts {
            self.postings[term as usize].push(Posting { doc, tf });
        }
        let phrasing_texts = phrasings
            .iter()
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
            .collect();
        let phrasings = phrasings
            .iter()
            .map(|text| {
                let (mut terms, pairs) = self.content_terms(text, false);
                terms.extend(pairs);
                terms.sort_unstable();
                terms.dedup();
                Phrasing { terms, norm: 0.0 }
            })
            .filter(|p| !p.terms.is_empty())
            .collect();
        let sentences = split_sentences(passage)
            .into_iter()
            .map(|text| {
                let (terms, _) = self.content_terms(&text, false);
                Sentence { text, terms }
            })
            .collect();
        Doc {
            kind,
            id: id.to_string(),
            title: title.to_string(),
            url: url.to_string(),
            len,
            phrasings,
            phrasing_texts,
            sentences,
            passage: passage.trim().to_string(),
        }
    }
}

/// A heading as a URL fragment: `Billing & refunds` → `billing-refunds`.
fn slug(text: &str) -> String {
    super::tokenize::words(text).join("-")
}

/// Splits prose into sentences: after `.`, `!` or `?` followed by a space and a capital letter or
/// digit, and at line breaks. Abbreviations like "e.g. this" stay whole because the next word is
/// lower case; a single capital before the stop ("U.S. Bank") is not taken as a sentence end.
pub(crate) fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let chars: Vec<char> = line.chars().collect();
        let mut start = 0;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if matches!(c, '.' | '!' | '?') {
                let mut end = i + 1;
                while end < chars.len()
                    && matches!(chars[end], '.' | '!' | '?' | '"' | '\'' | ')' | '”' | '’')
                {
                    end += 1;
                }
                let next = chars[end..]
                    .iter()
                    .position(|c| !c.is_whitespace())
                    .map(|p| end + p);
                let spaced = end < chars.len() && chars[end].is_whitespace();
                let capital_next = next.is_some_and(|n| {
                    chars[n].is_uppercase()
                        || chars[n].is_ascii_digit()
                        || matches!(chars[n], '"' | '“' | '(')
                });
                let initial = c == '.'
                    && i >= 1
                    && chars[i - 1].is_uppercase()
                    && (i < 2 || !chars[i - 2].is_alphanumeric());
                if spaced && capital_next && !initial {
                    let sentence: String = chars[start..end].iter().collect();
                    if !sentence.trim().is_empty() {
                        out.push(sentence.trim().to_string());
                    }
                    start = next.unwrap_or(chars.len());
                    i = start;
                    continue;
                }
                i = end;
                continue;
            }
            i += 1;
        }
        let rest: String = chars[start.min(chars.len())..].iter().collect();
        if !rest.trim().is_empty() {
            out.push(rest.trim().to_string());
        }
    }
    out
}

/// An offering's price in words, as a prospect would say it.
pub(crate) fn price_text(offering: &Offering) -> String {
    let price = &offering.price;
    let currency = &price.currency;
    let mut text = match (price.model, price.monthly) {
        (PriceModel::Free, _) => "Free".to_string(),
        (PriceModel::Quote, _) => "Priced by quote".to_string(),
        (PriceModel::Flat, Some(m)) => format!("{currency} {m} per month"),
        (PriceModel::PerSeat, Some(m)) => format!("{currency} {m} per seat per month"),
        (PriceModel::Usage, Some(m)) => format!("{currency} {m} per month plus usage"),
        (PriceModel::Usage, None) => "Priced by usage".to_string(),
        (_, None) => "Price on request".to_string(),
    };
    if let Some(fee) = price.setup_fee {
        text.push_str(&format!(", plus a {currency} {fee} setup fee"));
    }
    if let Some(discount) = price.annual_discount_percent {
        text.push_str(&format!(", {discount}% off when paid yearly"));
    }
    if !price.note.is_empty() {
        text.push_str(&format!(" ({})", price.note.trim()));
    }
    text
}

/// The passage shown for an offering: a summary a prospect can read on its own, with what it costs
/// and where it stops.
pub(crate) fn offering_passage(offering: &Offering) -> String {
    let mut text = offering.name.trim().to_string();
    let summary = offering.summary.trim();
    if !summary.is_empty() {
        text.push_str(": ");
        text.push_str(summary);
    }
    end_sentence(&mut text);
    text.push_str(&format!(" Price: {}.", price_text(offering)));
    if !offering.limits.is_empty() {
        let limits: Vec<String> = offering
            .limits
            .iter()
            .map(|l| format!("{} {}", l.name, l.value))
            .collect();
        text.push_str(&format!(" Limits: {}.", limits.join("; ")));
    }
    if !offering.best_for.is_empty() {
        text.push_str(&format!(" Best for {}", offering.best_for.trim()));
        end_sentence(&mut text);
    }
    if !offering.not_for.is_empty() {
        text.push_str(&format!(" Not for {}", offering.not_for.trim()));
        end_sentence(&mut text);
    }
    text
}

fn end_sentence(text: &mut String) {
    if !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_but_not_abbreviations_or_initials() {
        assert_eq!(
            split_sentences(
                "Plans renew monthly. You can cancel e.g. online! Ask J. Smith? Yes.\nNew line"
            ),
            [
                "Plans renew monthly.",
                "You can cancel e.g. online!",
                "Ask J. Smith?",
                "Yes.",
                "New line"
            ]
        );
    }

    #[test]
    fn slugs_headings() {
        assert_eq!(slug("Billing & Refunds"), "billing-refunds");
    }
}
