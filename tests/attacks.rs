//! The attacks found against `helpfirst collect` (issue 12), each replayed against the real binary
//! on 127.0.0.1, bounded in time (every read has a one-minute safety net) and in count.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::Duration;

use rusqlite::Connection;
use serde_json::{json, Value};
use support::{batch, exchange, track, Binary, Reply};

/// A fresh directory for one test's files.
fn dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("helpfirst-attacks-{}-{test}", std::process::id()));
    // Left over from an earlier run with the same process id, if anything.
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the test directory");
    dir
}

fn collect(test: &str, extra: &[&str]) -> (Binary, std::path::PathBuf) {
    let db = dir(test).join("events.db");
    let db_text = db.to_str().expect("a UTF-8 path").to_owned();
    let mut args = vec!["collect", "--db", &db_text];
    args.extend_from_slice(extra);
    (Binary::start(&[], &args), db)
}

fn stored(db: &std::path::Path) -> i64 {
    Connection::open(db)
        .expect("open the database")
        .query_row("SELECT COUNT(*) FROM events", [], |row| row.get(0))
        .expect("count the events")
}

/// Asks `/healthz` on fresh connections until it answers 200, a bounded number of times (the
/// server frees the slots of closed connections asynchronously).
fn healthy(collector: &Binary) -> bool {
    (0..100).any(|_| {
        let ok = collector.get("/healthz").status == 200;
        if !ok {
            thread::sleep(Duration::from_millis(100));
        }
        ok
    })
}

#[test]
fn a_terabyte_content_length_gets_413_and_the_collector_lives_on() {
    let (mut collector, db) = collect("huge-length", &[]);

    let reply = collector.send(&format!(
        "POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 1099511627776\r\n\r\n",
        collector.port
    ));

    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.json()["errors"],
        json!(["body: larger than the 500 KB limit for a batch"])
    );
    assert!(collector.alive(), "the collector must survive the request");
    assert_eq!(collector.get("/healthz").status, 200);
    assert_eq!(stored(&db), 0);
}

#[test]
fn clients_that_trickle_their_bodies_block_nobody_and_sigterm_still_stops() {
    let (mut collector, db) = collect("slowloris", &[]);
    // More half-sent bodies than the old server had workers.
    let trickling: Vec<TcpStream> = (0..8)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", collector.port)).unwrap();
            write!(
                stream,
                "POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{{\"batch\""
            )
            .unwrap();
            stream
        })
        .collect();

    let health = collector.get("/healthz");
    let posted = collector.post("/v1/batch", &batch(vec![track("m1")]));

    assert_eq!(health.status, 200);
    assert_eq!(posted.status, 200, "{}", posted.text());
    assert_eq!(stored(&db), 1);
    let pid = collector.child.id().to_string();
    let signalled = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(signalled.success());
    // The drain is bounded (5 s); the safety net is far above it.
    let exited = (0..300).any(|_| {
        thread::sleep(Duration::from_millis(100));
        !collector.alive()
    });
    assert!(
        exited,
        "SIGTERM must stop the collector despite the half-sent bodies"
    );
    assert!(collector.child.wait().unwrap().success());
    drop(trickling);
}

#[test]
fn hundreds_of_idle_connections_under_a_low_file_limit_do_not_crash_it() {
    let has_prlimit = std::process::Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    assert!(has_prlimit, "prlimit (util-linux) is needed for this test");
    let db = dir("idle").join("events.db");
    let mut collector = Binary::start(
        &["prlimit", "--nofile=256:256", "--"],
        &["collect", "--db", db.to_str().unwrap()],
    );

    let idle: Vec<TcpStream> = (0..400)
        .map(|_| TcpStream::connect(("127.0.0.1", collector.port)).unwrap())
        .collect();
    thread::sleep(Duration::from_millis(500));

    assert!(collector.alive(), "400 idle connections must not crash it");
    // Over the cap, a client is told to come back rather than left hanging or reset.
    let busy = collector.get("/healthz");
    assert!(busy.status == 200 || busy.status == 503, "{}", busy.status);
    if busy.status == 503 {
        assert_eq!(busy.header("Retry-After"), Some("1"));
    }
    drop(idle);
    assert!(
        healthy(&collector),
        "/healthz answers once the idle clients left"
    );
    assert!(collector.alive());
}

#[test]
fn a_batch_context_cannot_multiply_what_is_stored() {
    let (collector, db) = collect("amplification", &[]);
    // 20 KB of context merged into 2,500 events would store 50 MB from a 350 KB body.
    let events: Vec<Value> = (0..2_500)
        .map(|n| {
            json!({"type": "track", "event": "E", "messageId": format!("a{n}"),
                        "anonymousId": "x", "timestamp": "2026-11-23T12:00:00.000Z"})
        })
        .collect();
    let mut wide = batch(events);
    wide["context"] = json!({ "padding": "p".repeat(20 * 1024) });
    // 31 KB of context makes a 2 KB event break the 32 KB limit per event once merged.
    let small = json!({"type": "track", "event": "E", "messageId": "b0", "anonymousId": "x",
                       "timestamp": "2026-11-23T12:00:00.000Z"});
    let mut event = small.clone();
    event["messageId"] = json!("b1");
    event["properties"] = json!({ "padding": "a".repeat(2 * 1024) });
    let mut deep = batch(vec![small, event]);
    deep["context"] = json!({ "padding": "p".repeat(31 * 1024) });

    let wide = collector.post("/v1/batch", &wide);
    let deep = collector.post("/v1/batch", &deep);

    assert_eq!(wide.status, 413, "{}", wide.text());
    let wide_error = wide.json()["errors"][0].as_str().unwrap().to_owned();
    assert!(
        wide_error.starts_with("batch: ")
            && wide_error.contains("once the batch context is merged"),
        "{wide_error}"
    );
    assert_eq!(deep.status, 400, "{}", deep.text());
    let deep_errors = deep.json()["errors"].clone();
    assert_eq!(deep_errors.as_array().unwrap().len(), 1, "{deep_errors}");
    assert!(
        deep_errors[0].as_str().unwrap().starts_with("batch[1]: ")
            && deep_errors[0]
                .as_str()
                .unwrap()
                .contains("once the batch context is merged"),
        "{deep_errors}"
    );
    assert_eq!(stored(&db), 0);
}

#[test]
fn a_locked_database_gives_503_with_retry_after_never_500() {
    let (collector, db) = collect("locked", &[]);
    let mut lock = Connection::open(&db).unwrap();
    // Another program holds the write lock longer than the collector's busy timeout (5 s).
    let holding = lock
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .unwrap();

    let refused = collector.post("/v1/batch", &batch(vec![track("m1")]));
    holding.commit().unwrap();
    let resent = collector.post("/v1/batch", &batch(vec![track("m1")]));

    assert_eq!(refused.status, 503, "{}", refused.text());
    assert_eq!(refused.header("Retry-After"), Some("1"));
    assert_eq!(resent.status, 200, "{}", resent.text());
    assert_eq!(stored(&db), 1);
}

#[test]
fn a_dropped_count_is_bounded() {
    let (collector, db) = collect("dropped", &[]);
    let mut body = batch(vec![track("m1")]);
    body["dropped"] = json!(u64::MAX);

    let reply = collector.post("/v1/batch", &body);

    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json()["errors"][0],
        "dropped: 18446744073709551615 events, over the limit of 1000000 per body"
    );
    assert_eq!(stored(&db), 0);
}

fn get_with(collector: &Binary, path: &str, headers: &str) -> Reply {
    collector.send(&format!(
        "GET {path} HTTP/1.1\r\n{headers}Connection: close\r\n\r\n"
    ))
}

#[test]
fn private_reads_never_get_cors_headers_whatever_allow_origin_says() {
    let (collector, _db) = collect("private-cors", &["--allow-origin", "*"]);
    let host = format!("Host: 127.0.0.1:{}\r\n", collector.port);
    let from_page = format!("{host}Origin: https://evil.example\r\n");

    for path in ["/v1/events", "/report", "/report/questions.csv"] {
        let reply = get_with(&collector, path, &from_page);
        assert_eq!(reply.status, 403, "{path}");
        assert_eq!(reply.header("Access-Control-Allow-Origin"), None, "{path}");
        let own = get_with(&collector, path, &host);
        assert_eq!(own.header("Access-Control-Allow-Origin"), None, "{path}");
    }
    let events = get_with(&collector, "/v1/events", &host);
    assert_eq!(events.status, 200);
    let preflight = collector.send(&format!(
        "OPTIONS /v1/events HTTP/1.1\r\n{from_page}Access-Control-Request-Method: GET\r\n\
         Connection: close\r\n\r\n"
    ));
    assert_eq!(preflight.header("Access-Control-Allow-Origin"), None);
    // Posting events from any origin still works: that is what the list is for.
    let posted = collector.send(&format!(
        "OPTIONS /v1/batch HTTP/1.1\r\n{from_page}Connection: close\r\n\r\n"
    ));
    assert_eq!(
        posted.header("Access-Control-Allow-Origin"),
        Some("https://evil.example")
    );
}

#[test]
fn private_reads_answer_only_to_allowed_host_names() {
    let (collector, _db) = collect("private-host", &["--allow-host", "collector.example"]);
    let port = collector.port;

    let rebound = get_with(
        &collector,
        "/v1/events",
        &format!("Host: evil.example:{port}\r\n"),
    );
    let report = get_with(
        &collector,
        "/report",
        &format!("Host: evil.example:{port}\r\n"),
    );
    let localhost = get_with(
        &collector,
        "/v1/events",
        &format!("Host: localhost:{port}\r\n"),
    );
    let named = get_with(&collector, "/v1/events", "Host: collector.example\r\n");
    let no_host = collector.send("GET /v1/events HTTP/1.0\r\n\r\n");

    assert_eq!(rebound.status, 403);
    assert!(
        rebound.json()["errors"][0]
            .as_str()
            .unwrap()
            .contains("--allow-host"),
        "{}",
        rebound.text()
    );
    assert_eq!(report.status, 403);
    assert_eq!((localhost.status, named.status), (200, 200));
    assert_eq!(no_host.status, 403);
}

#[test]
fn a_dual_stack_bind_counts_ipv4_loopback_callers_as_loopback() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("skipped: this machine has no IPv6");
        return;
    }
    let db = dir("dual-stack").join("events.db");
    let collector = Binary::start(
        &[],
        &["collect", "--host", "::", "--db", db.to_str().unwrap()],
    );

    let over_ipv4 = exchange(
        ("127.0.0.1", collector.port),
        format!(
            "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            collector.port
        )
        .as_bytes(),
    );
    let over_ipv6 = exchange(
        ("::1", collector.port),
        format!(
            "GET /v1/events HTTP/1.1\r\nHost: [::1]:{}\r\nConnection: close\r\n\r\n",
            collector.port
        )
        .as_bytes(),
    );

    assert_eq!(over_ipv4.status, 200, "{}", over_ipv4.text());
    assert_eq!(over_ipv6.status, 200, "{}", over_ipv6.text());
}

#[test]
fn symlinks_out_of_the_served_folders_are_not_followed() {
    let root = dir("symlinks");
    let site = root.join("site");
    let dist = root.join("dist");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::create_dir_all(dist.join("inner")).unwrap();
    std::fs::write(root.join("secret.txt"), "outside the roots").unwrap();
    std::fs::write(site.join("index.html"), "<h1>Demo</h1>").unwrap();
    std::fs::write(dist.join("inner/real.js"), "export {}").unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.join("passwd")).unwrap();
    std::os::unix::fs::symlink(&root, site.join("up")).unwrap();
    std::os::unix::fs::symlink(root.join("secret.txt"), dist.join("secret.js")).unwrap();
    std::os::unix::fs::symlink(dist.join("inner/real.js"), dist.join("linked.js")).unwrap();
    let collector = Binary::start(
        &[],
        &[
            "serve",
            "--site",
            site.to_str().unwrap(),
            "--dist",
            dist.to_str().unwrap(),
            "--db",
            root.join("events.db").to_str().unwrap(),
        ],
    );

    for path in ["/passwd", "/up/secret.txt", "/helpfirst/secret.js"] {
        let reply = collector.get(path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.text());
    }
    let inside = collector.get("/helpfirst/linked.js");
    assert_eq!((inside.status, inside.text().as_str()), (200, "export {}"));
}

#[test]
fn segment_clients_events_need_only_what_segments_spec_requires() {
    let (collector, db) = collect("segment", &[]);
    // As @segment/analytics-node sends `track('Question Asked')`: no locale, its own library.
    let from_node = json!({
        "type": "track", "event": "Question Asked", "messageId": "node-1",
        "anonymousId": "a1", "timestamp": "2026-11-23T12:00:00.000Z",
        "properties": { "question": "can I cancel?" },
        "context": { "library": { "name": "@segment/analytics-node", "version": "2.1.3" } },
        "_metadata": { "jsRuntime": "node" }
    });
    let mut from_widget = from_node.clone();
    from_widget["messageId"] = json!("widget-1");
    from_widget["context"]["library"] = json!({ "name": "helpfirst", "version": "0.1.0" });

    let node = collector.post("/v1/batch", &batch(vec![from_node]));
    let widget = collector.post("/v1/batch", &batch(vec![from_widget]));

    assert_eq!(node.status, 200, "{}", node.text());
    assert_eq!(
        widget.status, 400,
        "the widget's own events are still checked in full"
    );
    assert!(widget.text().contains("locale"), "{}", widget.text());
    assert_eq!(stored(&db), 1);
}
