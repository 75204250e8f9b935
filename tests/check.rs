//! `helpfirst check` and the build that relies on it: every problem in the marketer's content at its
//! exact file, line and field, all in one run; warnings that do not fail; the demo content passing;
//! and, through the real binary, a non-zero exit and a build that writes nothing on failure.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use helpfirst::content::check::{check_with, Freshness, Report};
use helpfirst::content::date::Date;
use std::fs;
use std::path::{Path, PathBuf};
use support::helpfirst;

/// A fresh folder for one test, holding `files`. Tests remove it when they pass; a failing test
/// leaves it behind to look at.
/// Checks as of a fixed day, so the fixtures' "verified" dates never age out of the tests.
fn check(path: &Path) -> Report {
    check_with(
        path,
        Freshness {
            today: Date::parse("2026-11-23").unwrap(),
            max_age_days: 180,
        },
    )
}

fn folder(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("helpfirst-check-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        fs::write(dir.join(name), text).unwrap();
    }
    dir
}

/// Each problem as `severity file:line: field` with the file named relative to `dir`.
fn located(report: &Report, dir: &Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    report
        .problems
        .iter()
        .map(|p| {
            let file = p.error.file.strip_prefix(&prefix).unwrap_or(&p.error.file);
            let severity = p.severity.as_str();
            format!("{severity} {file}:{}: {}", p.error.line, p.error.field)
        })
        .collect()
}

fn message_at<'r>(report: &'r Report, file_end: &str, line: usize) -> &'r str {
    report
        .problems
        .iter()
        .find(|p| p.error.file.ends_with(file_end) && p.error.line == line)
        .map(|p| p.error.message.as_str())
        .unwrap_or_else(|| panic!("no problem at {file_end}:{line}"))
}

// Line numbers matter below: each fixture starts on line 1 right after `r#"`.

const COMPANY: &str = r#"[company]
name = "Acme"
url = "acme.test"
"#;

const FAQS: &str = r#"[[faqs]]
id = "refund"
question = "Can I get a refund?"
answer = ""
url = "/refunds"
alternates = [
  "money back",
  "can i get a  refund",
]

[[faqs]]
id="cancel"
question = "How do I cancel?"
answer = "From Billing settings."
url = "billing.html"
"#;

const PAGES: &str = r#"[[pages]]
id = "pricing"
title = "Pricing"
url = "/pricing"

[[pages.sections]]
heading = "Plans"
anchor = "our plans"
body = "Three plans."

[[pages.sections]]
heading = "Seats"
anchor = "seats"
body = ""

[[pages.sections]]
heading = "More seats"
anchor = "seats"
body = "Add seats any time."
"#;

const OFFERINGS: &str = r#"[[offerings]]
id = "team"
name = "Team"
kind = "plan"
summary = "For teams."
url = "/pricing#team"
source = "https://acme.test/pricing"
verified = "2026-11-01"
not_for = "Solo users."

[offerings.price]
model = "per_seat"
annual_discount_percent = 120

[[offerings]]
id = "enterprise"
name = "Enterprise"
kind = "plan"
summary = "For large companies."
url = "https://acme.test/enterprise"
source = "https://acme.test/pricing"
verified = "2026-11-01"
price = { model = "quote", monthly = "99.00" }

[[offerings]]
id = "rival"
name = "Rival"
kind = "competitor"
summary = ""
url = "https://rival.test"
source = "https://acme.test/pricing"
verified = "2026-11-01"
not_for = ""
price = { model = "flat", monthly = "5" }
"#;

const SYNONYMS: &str = r#"synonyms = [
  ["cancel", "quit"],
  ["price"],
  ["cost", "Quit"],
]
"#;

fn bad_content(test: &str) -> PathBuf {
    folder(
        test,
        &[
            ("company.toml", COMPANY),
            ("faqs.toml", FAQS),
            ("pages.toml", PAGES),
            ("offerings.toml", OFFERINGS),
            ("synonyms.toml", SYNONYMS),
        ],
    )
}

#[test]
fn every_problem_is_reported_at_once_with_file_line_and_field() {
    let dir = bad_content("every-problem");
    let report = check(&dir);
    assert_eq!(
        located(&report, &dir),
        [
            "error company.toml:3: company.url",
            "error faqs.toml:4: faqs.answer",
            "warning faqs.toml:8: faqs.alternates",
            "error faqs.toml:15: faqs.url",
            "error offerings.toml:11: offerings.price.monthly",
            "error offerings.toml:13: offerings.price.annual_discount_percent",
            "warning offerings.toml:15: offerings.not_for",
            "error offerings.toml:23: offerings.price.monthly",
            "error offerings.toml:29: offerings.summary",
            "warning offerings.toml:33: offerings.not_for",
            "error pages.toml:8: pages.sections.anchor",
            "error pages.toml:14: pages.sections.body",
            "error pages.toml:18: pages.sections.anchor",
            "error synonyms.toml:3: synonyms",
            "error synonyms.toml:4: synonyms",
        ]
    );
    assert_eq!(report.errors().count(), 12);
    assert_eq!(report.warnings().count(), 3);
    // Each message names the entry, so the marketer knows which one without counting lines.
    for (file, line, needle) in [
        ("company.toml", 3, "`acme.test` is not a link"),
        ("faqs.toml", 4, "is empty in `refund`"),
        ("faqs.toml", 8, "repeats the question"),
        ("faqs.toml", 15, "`billing.html` is not a link in `cancel`"),
        (
            "offerings.toml",
            11,
            "`team` is priced `per_seat` but has no monthly price",
        ),
        ("offerings.toml", 13, "is 120 in `team`"),
        ("offerings.toml", 15, "`enterprise` lists only strengths"),
        ("offerings.toml", 23, "`enterprise` is priced by `quote`"),
        ("offerings.toml", 29, "is empty in `rival`"),
        (
            "pages.toml",
            8,
            "`our plans` in section `Plans` of page `pricing`",
        ),
        ("pages.toml", 14, "section `Seats` of page `pricing`"),
        ("pages.toml", 18, "(first on line 13)"),
        ("synonyms.toml", 3, "this one has 1"),
    ] {
        let message = message_at(&report, file, line);
        assert!(message.contains(needle), "{file}:{line}: {message}");
    }
    let first_group = format!("{}:2", dir.join("synonyms.toml").display());
    assert!(message_at(&report, "synonyms.toml", 4).contains(&first_group));
    // The Display form is the one the CLI prints.
    assert_eq!(
        report.problems[1].to_string(),
        format!(
            "error: {}:4: faqs.answer: is empty in `refund`",
            dir.join("faqs.toml").display()
        )
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_that_does_not_parse_does_not_hide_problems_in_the_others() {
    let dir = folder(
        "parse-errors",
        &[
            ("company.toml", "[company]\nname = \"Acme\"\nurl = \"/\"\n"),
            (
                "faqs.toml",
                "[[faqs]]\nid = \"a\"\nquestion = \"unterminated\n",
            ),
            (
                "pages.toml",
                "[[pages]]\nid = \"p\"\ntitel = \"Typo\"\nurl = \"/p\"\n",
            ),
            (
                "offerings.toml",
                "[[offerings]]\nid = \"x\"\nname = \"X\"\nkind = \"plan\"\nsummary = \"S\"\nurl = \"/x\"\nprice = { model = \"free\" }\nsource = \"/x\"\nverified = \"2026-11-01\"\n\n\
                 [[offerings]]\nid = \"x\"\nname = \"Y\"\nkind = \"plan\"\nsummary = \"S\"\nurl = \"pricing\"\nprice = { model = \"free\" }\nsource = \"/x\"\nverified = \"2026-11-01\"\n",
            ),
        ],
    );
    let report = check(&dir);
    assert_eq!(
        located(&report, &dir),
        [
            "error faqs.toml:3: faqs.question",
            "warning offerings.toml:1: offerings.not_for",
            "warning offerings.toml:11: offerings.not_for",
            "error offerings.toml:12: offerings.id",
            "error offerings.toml:16: offerings.url",
            "error pages.toml:3: titel",
        ]
    );
    assert!(message_at(&report, "pages.toml", 3).contains("unknown field `titel`"));
    assert!(message_at(&report, "offerings.toml", 12).contains("`x` is used more than once"));
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_missing_company_is_reported_against_the_folder() {
    let dir = folder(
        "no-company",
        &[(
            "faqs.toml",
            "[[faqs]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"A.\"\nurl = \"/a\"\n",
        )],
    );
    let report = check(&dir);
    let problems: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [format!(
            "error: {}: company: no file has a [company] table",
            dir.display()
        )]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn warnings_alone_do_not_fail() {
    let dir = folder(
        "warnings-only",
        &[(
            "content.toml",
            r#"[company]
name = "Acme"
url = "https://acme.test"

[[faqs]]
id = "a"
question = "Can I cancel?"
answer = "Yes."
url = "/a"
alternates = ["can I cancel"]

[[offerings]]
id = "rival"
name = "Rival"
kind = "competitor"
summary = "Another tool."
url = "https://rival.test"
source = "https://acme.test/pricing"
verified = "2026-11-01"
price = { model = "flat", monthly = "5.00" }
"#,
        )],
    );
    let report = check(&dir);
    assert_eq!(report.errors().count(), 0);
    assert_eq!(
        located(&report, &dir),
        [
            "warning content.toml:10: faqs.alternates",
            "warning content.toml:12: offerings.not_for",
        ]
    );
    assert_eq!(report.content.offerings.len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn inline_tables_and_a_single_file_are_located_as_precisely() {
    let dir = folder(
        "inline",
        &[(
            "all.toml",
            r##"company = { name = "Acme", url = "https://acme.test" }
faqs = [
  { id="a", question="", answer="A.", url="/a" },
  { id="b", question="Q?", answer="", url="/b" },
]
pages = [{ id = "p", title = "P", url = "/p", sections = [
  { heading = "One", anchor = "#one", body = "x" },
] }]
"##,
        )],
    );
    let file = dir.join("all.toml");
    let report = check(&file);
    let problems: Vec<String> = report
        .problems
        .iter()
        .map(|p| p.error.to_string())
        .collect();
    let at = |line: usize, rest: &str| format!("{}:{line}: {rest}", file.display());
    assert_eq!(
        problems,
        [
            at(3, "faqs.question: is empty in `a`"),
            at(4, "faqs.answer: is empty in `b`"),
            at(7, "pages.sections.anchor: `#one` in section `One` of page `p` is not a valid link fragment: use only letters, digits, -, _, . and ~ (no spaces, no leading #)"),
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_faq_spreadsheet_is_checked_row_by_row() {
    let dir = folder(
        "csv",
        &[(
            "faq.csv",
            "id,question,answer,url,alternates\n\
             refund,Can I get a refund?,Yes.,/refunds,Can I get a refund?|money back\n\
             cancel,,In Settings.,/cancel,\n\
             pricing,How much?,$8.,pricing.html,\n\
             multi,\"Is it\nmulti-line?\",Yes.,relative,\n",
        )],
    );
    let file = dir.join("faq.csv");
    let report = check(&file);
    assert_eq!(
        located(&report, &dir),
        [
            "warning faq.csv:2: alternates",
            "error faq.csv:3: question",
            "error faq.csv:4: url",
            "error faq.csv:5: url",
        ]
    );
    assert!(message_at(&report, "faq.csv", 5).contains("`relative` is not a link in `multi`"));
    // The good rows are still read: a spreadsheet has no [company], so it is named after the file.
    assert_eq!(report.content.faqs.len(), 3);
    assert_eq!(report.content.company.name, "faq");

    // Compiled from the spreadsheet, the content still has no company URL, and that is no error.
    let json = dir.join("faq.json");
    fs::write(&json, serde_json::to_string(&report.content).unwrap()).unwrap();
    let compiled = check(&json);
    assert_eq!(
        located(&compiled, &dir),
        [
            "warning faq.json:0: faqs.alternates",
            "error faq.json:0: faqs.url",
            "error faq.json:0: faqs.url",
        ]
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_demo_content_has_no_errors_as_toml_or_compiled_json() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let report = check(&demo);
    let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!report.content.faqs.is_empty() && !report.content.offerings.is_empty());

    let dir = folder("demo-json", &[]);
    let json = dir.join("content.json");
    fs::write(&json, serde_json::to_string(&report.content).unwrap()).unwrap();
    let compiled = check(&json);
    assert_eq!(compiled.errors().count(), 0);
    assert_eq!(compiled.content, report.content);
    fs::remove_dir_all(&dir).unwrap();
}

// The real binary: exit status, what it prints, and what it leaves on disk.

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
}

#[test]
fn cli_check_fails_listing_every_problem_and_writes_nothing() {
    let dir = bad_content("cli-check");
    let before = listing(&dir);
    let path = dir.display().to_string();
    let (ok, stdout, stderr) = helpfirst(&["check", "--content", &path]);
    assert!(!ok, "check must fail on errors");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 15, "{stdout}");
    assert_eq!(
        lines[0],
        format!("error: {path}/company.toml:3: company.url: `acme.test` is not a link in the company: use an absolute http(s) URL or a path on the site starting with /")
    );
    assert!(lines.contains(&format!("warning: {path}/faqs.toml:8: faqs.alternates: `can i get a  refund` in `refund` repeats the question; an alternate should ask it another way").as_str()));
    assert!(lines.contains(&format!("error: {path}/pages.toml:18: pages.sections.anchor: `seats` is used by two sections of page `pricing` (first on line 13); a link would always open the first").as_str()));
    assert_eq!(
        stderr.trim(),
        format!("helpfirst: 12 error(s), 3 warning(s) in {path}")
    );
    assert_eq!(listing(&dir), before);

    let (ok, stdout, _) = helpfirst(&["check", "--content", &path, "--json"]);
    assert!(!ok);
    let problems: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let problems = problems.as_array().unwrap();
    assert_eq!(problems.len(), 15);
    assert_eq!(
        problems[1],
        serde_json::json!({
            "severity": "error",
            "file": format!("{path}/faqs.toml"),
            "line": 4,
            "field": "faqs.answer",
            "message": "is empty in `refund`",
        })
    );
    assert_eq!(problems[2]["severity"], "warning");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_check_passes_the_demo_content() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let demo = demo.display().to_string();
    let (ok, stdout, stderr) = helpfirst(&["check", "--content", &demo, "--today", "2026-11-23"]);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.starts_with("ok: ") && stdout.trim_end().ends_with("offerings, no problems"),
        "{stdout}"
    );
    // A stricter age makes the demo's claims stale: warnings at each offering, not a failure.
    let (ok, stdout, _) = helpfirst(&[
        "check",
        "--content",
        &demo,
        "--today",
        "2026-11-23",
        "--max-age-days",
        "7",
    ]);
    assert!(ok);
    assert!(
        stdout.contains("offerings.verified: `slate-wiki` (every claim without a date of its own) was last verified on 2026-11-05, 18 days ago (more than 7)"),
        "{stdout}"
    );
}

#[test]
fn cli_build_refuses_what_check_rejects_and_writes_nothing() {
    let dir = bad_content("cli-build");
    let out_dir = dir.join("dist");
    let out = out_dir.join("content.json");
    let (ok, stdout, stderr) = helpfirst(&[
        "build",
        "--content",
        &dir.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(!ok);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("12 problem(s) in the content, nothing was written"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "{}/faqs.toml:4: faqs.answer: is empty in `refund`",
            dir.display()
        )),
        "{stderr}"
    );
    assert!(!out_dir.exists(), "a failed build must not create anything");

    // Warnings alone still build, and are shown.
    fs::write(
        dir.join("company.toml"),
        COMPANY.replace("acme.test", "https://acme.test"),
    )
    .unwrap();
    fs::write(
        dir.join("faqs.toml"),
        FAQS.replace("answer = \"\"", "answer = \"Yes.\"")
            .replace("billing.html", "/billing"),
    )
    .unwrap();
    for name in ["pages.toml", "offerings.toml", "synonyms.toml"] {
        fs::remove_file(dir.join(name)).unwrap();
    }
    let (ok, stdout, stderr) = helpfirst(&[
        "build",
        "--content",
        &dir.display().to_string(),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("2 FAQs"), "{stdout}");
    assert!(stderr.contains("warning: "), "{stderr}");
    assert_eq!(listing(&out_dir), [out.with_extension("index"), out]);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_handoff_and_asks_are_checked_at_their_lines() {
    let contact = r#"[handoff]
name = "Nadia Okafor"
role = ""
time_zone = "GMT+1"
reply_within_hours = 0
photo = "nadia.png"

[[handoff.hours]]
days = ["mon", "funday"]
opens = "9am"
closes = "17:30"

[asks]
[[asks.actions]]
id = "trial"
label = "Start a trial"
url = "signup"

[[asks.actions]]
id = "trial"
label = "Book a demo"
url = "/demo"
when_asked = ["demo"]
"#;
    let company = "[company]\nname = \"Acme\"\nurl = \"https://acme.test\"\n";
    let dir = folder(
        "contact",
        &[("company.toml", company), ("contact.toml", contact)],
    );
    let report = check(&dir);
    assert_eq!(
        located(&report, &dir),
        [
            "error contact.toml:3: handoff.role",
            "error contact.toml:4: handoff.time_zone",
            "error contact.toml:5: handoff.reply_within_hours",
            "error contact.toml:6: handoff.photo",
            "error contact.toml:9: handoff.hours.days",
            "error contact.toml:10: handoff.hours.opens",
            "warning contact.toml:14: asks.actions.when_asked",
            "error contact.toml:17: asks.actions.url",
            "error contact.toml:20: asks.actions.id",
        ]
    );
    assert!(message_at(&report, "contact.toml", 9).contains("`funday`"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_table_given_in_two_files_is_one_error_naming_both() {
    let company = "[company]\nname = \"Acme\"\nurl = \"https://acme.test\"\n";
    let asks = "[asks]\nafter_helped = 2\n";
    let dir = folder(
        "asks-twice",
        &[
            ("company.toml", company),
            ("a.toml", asks),
            ("b.toml", asks),
        ],
    );
    let report = check(&dir);
    let twice: Vec<&str> = report
        .problems
        .iter()
        .filter(|p| p.error.field == "asks")
        .map(|p| p.error.message.as_str())
        .collect();
    assert_eq!(twice.len(), 1, "{twice:?}");
    assert!(
        twice[0].contains("a.toml") && twice[0].contains("b.toml"),
        "{twice:?}"
    );
    fs::remove_dir_all(dir).unwrap();
}

// Hostile content files: each is reported at its file, line and field, and loses no good row.

const GOOD_COMPANY: &str = "[company]\nname = \"Acme\"\nurl = \"https://acme.test\"\n";

const CSV_HEADER: &str = "id,question,answer,url\n";

/// The FAQ ids read from a spreadsheet, and each problem as `line: field: message`.
fn read_csv(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    let import = helpfirst::content::csv_import::read_faqs_csv(bytes, "faq.csv");
    let ids = import.faqs.iter().map(|f| f.id.clone()).collect();
    let errors = import
        .errors
        .iter()
        .map(|e| format!("{}: {}: {}", e.line, e.field, e.message))
        .collect();
    (ids, errors)
}

#[test]
fn an_unclosed_quote_in_the_last_column_is_reported_and_swallows_no_row() {
    let text =
        format!("{CSV_HEADER}a,Q a?,A a.,/a\nb,Q b?,A b.,\"/b\nc,Q c?,A c.,/c\nd,Q d?,A d.,/d\n");
    let (ids, errors) = read_csv(text.as_bytes());
    assert_eq!(ids, ["a", "c", "d"], "{errors:?}");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("3: url: this quote is never closed"),
        "{errors:?}"
    );

    // At the very end of the file, nothing follows to swallow: it is still an error.
    let (ids, errors) = read_csv(format!("{CSV_HEADER}a,Q a?,A a.,\"/a\n").as_bytes());
    assert!(ids.is_empty());
    assert!(errors[0].starts_with("2: url: this quote is never closed"));

    // `check` no longer says "no problems" about such a file.
    let dir = folder("unclosed", &[("faq.csv", &text)]);
    let report = check(&dir.join("faq.csv"));
    assert_eq!(located(&report, &dir), ["error faq.csv:3: url"]);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_quote_closed_rows_later_is_reported_instead_of_hiding_the_rows_between() {
    let text = format!("{CSV_HEADER}a,Q a?,\"A a.,/a\nb,Q b?,A b.,/b\nc,Q c?,\"A c.\",/c\n");
    let (ids, errors) = read_csv(text.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("2: answer: "), "{errors:?}");
    assert!(ids.contains(&"b".to_string()), "{ids:?} {errors:?}");
}

#[test]
fn crlf_and_cr_only_files_report_the_right_lines() {
    let rows = [
        "id,question,answer,url",
        "a,Q a?,A a.,/a",
        "b,Q b?,,/b",
        "c,Q c?,A c.,/c",
        ",Q e?,A e.,/e",
    ];
    for ending in ["\r\n", "\r", "\n"] {
        let text = rows.join(ending) + ending;
        let (ids, errors) = read_csv(text.as_bytes());
        assert_eq!(ids, ["a", "c"], "{ending:?}");
        assert_eq!(
            errors,
            ["3: answer: is empty", "5: id: is empty"],
            "{ending:?}"
        );
    }
}

#[test]
fn an_invalid_utf8_row_is_reported_with_its_line_field_and_a_hint_and_the_others_kept() {
    let mut bytes = format!("{CSV_HEADER}a,Q a?,A a.,/a\nb,Q b?,Caf").into_bytes();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" au lait.,/b\nc,Q c?,A c.,/c\n");
    let (ids, errors) = read_csv(&bytes);
    assert_eq!(ids, ["a", "c"]);
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("3: answer: byte 0xE9 is not UTF-8")
            && errors[0].contains("Windows-1252"),
        "{errors:?}"
    );

    // The same byte in a TOML file: its line, its field and the hint.
    let dir = folder("latin1", &[("company.toml", GOOD_COMPANY)]);
    let mut toml = b"[[faqs]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"Caf".to_vec();
    toml.push(0xE9);
    toml.extend_from_slice(b"\"\nurl = \"/a\"\n");
    fs::write(dir.join("faqs.toml"), toml).unwrap();
    let report = check(&dir);
    assert_eq!(located(&report, &dir)[0], "error faqs.toml:4: faqs.answer");
    assert!(message_at(&report, "faqs.toml", 4).contains("Windows-1252"));
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn utf16_files_are_read_with_their_byte_order_mark_and_explained_without_one() {
    let text = format!("{CSV_HEADER}a,Q a?,A \u{e9}.,/a\nb,Q b?,A b.,/b\n");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let mut with_mark = vec![0xFF, 0xFE];
    with_mark.extend(utf16.iter().flat_map(|u| u.to_le_bytes()));
    let dir = folder("utf16", &[]);
    fs::write(dir.join("faq.csv"), &with_mark).unwrap();
    let report = check(&dir.join("faq.csv"));
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.content.faqs.len(), 2);
    assert_eq!(report.content.faqs[0].answer, "A \u{e9}.");

    let without_mark: Vec<u8> = utf16.iter().flat_map(|u| u.to_le_bytes()).collect();
    fs::write(dir.join("company.toml"), &without_mark[..]).unwrap();
    let report = check(&dir.join("company.toml"));
    let problem = &report.problems[0].error;
    assert_eq!(problem.line, 1);
    assert!(
        problem.message.contains("UTF-16 without a byte-order mark"),
        "{problem}"
    );
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_toml_duplicate_key_and_a_wrong_type_name_their_field() {
    let faqs =
        "[[faqs]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = \"A.\"\nanswer = \"B.\"\nurl = \"/a\"\n";
    let dir = folder(
        "toml-keys",
        &[("company.toml", GOOD_COMPANY), ("faqs.toml", faqs)],
    );
    let report = check(&dir);
    assert_eq!(located(&report, &dir), ["error faqs.toml:5: faqs.answer"]);
    assert!(
        message_at(&report, "faqs.toml", 5).contains("`answer` is given twice"),
        "{:?}",
        report.problems
    );

    let faqs = "[[faqs]]\nid = \"a\"\nquestion = \"Q?\"\nanswer = 5\nurl = \"/a\"\n";
    fs::write(dir.join("faqs.toml"), faqs).unwrap();
    let report = check(&dir);
    assert_eq!(located(&report, &dir), ["error faqs.toml:4: faqs.answer"]);
    fs::remove_dir_all(dir).unwrap();
}

#[test]
fn check_piped_into_head_ends_quietly() {
    // Far more problems than a pipe buffers, so `check` is still writing when `head` goes away.
    let mut csv = CSV_HEADER.to_string();
    for n in 0..5000 {
        csv.push_str(&format!("faq-{n},Question {n}?,,/faq\n"));
    }
    let dir = folder("pipe", &[("faq.csv", &csv)]);
    let command = format!(
        "'{}' check --content '{}' | head -1",
        env!("CARGO_BIN_EXE_helpfirst"),
        dir.join("faq.csv").display()
    );
    let output = std::process::Command::new("sh")
        .args(["-c", &command])
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.contains("faq.csv:2: answer: is empty"), "{stdout}");
    assert!(stderr.is_empty(), "{stderr}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_string_override_the_panel_does_not_have_is_an_error_at_its_line() {
    let dir = folder(
        "strings",
        &[(
            "company.toml",
            r#"[company]
name = "Acme"
url = "https://acme.example"
language = "de"

[strings.de]
"composer.ask" = "Los"
"reply.usual.few" = "{name} antwortet bald."
"composer.asks" = "Los"

[strings.pt]
"composer.ask" = "Perguntar"
"#,
        )],
    );
    let report = check(&dir);
    assert_eq!(
        located(&report, &dir),
        [
            "error company.toml:9: strings.de.composer.asks",
            "error company.toml:11: strings.pt",
        ]
    );
    assert!(message_at(&report, "company.toml", 9).contains("not a string of the panel"));
    assert!(message_at(&report, "company.toml", 11).contains("en, de, fr, es, ar"));
    // The overrides that exist are kept for the widget.
    let german = report
        .content
        .strings
        .get("de")
        .expect("the German overrides");
    assert_eq!(german.get("composer.ask"), "Los");
    fs::remove_dir_all(&dir).unwrap();
}
