//! Scenario tests of advice beyond the price tag (issue 15), one rule each, on small content
//! written like a small company would write it (its plan, a free alternative that runs on the
//! buyer's own server, a do-it-yourself option) and on the demo content: what an option asks of
//! the visitor, every caveat shown, dominance instead of false ties, conditional feature values,
//! exact and unlimited prices, and price questions answered with their arithmetic.
#![cfg(not(target_arch = "wasm32"))]

mod advice;

use advice::{demo, folder, needs, recommended};
use helpfirst::compare::{
    assess, conditional, total_cost, worked_answer, Needs, Reason, Recommendation, Total, Verdict,
};
use helpfirst::content::check::{check_with, Freshness, Problem, Report};
use helpfirst::content::date::Date;
use helpfirst::content::{source, Allowance, Content, Money};
use helpfirst::locale::Speech;
use std::fs;
use std::path::Path;

fn load(test: &str, offerings: &str) -> Content {
    let dir = folder(test, offerings);
    let content = source::load(&dir).unwrap();
    fs::remove_dir_all(&dir).unwrap();
    content
}

/// `check` as of the day these fixtures' claims were verified, so none of them is stale.
fn check_on_verification_day(dir: &Path) -> Report {
    check_with(
        dir,
        Freshness {
            today: Date::parse("2026-11-23").unwrap(),
            max_age_days: 180,
        },
    )
}

/// Problems as "line:field message", the way a test reads them.
fn at_line_and_field<'a>(problems: impl Iterator<Item = &'a Problem>) -> Vec<String> {
    problems
        .map(|p| format!("{}:{} {}", p.error.line, p.error.field, p.error.message))
        .collect()
}

/// A small company: its plan, a free self-hosted alternative and doing it by hand.
const SMALL_COMPANY: &str = r#"
[[offerings]]
id = "quill-team"
name = "Quill Team"
kind = "plan"
summary = "Hosted notes for teams."
url = "/pricing#team"
source = "/pricing#team"
verified = "2026-11-01"
not_for = "Teams that must keep data on their own servers."
lead_time_days = 2

[offerings.price]
model = "per_seat"
monthly = "6.00"
annual_per_year = "60.00"
note = "Prices exclude VAT."

[[offerings.features]]
key = "search"
name = "Search"
value = "yes"

[[offerings.features]]
key = "backups"
name = "Backups"
value = "Yes, daily, kept 30 days"

[[offerings]]
id = "notes-server"
name = "Open Notes Server"
kind = "alternative"
summary = "Free software you run yourself."
url = "/pricing#self-hosted"
source = "https://opennotes.example"
verified = "2026-11-01"
not_for = "Teams without someone to run a server."

[[offerings.requires]]
key = "own_server"
name = "Runs on your own server"
detail = "You pay for the server, and someone has to install, update and back it up."

[offerings.price]
model = "free"
note = "You pay for the server."

[[offerings.features]]
key = "search"
name = "Search"
value = "yes"

[[offerings.features]]
key = "backups"
name = "Backups"
value = "No: someone has to install, update and back it up"

[[offerings]]
id = "by-hand"
name = "Notes in e-mail"
kind = "alternative"
summary = "Keep sending notes by e-mail."
url = "/pricing#by-hand"
source = "/pricing#by-hand"
verified = "2026-11-01"
not_for = "Anyone who needs to find a note again."

[offerings.price]
model = "free"

[[offerings.features]]
key = "search"
name = "Search"
value = "No: only your mail client's"
"#;

#[test]
fn an_option_needing_a_server_is_never_recommended_unless_the_visitor_said_they_can_run_one() {
    let content = load("server", SMALL_COMPANY);
    let five = needs(r#"{"seats": 5, "must_have": ["search"]}"#);
    // Not asked: the paid plan is recommended, the $0 server shown beside it as conditional.
    assert_eq!(recommended(&content, &five), ["quill-team"]);
    let (ranked, recommendation) = assess(&content.offerings, &five, &Speech::english());
    let beside = conditional(&ranked, &recommendation);
    assert_eq!(beside.len(), 1);
    let server = &ranked[beside[0]];
    assert_eq!(server.offering.id, "notes-server");
    assert_eq!(server.unconfirmed(), ["Runs on your own server"]);
    assert_eq!(
        helpfirst::compare::reason::conditional_words(&Speech::english(), server, "alternative"),
        "If you can take on what it needs (Runs on your own server), Open Notes Server \
         (alternative) costs $0.00 and fits."
    );
    let point = &server.points[1];
    assert_eq!(point.verdict, Verdict::Unconfirmed);
    assert!(
        point
            .reason
            .words(&Speech::english())
            .contains("You pay for the server"),
        "{}",
        point.reason.words(&Speech::english())
    );
    // Said they can: the $0 option is the recommendation.
    let can = needs(r#"{"seats": 5, "must_have": ["search"], "can": {"own_server": true}}"#);
    assert_eq!(recommended(&content, &can), ["notes-server"]);
    // Said they cannot: ruled out, with the reason, and not shown as conditional.
    let cannot = needs(r#"{"seats": 5, "must_have": ["search"], "can": {"own_server": false}}"#);
    let (ranked, recommendation) = assess(&content.offerings, &cannot, &Speech::english());
    assert!(conditional(&ranked, &recommendation).is_empty());
    let server = ranked
        .iter()
        .find(|a| a.offering.id == "notes-server")
        .unwrap();
    assert!(!server.fits());
    let ruled_out = server
        .points
        .iter()
        .find(|p| p.verdict == Verdict::Misses)
        .unwrap();
    assert_eq!(
        ruled_out.reason,
        Reason::YouCannot {
            requirement: "Runs on your own server".into()
        }
    );
    assert_eq!(
        ruled_out.reason.words(&Speech::english()),
        "You said you cannot: runs on your own server, so it is ruled out."
    );
    // Skipping every question recommends nothing that needs a server either.
    assert_ne!(recommended(&content, &Needs::default()), ["notes-server"]);
}

#[test]
fn every_caveat_the_company_wrote_is_in_the_assessment() {
    let content = load("caveats", SMALL_COMPANY);
    let (ranked, _) = assess(&content.offerings, &Needs::default(), &Speech::english());
    let words = |id: &str| -> Vec<String> {
        let a = ranked.iter().find(|a| a.offering.id == id).unwrap();
        a.caveats
            .iter()
            .map(|c| c.words(&Speech::english()))
            .collect()
    };
    assert_eq!(
        words("notes-server"),
        [
            "Needs: Runs on your own server. You pay for the server, and someone has to install, \
             update and back it up.",
            "Price: You pay for the server.",
            "Backups: No: someone has to install, update and back it up",
            "Not for: Teams without someone to run a server.",
        ]
    );
    assert_eq!(
        words("quill-team"),
        [
            "Price: Prices exclude VAT.",
            "Time to start: usually 2 days.",
            "Backups: Yes, daily, kept 30 days",
            "Not for: Teams that must keep data on their own servers.",
        ]
    );
    let server = ranked
        .iter()
        .find(|a| a.offering.id == "notes-server")
        .unwrap();
    assert!(server.caveats.iter().all(|c| !c.source().is_empty()));
}

#[test]
fn an_option_that_gives_everything_another_gives_and_more_for_no_more_is_recommended_over_it() {
    let content = load("dominance", SMALL_COMPANY);
    // With a server, the self-hosted option and e-mail both cost $0; e-mail offers nothing the
    // server does not (its search is a "no"), so this is not a tie.
    let can = needs(r#"{"seats": 2, "can": {"own_server": true}}"#);
    let (ranked, recommendation) = assess(&content.offerings, &can, &Speech::english());
    let Recommendation::One(best) = recommendation else {
        panic!("expected one, got {recommendation:?}")
    };
    let best = &ranked[best];
    assert_eq!(best.offering.id, "notes-server");
    assert_eq!(best.outdoes.len(), 1);
    assert_eq!(best.outdoes[0].id, "by-hand");
    assert_eq!(best.outdoes[0].more, ["Search"]);
    assert_eq!(
        helpfirst::compare::reason::outdoes_words(&Speech::english(), &best.offering.name, &best.outdoes[0]),
        "Open Notes Server offers everything Notes in e-mail offers, and more (Search), for no more."
    );
    let email = ranked.iter().find(|a| a.offering.id == "by-hand").unwrap();
    assert!(email.rank > best.rank, "the dominated option ranks after");
    // On the demo, without shared storage confirmed, Free is the one recommendation for two.
    let demo = demo();
    assert_eq!(recommended(&demo, &needs(r#"{"seats": 2}"#)), ["free"]);
}

#[test]
fn not_stated_never_counts_as_offered() {
    let mut content = load("unstated", SMALL_COMPANY);
    // E-mail no longer states search at all: the server still offers more, but e-mail's silence
    // is not an offer that could make it a tie partner.
    content.offerings[2].features.clear();
    let can = needs(r#"{"seats": 2, "can": {"own_server": true}}"#);
    assert_eq!(recommended(&content, &can), ["notes-server"]);
}

const CONDITIONAL: &str = r#"
[[offerings]]
id = "basic"
name = "Basic"
kind = "plan"
summary = "Basic."
url = "/p#basic"
source = "/p#basic"
verified = "2026-11-01"
not_for = "Big teams."

[offerings.price]
model = "per_seat"
monthly = "10.00"

[[offerings.features]]
key = "sso"
name = "SAML single sign-on"
value = "Add-on at $5 per seat a month"
add_on = { monthly = "5.00", per_seat = true }

[[offerings.features]]
key = "ai"
name = "AI summaries"
value = "In beta"
status = "beta"

[[offerings.features]]
key = "export"
name = "Export"
value = "On request"
status = "on_request"

[[offerings]]
id = "rival"
name = "Rival"
kind = "competitor"
summary = "Rival."
url = "/p#rival"
source = "https://rival.example"
verified = "2026-11-01"
not_for = "Small budgets."

[offerings.price]
model = "per_seat"
monthly = "4.00"

[[offerings.features]]
key = "sso"
name = "SAML single sign-on"
value = "Only on their enterprise tier"
only_on = "their enterprise tier"

[[offerings.features]]
key = "ai"
name = "AI summaries"
value = "Sometimes, depending on the plan"
"#;

#[test]
fn a_conditional_value_is_never_met_at_a_price_that_does_not_include_it() {
    let content = load("conditional", CONDITIONAL);
    let sso = needs(r#"{"seats": 4, "months": 1, "must_have": ["sso"]}"#);
    // Rival is cheaper, but its SSO is only on another tier: Basic, with the add-on, fits.
    assert_eq!(recommended(&content, &sso), ["basic"]);
    let (ranked, _) = assess(&content.offerings, &sso, &Speech::english());
    let rival = ranked.iter().find(|a| a.offering.id == "rival").unwrap();
    assert_eq!(rival.points[1].verdict, Verdict::Misses);
    assert_eq!(
        rival.points[1].reason.words(&Speech::english()),
        "Only on their enterprise tier, not at this price."
    );
    // The add-on's price is in the total: (10 + 5) × 4 seats × 1 month.
    let basic = &content.offerings[0];
    let cost = total_cost(basic, &sso, &Speech::english());
    assert_eq!(cost.total, Total::Priced(Money::from_cents(6_000)));
    assert!(cost
        .lines
        .contains(&"SAML single sign-on add-on: $5.00 × 4 seats × 1 month = $20.00.".to_string()));
    // Without SSO as a must-have, no add-on is charged.
    let plain = total_cost(
        basic,
        &needs(r#"{"seats": 4, "months": 1}"#),
        &Speech::english(),
    );
    assert_eq!(plain.total, Total::Priced(Money::from_cents(4_000)));
    // Beta, on request and a value that says neither yes nor no are unknown, never a yes.
    for key in ["ai", "export"] {
        let json = format!(r#"{{"seats": 1, "must_have": ["{key}"]}}"#);
        let (ranked, recommendation) =
            assess(&content.offerings, &needs(&json), &Speech::english());
        assert_eq!(recommendation, Recommendation::Nothing, "{key}");
        assert!(ranked
            .iter()
            .all(|a| a.points.iter().any(|p| p.verdict == Verdict::Unknown)));
    }
}

#[test]
fn check_warns_about_a_value_that_is_neither_yes_nor_no_and_states_no_condition() {
    let dir = folder("check-unclear", CONDITIONAL);
    let report = check_on_verification_day(&dir);
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
        ["warning offerings.toml:57 offerings.features.value"]
    );
    assert!(report.problems[0]
        .error
        .message
        .contains("`Sometimes, depending on the plan`"));
    fs::remove_dir_all(&dir).unwrap();
}

const PRICES: &str = r#"
[[offerings]]
id = "pro"
name = "Pro"
kind = "plan"
summary = "Pro."
url = "/p#pro"
source = "/p#pro"
verified = "2026-11-01"
not_for = "Nobody."

[offerings.price]
model = "per_seat"
monthly = "9.99"
annual_per_month = "8.33"

[[offerings.price.usage]]
metric = "storage_gb"
name = "Storage"
unit = "GB"
included = "unlimited"

[[offerings]]
id = "flat"
name = "Flat"
kind = "plan"
summary = "Flat."
url = "/p#flat"
source = "/p#flat"
verified = "2026-11-01"
not_for = "Nobody."

[offerings.price]
model = "flat"
monthly = "100.00"
annual_per_year = "999.99"
annual_discount_percent = 10
"#;

#[test]
fn prices_are_exact_as_companies_write_them_and_unlimited_is_unlimited() {
    let content = load("prices", PRICES);
    let pro = &content.offerings[0];
    assert_eq!(pro.price.usage[0].included, Allowance::Unlimited);
    let cost = total_cost(
        pro,
        &needs(r#"{"seats": 3, "billing": "annual", "usage": {"storage_gb": 5000000}}"#),
        &Speech::english(),
    );
    // 8.33 × 3 × 12 exactly; no overage however much storage.
    assert_eq!(cost.total, Total::Priced(Money::from_cents(833 * 3 * 12)));
    assert!(cost
        .lines
        .contains(&"Storage: 5000000 GB is within the unlimited allowance.".to_string()));
    assert!(cost
        .lines
        .contains(&"$8.33 × 3 seats × 12 months = $299.88.".to_string()));
    assert_eq!(
        helpfirst::compare::table::price_words(pro, &Speech::english()),
        "$9.99 per seat a month, $8.33 per seat a month billed annually, unlimited GB of storage"
    );
    // A yearly price is charged per whole year, exactly.
    let flat = &content.offerings[1];
    let two_years = total_cost(
        flat,
        &needs(r#"{"billing": "annual", "months": 24}"#),
        &Speech::english(),
    );
    assert_eq!(
        two_years.total,
        Total::Priced(Money::from_cents(99_999 * 2))
    );
    // Flat gives its annual price twice: check says so where it is written.
    let dir = folder("prices", PRICES);
    let errors = at_line_and_field(check_on_verification_day(&dir).errors());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("36:offerings.price.annual_per_year"),
        "{errors:?}"
    );
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn counts_read_as_a_person_writes_them() {
    let say = Speech::english();
    assert_eq!(say.count("count.people", 1), "1 person");
    assert_eq!(say.count("count.people", 2), "2 people");
    assert_eq!(say.count("count.months", 1), "1 month");
    assert_eq!(say.count("count.seats", 12), "12 seats");
    let content = demo();
    let one = total_cost(
        &content.offerings[1],
        &needs(r#"{"seats": 1, "months": 1}"#),
        &Speech::english(),
    );
    assert_eq!(
        one.lines,
        [
            "$8.00 × 1 seat × 1 month = $8.00.",
            "Total for 1 month: $8.00."
        ]
    );
    for a in assess(
        &content.offerings,
        &needs(r#"{"seats": 1, "must_have": ["sso"]}"#),
        &Speech::english(),
    )
    .0
    {
        for point in &a.points {
            let words = point.reason.words(&Speech::english());
            assert!(words.ends_with('.'), "{words}");
            assert!(!words.contains("(s)"), "{words}");
        }
    }
}

#[test]
fn a_price_question_gets_the_total_its_arithmetic_and_its_source() {
    let content = demo();
    let worked = worked_answer(
        "How much for 10 people on Team, billed yearly?",
        &content,
        &Speech::english(),
    )
    .unwrap();
    assert_eq!(worked.options.len(), 1);
    let team = &worked.options[0];
    assert_eq!(team.name, "Kestrel Team");
    assert_eq!(team.total, "$768.00");
    assert!(team
        .arithmetic
        .contains(&"$6.40 × 10 seats × 12 months = $768.00.".to_string()));
    assert_eq!(team.source, "/pricing.html#team");
    assert_eq!(worked.id(), "price:team");
    assert_eq!(team.verified, "2026-11-02");
    assert_eq!(
        worked.summary,
        "For 10 people, billed yearly: Kestrel Team costs $768.00 over 12 months ($64.00 a month on average)."
    );
    // Two options, one of them by the company's name alone: its cheapest plan for 5 people.
    let cheaper = worked_answer(
        "which is cheaper for 5 people, Slate or Kestrel?",
        &content,
        &Speech::english(),
    )
    .unwrap();
    let names: Vec<&str> = cheaper.options.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["Kestrel Team", "Slate Wiki"]);
    // Team: 8 × 5 × 12 = 480. Slate: 199 × 12 + 250 = 2,638.
    assert_eq!(cheaper.options[0].total, "$480.00");
    assert_eq!(cheaper.options[1].total, "$2,638.00");
    assert!(
        cheaper
            .summary
            .ends_with("Kestrel Team is cheaper, by $2,158.00."),
        "{}",
        cheaper.summary
    );
    assert!(cheaper.options[1]
        .arithmetic
        .contains(&"One-time setup fee: $250.00.".to_string()));
    assert_eq!(
        cheaper.options[1].source,
        "https://slatewiki.example/pricing"
    );
    // Not price questions about a named option: the normal answer path runs.
    for question in [
        "Can I cancel anytime?",
        "How much storage does my team get?",
        "What does it cost?",
        "Team vs Business",
        "How much does Kestrel cost?",
    ] {
        assert_eq!(
            worked_answer(question, &content, &Speech::english()),
            None,
            "{question}"
        );
    }
}

#[test]
fn cli_compare_shows_every_caveat_the_conditional_option_and_reasons_as_data() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("www/content");
    let dir = folder("cli", "");
    let five = dir.join("five.json");
    fs::write(&five, r#"{"seats": 5, "must_have": ["sso"]}"#).unwrap();
    let run = |json: bool| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_helpfirst"));
        command
            .args(["compare", "--content"])
            .arg(&demo)
            .arg("--needs")
            .arg(&five);
        if json {
            command.arg("--json");
        }
        let out = command.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(false);
    for expected in [
        "Recommended: Kestrel Business (our plan), $900.00.",
        "- SAML single sign-on: Only on their enterprise tier, not at this price.",
        "! Not for: Budget-conscious teams",
        "! Price: $10 per user per month",
        "! Real-time co-editing: No: one editor per page at a time (page locking)",
        "! Time to start: usually 21 days.",
        "! An annual contract: You have not said you can take this on",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let value: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    assert_eq!(value["recommended"], serde_json::json!(["business"]));
    let options = value["options"].as_array().unwrap();
    let papertrail = options
        .iter()
        .find(|o| o["id"] == "papertrail-docs")
        .unwrap();
    assert_eq!(
        papertrail["points"][1]["reason"],
        serde_json::json!({"kind": "only_on", "tier": "their enterprise tier"})
    );
    assert_eq!(papertrail["points"][1]["verdict"], "misses");
    let caveats = papertrail["caveats"].as_array().unwrap();
    assert!(caveats
        .iter()
        .any(|c| c["kind"] == "not_for" && c["text"].as_str().unwrap().starts_with("Not for: ")));
    let enterprise = options.iter().find(|o| o["id"] == "enterprise").unwrap();
    assert_eq!(
        enterprise["unconfirmed"],
        serde_json::json!(["An annual contract"])
    );
    assert_eq!(
        enterprise["points"][1]["reason"]["kind"],
        serde_json::json!("not_confirmed")
    );
    // Without a must-have, the $0 shared folder needs storage the visitor has not confirmed.
    fs::write(&five, r#"{"seats": 5}"#).unwrap();
    let value: serde_json::Value = serde_json::from_str(&run(true)).unwrap();
    assert_eq!(value["recommended"], serde_json::json!(["team"]));
    assert_eq!(value["conditional"][0]["id"], "shared-folder");
    assert_eq!(
        value["conditional"][0]["unconfirmed"],
        serde_json::json!(["Shared storage you already pay for"])
    );
    let text = run(false);
    assert!(text.contains(
        "If you can take on what it needs (Shared storage you already pay for), A shared folder \
         of documents (alternative) costs $0.00 and fits."
    ), "{text}");
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn check_warns_about_an_unlimited_allowance_with_a_price_and_an_annual_price_above_the_monthly() {
    let odd = r#"
[[offerings]]
id = "odd"
name = "Odd"
kind = "plan"
summary = "Odd."
url = "/p#odd"
source = "/p#odd"
verified = "2026-11-01"
not_for = "Nobody."

[offerings.price]
model = "per_seat"
monthly = "5.00"
annual_per_year = "72.00"

[[offerings.price.usage]]
metric = "storage_gb"
name = "Storage"
unit = "GB"
included = "unlimited"
per_unit = "0.10"
"#;
    let dir = folder("check-odd", odd);
    let report = check_on_verification_day(&dir);
    let found = at_line_and_field(report.warnings());
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found[0].starts_with("15:offerings.price.annual_per_year"),
        "{found:?}"
    );
    assert!(found[0].contains("comes to $6.00 a month, more than the monthly price $5.00"));
    assert!(
        found[1].starts_with("22:offerings.price.usage.per_unit"),
        "{found:?}"
    );
    assert_eq!(report.errors().count(), 0);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_price_question_in_german_gets_its_worked_answer_in_german() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let content = helpfirst::content::source::load(&root.join("www/de/content")).unwrap();
    let table: helpfirst::locale::Strings =
        serde_json::from_str(&fs::read_to_string(root.join("locales/de.json")).unwrap()).unwrap();
    let german = Speech {
        strings: &table,
        formats: &helpfirst::locale::English,
    };
    let worked = worked_answer(
        "Was kostet Kestrel Team für 10 Personen bei jährlicher Zahlung?",
        &content,
        &german,
    )
    .expect("a price question naming an option");
    // 8.00 EUR less 20% billed annually = 6.40 a seat a month; × 10 seats × 12 months.
    assert_eq!(
        worked.summary,
        "Für 10 Personen, bei jährlicher Abrechnung: Kestrel Team kostet €768.00 über 12 Monate \
         (durchschnittlich €64.00 im Monat)."
    );
    assert_eq!(
        worked.options[0].arithmetic.last().unwrap(),
        "Summe für 12 Monate: €768.00."
    );
    // Not a price question: no money word.
    assert_eq!(
        worked_answer("Hat Kestrel Team einen Gastzugang?", &content, &german),
        None
    );
}
