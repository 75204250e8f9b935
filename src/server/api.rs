//! The collector's HTTP endpoints, `POST /v1/batch` and `POST /v1/track`, as Segment's HTTP
//! tracking API defines them, with their CORS preflight (origins are checked by `cors::guard`).
//!
//! Key decisions: the body is read whatever its `Content-Type`, because browsers send events as
//! `text/plain` (with `sendBeacon` or `fetch`) precisely to avoid a preflight request. It is read
//! chunk by chunk up to the shape's limit, so no allocation is ever sized by the client's
//! `Content-Length`; parsing runs off the async threads; storing goes through the single writer,
//! and the answer is sent only once the events are committed.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{HeaderMap, AUTHORIZATION, CONNECTION, CONTENT_LENGTH};
use axum::http::Method;
use axum::response::Response;
use http_body_util::BodyExt;
use serde_json::json;

use super::reply::{add_header, busy, empty, failure, json, not_allowed};
use super::Site;
use crate::collector::{body_limit, parse, too_large, IngestError, Shape};
use crate::notify;

/// How far past the limit an oversized body is still read (and thrown away), so a client that
/// sent a little too much gets its 413 rather than a reset connection. A client announcing more
/// than this gets the 413 at once and the connection is closed.
const DISCARD_BYTES: usize = 1024 * 1024;

pub async fn batch(
    State(site): State<Arc<Site>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(&site, remote, method, &headers, body, Shape::Batch).await
}

/// What this collector does besides storing events: whether it tells a person about handoffs
/// (the widget promises delivery only when it does).
pub async fn capabilities(State(site): State<Arc<Site>>, method: Method) -> Response {
    match method {
        Method::GET | Method::HEAD => json(200, &notify::capabilities(&site.handoff_channels)),
        Method::OPTIONS => empty(204),
        _ => not_allowed("GET, HEAD, OPTIONS"),
    }
}

pub async fn track(
    State(site): State<Arc<Site>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    respond(&site, remote, method, &headers, body, Shape::Track).await
}

async fn respond(
    site: &Site,
    remote: SocketAddr,
    method: Method,
    headers: &HeaderMap,
    body: Body,
    shape: Shape,
) -> Response {
    match method {
        Method::POST => ingest(site, remote, headers, body, shape).await,
        Method::OPTIONS => empty(204),
        _ => not_allowed("POST, OPTIONS"),
    }
}

async fn ingest(
    site: &Site,
    remote: SocketAddr,
    headers: &HeaderMap,
    body: Body,
    shape: Shape,
) -> Response {
    let body = match read(headers, body, body_limit(shape)).await {
        Ok(body) => body,
        Err(Unread::TooLarge { close }) => {
            let mut response = refusal(too_large(shape));
            if close {
                add_header(&mut response, CONNECTION, "close");
            }
            return response;
        }
        Err(Unread::Failed(error)) => {
            return failure(400, &[format!("body: could not be read ({error})")])
        }
    };
    let authorization = headers
        .get(AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let write_key = site.write_key.clone();
    let parsed = tokio::task::spawn_blocking(move || {
        if let Some(expected) = write_key {
            check_write_key(authorization.as_deref(), &body, &expected)
                .map_err(|problem| Box::new(failure(401, &[problem])))?;
        }
        parse(&body, shape).map_err(|error| Box::new(refusal(error)))
    })
    .await;
    let parsed = match parsed {
        Ok(Ok(parsed)) => parsed,
        Ok(Err(refused)) => return *refused,
        Err(error) => return refusal(IngestError::Storage(format!("parsing failed: {error}"))),
    };
    let pending = match site.writer.submit(parsed, Some(remote.ip().to_string())) {
        Ok(pending) => pending,
        Err(error) => return refusal(error),
    };
    match pending.await {
        Ok(Ok(ingested)) => json(
            200,
            &json!({ "ok": true, "stored": ingested.stored, "duplicates": ingested.duplicates }),
        ),
        Ok(Err(error)) => refusal(error),
        Err(_) => refusal(IngestError::Storage(
            "the event writer stopped before storing the events".to_owned(),
        )),
    }
}

/// The answer for a body that was not stored; none of its events were.
fn refusal(error: IngestError) -> Response {
    match error {
        IngestError::TooLarge(message) => failure(413, &[message]),
        IngestError::Invalid(problems) => failure(400, &problems),
        IngestError::Busy(message) => busy(&message),
        IngestError::Storage(message) => failure(500, &[message]),
    }
}

/// Why a body was not read.
pub(super) enum Unread {
    /// Over the limit; `close` when the rest was not read, so the connection cannot be reused.
    TooLarge {
        close: bool,
    },
    Failed(String),
}

/// Reads the body up to `limit` bytes, in the chunks the client sends.
pub(super) async fn read(
    headers: &HeaderMap,
    mut body: Body,
    limit: usize,
) -> Result<Vec<u8>, Unread> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > (limit + DISCARD_BYTES) as u64) {
        return Err(Unread::TooLarge { close: true });
    }
    let mut read = Vec::new();
    let mut seen = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|error| Unread::Failed(error.to_string()))?;
        let Ok(chunk) = frame.into_data() else {
            continue;
        };
        seen += chunk.len();
        if seen > limit + DISCARD_BYTES {
            return Err(Unread::TooLarge { close: true });
        }
        if seen <= limit {
            read.extend_from_slice(&chunk);
        } else {
            read.clear();
        }
    }
    if seen > limit {
        return Err(Unread::TooLarge { close: false });
    }
    Ok(read)
}

/// The write key may come as Segment's libraries send it: the Basic auth user name
/// (`analytics-node`), or `writeKey` in the body (the widget, whose `sendBeacon` cannot set headers).
fn check_write_key(authorization: Option<&str>, body: &[u8], expected: &str) -> Result<(), String> {
    if let Some(header) = authorization {
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
