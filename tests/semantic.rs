//! The sentence encoder against reference vectors computed outside the test suite
//! (`bench/answers/reference-cosines.py`, numpy over the same model files), and the fused ranker on
//! the questions the lexical engine answered wrongly.
#![cfg(not(target_arch = "wasm32"))]

use helpfirst::answer::Index;
use helpfirst::semantic::encoder::{cosine, default_model_dir, Encoder};
use helpfirst::semantic::{EmbeddingCache, Ranker};
use serde_json::Value;
use std::sync::{Arc, OnceLock};

fn encoder() -> Arc<Encoder> {
    static ENCODER: OnceLock<Arc<Encoder>> = OnceLock::new();
    Arc::clone(ENCODER.get_or_init(|| {
        // The model is unpacked by `bash scripts/setup.sh`, which `make test` runs first.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(default_model_dir());
        Arc::new(Encoder::load(&dir).unwrap_or_else(|e| panic!("{e}")))
    }))
}

fn fixture() -> Value {
    serde_json::from_str(include_str!("fixtures/reference-cosines.json")).unwrap()
}

fn numbers(value: &Value) -> Vec<f32> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap() as f32)
        .collect()
}

#[test]
fn embeddings_match_the_numpy_reference() {
    let fixture = fixture();
    let sentences: Vec<&str> = fixture["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    // One batch, so inputs of different lengths are padded: padding must not change any vector.
    let vectors = encoder().embed(&sentences).unwrap();
    assert_eq!(vectors.len(), sentences.len());
    for (i, vector) in vectors.iter().enumerate() {
        assert_eq!(vector.len(), 384);
        let norm: f32 = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{}: norm {norm}", sentences[i]);
        let expected = numbers(&fixture["first_dims"][i]);
        for (d, (got, want)) in vector.iter().zip(&expected).enumerate() {
            assert!(
                (got - want).abs() < 1e-4,
                "{}: dimension {d} is {got}, the reference {want}",
                sentences[i]
            );
        }
        for (j, other) in vectors.iter().enumerate() {
            let want = fixture["cosines"][i][j].as_f64().unwrap() as f32;
            let got = cosine(vector, other);
            assert!(
                (got - want).abs() < 1e-4,
                "cosine({}, {}) is {got}, the reference {want}",
                sentences[i],
                sentences[j]
            );
        }
    }
}

#[test]
fn one_sentence_alone_gets_the_same_vector_as_in_a_padded_batch() {
    let fixture = fixture();
    let first = fixture["sentences"][0].as_str().unwrap();
    let alone = encoder().embed(&[first]).unwrap().pop().unwrap();
    let expected = numbers(&fixture["first_dims"][0]);
    for (got, want) in alone.iter().zip(&expected) {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
}

#[test]
fn a_missing_model_is_an_error_naming_the_file_and_the_fix() {
    let Err(error) = Encoder::load(std::path::Path::new("no/such/model")) else {
        panic!("a missing model loaded");
    };
    assert!(error.contains("no/such/model/config.json"), "{error}");
    assert!(error.contains("scripts/setup.sh"), "{error}");
}

fn demo_ranker() -> Ranker {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let content = helpfirst::content::source::load(&dir).unwrap_or_else(|_| panic!("demo content"));
    Ranker::new(Index::new(&content), encoder(), &EmbeddingCache::default()).unwrap()
}

#[test]
fn the_fused_ranker_abstains_where_the_lexical_engine_said_a_confident_yes() {
    let ranker = demo_ranker();
    for question in [
        "Are you HIPAA compliant? We are a small medical clinic.",
        "Do you have a dark mode?",
    ] {
        let reply = ranker.ask(question).unwrap();
        assert!(
            reply.abstained,
            "{question}: answered with {:?}",
            reply.best()
        );
    }
}

#[test]
fn the_fused_ranker_answers_the_demos_questions_asked_in_other_words() {
    // Declining HIPAA and dark mode must not cost the questions the content does answer.
    let ranker = demo_ranker();
    for (question, id) in [
        ("Can I get my money back?", "refund-policy"),
        ("Does it work without internet?", "works-offline"),
        ("Is there an iPhone app?", "mobile-apps"),
        ("Can we keep our data in Europe?", "data-residency"),
        ("Can clients see our pages?", "guest-access"),
    ] {
        let reply = ranker.ask(question).unwrap();
        assert_eq!(
            reply.best().map(|a| a.id.as_str()),
            Some(id),
            "{question}: {:?}",
            reply.answers.first()
        );
    }
}

#[test]
fn the_fused_ranker_finds_an_answer_that_shares_no_word_with_the_question() {
    let cache = EmbeddingCache::default();
    let content = helpfirst::content::Content {
        faqs: vec![
            faq(
                "cancel",
                "How do I cancel my subscription?",
                "Open Billing and press Cancel.",
            ),
            faq(
                "export",
                "Can I export my data?",
                "Yes, as CSV from Settings.",
            ),
            faq(
                "team",
                "Can I invite my team?",
                "Yes, up to ten people on the Team plan.",
            ),
        ],
        ..Default::default()
    };
    let ranker = Ranker::new(Index::new(&content), encoder(), &cache).unwrap();
    let reply = ranker.ask("I want to stop paying every month").unwrap();
    assert_eq!(reply.answers[0].id, "cancel");
    // Every text was embedded once; a second index of the same content embeds nothing new.
    let embedded = cache.len();
    Ranker::new(Index::new(&content), encoder(), &cache).unwrap();
    assert_eq!(cache.len(), embedded);
}

fn faq(id: &str, question: &str, answer: &str) -> helpfirst::content::Faq {
    helpfirst::content::Faq {
        id: id.into(),
        question: question.into(),
        answer: answer.into(),
        url: format!("/faq#{id}"),
        alternates: Vec::new(),
        tags: Vec::new(),
    }
}

#[test]
fn vectors_kept_on_disk_are_read_back_and_a_record_cut_short_is_dropped() {
    let dir = std::env::temp_dir().join(format!("helpfirst-embeddings-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let texts = ["How do I cancel my subscription?", "Can I export my data?"];
    let first = EmbeddingCache::on_disk(&dir, &encoder()).unwrap();
    let computed = first.embed(&encoder(), &texts).unwrap();

    // An interrupted run leaves half a record at the end of the file.
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let whole = std::fs::metadata(&file).unwrap().len();
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend([7u8; 100]);
    std::fs::write(&file, &bytes).unwrap();

    // Another process's cache has both vectors, exactly, before embedding anything.
    let second = EmbeddingCache::on_disk(&dir, &encoder()).unwrap();
    assert_eq!(second.len(), 2);
    assert_eq!(std::fs::metadata(&file).unwrap().len(), whole);
    let read = second.embed(&encoder(), &texts).unwrap();
    assert_eq!(second.len(), 2);
    for (a, b) in computed.iter().zip(&read) {
        assert_eq!(a, b);
    }
    // A new text is appended after the repaired end, and a third reader sees all three.
    second
        .embed(&encoder(), &["Can I invite my team?"])
        .unwrap();
    assert_eq!(EmbeddingCache::on_disk(&dir, &encoder()).unwrap().len(), 3);
    std::fs::remove_dir_all(&dir).unwrap();
}
