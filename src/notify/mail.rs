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
    let domain = email.from.email.domain().to_string();
    let mut builder = Message::builder()
        .from(email.from.clone())
        .subject(notification.subject())
        .message_id(Some(format!("<{}@{domain}>", message_id(&notification.id))));
    // An address the mail library cannot parse still reaches the person, in the body; only the
    // reply button would not work, which is better than never telling them.
    if let Ok(reply_to) = notification.reply_to.parse::<Mailbox>() {
        builder = builder.reply_to(reply_to);
    }
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

/// Sends the visitor's receipt: what they asked, who will reply, and by when.
pub fn send_receipt(email: &Email, notification: &Notification) -> Result<(), String> {
    let message = receipt(email, notification)?;
    transport(email)?
        .send(&message)
        .map(|_| ())
        .map_err(|error| format!("SMTP {}:{}: {error}", email.server, email.port))
}

/// The receipt: plain text, from the company, with replies going to the person. It says plainly
/// what to do if the visitor never asked, since anyone can type anyone's address.
pub fn receipt(email: &Email, notification: &Notification) -> Result<Message, String> {
    let visitor: Mailbox = notification
        .reply_to
        .parse()
        .map_err(|error| format!("the visitor's address cannot be mailed: {error}"))?;
    let domain = email.from.email.domain().to_string();
    let id = message_id(&notification.id).replacen("handoff.", "receipt.", 1);
    let mut builder = Message::builder()
        .from(email.from.clone())
        .to(visitor)
        .subject(format!("Your question to {}", notification.person))
        .message_id(Some(format!("<{id}@{domain}>")));
    for person in &email.to {
        builder = builder.reply_to(person.clone());
    }
    builder
        .header(ContentType::TEXT_PLAIN)
        .body(notification.receipt_text())
        .map_err(|error| format!("could not build the receipt: {error}"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notify::message::{Notification, Visit};

    fn settings() -> Email {
        Email {
            to: vec!["Nadia <nadia@kestrel.example>".parse().expect("an address")],
            from: "Kestrel <helpfirst@kestrel.example>"
                .parse()
                .expect("an address"),
            server: "127.0.0.1".into(),
            port: 25,
            security: Security::None,
            credentials: None,
            ca_pem: None,
        }
    }

    fn handoff(reply_to: &str) -> Notification {
        Notification {
            id: "m-1".into(),
            person: "Nadia Okafor".into(),
            company: "Kestrel".into(),
            reply_to: reply_to.into(),
            question: "Line one\r\nBcc: evil@example.com".into(),
            received_at: "2026-11-27T18:30:00.000Z".into(),
            reply_due: None,
            promise: None,
            visit: Visit::default(),
        }
    }

    fn headers(notification: &Notification) -> String {
        let mail = message(&settings(), notification).expect("a mail");
        let text = String::from_utf8_lossy(&mail.formatted()).into_owned();
        text.split("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn replies_go_to_the_visitor_and_the_id_is_stable() {
        let head = headers(&handoff("sam@prospect.example"));
        assert!(head.contains("Reply-To: sam@prospect.example"), "{head}");
        let id = format!("Message-ID: <{}@kestrel.example>", message_id("m-1"));
        assert!(head.contains(&id), "{head}");
        assert_eq!(message_id("m-1"), message_id("m-1"));
        assert_ne!(message_id("m-1"), message_id("m-2"));
    }

    #[test]
    fn visitor_text_cannot_add_headers_and_an_odd_address_still_notifies() {
        let head = headers(&handoff("a,b@prospect.example"));
        assert!(!head.contains("Reply-To"), "{head}");
        assert!(!head.contains("\r\nBcc:"), "{head}");
    }
}
