//! Building the responses the server sends: JSON for the collector, plain text for the rest.
//!
//! Key decision: every handler returns a boxed response, so files, JSON and empty answers share
//! one type and headers can be added in one place on the way out.

use serde_json::{json, Value};
use tiny_http::{Header, Response, ResponseBox};

/// Adds a header. `tiny_http` refuses only non-ASCII text, which HTTP cannot carry anyway; ours
/// are constants, or values tiny_http already parsed as ASCII from the request, so none is lost.
pub fn add_header(response: &mut ResponseBox, name: &str, value: &str) {
    if let Ok(header) = Header::from_bytes(name, value) {
        response.add_header(header);
    }
}

pub fn text(status: u16, body: &str) -> ResponseBox {
    let mut response = Response::from_string(body).with_status_code(status).boxed();
    add_header(&mut response, "Content-Type", "text/plain; charset=utf-8");
    response
}

pub fn json(status: u16, body: &Value) -> ResponseBox {
    let mut response = Response::from_string(body.to_string())
        .with_status_code(status)
        .boxed();
    add_header(&mut response, "Content-Type", "application/json");
    response
}

/// The collector's error answer: `{"ok":false,"errors":[...]}`.
pub fn failure(status: u16, errors: &[String]) -> ResponseBox {
    json(status, &json!({ "ok": false, "errors": errors }))
}

pub fn empty(status: u16) -> ResponseBox {
    Response::empty(status).boxed()
}

/// 405, naming the methods the path does take.
pub fn not_allowed(allow: &str) -> ResponseBox {
    let mut response = text(405, "method not allowed");
    add_header(&mut response, "Allow", allow);
    response
}
