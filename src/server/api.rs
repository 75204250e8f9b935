//! The collector's HTTP endpoints, `POST /v1/batch` and `POST /v1/track`, as Segment's HTTP
//! tracking API defines them, with their CORS preflight.
//!
//! Key decision: the body is read whatever its `Content-Type`, because browsers send events as
//! `text/plain` (with `sendBeacon` or `fetch`) precisely to avoid a preflight request.

use std::io::Read;

use serde_json::json;
use tiny_http::{Method, Request, ResponseBox};

use super::cors::Verdict;
use super::reply::{empty, failure, json, not_allowed};
use crate::collector::{IngestError, Shape, Store, MAX_BATCH_BYTES};

/// Answers a request to one of the collector's paths.
pub fn respond(
    request: &mut Request,
    verdict: &Verdict,
    store: &mut Store,
    shape: Shape,
) -> ResponseBox {
    if let Verdict::Refused(origin) = verdict {
        return failure(
            403,
            &[format!(
                "origin {origin} may not send events here; \
                 start the server with --allow-origin {origin} to allow it"
            )],
        );
    }
    match request.method() {
        Method::Post => ingest(request, store, shape),
        Method::Options => empty(204),
        _ => not_allowed("POST, OPTIONS"),
    }
}

fn ingest(request: &mut Request, store: &mut Store, shape: Shape) -> ResponseBox {
    // One byte past the largest body allowed lets the collector report "too large" without the
    // server buffering an upload of any size.
    let mut body = Vec::new();
    let read = request
        .as_reader()
        .take(MAX_BATCH_BYTES as u64 + 1)
        .read_to_end(&mut body);
    if let Err(error) = read {
        return failure(400, &[format!("body: could not be read ({error})")]);
    }
    match store.ingest(shape, &body) {
        Ok(ingested) => json(
            200,
            &json!({ "ok": true, "stored": ingested.stored, "duplicates": ingested.duplicates }),
        ),
        Err(IngestError::TooLarge(message)) => failure(413, &[message]),
        Err(IngestError::Invalid(problems)) => failure(400, &problems),
        Err(IngestError::Storage(message)) => {
            eprintln!("helpfirst: {message}");
            failure(500, &[message])
        }
    }
}
