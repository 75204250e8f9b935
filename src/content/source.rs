//! Reading content as marketers write it: a folder of TOML files (and, later, FAQ spreadsheets).
//!
//! Key decision: TOML, split into files by concept (`company.toml`, `faqs.toml`, ...). It is plain
//! text a marketer can edit by hand, has no indentation traps (unlike YAML's `no` becoming `false`),
//! and its parser reports the line of every mistake. Every file is read and every problem is
//! collected before anything is returned, so the marketer sees all mistakes at once and a build
//! never writes half a result.

use super::Content;
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

/// Loads a content folder of `*.toml` files, or one `.toml` or compiled `.json` file.
pub fn load(path: &Path) -> Result<Content, Vec<SourceError>> {
    if path.is_dir() {
        return load_dir(path);
    }
    let text = read(path).map_err(|e| vec![e])?;
    let name = path.display().to_string();
    let content = if path.extension().is_some_and(|e| e == "json") {
        serde_json::from_str(&text).map_err(|e| {
            vec![SourceError {
                file: name.clone(),
                line: e.line(),
                field: String::new(),
                message: e.to_string(),
            }]
        })?
    } else {
        parse_toml(&text, &name)?
    };
    check_ids(&content, &[(name, text)])?;
    Ok(content)
}

fn load_dir(dir: &Path) -> Result<Content, Vec<SourceError>> {
    let folder = dir.display().to_string();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| {
            vec![error(
                &folder,
                0,
                "",
                &format!("cannot read the folder: {e}"),
            )]
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(vec![error(&folder, 0, "", "has no .toml content files")]);
    }
    let mut content = Content::default();
    let mut company_files = Vec::new();
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for path in &paths {
        let name = path.display().to_string();
        let parsed = read(path).map_err(|e| vec![e]).and_then(|text| {
            let part = parse_toml(&text, &name)?;
            sources.push((name.clone(), text));
            Ok(part)
        });
        match parsed {
            Ok(part) => {
                if !part.company.name.is_empty() {
                    company_files.push(name);
                    content.company = part.company;
                }
                content.faqs.extend(part.faqs);
                content.pages.extend(part.pages);
                content.offerings.extend(part.offerings);
                content.synonyms.extend(part.synonyms);
            }
            Err(mut file_errors) => errors.append(&mut file_errors),
        }
    }
    match company_files.len() {
        0 if errors.is_empty() => errors.push(error(
            &folder,
            0,
            "company",
            "no file has a [company] table",
        )),
        0 | 1 => {}
        _ => errors.push(error(
            &folder,
            0,
            "company",
            &format!(
                "[company] appears in several files: {}",
                company_files.join(", ")
            ),
        )),
    }
    if let Err(mut id_errors) = check_ids(&content, &sources) {
        errors.append(&mut id_errors);
    }
    if errors.is_empty() {
        Ok(content)
    } else {
        Err(errors)
    }
}

fn read(path: &Path) -> Result<String, SourceError> {
    std::fs::read_to_string(path).map_err(|e| {
        error(
            &path.display().to_string(),
            0,
            "",
            &format!("cannot read: {e}"),
        )
    })
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
    }
    let part: Part = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |span| line_of(text, span.start));
        let message = e.message().to_string();
        vec![error(file, line, &field_in_message(&message), &message)]
    })?;
    Ok(Content {
        company: part.company.unwrap_or_default(),
        faqs: part.faqs,
        pages: part.pages,
        offerings: part.offerings,
        synonyms: part.synonyms,
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

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// serde names the offending field in backticks (`missing field `url``); surface it as the field.
fn field_in_message(message: &str) -> String {
    message.split('`').nth(1).unwrap_or_default().to_string()
}

fn error(file: &str, line: usize, field: &str, message: &str) -> SourceError {
    SourceError {
        file: file.to_string(),
        line,
        field: field.to_string(),
        message: message.to_string(),
    }
}
