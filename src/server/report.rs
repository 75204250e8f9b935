//! `GET /report` (the help-first report as a page) and `GET /report/<table>.csv` (one table of it).
//!
//! Query: `since` and `until`, days as `YYYY-MM-DD`, both included. Unknown parameters are refused
//! by name, as the export does. Both hold what visitors typed, so the caller is checked first (see
//! `access`), and the page is sent with a CSP that allows no script and nothing from elsewhere.

use tiny_http::ResponseBox;

use super::files::query_pairs;
use super::reply::{add_header, failure};
use crate::collector::Store;
use crate::report::{self, Range};

/// The language questions are grouped in. The collector holds events, not the content, so it
/// does not know the content's language; English is what the widget stems today.
const LANGUAGE: &str = "en";

pub fn respond(path: &str, url: &str, store: &Store) -> ResponseBox {
    let range = match range(url) {
        Ok(range) => range,
        Err(problems) => return failure(400, &problems),
    };
    let report = match report::read(store, &range, LANGUAGE) {
        Ok(report) => report,
        Err(message) => return failure(500, &[message]),
    };
    let mut response = match path
        .strip_prefix("/report/")
        .and_then(|f| f.strip_suffix(".csv"))
    {
        None => {
            let mut page = tiny_http::Response::from_data(report::html::page(&report)).boxed();
            add_header(&mut page, "Content-Type", "text/html; charset=utf-8");
            add_header(
                &mut page,
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            );
            page
        }
        Some(name) => match report.table(name) {
            Some(table) => {
                let mut csv = tiny_http::Response::from_data(table.csv()).boxed();
                add_header(&mut csv, "Content-Type", "text/csv; charset=utf-8");
                add_header(
                    &mut csv,
                    "Content-Disposition",
                    &format!("attachment; filename=\"helpfirst-{name}.csv\""),
                );
                csv
            }
            None => {
                let names: Vec<&str> = report.tables.iter().map(|t| t.name).collect();
                return failure(
                    404,
                    &[format!(
                        "no report table `{name}`; there are: {}",
                        names.join(", ")
                    )],
                );
            }
        },
    };
    // What visitors typed must not linger in shared caches.
    add_header(&mut response, "Cache-Control", "no-store");
    response
}

fn range(url: &str) -> Result<Range, Vec<String>> {
    let (mut since, mut until) = (None, None);
    let (pairs, mut problems) = query_pairs(url);
    for (key, value) in pairs {
        match key.as_str() {
            "since" => since = Some(value),
            "until" => until = Some(value),
            other => problems.push(format!(
                "{other}: unknown parameter (use since or until, as YYYY-MM-DD)"
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Range::parse(since.as_deref(), until.as_deref())
}
