//! The webhook: the handoff as a JSON POST, signed so that its receiver can tell it came from
//! this collector and has not been replayed; or, as a preset, a Slack incoming-webhook message.
//!
//! Key decision: the signature follows Stripe's scheme, which receivers already know how to
//! check: `Helpfirst-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Signing
//! the timestamp with the body lets a receiver refuse old deliveries; `Idempotency-Key` (the
//! event's `messageId`) lets it drop the rare repeat after a crash between its 2xx and our commit.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::config::{Webhook, WebhookFormat};
use super::message::Notification;

/// How long one delivery may take before the attempt counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The header that carries the signature.
pub const SIGNATURE_HEADER: &str = "Helpfirst-Signature";

/// Posts the notification; any answer but a 2xx is a failure to retry.
pub fn send(webhook: &Webhook, notification: &Notification) -> Result<(), String> {
    let body = match webhook.format {
        WebhookFormat::Json => notification.json(),
        WebhookFormat::Slack => notification.slack(),
    }
    .to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(TIMEOUT))
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = agent
        .post(&webhook.url)
        .header("Content-Type", "application/json")
        .header(
            "User-Agent",
            concat!("helpfirst/", env!("CARGO_PKG_VERSION")),
        )
        .header("Idempotency-Key", notification.id.as_str());
    if let Some(secret) = &webhook.secret {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        request = request.header(SIGNATURE_HEADER, signature(secret, now, &body));
    }
    let response = request
        .send(body.as_bytes())
        .map_err(|error| format!("webhook {}: {error}", webhook.url))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(format!("webhook {}: answered HTTP {status}", webhook.url))
    }
}

/// `t=<timestamp>,v1=<hex HMAC-SHA256 over "<timestamp>.<body>">`.
pub fn signature(secret: &str, timestamp: u64, body: &str) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA256, secret.as_bytes());
    let tag = ring::hmac::sign(&key, format!("{timestamp}.{body}").as_bytes());
    let hex: String = tag
        .as_ref()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("t={timestamp},v1={hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_over_timestamp_dot_body() {
        // Computed independently: printf '%s' '1764417600.{"a":1}' |
        //   openssl dgst -sha256 -hmac whsec_test_secret_0123
        assert_eq!(
            signature("whsec_test_secret_0123", 1_764_417_600, "{\"a\":1}"),
            "t=1764417600,v1=19cf5b148b16c87912e959d8cc770cc2c5f0e75c99962c662a30f136ec701dae"
        );
    }
}
