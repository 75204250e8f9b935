//! `helpfirst notify check FILE` (is the handoff notification file right?) and
//! `helpfirst notify test FILE` (send a test notification on every channel it configures, so a
//! marketer can see it arrive before a visitor's does).

use std::path::PathBuf;

use helpfirst::notify::{self, Settings};

const USAGE: &str = "\
USAGE:
    helpfirst notify check FILE   check the settings: every problem, at its line and field
    helpfirst notify test FILE    send a test notification on each channel the file configures

FILE is the TOML file given to `helpfirst serve --notify` or `helpfirst collect --notify`:

    content = \"content\"                     # optional: the person's hours, for the reply-due time

    [email]
    to = \"Nadia Okafor <nadia@example.com>\"  # or a list
    from = \"Example Ltd <helpfirst@example.com>\"
    server = \"smtp.example.com\"
    security = \"starttls\"                   # starttls (port 587), tls (465), none (this machine only)
    username = \"helpfirst@example.com\"
    password_env = \"HELPFIRST_SMTP_PASSWORD\" # the variable that holds the password

    [webhook]
    url = \"https://hooks.example.com/helpfirst\"
    format = \"json\"                         # json (signed) or slack
    secret_env = \"HELPFIRST_WEBHOOK_SECRET\"

    [delivery]
    first_retry = \"30s\"                     # doubles after each failure, at most 1 h
    give_up_after = \"24h\"                   # then the report shows it failed, with the reason

    [visitor_receipt]                       # optional: a receipt mailed to the visitor
    per_address = 2                         # at most this many a day to one address
    per_client = 5                          # and for requests from one IP address";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    use lexopt::Arg::*;
    let mut words = Vec::new();
    while let Some(arg) = args.next().map_err(|e| super::usage_error(e, USAGE))? {
        match arg {
            Value(word) => words.push(super::text(Ok(word))?),
            Long("help") | Short('h') => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(super::usage_error(other.unexpected(), USAGE)),
        }
    }
    let [action, file] = words.as_slice() else {
        return Err(super::usage_error(
            "expected `check FILE` or `test FILE`",
            USAGE,
        ));
    };
    let file = PathBuf::from(file);
    let settings = Settings::load(&file).map_err(|problems| problems.join("\n"))?;
    match action.as_str() {
        "check" => {
            println!(
                "{}: ok, handoffs go by {}",
                file.display(),
                settings.channels().join(" and ")
            );
            Ok(())
        }
        "test" => test(&settings),
        other => Err(super::usage_error(
            format!("unknown action `{other}`"),
            USAGE,
        )),
    }
}

fn test(settings: &Settings) -> Result<(), String> {
    let sample = notify::sample(settings);
    let mut failed = Vec::new();
    for channel in settings.channels() {
        match notify::send(settings, channel, &sample) {
            Ok(()) => println!("{channel}: sent a test notification"),
            Err(error) => {
                println!("{channel}: failed: {error}");
                failed.push(channel);
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the test notification failed on {}",
            failed.join(" and ")
        ))
    }
}
