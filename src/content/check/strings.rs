//! The panel's string overrides (`[strings.de]`): each must name a locale the panel speaks and a
//! string its table has, or the marketer's wording would silently never show.

use super::{Problem, Severity, Tree};
use crate::content::source::SourceError;
use crate::locale::{Strings, ENGLISH_TABLE, LOCALES};

/// The CLDR plural categories a plural string (`reply.usual.few`) may be given in.
const PLURAL_CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

/// Every override of a locale or string that does not exist, at its file, line and field.
pub(super) fn check(trees: &[Tree]) -> Vec<Problem> {
    let english: Strings = serde_json::from_str(ENGLISH_TABLE).unwrap_or_default();
    let mut problems = Vec::new();
    for tree in trees {
        let Tree::Toml { file, text, table } = tree else {
            continue;
        };
        let Some(locales) = table
            .get_ref()
            .get("strings")
            .and_then(|v| v.get_ref().as_table())
        else {
            continue;
        };
        for (locale, strings) in locales {
            let line = super::line_of(text, locale.span().start);
            let locale = locale.get_ref();
            if !LOCALES.contains(&locale.as_ref()) {
                problems.push(error(
                    file,
                    line,
                    &format!("strings.{locale}"),
                    &format!(
                        "`{locale}` is not a locale the panel speaks ({})",
                        LOCALES.join(", ")
                    ),
                ));
                continue;
            }
            let Some(strings) = strings.get_ref().as_table() else {
                continue;
            };
            for (key, _) in strings {
                if !is_known(&english, key.get_ref()) {
                    problems.push(error(
                        file,
                        super::line_of(text, key.span().start),
                        &format!("strings.{locale}.{}", key.get_ref()),
                        "is not a string of the panel (their keys are in locales/en.json; \
                         quote dotted keys: \"composer.ask\" = \"...\")",
                    ));
                }
            }
        }
    }
    problems
}

/// A key of the English table, or a plural form of one (`reply.usual.few` for `reply.usual`).
fn is_known(english: &Strings, key: &str) -> bool {
    english.has(key)
        || key.rsplit_once('.').is_some_and(|(base, category)| {
            PLURAL_CATEGORIES.contains(&category) && english.has(&format!("{base}.other"))
        })
}

fn error(file: &str, line: usize, field: &str, message: &str) -> Problem {
    Problem {
        severity: Severity::Error,
        error: SourceError {
            file: file.to_string(),
            line,
            field: field.to_string(),
            message: message.to_string(),
        },
    }
}
