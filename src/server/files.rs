//! Static files: the demo site from the site dir, and the widget's build under `/helpfirst/` from
//! the dist dir, with the right content type and caching for each, precompressed when the build
//! wrote a `.br` or `.gz` beside the file and the browser takes it.
//!
//! Key decisions: the URL path is percent-decoded first and then checked segment by segment; a
//! segment starting with `.` (so `..`, and hidden files like `.git`) or holding a path separator is
//! a 404. Then the file's real path (symlinks resolved) must still be inside its root's real path,
//! so a link in the folder cannot serve `/etc/passwd`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{
    HeaderMap, ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, VARY,
};
use axum::http::{Method, Uri};
use axum::response::Response;

use super::reply::{add_header, not_allowed, text, with_body};
use super::{cors, Site};

/// The strict policy the demo runs under, proving the widget needs no inline script or style.
const CONTENT_SECURITY_POLICY_VALUE: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
     style-src 'self'; connect-src 'self'; img-src 'self' data:";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const FIVE_MINUTES: &str = "public, max-age=300";
const NO_CACHE: &str = "no-cache";
/// Precompressed siblings, best first: `Content-Encoding` token and file extension.
const ENCODINGS: &[(&str, &str)] = &[("br", "br"), ("gzip", "gz")];

/// Where files are served from.
pub struct Roots {
    pub site: PathBuf,
    pub dist: PathBuf,
}

/// A file found for a URL.
struct Found {
    body: Vec<u8>,
    /// The file's name, which gives its type and caching (not the compressed sibling's).
    name: String,
    in_dist: bool,
    /// The `Content-Encoding` of `body`, when a precompressed sibling was sent.
    encoding: Option<&'static str>,
    /// Whether the answer depends on `Accept-Encoding`.
    has_variants: bool,
}

/// Answers any request no route took: a GET or HEAD for a file, or 405.
pub async fn respond(
    State(site): State<Arc<Site>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_allowed("GET, HEAD");
    }
    if site.roots.is_none() {
        return text(404, "not found: this is an event collector");
    }
    let accepted = accepted_encodings(&headers);
    let looking = Arc::clone(&site);
    let found = tokio::task::spawn_blocking(move || {
        let roots = looking.roots.as_ref()?;
        find(roots, uri.path(), &accepted)
    })
    .await
    .ok()
    .flatten();
    let Some(found) = found else {
        return text(404, "not found");
    };
    let content_type = content_type(&found.name);
    let mut response = with_body(200, content_type, found.body);
    add_header(
        &mut response,
        CACHE_CONTROL,
        cache_control(&found.name, found.in_dist),
    );
    if let Some(encoding) = found.encoding {
        add_header(&mut response, CONTENT_ENCODING, encoding);
    }
    if found.has_variants {
        add_header(&mut response, VARY, "Accept-Encoding");
    }
    if content_type.starts_with("text/html") {
        add_header(
            &mut response,
            CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY_VALUE,
        );
    }
    if found.in_dist {
        // The widget's files load from the shops' pages.
        cors::add_headers(&mut response, &site.origins.judge(&headers));
    }
    response
}

/// The file a URL path names, inside its root once symlinks are resolved.
fn find(roots: &Roots, url_path: &str, accepted: &[&'static str]) -> Option<Found> {
    let decoded = percent_decode(url_path)?;
    let (root, rest, in_dist) = match decoded.strip_prefix("/helpfirst/") {
        Some(rest) => (&roots.dist, rest, true),
        None => (&roots.site, decoded.as_str(), false),
    };
    let mut path = root.clone();
    for segment in rest.split('/').filter(|segment| !segment.is_empty()) {
        if segment.starts_with('.') || segment.contains(['\\', ':', '\0']) {
            return None;
        }
        path.push(segment);
    }
    let root = fs::canonicalize(root).ok()?;
    let mut real = inside(&root, &path)?;
    if real.is_dir() {
        real = inside(&root, &real.join("index.html"))?;
    }
    if !real.is_file() {
        return None;
    }
    let name = real.file_name()?.to_str()?.to_owned();
    let siblings: Vec<(&'static str, PathBuf)> = ENCODINGS
        .iter()
        .filter_map(|&(encoding, extension)| {
            let sibling = inside(&root, &real.with_file_name(format!("{name}.{extension}")))?;
            sibling.is_file().then_some((encoding, sibling))
        })
        .collect();
    let chosen = siblings
        .iter()
        .find(|(encoding, _)| accepted.contains(encoding));
    let (body, encoding) = match chosen {
        Some((encoding, sibling)) => (fs::read(sibling).ok()?, Some(*encoding)),
        None => (fs::read(&real).ok()?, None),
    };
    Some(Found {
        body,
        name,
        in_dist,
        encoding,
        has_variants: !siblings.is_empty(),
    })
}

/// The real path of `path` (every symlink resolved), if it exists and is inside `root` (itself a
/// real path).
fn inside(root: &Path, path: &Path) -> Option<PathBuf> {
    fs::canonicalize(path)
        .ok()
        .filter(|real| real.starts_with(root))
}

/// The encodings of [`ENCODINGS`] that `Accept-Encoding` takes (any weight but `q=0`).
fn accepted_encodings(headers: &HeaderMap) -> Vec<&'static str> {
    let accept = headers
        .get_all(ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect::<Vec<_>>()
        .join(",");
    ENCODINGS
        .iter()
        .map(|&(encoding, _)| encoding)
        .filter(|encoding| {
            accept.split(',').any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let token = parts.next().unwrap_or_default();
                let refused = parts.any(|parameter| {
                    parameter
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                        .is_some_and(|q| q <= 0.0)
                });
                token.eq_ignore_ascii_case(encoding) && !refused
            })
        })
        .collect()
}

/// The query string's `key=value` pairs, decoded. A pair that does not decode is named in the
/// problems rather than skipped, so a bad parameter is never silently ignored.
pub(super) fn query_pairs(query: &str) -> (Vec<(String, String)>, Vec<String>) {
    let (mut pairs, mut problems) = (Vec::new(), Vec::new());
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
