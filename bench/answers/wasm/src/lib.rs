//! The answer engine exposed to the Chromium speed benchmark (`bench/answers/speed.mjs`).
//!
//! Key decision: the benchmark measures exactly what the widget does, through the crate's own
//! `answer::Index`: the index is built from a parsed `content.json` object (as the widget receives
//! it from `JSON.parse`), and a question gets a full `ask` (ranking, confidence, passages, related
//! questions), of which only the ranked ids cross back to JavaScript.
use helpfirst::answer::Index;
use helpfirst::content::Content;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
pub struct Engine {
    index: Index,
}

#[wasm_bindgen]
impl Engine {
    /// Builds the index from a content object shaped like `content.json`.
    #[wasm_bindgen(constructor)]
    pub fn new(content: JsValue) -> Result<Engine, JsValue> {
        let content: Content = serde_wasm_bindgen::from_value(content)?;
        Ok(Engine {
            index: Index::new(&content),
        })
    }

    /// The ids of the ranked answers to a question, best first (whether or not it abstains, like
    /// the peers, which have no notion of abstaining).
    pub fn ask(&self, question: &str) -> Vec<String> {
        self.index
            .ask(question)
            .answers
            .into_iter()
            .map(|answer| answer.id)
            .collect()
    }
}
