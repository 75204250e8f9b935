//! `GET /v1/events`: the stored events as NDJSON (one raw event per line, ready for `jq` or a
//! warehouse loader) or CSV (one column per stored field, for a spreadsheet).
//!
//! Query: `format=ndjson|csv` (default ndjson), `since` and `until` (RFC 3339, by the server's
//! clock), `event` (one event name). Unknown parameters are refused by name rather than ignored,
//! so a typo never silently exports everything.

use tiny_http::ResponseBox;

use super::files::query_pairs;
use super::reply::{add_header, failure};
use crate::collector::{Filter, Row, Store};
use crate::report::spreadsheet_safe;

enum Format {
    Ndjson,
    Csv,
}

pub fn respond(url: &str, store: &Store) -> ResponseBox {
    let (format, filter) = match query(url) {
        Ok(parsed) => parsed,
        Err(problems) => return failure(400, &problems),
    };
    let rows = match store.rows(&filter) {
        Ok(rows) => rows,
        Err(message) => return failure(500, &[message]),
    };
    let (body, content_type, extension) = match format {
        Format::Ndjson => (ndjson(&rows), "application/x-ndjson", "ndjson"),
        Format::Csv => (csv(&rows), "text/csv; charset=utf-8", "csv"),
    };
    let mut response = tiny_http::Response::from_data(body).boxed();
    add_header(&mut response, "Content-Type", content_type);
    add_header(
        &mut response,
        "Content-Disposition",
        &format!("attachment; filename=\"helpfirst-events.{extension}\""),
    );
    // What visitors typed must not linger in shared caches.
    add_header(&mut response, "Cache-Control", "no-store");
    response
}

fn query(url: &str) -> Result<(Format, Filter), Vec<String>> {
    let mut format = Format::Ndjson;
    let mut filter = Filter::default();
    let (pairs, mut problems) = query_pairs(url);
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
