//! Getting a site's pages from its sitemap (a file, or a URL), politely.
//!
//! Key decision: a crawler that a company points at its own site must never be the reason that
//! site slows down, and must leave alone what the site asks robots to leave alone. So it names
//! itself in its user agent, honours robots.txt (and its crawl delay), fetches a few pages at a
//! time with a pause between requests, gives up on a page after a time-out, and reads pages only
//! up to a size limit. A page that cannot be fetched is listed with its reason; the others go on.

use super::{crawl, Finding, RawPage};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How hard the crawler may lean on a site.
#[derive(Debug, Clone)]
pub struct Polite {
    pub user_agent: String,
    /// Pages fetched at once.
    pub concurrency: usize,
    /// The least time between two requests to the site (robots.txt's crawl delay may raise it).
    pub interval: Duration,
    pub timeout: Duration,
    /// Pages larger than this are not read.
    pub max_bytes: u64,
}

impl Default for Polite {
    fn default() -> Self {
        Polite {
            user_agent: format!(
                "helpfirst-indexer/{} (+https://github.com/helpfirst/helpfirst)",
                env!("CARGO_PKG_VERSION")
            ),
            concurrency: 4,
            interval: Duration::from_millis(250),
            timeout: Duration::from_secs(20),
            max_bytes: 10 * 1024 * 1024,
        }
    }
}

/// The robots.txt token we answer to.
const ROBOT_NAME: &str = "helpfirst-indexer";

/// What fetching found: the pages (fetched or failed) and those robots.txt kept us from.
#[derive(Debug, Default)]
pub struct Fetched {
    pub pages: Vec<RawPage>,
    pub skipped: Vec<Finding>,
}

/// Reads the sitemap at `source` (a path or an http(s) URL) and fetches every page it lists.
pub fn sitemap(source: &str, polite: &Polite, progress: bool) -> Result<Fetched, String> {
    let agent = agent(polite);
    let mut listed = Vec::new();
    read_sitemap(&agent, polite, source, 0, &mut listed)?;
    if listed.is_empty() {
        return Err(format!("{source} lists no pages (no <url><loc> entries)"));
    }
    let mut fetched = Fetched::default();
    let mut robots: HashMap<String, Robots> = HashMap::new();
    let mut allowed = Vec::new();
    for entry in listed {
        let Some(origin) = origin(&entry.loc) else {
            fetched
                .skipped
                .push(skip(&entry.loc, "is not an http(s) URL"));
            continue;
        };
        let rules = robots
            .entry(origin.clone())
            .or_insert_with(|| Robots::fetch(&agent, polite, &origin));
        match rules.allows(&entry.loc) {
            Ok(()) => allowed.push(entry),
            Err(reason) => fetched.skipped.push(skip(&entry.loc, &reason)),
        }
    }
    let delay = robots
        .values()
        .filter_map(|r| r.delay)
        .fold(polite.interval, Duration::max);
    fetched.pages = fetch_all(&agent, polite, delay, allowed, progress);
    Ok(fetched)
}

fn skip(url: &str, reason: &str) -> Finding {
    Finding {
        location: url.to_string(),
        field: String::new(),
        message: reason.to_string(),
    }
}

fn agent(polite: &Polite) -> ureq::Agent {
    ureq::Agent::config_builder()
        .user_agent(polite.user_agent.as_str())
        .timeout_global(Some(polite.timeout))
        .http_status_as_error(false)
        .max_redirects(5)
        .build()
        .into()
}

/// One `<url>` of a sitemap.
struct Listed {
    loc: String,
    lastmod: String,
}

fn is_url(source: &str) -> bool {
    source.starts_with("http://") || source.starts_with("https://")
}

/// Reads a sitemap or a sitemap index (whose sitemaps are read in turn, two levels at most).
fn read_sitemap(
    agent: &ureq::Agent,
    polite: &Polite,
    source: &str,
    depth: usize,
    listed: &mut Vec<Listed>,
) -> Result<(), String> {
    let text = if is_url(source) {
        get(agent, polite, source).map(|(text, _)| text)
    } else {
        std::fs::read(source)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|b| crawl::decode(&b))
    }
    .map_err(|e| format!("sitemap {source}: {e}"))?;
    let document = roxmltree::Document::parse(&text)
        .map_err(|e| format!("sitemap {source}: not a sitemap: {e}"))?;
    let child = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|c| c.tag_name().name() == name)
            .and_then(|c| c.text())
            .map(|t| t.trim().to_string())
            .unwrap_or_default()
    };
    for node in document.descendants() {
        match node.tag_name().name() {
            "url" => {
                let loc = child(node, "loc");
                if !loc.is_empty() {
                    let lastmod = child(node, "lastmod").chars().take(10).collect();
                    listed.push(Listed { loc, lastmod });
                }
            }
            "sitemap" if depth < 2 => {
                let loc = child(node, "loc");
                if !loc.is_empty() {
                    read_sitemap(agent, polite, &loc, depth + 1, listed)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// `https://example.com` of `https://example.com/docs/a.html`.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// A site's robots.txt rules for us.
struct Robots {
    rules: Result<Option<texting_robots::Robot>, String>,
    delay: Option<Duration>,
}

impl Robots {
    fn fetch(agent: &ureq::Agent, polite: &Polite, origin: &str) -> Robots {
        let url = format!("{origin}/robots.txt");
        let response = agent.get(&url).call();
        let rules = match response {
            Ok(mut r) if r.status().is_success() => r
                .body_mut()
                .with_config()
                .limit(polite.max_bytes)
                .read_to_vec()
                .map_err(|e| format!("{url} could not be read: {e}"))
                .map(|body| texting_robots::Robot::new(ROBOT_NAME, &body).ok()),
            // No robots.txt (4xx): the site sets no rules.
            Ok(r) if r.status().is_client_error() => Ok(None),
            Ok(r) => Err(format!(
                "{url} answered {}, so the site is left alone",
                r.status()
            )),
            Err(e) => Err(format!(
                "{url} could not be fetched ({e}), so the site is left alone"
            )),
        };
        let delay = rules
            .as_ref()
            .ok()
            .and_then(|r| r.as_ref())
            .and_then(|r| r.delay)
            .map(|seconds| Duration::from_secs_f32(seconds.clamp(0.0, 60.0)));
        Robots { rules, delay }
    }

    fn allows(&self, url: &str) -> Result<(), String> {
        match &self.rules {
            Err(reason) => Err(reason.clone()),
            Ok(Some(robot)) if !robot.allowed(url) => {
                Err("robots.txt disallows it, so it is left out".to_string())
            }
            Ok(_) => Ok(()),
        }
    }
}

/// Fetches `listed` with `polite.concurrency` workers, at most one request per `delay`, and
/// returns the pages in the sitemap's order.
fn fetch_all(
    agent: &ureq::Agent,
    polite: &Polite,
    delay: Duration,
    listed: Vec<Listed>,
    progress: bool,
) -> Vec<RawPage> {
    let total = listed.len();
    let bar = if progress {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("fetching {bar:30} {pos}/{len} pages {wide_msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let queue = Mutex::new(listed.into_iter().enumerate().collect::<VecDeque<_>>());
    let next_slot = Mutex::new(Instant::now());
    let results = Mutex::new(Vec::with_capacity(total));
    std::thread::scope(|scope| {
        for _ in 0..polite.concurrency.max(1) {
            scope.spawn(|| {
                let next = || queue.lock().map(|mut q| q.pop_front()).ok().flatten();
                while let Some((n, entry)) = next() {
                    // Take the next free slot in the shared schedule, then wait for it.
                    let at = {
                        let mut slot = next_slot.lock().unwrap_or_else(|e| e.into_inner());
                        let at = (*slot).max(Instant::now());
                        *slot = at + delay;
                        at
                    };
                    std::thread::sleep(at.saturating_duration_since(Instant::now()));
                    bar.set_message(entry.loc.clone());
                    let page = fetch_page(agent, polite, entry);
                    bar.inc(1);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push((n, page));
                }
            });
        }
    });
    bar.finish_and_clear();
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(n, _)| *n);
    results.into_iter().map(|(_, page)| page).collect()
}

fn fetch_page(agent: &ureq::Agent, polite: &Polite, entry: Listed) -> RawPage {
    let path = entry
        .loc
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, path)| path.split(['?', '#']).next().unwrap_or_default())
        .unwrap_or_default();
    let path = if path.is_empty() || path.ends_with('/') {
        format!("{path}index")
    } else {
        path.strip_suffix(".html")
            .or_else(|| path.strip_suffix(".htm"))
            .unwrap_or(path)
            .to_string()
    };
    let result = get(agent, polite, &entry.loc);
    let modified = result
        .as_ref()
        .ok()
        .and_then(|(_, m)| m.clone())
        .unwrap_or(entry.lastmod);
    RawPage {
        location: entry.loc.clone(),
        url: entry.loc,
        id: path,
        html: result.map(|(text, _)| text),
        modified,
    }
}

/// GETs `url` as UTF-8 text, with its Last-Modified day when the server gives one.
fn get(
    agent: &ureq::Agent,
    polite: &Polite,
    url: &str,
) -> Result<(String, Option<String>), String> {
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| format!("could not be fetched: {e}"))?;
    if !response.status().is_success() {
        return Err(format!("answered HTTP {}", response.status()));
    }
    let modified = response
        .headers()
        .get("last-modified")
        .and_then(|v| v.to_str().ok())
        .and_then(http_date);
    let body = response
        .body_mut()
        .with_config()
        .limit(polite.max_bytes)
        .read_to_vec()
        .map_err(|e| format!("could not be read: {e}"))?;
    crawl::decode(&body).map(|text| (text, modified))
}

/// `Tue, 03 Nov 2026 10:00:00 GMT` → `2026-11-03`.
fn http_date(value: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = value.split_whitespace().collect();
    let [_, day, month, year, ..] = parts[..] else {
        return None;
    };
    let month = MONTHS.iter().position(|m| *m == month)? + 1;
    let day: u32 = day.parse().ok()?;
    let year: u32 = year.parse().ok()?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_and_http_dates() {
        assert_eq!(
            origin("https://example.com/docs/a.html").as_deref(),
            Some("https://example.com")
        );
        assert_eq!(origin("ftp://example.com/a"), None);
        assert_eq!(
            http_date("Tue, 03 Nov 2026 10:00:00 GMT").as_deref(),
            Some("2026-11-03")
        );
    }
}
