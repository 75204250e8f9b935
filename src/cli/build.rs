//! `helpfirst build`: compiles the marketer's content into the JSON file the widget fetches.
//!
//! The output is written to a temporary file and renamed into place, so a failed build never
//! leaves a half-written `content.json` for the widget to load. The content must first pass the
//! rules of `helpfirst check`, so what check rejects is never shipped.

use helpfirst::content::check;
use std::path::PathBuf;

const USAGE: &str = "USAGE: helpfirst build --content DIR|FILE [--out FILE]
    --content   a folder of .toml content files, one .toml file, a FAQ spreadsheet (.csv) or
                compiled .json; it must pass `helpfirst check` (warnings are allowed)
    --out       where to write the widget's JSON (default: dist/content.json)";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut content: Option<PathBuf> = None;
    let mut out = PathBuf::from("dist/content.json");
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("content") => {
                content = Some(
                    args.value()
                        .map_err(|e| super::usage_error(e, USAGE))?
                        .into(),
                )
            }
            Long("out") => {
                out = args
                    .value()
                    .map_err(|e| super::usage_error(e, USAGE))?
                    .into()
            }
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let content = content.ok_or_else(|| super::usage_error("--content is required", USAGE))?;
    // The same rules as `helpfirst check`: a build never ships content that check rejects.
    let report = check::check(&content);
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
    let loaded = report.content;
    let json =
        serde_json::to_string(&loaded).map_err(|e| format!("cannot encode the content: {e}"))?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let partial = out.with_extension("json.partial");
    std::fs::write(&partial, json.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, &out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    println!(
        "helpfirst: wrote {} ({} FAQs, {} pages, {} offerings, {} bytes)",
        out.display(),
        loaded.faqs.len(),
        loaded.pages.len(),
        loaded.offerings.len(),
        json.len()
    );
    Ok(())
}
