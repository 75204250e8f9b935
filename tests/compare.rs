//! Scenario tests of comparing options honestly, on the demo content (`www/content`) and on small
//! content made for one rule: who gets recommended, what every total includes, and what `check`
//! says about claims.
#![cfg(not(target_arch = "wasm32"))]

mod advice;

use advice::{demo, folder, needs, recommended};
use helpfirst::compare::{
    assess, requested, table, total_cost, Billing, Needs, Recommendation, Relation, Total, Verdict,
};
use helpfirst::content::check::{check_with, Freshness};
use helpfirst::content::date::Date;
use helpfirst::content::{Content, Money, Offering};
use helpfirst::locale::Speech;
use std::fs;
use std::path::Path;

fn offering<'c>(content: &'c Content, id: &str) -> &'c Offering {
    content.offerings.iter().find(|o| o.id == id).unwrap()
}

#[test]
fn a_small_team_is_pointed_to_the_cheapest_plan_that_covers_its_needs() {
    let content = demo();
    // Three people who write together: Free covers it, and costs less than Team or Business.
    let small = needs(r#"{"seats": 3, "must_have": ["realtime", "search"]}"#);
    assert_eq!(recommended(&content, &small), ["free"]);
    // Six people who invite clients and write together: Free stops at 3 and has no guests, a
    // shared folder has no real-time editing; Team is the cheapest that covers it, cheaper than
    // Business (which they would not need).
    let six = needs(r#"{"seats": 6, "must_have": ["guests", "realtime"], "billing": "annual"}"#);
    let (ranked, recommendation) = assess(&content.offerings, &six, &Speech::english());
    assert_eq!(recommended(&content, &six), ["team"]);
    let Recommendation::One(best) = recommendation else {
        panic!("one recommendation")
    };
    assert!(ranked[best]
        .points
        .iter()
        .all(|p| p.verdict == Verdict::Meets));
    assert_eq!(
        Relation::of(Some(ranked[best].offering), Some("business")),
        Relation::OtherPlan,
        "a cheaper plan than the one considered is another of our plans"
    );
}

#[test]
fn a_need_we_cannot_meet_yields_the_alternative_that_meets_it() {
    let content = demo();
    // None of our plans has a whiteboard; Slate Wiki does, so it is recommended.
    let whiteboard = needs(r#"{"seats": 30, "must_have": ["whiteboard"]}"#);
    assert_eq!(recommended(&content, &whiteboard), ["slate-wiki"]);
    // End-to-end encryption: only Papertrail Docs.
    let encrypted = needs(r#"{"seats": 8, "must_have": ["e2e_encryption"]}"#);
    assert_eq!(recommended(&content, &encrypted), ["papertrail-docs"]);
    let papertrail = offering(&content, "papertrail-docs");
    assert_eq!(Relation::of(Some(papertrail), None), Relation::Alternative);
}

#[test]
fn when_nothing_fits_it_says_so_and_still_ranks_every_option() {
    let content = demo();
    // A whiteboard and offline apps: Slate Wiki has one, never both.
    let both = needs(r#"{"seats": 5, "must_have": ["whiteboard", "offline"]}"#);
    let (ranked, recommendation) = assess(&content.offerings, &both, &Speech::english());
    assert_eq!(recommendation, Recommendation::Nothing);
    assert_eq!(
        ranked.len(),
        content.offerings.len(),
        "no option is dropped"
    );
    assert!(ranked
        .iter()
        .all(|a| a.points.iter().any(|p| p.verdict != Verdict::Meets)));
}

#[test]
fn options_that_fit_at_the_same_cost_are_a_tie_only_when_each_offers_something_more() {
    let content = demo();
    // Two people with shared storage: Free and a shared folder both cost nothing, and each offers
    // something the other does not (Free: real-time editing and search; the folder: guests).
    let (ranked, recommendation) = assess(
        &content.offerings,
        &needs(r#"{"seats": 2, "can": {"shared_storage": true}}"#),
        &Speech::english(),
    );
    let Recommendation::Tie(tied) = recommendation else {
        panic!("expected a tie, got {recommendation:?}");
    };
    let ids: Vec<&str> = tied
        .iter()
        .map(|&i| ranked[i].offering.id.as_str())
        .collect();
    assert_eq!(ids, ["free", "shared-folder"]);
    assert!(tied.iter().all(|&i| ranked[i].rank == 1));
}

#[test]
fn a_fee_appears_in_every_total_it_applies_to() {
    let content = demo();
    let slate = offering(&content, "slate-wiki");
    let fee = slate.price.setup_fee.unwrap();
    for json in [
        r#"{"seats": 1, "months": 1}"#,
        r#"{"seats": 40, "months": 12, "billing": "monthly"}"#,
        r#"{"seats": 40, "months": 18, "billing": "annual"}"#,
        r#"{"seats": 10, "months": 36, "usage": {"storage_gb": 900}}"#,
    ] {
        let needs = needs(json);
        let cost = total_cost(slate, &needs, &Speech::english());
        assert!(
            cost.lines.iter().any(|l| l.contains("setup fee: $250.00")),
            "{json}: {:?}",
            cost.lines
        );
        // Taking the fee out of the total leaves exactly the subscription and overage lines.
        let Total::Priced(total) = cost.total else {
            panic!("{json}")
        };
        assert!(total.cents >= fee.cents);
    }
    // Fees of zero are not shown as if they were charges.
    let business = total_cost(
        offering(&content, "business"),
        &needs(r#"{"seats": 5}"#),
        &Speech::english(),
    );
    assert!(!business.lines.iter().any(|l| l.contains("setup fee")));
}

#[test]
fn totals_show_their_arithmetic_in_whole_cents_rounded_up() {
    let content = demo();
    let team = offering(&content, "team");
    let cost = total_cost(
        team,
        &needs(r#"{"seats": 6, "months": 18, "billing": "annual", "usage": {"storage_gb": 150}}"#),
        &Speech::english(),
    );
    // 18 months billed annually is 2 years; 6.40 × 6 × 24 = 921.60; 50 GB over × 0.10 × 18 = 90.
    assert_eq!(cost.total, Total::Priced(Money::from_cents(92_160 + 9_000)));
    assert_eq!(
        cost.lines,
        [
            "Billed annually: 2 years cover 24 months (you asked about 18).",
            "$8.00 − 20% billed annually = $6.40 a month (rounded up to the cent).",
            "$6.40 × 6 seats × 24 months = $921.60.",
            "Storage: 150 GB − 100 GB included = 50 GB over × $0.10 × 18 months = $90.00.",
            "Total for 24 months: $1,011.60.",
        ]
    );
    // A discount that leaves a fraction of a cent is rounded up, never down.
    let mut odd = team.clone();
    odd.price.monthly = Some(Money::parse("9.99").unwrap());
    odd.price.annual_discount_percent = Some(15);
    odd.price.usage.clear();
    let cost = total_cost(
        &odd,
        &needs(r#"{"seats": 1, "billing": "annual"}"#),
        &Speech::english(),
    );
    assert_eq!(cost.total, Total::Priced(Money::from_cents(850 * 12)));
}

#[test]
fn minimum_seats_hard_limits_and_quotes_are_said_plainly() {
    let content = demo();
    let two = needs(r#"{"seats": 2}"#);
    let business = total_cost(offering(&content, "business"), &two, &Speech::english());
    assert!(business.lines[0].starts_with("Minimum 5 seats: 2 people pay for 5."));
    assert_eq!(
        business.total,
        Total::Priced(Money::from_cents(1500 * 5 * 12))
    );
    let crowded = total_cost(
        offering(&content, "free"),
        &needs(r#"{"seats": 4}"#),
        &Speech::english(),
    );
    assert_eq!(crowded.total, Total::Unavailable);
    let full = total_cost(
        offering(&content, "free"),
        &needs(r#"{"seats": 2, "usage": {"storage_gb": 5}}"#),
        &Speech::english(),
    );
    assert_eq!(full.total, Total::Unavailable);
    // Each point judges its own need: too many people for Free does not make 1 GB too much.
    let (ranked, _) = assess(
        &content.offerings,
        &needs(r#"{"seats": 6, "usage": {"storage_gb": 1}}"#),
        &Speech::english(),
    );
    let free = ranked.iter().find(|a| a.offering.id == "free").unwrap();
    let verdicts: Vec<(&str, Verdict)> = free
        .points
        .iter()
        .map(|p| (p.need.as_str(), p.verdict))
        .collect();
    assert_eq!(
        verdicts,
        [("Team size", Verdict::Misses), ("Storage", Verdict::Meets)]
    );
    let enterprise = total_cost(offering(&content, "enterprise"), &two, &Speech::english());
    assert_eq!(enterprise.total, Total::Quote);
    assert_eq!(enterprise.summary(&Speech::english()), "Ask for a quote");
    let no_size = total_cost(offering(&content, "team"), &needs("{}"), &Speech::english());
    assert_eq!(
        no_size.lines[0],
        "Team size not given: priced for 1 person."
    );
    assert_eq!(Needs::default().billing(), Billing::Monthly);
}

#[test]
fn the_table_keeps_every_option_marks_differences_and_sources_every_claim() {
    let content = demo();
    let chosen: Vec<&Offering> = ["team", "business", "slate-wiki"]
        .iter()
        .map(|id| offering(&content, id))
        .collect();
    let table = table(&chosen, &Speech::english());
    assert_eq!(table.options.len(), 3);
    let row = |label: &str| table.rows.iter().find(|r| r.label == label).unwrap();
    assert!(row("SAML single sign-on").differs);
    assert!(!row("Full-text search across pages").cells[2]
        .text
        .is_empty());
    // Our weakness is in the table: Slate Wiki has a whiteboard, Team and Business do not.
    let whiteboard = row("Whiteboard");
    assert_eq!(
        whiteboard
            .cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>(),
        ["No", "No", "Yes"]
    );
    assert_eq!(
        whiteboard.cells[2].source,
        "https://slatewiki.example/features/whiteboard"
    );
    // Integrations are not stated by Slate Wiki: said so, with no source invented for it.
    let integrations = row("Integrations (Slack, Teams, GitHub, Jira)");
    assert_eq!(integrations.cells[2].text, "Not stated");
    assert!(integrations.cells[2].source.is_empty());
    for row in &table.rows {
        assert_eq!(row.cells.len(), 3, "{}", row.label);
        for cell in row.cells.iter().filter(|c| c.text != "Not stated") {
            assert!(!cell.source.is_empty(), "{}: {}", row.label, cell.text);
            assert!(!cell.verified.is_empty(), "{}: {}", row.label, cell.text);
        }
    }
}

#[test]
fn questions_naming_options_or_asking_to_compare_open_the_comparison() {
    let content = demo();
    let ids = |q: &str| requested(q, &content);
    assert_eq!(
        ids("What's the difference between Team and Business?").unwrap(),
        ["team", "business"]
    );
    assert_eq!(
        ids("How do you compare to Slate Wiki?").unwrap(),
        ["slate-wiki", "free", "team"]
    );
    assert_eq!(
        ids("Kestrel Team vs Papertrail Docs").unwrap(),
        ["team", "papertrail-docs"]
    );
    assert_eq!(ids("Can my team work offline?"), None);
    assert_eq!(ids("Can I cancel anytime?"), None);
}

const CLAIMS: &str = r#"[[offerings]]
id = "team"
name = "Team"
kind = "plan"
summary = "For teams."
url = "/pricing#team"
not_for = "Solo users."
verified = "2026-01-10"

[offerings.price]
model = "per_seat"
monthly = "8.00"
source = "/pricing#team"

[[offerings.limits]]
name = "Storage"
value = "100 GB"
source = "/pricing#storage"
verified = "2026-11-01"

[[offerings.features]]
key = "sso"
name = "SSO"
value = "no"
"#;

#[test]
fn check_reports_unsourced_and_stale_claims_where_they_are_written() {
    let dir = folder("claims", CLAIMS);
    let freshness = Freshness {
        today: Date::parse("2026-11-23").unwrap(),
        max_age_days: 180,
    };
    let report = check_with(&dir, freshness);
    let found: Vec<String> = report
        .problems
        .iter()
        .map(|p| {
            format!(
                "{} {}:{} {}",
                p.severity.as_str(),
                p.error.file.rsplit('/').next().unwrap(),
                p.error.line,
                p.error.field
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            // The offering's date, inherited by the price and the feature, is 317 days old.
            "warning offerings.toml:8 offerings.verified",
            // The SSO feature has no source of its own and the offering gives none.
            "error offerings.toml:21 offerings.features.source",
        ]
    );
    assert!(report.problems[0].error.message.contains("317 days ago"));
    assert!(report.problems[1].error.message.contains("has no source"));
    // With a longer allowed age, the date is fine; the missing source is still an error.
    let lenient = check_with(
        &dir,
        Freshness {
            max_age_days: 400,
            ..freshness
        },
    );
    assert_eq!(lenient.problems.len(), 1);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn cli_compare_prints_the_ranking_and_rejects_bad_needs_with_the_field() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let dir = folder("cli", "");
    let good = dir.join("needs.json");
    fs::write(
        &good,
        r#"{"seats": 6, "must_have": ["guests", "realtime"], "billing": "annual"}"#,
    )
    .unwrap();
    let run = |needs: &Path, json: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_helpfirst"));
        command
            .args(["compare", "--content"])
            .arg(&demo)
            .arg("--needs")
            .arg(needs);
        if json {
            command.arg("--json");
        }
        command.output().unwrap()
    };
    let out = run(&good, false);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success());
    assert!(
        text.contains("Recommended: Kestrel Team (our plan), $460.80."),
        "{text}"
    );
    assert!(
        text.contains("= $6.40 × 6 seats × 12 months = $460.80."),
        "{text}"
    );
    let out = run(&good, true);
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(value["recommended"], serde_json::json!(["team"]));
    assert_eq!(value["options"].as_array().unwrap().len(), 7);
    let bad = dir.join("bad.json");
    fs::write(
        &bad,
        "{\n  \"seats\": 6,\n  \"must_have\": [\"whitebord\"]\n}",
    )
    .unwrap();
    let out = run(&bad, false);
    let error = String::from_utf8(out.stderr).unwrap();
    assert!(!out.status.success());
    assert!(
        error.contains("bad.json: must_have: `whitebord` is not a feature of any option"),
        "{error}"
    );
    let typo = dir.join("typo.json");
    fs::write(&typo, "{\n  \"seat\": 6\n}").unwrap();
    let error = String::from_utf8(run(&typo, false).stderr).unwrap();
    assert!(
        error.contains("typo.json:2: unknown field `seat`"),
        "{error}"
    );
    fs::remove_dir_all(&dir).unwrap();
}
