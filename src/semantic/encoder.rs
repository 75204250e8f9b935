//! The sentence encoder: all-MiniLM-L6-v2 (a 6-layer BERT) turning a text into a 384-number unit
//! vector whose cosine with another text's vector says how close their meanings are.
//!
//! Key decisions:
//! - It runs natively with `candle` (pure Rust) from the files the project's set-up unpacks from the
//!   PyPI wheel (`scripts/setup.sh`); nothing is downloaded at run time.
//! - It does what sentence-transformers does for this model, so its vectors are the published
//!   model's: inputs truncated at 256 tokens, mean pooling over the real tokens only (the attention
//!   mask, not the CLS token), then L2 normalisation. A batch is padded only to its longest input,
//!   not to the 128 tokens `tokenizer.json` asks for (same result, several times faster).
//! - f32 throughout: f16/bf16 give NaN with candle-transformers 0.11's BERT.

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

/// Where `scripts/setup.sh` unpacks the model; `--model DIR` and `HELPFIRST_MODEL` override it.
pub const DEFAULT_MODEL_DIR: &str = ".build/models/all-minilm-l6-v2";

/// The longest input the model reads, in tokens, as sentence-transformers sets it for this model.
const MAX_TOKENS: usize = 256;

/// The encoder's vectors have this many numbers.
pub const DIMENSIONS: usize = 384;

/// The model directory to use: the environment's `HELPFIRST_MODEL`, else the set-up's default.
pub fn default_model_dir() -> PathBuf {
    std::env::var_os("HELPFIRST_MODEL")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(DEFAULT_MODEL_DIR))
}

/// A loaded model; embedding is `&self`, so one encoder serves every thread.
pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    fingerprint: u64,
}

impl Encoder {
    /// Loads the model from `dir` (`config.json`, `tokenizer.json`, `model.safetensors`). The error
    /// names the file that is missing or wrong and how to get it.
    pub fn load(dir: &Path) -> Result<Encoder, String> {
        let file = |name: &str| dir.join(name);
        let read = |name: &str| {
            std::fs::read(file(name)).map_err(|e| {
                format!(
                    "{}: cannot read the sentence-embedding model: {e} (run `bash scripts/setup.sh`, \
                     which unpacks it into {DEFAULT_MODEL_DIR}, or pass --model DIR)",
                    file(name).display()
                )
            })
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| format!("{}: {e}", file("config.json").display()))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| format!("{}: {e}", file("tokenizer.json").display()))?;
        tokenizer.with_padding(Some(PaddingParams {
            strategy: PaddingStrategy::BatchLongest,
            ..PaddingParams::default()
        }));
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| format!("{}: {e}", file("tokenizer.json").display()))?;
        let device = Device::Cpu;
        let weights = read("model.safetensors")?;
        // Vectors cached on disk are only valid for the files that computed them.
        let mut hasher = std::hash::DefaultHasher::new();
        for name in ["config.json", "tokenizer.json"] {
            read(name)?.hash(&mut hasher);
        }
        weights.hash(&mut hasher);
        MAX_TOKENS.hash(&mut hasher);
        let fingerprint = hasher.finish();
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)
            .map_err(|e| format!("{}: {e}", file("model.safetensors").display()))?;
        let model = BertModel::load(vb, &config)
            .map_err(|e| format!("{}: {e}", file("model.safetensors").display()))?;
        Ok(Encoder {
            model,
            tokenizer,
            device,
            fingerprint,
        })
    }

    /// A hash of the model's files: what a vector cached on disk must have been computed with.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// One unit vector per text, in order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, String> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let encodings = self
            .tokenizer
            .encode_batch(texts.to_vec(), true)
            .map_err(|e| format!("tokenizing: {e}"))?;
        let rows = encodings.len();
        let columns = encodings.first().map_or(0, |e| e.get_ids().len());
        let mut ids = Vec::with_capacity(rows * columns);
        let mut mask = Vec::with_capacity(rows * columns);
        for encoding in &encodings {
            ids.extend(encoding.get_ids().iter().copied());
            mask.extend(encoding.get_attention_mask().iter().copied());
        }
        self.run(ids, mask, rows, columns)
            .map_err(|e| format!("running the sentence-embedding model: {e}"))
    }

    fn run(
        &self,
        ids: Vec<u32>,
        mask: Vec<u32>,
        rows: usize,
        columns: usize,
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let ids = Tensor::from_vec(ids, (rows, columns), &self.device)?;
        let mask = Tensor::from_vec(mask, (rows, columns), &self.device)?;
        let token_types = ids.zeros_like()?;
        let tokens = self.model.forward(&ids, &token_types, Some(&mask))?;
        // Mean over the real tokens: padding is masked out of both the sum and the count.
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
        let summed = tokens.broadcast_mul(&mask)?.sum(1)?;
        let counts = mask.sum(1)?.clamp(1e-9, f32::MAX)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f32::MAX)?;
        mean.broadcast_div(&norms)?.to_vec2::<f32>()
    }
}

/// The cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}
