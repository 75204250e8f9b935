//! `POST /v1/answer`: the HTTP face of the answering service (`crate::semantic::service`), which
//! does the work and keeps its own limits; this only reads the body, bounded, and writes the reply.
//!
//! Key decision: the question is ranked on a blocking thread, because running the model takes
//! tens of milliseconds of CPU that must not stall the connections served by the async threads.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::header::{HeaderMap, CONNECTION, RETRY_AFTER};
use axum::http::Method;
use axum::response::Response;

use super::api::{read, Unread};
use super::reply::{add_header, empty, failure, json, not_allowed, text};
use super::Site;
use crate::semantic::service::{self, MAX_BODY_BYTES};

pub async fn respond(
    State(site): State<Arc<Site>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    method: Method,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(answers) = site.answers.clone() else {
        return text(404, "not found: this server answers no questions");
    };
    match method {
        Method::POST => {}
        Method::OPTIONS => return empty(204),
        _ => return not_allowed("POST, OPTIONS"),
    }
    let mut close = false;
    let reply = match read(&headers, body, MAX_BODY_BYTES).await {
        Ok(body) => {
            let asked = tokio::task::spawn_blocking(move || {
                answers.handle(&body, remote.ip(), Instant::now())
            })
            .await;
            match asked {
                Ok(reply) => reply,
                Err(error) => return failure(500, &[format!("answering failed: {error}")]),
            }
        }
        Err(Unread::TooLarge { close: unread }) => {
            // The rest of an oversized body was not read, so the connection cannot be reused.
            close = unread;
            service::Response::too_large()
        }
        Err(Unread::Failed(error)) => {
            return failure(400, &[format!("body: could not be read ({error})")])
        }
    };
    let mut response = json(reply.status, &reply.body);
    if let Some(seconds) = reply.retry_after {
        add_header(&mut response, RETRY_AFTER, &seconds.to_string());
    }
    if close {
        add_header(&mut response, CONNECTION, "close");
    }
    response
}
