//! `POST /v1/answer`: the HTTP face of the answering service (`crate::semantic::service`), which
//! does the work and keeps its own limits; this only reads the body, bounded, and writes the reply.

use std::io::Read;
use std::time::Instant;

use tiny_http::{Method, Request, ResponseBox};

use super::cors::Verdict;
use super::reply::{empty, failure, json, not_allowed};
use crate::semantic::service::{AnswerService, MAX_BODY_BYTES};

pub fn respond(request: &mut Request, verdict: &Verdict, service: &AnswerService) -> ResponseBox {
    if let Verdict::Refused(origin) = verdict {
        return failure(
            403,
            &[format!(
                "origin {origin} may not ask questions here; \
                 start the server with --allow-origin {origin} to allow it"
            )],
        );
    }
    match request.method() {
        Method::Post => {}
        Method::Options => return empty(204),
        _ => return not_allowed("POST, OPTIONS"),
    }
    // One byte past the limit lets the service say "too large" without buffering any upload.
    let mut body = Vec::new();
    if let Err(error) = request
        .as_reader()
        .take(MAX_BODY_BYTES as u64 + 1)
        .read_to_end(&mut body)
    {
        return failure(400, &[format!("body: could not be read ({error})")]);
    }
    let client = request
        .remote_addr()
        .map_or(std::net::Ipv4Addr::UNSPECIFIED.into(), |addr| addr.ip());
    let answer = service.handle(&body, client, Instant::now());
    let mut response = json(answer.status, &answer.body);
    if let Some(seconds) = answer.retry_after {
        super::reply::add_header(&mut response, "Retry-After", &seconds.to_string());
    }
    response
}
