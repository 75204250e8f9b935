//! Who may read what visitors typed: the event export and the marketer's report.
//!
//! Key decisions: a caller on the same machine (loopback, over IPv4 or IPv6, including IPv4-mapped
//! addresses on a dual-stack bind) is the marketer running the collector, so needs nothing; any
//! other caller must show the token given with `--token` or `HELPFIRST_TOKEN`. Without a token,
//! stored questions never leave the machine. Two browser attacks are closed before that: a request
//! whose `Host` is a name the operator did not allow is refused (DNS rebinding points an attacker's
//! name at 127.0.0.1; IP addresses and loopback names cannot be rebound), and a request from another
//! site's page (an `Origin` that is not this server) is refused and never gets CORS headers,
//! whatever `--allow-origin` says: that list is for posting events.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{HeaderMap, AUTHORIZATION, HOST, ORIGIN};
use axum::middleware::Next;
use axum::response::Response;

use super::reply::failure;
use super::Site;

/// Names that always mean this machine.
const LOOPBACK_NAMES: &[&str] = &["localhost"];

pub struct Access {
    token: Option<String>,
    hosts: Vec<String>,
}

impl Access {
    /// `hosts` are the names given with `--allow-host`, such as `collector.example`.
    pub fn new(token: Option<String>, hosts: &[String]) -> Result<Access, String> {
        for host in hosts {
            let valid = !host.is_empty()
                && host
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b".-".contains(&byte));
            if !valid {
                return Err(format!(
                    "--allow-host {host:?}: expected a host name like collector.example \
                     (no scheme, port or path)"
                ));
            }
        }
        Ok(Access {
            token: token.filter(|token| !token.is_empty()),
            hosts: hosts.iter().map(|host| host.to_ascii_lowercase()).collect(),
        })
    }

    /// `None` when the caller may read stored events; otherwise the answer that says why not.
    pub fn refusal(&self, remote: SocketAddr, headers: &HeaderMap) -> Option<Response> {
        let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
        let host = header(HOST).unwrap_or_default();
        if !self.host_allowed(host) {
            return Some(failure(
                403,
                &[format!(
                    "Host: {host:?} is not a name stored events are served under; start the \
                     collector with --allow-host NAME to allow it"
                )],
            ));
        }
        if let Some(origin) = header(ORIGIN).filter(|origin| !same_origin(origin, host)) {
            return Some(failure(
                403,
                &[format!(
                    "Origin: stored events are never readable from another site's page \
                     ({origin})"
                )],
            ));
        }
        if is_loopback(remote.ip()) {
            return None;
        }
        let Some(token) = &self.token else {
            return Some(failure(
                403,
                &["stored events are only readable from this machine; \
                   start the collector with --token (or HELPFIRST_TOKEN) to allow others"
                    .to_owned()],
            ));
        };
        match header(AUTHORIZATION).and_then(|value| value.strip_prefix("Bearer ")) {
            Some(given) if same(given.trim(), token) => None,
            Some(_) => Some(failure(
                401,
                &["Authorization: the token is not right".to_owned()],
            )),
            None => Some(failure(
                401,
                &["Authorization: missing; send `Authorization: Bearer TOKEN`".to_owned()],
            )),
        }
    }

    /// Loopback names, IP addresses and the operator's names, with or without a port.
    fn host_allowed(&self, host: &str) -> bool {
        let name = strip_port(host).to_ascii_lowercase();
        let bracketless = name.trim_start_matches('[').trim_end_matches(']');
        !name.is_empty()
            && (bracketless.parse::<IpAddr>().is_ok()
                || LOOPBACK_NAMES.contains(&name.as_str())
                || name.ends_with(".localhost")
                || self.hosts.contains(&name))
    }
}

/// The layer on the private routes.
pub async fn guard(
    State(site): State<Arc<Site>>,
    ConnectInfo(remote): ConnectInfo<SocketAddr>,
    request: Request,
    next: Next,
) -> Response {
    match site.access.refusal(remote, request.headers()) {
        None => next.run(request).await,
        Some(refusal) => refusal,
    }
}

/// Loopback over IPv4 or IPv6, including `::ffff:127.0.0.1`, which is how an IPv4 caller on this
/// machine appears to a server bound to `::`.
pub fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// `example.com:8080` to `example.com`, `[::1]:8080` to `[::1]`.
fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            if name.starts_with('[') || !name.contains(':') {
                name
            } else {
                host
            }
        }
        _ => host,
    }
}

/// An origin naming the host the request was sent to, whatever the scheme.
fn same_origin(origin: &str, host: &str) -> bool {
    origin
        .split_once("://")
        .is_some_and(|(_, origin_host)| origin_host.eq_ignore_ascii_case(host))
}

/// Compares in time that does not depend on where the texts differ, so the token cannot be guessed
/// byte by byte from response times.
fn same(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::{is_loopback, Access};

    #[test]
    fn hosts_are_loopback_names_addresses_or_the_operators() {
        let access = Access::new(None, &["collector.example".to_owned()]).unwrap();
        for allowed in [
            "localhost:8080",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[::1]",
            "192.168.1.4",
            "Collector.Example:443",
            "app.localhost",
        ] {
            assert!(access.host_allowed(allowed), "{allowed}");
        }
        for refused in [
            "evil.example",
            "evil.example:8080",
            "",
            "localhost.evil.example",
        ] {
            assert!(!access.host_allowed(refused), "{refused}");
        }
    }

    #[test]
    fn ipv4_mapped_loopback_is_loopback() {
        assert!(is_loopback("::ffff:127.0.0.1".parse().unwrap()));
        assert!(is_loopback("::1".parse().unwrap()));
        assert!(!is_loopback("::ffff:192.0.2.1".parse().unwrap()));
    }
}
