//! The compiled content as bytes: `helpfirst build` writes the content and its answer index, built
//! natively, as one file beside the JSON (`content.index` beside `content.json`), and the widget
//! reads both ready to use, as Pagefind does.
//!
//! Why: building the index in the browser took a quarter of a second of one main-thread task on a
//! fast laptop (a second on Lighthouse's throttled phone), right inside the host page's measured
//! load; decoding the same index takes a few milliseconds. The content travels in the same file so
//! the widget needs no JSON decoder (`serde-wasm-bindgen`'s derived decoders for the content cost
//! more code than the whole postcard decoder), and so the index's copies of the content's text
//! compress against the text they copy.
//!
//! Key decisions:
//! - The bytes start with a header naming the format and the release: a different release may lay
//!   the content or the index out differently, so such a file is refused by name.
//! - The body is laid out as `postcard` lays out serde's data (compact varints): written here
//!   with postcard, read by the widget with [`crate::compact`]'s small hand-written reader (serde's
//!   derived decoders cost the wasm about 40 KB of code), and no JSON text to parse for thousands
//!   of postings.
//! - The term lookup table is not stored: it is the inverse of `names`, rebuilt on reading.
//! - It is read in steps ([`Reader`]): the content, the index's store, then its synonyms and
//!   term table. Each step is a short piece of work, so the widget gives the host page a turn
//!   between them and its start-up never runs as one long main-thread task (on a throttled
//!   phone every task over 50 ms counts against the host page's speed).

use super::index::{Doc, Phrasing, Posting, Sentence, Store};
use super::synonyms::Synonyms;
use super::tokenize::Analyzer;
use super::{Config, Index, Source};
use crate::compact::{Damaged, Decode, Reader as Bytes};
use crate::content::Content;

/// Names the format and the release: a different release may lay the file out differently.
fn header() -> String {
    format!("helpfirst-index 2 {}\n", env!("CARGO_PKG_VERSION"))
}

impl Index {
    /// Builds the index of `content` (default configuration, as the widget uses) and returns the
    /// content and its index as one file's bytes. Native only: the widget reads the file.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn prebuilt(content: &Content) -> Result<Vec<u8>, String> {
        let index = Index::new(content);
        let mut bytes = header().into_bytes();
        let body = postcard::to_allocvec(&(content, &index.store, &index.synonyms))
            .map_err(|e| format!("cannot encode the index: {e}"))?;
        bytes.extend_from_slice(&body);
        Ok(bytes)
    }

    /// Reads bytes [`Index::prebuilt`] wrote in this release: the content and its index.
    pub fn from_prebuilt(bytes: &[u8]) -> Result<(Content, Index), String> {
        let mut reader = Index::reader(bytes)?;
        loop {
            if let Some(read) = reader.step()? {
                return Ok(read);
            }
        }
    }

    /// A reader of bytes [`Index::prebuilt`] wrote, once they are known to be this release's
    /// format; nothing is decoded yet.
    pub fn reader(bytes: &[u8]) -> Result<Reader<'_>, String> {
        let rest = bytes.strip_prefix(header().as_bytes()).ok_or_else(|| {
            let found = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
            format!(
                "it is not {} (it starts with {:?}): build it again with this release's `helpfirst build`",
                header().trim_end(),
                String::from_utf8_lossy(&found[..found.len().min(40)])
            )
        })?;
        Ok(Reader {
            rest,
            content: None,
            store: None,
        })
    }
}

/// Reads bytes [`Index::prebuilt`] wrote, one step at a time (see the module's doc); made by
/// [`Index::reader`].
pub struct Reader<'a> {
    rest: &'a [u8],
    content: Option<Content>,
    store: Option<Store>,
}

impl Reader<'_> {
    /// Reads the next part: `None` while there is more to read, then the content and its index.
    pub fn step(&mut self) -> Result<Option<(Content, Index)>, String> {
        if self.content.is_none() {
            self.content = Some(self.take()?);
            return Ok(None);
        }
        let Some(mut store) = self.store.take() else {
            self.store = Some(self.take()?);
            return Ok(None);
        };
        let synonyms: Synonyms = self.take()?;
        if !self.rest.is_empty() {
            return Err("it is damaged (it goes on after its end)".to_string());
        }
        store.terms = super::index::term_order(&store.names);
        let index = Index {
            store,
            synonyms,
            config: Config::default(),
        };
        Ok(self.content.take().map(|content| (content, index)))
    }

    fn take<T: Decode>(&mut self) -> Result<T, String> {
        let mut bytes = Bytes::new(self.rest);
        let value = bytes.read();
        self.rest = bytes.finish().map_err(|Damaged| {
            "it is damaged (cut short, or not as this release writes it)".to_string()
        })?;
        Ok(value)
    }
}

impl Decode for Store {
    fn decode(r: &mut Bytes<'_>) -> Store {
        Store {
            analyzer: r.read(),
            docs: r.read(),
            terms: Default::default(),
            names: r.read(),
            postings: r.read(),
            idf: r.read(),
            unseen_idf: r.read(),
            avg_len: r.read(),
            surfaces: r.read(),
        }
    }
}

/// Stored as its language tag: the stemmer is code, made again on reading.
impl Decode for Analyzer {
    fn decode(r: &mut Bytes<'_>) -> Analyzer {
        Analyzer::new(&r.read::<String>())
    }
}

impl Decode for Doc {
    fn decode(r: &mut Bytes<'_>) -> Doc {
        Doc {
            kind: r.read(),
            id: r.read(),
            title: r.read(),
            url: r.read(),
            len: r.read(),
            phrasings: r.read(),
            phrasing_texts: r.read(),
            sentences: r.read(),
            passage: r.read(),
        }
    }
}

impl Decode for Source {
    fn decode(r: &mut Bytes<'_>) -> Source {
        match r.variant() {
            0 => Source::Faq,
            1 => Source::Section,
            2 => Source::Offering,
            _ => r.damaged(Source::Faq),
        }
    }
}

impl Decode for Phrasing {
    fn decode(r: &mut Bytes<'_>) -> Phrasing {
        Phrasing {
            terms: r.read(),
            norm: r.read(),
        }
    }
}

impl Decode for Sentence {
    fn decode(r: &mut Bytes<'_>) -> Sentence {
        Sentence {
            text: r.read(),
            terms: r.read(),
        }
    }
}

impl Decode for Posting {
    fn decode(r: &mut Bytes<'_>) -> Posting {
        Posting {
            doc: r.read(),
            tf: r.read(),
        }
    }
}

impl Decode for Synonyms {
    fn decode(r: &mut Bytes<'_>) -> Synonyms {
        Synonyms { groups: r.read() }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::Index;
    use crate::content::{Company, Content, Faq};

    fn content() -> Content {
        let faq = |id: &str, question: &str, answer: &str| Faq {
            id: id.into(),
            question: question.into(),
            answer: answer.into(),
            url: format!("/faq#{id}"),
            alternates: vec!["Is there a trial period?".into()],
            tags: vec![],
        };
        Content {
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
        }
    }

    #[test]
    fn the_file_gives_back_the_content_and_an_index_that_answers_exactly_like_one_built_from_it() {
        let content = content();
        let bytes = Index::prebuilt(&content).unwrap();
        let (read_content, read) = Index::from_prebuilt(&bytes).expect("reads its own bytes");
        assert_eq!(read_content, content);
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
    fn the_demo_contents_index_is_read_back_field_for_field() {
        for dir in ["www/content", "www/de/content"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            let content = crate::content::source::load(&path).expect("the demo content loads");
            let built = Index::new(&content);
            let (read_content, read) = Index::from_prebuilt(&Index::prebuilt(&content).unwrap())
                .expect("reads its own bytes");
            assert_eq!(read_content, content, "{dir}");
            let (a, b) = (&built.store, &read.store);
            assert_eq!(format!("{:?}", a.docs), format!("{:?}", b.docs), "{dir}");
            assert_eq!(a.names, b.names, "{dir}");
            assert_eq!(format!("{:?}", a.postings), format!("{:?}", b.postings));
            assert_eq!((&a.idf, a.unseen_idf), (&b.idf, b.unseen_idf), "{dir}");
            assert_eq!((a.avg_len, &a.surfaces), (b.avg_len, &b.surfaces), "{dir}");
            assert_eq!(a.terms, b.terms, "{dir}");
            assert_eq!(format!("{:?}", a.analyzer), format!("{:?}", b.analyzer));
            let synonyms = |index: &Index| format!("{:?}", index.synonyms);
            assert_eq!(synonyms(&built), synonyms(&read), "{dir}");
        }
    }

    #[test]
    fn the_file_is_read_in_three_steps_so_the_widget_can_yield_between_them() {
        let bytes = Index::prebuilt(&content()).unwrap();
        let mut reader = Index::reader(&bytes).unwrap();
        assert!(reader.step().unwrap().is_none(), "the content first");
        assert!(reader.step().unwrap().is_none(), "then the store");
        let (read, _) = reader.step().unwrap().expect("then the rest, and done");
        assert_eq!(read, content());
    }

    #[test]
    fn a_file_of_another_release_or_damaged_bytes_is_refused_with_the_reason() {
        let bytes = Index::prebuilt(&content()).unwrap();
        let refusal = |bytes: &[u8]| Index::from_prebuilt(bytes).err().expect("refused");
        let cut = refusal(&bytes[..bytes.len() / 2]);
        assert!(cut.contains("damaged"), "{cut}");
        let mut longer = bytes.clone();
        longer.push(0);
        let longer = refusal(&longer);
        assert!(longer.contains("goes on after its end"), "{longer}");
        let old = refusal(b"helpfirst-index 1 0.0.0\nrest");
        assert!(old.contains("\"helpfirst-index 1 0.0.0\""), "{old}");
        assert!(old.contains("helpfirst build"), "{old}");
    }
}
