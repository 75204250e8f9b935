//! Semantic answers: the server's sentence encoder, fused with the lexical engine.
//!
//! The lexical engine (`crate::answer`) runs everywhere, in the visitor's browser too, but only
//! sees words: "Are you HIPAA compliant?" matches the GDPR entry on "compliant", and "stop paying
//! for my plan" misses "cancel my subscription". A sentence encoder sees meaning, but its model is
//! 91 MB, so it runs natively, on the server the company already runs for events, never in the
//! widget.
//!
//! - [`encoder`]: the model (all-MiniLM-L6-v2 with `candle`), text in, unit vector out;
//! - [`Ranker`] (here): the content's entries embedded once, and questions answered by the fused
//!   ranking of [`Index::ask_fused`];
//! - [`service`]: `POST /v1/answer`, framework-free: request bytes in, status and JSON out.
//!
//! Key decision: entry vectors are cached by a hash of the text they were computed from
//! ([`EmbeddingCache`]), so reloading content only embeds what changed, and two indexes of the
//! same content share the work.

pub mod encoder;
pub mod service;

use crate::answer::{Index, Reply};
use encoder::Encoder;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

/// How many texts the encoder runs at once when embedding content: large enough to use the
/// matrix kernels well, small enough that padding to the batch's longest text stays cheap.
const BATCH: usize = 8;

/// Entry vectors by a hash of their text, shared by every index built in this process.
#[derive(Default)]
pub struct EmbeddingCache {
    vectors: Mutex<HashMap<u64, Arc<Vec<f32>>>>,
}

impl EmbeddingCache {
    /// The vectors of `texts`, in order, embedding only those not seen before.
    pub fn embed(&self, encoder: &Encoder, texts: &[&str]) -> Result<Vec<Arc<Vec<f32>>>, String> {
        let keys: Vec<u64> = texts.iter().map(|t| text_hash(t)).collect();
        let missing: Vec<&str> = {
            let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = std::collections::HashSet::new();
            texts
                .iter()
                .zip(&keys)
                .filter(|(_, key)| !vectors.contains_key(key) && seen.insert(**key))
                .map(|(text, _)| *text)
                .collect()
        };
        for chunk in missing.chunks(BATCH) {
            let computed = encoder.embed(chunk)?;
            let mut vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
            for (text, vector) in chunk.iter().zip(computed) {
                vectors.insert(text_hash(text), Arc::new(vector));
            }
        }
        let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
        Ok(keys.iter().map(|key| Arc::clone(&vectors[key])).collect())
    }

    /// How many distinct texts have been embedded.
    pub fn len(&self) -> usize {
        self.vectors.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn text_hash(text: &str) -> u64 {
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// The content's index with each entry's vectors: what answers questions by meaning and words.
pub struct Ranker {
    index: Index,
    encoder: Arc<Encoder>,
    /// For each document (in [`Index::entries`] order), the vectors of its phrasings and passage.
    entries: Vec<Vec<Arc<Vec<f32>>>>,
}

impl Ranker {
    /// Embeds every entry of `index` (through `cache`).
    pub fn new(
        index: Index,
        encoder: Arc<Encoder>,
        cache: &EmbeddingCache,
    ) -> Result<Ranker, String> {
        let texts: Vec<Vec<&str>> = index
            .entries()
            .map(|entry| {
                let mut texts: Vec<&str> = entry.phrasings.iter().map(String::as_str).collect();
                if !entry.passage.is_empty() {
                    texts.push(entry.passage);
                }
                texts
            })
            .collect();
        let flat: Vec<&str> = texts.iter().flatten().copied().collect();
        let mut vectors = cache.embed(&encoder, &flat)?.into_iter();
        let entries = texts
            .iter()
            .map(|t| vectors.by_ref().take(t.len()).collect())
            .collect();
        Ok(Ranker {
            index,
            encoder,
            entries,
        })
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The fused reply to `question`.
    pub fn ask(&self, question: &str) -> Result<Reply, String> {
        let similarity = self.similarity(question)?;
        Ok(self.index.ask_fused(question, &similarity))
    }

    /// The meaning similarity of `question` to each document: the cosine with the closest of its
    /// phrasings and passage (a visitor's question usually mirrors one of them, not their average).
    pub fn similarity(&self, question: &str) -> Result<Vec<f32>, String> {
        let vector = self
            .encoder
            .embed(&[question])?
            .pop()
            .ok_or("the encoder returned no vector")?;
        Ok(self
            .entries
            .iter()
            .map(|vectors| {
                vectors
                    .iter()
                    .map(|v| encoder::cosine(&vector, v))
                    .fold(0.0f32, f32::max)
            })
            .collect())
    }
}
