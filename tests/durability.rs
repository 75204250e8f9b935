//! An event the collector acknowledged survives `kill -9`: the real binary, a real SQLite file,
//! SIGKILL with no chance to flush anything, then the file read back.
#![cfg(not(target_arch = "wasm32"))]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

use rusqlite::Connection;
use serde_json::json;

#[test]
fn acknowledged_events_survive_kill_9() {
    let dir = std::env::temp_dir().join(format!("helpfirst-durability-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("events.db");
    let mut collector = Command::new(env!("CARGO_BIN_EXE_helpfirst"))
        .args(["collect", "--port", "0", "--db"])
        .arg(&db)
        .stdout(Stdio::piped())
        .spawn()
        .expect("start helpfirst collect");
    let mut line = String::new();
    BufReader::new(collector.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();

    let events: Vec<_> = (0..50)
        .map(|n| {
            json!({
                "type": "track", "event": "Plan Chosen", "messageId": format!("k{n}"),
                "anonymousId": "anon-1", "timestamp": "2026-11-23T12:00:00.000Z"
            })
        })
        .collect();
    let body = json!({ "batch": events, "sentAt": "2026-11-23T12:00:01.000Z" }).to_string();
    let mut stream = TcpStream::connect(&address).unwrap();
    write!(
        stream,
        "POST /v1/batch HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // `Child::kill` is SIGKILL on Unix: no destructor, no checkpoint, no flush runs.
    collector.kill().unwrap();
    collector.wait().unwrap();

    let stored: i64 = Connection::open(&db)
        .unwrap()
        .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))
        .unwrap();
    assert_eq!(stored, 50);
}
