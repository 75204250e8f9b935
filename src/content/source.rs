//! Reading content as marketers write it: a folder of TOML files, or a FAQ spreadsheet (CSV).
//!
//! Key decision: TOML, split into files by concept (`company.toml`, `faqs.toml`, ...). It is plain
//! text a marketer can edit by hand, has no indentation traps (unlike YAML's `no` becoming `false`),
//! and its parser reports the line of every mistake. Every file is read and every problem is
//! collected before anything is returned, so the marketer sees all mistakes at once and a build
//! never writes half a result.

use super::{csv_import, Company, Content};
use std::fmt;
use std::path::Path;

/// One problem in the content, located as precisely as the source allows.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceError {
    pub file: String,
    /// 1-based; 0 when the problem concerns the file or the folder as a whole.
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.field.is_empty()) {
            (0, true) => write!(f, "{}: {}", self.file, self.message),
            (0, false) => write!(f, "{}: {}: {}", self.file, self.field, self.message),
            (line, true) => write!(f, "{}:{line}: {}", self.file, self.message),
            (line, false) => write!(f, "{}:{line}: {}: {}", self.file, self.field, self.message),
        }
    }
}

/// Loads a content folder of `*.toml` files, one `.toml` file, a FAQ spreadsheet (`.csv`) or a
/// compiled `.json` file; `Err` lists every problem.
pub fn load(path: &Path) -> Result<Content, Vec<SourceError>> {
    let loaded = load_all(path);
    if loaded.errors.is_empty() {
        Ok(loaded.content)
    } else {
        Err(loaded.errors)
    }
}

/// What [`load_all`] read: the content of every file that could be read, their texts, and every
/// problem. `content::check` needs all three to go on checking past the first bad file and to
/// point at the line of each entry.
#[derive(Debug, Default)]
pub struct Loaded {
    pub content: Content,
    /// `(file name, text)` of each file whose entries are in `content`, in the order they were
    /// merged; a file that could not be parsed is not here.
    pub files: Vec<(String, String)>,
    pub errors: Vec<SourceError>,
}

/// Like [`load`], but keeps what could be read alongside the problems instead of all or nothing.
pub fn load_all(path: &Path) -> Loaded {
    if path.is_dir() {
        return load_dir(path);
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if extension != "json" && extension != "csv" {
        return load_toml_files(&[path.to_path_buf()], &path.display().to_string());
    }
    let name = path.display().to_string();
    // A spreadsheet's bytes go to the CSV reader as they are, so one row that is not UTF-8 is
    // reported at its line and the other rows are still read.
    let csv_bytes = if extension == "csv" {
        match std::fs::read(path) {
            Ok(bytes) => Some(bytes),
            Err(e) => {
                return Loaded {
                    errors: vec![error(&name, 0, "", &format!("cannot read: {e}"))],
                    ..Loaded::default()
                }
            }
        }
    } else {
        None
    };
    let text = match &csv_bytes {
        Some(bytes) if !is_utf16(bytes) && !has_nuls(bytes) => {
            String::from_utf8_lossy(bytes).into_owned()
        }
        _ => match read(path) {
            Ok(text) => text,
            Err(e) => {
                return Loaded {
                    errors: vec![e],
                    ..Loaded::default()
                }
            }
        },
    };
    let (content, mut errors) = if extension == "json" {
        match serde_json::from_str(&text) {
            Ok(content) => (content, Vec::new()),
            Err(e) => {
                let message = e.to_string();
                let error = error(&name, e.line(), "", &message);
                return Loaded {
                    errors: vec![error],
                    ..Loaded::default()
                };
            }
        }
    } else {
        match &csv_bytes {
            Some(bytes) if !is_utf16(bytes) && !has_nuls(bytes) => from_csv(path, bytes),
            _ => from_csv(path, text.as_bytes()),
        }
    };
    let files = vec![(name, text)];
    if let Err(mut id_errors) = check_ids(&content, &files) {
        errors.append(&mut id_errors);
    }
    Loaded {
        content,
        files,
        errors,
    }
}

/// A FAQ spreadsheet has no company table: the content is named after the file, as `ask` does.
/// Good rows are kept next to the bad rows' errors.
fn from_csv(path: &Path, text: &[u8]) -> (Content, Vec<SourceError>) {
    let import = csv_import::read_faqs_csv(text, &path.display().to_string());
    let errors = import
        .errors
        .into_iter()
        .map(|e| SourceError {
            file: e.file,
            line: e.line,
            field: e.field,
            message: e.message,
        })
        .collect();
    let company = Company {
        name: path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        url: String::new(),
        language: "en".into(),
    };
    let content = Content {
        company,
        faqs: import.faqs,
        ..Content::default()
    };
    (content, errors)
}

fn load_dir(dir: &Path) -> Loaded {
    let folder = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            return Loaded {
                errors: vec![error(
                    &folder,
                    0,
                    "",
                    &format!("cannot read the folder: {e}"),
                )],
                ..Loaded::default()
            }
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Loaded {
            errors: vec![error(&folder, 0, "", "has no .toml content files")],
            ..Loaded::default()
        };
    }
    load_toml_files(&paths, &folder)
}

/// Reads TOML files as one content: a single file is treated as a folder holding only it, so it
/// needs its [company] table too.
fn load_toml_files(paths: &[std::path::PathBuf], folder: &str) -> Loaded {
    let mut content = Content::default();
    let mut company_files = Vec::new();
    let mut handoff_files = Vec::new();
    let mut asks_files = Vec::new();
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let parsed = read(path).map_err(|e| vec![e]).and_then(|text| {
            let part = parse_toml(&text, &name)?;
            sources.push((name.clone(), text));
            Ok(part)
        });
        match parsed {
            Ok(part) => {
                if !part.company.name.is_empty() {
                    company_files.push(name.clone());
                    content.company = part.company;
                }
                content.faqs.extend(part.faqs);
                content.pages.extend(part.pages);
                content.offerings.extend(part.offerings);
                content.synonyms.extend(part.synonyms);
                for (locale, strings) in part.strings {
                    content.strings.get_or_default(locale).extend(strings);
                }
                keep_single(
                    &mut content.handoff,
                    part.handoff,
                    &mut handoff_files,
                    &name,
                );
                keep_single(&mut content.asks, part.asks, &mut asks_files, &name);
            }
            Err(mut file_errors) => errors.append(&mut file_errors),
        }
    }
    match company_files.len() {
        0 if errors.is_empty() => {
            errors.push(error(folder, 0, "company", "no file has a [company] table"))
        }
        0 | 1 => {}
        _ => errors.push(error(
            folder,
            0,
            "company",
            &format!(
                "[company] appears in several files: {}",
                company_files.join(", ")
            ),
        )),
    }
    for (table, files) in [("handoff", &handoff_files), ("asks", &asks_files)] {
        if files.len() > 1 {
            errors.push(error(
                folder,
                0,
                table,
                &format!("[{table}] appears in several files: {}", files.join(", ")),
            ));
        }
    }
    if let Err(mut id_errors) = check_ids(&content, &sources) {
        errors.append(&mut id_errors);
    }
    Loaded {
        content,
        files: sources,
        errors,
    }
}

/// Takes a table that belongs in one file only, noting each file that gives it, so a table given
/// twice is reported with both files rather than one silently winning.
fn keep_single<T>(slot: &mut Option<T>, given: Option<T>, files: &mut Vec<String>, file: &str) {
    if given.is_some() {
        files.push(file.to_string());
        *slot = given;
    }
}

fn read(path: &Path) -> Result<String, SourceError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| error(&name, 0, "", &format!("cannot read: {e}")))?;
    decode(&bytes, &name)
}

/// NUL bytes are valid UTF-8 but never text: many of them is UTF-16 saved without its mark.
fn has_nuls(bytes: &[u8]) -> bool {
    bytes.iter().take(200).filter(|&&b| b == 0).count() > 10
}

/// Whether `bytes` start with a UTF-16 byte-order mark.
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// A content file's text. UTF-8 (with or without a byte-order mark) is read as it is, UTF-16 with
/// its byte-order mark is converted (spreadsheets save "Unicode text" that way); anything else is
/// an error at the line and column of the first bad byte, with a hint how to save the file.
pub fn decode(bytes: &[u8], file: &str) -> Result<String, SourceError> {
    if is_utf16(bytes) {
        let big_endian = bytes[0] == 0xFE;
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|pair| {
                let pair = [pair[0], pair.get(1).copied().unwrap_or(0)];
                if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            })
            .collect();
        let mut text = String::with_capacity(units.len());
        for unit in char::decode_utf16(units.iter().copied()) {
            match unit {
                Ok(c) => text.push(c),
                Err(_) => {
                    let line_start = text.rfind(['\n', '\r']).map_or(0, |n| n + 1);
                    let column = text[line_start..].chars().count() + 1;
                    return Err(error(
                        file,
                        line_of(&text, text.len()),
                        &key_on_line(&text, text.len()),
                        &format!(
                            "the UTF-16 text is broken at column {column} (a lone surrogate); save the file as UTF-8"
                        ),
                    ));
                }
            }
        }
        return Ok(text);
    }
    if has_nuls(bytes) {
        return Err(error(
            file,
            1,
            "",
            "the file looks like UTF-16 without a byte-order mark; save it as UTF-8",
        ));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let good = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let line_start = good.rfind(['\n', '\r']).map_or(0, |n| n + 1);
            let column = good[line_start..].chars().count() + 1;
            let hint = "the file was probably saved as Windows-1252 or Latin-1; save it as UTF-8";
            Err(error(
                file,
                line_of(good, at),
                &key_on_line(good, at),
                &format!(
                    "byte 0x{:02X} at column {column} is not UTF-8: {hint}",
                    bytes[at]
                ),
            ))
        }
    }
}

/// The TOML key a value at byte `at` belongs to, as `table.key` (`faqs.answer`): the nearest
/// `key =` at or before `at`, under the nearest `[table]` or `[[table]]` header before it.
fn key_on_line(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let mut key = String::new();
    let mut table = String::new();
    for line in before.lines().rev() {
        let line = line.trim();
        if key.is_empty() {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim().trim_matches('"');
                let bare = name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
                if !name.is_empty() && bare {
                    key = name.to_string();
                }
            }
        }
        if line.starts_with('[') {
            table = line.trim_matches(['[', ']']).trim().to_string();
            break;
        }
    }
    match (table.is_empty(), key.is_empty()) {
        (_, true) => String::new(),
        (true, false) => key,
        (false, false) => format!("{table}.{key}"),
    }
}

/// Parses one TOML file into a (partial) [`Content`]. A file holds any of its top-level keys.
fn parse_toml(text: &str, file: &str) -> Result<Content, Vec<SourceError>> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Part {
        company: Option<super::Company>,
        #[serde(default)]
        faqs: Vec<super::Faq>,
        #[serde(default)]
        pages: Vec<super::Page>,
        #[serde(default)]
        offerings: Vec<super::Offering>,
        #[serde(default)]
        synonyms: Vec<Vec<String>>,
        handoff: Option<crate::handoff::Handoff>,
        asks: Option<crate::help_first::Asks>,
        #[serde(default)]
        strings: super::ByKey<crate::locale::Strings>,
    }
    let part: Part = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |span| line_of(text, span.start));
        let message = e.message().trim().to_string();
        // The parser points at the offending key or value; name it when its message does not.
        let field = match field_in_message(&message) {
            named if !named.is_empty() => named,
            _ => e.span().map_or_else(String::new, |span| {
                if message.starts_with("duplicate key") {
                    let key = text[span.clone()].trim().trim_matches('"');
                    let table = key_on_line(text, span.start);
                    match table.rsplit_once('.') {
                        Some((table, _)) => format!("{table}.{key}"),
                        None => key.to_string(),
                    }
                } else {
                    key_on_line(text, span.end)
                }
            }),
        };
        let message = if message.starts_with("duplicate key") && !field.is_empty() {
            let key = field.rsplit('.').next().unwrap_or(&field);
            format!("the key `{key}` is given twice in the same table; keep one")
        } else {
            message
        };
        vec![error(file, line, &field, &message)]
    })?;
    Ok(Content {
        company: part.company.unwrap_or_default(),
        faqs: part.faqs,
        pages: part.pages,
        offerings: part.offerings,
        synonyms: part.synonyms,
        handoff: part.handoff,
        asks: part.asks,
        strings: part.strings,
    })
}

/// Ids link answers, events and reports: each must be present and unique within its kind.
fn check_ids(content: &Content, sources: &[(String, String)]) -> Result<(), Vec<SourceError>> {
    let kinds: [(&str, Vec<&str>); 3] = [
        ("faqs", content.faqs.iter().map(|f| f.id.as_str()).collect()),
        (
            "pages",
            content.pages.iter().map(|p| p.id.as_str()).collect(),
        ),
        (
            "offerings",
            content.offerings.iter().map(|o| o.id.as_str()).collect(),
        ),
    ];
    let mut errors = Vec::new();
    for (kind, ids) in kinds {
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if id.trim().is_empty() {
                errors.push(error(
                    "content",
                    0,
                    &format!("{kind}.id"),
                    "an entry has an empty id",
                ));
            } else if !seen.insert(id) {
                let (file, line) = locate(sources, &format!("id = \"{id}\""));
                errors.push(error(
                    &file,
                    line,
                    &format!("{kind}.id"),
                    &format!("`{id}` is used more than once"),
                ));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Finds the last line holding `needle`: for a duplicate, the second occurrence is the mistake.
fn locate(sources: &[(String, String)], needle: &str) -> (String, usize) {
    sources
        .iter()
        .rev()
        .find_map(|(file, text)| {
            text.rfind(needle)
                .map(|at| (file.clone(), line_of(text, at)))
        })
        .unwrap_or_else(|| ("content".to_string(), 0))
}

/// The 1-based line holding `byte` of `text`; `\r\n`, a lone `\r` and `\n` each end a line.
pub(super) fn line_of(text: &str, byte: usize) -> usize {
    super::csv_import::line_at(text.as_bytes(), byte)
}

/// serde names the offending field in backticks (`missing field `url``); surface it as the field.
/// Other messages quote tokens or values the same way (`expected `"``), which are not fields.
fn field_in_message(message: &str) -> String {
    let names_a_field = ["missing field", "unknown field", "duplicate field"]
        .iter()
        .any(|start| message.starts_with(start));
    if names_a_field {
        message.split('`').nth(1).unwrap_or_default().to_string()
    } else {
        String::new()
    }
}

fn error(file: &str, line: usize, field: &str, message: &str) -> SourceError {
    SourceError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message: message.to_string(),
    }
}
