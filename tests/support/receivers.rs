//! The real receivers that delivery tests send to: the SMTP server and the webhook receiver in
//! tests/receivers/ (aiosmtpd and the standard library, run with the project's `.venv`, which
//! scripts/setup.sh makes). Each keeps what it accepted as one JSON file per message.

use serde_json::Value;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A child process killed when the test ends, however it ends.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The path of a receiver script in tests/receivers.
pub fn receiver(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/receivers")
        .join(name)
}

/// Starts `command` with its output piped and returns it with the first line it prints (a server
/// under test says there where it listens, or that it is ready).
pub fn start(mut command: Command) -> (Process, String) {
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    (Process(child), line)
}

/// Starts a Python receiver with `args` and waits for its "ready" line, which it returns.
pub fn start_python(args: &[&str]) -> (Process, String) {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    assert!(
        python.is_file(),
        "{} is missing: run `bash scripts/setup.sh` to install aiosmtpd",
        python.display()
    );
    let mut command = Command::new(python);
    command.args(args);
    let (process, line) = start(command);
    assert!(
        line.starts_with("ready"),
        "the receiver did not start: {line:?}"
    );
    (process, line.trim().to_string())
}

/// The real SMTP server on `port`, keeping each mail in `mail`; `extra` are more of its options
/// (`--mode`, TLS files, a user and password).
pub fn smtp(port: u16, mail: &Path, extra: &[&str]) -> Process {
    let script = receiver("smtp.py");
    let port = port.to_string();
    let mut args = vec![
        script.to_str().unwrap(),
        "--port",
        &port,
        "--dir",
        mail.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    start_python(&args).0
}

/// What a receiver accepted into `mail`, in the order it accepted it.
pub fn received(mail: &Path) -> Vec<Value> {
    let mut files: Vec<PathBuf> = fs::read_dir(mail)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap())
        .collect()
}
