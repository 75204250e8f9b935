//! E-mail to the person over SMTP, with `lettre` (rustls with `ring`, no OpenSSL).
//!
//! Key decision: `From` is the company's own address (the only one its mail server may send as),
//! `Reply-To` is the visitor's, so pressing "reply" answers the visitor; and the `Message-ID` is
//! derived from the event's `messageId`, so in the rare case of a crash between the server's
//! acceptance and our commit, the repeat carries the same id and mail clients can fold it.

use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use super::config::{Email, Security};
use super::message::Notification;

/// How long one SMTP conversation may take before the attempt counts as failed.
const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends the notification; the error says what went wrong, for the report and the next try.
pub fn send(email: &Email, notification: &Notification) -> Result<(), String> {
    let message = message(email, notification)?;
    transport(email)?
        .send(&message)
        .map(|_| ())
        .map_err(|error| format!("SMTP {}:{}: {error}", email.server, email.port))
}

/// The mail, with a plain-text and an HTML part.
pub fn message(email: &Email, notification: &Notification) -> Result<Message, String> {
    let reply_to: Mailbox = notification
        .reply_to
        .parse()
        .map_err(|error| format!("the visitor's address cannot be replied to: {error}"))?;
    let domain = email.from.email.domain().to_string();
    let mut builder = Message::builder()
        .from(email.from.clone())
        .reply_to(reply_to)
        .subject(notification.subject())
        .message_id(Some(format!("<{}@{domain}>", message_id(&notification.id))));
    for to in &email.to {
        builder = builder.to(to.clone());
    }
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_PLAIN)
                        .body(notification.text()),
                )
                .singlepart(
                    SinglePart::builder()
                        .header(ContentType::TEXT_HTML)
                        .body(notification.html()),
                ),
        )
        .map_err(|error| format!("could not build the mail: {error}"))
}

/// A `Message-ID` local part from the event's id: the same handoff always gets the same one.
/// The id is the visitor's browser's, so it is hashed rather than copied into a header.
pub fn message_id(event_id: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, event_id.as_bytes());
    let hex: String = digest.as_ref()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("handoff.{hex}")
}

fn transport(email: &Email) -> Result<SmtpTransport, String> {
    let tls = |email: &Email| {
        let mut parameters = TlsParameters::builder(email.server.clone());
        if let Some(pem) = &email.ca_pem {
            let certificate = Certificate::from_pem(pem)
                .map_err(|error| format!("email.ca_file: not a usable certificate: {error}"))?;
            parameters = parameters.add_root_certificate(certificate);
        }
        parameters
            .build_rustls()
            .map_err(|error| format!("could not set up TLS: {error}"))
    };
    let tls = match email.security {
        Security::StartTls => Tls::Required(tls(email)?),
        Security::Tls => Tls::Wrapper(tls(email)?),
        Security::None => Tls::None,
    };
    let mut builder = SmtpTransport::builder_dangerous(email.server.as_str())
        .port(email.port)
        .tls(tls)
        .timeout(Some(TIMEOUT));
    if let Some((user, password)) = &email.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}
