//! The options `build` and `check` share for reading the company's site: `--site DIR`,
//! `--sitemap FILE|URL` and `--ignore SELECTOR`, and what both do with them.

use helpfirst::content::check::{Problem, Severity};
use helpfirst::content::source::SourceError;
use helpfirst::content::{Company, Content};
use helpfirst::site::{self, extract::Ignore, fetch::Polite, merge::Merged, Finding, SiteIndex};
use std::io::IsTerminal;
use std::path::PathBuf;

pub const OPTIONS: &str = "    --site DIR      a folder of the site's built HTML pages (repeatable)
    --sitemap SRC   a sitemap.xml file or URL; its pages are fetched politely (robots.txt,
                    4 at a time, 250 ms apart, 20 s time-out)
    --ignore CSS    leave out the parts this CSS selector matches (repeatable), on top of
                    navigation, headers, footers, scripts, cookie banners, data-helpfirst-ignore";

#[derive(Debug, Default)]
pub struct SiteArgs {
    pub sources: Vec<site::Source>,
    pub ignore: Vec<String>,
}

impl SiteArgs {
    /// Whether `--name` is one of the site options, for [`SiteArgs::take`].
    pub fn owns(name: &str) -> bool {
        matches!(name, "site" | "sitemap" | "ignore")
    }

    /// Takes the value of the site option `--name`.
    pub fn take(&mut self, name: &str, args: &mut lexopt::Parser) -> Result<(), String> {
        let value = super::text(args.value())?;
        match name {
            "site" => self
                .sources
                .push(site::Source::Folder(PathBuf::from(value))),
            "sitemap" => self.sources.push(site::Source::Sitemap(value)),
            _ => self.ignore.push(value),
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// Reads the site and merges it into `hand` (hand-written content wins).
    pub fn read(&self, hand: Option<Content>) -> Result<(SiteIndex, Merged), String> {
        let ignore = Ignore::new(&self.ignore)?;
        let progress = std::io::stderr().is_terminal();
        let index = site::read(&self.sources, &ignore, &Polite::default(), progress)?;
        // With no hand-written content, the company is named as its pages name the site, else
        // after the folder or host the pages came from.
        let name = if index.site_name.is_empty() {
            self.sources
                .first()
                .map(|source| match source {
                    site::Source::Folder(dir) => dir
                        .canonicalize()
                        .unwrap_or_else(|_| dir.clone())
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    site::Source::Sitemap(url) => url
                        .split("://")
                        .nth(1)
                        .and_then(|rest| rest.split('/').next())
                        .unwrap_or(url)
                        .to_string(),
                })
                .unwrap_or_default()
        } else {
            index.site_name.clone()
        };
        let hand = hand.unwrap_or_else(|| Content {
            company: Company {
                name,
                url: String::new(),
                language: "en".into(),
            },
            ..Content::default()
        });
        let merged = site::merge::merge(hand, &index);
        Ok((index, merged))
    }
}

/// Everything the site reading found, as `check` problems: all warnings, since a page that fails
/// never stops the others; a build with no page at all is refused by `build`.
pub fn problems(index: &SiteIndex, merged: &Merged) -> Vec<Problem> {
    let as_problem = |finding: &Finding, prefix: &str| Problem {
        severity: Severity::Warning,
        error: SourceError {
            file: finding.location.clone(),
            line: 0,
            field: finding.field.clone(),
            message: format!("{prefix}{}", finding.message),
        },
    };
    let failed = index
        .failures
        .iter()
        .map(|f| as_problem(f, "not indexed: "));
    let skipped = index.skipped.iter().map(|f| as_problem(f, "skipped: "));
    let notes = index.notes.iter().map(|f| as_problem(f, ""));
    let conflicts = merged.conflicts.iter().map(|f| as_problem(f, "conflict: "));
    failed
        .chain(skipped)
        .chain(notes)
        .chain(conflicts)
        .collect()
}
