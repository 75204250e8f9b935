//! `helpfirst check`: tells the marketer everything wrong with their content, each problem at its
//! file, line and field, in one run, without writing anything.
//!
//! Key decision: the rules live in `content::check` and `build` runs the same ones, so a build never
//! ships what `check` rejects. Errors fail the command; warnings are printed and do not.

use super::site::{self, SiteArgs};
use helpfirst::content::check::{self, Freshness, Problem, Report};
use helpfirst::content::date::Date;
use std::path::PathBuf;

const USAGE: &str =
    "USAGE: helpfirst check [--content DIR|FILE] [--site DIR]... [--sitemap FILE|URL] [--json]
                      [--max-age-days N] [--today YYYY-MM-DD]
    --content       a folder of .toml content files, one .toml file, a FAQ spreadsheet (.csv) or
                    compiled .json
    --json          print the problems as a JSON array of {severity, file, line, field, message}
    --max-age-days  warn about claims (prices, limits, features) last verified more than N days
                    ago (default 180)
    --today         judge claims' ages as of this date instead of today's

Reports every problem with its file, line and field, sorted by file and line, and exits non-zero
if any is an error. Warnings are printed but do not fail. Nothing is written. With --site or
--sitemap it also reports the site's pages that could not be indexed, headings without an anchor,
JSON-LD products missing what an honest comparison needs, and where the site and the hand-written
content disagree.";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut content: Option<PathBuf> = None;
    let mut json = false;
    let mut freshness = Freshness::default();
    let mut site_args = SiteArgs::default();
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        if let Long(name) = arg {
            if SiteArgs::owns(name) {
                let name = name.to_string();
                site_args.take(&name, args)?;
                continue;
            }
        }
        match arg {
            Long("content") => content = Some(super::text(args.value())?.into()),
            Long("json") => json = true,
            Long("max-age-days") => {
                let text = super::text(args.value())?;
                freshness.max_age_days = text.parse().map_err(|_| {
                    format!("--max-age-days takes a whole number of days, not `{text}`")
                })?;
            }
            Long("today") => {
                freshness.today = Date::parse(&super::text(args.value())?)
                    .map_err(|e| format!("--today: {e}"))?;
            }
            Long("help") | Short('h') => {
                println!("{USAGE}\n\n{}", site::OPTIONS);
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    if content.is_none() && site_args.is_empty() {
        return Err(super::usage_error(
            "--content, --site or --sitemap is required",
            USAGE,
        ));
    }
    let mut report = match &content {
        Some(path) => check::check_with(path, freshness),
        None => Report {
            content: Default::default(),
            problems: Vec::new(),
        },
    };
    if !site_args.is_empty() {
        let hand = content.as_ref().map(|_| report.content.clone());
        let (index, merged) = site_args.read(hand)?;
        report.problems.extend(site::problems(&index, &merged));
        report.content = merged.content;
    }
    let checked = content.map_or_else(|| "the site".to_string(), |path| path.display().to_string());
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
    let summary = format!("{errors} error(s), {warnings} warning(s) in {checked}");
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
