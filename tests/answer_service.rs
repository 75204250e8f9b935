//! `POST /v1/answer` on a real server on 127.0.0.1: the fused answers, the limits a hostile client
//! meets (oversized bodies, junk, floods), and that answering stores nothing.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use helpfirst::answer::Index;
use helpfirst::semantic::encoder::{default_model_dir, Encoder};
use helpfirst::semantic::service::{AnswerService, MAX_BODY_BYTES, RATE_BURST};
use helpfirst::semantic::{EmbeddingCache, Ranker};
use serde_json::json;
use std::path::Path;
use std::sync::Arc;
use support::Demo;

/// A server answering from the demo's content with the real model.
fn answering(test: &str) -> Demo {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = helpfirst::content::source::load(&root.join("www/content"))
        .unwrap_or_else(|_| panic!("the demo content loads"));
    let encoder = Encoder::load(&root.join(default_model_dir())).unwrap_or_else(|e| panic!("{e}"));
    let ranker = Ranker::new(
        Index::new(&content),
        Arc::new(encoder),
        &EmbeddingCache::default(),
    );
    let service = Arc::new(AnswerService::new());
    service.ready(ranker);
    Demo::start_with(test, |config| config.answers = Some(service))
}

#[test]
fn answers_with_passages_and_abstains_without_storing_anything() {
    let demo = answering("answer-fused");
    let reply = demo.post(
        "/v1/answer",
        &[],
        &json!({ "question": "Can I cancel anytime?" }),
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    let body = reply.json();
    assert_eq!(body["engine"], "fused");
    assert_eq!(body["abstained"], false, "{body}");
    let best = &body["answers"][0];
    assert!(!best["passage"].as_str().unwrap().is_empty(), "{body}");
    assert!(best["url"].as_str().unwrap().starts_with('/'), "{body}");
    assert!(body["answers"].as_array().unwrap().len() <= 3);

    for question in [
        "Are you HIPAA compliant? We are a small medical clinic.",
        "Do you have a dark mode?",
    ] {
        let reply = demo.post("/v1/answer", &[], &json!({ "question": question }));
        assert_eq!(reply.status, 200);
        assert_eq!(
            reply.json()["abstained"],
            true,
            "{question}: {}",
            reply.text()
        );
    }
    assert!(demo.events().is_empty(), "answering stored events");
}

#[test]
fn bad_requests_are_refused_with_what_is_wrong() {
    let demo = answering("answer-bad");
    let too_large = vec![b'a'; MAX_BODY_BYTES + 10];
    let cases: [(&[u8], u16, &str); 5] = [
        (&too_large, 413, "larger than"),
        (b"not json", 400, "not JSON"),
        (br#"{"q": "hello"}"#, 400, "question: missing"),
        (br#"{"question": 42}"#, 400, "must be a string"),
        (br#"{"question": "   "}"#, 400, "empty"),
    ];
    for (body, status, says) in cases {
        let reply = demo.send("POST", "/v1/answer", &[], body);
        assert_eq!(reply.status, status, "{}", reply.text());
        assert!(reply.text().contains(says), "{}", reply.text());
    }
    let long = json!({ "question": "why ".repeat(200) });
    let reply = demo.post("/v1/answer", &[], &long);
    assert_eq!(reply.status, 400);
    assert!(reply.text().contains("characters"), "{}", reply.text());
    let reply = demo.get("/v1/answer");
    assert_eq!(reply.status, 405);
    assert_eq!(reply.header("Allow"), Some("POST, OPTIONS"));
}

#[test]
fn a_flood_from_one_address_is_slowed_down() {
    let demo = answering("answer-flood");
    // Junk bodies: the limit counts requests, and is checked before any parsing or model work.
    let burst = RATE_BURST as usize;
    for n in 0..burst {
        let reply = demo.send("POST", "/v1/answer", &[], b"junk");
        assert_eq!(reply.status, 400, "request {n}");
    }
    let reply = demo.post(
        "/v1/answer",
        &[],
        &json!({ "question": "Is there a free plan?" }),
    );
    assert_eq!(reply.status, 429, "{}", reply.text());
    let wait: u64 = reply.header("Retry-After").unwrap().parse().unwrap();
    assert!(wait >= 1, "{wait}");
}

#[test]
fn a_service_still_loading_or_not_configured_says_so() {
    let loading = Arc::new(AnswerService::new());
    let demo = Demo::start_with("answer-loading", |config| config.answers = Some(loading));
    let reply = demo.post(
        "/v1/answer",
        &[],
        &json!({ "question": "Is there a free plan?" }),
    );
    assert_eq!(reply.status, 503);
    assert!(reply.text().contains("starting"), "{}", reply.text());

    let failed = Arc::new(AnswerService::new());
    failed.ready(Err("no model".to_owned()));
    let demo = Demo::start_with("answer-failed", |config| config.answers = Some(failed));
    let reply = demo.post(
        "/v1/answer",
        &[],
        &json!({ "question": "Is there a free plan?" }),
    );
    assert_eq!(reply.status, 503);
    assert!(reply.text().contains("no model"), "{}", reply.text());

    let none = Demo::start("answer-none", &[]);
    let reply = none.post(
        "/v1/answer",
        &[],
        &json!({ "question": "Is there a free plan?" }),
    );
    assert_eq!(reply.status, 404);
}
