//! Subcommands of the `helpfirst` binary. Each module parses its own options with `lexopt` and
//! returns `Err(message)` for the user; `main` prints it and exits non-zero.

pub mod ask;
pub mod build;
pub mod eval;
pub mod serve;

use std::process::ExitCode;

/// Prints an error for the user and gives the failing exit code.
pub fn fail(message: &str) -> ExitCode {
    eprintln!("helpfirst: {message}");
    ExitCode::FAILURE
}

/// Turns a `lexopt` error or an unexpected argument into the message the user sees.
pub fn usage_error(error: impl std::fmt::Display, usage: &str) -> String {
    format!("{error}\n\n{usage}")
}
