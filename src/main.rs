//! The `helpfirst` command: build and check content, ask and evaluate answers, serve the demo and
//! collect events. Each subcommand lives in its own module under `cli/`.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
const USAGE: &str = "\
helpfirst: a buy-assistant that helps prospects first

USAGE:
    helpfirst build [--content DIR|FILE] [--site DIR] [--sitemap FILE|URL] [--out FILE]
                                                       compile content and the site's pages
                                                       to the widget's JSON
    helpfirst check [--content DIR|FILE] [--site DIR] [--json]
                                                       report every problem in the content
    helpfirst ask --content PATH [--json] QUESTION    answer one question as the widget would
    helpfirst compare --content PATH --needs FILE.json [--json]
                                                       rank every option for a visitor's needs
    helpfirst eval --content PATH --questions FILE.csv [--json]
                                                       measure answer quality on a question set
    helpfirst serve [--port N] [--host ADDR] [--db FILE] [--site DIR] [--dist DIR] [--allow-origin URL]...
                                                       run the demo site and the event collector
    helpfirst collect [--port N] [--host ADDR] [--db FILE|URL] [--write-key KEY] [--token TOKEN]
                                                       run the event collector alone
    helpfirst report --db FILE|URL [--since DAY] [--until DAY] [--csv TABLE]
                                                       the marketer's help-first report
    helpfirst notify check|test FILE                   check the handoff notification settings,
                                                       or send a test notification

Run `helpfirst COMMAND --help` for a command's options.";

#[cfg(not(target_arch = "wasm32"))]
fn main() -> ExitCode {
    let mut args = lexopt::Parser::from_env();
    let command = match args.next() {
        Ok(Some(lexopt::Arg::Value(command))) => command.to_string_lossy().into_owned(),
        Ok(Some(lexopt::Arg::Long("help") | lexopt::Arg::Short('h'))) | Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Ok(Some(other)) => return cli::fail(&format!("unexpected {}", other.unexpected())),
        Err(error) => return cli::fail(&error.to_string()),
    };
    if !matches!(command.as_str(), "serve" | "collect") {
        quiet_on_closed_pipe();
    }
    let result = match command.as_str() {
        "ask" => cli::ask::run(&mut args),
        "build" => cli::build::run(&mut args),
        "check" => cli::check::run(&mut args),
        "compare" => cli::compare::run(&mut args),
        "eval" => cli::eval::run(&mut args),
        "serve" => cli::serve::run(&mut args, cli::serve::Mode::Demo),
        "collect" => cli::serve::run(&mut args, cli::serve::Mode::Collector),
        "report" => cli::report::run(&mut args),
        "notify" => cli::notify::run(&mut args),
        other => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => cli::fail(&message),
    }
}

/// `helpfirst check ... | head -1`: when the reader goes away, end quietly like any Unix tool,
/// instead of Rust's default of ignoring SIGPIPE and panicking on the next `println!`. Servers keep
/// the default: a client that goes away must never end them.
#[cfg(all(unix, not(target_arch = "wasm32")))]
fn quiet_on_closed_pipe() {
    // SAFETY: called once at start-up, before any thread is spawned; SIG_DFL is a valid handler.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(all(not(unix), not(target_arch = "wasm32")))]
fn quiet_on_closed_pipe() {}

/// The binary is native only; cargo still builds every target when testing the wasm library.
#[cfg(target_arch = "wasm32")]
fn main() {}
