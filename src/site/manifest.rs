//! What the last build indexed, kept beside its output, so a rebuild says what changed: pages
//! added, pages removed, sections changed.
//!
//! Key decision: the manifest holds a fingerprint of each section (FNV-1a of its heading and text),
//! not the text, so it stays small; it is written like the content itself, to a temporary file
//! renamed into place, and only after the content was written.

use crate::content::Page;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Page URL → section key (its anchor, else its heading) → fingerprint.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub pages: BTreeMap<String, BTreeMap<String, String>>,
}

/// How this build differs from the last one.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Sections added, removed or rewritten, over the pages both builds have.
    pub sections_changed: usize,
    pub pages_changed: usize,
    /// False when there was no earlier manifest: everything is new.
    pub had_previous: bool,
}

impl Manifest {
    pub fn of(pages: &[Page]) -> Manifest {
        let mut manifest = Manifest::default();
        for page in pages {
            let sections = manifest.pages.entry(page.url.clone()).or_default();
            for section in &page.sections {
                let key = if section.anchor.is_empty() {
                    section.heading.clone()
                } else {
                    format!("#{}", section.anchor)
                };
                let print = fingerprint(&format!("{}\n{}", section.heading, section.body));
                sections.insert(key, format!("{print:016x}"));
            }
        }
        manifest
    }

    /// The manifest kept beside `out` (`content.json` → `content.manifest.json`).
    pub fn path_beside(out: &Path) -> PathBuf {
        out.with_extension("manifest.json")
    }

    /// The last build's manifest; none (or an unreadable one) means everything is new.
    pub fn load(path: &Path) -> Option<Manifest> {
        let text = std::fs::read_to_string(path).ok()?;
        serde_json::from_str(&text).ok()
    }

    pub fn save(&self, path: &Path) -> Result<(), String> {
        let json = serde_json::to_string(self).map_err(|e| e.to_string())?;
        write_whole(path, json.as_bytes())
    }

    /// What changed from `previous` to `self`.
    pub fn changes_since(&self, previous: Option<&Manifest>) -> Changes {
        let empty = Manifest::default();
        let had_previous = previous.is_some();
        let previous = previous.unwrap_or(&empty);
        let mut changes = Changes {
            had_previous,
            ..Changes::default()
        };
        for (url, sections) in &self.pages {
            let Some(before) = previous.pages.get(url) else {
                changes.added.push(url.clone());
                continue;
            };
            let keys: std::collections::BTreeSet<&String> =
                sections.keys().chain(before.keys()).collect();
            let changed = keys
                .into_iter()
                .filter(|k| sections.get(*k) != before.get(*k))
                .count();
            if changed > 0 {
                changes.pages_changed += 1;
                changes.sections_changed += changed;
            }
        }
        changes.removed = previous
            .pages
            .keys()
            .filter(|url| !self.pages.contains_key(*url))
            .cloned()
            .collect();
        changes
    }
}

/// Writes `bytes` to a temporary file beside `path` and renames it into place, so a reader sees
/// the old file or the new one, never half of one.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = PathBuf::from(partial);
    std::fs::write(&partial, bytes)
        .map_err(|e| format!("cannot write {}: {e}", partial.display()))?;
    std::fs::rename(&partial, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// FNV-1a, 64 bits: stable across Rust versions and machines, unlike `DefaultHasher`.
fn fingerprint(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(url: &str, sections: &[(&str, &str)]) -> Page {
        super::super::test_page(url, url, sections)
    }

    #[test]
    fn changes_count_pages_added_removed_and_sections_rewritten() {
        let before = Manifest::of(&[
            page("/a.html", &[("x", "one"), ("y", "two")]),
            page("/gone.html", &[("z", "three")]),
        ]);
        let after = Manifest::of(&[
            page("/a.html", &[("x", "one"), ("y", "TWO"), ("w", "new")]),
            page("/new.html", &[("v", "four")]),
        ]);
        let changes = after.changes_since(Some(&before));
        assert_eq!(changes.added, ["/new.html"]);
        assert_eq!(changes.removed, ["/gone.html"]);
        assert_eq!((changes.pages_changed, changes.sections_changed), (1, 2));
        assert_eq!(
            after.changes_since(Some(&after)),
            Changes {
                had_previous: true,
                ..Changes::default()
            }
        );
    }
}
