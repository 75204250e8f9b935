//! Static files: the demo site from the site dir, and the widget's build under `/helpfirst/` from
//! the dist dir, with the right content type and caching for each.
//!
//! Key decision: the URL path is percent-decoded first and then checked segment by segment; a
//! segment starting with `.` (so `..`, and hidden files like `.git`) or holding a path separator is
//! a 404, so no URL can name a file outside the two roots.

use std::fs::File;
use std::path::PathBuf;

use tiny_http::{Response, ResponseBox};

use super::reply::{add_header, text};

/// The strict policy the demo runs under, proving the widget needs no inline script or style.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const FIVE_MINUTES: &str = "public, max-age=300";
const NO_CACHE: &str = "no-cache";

/// Where files are served from.
pub struct Roots {
    pub site: PathBuf,
    pub dist: PathBuf,
}

/// Answers a GET or HEAD for `url_path` (the URL without its query).
pub fn respond(roots: &Roots, url_path: &str) -> ResponseBox {
    let Some((file, path, in_dist)) = find(roots, url_path) else {
        return text(404, "not found");
    };
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let content_type = content_type(name);
    let mut response = Response::from_file(file).boxed();
    add_header(&mut response, "Content-Type", content_type);
    add_header(&mut response, "Cache-Control", cache_control(name, in_dist));
    if content_type.starts_with("text/html") {
        add_header(
            &mut response,
            "Content-Security-Policy",
            CONTENT_SECURITY_POLICY,
        );
    }
    response
}

/// The open file a URL path names, its path, and whether it is in the dist dir.
fn find(roots: &Roots, url_path: &str) -> Option<(File, PathBuf, bool)> {
    let decoded = percent_decode(url_path)?;
    let (mut path, rest, in_dist) = match decoded.strip_prefix("/helpfirst/") {
        Some(rest) => (roots.dist.clone(), rest, true),
        None => (roots.site.clone(), decoded.as_str(), false),
    };
    for segment in rest.split('/').filter(|segment| !segment.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', ':', '\0']) {
            return None;
        }
        path.push(segment);
    }
    if path.is_dir() {
        path.push("index.html");
    }
    let file = File::open(&path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    Some((file, path, in_dist))
}

/// The query string's `key=value` pairs, decoded. A pair that does not decode is named in the
/// problems rather than skipped, so a bad parameter is never silently ignored.
pub(super) fn query_pairs(url: &str) -> (Vec<(String, String)>, Vec<String>) {
    let (mut pairs, mut problems) = (Vec::new(), Vec::new());
    let query = url.split_once('?').map_or("", |(_, query)| query);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match percent_decode(&value.replace('+', " ")) {
            Some(value) => pairs.push((key.to_string(), value)),
            None => problems.push(format!("{key}: not valid percent-encoded UTF-8")),
        }
    }
    (pairs, problems)
}

/// Decodes `%XX` escapes; `None` for a malformed escape or text that is not UTF-8.
pub(super) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            if !hex.bytes().all(|byte| byte.is_ascii_hexdigit()) {
                return None;
            }
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

fn content_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, extension)| extension.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A hashed build file never changes, so browsers may keep it for good; the loader and the
/// content, which keep their names across releases, are re-checked after five minutes so a
/// release reaches visitors quickly; the site's own pages are re-checked every time.
fn cache_control(name: &str, in_dist: bool) -> &'static str {
    if in_dist && is_content_hashed(name) {
        IMMUTABLE
    } else if in_dist || name == "helpfirst.js" || name == "content.json" {
        FIVE_MINUTES
    } else {
        NO_CACHE
    }
}

/// `helpfirst-3f9a1c2b.wasm`: 8 or more hex digits after the last `-`, before the extension.
fn is_content_hashed(name: &str) -> bool {
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        hash.len() >= 8 && hash.bytes().all(|byte| byte.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::{cache_control, is_content_hashed, percent_decode, IMMUTABLE, NO_CACHE};

    #[test]
    fn content_hash_needs_eight_hex_digits_after_the_last_dash() {
        assert!(is_content_hashed("helpfirst-3f9a1c2b.wasm"));
        assert!(is_content_hashed("helpfirst-core-3F9A1C2B00.js"));
        assert!(!is_content_hashed("helpfirst-3f9a1c2.wasm"));
        assert!(!is_content_hashed("helpfirst-3f9a1c2g.wasm"));
        assert!(!is_content_hashed("helpfirst.js"));
        assert!(!is_content_hashed("3f9a1c2b3f9a1c2b"));
    }

    #[test]
    fn hashed_files_are_immutable_only_in_dist() {
        assert_eq!(cache_control("helpfirst-3f9a1c2b.wasm", true), IMMUTABLE);
        assert_eq!(cache_control("logo-3f9a1c2b.png", false), NO_CACHE);
    }

    #[test]
    fn percent_decoding_rejects_malformed_escapes() {
        assert_eq!(percent_decode("/a%2e%2E/b").as_deref(), Some("/a../b"));
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/a%+1"), None);
        assert_eq!(percent_decode("/a%ff"), None);
    }
}
