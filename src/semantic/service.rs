//! The answering service behind `POST /v1/answer`, independent of any HTTP framework: the request
//! body and the client's address in, a status and a JSON body out.
//!
//! Key decisions:
//! - It stores nothing. Answering is a service the visitor asked for, not a record of them: the
//!   question is read, answered and forgotten (no log line, no database row). What the widget
//!   records, it records as events, under the site's own consent rules.
//! - It protects the server on its own: bodies over [`MAX_BODY_BYTES`] and questions over
//!   [`MAX_QUESTION_CHARS`] are refused before the model runs, and each client address gets a
//!   token bucket ([`RATE_BURST`] questions at once, then [`RATE_PER_MINUTE`] a minute), because a
//!   question costs the server milliseconds of CPU where an event costs microseconds.
//! - It is ready when the content is embedded; until then it answers 503 and the widget answers
//!   locally, so a server never waits for the model to start.

use super::Ranker;
use crate::answer::Reply;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

/// The largest request body read: a question and a few options fit in far less.
pub const MAX_BODY_BYTES: usize = 4096;
/// The longest question answered, in characters: longer than any real question, and the model
/// reads at most 256 tokens anyway.
pub const MAX_QUESTION_CHARS: usize = 500;
/// Questions a client may ask at once.
pub const RATE_BURST: f64 = 20.0;
/// Questions a client may ask per minute, sustained.
pub const RATE_PER_MINUTE: f64 = 60.0;
/// Ranked answers a reply lists at most.
const MAX_ANSWERS: usize = 3;
/// Clients remembered by the rate limiter; beyond this, those with a full bucket are forgotten
/// (they would get a full bucket again anyway), then all if that is not enough, so a flood of
/// addresses cannot grow memory.
const MAX_CLIENTS: usize = 10_000;

/// What the HTTP layer sends back.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: Value,
    /// Seconds to wait before asking again, for a 429's `Retry-After`.
    pub retry_after: Option<u64>,
}

impl Response {
    fn new(status: u16, body: Value) -> Response {
        Response {
            status,
            body,
            retry_after: None,
        }
    }

    fn error(status: u16, message: String) -> Response {
        Response::new(status, json!({ "ok": false, "errors": [message] }))
    }

    /// A body over [`MAX_BODY_BYTES`]; the HTTP layer stops reading there and says this too.
    pub fn too_large() -> Response {
        Response::error(
            413,
            format!("body: larger than {MAX_BODY_BYTES} bytes; send {{\"question\": \"...\"}}"),
        )
    }
}

/// The service: the ranker once it is ready, and the rate limiter.
#[derive(Default)]
pub struct AnswerService {
    ranker: OnceLock<Result<Arc<Ranker>, String>>,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl AnswerService {
    /// A service whose ranker is being prepared elsewhere (see [`AnswerService::ready`]).
    pub fn new() -> AnswerService {
        AnswerService::default()
    }

    /// Hands over the ranker (or why there is none); answers flow from then on.
    pub fn ready(&self, ranker: Result<Ranker, String>) {
        // Only the first call counts: a service is prepared once.
        let _ = self.ranker.set(ranker.map(Arc::new));
    }

    /// Answers one request.
    pub fn handle(&self, body: &[u8], client: IpAddr, now: Instant) -> Response {
        if body.len() > MAX_BODY_BYTES {
            return Response::too_large();
        }
        // Readiness first: a client polling while the content is embedded spends no allowance.
        let ranker = match self.ranker.get() {
            Some(Ok(ranker)) => ranker,
            Some(Err(why)) => {
                return Response::error(503, format!("the answer service is unavailable: {why}"))
            }
            None => {
                return Response::error(
                    503,
                    "the answer service is starting (embedding the content); ask again shortly"
                        .to_owned(),
                )
            }
        };
        if let Err(wait) = self.take_token(client, now) {
            let mut response = Response::error(
                429,
                format!("too many questions from this address; ask again in {wait} s"),
            );
            response.retry_after = Some(wait);
            return response;
        }
        let question = match read_question(body) {
            Ok(question) => question,
            Err(message) => return Response::error(400, message),
        };
        match ranker.ask(&question) {
            Ok(reply) => Response::new(200, reply_json(&reply)),
            Err(message) => {
                eprintln!("helpfirst: answer service: {message}");
                Response::error(500, "the question could not be answered".to_owned())
            }
        }
    }

    /// Takes one question from the client's bucket, or says how many seconds until one is back.
    fn take_token(&self, client: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let per_second = RATE_PER_MINUTE / 60.0;
        if buckets.len() >= MAX_CLIENTS && !buckets.contains_key(&client) {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.updated).as_secs_f64() * per_second
                    < RATE_BURST
            });
            // Still full: a flood from that many addresses. Starting afresh keeps memory bounded;
            // such a flood could get fresh buckets from new addresses anyway.
            if buckets.len() >= MAX_CLIENTS {
                buckets.clear();
            }
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: RATE_BURST,
            updated: now,
        });
        let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(RATE_BURST);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / per_second).ceil() as u64)
        }
    }
}

/// The question of a body `{"question": "..."}`, or what is wrong with it.
fn read_question(body: &[u8]) -> Result<String, String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("body: not JSON ({e}); send {{\"question\": \"...\"}}"))?;
    let question = match value.get("question") {
        Some(Value::String(question)) => question.trim(),
        Some(_) => return Err("question: must be a string".to_owned()),
        None => return Err("question: missing; send {\"question\": \"...\"}".to_owned()),
    };
    if question.is_empty() {
        return Err("question: empty".to_owned());
    }
    let chars = question.chars().count();
    if chars > MAX_QUESTION_CHARS {
        return Err(format!(
            "question: {chars} characters, more than the {MAX_QUESTION_CHARS} answered"
        ));
    }
    Ok(question.to_owned())
}

/// The reply as the widget reads it: the abstain decision, the ranked answers with their passages
/// and confidence, and related questions.
pub fn reply_json(reply: &Reply) -> Value {
    let answers: Vec<Value> = reply
        .answers
        .iter()
        .take(MAX_ANSWERS)
        .map(|a| {
            json!({
                "id": a.id,
                "title": a.title,
                "passage": a.passage,
                "url": a.url,
                "source": a.source.as_str(),
                "confidence": (f64::from(a.confidence) * 1000.0).round() / 1000.0,
            })
        })
        .collect();
    json!({
        "engine": "fused",
        "abstained": reply.abstained,
        "answers": answers,
        "related": reply.related,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_client_gets_a_burst_then_one_question_a_second_and_others_are_not_affected() {
        let service = AnswerService::new();
        let (one, other) = ("127.0.0.1".parse().unwrap(), "127.0.0.2".parse().unwrap());
        let start = Instant::now();
        for _ in 0..RATE_BURST as usize {
            assert_eq!(service.take_token(one, start), Ok(()));
        }
        assert_eq!(service.take_token(one, start), Err(1));
        assert_eq!(service.take_token(other, start), Ok(()));
        let later = start + Duration::from_millis(1100);
        assert_eq!(service.take_token(one, later), Ok(()));
        assert_eq!(service.take_token(one, later), Err(1));
    }

    #[test]
    fn the_limiter_forgets_idle_clients_instead_of_growing_without_bound() {
        let service = AnswerService::new();
        let start = Instant::now();
        for n in 0..MAX_CLIENTS as u32 + 5 {
            let client = IpAddr::from(n.to_be_bytes());
            let _ = service.take_token(client, start + Duration::from_secs(60));
        }
        let remembered = service.buckets.lock().unwrap().len();
        assert!(remembered <= MAX_CLIENTS, "{remembered}");
    }
}
