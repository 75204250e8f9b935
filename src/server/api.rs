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
    write_key: Option<&str>,
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
        Method::Post => ingest(request, store, shape, write_key),
        Method::Options => empty(204),
        _ => not_allowed("POST, OPTIONS"),
    }
}

fn ingest(
    request: &mut Request,
    store: &mut Store,
    shape: Shape,
    write_key: Option<&str>,
) -> ResponseBox {
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
    if let Some(expected) = write_key {
        if let Err(problem) = check_write_key(request, &body, expected) {
            return failure(401, &[problem]);
        }
    }
    let client = request.remote_addr().map(|addr| addr.ip().to_string());
    match store.ingest_from(shape, &body, client.as_deref()) {
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

/// The write key may come as Segment's libraries send it: the Basic auth user name
/// (`analytics-node`), or `writeKey` in the body (the widget, whose `sendBeacon` cannot set headers).
fn check_write_key(request: &Request, body: &[u8], expected: &str) -> Result<(), String> {
    let header = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Authorization"))
        .map(|header| header.value.as_str().to_owned());
    if let Some(header) = header {
        return if header.trim() == format!("Basic {}", base64(&format!("{expected}:"))) {
            Ok(())
        } else {
            Err("Authorization: not this collector's write key".to_owned())
        };
    }
    let in_body = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|body| body.get("writeKey")?.as_str().map(str::to_owned));
    match in_body {
        Some(key) if key == expected => Ok(()),
        Some(_) => Err("writeKey: not this collector's write key".to_owned()),
        None => Err(
            "writeKey: missing; this collector needs its write key in the body's writeKey \
             or as the Basic auth user name"
                .to_owned(),
        ),
    }
}

/// Standard base64 with padding, enough to build the `Authorization: Basic` value to compare.
fn base64(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut encoded = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let bits = chunk.iter().enumerate().fold(0u32, |bits, (index, &byte)| {
            bits | u32::from(byte) << (16 - 8 * index)
        });
        for index in 0..4 {
            if index <= chunk.len() {
                encoded.push(char::from(
                    ALPHABET[(bits >> (18 - 6 * index) & 63) as usize],
                ));
            } else {
                encoded.push('=');
            }
        }
    }
    encoded
}
