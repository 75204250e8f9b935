//! The notification settings: a TOML file on the server (`--notify FILE`), with secrets taken
//! from environment variables the file names.
//!
//! Key decision: none of this lives in `content.json`, which is public. Every problem is reported
//! at once, each at its file, line and field (`notify.toml:7: email.port: ...`), and a setting
//! that would send a visitor's address in clear over the internet (SMTP without TLS, a webhook
//! over `http://`) is refused unless it goes to this machine.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use serde::Deserialize;
use toml::Spanned;

use crate::content::Content;

/// Everything the worker needs to tell a person about a handoff.
pub struct Settings {
    pub email: Option<Email>,
    pub webhook: Option<Webhook>,
    /// The wait after the first failed attempt; it doubles after each further one.
    pub first_retry: Duration,
    /// How long a notification is retried before it is marked failed with its last error.
    pub give_up_after: Duration,
    /// The site's content, when the file names it: the person's hours (for the reply-due time),
    /// the company's name and the answers' titles and sources.
    pub content: Option<Arc<Content>>,
    /// A short receipt mailed to the visitor; off unless `[visitor_receipt]` is given, because
    /// anyone can post an event naming any address.
    pub receipts: Option<Receipts>,
}

/// How many receipts may go out in a day: to one address, and to requests from one client (IP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipts {
    pub per_address: u32,
    pub per_client: u32,
}

/// What the store queues with each stored handoff.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Queueing {
    pub channels: Vec<&'static str>,
    pub receipts: Option<Receipts>,
}

/// Mail to the person (or a team address) over SMTP.
pub struct Email {
    pub to: Vec<Mailbox>,
    pub from: Mailbox,
    pub server: String,
    pub port: u16,
    pub security: Security,
    /// User name and password for SMTP AUTH.
    pub credentials: Option<(String, String)>,
    /// Extra root certificates (PEM) to trust, for a relay with a private certificate authority.
    pub ca_pem: Option<Vec<u8>>,
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// STARTTLS on the submission port (587): refuse to go on if the server does not offer it.
    StartTls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only to a relay on this machine.
    None,
}

/// A JSON POST to a CRM, an automation tool or Slack.
pub struct Webhook {
    pub url: String,
    pub format: WebhookFormat,
    /// The HMAC-SHA256 key for the `Helpfirst-Signature` header.
    pub secret: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookFormat {
    /// The handoff as a JSON document, signed.
    Json,
    /// A Slack incoming-webhook message (`{"text": ...}`).
    Slack,
}

impl Settings {
    /// The channels a handoff is queued for, by the names the outbox stores.
    pub fn channels(&self) -> Vec<&'static str> {
        let mut channels = Vec::new();
        if self.email.is_some() {
            channels.push(super::EMAIL);
        }
        if self.webhook.is_some() {
            channels.push(super::WEBHOOK);
        }
        channels
    }

    /// What the store queues with each handoff.
    pub fn queueing(&self) -> Queueing {
        Queueing {
            channels: self.channels(),
            receipts: self.receipts,
        }
    }

    /// Reads and checks the file at `path`, reading secrets from the environment.
    pub fn load(path: &Path) -> Result<Settings, Vec<String>> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| vec![format!("{}: cannot read it: {error}", path.display())])?;
        parse(&text, path, &|name| std::env::var(name).ok())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    content: Option<Spanned<String>>,
    email: Option<EmailFile>,
    webhook: Option<WebhookFile>,
    #[serde(default)]
    delivery: DeliveryFile,
    visitor_receipt: Option<Spanned<ReceiptFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReceiptFile {
    per_address: Option<u32>,
    per_client: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EmailFile {
    to: Spanned<Recipients>,
    from: Spanned<String>,
    server: Spanned<String>,
    port: Option<u16>,
    security: Option<Spanned<String>>,
    username: Option<Spanned<String>>,
    password_env: Option<Spanned<String>>,
    ca_file: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Recipients {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WebhookFile {
    url: Spanned<String>,
    format: Option<Spanned<String>>,
    secret_env: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DeliveryFile {
    first_retry: Option<Spanned<String>>,
    give_up_after: Option<Spanned<String>>,
}

/// Collects problems, each placed at its line.
struct Problems<'a> {
    text: &'a str,
    file: String,
    found: Vec<String>,
}

impl Problems<'_> {
    fn at<T>(&mut self, spanned: &Spanned<T>, field: &str, message: impl std::fmt::Display) {
        let line = self.text[..spanned.span().start.min(self.text.len())]
            .matches('\n')
            .count()
            + 1;
        self.found
            .push(format!("{}:{line}: {field}: {message}", self.file));
    }

    fn whole(&mut self, message: impl std::fmt::Display) {
        self.found.push(format!("{}: {message}", self.file));
    }
}

/// Parses the file's text; `env` reads an environment variable (a parameter so tests need not
/// change the process's environment).
pub fn parse(
    text: &str,
    path: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Settings, Vec<String>> {
    let file: File = toml::from_str(text).map_err(|error| {
        let line = error
            .span()
            .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        let message = error.message().to_string();
        vec![match line {
            Some(line) => format!("{}:{line}: {message}", path.display()),
            None => format!("{}: {message}", path.display()),
        }]
    })?;
    let mut problems = Problems {
        text,
        file: path.display().to_string(),
        found: Vec::new(),
    };
    let folder = path.parent().unwrap_or(Path::new("."));
    let content = file
        .content
        .as_ref()
        .and_then(|given| read_content(given, folder, &mut problems));
    let email = file
        .email
        .as_ref()
        .and_then(|email| read_email(email, folder, env, &mut problems));
    let webhook = file
        .webhook
        .as_ref()
        .and_then(|webhook| read_webhook(webhook, env, &mut problems));
    if file.email.is_none() && file.webhook.is_none() {
        problems.whole("configures no channel: add an [email] or a [webhook] table");
    }
    let first_retry = duration(
        &file.delivery.first_retry,
        "delivery.first_retry",
        &mut problems,
    )
    .unwrap_or(Duration::from_secs(30));
    let give_up_after = duration(
        &file.delivery.give_up_after,
        "delivery.give_up_after",
        &mut problems,
    )
    .unwrap_or(Duration::from_secs(24 * 3600));
    let receipts = file.visitor_receipt.as_ref().map(|given| {
        if file.email.is_none() {
            problems.at(
                given,
                "visitor_receipt",
                "needs an [email] table to send from",
            );
        }
        let receipt = given.get_ref();
        Receipts {
            per_address: receipt.per_address.unwrap_or(2),
            per_client: receipt.per_client.unwrap_or(5),
        }
    });
    if problems.found.is_empty() {
        Ok(Settings {
            email,
            webhook,
            first_retry,
            give_up_after,
            content,
            receipts,
        })
    } else {
        Err(problems.found)
    }
}

fn read_content(
    given: &Spanned<String>,
    folder: &Path,
    problems: &mut Problems,
) -> Option<Arc<Content>> {
    let path = folder.join(given.get_ref());
    match crate::content::source::load(&path) {
        Ok(content) => {
            if let Some(handoff) = &content.handoff {
                if !crate::handoff::due::is_known_zone(&handoff.time_zone) {
                    problems.at(
                        given,
                        "content",
                        format!(
                            "the handoff's time_zone `{}` is not in the time-zone database",
                            handoff.time_zone
                        ),
                    );
                }
            }
            Some(Arc::new(content))
        }
        Err(errors) => {
            let first = errors
                .first()
                .map(|error| error.to_string())
                .unwrap_or_default();
            problems.at(
                given,
                "content",
                format!(
                    "{} does not load ({} problems; the first: {first}); run `helpfirst check --content {}`",
                    path.display(),
                    errors.len(),
                    path.display()
                ),
            );
            None
        }
    }
}

fn read_email(
    email: &EmailFile,
    folder: &Path,
    env: &dyn Fn(&str) -> Option<String>,
    problems: &mut Problems,
) -> Option<Email> {
    let before = problems.found.len();
    let addresses = match email.to.get_ref() {
        Recipients::One(one) => vec![one.clone()],
        Recipients::Many(many) => many.clone(),
    };
    if addresses.is_empty() {
        problems.at(&email.to, "email.to", "lists no address");
    }
    let mut to = Vec::new();
    for address in &addresses {
        match address.parse::<Mailbox>() {
            Ok(mailbox) => to.push(mailbox),
            Err(error) => problems.at(
                &email.to,
                "email.to",
                format!(
                    "`{address}` is not an address like \"Nadia <nadia@example.com>\" ({error})"
                ),
            ),
        }
    }
    let from = match email.from.get_ref().parse::<Mailbox>() {
        Ok(from) => Some(from),
        Err(error) => {
            problems.at(
                &email.from,
                "email.from",
                format!("not an address like \"Example Ltd <helpfirst@example.com>\" ({error})"),
            );
            None
        }
    };
    let server = email.server.get_ref().trim().to_string();
    if server.is_empty() || server.contains(['/', ' ', ':']) {
        problems.at(
            &email.server,
            "email.server",
            "expected a host name such as smtp.example.com (the port goes in email.port)",
        );
    }
    let security = match email.security.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("starttls") => Security::StartTls,
        Some("tls") => Security::Tls,
        Some("none") => Security::None,
        Some(other) => {
            let spanned = email.security.as_ref().expect("given");
            problems.at(
                spanned,
                "email.security",
                format!("`{other}`: expected \"starttls\" (port 587), \"tls\" (port 465) or \"none\" (a relay on this machine)"),
            );
            Security::StartTls
        }
    };
    if security == Security::None && !is_this_machine(&server) {
        problems.at(
            email.security.as_ref().unwrap_or(&email.server),
            "email.security",
            format!("\"none\" would send visitors' addresses unencrypted to {server}; it is allowed only for a relay on this machine (localhost, 127.0.0.1)"),
        );
    }
    let port = email.port.unwrap_or(match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    });
    let credentials = match (&email.username, &email.password_env) {
        (None, None) => None,
        (Some(user), None) => {
            problems.at(
                user,
                "email.password_env",
                "missing: name the environment variable that holds the password",
            );
            None
        }
        (None, Some(variable)) => {
            problems.at(
                variable,
                "email.username",
                "missing: AUTH needs a user name",
            );
            None
        }
        (Some(user), Some(variable)) => match env(variable.get_ref()) {
            Some(password) if !password.is_empty() => Some((user.get_ref().clone(), password)),
            _ => {
                problems.at(
                    variable,
                    "email.password_env",
                    format!("the environment variable {} is not set", variable.get_ref()),
                );
                None
            }
        },
    };
    if credentials.is_some() && security == Security::None {
        problems.at(
            email.username.as_ref().expect("given"),
            "email.username",
            "a password is never sent without TLS: use security = \"starttls\" or \"tls\"",
        );
    }
    let ca_pem = email.ca_file.as_ref().and_then(|ca| {
        let path: PathBuf = folder.join(ca.get_ref());
        match std::fs::read(&path) {
            Ok(pem) if String::from_utf8_lossy(&pem).contains("-----BEGIN CERTIFICATE-----") => {
                Some(pem)
            }
            Ok(_) => {
                problems.at(
                    ca,
                    "email.ca_file",
                    format!("{} holds no PEM certificate", path.display()),
                );
                None
            }
            Err(error) => {
                problems.at(
                    ca,
                    "email.ca_file",
                    format!("cannot read {}: {error}", path.display()),
                );
                None
            }
        }
    });
    if problems.found.len() > before {
        return None;
    }
    Some(Email {
        to,
        from: from?,
        server,
        port,
        security,
        credentials,
        ca_pem,
    })
}

fn read_webhook(
    webhook: &WebhookFile,
    env: &dyn Fn(&str) -> Option<String>,
    problems: &mut Problems,
) -> Option<Webhook> {
    let before = problems.found.len();
    let url = webhook.url.get_ref().trim().to_string();
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or_default());
    match host {
        None | Some("") => problems.at(
            &webhook.url,
            "webhook.url",
            "expected an https:// address such as https://hooks.example.com/helpfirst",
        ),
        Some(host) if url.starts_with("http://") && !is_this_machine(strip_port(host)) => problems.at(
            &webhook.url,
            "webhook.url",
            "http:// would send visitors' addresses unencrypted; use https:// (http:// is allowed only to this machine)",
        ),
        Some(_) => {}
    }
    let format = match webhook.format.as_ref().map(|f| f.get_ref().as_str()) {
        None | Some("json") => WebhookFormat::Json,
        Some("slack") => WebhookFormat::Slack,
        Some(other) => {
            problems.at(
                webhook.format.as_ref().expect("given"),
                "webhook.format",
                format!("`{other}`: expected \"json\" (signed, for CRMs and automation tools) or \"slack\""),
            );
            WebhookFormat::Json
        }
    };
    let secret = match &webhook.secret_env {
        Some(variable) => match env(variable.get_ref()) {
            Some(secret) if secret.len() >= 16 => Some(secret),
            Some(_) => {
                problems.at(
                    variable,
                    "webhook.secret_env",
                    format!(
                        "{} holds fewer than 16 characters: too easy to guess",
                        variable.get_ref()
                    ),
                );
                None
            }
            None => {
                problems.at(
                    variable,
                    "webhook.secret_env",
                    format!("the environment variable {} is not set", variable.get_ref()),
                );
                None
            }
        },
        None if format == WebhookFormat::Json => {
            problems.at(
                &webhook.url,
                "webhook.secret_env",
                "missing: a JSON webhook is signed, so that its receiver can tell it came from here; name the environment variable that holds the secret",
            );
            None
        }
        None => None,
    };
    (problems.found.len() == before).then_some(Webhook {
        url,
        format,
        secret,
    })
}

/// `30s`, `15m`, `24h` or `2d`.
fn duration(
    given: &Option<Spanned<String>>,
    field: &str,
    problems: &mut Problems,
) -> Option<Duration> {
    let given = given.as_ref()?;
    let text = given.get_ref().trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let scale = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => 0,
    };
    match number.parse::<u64>() {
        Ok(number) if number > 0 && scale > 0 => Some(Duration::from_secs(number * scale)),
        _ => {
            problems.at(
                given,
                field,
                format!(
                    "`{text}`: expected a duration such as \"30s\", \"15m\", \"24h\" or \"2d\""
                ),
            );
            None
        }
    }
}

fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

/// Loopback names only: a relay or receiver on this machine sees nothing leave it.
fn is_this_machine(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}
