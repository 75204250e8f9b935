//! `helpfirst compare`: every option in the content ranked for a visitor's needs, with the reasons
//! point by point, every caveat the content wrote, what each gives up, the total cost with its
//! arithmetic, the recommendation with why, and the options that would fit if the visitor can meet
//! what they need; what the widget's fit finder shows, for a marketer to check.
//!
//! Key decision: the needs file is JSON (the shape the widget builds from the fit finder's
//! answers), read strictly: an unknown field, a feature no option has or a number out of range is
//! an error naming the file, line and field rather than a need silently ignored.

use helpfirst::compare::reason::{conditional_words, outdoes_words};
use helpfirst::compare::{assess, conditional, Assessment, Needs, Recommendation, Verdict};
use helpfirst::content::Content;
use helpfirst::locale::Speech;
use serde_json::json;
use std::path::PathBuf;

const USAGE: &str = "USAGE: helpfirst compare --content PATH --needs FILE.json [--json]
    --content   a folder of .toml content files, one .toml file or compiled .json
    --needs     the visitor's needs as JSON (see the README), e.g.
                {\"seats\": 6, \"months\": 12, \"billing\": \"annual\", \"must_have\": [\"guests\"],
                 \"can\": {\"shared_storage\": true, \"annual_contract\": false}}
    --json      print the ranking and recommendation as JSON

Ranks every option in the content (none is left out), shows why, what each costs over the period
with the arithmetic, and recommends the cheapest option that meets every need (one that offers
everything another offers and more, for no more, over it), or says none does. An option needing
something not confirmed under \"can\" is shown as conditional, never recommended.";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut content: Option<PathBuf> = None;
    let mut needs: Option<PathBuf> = None;
    let mut json = false;
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("content") => content = Some(super::text(args.value())?.into()),
            Long("needs") => needs = Some(super::text(args.value())?.into()),
            Long("json") => json = true,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let content = content.ok_or_else(|| super::usage_error("--content is required", USAGE))?;
    let needs_path = needs.ok_or_else(|| super::usage_error("--needs is required", USAGE))?;
    let content = super::ask::load_content(&content)?;
    let needs = read_needs(&needs_path, &content)?;
    let (ranked, recommendation) = assess(&content.offerings, &needs, &Speech::english());
    if json {
        let value = ranking_json(&ranked, &recommendation, &needs);
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
    } else {
        print_ranking(&ranked, &recommendation, &needs);
    }
    Ok(())
}

/// Reads and validates a needs file; every problem names the file and the field (and the line,
/// when the JSON itself is wrong).
fn read_needs(path: &PathBuf, content: &Content) -> Result<Needs, String> {
    let name = path.display();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: cannot read: {e}"))?;
    let needs: Needs =
        serde_json::from_str(&text).map_err(|e| format!("{name}:{}: {e}", e.line()))?;
    let problems = needs.problems(content);
    if problems.is_empty() {
        Ok(needs)
    } else {
        Err(problems
            .iter()
            .map(|p| format!("{name}: {p}"))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}

fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Meets => "+",
        Verdict::Misses => "-",
        Verdict::Unknown => "?",
        Verdict::Unconfirmed => "!",
    }
}

fn print_ranking(ranked: &[Assessment], recommendation: &Recommendation, needs: &Needs) {
    let say = Speech::english();
    println!(
        "Options ranked for these needs over {}, {} billing:",
        say.count("count.months", u64::from(needs.months())),
        match needs.billing() {
            helpfirst::compare::Billing::Monthly => "monthly",
            helpfirst::compare::Billing::Annual => "annual",
        }
    );
    for assessment in ranked {
        let offering = assessment.offering;
        let tie = ranked.iter().filter(|a| a.rank == assessment.rank).count() > 1;
        println!(
            "\n{}{}. {} ({}): {}{}",
            assessment.rank,
            if tie { " (tie)" } else { "" },
            offering.name,
            kind(offering),
            assessment.cost.summary(&say),
            if assessment.fits() {
                ", meets every need"
            } else {
                ""
            }
        );
        for point in &assessment.points {
            println!(
                "   {} {}: {}",
                mark(point.verdict),
                point.need,
                point.reason.words(&say)
            );
        }
        for outdone in &assessment.outdoes {
            println!("   > {}", outdoes_words(&say, &offering.name, outdone));
        }
        if !assessment.gives_up.is_empty() {
            println!("   gives up: {}", assessment.gives_up.join("; "));
        }
        for caveat in &assessment.caveats {
            println!("   ! {}", caveat.words(&say));
        }
        for line in &assessment.cost.lines {
            println!("   = {line}");
        }
    }
    println!();
    match recommendation {
        Recommendation::One(i) => {
            let best = &ranked[*i];
            println!(
                "Recommended: {} ({}), {}.",
                best.offering.name,
                kind(best.offering),
                best.cost.summary(&say)
            );
            for outdone in &best.outdoes {
                println!("{}", outdoes_words(&say, &best.offering.name, outdone));
            }
        }
        Recommendation::Tie(tied) => {
            let names: Vec<&str> = tied
                .iter()
                .map(|&i| ranked[i].offering.name.as_str())
                .collect();
            println!(
                "A tie: {} meet every need at the same cost ({}), and each offers something the other does not.",
                say.list(&names),
                ranked[tied[0]].cost.summary(&say)
            );
        }
        Recommendation::Nothing => {
            println!("Nothing listed meets every need; the ranking shows what each one misses.")
        }
    }
    for i in conditional(ranked, recommendation) {
        println!(
            "{}",
            conditional_words(&say, &ranked[i], kind(ranked[i].offering))
        );
    }
}

fn kind(offering: &helpfirst::content::Offering) -> &'static str {
    match offering.kind {
        helpfirst::content::OfferingKind::Plan => "our plan",
        helpfirst::content::OfferingKind::Competitor => "competitor",
        helpfirst::content::OfferingKind::Alternative => "alternative",
    }
}

fn ranking_json(
    ranked: &[Assessment],
    recommendation: &Recommendation,
    needs: &Needs,
) -> serde_json::Value {
    let say = Speech::english();
    let options: Vec<serde_json::Value> = ranked
        .iter()
        .map(|a| {
            let total = match a.cost.total {
                helpfirst::compare::Total::Priced(money) => json!(money.to_string()),
                helpfirst::compare::Total::Quote => json!("quote"),
                helpfirst::compare::Total::Unavailable => json!("unavailable"),
            };
            json!({
                "rank": a.rank,
                "id": a.offering.id,
                "name": a.offering.name,
                "kind": kind(a.offering),
                "fits": a.fits(),
                "total": total,
                "currency": a.cost.currency,
                "arithmetic": a.cost.lines,
                "points": a.points.iter().map(|p| json!({
                    "need": p.need,
                    "verdict": p.verdict.as_str(),
                    "reason": p.reason,
                    "text": p.reason.words(&say),
                    "source": p.source,
                })).collect::<Vec<_>>(),
                "caveats": a.caveats.iter().map(|c| {
                    let mut value = json!(c);
                    value["text"] = json!(c.words(&say));
                    value
                }).collect::<Vec<_>>(),
                "outdoes": a.outdoes.iter().map(|o| json!({
                    "id": o.id,
                    "more": o.more,
                    "text": outdoes_words(&say, &a.offering.name, o),
                })).collect::<Vec<_>>(),
                "unconfirmed": a.unconfirmed(),
                "gives_up": a.gives_up,
            })
        })
        .collect();
    let recommended = match recommendation {
        Recommendation::One(i) => json!([ranked[*i].offering.id]),
        Recommendation::Tie(tied) => json!(tied
            .iter()
            .map(|&i| ranked[i].offering.id.clone())
            .collect::<Vec<_>>()),
        Recommendation::Nothing => json!([]),
    };
    let conditional: Vec<serde_json::Value> = conditional(ranked, recommendation)
        .into_iter()
        .map(|i| {
            json!({
                "id": ranked[i].offering.id,
                "unconfirmed": ranked[i].unconfirmed(),
                "text": conditional_words(&say, &ranked[i], kind(ranked[i].offering)),
            })
        })
        .collect();
    json!({
        "months": needs.months(),
        "options": options,
        "recommended": recommended,
        "tie": matches!(recommendation, Recommendation::Tie(_)),
        "conditional": conditional,
    })
}
