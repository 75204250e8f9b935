//! The collector's own features over real HTTP: the write key, the export of stored events (and
//! who may read it), the dropped-events report, and `collect` mode serving no files.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use rusqlite::Connection;
use serde_json::{json, Value};
use support::{batch, get_from, network_address, track, Demo};

#[test]
fn a_write_key_is_required_in_the_body_or_as_basic_auth() {
    let demo = Demo::start_with("write-key", |config| {
        config.write_key = Some("wk_123".into())
    });

    let missing = demo.post("/v1/batch", &[], &batch(vec![track("m1")]));
    let mut in_body = batch(vec![track("m2")]);
    in_body["writeKey"] = json!("wk_123");
    let in_body = demo.post("/v1/batch", &[], &in_body);
    // base64("wk_123:") as @segment/analytics-node sends it.
    let basic = demo.post(
        "/v1/batch",
        &[("Authorization", "Basic d2tfMTIzOg==")],
        &batch(vec![track("m3")]),
    );
    let mut wrong = batch(vec![track("m4")]);
    wrong["writeKey"] = json!("wk_999");
    let wrong = demo.post("/v1/batch", &[], &wrong);

    assert_eq!(missing.status, 401);
    assert!(missing.json()["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("writeKey: missing"));
    assert_eq!(
        (in_body.status, basic.status, wrong.status),
        (200, 200, 401)
    );
    let stored: Vec<String> = demo.events().into_iter().map(|(id, _)| id).collect();
    assert_eq!(stored, ["m2", "m3"]);
}

#[test]
fn stored_events_export_as_ndjson_and_csv() {
    let demo = Demo::start("export", &[]);
    let mut formula = track("m2");
    formula["properties"]["question"] = json!("=HYPERLINK(\"http://evil.example\")");
    demo.post("/v1/batch", &[], &batch(vec![track("m1"), formula]));

    let ndjson = demo.get("/v1/events");
    let csv = demo.get("/v1/events?format=csv");
    let one = demo.get("/v1/events?event=Question+Asked&since=2000-01-01T00:00:00Z");
    let none = demo.get("/v1/events?until=2000-01-01T00:00:00Z");

    assert_eq!(ndjson.status, 200);
    assert_eq!(ndjson.header("Content-Type"), Some("application/x-ndjson"));
    assert_eq!(ndjson.header("Cache-Control"), Some("no-store"));
    let lines: Vec<Value> = ndjson
        .text()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["messageId"], "m1");
    assert_eq!(lines[0]["properties"]["question"], "can I cancel anytime?");

    let csv_text = csv.text();
    let mut rows = csv_text.lines();
    assert_eq!(
        rows.next(),
        Some("message_id,type,event,anonymous_id,timestamp,received_at,properties,context")
    );
    assert!(rows
        .next()
        .unwrap()
        .starts_with("m1,track,Question Asked,anon-1,"));
    assert!(
        csv_text.contains("\"{\"\"question\"\":\"\"=HYPERLINK"),
        "the formula stays inside the JSON text, which starts with {{: {csv_text}"
    );
    assert_eq!(one.text().lines().count(), 2);
    assert_eq!(none.text(), "");
}

#[test]
fn export_refuses_unknown_parameters_by_name() {
    let demo = Demo::start("export-typo", &[]);

    let reply = demo.get("/v1/events?fromat=csv&format=xml");

    assert_eq!(reply.status, 400);
    let errors = reply.json()["errors"].clone();
    assert_eq!(
        errors,
        json!([
            "fromat: unknown parameter (use format, since, until or event)",
            "format: expected ndjson or csv, got \"xml\""
        ])
    );
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised() {
    let demo = Demo::start("export-formula", &[]);
    let mut event = track("=1+1");
    event["anonymousId"] = json!("@SUM(A1)");
    demo.post("/v1/batch", &[], &batch(vec![event]));

    let csv = demo.get("/v1/events?format=csv").text();

    let row = csv.lines().nth(1).unwrap();
    assert!(
        row.starts_with("'=1+1,track,Question Asked,'@SUM(A1),"),
        "{row}"
    );
}

#[test]
fn a_dropped_count_from_the_browser_is_kept_with_the_batch() {
    let demo = Demo::start("dropped", &[]);
    let mut body = batch(vec![track("m1")]);
    body["dropped"] = json!(7);
    let mut bad = batch(vec![track("m2")]);
    bad["dropped"] = json!("seven");

    assert_eq!(demo.post("/v1/batch", &[], &body).status, 200);
    let refused = demo.post("/v1/batch", &[], &bad);

    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.json()["errors"][0],
        "dropped: expected a whole number of events, got a string"
    );
    let losses: i64 = Connection::open(demo.dir.join("events.db"))
        .unwrap()
        .query_row("SELECT SUM(dropped) FROM losses", [], |row| row.get(0))
        .unwrap();
    assert_eq!(losses, 7);
}

#[test]
fn collect_mode_serves_events_but_no_files() {
    let demo = Demo::start_with("collect-mode", |config| {
        config.site = None;
        config.dist = None;
    });

    let page = demo.get("/index.html");
    let stored = demo.post("/v1/batch", &[], &batch(vec![track("m1")]));

    assert_eq!(page.status, 404);
    assert_eq!((stored.status, demo.events().len()), (200, 1));
}

#[test]
fn callers_on_other_machines_need_the_token_to_read_events() {
    let Some(ip) = network_address() else {
        eprintln!("skipped: this machine has no network address besides loopback");
        return;
    };
    let open = Demo::start_with("access-open", |config| config.host = "0.0.0.0".into());
    let guarded = Demo::start_with("access-token", |config| {
        config.host = "0.0.0.0".into();
        config.token = Some("s3cret".into());
    });

    let without_token = get_from(ip, open.port(), "/v1/events", None);
    let missing = get_from(ip, guarded.port(), "/v1/events", None);
    let wrong = get_from(ip, guarded.port(), "/v1/events", Some("guess"));
    let right = get_from(ip, guarded.port(), "/v1/events", Some("s3cret"));

    assert_eq!(without_token.status, 403);
    assert!(without_token.json()["errors"][0]
        .as_str()
        .unwrap()
        .contains("--token"));
    assert_eq!(
        (missing.status, wrong.status, right.status),
        (401, 401, 200)
    );
    assert_eq!(
        open.get("/v1/events").status,
        200,
        "loopback callers need no token"
    );
}
