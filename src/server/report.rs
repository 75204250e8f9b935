//! `GET /report` (the help-first report as a page) and `GET /report/<table>.csv` (one table of it).
//!
//! Query: `since` and `until`, days as `YYYY-MM-DD`, both included. Unknown parameters are refused
//! by name, as the export does. Both hold what visitors typed, so the caller is checked first (see
//! `access`), and the page is sent with a CSP that allows no script and nothing from elsewhere.

use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_SECURITY_POLICY};
use axum::http::{Method, Uri};
use axum::response::Response;

use super::files::query_pairs;
use super::reply::{add_header, failure, not_allowed, with_body};
use super::Site;
use crate::collector::Store;
use crate::report::{self, Range};

/// The language questions are grouped in. The collector holds events, not the content, so it
/// does not know the content's language; English is what the widget stems today.
const LANGUAGE: &str = "en";

pub async fn respond(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_allowed("GET, HEAD");
    }
    let db = site.db.clone();
    tokio::task::spawn_blocking(move || build(uri.path(), uri.query().unwrap_or_default(), &db))
        .await
        .unwrap_or_else(|error| failure(500, &[format!("the report failed: {error}")]))
}

fn build(path: &str, query_string: &str, db: &Path) -> Response {
    let range = match range(query_string) {
        Ok(range) => range,
        Err(problems) => return failure(400, &problems),
    };
    let report = match Store::open(db).and_then(|store| report::read(&store, &range, LANGUAGE)) {
        Ok(report) => report,
        Err(message) => return failure(500, &[message]),
    };
    let mut response = match path
        .strip_prefix("/report/")
        .and_then(|f| f.strip_suffix(".csv"))
    {
        None => {
            let mut page = with_body(200, "text/html; charset=utf-8", report::html::page(&report));
            add_header(
                &mut page,
                CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            );
            page
        }
        Some(name) => match report.table(name) {
            Some(table) => {
                let mut csv = with_body(200, "text/csv; charset=utf-8", table.csv());
                add_header(
                    &mut csv,
                    CONTENT_DISPOSITION,
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
    add_header(&mut response, CACHE_CONTROL, "no-store");
    response
}

fn range(query_string: &str) -> Result<Range, Vec<String>> {
    let (mut since, mut until) = (None, None);
    let (pairs, mut problems) = query_pairs(query_string);
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
