//! The index as bytes: `helpfirst build` builds it natively and writes it beside the content
//! (`content.index` beside `content.json`), and the widget reads it ready to use, as Pagefind does.
//!
//! Why: building the index in the browser took a quarter of a second of one main-thread task on a
//! fast laptop (a second on Lighthouse's throttled phone), right inside the host page's measured
//! load; decoding the same index takes a few milliseconds.
//!
//! Key decisions:
//! - The bytes start with a header naming the format and the release, then a fingerprint of the
//!   exact content JSON they were built from. An index of another release or of other content is
//!   refused (the widget then builds its own), so answers never come from a stale index.
//! - The body is `postcard` (serde, compact varints): a small decoder in the wasm, and no JSON
//!   text to parse for thousands of postings.
//! - The term lookup table is not stored: it is the inverse of `names`, rebuilt on reading.

use super::index::Store;
use super::synonyms::Synonyms;
use super::{Config, Index};
use crate::content::Content;

/// Names the format and the release: a different release may lay the index out differently.
fn header() -> String {
    format!("helpfirst-index 1 {}\n", env!("CARGO_PKG_VERSION"))
}

/// FNV-1a over the content JSON: cheap in the browser and enough to tell two builds apart.
fn fingerprint(content_json: &str) -> [u8; 8] {
    let hash = content_json
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        });
    hash.to_le_bytes()
}

impl Index {
    /// Builds the index of `content` (default configuration, as the widget uses) and returns it as
    /// bytes bound to `content_json`, the content exactly as the widget will fetch it.
    pub fn prebuilt(content: &Content, content_json: &str) -> Result<Vec<u8>, String> {
        let index = Index::new(content);
        let mut bytes = header().into_bytes();
        bytes.extend_from_slice(&fingerprint(content_json));
        let body = postcard::to_allocvec(&(&index.store, &index.synonyms))
            .map_err(|e| format!("cannot encode the index: {e}"))?;
        bytes.extend_from_slice(&body);
        Ok(bytes)
    }

    /// Reads bytes [`Index::prebuilt`] wrote for exactly `content_json` in this release; `None`
    /// for anything else, and then the caller builds the index from the content.
    pub fn from_prebuilt(bytes: &[u8], content_json: &str) -> Option<Index> {
        let rest = bytes.strip_prefix(header().as_bytes())?;
        let rest = rest.strip_prefix(&fingerprint(content_json)[..])?;
        let (mut store, synonyms): (Store, Synonyms) = postcard::from_bytes(rest).ok()?;
        store.terms = (0..)
            .zip(&store.names)
            .map(|(id, name)| (name.clone(), id))
            .collect();
        Some(Index {
            store,
            synonyms,
            config: Config::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Index;
    use crate::content::{Company, Content, Faq};

    fn content() -> (Content, String) {
        let faq = |id: &str, question: &str, answer: &str| Faq {
            id: id.into(),
            question: question.into(),
            answer: answer.into(),
            url: format!("/faq#{id}"),
            alternates: vec!["Is there a trial period?".into()],
            tags: vec![],
        };
        let content = Content {
            company: Company {
                name: "Kestrel".into(),
                url: "https://kestrel.example".into(),
                language: "en".into(),
            },
            faqs: vec![
                faq(
                    "trial",
                    "Is there a free trial?",
                    "Yes: 14 days, no card needed.",
                ),
                faq(
                    "cancel",
                    "Can I cancel anytime?",
                    "Yes, from the billing page.",
                ),
            ],
            synonyms: vec![vec!["cancel".into(), "terminate".into()]],
            ..Content::default()
        };
        // Stands for the content JSON: only its exact text matters here.
        let json = format!("{content:?}");
        (content, json)
    }

    #[test]
    fn a_prebuilt_index_answers_exactly_like_one_built_from_the_content() {
        let (content, json) = content();
        let bytes = Index::prebuilt(&content, &json).unwrap();
        let read = Index::from_prebuilt(&bytes, &json).expect("reads its own bytes");
        let built = Index::new(&content);
        for question in [
            "free trial?",
            "can I terminate my plan",
            "trail",
            "pricing of seats",
        ] {
            assert_eq!(read.ask(question), built.ask(question), "{question}");
            assert_eq!(read.suggest(question, 3), built.suggest(question, 3));
        }
    }

    #[test]
    fn an_index_of_other_content_or_damaged_bytes_is_refused() {
        let (content, json) = content();
        let bytes = Index::prebuilt(&content, &json).unwrap();
        assert!(Index::from_prebuilt(&bytes, &json.replace("14 days", "30 days")).is_none());
        assert!(Index::from_prebuilt(&bytes[..bytes.len() / 2], &json).is_none());
        assert!(Index::from_prebuilt(b"helpfirst-index 0 0.0.0\n", &json).is_none());
    }
}
