//! Which other sites may send events and load the widget's files, and the headers saying so.
//!
//! Key decision: an event from an origin not on the allow-list is refused with 403 *before* it is
//! stored. CORS headers alone would only hide the answer from the page: a `text/plain` POST (what
//! `sendBeacon` sends) is a "simple" request that browsers deliver without asking first. These
//! headers are only ever added to the widget-facing routes and files; the stored events and the
//! report never get them (see `access`).

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{
    HeaderMap, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS,
    ACCESS_CONTROL_ALLOW_ORIGIN, ACCESS_CONTROL_MAX_AGE, HOST, ORIGIN, VARY,
};
use axum::middleware::Next;
use axum::response::Response;

use super::reply::{add_header, failure};
use super::Site;

/// The layer on the widget-facing routes: refuses other origins' requests before the handler
/// runs, and tells allowed origins they may read the answer.
pub async fn guard(State(site): State<Arc<Site>>, request: Request, next: Next) -> Response {
    let verdict = site.origins.judge(request.headers());
    if let Verdict::Refused(origin) = &verdict {
        return failure(
            403,
            &[format!(
                "origin {origin} may not send events here; \
                 start the server with --allow-origin {origin} to allow it"
            )],
        );
    }
    let mut response = next.run(request).await;
    add_headers(&mut response, &verdict);
    response
}

/// The origins given with `--allow-origin`.
pub struct AllowList {
    any: bool,
    origins: Vec<String>,
}

/// How a request stands, judged by its `Origin` header.
pub enum Verdict {
    /// No `Origin`, or the server's own: not a cross-origin request.
    SameOrigin,
    /// A cross-origin request from an allowed origin, which is echoed back.
    Allowed(String),
    /// A cross-origin request from any other origin.
    Refused(String),
}

impl AllowList {
    /// Accepts `*` or origins like `https://shop.example` (a trailing `/` is dropped).
    pub fn parse(entries: &[String]) -> Result<AllowList, String> {
        let mut list = AllowList {
            any: false,
            origins: Vec::new(),
        };
        for entry in entries {
            if entry == "*" {
                list.any = true;
                continue;
            }
            let origin = entry.trim_end_matches('/');
            let valid = ["http://", "https://"].iter().any(|scheme| {
                origin
                    .strip_prefix(scheme)
                    .is_some_and(|host| !host.is_empty() && !host.contains('/'))
            });
            if !valid {
                return Err(format!(
                    "--allow-origin {entry:?}: expected * or an origin like \
                     https://shop.example (a scheme and a host, no path)"
                ));
            }
            list.origins.push(origin.to_owned());
        }
        Ok(list)
    }

    /// Judges a request by its headers.
    pub fn judge(&self, headers: &HeaderMap) -> Verdict {
        let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
        self.check(header(ORIGIN), header(HOST))
    }

    /// Judges a request by its `Origin` and `Host` headers. Same-origin means the origin names the
    /// host the request was sent to, whatever the scheme, so it still holds behind a TLS proxy.
    fn check(&self, origin: Option<&str>, host: Option<&str>) -> Verdict {
        let Some(origin) = origin else {
            return Verdict::SameOrigin;
        };
        let same = host.is_some_and(|host| {
            origin
                .split_once("://")
                .is_some_and(|(_, origin_host)| origin_host.eq_ignore_ascii_case(host))
        });
        if same {
            Verdict::SameOrigin
        } else if self.any || self.origins.iter().any(|o| o.eq_ignore_ascii_case(origin)) {
            Verdict::Allowed(origin.to_owned())
        } else {
            Verdict::Refused(origin.to_owned())
        }
    }
}

/// Adds the CORS headers for a response whose content depends on the request's origin.
pub fn add_headers(response: &mut Response, verdict: &Verdict) {
    // Caches must not give one origin's answer to another.
    add_header(response, VARY, "Origin");
    if let Verdict::Allowed(origin) = verdict {
        add_header(response, ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        add_header(response, ACCESS_CONTROL_ALLOW_METHODS, "POST, OPTIONS");
        add_header(
            response,
            ACCESS_CONTROL_ALLOW_HEADERS,
            "Content-Type, Authorization",
        );
        add_header(response, ACCESS_CONTROL_MAX_AGE, "86400");
    }
}
