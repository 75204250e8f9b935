//! Reading stored events back out, for the export and the report.
//!
//! Key decision: filters are the few a marketer asks for (a time range by the server's clock, one
//! event name), applied in SQL over the `(event, timestamp)` index, and rows come back in the order
//! they were received so two exports of the same range are identical.

use rusqlite::{params, Connection};

/// One stored event, column for column.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub message_id: String,
    pub kind: String,
    pub event: Option<String>,
    pub anonymous_id: Option<String>,
    pub timestamp: Option<String>,
    pub received_at: String,
    pub properties: Option<String>,
    pub context: Option<String>,
    pub raw: String,
}

/// Which rows to read. Times are RFC 3339 text compared as text, as they are stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// Received at or after this time.
    pub since: Option<String>,
    /// Received before this time.
    pub until: Option<String>,
    pub event: Option<String>,
}

const SELECT: &str = "
SELECT message_id, type, event, anonymous_id, timestamp, received_at, properties, context, raw
FROM events
WHERE (?1 IS NULL OR received_at >= ?1)
  AND (?2 IS NULL OR received_at < ?2)
  AND (?3 IS NULL OR event = ?3)
ORDER BY received_at, rowid";

pub fn read(connection: &Connection, filter: &Filter) -> rusqlite::Result<Vec<Row>> {
    let mut statement = connection.prepare_cached(SELECT)?;
    let rows = statement.query_map(params![filter.since, filter.until, filter.event], |row| {
        Ok(Row {
            message_id: row.get(0)?,
            kind: row.get(1)?,
            event: row.get(2)?,
            anonymous_id: row.get(3)?,
            timestamp: row.get(4)?,
            received_at: row.get(5)?,
            properties: row.get(6)?,
            context: row.get(7)?,
            raw: row.get(8)?,
        })
    })?;
    rows.collect()
}
