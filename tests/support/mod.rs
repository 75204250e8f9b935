//! A real `helpfirst` server on 127.0.0.1 for tests, and raw HTTP/1.1 exchanges with it.
//!
//! Shared by the test files that talk HTTP; each uses only part of it, hence `dead_code` allowed.
#![allow(dead_code)]

use std::fs;
use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream, UdpSocket};
use std::path::PathBuf;

pub mod cluster;
pub mod receivers;

use helpfirst::server::{self, Config, Running};
use rusqlite::Connection;
use serde_json::{json, Value};

pub const SHOP: &str = "https://shop.example";

/// A running server over a throwaway site, dist dir and database; stopped when dropped.
pub struct Demo {
    pub dir: PathBuf,
    running: Option<Running>,
}

pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Demo {
    pub fn start(test: &str, allow_origins: &[&str]) -> Demo {
        Demo::start_with(test, |config| {
            config.allow_origins = allow_origins
                .iter()
                .map(|&origin| origin.to_owned())
                .collect();
        })
    }

    /// Starts with the test's own settings on top of the throwaway site, dist and database.
    pub fn start_with(test: &str, configure: impl FnOnce(&mut Config)) -> Demo {
        let dir =
            std::env::temp_dir().join(format!("helpfirst-server-{}-{test}", std::process::id()));
        // Left over from an earlier run with the same process id, if anything.
        let _ = fs::remove_dir_all(&dir);
        let files: &[(&str, &[u8])] = &[
            ("secret.txt", b"outside the roots"),
            ("site/index.html", b"<h1>Demo</h1>"),
            ("site/docs/index.html", b"<h1>Docs</h1>"),
            ("site/.hidden", b"hidden"),
            ("site/style.css", b"body {}"),
            ("site/app.js", b"export {}"),
            ("site/data.json", b"{}"),
            ("site/logo.svg", b"<svg/>"),
            ("site/logo.png", b"\x89PNG"),
            ("site/favicon.ico", b"\0\0\x01\0"),
            ("dist/helpfirst.js", b"import './helpfirst-3f9a1c2b.js'"),
            ("dist/helpfirst-3f9a1c2b.wasm", b"\0asm"),
            ("dist/content.json", b"{\"faqs\":[]}"),
        ];
        for (path, content) in files {
            let path = dir.join(path);
            fs::create_dir_all(path.parent().expect("a file has a parent"))
                .expect("create a test directory");
            fs::write(&path, content).expect("write a test file");
        }
        let mut config = Config {
            port: 0,
            db: dir.join("events.db"),
            site: Some(dir.join("site")),
            dist: Some(dir.join("dist")),
            ..Config::default()
        };
        configure(&mut config);
        let running = server::start(config).expect("start the server");
        Demo {
            dir,
            running: Some(running),
        }
    }

    pub fn port(&self) -> u16 {
        self.running.as_ref().expect("the server runs").port()
    }

    /// One HTTP/1.1 exchange on a fresh connection, closed by the server after its answer.
    pub fn send(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let port = self.port();
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        answer_within_a_minute(&stream);
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
             Content-Length: {}\r\n",
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send the head");
        stream.write_all(body).expect("send the body");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("read the answer");
        Reply::parse(&raw)
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send("GET", path, &[], b"")
    }

    pub fn post(&self, path: &str, headers: &[(&str, &str)], body: &Value) -> Reply {
        self.send("POST", path, headers, body.to_string().as_bytes())
    }

    pub fn events(&self) -> Vec<(String, String)> {
        let connection = Connection::open(self.dir.join("events.db")).expect("open the database");
        let mut select = connection
            .prepare("SELECT message_id, event FROM events ORDER BY message_id")
            .expect("prepare the query");
        select
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("query the events")
            .collect::<Result<_, _>>()
            .expect("read the events")
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop();
        }
    }
}

impl Reply {
    pub fn parse(raw: &[u8]) -> Reply {
        let split = raw
            .windows(4)
            .position(|window| window == b"\r\n\r\n")
            .expect("the answer has a head");
        let head = String::from_utf8(raw[..split].to_vec()).expect("the head is text");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().expect("a status line");
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse().ok())
            .expect("a status code");
        let headers = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, value)| value.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the body is JSON")
    }
}

pub fn track(message_id: &str) -> Value {
    json!({
        "type": "track",
        "event": "Question Asked",
        "messageId": message_id,
        "anonymousId": "anon-1",
        "timestamp": "2024-05-01T12:00:00.000Z",
        "properties": { "question": "can I cancel anytime?" },
        "context": {
            "page": { "path": "/pricing.html", "url": "http://localhost/pricing.html" },
            "locale": "en",
            "library": { "name": "helpfirst", "version": "0.1.0" }
        }
    })
}

/// A widget event as the widget sends it (see schema/events.schema.json).
pub fn widget_event(message_id: &str, name: &str, properties: Value) -> Value {
    json!({
        "type": "track",
        "event": name,
        "messageId": message_id,
        "anonymousId": "anon-1",
        "timestamp": "2026-11-23T10:00:00.000Z",
        "properties": properties,
        "context": {
            "page": { "path": "/", "url": "https://kestrel.example/", "title": "Kestrel", "referrer": "" },
            "locale": "en",
            "library": { "name": "helpfirst", "version": "0.1.0" }
        }
    })
}

pub fn batch(events: Vec<Value>) -> Value {
    json!({ "batch": events, "sentAt": "2024-05-01T12:00:01.000Z" })
}

/// The widget's events of a session that touches every part of the report: answers rated both
/// ways, questions without an answer (hostile ones included), comparisons, fit results, asks shown
/// to visits with and without help, a click and a handoff. Shared by the report's tests and the
/// test that the report reads the same from SQLite and PostgreSQL.
pub fn report_session() -> Vec<Value> {
    let mut events: Vec<(&str, Value)> = Vec::new();
    for _ in 0..3 {
        events.push((
            "Question Asked",
            json!({ "question": "Can I cancel anytime?" }),
        ));
        events.push((
            "Answer Shown",
            json!({ "question": "Can I cancel anytime?", "answer_id": "cancel-anytime",
                    "source_url": "/faq.html#cancel", "confidence": 0.9 }),
        ));
    }
    for helpful in [true, true, false] {
        events.push((
            "Answer Rated",
            json!({ "answer_id": "cancel-anytime", "helpful": helpful }),
        ));
    }
    for question in [
        "can I export to PDF?",
        "Can I export to PDF?",
        "export pdf",
        "Do you support SSO?",
        "<script>alert(1)</script>",
        "=HYPERLINK(\"http://evil.example\")",
    ] {
        events.push(("Question Asked", json!({ "question": question })));
        events.push(("No Answer", json!({ "question": question })));
    }
    for _ in 0..2 {
        events.push(("Comparison Viewed", json!({ "options": ["free", "team"] })));
    }
    events.push((
        "Fit Recommended",
        json!({ "option_id": "team", "relation": "ours", "tie": false }),
    ));
    events.push((
        "Fit Recommended",
        json!({ "option_id": "slate-wiki", "relation": "alternative", "tie": false }),
    ));
    // A visit that was never shown an ask: every event carries its visit's id, and the
    // visits table lists only visits shown a call to action or handed to a person.
    events.push(("Widget Opened", json!({ "visit_id": "visit-three" })));
    events.push((
        "Call To Action Shown",
        json!({ "actions": ["trial", "demo"], "help_count": 3, "reason": "helped", "visit_id": "visit-one" }),
    ));
    events.push((
        "Call To Action Clicked",
        json!({ "action_id": "trial", "help_count": 3, "visit_id": "visit-one" }),
    ));
    events.push((
        "Handoff Requested",
        json!({ "person": "Nadia Okafor", "email": "sam@prospect.example", "question": "Do you support SSO?",
                "consent": true, "help_count": 4, "visit_id": "visit-one" }),
    ));
    events.push((
        "Call To Action Shown",
        json!({ "actions": ["trial", "demo"], "help_count": 0, "reason": "asked", "visit_id": "visit-two" }),
    ));
    events
        .into_iter()
        .enumerate()
        .map(|(n, (name, properties))| widget_event(&format!("m-{n}"), name, properties))
        .collect()
}

/// This machine's address on its network, when it has one: a caller from there is not loopback.
pub fn network_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind("0.0.0.0:0").ok()?;
    // Connecting a UDP socket sends nothing; it only picks the outgoing interface.
    socket.connect("192.0.2.1:9").ok()?;
    let ip = socket.local_addr().ok()?.ip();
    (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
}

/// `GET path` from `ip` (not loopback), with the bearer token if given.
pub fn get_from(ip: IpAddr, port: u16, path: &str, token: Option<&str>) -> Reply {
    let mut stream = TcpStream::connect((ip, port)).expect("connect from the network address");
    answer_within_a_minute(&stream);
    let auth = token.map_or(String::new(), |token| {
        format!("Authorization: Bearer {token}\r\n")
    });
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {ip}\r\nConnection: close\r\n{auth}\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    Reply::parse(&raw)
}

/// Runs the real `helpfirst` binary: whether it succeeded, its standard output and its errors.
pub fn helpfirst(args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_helpfirst"))
        .args(args)
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// A server that never answers fails the test that asked, naming the read, instead of hanging the
/// whole run: a safety net, not a measurement (answers take milliseconds).
fn answer_within_a_minute(stream: &TcpStream) {
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .expect("set a read timeout");
}

/// The real `helpfirst` binary serving on 127.0.0.1 (or as `args` say), killed when dropped.
pub struct Binary {
    pub child: std::process::Child,
    pub port: u16,
}

impl Binary {
    /// Runs `helpfirst ARGS --port 0` (through `wrapper`, such as `prlimit`, when given) and
    /// waits for the line that names its address.
    pub fn start(wrapper: &[&str], args: &[&str]) -> Binary {
        use std::io::BufRead;
        let program = env!("CARGO_BIN_EXE_helpfirst");
        let mut command = match wrapper.split_first() {
            Some((first, rest)) => {
                let mut command = std::process::Command::new(first);
                command.args(rest).arg(program);
                command
            }
            None => std::process::Command::new(program),
        };
        let mut child = command
            .args(args)
            .args(["--port", "0"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start helpfirst");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("its output"))
            .read_line(&mut line)
            .expect("read its first line");
        let port = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|address| address.rsplit_once(':'))
            .and_then(|(_, port)| port.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Binary { child, port }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().expect("ask the process").is_none()
    }

    /// One exchange on a fresh connection to 127.0.0.1, with the `Host` given.
    pub fn send(&self, request: &str) -> Reply {
        exchange(("127.0.0.1", self.port), request.as_bytes())
    }

    pub fn get(&self, path: &str) -> Reply {
        self.send(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    pub fn post(&self, path: &str, body: &Value) -> Reply {
        let body = body.to_string();
        self.send(&format!(
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\
             Content-Length: {}\r\n\r\n{body}",
            self.port,
            body.len()
        ))
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        // Already gone if the test stopped it; nothing else to do then.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends raw bytes on a fresh connection and reads the answer up to the server's close.
pub fn exchange(address: impl std::net::ToSocketAddrs, request: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(address).expect("connect");
    answer_within_a_minute(&stream);
    stream.write_all(request).expect("send the request");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the answer");
    Reply::parse(&raw)
}
