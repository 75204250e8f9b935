//! `GET /v1/events`: the stored events as NDJSON (one raw event per line, ready for `jq` or a
//! warehouse loader) or CSV (one column per stored field, for a spreadsheet).
//!
//! Query: `format=ndjson|csv` (default ndjson), `since` and `until` (RFC 3339, by the server's
//! clock), `event` (one event name). Unknown parameters are refused by name rather than ignored,
//! so a typo never silently exports everything.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION};
use axum::http::{Method, Uri};
use axum::response::Response;

use super::files::query_pairs;
use super::reply::{add_header, failure, not_allowed, with_body};
use super::Site;
use crate::collector::{Filter, Row, Store};
use crate::report::spreadsheet_safe;

enum Format {
    Ndjson,
    Csv,
}

pub async fn respond(State(site): State<Arc<Site>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return not_allowed("GET, HEAD");
    }
    let db = site.db.clone();
    tokio::task::spawn_blocking(move || export(uri.query().unwrap_or_default(), &db))
        .await
        .unwrap_or_else(|error| failure(500, &[format!("the export failed: {error}")]))
}

/// Reads on a connection of its own, so an export never waits for the writer, nor it for us.
fn export(query_string: &str, db: &std::path::Path) -> Response {
    let (format, filter) = match query(query_string) {
        Ok(parsed) => parsed,
        Err(problems) => return failure(400, &problems),
    };
    let rows = match Store::open(db).and_then(|store| store.rows(&filter)) {
        Ok(rows) => rows,
        Err(message) => return failure(500, &[message]),
    };
    let (body, content_type, extension) = match format {
        Format::Ndjson => (ndjson(&rows), "application/x-ndjson", "ndjson"),
        Format::Csv => (csv(&rows), "text/csv; charset=utf-8", "csv"),
    };
    let mut response = with_body(200, content_type, body);
    add_header(
        &mut response,
        CONTENT_DISPOSITION,
        &format!("attachment; filename=\"helpfirst-events.{extension}\""),
    );
    // What visitors typed must not linger in shared caches.
    add_header(&mut response, CACHE_CONTROL, "no-store");
    response
}

fn query(query_string: &str) -> Result<(Format, Filter), Vec<String>> {
    let mut format = Format::Ndjson;
    let mut filter = Filter::default();
    let (pairs, mut problems) = query_pairs(query_string);
    for (key, value) in pairs {
        match key.as_str() {
            "format" if value == "ndjson" => format = Format::Ndjson,
            "format" if value == "csv" => format = Format::Csv,
            "format" => problems.push(format!("format: expected ndjson or csv, got {value:?}")),
            "since" => filter.since = Some(value),
            "until" => filter.until = Some(value),
            "event" => filter.event = Some(value),
            other => problems.push(format!(
                "{other}: unknown parameter (use format, since, until or event)"
            )),
        }
    }
    if problems.is_empty() {
        Ok((format, filter))
    } else {
        Err(problems)
    }
}

fn ndjson(rows: &[Row]) -> Vec<u8> {
    let mut body = Vec::new();
    for row in rows {
        body.extend_from_slice(row.raw.as_bytes());
        body.push(b'\n');
    }
    body
}

fn csv(rows: &[Row]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "message_id",
        "type",
        "event",
        "anonymous_id",
        "timestamp",
        "received_at",
        "properties",
        "context",
    ];
    // Writing to memory cannot fail, and each row has the header's eight fields.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(
            [
                row.message_id.as_str(),
                &row.kind,
                row.event.as_deref().unwrap_or_default(),
                row.anonymous_id.as_deref().unwrap_or_default(),
                row.timestamp.as_deref().unwrap_or_default(),
                &row.received_at,
                row.properties.as_deref().unwrap_or_default(),
                row.context.as_deref().unwrap_or_default(),
            ]
            .map(spreadsheet_safe),
        );
    }
    writer.into_inner().unwrap_or_default()
}
