//! Importing FAQs from a spreadsheet: the CSV a marketer exports from wherever the FAQ lives today.
//!
//! Columns (header row, any order): `id`, `question`, `answer`, `url`, and optionally `alternates`
//! (other phrasings, separated by `|`) and `tags` (separated by `|` or `,`).
//!
//! Key decision: one bad row never hides the others. Every problem in the file (a missing id,
//! question or answer, a repeated id) is reported at once with its file, line and column, and the
//! good rows are still read, so a marketer fixes the whole file in one pass.

use super::Faq;
use std::collections::HashMap;
use std::fmt;

/// One problem in a content file, located precisely enough to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentError {
    pub file: String,
    /// 1-based line where the row (or header) starts.
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

impl std::error::Error for ContentError {}

/// What a CSV import found: the good rows and every problem.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CsvImport {
    pub faqs: Vec<Faq>,
    pub errors: Vec<ContentError>,
}

const REQUIRED: [&str; 4] = ["id", "question", "answer", "url"];
const OPTIONAL: [&str; 2] = ["alternates", "tags"];

/// Reads FAQs from CSV text; `Err` lists every problem if there is any. Use [`read_faqs_csv`] to
/// keep the good rows as well.
pub fn faqs_from_csv(
    text: impl AsRef<[u8]>,
    file_name: &str,
) -> Result<Vec<Faq>, Vec<ContentError>> {
    let import = read_faqs_csv(text, file_name);
    if import.errors.is_empty() {
        Ok(import.faqs)
    } else {
        Err(import.errors)
    }
}

/// Reads FAQs from a CSV file's bytes, keeping every good row and reporting every bad one.
///
/// The bytes need not be valid UTF-8: a row that is not is reported at its line and column and
/// the other rows are still read. A quote that is never closed (which would read every later row
/// into one cell) is reported at its row, that row is left out, and reading goes on from the next
/// line. Line numbers count `\r\n`, `\r` and `\n` endings alike.
pub fn read_faqs_csv(text: impl AsRef<[u8]>, file_name: &str) -> CsvImport {
    let error = |line: usize, field: &str, message: String| ContentError {
        file: file_name.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let mut import = CsvImport::default();
    let bytes = text.as_ref();
    // A spreadsheet export may start with a byte-order mark; it is not part of the first column name.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            import.errors.push(error(1, "header", e.to_string()));
            return import;
        }
    };
    let first_row = reader.position().byte() as usize;
    let mut column: HashMap<String, usize> = HashMap::new();
    for (i, name) in headers.iter().enumerate() {
        let name = name.trim().to_lowercase();
        if !REQUIRED.contains(&name.as_str()) && !OPTIONAL.contains(&name.as_str()) {
            import.errors.push(error(
                1,
                &name,
                format!(
                    "unknown column; expected {} and optionally {}",
                    REQUIRED.join(", "),
                    OPTIONAL.join(", ")
                ),
            ));
            continue;
        }
        if column.insert(name.clone(), i).is_some() {
            import
                .errors
                .push(error(1, &name, "column appears twice".into()));
        }
    }
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|c| !column.contains_key(*c))
        .collect();
    for name in &missing {
        import.errors.push(error(
            1,
            name,
            "required column is missing from the header".into(),
        ));
    }
    if !missing.is_empty() {
        return import;
    }
    let column_name = |i: usize| {
        headers
            .get(i)
            .map_or_else(|| format!("column {}", i + 1), |h| h.trim().to_lowercase())
    };
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let mut start = first_row;
    // Each pass reads from `start` to the end, or to a row broken by an unclosed quote, after
    // which the next pass starts on the following line.
    'passes: while start < bytes.len() {
        let segment = &bytes[start..];
        let unclosed = unclosed_quote(segment).map(|q| start + q);
        let mut rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(segment);
        let mut row = csv::ByteRecord::new();
        loop {
            match rows.read_byte_record(&mut row) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => {
                    let at = e.position().map_or(start, |p| start + p.byte() as usize);
                    import
                        .errors
                        .push(error(line_at(bytes, at), "row", e.to_string()));
                    break;
                }
            }
            let at = start + row.position().map_or(0, |p| p.byte() as usize);
            let line = line_at(bytes, at);
            let end = start + rows.position().byte() as usize;
            if let Some(quote) = unclosed.filter(|&q| q >= at && q < end) {
                let field = column_name(field_at(bytes, at, quote));
                import.errors.push(error(
                    line_at(bytes, quote),
                    &field,
                    "this quote is never closed, so every later line would be read into this cell; the row is left out: close the quote (a quote inside a cell is written twice: \"\")".into(),
                ));
                start = next_line(bytes, quote);
                continue 'passes;
            }
            if let Some((i, swallowed)) = swallowed_rows(&row, headers.len()) {
                import.errors.push(error(
                    line,
                    &column_name(i),
                    format!(
                        "this cell runs over {swallowed} more line(s) that look like rows of their own: a quote is probably not closed; the row is left out"
                    ),
                ));
                start = next_line(bytes, at);
                continue 'passes;
            }
            let record = match csv::StringRecord::from_byte_record(row.clone()) {
                Ok(record) => record,
                Err(e) => {
                    let field = e.utf8_error().field();
                    let valid = e.utf8_error().valid_up_to();
                    let row = e.into_byte_record();
                    let bad = row.get(field).map_or(0, |cell| cell[valid]);
                    import.errors.push(error(
                        line,
                        &column_name(field),
                        format!(
                            "byte 0x{bad:02X} is not UTF-8, so the row is left out; the file was probably saved as Windows-1252 or Latin-1: save it as \"CSV UTF-8\""
                        ),
                    ));
                    continue;
                }
            };
            read_row(&record, line, &column, &mut first_line, &mut import, &error);
        }
        break;
    }
    import
}

/// One data row: checked, then kept if good.
fn read_row(
    record: &csv::StringRecord,
    line: usize,
    column: &HashMap<String, usize>,
    first_line: &mut HashMap<String, usize>,
    import: &mut CsvImport,
    error: &impl Fn(usize, &str, String) -> ContentError,
) {
    if record.iter().all(|cell| cell.trim().is_empty()) {
        return;
    }
    let cell = |name: &str| {
        column
            .get(name)
            .and_then(|&i| record.get(i))
            .unwrap_or("")
            .trim()
            .to_string()
    };
    let mut ok = true;
    for name in ["id", "question", "answer"] {
        if cell(name).is_empty() {
            import.errors.push(error(line, name, "is empty".into()));
            ok = false;
        }
    }
    let id = cell("id");
    if !id.is_empty() {
        if let Some(&first) = first_line.get(&id) {
            import.errors.push(error(
                line,
                "id",
                format!("duplicate id `{id}` (first used on line {first})"),
            ));
            ok = false;
        } else {
            first_line.insert(id.clone(), line);
        }
    }
    if !ok {
        return;
    }
    let list = |name: &str, separators: &[char]| -> Vec<String> {
        cell(name)
            .split(separators)
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
            .collect()
    };
    import.faqs.push(Faq {
        id,
        question: cell("question"),
        answer: cell("answer"),
        url: cell("url"),
        alternates: list("alternates", &['|']),
        tags: list("tags", &['|', ',']),
    });
}

/// The 1-based line holding byte `at`, with `\r\n`, a lone `\r` and `\n` each ending one line.
pub fn line_at(bytes: &[u8], at: usize) -> usize {
    let before = &bytes[..at.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in before.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// The byte just after the line holding `at` ends.
fn next_line(bytes: &[u8], at: usize) -> usize {
    match bytes[at..].iter().position(|&b| b == b'\n' || b == b'\r') {
        None => bytes.len(),
        Some(n) => {
            let end = at + n;
            if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            }
        }
    }
}

/// Which cell of the row starting at `row` holds byte `at` (counting separators outside quotes).
fn field_at(bytes: &[u8], row: usize, at: usize) -> usize {
    let mut quoted = false;
    let mut field = 0;
    for &b in &bytes[row..at] {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => field += 1,
            _ => {}
        }
    }
    field
}

/// Where a quote opens that is still open at the end of `bytes`, read as RFC 4180 CSV: a quote
/// opens a quoted cell only at the start of a cell, and `""` inside one is a literal quote.
fn unclosed_quote(bytes: &[u8]) -> Option<usize> {
    let mut open: Option<usize> = None;
    let mut cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match open {
            Some(_) if b == b'"' && bytes.get(i + 1) == Some(&b'"') => i += 1,
            Some(_) if b == b'"' => open = None,
            Some(_) => {}
            None if b == b'"' && cell_start => open = Some(i),
            None => {}
        }
        cell_start = open.is_none() && matches!(b, b',' | b'\n' | b'\r');
        i += 1;
    }
    open
}

/// A cell holding line breaks followed by lines that look like whole rows (as many cells as the
/// header, the first one a single word like an id) took in rows that were meant to be separate:
/// `(its column, how many such lines)`.
fn swallowed_rows(row: &csv::ByteRecord, columns: usize) -> Option<(usize, usize)> {
    row.iter().enumerate().find_map(|(i, cell)| {
        let text = String::from_utf8_lossy(cell);
        let looks_like_rows = text
            .split(['\n', '\r'])
            .skip(1)
            .filter(|line| {
                let cells: Vec<&str> = line.split(',').collect();
                let first = cells[0].trim();
                cells.len() >= columns && !first.is_empty() && !first.contains(' ')
            })
            .count();
        (looks_like_rows > 0).then_some((i, looks_like_rows))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rows_with_optional_alternates_and_tags() {
        let text = "id,question,answer,url,alternates,tags\nrefund,Can I get a refund?,Yes within 30 days.,/refunds,\"money back? | return  it\",billing|policy\n";
        let faqs = faqs_from_csv(text, "faq.csv").unwrap();
        assert_eq!(faqs.len(), 1);
        assert_eq!(faqs[0].alternates, ["money back?", "return it"]);
        assert_eq!(faqs[0].tags, ["billing", "policy"]);
    }

    #[test]
    fn a_missing_required_column_is_reported_against_the_header() {
        let errors = faqs_from_csv("id,question,url\na,b,c\n", "f.csv").unwrap_err();
        assert_eq!(
            errors[0].to_string(),
            "f.csv:1: answer: required column is missing from the header"
        );
    }
}
