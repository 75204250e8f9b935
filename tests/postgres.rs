//! The collector on a real PostgreSQL: a throw-away cluster started by the test (see
//! `support::cluster`), two real `helpfirst collect` replicas against it, a `kill -9` of one of
//! them mid-load, a real SMTP receiver for the handoff outbox, and the report and export compared
//! with the same events stored in SQLite. Loopback only; every wait is bounded.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::cluster::Cluster;
use support::receivers;
use support::{batch, helpfirst, report_session, widget_event, Binary, Reply};

/// A throwaway folder for one test.
fn folder(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("helpfirst-postgres-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("mail")).unwrap();
    dir
}

/// Starts `helpfirst collect --db URL EXTRA...` replicas all at once (so their migrations race).
fn replicas(count: usize, url: &str, extra: &[&str]) -> Vec<Binary> {
    let starting: Vec<_> = (0..count)
        .map(|_| {
            let mut args = vec!["collect".to_owned(), "--db".to_owned(), url.to_owned()];
            args.extend(extra.iter().map(|arg| (*arg).to_owned()));
            std::thread::spawn(move || {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                Binary::start(&[], &args)
            })
        })
        .collect();
    starting
        .into_iter()
        .map(|thread| thread.join().expect("a replica started"))
        .collect()
}

/// One POST on a fresh connection: the status and JSON answer, or `None` when the replica is
/// gone (refused, reset, or closed before answering), as a load balancer would see it.
fn post(port: u16, path: &str, body: &str) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .ok()?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).ok()?;
    if !raw.windows(4).any(|window| window == b"\r\n\r\n") {
        return None;
    }
    let reply = Reply::parse(&raw);
    Some((
        reply.status,
        serde_json::from_slice(&reply.body).unwrap_or(Value::Null),
    ))
}

/// Sends `body` to the replicas in turn, starting at `first`, until one acknowledges it (a
/// client's retry behind a load balancer). Bounded: a body no replica takes fails the test.
fn deliver(ports: &[u16], first: usize, body: &str) -> (usize, Value) {
    for attempt in 0..200 {
        let index = (first + attempt) % ports.len();
        match post(ports[index], "/v1/batch", body) {
            Some((200, answer)) => return (index, answer),
            Some((503, _)) | None => std::thread::sleep(Duration::from_millis(20)),
            Some((status, answer)) => panic!("replica {index} answered {status}: {answer}"),
        }
    }
    panic!("no replica acknowledged a batch in 200 tries")
}

fn count(client: &mut postgres::Client, sql: &str) -> i64 {
    client.query_one(sql, &[]).unwrap().get(0)
}

#[test]
fn two_replicas_store_every_acknowledged_event_once_through_a_kill_9() {
    let cluster = Cluster::start("replicas");
    let url = cluster.database("events");
    let mut replicas = replicas(2, &url, &[]);
    let ports: Vec<u16> = replicas.iter().map(|replica| replica.port).collect();
    let mut client = cluster.connect("events");
    // Both started at once; each step was applied once, under the advisory lock.
    let versions: Vec<i64> = client
        .query(
            "SELECT version FROM schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(versions, [1, 2]);

    const CLIENTS: usize = 8;
    const BATCHES: usize = 40;
    const EVENTS: usize = 10;
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let sent_batches = Arc::new(Mutex::new(0usize));
    let load: Vec<_> = (0..CLIENTS)
        .map(|client_number| {
            let ports = ports.clone();
            let acknowledged = Arc::clone(&acknowledged);
            let sent_batches = Arc::clone(&sent_batches);
            std::thread::spawn(move || {
                for n in 0..BATCHES {
                    let ids: Vec<String> = (0..EVENTS)
                        .map(|e| format!("c{client_number}-b{n}-e{e}"))
                        .collect();
                    let events = ids
                        .iter()
                        .map(|id| widget_event(id, "Question Asked", json!({ "question": id })))
                        .collect();
                    let body = batch(events).to_string();
                    let (took, answer) = deliver(&ports, client_number + n, &body);
                    assert_eq!(
                        answer["stored"].as_u64().unwrap() + answer["duplicates"].as_u64().unwrap(),
                        EVENTS as u64,
                        "{answer}"
                    );
                    acknowledged.lock().unwrap().extend(ids);
                    // The same batch again at the other replica, as a client that lost the
                    // answer would resend it: nothing more is stored, wherever it lands.
                    if let Some((200, again)) = post(ports[1 - took], "/v1/batch", &body) {
                        assert_eq!(again["stored"], 0, "{again}");
                    }
                    *sent_batches.lock().unwrap() += 1;
                }
            })
        })
        .collect();
    // kill -9 one replica while the load runs: a quarter of the batches are in.
    let started = Instant::now();
    while *sent_batches.lock().unwrap() < CLIENTS * BATCHES / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the load stalled"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    replicas[0].child.kill().unwrap();
    replicas[0].child.wait().unwrap();
    for thread in load {
        thread
            .join()
            .expect("a client's batches were all acknowledged");
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert_eq!(acknowledged.len(), CLIENTS * BATCHES * EVENTS);

    // Every acknowledged event is stored, once: nothing else is.
    let stored: BTreeSet<String> = client
        .query("SELECT message_id FROM events", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM events"),
        stored.len() as i64
    );
    assert_eq!(stored, acknowledged);
    // The surviving replica's export reads them all back, each once.
    let export = replicas[1].get("/v1/events?format=ndjson");
    assert_eq!(export.status, 200);
    let exported: Vec<String> = export
        .text()
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["messageId"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(exported.len(), acknowledged.len());
    assert_eq!(exported.into_iter().collect::<BTreeSet<_>>(), acknowledged);
}

/// The report's session of events (`support::report_session`), in batches of ten, one with events
/// the browser says it lost.
fn session() -> Vec<Value> {
    let events = report_session();
    let mut bodies: Vec<Value> = events
        .chunks(10)
        .map(|chunk| batch(chunk.to_vec()))
        .collect();
    bodies[1]["dropped"] = json!(3);
    bodies
}

/// A `--db` value with every `received_at` it stored replaced by one word: the stores received
/// the same events at different moments, and everything else must be equal.
fn without_arrival_times(text: &str, times: &BTreeSet<String>) -> String {
    times.iter().fold(text.to_owned(), |text, time| {
        text.replace(time.as_str(), "RECEIVED")
    })
}

#[test]
fn the_report_and_the_export_are_the_same_from_sqlite_and_from_postgresql() {
    let cluster = Cluster::start("report");
    let dir = folder("report");
    let sqlite = dir.join("events.db");
    let stores = [
        sqlite.to_str().unwrap().to_owned(),
        cluster.database("events"),
    ];
    let mut outputs: Vec<BTreeMap<String, String>> = Vec::new();
    for db in &stores {
        let replica = Binary::start(&[], &["collect", "--db", db]);
        for body in session() {
            let stored = replica.post("/v1/batch", &body);
            assert_eq!(stored.status, 200, "{}", stored.text());
        }
        // The same bodies again: nothing more is stored in either store.
        for body in session() {
            assert_eq!(replica.post("/v1/batch", &body).json()["stored"], 0);
        }
        let csv = replica.get("/v1/events?format=csv").text();
        let times: BTreeSet<String> = csv::Reader::from_reader(csv.as_bytes())
            .records()
            .map(|record| record.unwrap()[5].to_owned())
            .collect();
        assert!(!times.is_empty());
        let today = times.iter().next().unwrap()[..10].to_owned();
        let mut output = BTreeMap::new();
        output.insert("export.csv".to_owned(), csv);
        output.insert(
            "export.ndjson".to_owned(),
            replica.get("/v1/events?format=ndjson").text(),
        );
        output.insert("report.html".to_owned(), replica.get("/report").text());
        let (ok, text, errors) = helpfirst(&["report", "--db", db]);
        assert!(ok, "{errors}");
        output.insert("report".to_owned(), text);
        // The day filter: today (UTC) holds every event, yesterday none.
        for (name, since) in [
            ("today", today.clone()),
            ("yesterday", "2000-01-01".to_owned()),
        ] {
            let until = if name == "today" {
                today.clone()
            } else {
                since.clone()
            };
            let (ok, text, errors) =
                helpfirst(&["report", "--db", db, "--since", &since, "--until", &until]);
            assert!(ok, "{errors}");
            output.insert(format!("report {name}"), text);
        }
        for table in [
            "questions",
            "gaps",
            "replies",
            "answers",
            "comparisons",
            "fits",
            "visits",
            "handoffs",
        ] {
            let (ok, text, errors) = helpfirst(&["report", "--db", db, "--csv", table]);
            assert!(ok, "{table}: {errors}");
            assert!(text.lines().count() > 1, "{table} is empty:\n{text}");
            output.insert(format!("{table}.csv"), text);
        }
        outputs.push(
            output
                .into_iter()
                .map(|(name, text)| (name, without_arrival_times(&text, &times)))
                .collect(),
        );
    }
    assert!(
        outputs[0]["report"].contains("Questions: 9 (3 answered, 6 not answered)"),
        "{}",
        outputs[0]["report"]
    );
    assert!(outputs[0]["report yesterday"].contains("Questions: 0"));
    for (name, from_sqlite) in &outputs[0] {
        assert_eq!(
            from_sqlite, &outputs[1][name],
            "{name} differs between SQLite and PostgreSQL"
        );
    }
    // The losses the browser reported were kept in both: each body's report is a row, so the
    // resent body's is there twice, on either store.
    let mut client = cluster.connect("events");
    assert_eq!(
        count(&mut client, "SELECT SUM(dropped)::bigint FROM losses"),
        6
    );
    let file = rusqlite::Connection::open(&sqlite).unwrap();
    let dropped: i64 = file
        .query_row("SELECT SUM(dropped) FROM losses", [], |row| row.get(0))
        .unwrap();
    assert_eq!(dropped, 6);
}

#[test]
fn two_replicas_deliver_each_handoff_once_through_one_smtp_server() {
    let cluster = Cluster::start("outbox");
    let url = cluster.database("events");
    let dir = folder("outbox");
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let _smtp = receivers::smtp(port, &dir.join("mail"), &["--mode", "plain"]);
    let settings = dir.join("notify.toml");
    std::fs::write(
        &settings,
        format!(
            "[email]\nto = \"Nadia Okafor <nadia@kestrel.example>\"\n\
             from = \"Kestrel <helpfirst@kestrel.example>\"\nserver = \"127.0.0.1\"\n\
             port = {port}\nsecurity = \"none\"\n[delivery]\nfirst_retry = \"1s\"\n"
        ),
    )
    .unwrap();
    let replicas = replicas(2, &url, &["--notify", settings.to_str().unwrap()]);
    const HANDOFFS: usize = 12;
    for n in 0..HANDOFFS {
        let handoff = widget_event(
            &format!("handoff-{n}"),
            "Handoff Requested",
            json!({ "person": "Nadia Okafor", "email": format!("visitor{n}@prospect.example"),
                    "question": format!("Question number {n}?"), "consent": true,
                    "help_count": 1, "visit_id": format!("visit-{n}") }),
        );
        let body = batch(vec![handoff]).to_string();
        // Each handoff reaches both replicas, as resends behind a load balancer would.
        for replica in &replicas {
            let (status, answer) = post(replica.port, "/v1/batch", &body).expect("an answer");
            assert_eq!(status, 200, "{answer}");
        }
    }
    let mut client = cluster.connect("events");
    let started = Instant::now();
    while count(
        &mut client,
        "SELECT COUNT(*) FROM notifications WHERE state = 'delivered'",
    ) < HANDOFFS as i64
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the handoffs were not all delivered within a minute"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Both replicas keep polling a while longer: still no second mail.
    std::thread::sleep(Duration::from_secs(2));
    let received = receivers::received(&dir.join("mail"));
    let ids: BTreeSet<&str> = received
        .iter()
        .map(|mail| mail["headers"]["message-id"].as_str().unwrap())
        .collect();
    assert_eq!(received.len(), HANDOFFS, "{received:#?}");
    assert_eq!(ids.len(), HANDOFFS);
    assert_eq!(
        count(&mut client, "SELECT COUNT(*) FROM notifications"),
        HANDOFFS as i64
    );
    assert_eq!(
        count(
            &mut client,
            "SELECT MAX(attempts)::bigint FROM notifications"
        ),
        1,
        "no notification was attempted twice"
    );
    // The report, read from PostgreSQL, says each was delivered.
    let (ok, csv, errors) = helpfirst(&["report", "--db", &url, "--csv", "handoffs"]);
    assert!(ok, "{errors}");
    assert_eq!(csv.matches("email: delivered").count(), HANDOFFS, "{csv}");
}

#[test]
fn a_database_that_cannot_be_reached_is_named_without_its_password() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://app:s3cret@127.0.0.1:{port}/events");
    let (ok, _, errors) = helpfirst(&["report", "--db", &url]);
    assert!(!ok);
    assert!(
        errors.contains(&format!("postgres://app:***@127.0.0.1:{port}/events")),
        "{errors}"
    );
    assert!(!errors.contains("s3cret"), "{errors}");
}

#[test]
fn a_database_outage_is_answered_503_and_the_collector_reconnects_after_it() {
    let cluster = Cluster::start("outage");
    let url = cluster.database("events");
    let replica = Binary::start(&[], &["collect", "--db", &url]);
    let body = |id: &str| {
        batch(vec![widget_event(
            id,
            "Question Asked",
            json!({ "question": id }),
        )])
        .to_string()
    };
    assert_eq!(
        post(replica.port, "/v1/batch", &body("before")).unwrap().0,
        200
    );

    cluster.stop();
    let during = replica.post("/v1/batch", &serde_json::from_str(&body("during")).unwrap());
    assert_eq!(during.status, 503, "{}", during.text());
    assert!(during.header("retry-after").is_some());

    cluster.restart();
    // The same body again, as the widget resends it: now stored, by a new connection.
    let (status, answer) = post(replica.port, "/v1/batch", &body("during")).unwrap();
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["stored"], 1);
    let ids: Vec<String> = cluster
        .connect("events")
        .query("SELECT message_id FROM events ORDER BY message_id", &[])
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(ids, ["before", "during"]);
}
