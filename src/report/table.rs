//! One table of the report, rendered three ways from the same rows: CSV for a spreadsheet, plain
//! text for the terminal, and HTML (see `html`). Key decision: every figure of the report is a
//! table first, so the three can never disagree.

/// A titled table of text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The name in `/report/<name>.csv` and `helpfirst report --csv <name>`.
    pub name: &'static str,
    pub title: &'static str,
    /// What the table shows and how to read it, in a sentence.
    pub about: &'static str,
    pub columns: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn csv(&self) -> Vec<u8> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_record(&self.columns);
        for row in &self.rows {
            let _ = writer.write_record(row.iter().map(|cell| spreadsheet_safe(cell)));
        }
        writer.into_inner().unwrap_or_default()
    }

    /// Columns padded to their widest cell, for the terminal.
    pub fn text(&self) -> String {
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|row| row[i].chars().count())
                    .chain([self.columns[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: Vec<&str>| {
            cells
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_string()
        };
        let mut out = format!("{}\n", self.title);
        out.push_str(&line(self.columns.clone()));
        out.push('\n');
        if self.rows.is_empty() {
            out.push_str("(none in this range)\n");
        }
        for row in &self.rows {
            let shown: Vec<String> = row.iter().map(|cell| printable(cell)).collect();
            out.push_str(&line(shown.iter().map(String::as_str).collect()));
            out.push('\n');
        }
        out
    }
}

/// Anyone on the web can type a question, so control characters (which could move the cursor,
/// recolour or retitle the marketer's terminal) are shown as U+FFFD instead of being sent raw.
fn printable(cell: &str) -> String {
    cell.chars()
        .map(|c| if c.is_control() { '\u{FFFD}' } else { c })
        .collect()
}

/// Anyone on the web can send an event, so a cell starting with `=`, `+`, `-` or `@` could run as
/// a formula in the marketer's spreadsheet: such cells get a leading `'`, which shows as text.
pub fn spreadsheet_safe(field: &str) -> String {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{field}")
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visitor_text_cannot_send_escape_sequences_to_the_terminal() {
        let table = Table {
            name: "questions",
            title: "Top questions",
            about: "",
            columns: vec!["question"],
            rows: vec![vec!["hi\u{1b}]0;owned\u{7}\u{1b}[2J".to_string()]],
        };
        let text = table.text();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(text.contains("hi\u{FFFD}]0;owned"));
    }
}
