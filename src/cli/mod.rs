//! Subcommands of the `helpfirst` binary. Each module parses its own options with `lexopt` and
//! returns `Err(message)` for the user; `main` prints it and exits non-zero.

pub mod ask;
pub mod build;
pub mod check;
pub mod compare;
pub mod eval;
pub mod notify;
pub mod report;
pub mod serve;
pub mod site;
pub mod tradeoff;

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

/// An option's value as text: arguments that are not UTF-8 are refused rather than mangled.
pub fn text(value: Result<std::ffi::OsString, lexopt::Error>) -> Result<String, String> {
    value
        .map_err(|e| e.to_string())?
        .into_string()
        .map_err(|_| "arguments must be valid UTF-8".to_string())
}
