//! `helpfirst report`: the help-first report in the terminal, or one of its tables as CSV, from
//! the collector's SQLite file or PostgreSQL database. The same report as `GET /report`, for a marketer with a shell.

use helpfirst::collector::{Database, Store};
use helpfirst::report::{self, Range};
use std::io::Write;
use std::path::PathBuf;

const USAGE: &str =
    "USAGE: helpfirst report --db FILE [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--csv TABLE]
    --db     the collector's SQLite file or postgres:// URL (as given to `helpfirst collect`)
    --since  the first day to include (UTC days, by the collector's clock)
    --until  the last day to include
    --csv    print one table as CSV instead: questions, gaps, replies, answers, comparisons,
             fits, visits or handoffs

Top questions, content gaps (questions without a good answer, grouped by similarity), helpfulness per
answer, comparisons, fit outcomes, help before the ask per visit, and handoffs.";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let (mut db, mut since, mut until, mut csv): (Option<PathBuf>, _, _, Option<String>) =
        (None, None, None, None);
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Long("db") => db = Some(super::text(args.value())?.into()),
            Long("since") => since = Some(super::text(args.value())?),
            Long("until") => until = Some(super::text(args.value())?),
            Long("csv") => csv = Some(super::text(args.value())?),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let db = db.ok_or_else(|| super::usage_error("--db is required", USAGE))?;
    // Opening a missing file would create an empty database: a typo must not look like "no events".
    if matches!(Database::from_path(&db), Database::Sqlite(_)) && !db.is_file() {
        return Err(format!("{}: no such database file", db.display()));
    }
    let range = Range::parse(since.as_deref(), until.as_deref())
        .map_err(|problems| format!("--{}", problems.join("; --")))?;
    let store = Store::open(&db)?;
    let report = report::read(&store, &range, "en")?;
    let out = match csv {
        None => report.text().into_bytes(),
        Some(name) => match report.table(&name) {
            Some(table) => table.csv(),
            None => {
                let names: Vec<&str> = report.tables.iter().map(|t| t.name).collect();
                return Err(format!(
                    "--csv: no table `{name}`; there are: {}",
                    names.join(", ")
                ));
            }
        },
    };
    std::io::stdout()
        .write_all(&out)
        .map_err(|e| format!("could not write the report: {e}"))
}
