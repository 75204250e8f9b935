//! Content and needs for the advice tests (`compare.rs`, `honest_advice.rs`): the demo content, a
//! throwaway content folder holding one offerings file, and the recommendation as ids.
//!
//! Each test binary uses only part of it, hence `dead_code` allowed.
#![allow(dead_code)]

use helpfirst::compare::{assess, Needs, Recommendation};
use helpfirst::content::{source, Content};
use helpfirst::locale::Speech;
use std::fs;
use std::path::{Path, PathBuf};

pub fn demo() -> Content {
    source::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content")).unwrap()
}

pub fn needs(json: &str) -> Needs {
    serde_json::from_str(json).unwrap()
}

/// A content folder for one test: a small company and the given offerings file.
pub fn folder(test: &str, offerings: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("helpfirst-advice-{test}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::write(
        dir.join("company.toml"),
        "[company]\nname = \"Quill\"\nurl = \"https://quill.test\"\n",
    )
    .unwrap();
    fs::write(dir.join("offerings.toml"), offerings).unwrap();
    dir
}

/// The recommended ids, in order.
pub fn recommended(content: &Content, needs: &Needs) -> Vec<String> {
    let (ranked, recommendation) = assess(&content.offerings, needs, &Speech::english());
    match recommendation {
        Recommendation::One(i) => vec![ranked[i].offering.id.clone()],
        Recommendation::Tie(tied) => tied
            .iter()
            .map(|&i| ranked[i].offering.id.clone())
            .collect(),
        Recommendation::Nothing => Vec::new(),
    }
}
