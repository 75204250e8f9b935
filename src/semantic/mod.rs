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
//! Key decisions:
//! - Entry vectors are cached by a hash of the text they were computed from
//!   ([`EmbeddingCache`]), so reloading content only embeds what changed, and two indexes of the
//!   same content share the work.
//! - Content of more than [`RERANK_ABOVE`] documents (a whole manual: thousands of sections) is not
//!   embedded up front, which takes half an hour on two cores: each question's [`RERANK_TOP`] best
//!   lexical candidates are ranked again with their meaning, embedded when first needed and kept
//!   in the cache ([`Ranker::with_cache`]). A large site then costs work per question, not per
//!   section; what it gives up is an answer that shares no word with the question.

pub mod encoder;
pub mod service;

use crate::answer::{Entry, Index, Reply};
use encoder::Encoder;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// How many texts the encoder runs at once when embedding content. Texts are sorted by length
/// first, so a batch is padded only to texts about as long as its own: large enough to use the
/// matrix kernels well, while a batch of 256-token sections stays well under a gigabyte.
const BATCH: usize = 32;

/// Content with more documents than this is reranked (see the module's key decisions). A company's
/// FAQs and pages are a few hundred documents; a manual is thousands.
pub const RERANK_ABOVE: usize = 2_000;

/// How many of the lexical engine's best candidates a large content's question ranks again.
pub const RERANK_TOP: usize = 50;

/// Entry vectors by a hash of their text, shared by every index built in this process, and
/// optionally kept in a file so that another process (a re-run of `eval`, `ask` on the same site)
/// embeds only what is new: a manual's 4,000 sections take minutes to embed and an instant to load.
#[derive(Default)]
pub struct EmbeddingCache {
    vectors: Mutex<HashMap<u64, Arc<Vec<f32>>>>,
    /// Where new vectors are appended, if the cache is kept on disk.
    file: Option<PathBuf>,
}

/// One record of the cache file: the text's hash, then its vector, little-endian.
const RECORD: usize = 8 + 4 * encoder::DIMENSIONS;

impl EmbeddingCache {
    /// A cache kept in `dir`, in a file of its own for `encoder`'s model (vectors of another model,
    /// or another version of this one, are never mixed in). A record cut short by an interrupted
    /// run is ignored.
    pub fn on_disk(dir: &Path, encoder: &Encoder) -> Result<EmbeddingCache, String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("{}: cannot create the embedding cache: {e}", dir.display()))?;
        let file = dir.join(format!("{:016x}.vectors", encoder.fingerprint()));
        let bytes = match std::fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(format!("{}: cannot read: {e}", file.display())),
        };
        let vectors = bytes
            .chunks_exact(RECORD)
            .map(|record| {
                let (key, vector) = record.split_at(8);
                let key = u64::from_le_bytes(key.try_into().unwrap_or_default());
                let vector = vector
                    .chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect();
                (key, Arc::new(vector))
            })
            .collect();
        if bytes.len() % RECORD != 0 {
            // Drop the partial record so later appends stay aligned.
            let whole = (bytes.len() / RECORD * RECORD) as u64;
            std::fs::OpenOptions::new()
                .write(true)
                .open(&file)
                .and_then(|f| f.set_len(whole))
                .map_err(|e| format!("{}: cannot repair: {e}", file.display()))?;
        }
        Ok(EmbeddingCache {
            vectors: Mutex::new(vectors),
            file: Some(file),
        })
    }

    /// The vectors of `texts`, in order, embedding only those not seen before (in batches of
    /// texts of similar length).
    pub fn embed(&self, encoder: &Encoder, texts: &[&str]) -> Result<Vec<Arc<Vec<f32>>>, String> {
        let keys: Vec<u64> = texts.iter().map(|t| text_hash(t)).collect();
        let mut missing: Vec<&str> = {
            let vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
            let mut seen = std::collections::HashSet::new();
            texts
                .iter()
                .zip(&keys)
                .filter(|(_, key)| !vectors.contains_key(key) && seen.insert(**key))
                .map(|(text, _)| *text)
                .collect()
        };
        missing.sort_by_key(|text| text.len());
        for chunk in missing.chunks(BATCH) {
            let computed = encoder.embed(chunk)?;
            let mut records = Vec::new();
            let mut vectors = self.vectors.lock().unwrap_or_else(|e| e.into_inner());
            for (text, vector) in chunk.iter().zip(computed) {
                let key = text_hash(text);
                if self.file.is_some() {
                    records.extend(key.to_le_bytes());
                    records.extend(vector.iter().flat_map(|x| x.to_le_bytes()));
                }
                vectors.insert(key, Arc::new(vector));
            }
            if let Some(file) = &self.file {
                append(file, &records)?;
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

fn append(file: &Path, records: &[u8]) -> Result<(), String> {
    use std::io::Write;
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(records))
        .map_err(|e| {
            format!(
                "{}: cannot write to the embedding cache: {e}",
                file.display()
            )
        })
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
    /// For each document, the unit mean of those vectors: what its phrasings have in common.
    centroids: Vec<Vec<f32>>,
    /// Large content: the cache its candidates are embedded through, question by question (then
    /// `entries` and `centroids` are empty).
    rerank: Option<Arc<EmbeddingCache>>,
}

impl Ranker {
    /// Embeds every entry of `index` (through `cache`).
    pub fn new(
        index: Index,
        encoder: Arc<Encoder>,
        cache: &EmbeddingCache,
    ) -> Result<Ranker, String> {
        let texts: Vec<Vec<&str>> = index.entries().map(entry_texts).collect();
        let flat: Vec<&str> = texts.iter().flatten().copied().collect();
        let mut vectors = cache.embed(&encoder, &flat)?.into_iter();
        let entries: Vec<Vec<Arc<Vec<f32>>>> = texts
            .iter()
            .map(|t| vectors.by_ref().take(t.len()).collect())
            .collect();
        let centroids = entries.iter().map(|vectors| centroid(vectors)).collect();
        Ok(Ranker {
            index,
            encoder,
            entries,
            centroids,
            rerank: None,
        })
    }

    /// Embeds every entry of `index` up front as [`new`](Self::new) does, unless it has more than
    /// [`RERANK_ABOVE`] documents: then nothing is embedded until a question asks, and each
    /// question's best lexical candidates are embedded through `cache` and ranked again.
    pub fn with_cache(
        index: Index,
        encoder: Arc<Encoder>,
        cache: Arc<EmbeddingCache>,
    ) -> Result<Ranker, String> {
        if index.len() <= RERANK_ABOVE {
            return Ranker::new(index, encoder, &cache);
        }
        Ok(Ranker {
            index,
            encoder,
            entries: Vec::new(),
            centroids: Vec::new(),
            rerank: Some(cache),
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
    /// phrasings and passage (a visitor's question usually mirrors one of them), blended with the
    /// cosine with their centroid (what they all say, less swayed by one odd phrasing).
    /// On large content, only the question's lexical candidates have one; the others are 0.
    pub fn similarity(&self, question: &str) -> Result<Vec<f32>, String> {
        let vector = self
            .encoder
            .embed(&[question])?
            .pop()
            .ok_or("the encoder returned no vector")?;
        if let Some(cache) = &self.rerank {
            return self.candidate_similarity(question, &vector, cache);
        }
        Ok(self
            .entries
            .iter()
            .zip(&self.centroids)
            .map(|(vectors, centroid)| self.blend(&vector, vectors, centroid))
            .collect())
    }

    /// The similarity of a question's vector to one document's vectors and their centroid.
    fn blend(&self, question: &[f32], vectors: &[Arc<Vec<f32>>], centroid: &[f32]) -> f32 {
        let share = self.index.config().centroid_share.clamp(0.0, 1.0);
        let closest = vectors
            .iter()
            .map(|v| encoder::cosine(question, v))
            .fold(0.0f32, f32::max);
        (1.0 - share) * closest + share * encoder::cosine(question, centroid)
    }

    /// [`similarity`](Self::similarity) on large content: the question's lexical candidates
    /// embedded (in one batch of those not yet in `cache`) and compared; the rest 0.
    fn candidate_similarity(
        &self,
        question: &str,
        vector: &[f32],
        cache: &EmbeddingCache,
    ) -> Result<Vec<f32>, String> {
        let candidates = self.index.candidates(question, RERANK_TOP);
        let texts: Vec<Vec<&str>> = candidates
            .iter()
            .filter_map(|&doc| self.index.entry(doc))
            .map(entry_texts)
            .collect();
        let flat: Vec<&str> = texts.iter().flatten().copied().collect();
        let mut vectors = cache.embed(&self.encoder, &flat)?.into_iter();
        let mut similarity = vec![0.0; self.index.len()];
        for (&doc, texts) in candidates.iter().zip(&texts) {
            let vectors: Vec<Arc<Vec<f32>>> = vectors.by_ref().take(texts.len()).collect();
            similarity[doc] = self.blend(vector, &vectors, &centroid(&vectors));
        }
        Ok(similarity)
    }
}

/// What is embedded for one document: its phrasings and its passage.
fn entry_texts(entry: Entry<'_>) -> Vec<&str> {
    let mut texts: Vec<&str> = entry.phrasings.iter().map(String::as_str).collect();
    if !entry.passage.is_empty() {
        texts.push(entry.passage);
    }
    texts
}

/// The unit vector along the mean of `vectors` (zero for none).
fn centroid(vectors: &[Arc<Vec<f32>>]) -> Vec<f32> {
    let mut mean = vec![0.0f32; encoder::DIMENSIONS];
    for vector in vectors {
        for (m, x) in mean.iter_mut().zip(vector.iter()) {
            *m += x;
        }
    }
    let norm = mean.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        mean.iter_mut().for_each(|x| *x /= norm);
    }
    mean
}
