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
pub fn faqs_from_csv(text: &str, file_name: &str) -> Result<Vec<Faq>, Vec<ContentError>> {
    let import = read_faqs_csv(text, file_name);
    if import.errors.is_empty() {
        Ok(import.faqs)
    } else {
        Err(import.errors)
    }
}

/// Reads FAQs from CSV text, keeping every good row and reporting every bad one.
pub fn read_faqs_csv(text: &str, file_name: &str) -> CsvImport {
    let error = |line: usize, field: &str, message: String| ContentError {
        file: file_name.to_string(),
        line,
        field: field.to_string(),
        message,
    };
    let mut import = CsvImport::default();
    // A spreadsheet export may start with a byte-order mark; it is not part of the first column name.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            import.errors.push(error(1, "header", e.to_string()));
            return import;
        }
    };
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
    let mut first_line: HashMap<String, usize> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                import.errors.push(error(line, "row", e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
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
            continue;
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
    import
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
