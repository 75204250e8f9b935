//! Who may read what visitors typed: the event export (and the marketer's report).
//!
//! Key decision: a caller on the same machine (loopback) is the marketer running the collector, so
//! needs nothing; any other caller must show the token given with `--token` or `HELPFIRST_TOKEN`.
//! Without a token, stored questions never leave the machine.

use tiny_http::{Request, ResponseBox};

use super::reply::failure;

pub struct Access {
    token: Option<String>,
}

impl Access {
    pub fn new(token: Option<String>) -> Access {
        Access {
            token: token.filter(|token| !token.is_empty()),
        }
    }

    /// `Ok` when the caller may read stored events; otherwise the answer that says why not.
    pub fn check(&self, request: &Request) -> Result<(), ResponseBox> {
        let loopback = request
            .remote_addr()
            .is_some_and(|addr| addr.ip().is_loopback());
        if loopback {
            return Ok(());
        }
        let Some(token) = &self.token else {
            return Err(failure(
                403,
                &["stored events are only readable from this machine; \
                   start the collector with --token (or HELPFIRST_TOKEN) to allow others"
                    .to_owned()],
            ));
        };
        let given = request
            .headers()
            .iter()
            .find(|header| header.field.equiv("Authorization"))
            .and_then(|header| header.value.as_str().strip_prefix("Bearer "));
        match given {
            Some(given) if same(given.trim(), token) => Ok(()),
            Some(_) => Err(failure(
                401,
                &["Authorization: the token is not right".to_owned()],
            )),
            None => Err(failure(
                401,
                &["Authorization: missing; send `Authorization: Bearer TOKEN`".to_owned()],
            )),
        }
    }
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
