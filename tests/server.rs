//! The demo server over real HTTP on 127.0.0.1: static files with their types, caching and CSP,
//! path traversal, the collector endpoints writing to a real SQLite file, and CORS.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::path::PathBuf;

use helpfirst::server::{self, Config};
use serde_json::json;
use support::{batch, track, Demo, SHOP};

const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
                   connect-src 'self'; img-src 'self' data:";

#[test]
fn health_check_says_ok() {
    let demo = Demo::start("health", &[]);

    let reply = demo.get("/healthz");

    assert_eq!((reply.status, reply.text().as_str()), (200, "ok"));
}

#[test]
fn index_page_has_the_strict_csp_nosniff_and_no_cache() {
    let demo = Demo::start("index", &[]);

    let reply = demo.get("/?utm_source=test");

    assert_eq!(reply.status, 200);
    assert_eq!(reply.text(), "<h1>Demo</h1>");
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(reply.header("Content-Security-Policy"), Some(CSP));
    assert_eq!(reply.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(reply.header("Cache-Control"), Some("no-cache"));
}

#[test]
fn directory_serves_its_index() {
    let demo = Demo::start("directory", &[]);

    for path in ["/docs/", "/docs"] {
        let reply = demo.get(path);
        assert_eq!(
            (reply.status, reply.text().as_str()),
            (200, "<h1>Docs</h1>"),
            "{path}"
        );
    }
}

#[test]
fn files_have_the_content_type_of_their_extension() {
    let demo = Demo::start("types", &[]);
    let expected = [
        ("/style.css", "text/css; charset=utf-8"),
        ("/app.js", "text/javascript; charset=utf-8"),
        ("/data.json", "application/json"),
        ("/logo.svg", "image/svg+xml"),
        ("/logo.png", "image/png"),
        ("/favicon.ico", "image/x-icon"),
        ("/helpfirst/helpfirst-3f9a1c2b.wasm", "application/wasm"),
    ];

    for (path, content_type) in expected {
        let reply = demo.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Content-Type"), Some(content_type), "{path}");
        assert_eq!(reply.header("Content-Security-Policy"), None, "{path}");
    }
}

#[test]
fn build_files_are_cached_by_whether_their_name_has_a_hash() {
    let demo = Demo::start("cache", &[]);
    let expected = [
        (
            "/helpfirst/helpfirst-3f9a1c2b.wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/helpfirst/helpfirst.js", "public, max-age=300"),
        ("/helpfirst/content.json", "public, max-age=300"),
        ("/style.css", "no-cache"),
    ];

    for (path, cache_control) in expected {
        let reply = demo.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("Cache-Control"), Some(cache_control), "{path}");
    }
}

#[test]
fn paths_out_of_the_roots_or_to_hidden_files_are_not_found() {
    let demo = Demo::start("traversal", &[]);
    let attempts = [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/docs/../../secret.txt",
        "/helpfirst/../../secret.txt",
        "/helpfirst/%2E%2E%2F%2E%2E%2Fsecret.txt",
        "/helpfirst/..%5c..%5csecret.txt",
        "/.hidden",
        "/%2ehidden",
        "/missing.html",
    ];

    for path in attempts {
        let reply = demo.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.text(), "not found", "{path}");
    }
}

#[test]
fn posted_batch_is_stored_and_readable_with_sqlite() {
    let demo = Demo::start("batch", &[]);

    let reply = demo.post(
        "/v1/batch",
        &[("Content-Type", "application/json")],
        &batch(vec![track("m1"), track("m2")]),
    );

    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Content-Type"), Some("application/json"));
    assert_eq!(
        reply.json(),
        json!({ "ok": true, "stored": 2, "duplicates": 0 })
    );
    assert_eq!(
        demo.events(),
        [
            ("m1".to_owned(), "Question Asked".to_owned()),
            ("m2".to_owned(), "Question Asked".to_owned())
        ]
    );
}

#[test]
fn text_plain_batch_is_accepted_and_a_resend_is_a_duplicate() {
    let demo = Demo::start("text-plain", &[]);
    let headers = [("Content-Type", "text/plain;charset=UTF-8")];

    let first = demo.post("/v1/batch", &headers, &batch(vec![track("m1")]));
    let resend = demo.post("/v1/batch", &headers, &batch(vec![track("m1")]));

    assert_eq!(
        first.json(),
        json!({ "ok": true, "stored": 1, "duplicates": 0 })
    );
    assert_eq!(
        resend.json(),
        json!({ "ok": true, "stored": 0, "duplicates": 1 })
    );
    assert_eq!(demo.events().len(), 1);
}

#[test]
fn track_endpoint_stores_one_event() {
    let demo = Demo::start("track", &[]);

    let reply = demo.post("/v1/track", &[], &track("t1"));

    assert_eq!(
        reply.json(),
        json!({ "ok": true, "stored": 1, "duplicates": 0 })
    );
    assert_eq!(
        demo.events(),
        [("t1".to_owned(), "Question Asked".to_owned())]
    );
}

#[test]
fn invalid_batch_gets_400_listing_every_problem() {
    let demo = Demo::start("invalid", &[]);
    let mut nameless = track("m2");
    nameless["event"] = json!(null);

    let reply = demo.post(
        "/v1/batch",
        &[],
        &batch(vec![track("m1"), nameless, json!("x")]),
    );

    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.json(),
        json!({
            "ok": false,
            "errors": [
                "batch[1].event: missing",
                "batch[2]: expected an event object, got a string"
            ]
        })
    );
    assert!(demo.events().is_empty());
}

#[test]
fn batch_over_500_kb_gets_413_naming_the_limit() {
    let demo = Demo::start("too-large", &[]);
    let padding = "x".repeat(20 * 1024);
    let events = (0..30)
        .map(|index| {
            let mut event = track(&format!("m{index}"));
            event["properties"] = json!({ "padding": padding });
            event
        })
        .collect();

    let reply = demo.post("/v1/batch", &[], &batch(events));

    assert_eq!(reply.status, 413);
    assert_eq!(
        reply.json()["errors"],
        json!(["body: larger than the 500 KB limit for a batch"])
    );
    assert!(demo.events().is_empty());
}

#[test]
fn allowed_origin_may_post_and_is_told_so() {
    let demo = Demo::start("cors-allowed", &[SHOP]);

    let reply = demo.post("/v1/batch", &[("Origin", SHOP)], &batch(vec![track("m1")]));

    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some(SHOP));
    assert_eq!(reply.header("Vary"), Some("Origin"));
    assert_eq!(demo.events().len(), 1);
}

#[test]
fn unknown_origin_is_refused_and_nothing_is_stored() {
    let demo = Demo::start("cors-refused", &[SHOP]);

    let reply = demo.post(
        "/v1/batch",
        &[
            ("Origin", "https://evil.example"),
            ("Content-Type", "text/plain"),
        ],
        &batch(vec![track("m1")]),
    );

    assert_eq!(reply.status, 403);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), None);
    let errors = reply.json()["errors"].to_string();
    assert!(
        errors.contains("--allow-origin https://evil.example"),
        "{errors}"
    );
    assert!(demo.events().is_empty());
}

#[test]
fn same_origin_post_needs_no_allow_list() {
    let demo = Demo::start("same-origin", &[]);
    let own_origin = format!("http://127.0.0.1:{}", demo.port());

    let reply = demo.post(
        "/v1/batch",
        &[("Origin", &own_origin)],
        &batch(vec![track("m1")]),
    );

    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), None);
}

#[test]
fn wildcard_allows_any_origin_by_echoing_it() {
    let demo = Demo::start("cors-any", &["*"]);

    let reply = demo.post(
        "/v1/track",
        &[("Origin", "https://anyone.example")],
        &track("t1"),
    );

    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("Access-Control-Allow-Origin"),
        Some("https://anyone.example")
    );
}

#[test]
fn preflight_is_answered_for_allowed_origins_only() {
    let demo = Demo::start("preflight", &[SHOP]);
    let asking = |origin| {
        demo.send(
            "OPTIONS",
            "/v1/batch",
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            b"",
        )
    };

    let allowed = asking(SHOP);
    let refused = asking("https://evil.example");

    assert_eq!(allowed.status, 204);
    assert_eq!(allowed.header("Access-Control-Allow-Origin"), Some(SHOP));
    assert_eq!(
        allowed.header("Access-Control-Allow-Methods"),
        Some("POST, OPTIONS")
    );
    assert_eq!(
        allowed.header("Access-Control-Allow-Headers"),
        Some("Content-Type, Authorization")
    );
    assert_eq!(refused.status, 403);
    assert_eq!(refused.header("Access-Control-Allow-Origin"), None);
}

#[test]
fn widget_files_may_be_loaded_by_allowed_origins() {
    let demo = Demo::start("cors-files", &[SHOP]);

    let reply = demo.send("GET", "/helpfirst/helpfirst.js", &[("Origin", SHOP)], b"");

    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("Access-Control-Allow-Origin"), Some(SHOP));
}

#[test]
fn wrong_methods_get_405_naming_the_right_ones() {
    let demo = Demo::start("methods", &[]);

    let get_batch = demo.get("/v1/batch");
    let delete_page = demo.send("DELETE", "/index.html", &[], b"");

    assert_eq!(get_batch.status, 405);
    assert_eq!(get_batch.header("Allow"), Some("POST, OPTIONS"));
    assert_eq!(delete_page.status, 405);
    assert_eq!(delete_page.header("Allow"), Some("GET, HEAD"));
}

#[test]
fn origin_that_is_not_an_origin_stops_the_start() {
    let result = server::start(Config {
        port: 0,
        db: std::env::temp_dir().join(format!("helpfirst-server-{}-bad.db", std::process::id())),
        site: Some(PathBuf::from("www")),
        dist: Some(PathBuf::from("dist")),
        allow_origins: vec!["shop.example/path".to_owned()],
        ..Config::default()
    });

    let Err(message) = result else {
        panic!("a bad origin is refused");
    };
    assert!(
        message.starts_with("--allow-origin \"shop.example/path\""),
        "{message}"
    );
}

#[test]
fn concurrent_posts_are_all_stored() {
    let demo = Demo::start("concurrent", &[]);

    std::thread::scope(|scope| {
        for client in 0..8 {
            let demo = &demo;
            scope.spawn(move || {
                for request in 0..5 {
                    let id = format!("c{client}-r{request}");
                    let reply = demo.post("/v1/batch", &[], &batch(vec![track(&id)]));
                    assert_eq!(reply.status, 200, "{id}: {}", reply.text());
                }
            });
        }
    });

    assert_eq!(demo.events().len(), 40);
}

#[test]
fn precompressed_build_files_are_sent_to_browsers_that_take_them() {
    let demo = Demo::start("precompressed", &[]);
    std::fs::write(demo.dir.join("dist/helpfirst.js.br"), b"brotli bytes").unwrap();
    std::fs::write(demo.dir.join("dist/helpfirst.js.gz"), b"gzip bytes").unwrap();
    let asking = |accept: &str| {
        demo.send(
            "GET",
            "/helpfirst/helpfirst.js",
            &[("Accept-Encoding", accept)],
            b"",
        )
    };

    let brotli = asking("gzip, deflate, br, zstd");
    let gzip = asking("gzip");
    let refused = asking("br;q=0, identity");
    let plain_file = demo.send("GET", "/style.css", &[("Accept-Encoding", "br")], b"");

    assert_eq!(brotli.header("Content-Encoding"), Some("br"));
    assert_eq!(brotli.body, b"brotli bytes");
    assert_eq!(gzip.header("Content-Encoding"), Some("gzip"));
    assert_eq!(gzip.body, b"gzip bytes");
    assert_eq!(refused.header("Content-Encoding"), None);
    assert_eq!(refused.text(), "import './helpfirst-3f9a1c2b.js'");
    for reply in [&brotli, &gzip, &refused] {
        assert_eq!(
            reply.header("Content-Type"),
            Some("text/javascript; charset=utf-8")
        );
        assert_eq!(reply.header("Cache-Control"), Some("public, max-age=300"));
        assert_eq!(reply.header("Vary"), Some("Accept-Encoding"));
    }
    assert_eq!(plain_file.header("Content-Encoding"), None);
    assert_eq!(plain_file.header("Vary"), None);
}

#[test]
fn stop_returns_while_clients_trickle_their_bodies() {
    use std::io::Write;
    let demo = Demo::start("stop-drain", &[]);
    let trickling: Vec<std::net::TcpStream> = (0..8)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", demo.port())).unwrap();
            stream
                .write_all(
                    b"POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{",
                )
                .unwrap();
            stream
        })
        .collect();
    assert_eq!(demo.get("/healthz").status, 200);
    let (stopped, done) = std::sync::mpsc::channel();

    std::thread::spawn(move || {
        drop(demo);
        let _ = stopped.send(());
    });

    // The drain is bounded (5 s); the minute is a safety net, not a measurement.
    assert!(
        done.recv_timeout(std::time::Duration::from_secs(60))
            .is_ok(),
        "stop must not wait for clients that never finish their bodies"
    );
    drop(trickling);
}
