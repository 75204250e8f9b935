//! Handoff notifications with real parts: the `helpfirst collect` binary, a real SMTP server
//! (aiosmtpd, tests/receivers/smtp.py, installed by scripts/setup.sh) and a real HTTP receiver
//! that checks the webhook's signature with the README's own code (tests/receivers/webhook.py).
//! Every fault ends with exactly one delivery per handoff. Loopback only; every wait is bounded.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::{json, Value};
use support::receivers::{self, receiver, start_python, Process};
use support::{batch, helpfirst, widget_event};

const VISITOR: &str = "sam@prospect.example";
const QUESTION: &str = "Do you support SSO with Okta? <b>We have 40 seats</b>";

/// A throwaway folder for one test.
fn folder(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("helpfirst-notify-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("mail")).unwrap();
    dir
}

/// A port nothing listens on (yet).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits for `done`, checking every 100 ms, for at most a minute: a safety net, not a timing.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "gave up waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Starts a Python receiver and reads its "ready" line.
/// The secret the webhook tests sign with and the receiver verifies with.
const WEBHOOK_SECRET: &str = "whsec_0123456789abcdef";

/// The real webhook receiver (tests/receivers/webhook.py), checking signatures with
/// [`WEBHOOK_SECRET`] and keeping what it accepts in `mail`; `extra` are more of its options.
/// Returns the running receiver and its port.
fn webhook_receiver(mail: &Path, extra: &[&str]) -> (Process, String) {
    let script = receiver("webhook.py");
    let mut args = vec![
        script.to_str().unwrap(),
        "--dir",
        mail.to_str().unwrap(),
        "--secret",
        WEBHOOK_SECRET,
    ];
    args.extend_from_slice(extra);
    let (process, ready) = start_python(&args);
    let port = ready.trim_start_matches("ready ").to_owned();
    (process, port)
}

/// TLS material from a throwaway certificate authority: its certificate (for the client to trust)
/// and the server's certificate and key for 127.0.0.1.
struct Tls {
    ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
}

fn tls(dir: &Path) -> Tls {
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = rcgen::Issuer::new(ca_params, ca_key);
    let server_key = rcgen::KeyPair::generate().unwrap();
    let server_cert = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&server_key, &issuer)
        .unwrap();
    let paths = Tls {
        ca: dir.join("ca.pem"),
        cert: dir.join("server.pem"),
        key: dir.join("server.key"),
    };
    fs::write(&paths.ca, ca_cert.pem()).unwrap();
    fs::write(&paths.cert, server_cert.pem()).unwrap();
    fs::write(&paths.key, server_key.serialize_pem()).unwrap();
    paths
}

/// The real SMTP server in `mode`, keeping mail in the test folder's `mail`.
fn smtp(port: u16, dir: &Path, mode: &str, tls: Option<&Tls>, auth: bool) -> Process {
    let mut extra = vec!["--mode".to_string(), mode.to_string()];
    if let Some(tls) = tls {
        extra.extend([
            "--cert".into(),
            tls.cert.display().to_string(),
            "--key".into(),
            tls.key.display().to_string(),
        ]);
    }
    if auth {
        extra.extend(
            ["--user", "helpfirst", "--password", "s3cret-smtp-password"].map(String::from),
        );
    }
    let extra: Vec<&str> = extra.iter().map(String::as_str).collect();
    receivers::smtp(port, &dir.join("mail"), &extra)
}

/// What the test's receiver accepted, in order.
fn received(dir: &Path) -> Vec<Value> {
    receivers::received(&dir.join("mail"))
}

/// The real collector binary with `--notify`; its port is read from its first line.
struct Collector {
    _process: Process,
    port: u16,
}

fn collector(dir: &Path, env: &[(&str, &str)]) -> Collector {
    let mut command = Command::new(env!("CARGO_BIN_EXE_helpfirst"));
    command
        .args(["collect", "--port", "0", "--db"])
        .arg(dir.join("events.db"))
        .arg("--notify")
        .arg(dir.join("notify.toml"))
        .envs(env.iter().copied());
    let (process, line) = receivers::start(command);
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("the collector did not start: {line:?}"));
    Collector {
        _process: process,
        port,
    }
}

fn http(port: u16, method: &str, path: &str, body: &str) -> (u16, Value) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let reply = support::Reply::parse(&raw);
    let json = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
    (reply.status, json)
}

/// A visit as the widget records it: a page, an answered question, an unanswered one, a
/// comparison, and then the handoff.
fn visit() -> String {
    batch(vec![
        widget_event(
            "q-1",
            "Answer Shown",
            json!({ "question": "Can I cancel anytime?", "answer_id": "cancel-anytime",
                    "source_url": "https://kestrel.example/faq#cancel", "confidence": 0.9 }),
        ),
        widget_event(
            "q-2",
            "No Answer",
            json!({ "question": "Is there an on-premise edition?" }),
        ),
        widget_event(
            "c-1",
            "Comparison Viewed",
            json!({ "options": ["team", "business"] }),
        ),
        widget_event(
            "handoff-1",
            "Handoff Requested",
            json!({ "person": "Nadia Okafor", "email": VISITOR, "question": QUESTION,
                    "consent": true, "help_count": 2, "visit_id": "visit-1" }),
        ),
    ])
    .to_string()
}

fn send_visit(collector: &Collector) -> Value {
    let (status, reply) = http(collector.port, "POST", "/v1/batch", &visit());
    assert_eq!(status, 200, "{reply}");
    reply
}

/// The outbox rows: channel, state, attempts, last error.
fn outbox(dir: &Path) -> Vec<(String, String, u32, Option<String>)> {
    let connection = Connection::open(dir.join("events.db")).unwrap();
    let mut select = connection
        .prepare("SELECT channel, state, attempts, last_error FROM notifications ORDER BY channel")
        .unwrap();
    select
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn state(dir: &Path) -> Vec<String> {
    outbox(dir).into_iter().map(|row| row.1).collect()
}

fn email_settings(dir: &Path, port: u16, extra: &str) {
    fs::write(
        dir.join("notify.toml"),
        format!(
            "[email]\nto = \"Nadia Okafor <nadia@kestrel.example>\"\n\
             from = \"Kestrel <helpfirst@kestrel.example>\"\nserver = \"127.0.0.1\"\n\
             port = {port}\n{extra}\n[delivery]\nfirst_retry = \"1s\"\n"
        ),
    )
    .unwrap();
}

#[test]
fn a_handoff_mail_arrives_once_with_the_visit_and_the_visitors_reply_to() {
    let dir = folder("plain");
    let port = free_port();
    let _smtp = smtp(port, &dir, "plain", None, false);
    email_settings(&dir, port, "security = \"none\"");
    let collector = collector(&dir, &[]);

    let (status, capabilities) = http(collector.port, "GET", "/v1/capabilities", "");
    assert_eq!(status, 200);
    assert_eq!(capabilities["collector"], "helpfirst");
    assert_eq!(capabilities["handoffs"]["delivered"], true);

    send_visit(&collector);
    // The same batch again, as a browser that never saw the first answer would resend it.
    let again = send_visit(&collector);
    assert_eq!(again["stored"], 0, "{again}");
    wait_for("the mail to be delivered", || state(&dir) == ["delivered"]);

    let mails = received(&dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let mail = &mails[0];
    assert_eq!(mail["rcpt_tos"], json!(["nadia@kestrel.example"]));
    assert_eq!(mail["tls"], false, "plain SMTP to a relay on this machine");
    assert_eq!(mail["headers"]["reply-to"], VISITOR);
    assert_eq!(
        mail["headers"]["from"],
        "Kestrel <helpfirst@kestrel.example>"
    );
    let message_id = mail["headers"]["message-id"].as_str().unwrap();
    assert!(
        message_id.starts_with("<handoff.") && message_id.ends_with("@kestrel.example>"),
        "{message_id}"
    );
    let text = mail["text"].as_str().unwrap();
    for expected in [
        QUESTION,
        "Reply to: sam@prospect.example",
        "\"Can I cancel anytime?\"",
        "https://kestrel.example/faq#cancel",
        "\"Is there an on-premise edition?\"\n  No answer",
        "team vs business",
        "https://kestrel.example/",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    let html = mail["html"].as_str().unwrap();
    assert!(
        html.contains("&lt;b&gt;We have 40 seats&lt;/b&gt;"),
        "{html}"
    );
    assert!(
        !html.contains("<b>We have") && !html.contains("<img"),
        "{html}"
    );

    let (ok, csv, _) = helpfirst(&[
        "report",
        "--db",
        dir.join("events.db").to_str().unwrap(),
        "--csv",
        "handoffs",
    ]);
    assert!(ok);
    assert!(csv.contains("email: delivered 20"), "{csv}");
}

/// One of the browser's events, recorded on `path` of the demo site during `visit_id`'s visit
/// (`None`: a widget older than the visit id on every event).
fn on_page(
    id: &str,
    name: &str,
    mut properties: Value,
    visit_id: Option<&str>,
    path: &str,
) -> Value {
    if let Some(visit_id) = visit_id {
        properties["visit_id"] = json!(visit_id);
    }
    let mut event = widget_event(id, name, properties);
    event["context"]["page"]["path"] = json!(path);
    event["context"]["page"]["url"] = json!(format!("https://kestrel.example{path}"));
    event
}

#[test]
fn the_mail_carries_only_the_handoffs_visit_when_one_browser_made_two() {
    let dir = folder("two-visits");
    let port = free_port();
    let _smtp = smtp(port, &dir, "plain", None, false);
    email_settings(&dir, port, "security = \"none\"");
    let collector = collector(&dir, &[]);
    let post = |events: Vec<Value>| {
        let (status, reply) = http(
            collector.port,
            "POST",
            "/v1/batch",
            &batch(events).to_string(),
        );
        assert_eq!(status, 200, "{reply}");
    };

    // An earlier visit of the same browser (same anonymous id), in another tab.
    let earlier = Some("visit-earlier");
    post(vec![
        on_page("e-1", "Widget Opened", json!({}), earlier, "/careers.html"),
        on_page(
            "e-2",
            "Answer Shown",
            json!({ "question": "Do you have a Linux app?", "answer_id": "linux",
                    "source_url": "https://kestrel.example/faq#linux", "confidence": 0.8 }),
            earlier,
            "/careers.html",
        ),
        on_page(
            "e-3",
            "Comparison Viewed",
            json!({ "options": ["free", "team"] }),
            earlier,
            "/careers.html",
        ),
    ]);
    // An older widget on the same browser sent this one without a visit id: it is matched by the
    // browser's id over the last hours, as before.
    post(vec![on_page(
        "o-1",
        "No Answer",
        json!({ "question": "Is there an on-premise edition?" }),
        None,
        "/security.html",
    )]);
    // The visit that asks Nadia.
    let asking = Some("visit-asking");
    post(vec![
        on_page(
            "a-1",
            "Answer Shown",
            json!({ "question": "Can I cancel anytime?", "answer_id": "cancel-anytime",
                    "source_url": "https://kestrel.example/faq#cancel", "confidence": 0.9 }),
            asking,
            "/pricing.html",
        ),
        on_page(
            "a-2",
            "Comparison Viewed",
            json!({ "options": ["team", "business"] }),
            asking,
            "/pricing.html",
        ),
        on_page(
            "a-3",
            "Handoff Requested",
            json!({ "person": "Nadia Okafor", "email": VISITOR, "question": QUESTION,
                    "consent": true, "help_count": 2 }),
            asking,
            "/pricing.html",
        ),
    ]);
    wait_for("the mail to be delivered", || state(&dir) == ["delivered"]);

    let mails = received(&dir);
    assert_eq!(mails.len(), 1, "{mails:#?}");
    let text = mails[0]["text"].as_str().unwrap();
    for expected in [
        "\"Can I cancel anytime?\"",
        "team vs business",
        "https://kestrel.example/pricing.html",
        "\"Is there an on-premise edition?\"\n  No answer",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for leaked in [
        "Linux",
        "free vs team",
        "https://kestrel.example/careers.html",
    ] {
        assert!(
            !text.contains(leaked),
            "{leaked:?} is another visit's, in:\n{text}"
        );
    }
}

#[test]
fn starttls_and_implicit_tls_with_auth_deliver_through_a_private_certificate_authority() {
    for mode in ["starttls", "tls"] {
        let dir = folder(mode);
        let tls = tls(&dir);
        let port = free_port();
        let _smtp = smtp(port, &dir, mode, Some(&tls), true);
        email_settings(
            &dir,
            port,
            &format!(
                "security = \"{mode}\"\nusername = \"helpfirst\"\npassword_env = \"TEST_SMTP_PASSWORD\"\nca_file = \"ca.pem\""
            ),
        );
        let collector = collector(&dir, &[("TEST_SMTP_PASSWORD", "s3cret-smtp-password")]);
        send_visit(&collector);
        wait_for("the mail to be delivered", || state(&dir) == ["delivered"]);
        let mails = received(&dir);
        assert_eq!(mails.len(), 1, "{mode}: {mails:#?}");
        assert_eq!(mails[0]["tls"], true, "{mode}");
        assert_eq!(mails[0]["login"], "helpfirst", "{mode}");
        assert_eq!(mails[0]["headers"]["reply-to"], VISITOR, "{mode}");
    }
}

#[test]
fn smtp_down_then_up_delivers_exactly_once() {
    let dir = folder("down-up");
    let port = free_port();
    email_settings(&dir, port, "security = \"none\"");
    let collector = collector(&dir, &[]);
    send_visit(&collector);
    wait_for("a failed attempt", || {
        outbox(&dir)
            .first()
            .is_some_and(|row| row.2 >= 1 && row.3.is_some())
    });
    assert_eq!(state(&dir), ["pending"]);
    let _smtp = smtp(port, &dir, "plain", None, false);
    wait_for("the mail to be delivered", || state(&dir) == ["delivered"]);
    assert_eq!(received(&dir).len(), 1);
}

#[test]
fn a_collector_killed_after_acknowledging_delivers_after_it_restarts() {
    let dir = folder("kill");
    let port = free_port();
    email_settings(&dir, port, "security = \"none\"");
    let collector_before = collector(&dir, &[]);
    send_visit(&collector_before);
    // kill -9: no chance to finish anything; the handoff was acknowledged, not delivered.
    drop(collector_before);
    assert_eq!(state(&dir), ["pending"]);
    assert!(received(&dir).is_empty());

    let _smtp = smtp(port, &dir, "plain", None, false);
    let _collector_after = collector(&dir, &[]);
    wait_for("the mail to be delivered", || state(&dir) == ["delivered"]);
    assert_eq!(received(&dir).len(), 1);
}

#[test]
fn a_webhook_answering_500_then_200_is_delivered_once_and_signed() {
    let dir = folder("webhook");
    let mail = dir.join("mail");
    let (_receiver, port) = webhook_receiver(&mail, &["--fail", "2"]);
    fs::write(
        dir.join("notify.toml"),
        format!(
            "[webhook]\nurl = \"http://127.0.0.1:{port}/helpfirst\"\nsecret_env = \"TEST_WEBHOOK_SECRET\"\n\
             [delivery]\nfirst_retry = \"1s\"\n"
        ),
    )
    .unwrap();
    let collector = collector(&dir, &[("TEST_WEBHOOK_SECRET", WEBHOOK_SECRET)]);
    send_visit(&collector);
    send_visit(&collector);
    wait_for("the webhook to be delivered", || {
        state(&dir) == ["delivered"]
    });
    let rows = outbox(&dir);
    assert_eq!(rows[0].2, 3, "two 500s, then the 200: {rows:?}");
    let deliveries = received(&dir);
    assert_eq!(deliveries.len(), 1, "{deliveries:#?}");
    let delivery = &deliveries[0];
    assert_eq!(delivery["idempotency_key"], "handoff-1");
    assert_eq!(delivery["body"]["type"], "handoff.requested");
    assert_eq!(delivery["body"]["handoff"]["reply_to"], VISITOR);
    assert_eq!(delivery["body"]["handoff"]["question"], QUESTION);
    assert_eq!(
        delivery["body"]["handoff"]["visit"]["questions"][0]["question"],
        "Can I cancel anytime?"
    );
}

#[test]
fn visitor_receipts_when_turned_on_are_limited_per_address_and_per_client() {
    let dir = folder("receipts");
    let port = free_port();
    let _smtp = smtp(port, &dir, "plain", None, false);
    email_settings(
        &dir,
        port,
        "security = \"none\"\n[visitor_receipt]\nper_address = 1\nper_client = 2",
    );
    let collector = collector(&dir, &[]);
    let handoffs = [
        ("r-1", "x@prospect.example"),
        ("r-2", "x@prospect.example"),
        ("r-3", "y@prospect.example"),
        ("r-4", "z@prospect.example"),
    ];
    for (id, email) in handoffs {
        let body = batch(vec![widget_event(
            id,
            "Handoff Requested",
            json!({ "person": "Nadia Okafor", "email": email, "question": QUESTION,
                    "consent": true, "help_count": 0, "visit_id": "visit-1" }),
        )]);
        assert_eq!(
            http(collector.port, "POST", "/v1/batch", &body.to_string()).0,
            200
        );
    }
    let rows = || -> Vec<(String, String, String)> {
        let connection = Connection::open(dir.join("events.db")).unwrap();
        let mut select = connection
            .prepare(
                "SELECT message_id, channel, state FROM notifications ORDER BY message_id, channel",
            )
            .unwrap();
        select
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    wait_for("every notification to settle", || {
        rows()
            .iter()
            .all(|row| row.2 == "delivered" || row.2 == "skipped")
            && rows().len() == 8
    });
    let receipts: Vec<(String, String)> = rows()
        .into_iter()
        .filter(|row| row.1 == "receipt")
        .map(|row| (row.0, row.2))
        .collect();
    let expected = [
        ("r-1", "delivered"),
        ("r-2", "skipped"),
        ("r-3", "delivered"),
        ("r-4", "skipped"),
    ];
    assert_eq!(
        receipts,
        expected.map(|(a, b)| (a.to_string(), b.to_string()))
    );

    let mails = received(&dir);
    assert_eq!(mails.len(), 6, "four to Nadia, two receipts: {mails:#?}");
    let receipt: Vec<&Value> = mails
        .iter()
        .filter(|mail| mail["rcpt_tos"] == json!(["x@prospect.example"]))
        .collect();
    assert_eq!(receipt.len(), 1);
    assert_eq!(
        receipt[0]["headers"]["reply-to"],
        "Nadia Okafor <nadia@kestrel.example>"
    );
    let text = receipt[0]["text"].as_str().unwrap();
    assert!(
        text.contains(QUESTION) && text.contains("Nadia Okafor will reply to this address"),
        "{text}"
    );
    assert!(text.contains("If you did not ask this"), "{text}");

    let (ok, csv, _) = helpfirst(&[
        "report",
        "--db",
        dir.join("events.db").to_str().unwrap(),
        "--csv",
        "handoffs",
    ]);
    assert!(ok);
    assert!(
        csv.contains("receipt: not sent (over the limit of 1 receipts a day to this address)"),
        "{csv}"
    );
    assert!(
        csv.contains(
            "receipt: not sent (over the limit of 2 receipts a day to requests from this client)"
        ),
        "{csv}"
    );
}

#[test]
fn the_slack_preset_posts_a_text_message_with_visitor_markup_escaped() {
    let dir = folder("slack");
    let mail = dir.join("mail");
    let (_receiver, port) = webhook_receiver(&mail, &[]);
    fs::write(
        dir.join("notify.toml"),
        format!(
            "[webhook]\nurl = \"http://localhost:{port}/services/T000/B000/XXXX\"\nformat = \"slack\"\n\
             secret_env = \"TEST_WEBHOOK_SECRET\"\n"
        ),
    )
    .unwrap();
    let collector = collector(&dir, &[("TEST_WEBHOOK_SECRET", WEBHOOK_SECRET)]);
    send_visit(&collector);
    wait_for("the Slack message to be delivered", || {
        state(&dir) == ["delivered"]
    });
    let deliveries = received(&dir);
    assert_eq!(deliveries.len(), 1);
    let text = deliveries[0]["body"]["text"].as_str().unwrap_or_default();
    assert!(
        text.contains("*sam@prospect.example* asked Nadia Okafor a question"),
        "{text}"
    );
    assert!(
        text.contains("&lt;b&gt;We have 40 seats&lt;/b&gt;") && !text.contains("<b>"),
        "{text}"
    );
}

#[test]
fn a_notification_that_keeps_failing_is_marked_failed_with_its_reason() {
    let dir = folder("give-up");
    let port = free_port();
    fs::write(
        dir.join("notify.toml"),
        format!(
            "[email]\nto = \"nadia@kestrel.example\"\nfrom = \"helpfirst@kestrel.example\"\n\
             server = \"localhost\"\nport = {port}\nsecurity = \"none\"\n\
             [delivery]\nfirst_retry = \"1s\"\ngive_up_after = \"3s\"\n"
        ),
    )
    .unwrap();
    let collector = collector(&dir, &[]);
    send_visit(&collector);
    wait_for("the notification to be given up", || {
        state(&dir) == ["failed"]
    });
    let rows = outbox(&dir);
    assert!(rows[0].2 >= 2, "retried before giving up: {rows:?}");
    let reason = rows[0].3.clone().unwrap_or_default();
    assert!(reason.contains(&format!("localhost:{port}")), "{reason}");
    let (ok, report, _) = helpfirst(&["report", "--db", dir.join("events.db").to_str().unwrap()]);
    assert!(ok);
    assert!(report.contains("email: FAILED"), "{report}");
}

#[test]
fn check_names_the_file_line_and_field_of_every_problem() {
    let dir = folder("check");
    let file = dir.join("notify.toml");
    fs::write(
        &file,
        "[email]\nto = \"not an address\"\nfrom = \"helpfirst@kestrel.example\"\n\
         server = \"smtp.kestrel.example\"\nsecurity = \"none\"\nusername = \"me\"\n\
         password_env = \"HELPFIRST_TEST_UNSET_VARIABLE\"\n\
         [webhook]\nurl = \"http://hooks.example.com/x\"\n\
         [delivery]\ngive_up_after = \"soon\"\n",
    )
    .unwrap();
    let (ok, _, errors) = helpfirst(&["notify", "check", file.to_str().unwrap()]);
    assert!(!ok);
    let name = file.display().to_string();
    for expected in [
        format!("{name}:2: email.to: `not an address`"),
        format!("{name}:5: email.security: \"none\" would send"),
        format!("{name}:7: email.password_env: the environment variable HELPFIRST_TEST_UNSET_VARIABLE is not set"),
        format!("{name}:9: webhook.url: http:// would send"),
        format!("{name}:9: webhook.secret_env: missing"),
        format!("{name}:11: delivery.give_up_after: `soon`"),
    ] {
        assert!(errors.contains(&expected), "missing {expected:?} in:\n{errors}");
    }

    fs::write(&file, "[email]\nto = \"a@b.example\"\nfrom = \"c@b.example\"\nserver = \"smtp.b.example\"\nport = \"587\"\n").unwrap();
    let (ok, _, errors) = helpfirst(&["notify", "check", file.to_str().unwrap()]);
    assert!(!ok);
    assert!(errors.contains(&format!("{name}:5:")), "{errors}");

    fs::write(
        &file,
        "[email]\nto = \"a@b.example\"\nfrom = \"c@b.example\"\nserver = \"smtp.b.example\"\n",
    )
    .unwrap();
    let (ok, out, errors) = helpfirst(&["notify", "check", file.to_str().unwrap()]);
    assert!(ok, "{errors}");
    assert!(out.contains("handoffs go by email"), "{out}");
}

#[test]
fn the_test_command_sends_a_test_mail() {
    let dir = folder("test-command");
    let port = free_port();
    let _smtp = smtp(port, &dir, "plain", None, false);
    email_settings(&dir, port, "security = \"none\"");
    let (ok, out, errors) =
        helpfirst(&["notify", "test", dir.join("notify.toml").to_str().unwrap()]);
    assert!(ok, "{out}{errors}");
    assert!(out.contains("email: sent a test notification"), "{out}");
    let mails = received(&dir);
    assert_eq!(mails.len(), 1);
    assert!(mails[0]["text"]
        .as_str()
        .unwrap()
        .contains("test notification"));
}

#[test]
fn a_collector_without_settings_says_it_does_not_deliver_handoffs() {
    let demo = support::Demo::start("capabilities", &[]);
    let reply = demo.get("/v1/capabilities");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.json()["collector"], "helpfirst");
    assert_eq!(reply.json()["handoffs"]["delivered"], false);
}
