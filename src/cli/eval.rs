//! `helpfirst eval`: measures the answer engine on a set of real questions with known answers.
//!
//! It measures what visitors get from the answer service (the fused ranker) unless `--lexical`
//! asks for the widget's local engine alone.
//!
//! Ranking quality (top-1, top-3, MRR@10) is computed over the questions that have an entry,
//! regardless of abstention, so it measures ranking alone; the abstain decision is measured
//! separately (precision and recall with "should abstain" as the positive class, and the share of
//! answerable questions actually answered). Latency is printed for information, never asserted.
//! `--sweep` adds the abstention trade-off: what other abstain thresholds would give (see
//! [`tradeoff`](super::tradeoff)).

use super::ask::{Answerer, Engine};
use super::tradeoff::{self, Outcome};
use lexopt::prelude::*;
use std::path::Path;
use std::time::Instant;

const USAGE: &str = "\
USAGE:
    helpfirst eval --content PATH --questions FILE.csv [--json] [--sweep] [--set NAME=VALUE]...
                   [--details FILE.csv] [--lexical] [--model DIR] [--cache DIR]

Runs every question of FILE.csv (header `query,expected_id`; an empty expected_id means the
content has no answer and the engine should abstain; `a|b` accepts either of two) and prints
top-1 and top-3 accuracy, MRR@10, abstain precision and recall, the answered rate and per-query
latency.

OPTIONS:
    --content PATH      FAQ spreadsheet (.csv), compiled content (.json) or content folder
    --questions FILE    the questions with their expected answer ids
    --json              print the figures as JSON
    --sweep             also print the abstention trade-off: answered rate, answered precision and
                        abstain recall at other abstain thresholds, and the most it can abstain on
                        while answering at least 95% and 90% of the questions that have an entry
    --set NAME=VALUE    override an engine parameter (k1, b, title_weight, abstain_below, ...)
    --details FILE      also write one CSV row per question (ranks, confidence, signals)
    --lexical           the widget's local engine alone, without the sentence encoder
    --model DIR         the sentence-embedding model (default $HELPFIRST_MODEL, else
                        .build/models/all-minilm-l6-v2, unpacked by scripts/setup.sh)
    --cache DIR         keep the content's vectors in DIR: a re-run embeds only what changed";

/// One question of the evaluation set.
struct Case {
    query: String,
    expected: Option<String>,
}

/// The figures `eval` reports.
#[derive(Debug, Default)]
pub struct Figures {
    pub questions: usize,
    pub answerable: usize,
    pub top1: f64,
    pub top3: f64,
    pub mrr10: f64,
    pub answered_rate: f64,
    /// Share of answered answerable questions whose shown answer is right.
    pub answered_precision: f64,
    pub abstain_precision: f64,
    pub abstain_recall: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    let mut content_path: Option<String> = None;
    let mut questions_path: Option<String> = None;
    let mut details_path: Option<String> = None;
    let mut json = false;
    let mut sweep = false;
    let mut engine = Engine::default();
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("content") => content_path = Some(super::text(args.value())?),
            Long("questions") => questions_path = Some(super::text(args.value())?),
            Long("details") => details_path = Some(super::text(args.value())?),
            Long("json") => json = true,
            Long("sweep") => sweep = true,
            Long(name) if Engine::OPTIONS.contains(&name) => {
                let name = name.to_owned();
                engine.option(&name, args)?;
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let content_path = content_path.ok_or_else(|| format!("--content is required\n\n{USAGE}"))?;
    let questions_path =
        questions_path.ok_or_else(|| format!("--questions is required\n\n{USAGE}"))?;
    let cases = read_cases(Path::new(&questions_path))?;
    let answerer = Answerer::load(Path::new(&content_path), engine)?;
    let mut details = details_path
        .as_ref()
        .map(|_| csv::Writer::from_writer(Vec::new()));
    if let Some(writer) = details.as_mut() {
        writer
            .write_record([
                "query",
                "expected_id",
                "top1",
                "rank",
                "abstained",
                "confidence",
                "score",
                "margin",
                "coverage",
                "phrasing",
                "unseen",
                "semantic",
                "standout",
                "topic",
                "second",
            ])
            .map_err(|e| e.to_string())?;
    }

    let mut latencies = Vec::with_capacity(cases.len());
    let mut outcomes = Vec::with_capacity(cases.len());
    let (mut answerable, mut top1, mut top3, mut reciprocal) = (0usize, 0usize, 0usize, 0.0f64);
    let (mut answered, mut answered_right) = (0usize, 0usize);
    let (mut abstained_total, mut abstained_right, mut should_abstain) = (0usize, 0usize, 0usize);
    for case in &cases {
        let started = Instant::now();
        let reply = answerer.ask(&case.query)?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let rank = case
            .expected
            .as_ref()
            .and_then(|ids| {
                // A question the content answers equally in two places lists both: `a|b`.
                let accepted = |id: &str| ids.split('|').any(|e| e.trim() == id);
                reply.answers.iter().take(10).position(|a| accepted(&a.id))
            })
            .map(|p| p + 1);
        if reply.abstained {
            abstained_total += 1;
        }
        outcomes.push(Outcome {
            confidence: reply.answers.first().map_or(0.0, |a| a.confidence),
            answerable: case.expected.is_some(),
            right: rank == Some(1),
        });
        match &case.expected {
            Some(_) => {
                answerable += 1;
                top1 += usize::from(rank == Some(1));
                top3 += usize::from(rank.is_some_and(|r| r <= 3));
                reciprocal += rank.map_or(0.0, |r| 1.0 / r as f64);
                if !reply.abstained {
                    answered += 1;
                    answered_right += usize::from(rank == Some(1));
                }
            }
            None => {
                should_abstain += 1;
                abstained_right += usize::from(reply.abstained);
            }
        }
        if let Some(writer) = details.as_mut() {
            let best = reply.answers.first();
            let signals = best.map(|a| a.signals).unwrap_or_default();
            writer
                .write_record([
                    case.query.clone(),
                    case.expected.clone().unwrap_or_default(),
                    best.map(|a| a.id.clone()).unwrap_or_default(),
                    rank.map(|r| r.to_string()).unwrap_or_default(),
                    reply.abstained.to_string(),
                    format!("{:.4}", best.map_or(0.0, |a| a.confidence)),
                    format!("{:.4}", signals.score),
                    format!("{:.4}", signals.margin),
                    format!("{:.4}", signals.coverage),
                    format!("{:.4}", signals.phrasing),
                    format!("{:.4}", signals.unseen),
                    format!("{:.4}", signals.semantic),
                    format!("{:.4}", signals.standout),
                    format!("{:.4}", signals.topic),
                    format!("{:.4}", reply.answers.get(1).map_or(0.0, |a| a.score)),
                ])
                .map_err(|e| e.to_string())?;
        }
    }
    if let (Some(path), Some(writer)) = (&details_path, details) {
        let bytes = writer.into_inner().map_err(|e| e.to_string())?;
        std::fs::write(path, bytes).map_err(|e| format!("{path}: cannot write: {e}"))?;
    }

    latencies.sort_by(f64::total_cmp);
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let figures = Figures {
        questions: cases.len(),
        answerable,
        top1: ratio(top1, answerable),
        top3: ratio(top3, answerable),
        mrr10: if answerable == 0 {
            0.0
        } else {
            reciprocal / answerable as f64
        },
        answered_rate: ratio(answered, answerable),
        answered_precision: ratio(answered_right, answered),
        abstain_precision: ratio(abstained_right, abstained_total),
        abstain_recall: ratio(abstained_right, should_abstain),
        p50_ms: percentile(&latencies, 0.50),
        p99_ms: percentile(&latencies, 0.99),
    };
    if json {
        let mut value = serde_json::json!({
            "engine": answerer.engine(),
            "questions": figures.questions,
            "answerable": figures.answerable,
            "should_abstain": should_abstain,
            "top1": figures.top1,
            "top3": figures.top3,
            "mrr10": figures.mrr10,
            "answered_rate": figures.answered_rate,
            "answered_precision": figures.answered_precision,
            "abstain_precision": figures.abstain_precision,
            "abstain_recall": figures.abstain_recall,
            "latency_ms": { "p50": figures.p50_ms, "p99": figures.p99_ms },
        });
        if sweep {
            value["sweep"] = sweep_json(&outcomes);
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?
        );
    } else {
        let pct = |x: f64| format!("{:.1}%", x * 100.0);
        println!("engine               {}", answerer.engine());
        println!(
            "questions            {} ({} with an entry, {} without)",
            figures.questions, answerable, should_abstain
        );
        println!("top-1 accuracy       {}", pct(figures.top1));
        println!("top-3 accuracy       {}", pct(figures.top3));
        println!("MRR@10               {:.3}", figures.mrr10);
        println!(
            "answered rate        {}  (answerable questions not abstained on)",
            pct(figures.answered_rate)
        );
        println!(
            "answered precision   {}  (answered answerable questions answered right)",
            pct(figures.answered_precision)
        );
        println!("abstain precision    {}  ({abstained_right} of {abstained_total} abstentions had no entry)", pct(figures.abstain_precision));
        println!("abstain recall       {}  ({abstained_right} of {should_abstain} questions without an entry)", pct(figures.abstain_recall));
        println!(
            "latency per query    p50 {:.3} ms, p99 {:.3} ms",
            figures.p50_ms, figures.p99_ms
        );
        if sweep {
            print_sweep(&outcomes);
        }
    }
    Ok(())
}

/// The answered rates the sweep reports the best abstention for: the product's floor (95%) and a
/// looser one, to show the shape of the trade-off.
const SWEEP_FLOORS: [f64; 2] = [0.95, 0.90];

fn point_json(point: &tradeoff::Point) -> serde_json::Value {
    serde_json::json!({
        "threshold": point.threshold,
        "answered_rate": point.answered,
        "answered_precision": point.answered_precision,
        "abstain_recall": point.abstain_recall,
    })
}

fn sweep_json(outcomes: &[Outcome]) -> serde_json::Value {
    let grid: Vec<_> = tradeoff::GRID
        .iter()
        .map(|&t| point_json(&tradeoff::point(outcomes, t)))
        .collect();
    let best: Vec<_> = SWEEP_FLOORS
        .iter()
        .filter_map(|&floor| {
            let point = tradeoff::best_at(outcomes, floor)?;
            let mut value = point_json(&point);
            value["min_answered_rate"] = floor.into();
            Some(value)
        })
        .collect();
    serde_json::json!({ "grid": grid, "best": best })
}

fn print_sweep(outcomes: &[Outcome]) {
    let pct = |x: f64| format!("{:.1}%", x * 100.0);
    println!(
        "\nabstention trade-off (abstain when the top answer's confidence is below the threshold)"
    );
    println!("threshold  answered  answered precision  abstain recall");
    for &threshold in &tradeoff::GRID {
        let p = tradeoff::point(outcomes, threshold);
        println!(
            "{:>9.2}  {:>8}  {:>18}  {:>14}",
            threshold,
            pct(p.answered),
            pct(p.answered_precision),
            pct(p.abstain_recall)
        );
    }
    for floor in SWEEP_FLOORS {
        match tradeoff::best_at(outcomes, floor) {
            Some(p) => println!(
                "answering at least {}: at most {} abstain recall (threshold {:.3}, answered {})",
                pct(floor),
                pct(p.abstain_recall),
                p.threshold,
                pct(p.answered)
            ),
            None => println!("answering at least {}: not reachable", pct(floor)),
        }
    }
}

fn read_cases(path: &Path) -> Result<Vec<Case>, String> {
    let name = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|e| format!("{name}: {e}"))?;
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: {e}"))?
        .clone();
    let column = |wanted: &str| {
        headers
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == wanted)
    };
    let query =
        column("query").ok_or_else(|| format!("{name}:1: the header needs a `query` column"))?;
    let expected = column("expected_id")
        .ok_or_else(|| format!("{name}:1: the header needs an `expected_id` column"))?;
    let mut cases = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let text = record.get(query).unwrap_or("").trim().to_string();
        if text.is_empty() {
            continue;
        }
        let id = record.get(expected).unwrap_or("").trim();
        cases.push(Case {
            query: text,
            expected: (!id.is_empty()).then(|| id.to_string()),
        });
    }
    if cases.is_empty() {
        return Err(format!("{name}: no questions"));
    }
    Ok(cases)
}

/// The value below which `share` of the sorted values fall (nearest rank).
fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}
