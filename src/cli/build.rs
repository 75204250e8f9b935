//! `helpfirst build`: compiles the marketer's content, and the pages of their site, into the JSON
//! file the widget fetches, and the answer index beside it, built here so that no visitor's
//! browser has to.
//!
//! The output is written to a temporary file and renamed into place, so a failed build never
//! leaves a half-written `content.json` for the widget to load. Hand-written content must first
//! pass the rules of `helpfirst check`, so what check rejects is never shipped. With `--site` or
//! `--sitemap` the site's pages are added (hand-written entries win), every page that could not be
//! indexed is listed with its reason, and a manifest beside the output lets the next build say
//! what changed.

use super::site::{self, SiteArgs};
use helpfirst::content::check;
use helpfirst::site::manifest::{self, Changes, Manifest};
use std::path::PathBuf;

const USAGE: &str =
    "USAGE: helpfirst build [--content DIR|FILE] [--site DIR]... [--sitemap FILE|URL]
                      [--ignore CSS]... [--out FILE]
    --content       a folder of .toml content files, one .toml file, a FAQ spreadsheet (.csv) or
                    compiled .json; it must pass `helpfirst check` (warnings are allowed)
    --out           where to write the content's JSON (default: dist/content.json); the file the
                    widget fetches (content.index: the content with its answer index) and a
                    manifest of the indexed pages (content.manifest.json) are kept beside it";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut content: Option<PathBuf> = None;
    let mut out = PathBuf::from("dist/content.json");
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
            Long("out") => out = super::text(args.value())?.into(),
            Long("help") | Short('h') => {
                println!("{USAGE}\n{}", site::OPTIONS);
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
    let hand = match &content {
        Some(path) => Some(checked(path)?),
        None => None,
    };
    if site_args.is_empty() {
        let loaded = hand.unwrap_or_default();
        return write(&loaded, &out).map(|bytes| {
            println!(
                "helpfirst: wrote {} ({} FAQs, {} pages, {} offerings, {bytes} bytes)",
                out.display(),
                loaded.faqs.len(),
                loaded.pages.len(),
                loaded.offerings.len(),
            )
        });
    }
    let started = std::time::Instant::now();
    let (index, merged) = site_args.read(hand)?;
    for problem in site::problems(&index, &merged) {
        eprintln!("{problem}");
    }
    if index.pages.is_empty() && index.faqs.is_empty() && index.offerings.is_empty() {
        return Err(format!(
            "no page of the site could be indexed ({} failed, {} skipped), nothing was written",
            index.failures.len(),
            index.skipped.len()
        ));
    }
    let manifest_path = Manifest::path_beside(&out);
    let previous = Manifest::load(&manifest_path);
    let current = Manifest::of(&index.pages);
    let changes = current.changes_since(previous.as_ref());
    let bytes = write(&merged.content, &out)?;
    current.save(&manifest_path)?;
    println!(
        "helpfirst: site: {} pages, {} sections, {} FAQs and {} offerings from JSON-LD in {:.1} s; {} not indexed, {} skipped, {} hint(s), {} conflict(s)",
        index.pages.len(),
        index.sections(),
        index.faqs.len(),
        index.offerings.len(),
        started.elapsed().as_secs_f64(),
        index.failures.len(),
        index.skipped.len(),
        index.notes.len(),
        merged.conflicts.len(),
    );
    println!("helpfirst: {}", describe(&changes));
    println!(
        "helpfirst: wrote {} ({} FAQs, {} pages, {} offerings, {bytes} bytes); {} site entries left out because the hand-written content has them",
        out.display(),
        merged.content.faqs.len(),
        merged.content.pages.len(),
        merged.content.offerings.len(),
        merged.overridden,
    );
    Ok(())
}

/// The hand-written content, if it passes `check`'s rules; its warnings are printed.
fn checked(path: &std::path::Path) -> Result<helpfirst::content::Content, String> {
    let report = check::check(path);
    let errors: Vec<String> = report.errors().map(|p| p.error.to_string()).collect();
    if !errors.is_empty() {
        return Err(format!(
            "{} problem(s) in the content, nothing was written:\n{}",
            errors.len(),
            errors.join("\n")
        ));
    }
    for warning in report.warnings() {
        eprintln!("{warning}");
    }
    Ok(report.content)
}

/// Writes the content's JSON whole (temporary file, then rename), and beside it the file the
/// widget fetches (`content.index` beside `content.json`): the content with its answer index, so
/// the visitor's browser reads both ready to use; returns the JSON's size.
fn write(content: &helpfirst::content::Content, out: &std::path::Path) -> Result<usize, String> {
    let json =
        serde_json::to_string(content).map_err(|e| format!("cannot encode the content: {e}"))?;
    let index = helpfirst::answer::Index::prebuilt(content)?;
    manifest::write_whole(&out.with_extension("index"), &index)?;
    manifest::write_whole(out, json.as_bytes())?;
    Ok(json.len())
}

/// "since the last build: 2 pages added, 1 removed, 3 sections changed in 2 pages".
fn describe(changes: &Changes) -> String {
    if !changes.had_previous {
        return format!("first build here: {} pages indexed", changes.added.len());
    }
    let mut parts = Vec::new();
    if !changes.added.is_empty() {
        parts.push(format!(
            "{} page(s) added ({})",
            changes.added.len(),
            sample(&changes.added)
        ));
    }
    if !changes.removed.is_empty() {
        parts.push(format!(
            "{} page(s) removed ({})",
            changes.removed.len(),
            sample(&changes.removed)
        ));
    }
    if changes.sections_changed > 0 {
        parts.push(format!(
            "{} section(s) changed in {} page(s)",
            changes.sections_changed, changes.pages_changed
        ));
    }
    if parts.is_empty() {
        "since the last build: no page changed".to_string()
    } else {
        format!("since the last build: {}", parts.join(", "))
    }
}

fn sample(urls: &[String]) -> String {
    let shown: Vec<&str> = urls.iter().take(3).map(String::as_str).collect();
    if urls.len() > shown.len() {
        format!("{}, ...", shown.join(", "))
    } else {
        shown.join(", ")
    }
}
