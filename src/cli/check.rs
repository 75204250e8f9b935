//! `helpfirst check`: tells the marketer everything wrong with their content, each problem at its
//! file, line and field, in one run, without writing anything.
//!
//! Key decision: the rules live in `content::check` and `build` runs the same ones, so a build never
//! ships what `check` rejects. Errors fail the command; warnings are printed and do not.

use helpfirst::content::check::{self, Problem};
use std::path::PathBuf;

const USAGE: &str = "USAGE: helpfirst check --content DIR|FILE [--json]
    --content   a folder of .toml content files, one .toml file, a FAQ spreadsheet (.csv) or
                compiled .json
    --json      print the problems as a JSON array of {severity, file, line, field, message}

Reports every problem with its file, line and field, sorted by file and line, and exits non-zero
if any is an error. Warnings are printed but do not fail. Nothing is written.";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut content: Option<PathBuf> = None;
    let mut json = false;
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("content") => content = Some(super::text(args.value())?.into()),
            Long("json") => json = true,
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let content = content.ok_or_else(|| super::usage_error("--content is required", USAGE))?;
    let report = check::check(&content);
    if json {
        let problems: Vec<serde_json::Value> = report.problems.iter().map(problem_json).collect();
        let text = serde_json::to_string_pretty(&problems).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        for problem in &report.problems {
            println!("{problem}");
        }
    }
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let summary = format!(
        "{errors} error(s), {warnings} warning(s) in {}",
        content.display()
    );
    if errors > 0 {
        // `main` prints this on stderr and exits non-zero; stdout keeps only the problems.
        return Err(summary);
    }
    if !json {
        let counts = format!(
            "{} FAQs, {} pages, {} offerings",
            report.content.faqs.len(),
            report.content.pages.len(),
            report.content.offerings.len()
        );
        if warnings == 0 {
            println!("ok: {counts}, no problems");
        } else {
            println!("ok: {counts}, {summary}");
        }
    }
    Ok(())
}

fn problem_json(problem: &Problem) -> serde_json::Value {
    serde_json::json!({
        "severity": problem.severity.as_str(),
        "file": problem.error.file,
        "line": problem.error.line,
        "field": problem.error.field,
        "message": problem.error.message,
    })
}
