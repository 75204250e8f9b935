//! The marketer's help-first report over real parts: events posted to a real collector over HTTP
//! and stored in its real SQLite file, then read back as the `/report` page, its CSV tables, and
//! `helpfirst report` in the terminal.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use serde_json::{json, Value};
use support::{batch, get_from, helpfirst, network_address, report_session, widget_event, Demo};

/// One session's worth of help-first events: answered and unanswered questions, ratings,
/// comparisons, fit results, two visits shown the asks, and a handoff.
fn seeded(test: &str) -> Demo {
    let demo = Demo::start(test, &[]);
    let stored = demo.post("/v1/batch", &[], &batch(report_session()));
    assert_eq!(stored.status, 200, "{}", stored.text());
    demo
}

/// A CSV table's rows, header first.
fn csv_rows(body: &[u8]) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|record| record.unwrap().iter().map(String::from).collect())
        .collect()
}

#[test]
fn the_report_page_shows_the_figures_with_charts_and_nothing_external() {
    let demo = seeded("report-page");
    let page = demo.get("/report");
    assert_eq!(page.status, 200);
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert_eq!(page.header("Cache-Control"), Some("no-store"));
    let html = page.text();
    assert!(html.contains("<svg class=\"chart\" role=\"img\""));
    assert!(!html.contains("<script"), "what visitors typed is escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("src=\"http"), "no external assets");
    // The content gap chart says its figures in text too.
    assert!(
        html.contains("Content gaps: Can I export to PDF?: 3"),
        "{html}"
    );
    assert!(html.contains("<dt>Median helpful touches before the ask</dt><dd>1.5</dd>"));
    assert!(html.contains("<dt>Fit results: ours / elsewhere</dt><dd>1 / 1</dd>"));
}

#[test]
fn each_table_exports_as_csv_with_the_figures() {
    let demo = seeded("report-csv");
    let csv = |name: &str| {
        let reply = demo.get(&format!("/report/{name}.csv"));
        assert_eq!(reply.status, 200, "{name}");
        csv_rows(&reply.body)
    };
    let questions = csv("questions");
    assert_eq!(
        questions[0],
        ["question", "asked", "answered", "not answered"]
    );
    assert_eq!(questions[1], ["Can I cancel anytime?", "3", "3", "0"]);
    assert_eq!(questions[2], ["Can I export to PDF?", "2", "0", "2"]);

    let gaps = csv("gaps");
    assert_eq!(
        gaps[1],
        [
            "Can I export to PDF?",
            "3",
            "can I export to PDF? | export pdf"
        ]
    );
    assert!(gaps
        .iter()
        .any(|row| row[0] == "Do you support SSO?" && row[1] == "1"));
    // A formula typed by a visitor stays text in the marketer's spreadsheet.
    assert!(gaps.iter().any(|row| row[0].starts_with("'=HYPERLINK")));

    assert_eq!(csv("answers")[1], ["cancel-anytime", "3", "2", "1", "67%"]);
    assert_eq!(csv("comparisons")[1], ["free, team", "2"]);
    let fits = csv("fits");
    assert!(fits.contains(&vec!["One of our plans".into(), "team".into(), "1".into()]));
    assert!(fits.contains(&vec![
        "An alternative (not ours)".into(),
        "slate-wiki".into(),
        "1".into()
    ]));
    let visits = csv("visits");
    assert_eq!(visits[1][1..], ["3", "helped enough", "yes", "yes"]);
    assert_eq!(visits[2][1..], ["0", "the visitor asked", "no", "no"]);
    assert_eq!(
        visits.len(),
        3,
        "a visit never shown an ask is not listed: {visits:?}"
    );
    let handoffs = csv("handoffs");
    assert_eq!(
        handoffs[1][1..],
        [
            "Nadia Okafor",
            "sam@prospect.example",
            "Do you support SSO?",
            "4",
            "not sent: the collector has no notification settings (--notify)"
        ]
    );
}

#[test]
fn a_date_range_selects_days_and_bad_input_is_named() {
    let demo = seeded("report-range");
    let today = demo.get("/report/questions.csv?since=2000-01-01&until=2999-12-31");
    assert_eq!(
        csv_rows(&today.body).len(),
        7,
        "every question is in a range that covers today"
    );
    let before = demo.get("/report/questions.csv?until=2000-01-01");
    assert_eq!(
        csv_rows(&before.body).len(),
        1,
        "only the header before any event"
    );
    let bad = demo.get("/report?since=yesterday");
    assert_eq!(bad.status, 400);
    assert!(bad.json()["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("since:"));
    let unknown = demo.get("/report/secrets.csv");
    assert_eq!(unknown.status, 404);
    assert!(unknown.text().contains("questions, gaps"));
}

#[test]
fn an_empty_collector_says_so_plainly() {
    let demo = Demo::start("report-empty", &[]);
    let page = demo.get("/report");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("No events yet in this range."));
}

#[test]
fn callers_on_other_machines_need_the_token_to_read_the_report() {
    let Some(ip) = network_address() else {
        eprintln!("skipped: this machine has no network address besides loopback");
        return;
    };
    let guarded = Demo::start_with("report-token", |config| {
        config.host = "0.0.0.0".into();
        config.token = Some("s3cret".into());
    });
    assert_eq!(get_from(ip, guarded.port(), "/report", None).status, 401);
    assert_eq!(
        get_from(ip, guarded.port(), "/report/handoffs.csv", None).status,
        401
    );
    assert_eq!(
        get_from(ip, guarded.port(), "/report", Some("s3cret")).status,
        200
    );
    assert_eq!(
        guarded.get("/report").status,
        200,
        "loopback needs no token"
    );
}

#[test]
fn the_terminal_report_and_its_csv_come_from_the_same_file() {
    let demo = seeded("report-cli");
    let db = demo.dir.join("events.db");
    let run = |args: &[&str]| helpfirst(&[&["report"], args].concat());
    let (ok, text, _) = run(&["--db", db.to_str().unwrap()]);
    assert!(ok);
    assert!(
        text.contains("Questions: 9 (3 answered, 6 not answered)"),
        "{text}"
    );
    assert!(text.contains("Handoffs to a person: 1"));
    assert!(text.contains("Content gaps\nquestion without a good answer"));
    let (ok, csv, _) = run(&["--db", db.to_str().unwrap(), "--csv", "answers"]);
    assert!(ok);
    assert_eq!(
        csv_rows(csv.as_bytes())[1],
        ["cancel-anytime", "3", "2", "1", "67%"]
    );
    let (ok, _, error) = run(&["--db", "no-such.db"]);
    assert!(!ok);
    assert!(
        error.contains("no-such.db: no such database file"),
        "{error}"
    );
    assert!(
        !std::path::Path::new("no-such.db").exists(),
        "nothing is created"
    );
    let (ok, _, error) = run(&["--db", db.to_str().unwrap(), "--since", "2026-13-01"]);
    assert!(!ok);
    assert!(error.contains("--since"), "{error}");
}

#[test]
fn every_question_shows_the_answer_it_got_and_wrong_or_doubtful_answers_are_gaps() {
    let demo = Demo::start("report-replies", &[]);
    let hipaa = "Are you HIPAA compliant? We are a small medical clinic.";
    let events = vec![
        ("Question Asked", json!({ "question": hipaa })),
        (
            "Answer Shown",
            json!({ "question": hipaa, "answer_id": "gdpr", "source_url": "/security.html#gdpr",
                    "confidence": 0.95, "answered_by": "local" }),
        ),
        (
            "Answer Rated",
            json!({ "answer_id": "gdpr", "helpful": false }),
        ),
        (
            "Question Asked",
            json!({ "question": "Do you have a dark mode?" }),
        ),
        (
            "Answer Shown",
            json!({ "question": "Do you have a dark mode?", "answer_id": "offline",
                    "source_url": "/offline.html", "confidence": 0.3, "answered_by": "service" }),
        ),
        (
            "Question Asked",
            json!({ "question": "Is there a free plan?" }),
        ),
        (
            "Answer Shown",
            json!({ "question": "Is there a free plan?", "answer_id": "free-plan",
                    "source_url": "/pricing.html", "confidence": 0.97, "answered_by": "service" }),
        ),
        (
            "Answer Rated",
            json!({ "answer_id": "free-plan", "helpful": true }),
        ),
        (
            "Question Asked",
            json!({ "question": "Do you support SSO?" }),
        ),
        (
            "No Answer",
            json!({ "question": "Do you support SSO?", "answered_by": "service" }),
        ),
    ];
    let events: Vec<Value> = events
        .into_iter()
        .enumerate()
        .map(|(n, (name, properties))| widget_event(&format!("r-{n}"), name, properties))
        .collect();
    assert_eq!(demo.post("/v1/batch", &[], &batch(events)).status, 200);

    let replies = csv_rows(&demo.get("/report/replies.csv").body);
    assert_eq!(
        replies[0],
        [
            "received",
            "question",
            "answer",
            "confidence",
            "answered by",
            "rating"
        ]
    );
    let rows: Vec<&[String]> = replies[1..].iter().map(|row| &row[1..]).collect();
    assert_eq!(rows[0], [hipaa, "gdpr", "95%", "local", "not helpful"]);
    assert_eq!(
        rows[1],
        ["Do you have a dark mode?", "offline", "30%", "service", ""]
    );
    assert_eq!(
        rows[2],
        [
            "Is there a free plan?",
            "free-plan",
            "97%",
            "service",
            "helpful"
        ]
    );
    assert_eq!(
        rows[3],
        ["Do you support SSO?", "no good answer", "", "service", ""]
    );

    let gaps = csv_rows(&demo.get("/report/gaps.csv").body);
    let listed: Vec<&str> = gaps[1..].iter().map(|row| row[0].as_str()).collect();
    for question in [hipaa, "Do you have a dark mode?", "Do you support SSO?"] {
        assert!(
            listed.contains(&question),
            "{question} missing from {listed:?}"
        );
    }
    assert!(!listed.contains(&"Is there a free plan?"), "{listed:?}");

    let (ok, text, _) = support::helpfirst(&[
        "report",
        "--db",
        demo.dir.join("events.db").to_str().unwrap(),
    ]);
    assert!(ok);
    assert!(
        text.contains("Every question and the answer it got"),
        "{text}"
    );
}
