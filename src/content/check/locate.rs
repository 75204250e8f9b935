//! Where a problem is: the file, line and field of any entry of the merged content. The key
//! decision: entries are found again by walking each file's TOML syntax tree (which keeps the span
//! of every key and value) or by a CSV row's line, never by searching the text, which would miss
//! inline tables and find the same field name in a neighbouring entry.

use super::super::source::line_of;
use super::super::Content;
use std::collections::HashMap;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

/// The lists of the content model, named as in the TOML files.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    Company,
    Faqs,
    Pages,
    Offerings,
    Synonyms,
    Handoff,
    Asks,
}

impl Kind {
    pub(super) fn key(self) -> &'static str {
        match self {
            Kind::Company => "company",
            Kind::Faqs => "faqs",
            Kind::Pages => "pages",
            Kind::Offerings => "offerings",
            Kind::Synonyms => "synonyms",
            Kind::Handoff => "handoff",
            Kind::Asks => "asks",
        }
    }
}

/// One step from an entry down to the value a problem concerns.
#[derive(Debug, Clone, Copy)]
pub(super) enum Step<'k> {
    Key(&'k str),
    Item(usize),
}

pub(super) use Step::{Item, Key};

/// Where a problem is: entry `index` of a kind, then a path inside it.
pub(super) type At<'s> = (Kind, usize, &'s [Step<'s>]);

/// A source file as far as locating is concerned.
pub(super) enum Tree<'t> {
    Toml {
        file: &'t str,
        text: &'t str,
        table: Spanned<DeTable<'t>>,
    },
    /// The line of each FAQ row by id (ids of the rows kept are unique).
    Csv {
        file: &'t str,
        rows: HashMap<String, usize>,
    },
    /// Compiled JSON is machine-written, usually one line: only the file is known.
    Json { file: &'t str },
}

impl<'t> Tree<'t> {
    /// `None` only for TOML that does not parse, which cannot happen for a file `load_all` kept;
    /// its entries would then be reported at the content path, line 0.
    pub(super) fn parse(file: &'t str, text: &'t str) -> Option<Tree<'t>> {
        let lower = file.to_lowercase();
        Some(if lower.ends_with(".json") {
            Tree::Json { file }
        } else if lower.ends_with(".csv") {
            Tree::Csv {
                file,
                rows: csv_rows(text),
            }
        } else {
            Tree::Toml {
                file,
                text,
                table: DeTable::parse(text).ok()?,
            }
        })
    }
}

/// Maps each row's id to the line the row starts on, as `csv_import` numbers them.
pub(super) fn csv_rows(text: &str) -> HashMap<String, usize> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let Some(id_column) = reader.headers().ok().and_then(|headers| {
        headers
            .iter()
            .position(|name| name.trim().eq_ignore_ascii_case("id"))
    }) else {
        return HashMap::new();
    };
    let mut rows = HashMap::new();
    for record in reader.records().flatten() {
        if let (Some(id), Some(position)) = (record.get(id_column), record.position()) {
            rows.entry(id.trim().to_string())
                .or_insert(position.line() as usize);
        }
    }
    rows
}

/// Where one entry of the merged content was written.
#[derive(Clone, Copy)]
pub(super) struct Origin<'a> {
    file: &'a str,
    place: Place<'a>,
}

#[derive(Clone, Copy)]
pub(super) enum Place<'a> {
    /// The entry's value in a TOML syntax tree, and the file's text to turn its spans into lines.
    Toml(&'a Spanned<DeValue<'a>>, &'a str),
    /// The line of a CSV row; the field is its column.
    Row(usize),
    /// Compiled JSON: only the file is known.
    File,
}

/// Finds the file and line of any entry of the merged content, and of any field inside it.
pub(super) struct Locator<'a> {
    company: Option<Origin<'a>>,
    handoff: Option<Origin<'a>>,
    asks: Option<Origin<'a>>,
    faqs: Vec<Origin<'a>>,
    pages: Vec<Origin<'a>>,
    offerings: Vec<Origin<'a>>,
    synonyms: Vec<Origin<'a>>,
    /// Named when an entry cannot be traced to a file, which `load_all` should never allow.
    fallback: String,
}

impl<'a> Locator<'a> {
    /// Whether the company table was written in a TOML file (a spreadsheet or compiled JSON has none).
    pub(super) fn company_written(&self) -> bool {
        self.company
            .is_some_and(|origin| matches!(origin.place, Place::Toml(..)))
    }

    /// Entries were merged file by file in `trees`' order, so the n-th FAQ of the content is the
    /// n-th FAQ found walking the files in that order.
    pub(super) fn new(trees: &'a [Tree<'a>], content: &Content, fallback: &str) -> Locator<'a> {
        let mut locator = Locator {
            company: None,
            handoff: None,
            asks: None,
            faqs: Vec::new(),
            pages: Vec::new(),
            offerings: Vec::new(),
            synonyms: Vec::new(),
            fallback: fallback.to_string(),
        };
        for tree in trees {
            match tree {
                Tree::Toml { file, text, table } => {
                    let table = table.get_ref();
                    let origin = |value| Origin {
                        file,
                        place: Place::Toml(value, text),
                    };
                    if let Some(company) = table.get("company") {
                        locator.company = Some(origin(company));
                    }
                    if let Some(handoff) = table.get("handoff") {
                        locator.handoff = Some(origin(handoff));
                    }
                    if let Some(asks) = table.get("asks") {
                        locator.asks = Some(origin(asks));
                    }
                    let lists = [
                        (Kind::Faqs, &mut locator.faqs),
                        (Kind::Pages, &mut locator.pages),
                        (Kind::Offerings, &mut locator.offerings),
                        (Kind::Synonyms, &mut locator.synonyms),
                    ];
                    for (kind, list) in lists {
                        if let Some(entries) =
                            table.get(kind.key()).and_then(|v| v.get_ref().as_array())
                        {
                            list.extend(entries.iter().map(origin));
                        }
                    }
                }
                Tree::Csv { file, rows } => {
                    locator.faqs.extend(content.faqs.iter().map(|faq| Origin {
                        file,
                        place: Place::Row(rows.get(&faq.id).copied().unwrap_or(0)),
                    }))
                }
                Tree::Json { file } => {
                    let origin = Origin {
                        file,
                        place: Place::File,
                    };
                    locator.company = Some(origin);
                    locator.handoff = Some(origin);
                    locator.asks = Some(origin);
                    locator.faqs.extend(content.faqs.iter().map(|_| origin));
                    locator.pages.extend(content.pages.iter().map(|_| origin));
                    locator
                        .offerings
                        .extend(content.offerings.iter().map(|_| origin));
                    locator
                        .synonyms
                        .extend(content.synonyms.iter().map(|_| origin));
                }
            }
        }
        locator
    }

    pub(super) fn origin(&self, kind: Kind, index: usize) -> Option<Origin<'a>> {
        match kind {
            Kind::Company => self.company,
            Kind::Handoff => self.handoff,
            Kind::Asks => self.asks,
            Kind::Faqs => self.faqs.get(index).copied(),
            Kind::Pages => self.pages.get(index).copied(),
            Kind::Offerings => self.offerings.get(index).copied(),
            Kind::Synonyms => self.synonyms.get(index).copied(),
        }
    }

    /// The file and line of `path` inside entry `index` of `kind`. A field that is not written
    /// (a missing `monthly`, say) is located at the nearest enclosing value that is: its table's
    /// header or its entry's `[[...]]` line.
    pub(super) fn locate(&self, kind: Kind, index: usize, path: &[Step]) -> (String, usize) {
        let Some(origin) = self.origin(kind, index) else {
            return (self.fallback.clone(), 0);
        };
        let line = match origin.place {
            Place::Toml(mut value, text) => {
                for step in path {
                    let next = match step {
                        Key(key) => value.get_ref().get(*key),
                        Item(i) => value.get_ref().get(*i),
                    };
                    match next {
                        Some(next) => value = next,
                        None => break,
                    }
                }
                line_of(text, value.span().start)
            }
            Place::Row(line) => line,
            Place::File => 0,
        };
        (origin.file.to_string(), line)
    }

    /// The field as the marketer wrote it: a dotted TOML path, or a CSV column.
    pub(super) fn field(&self, kind: Kind, index: usize, path: &[Step]) -> String {
        let mut keys = path.iter().filter_map(|step| match step {
            Key(key) => Some(*key),
            Item(_) => None,
        });
        let is_row = self
            .origin(kind, index)
            .is_some_and(|o| matches!(o.place, Place::Row(_)));
        if is_row {
            keys.next_back().unwrap_or(kind.key()).to_string()
        } else {
            std::iter::once(kind.key())
                .chain(keys)
                .collect::<Vec<_>>()
                .join(".")
        }
    }
}
