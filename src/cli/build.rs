//! `helpfirst build`: compiles the marketer's content into the JSON file the widget fetches.
//!
//! The output is written to a temporary file and renamed into place, so a failed build never
//! leaves a half-written `content.json` for the widget to load.

use helpfirst::content::source;
use std::path::PathBuf;

const USAGE: &str = "USAGE: helpfirst build --content DIR|FILE [--out FILE]
    --content   a folder of .toml content files, or one .toml or .json file
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
    let loaded = source::load(&content).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        format!(
            "{} problem(s) in the content, nothing was written:\n{}",
            errors.len(),
            lines.join("\n")
        )
    })?;
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
