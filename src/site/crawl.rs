//! Finding the pages of a built site in a folder, the way static-site generators leave it.
//!
//! Key decision: a page's URL is its path under the folder (`/docs/install.html`), the link the
//! site itself serves, and its id is that path without `.html`, so ids stay stable from one build
//! to the next and an answer's id names the page it came from.

use super::RawPage;
use crate::content::date::Date;
use std::path::{Path, PathBuf};

/// Every `.html` page under `dir`, in path order; an unreadable file is a page with its reason.
pub fn folder(dir: &Path) -> Result<Vec<RawPage>, String> {
    if !dir.is_dir() {
        return Err(format!("{} is not a folder of HTML pages", dir.display()));
    }
    let mut files = Vec::new();
    walk(dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    files.sort();
    Ok(files
        .into_iter()
        .map(|file| read_page(dir, &file))
        .collect())
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        {
            files.push(path);
        }
    }
    Ok(())
}

fn read_page(root: &Path, file: &Path) -> RawPage {
    let relative = file.strip_prefix(root).unwrap_or(file);
    let path: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let path = path.join("/");
    let id = path
        .strip_suffix(".html")
        .or_else(|| path.strip_suffix(".htm"))
        .unwrap_or(&path)
        .to_string();
    let modified = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| Date::from_unix_seconds(d.as_secs()).to_string())
        .unwrap_or_default();
    RawPage {
        location: file.display().to_string(),
        url: format!("/{path}"),
        id,
        html: std::fs::read(file)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|bytes| decode(&bytes)),
        modified,
    }
}

/// Built pages are UTF-8; a page that is not says where, rather than being indexed as mojibake.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!(
            "line {line}: byte 0x{:02X} is not UTF-8; save the page as UTF-8",
            bytes[at]
        )
    })
}
