//! Building the responses the server sends: JSON for the collector, plain text for the rest.
//!
//! Key decision: every handler returns axum's `Response`, so files, JSON and empty answers share
//! one type and headers can be added in one place on the way out.

use axum::body::Body;
use axum::http::header::{HeaderName, HeaderValue, ALLOW, CONTENT_TYPE, RETRY_AFTER};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

/// Adds a header. Ours are constants or values the request already carried as valid header text,
/// so one that does not fit a header is a bug that loses only the header, never the answer.
pub fn add_header(response: &mut Response, name: HeaderName, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().append(name, value);
    }
}

/// A response with a status, a content type and a body.
pub fn with_body(status: u16, content_type: &str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    *response.status_mut() = status_code(status);
    add_header(&mut response, CONTENT_TYPE, content_type);
    response
}

pub fn text(status: u16, body: &str) -> Response {
    with_body(status, "text/plain; charset=utf-8", body.to_owned())
}

pub fn json(status: u16, body: &Value) -> Response {
    with_body(status, "application/json", body.to_string())
}

/// The collector's error answer: `{"ok":false,"errors":[...]}`.
pub fn failure(status: u16, errors: &[String]) -> Response {
    json(status, &json!({ "ok": false, "errors": errors }))
}

/// 503 with `Retry-After`: the server is healthy but busy, and the client should send again
/// (the widget honours `Retry-After`; `messageId` makes the resend safe).
pub fn busy(message: &str) -> Response {
    let mut response = failure(503, &[message.to_owned()]);
    add_header(&mut response, RETRY_AFTER, "1");
    response
}

pub fn empty(status: u16) -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status_code(status);
    response
}

/// 405, naming the methods the path does take.
pub fn not_allowed(allow: &str) -> Response {
    let mut response = text(405, "method not allowed");
    add_header(&mut response, ALLOW, allow);
    response
}

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
