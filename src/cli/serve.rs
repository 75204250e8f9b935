//! `helpfirst serve` (the demo site, the widget and the event collector on one local port) and
//! `helpfirst collect` (the collector alone, for a site that hosts the widget itself).
//!
//! Both are the same server; `collect` just serves no files, so the two cannot store events
//! differently.

use lexopt::prelude::*;

use super::{text, usage_error};
use helpfirst::server::{self, Config};

/// Which of the two commands is running.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Demo,
    Collector,
}

const SERVE_USAGE: &str = "\
USAGE:
    helpfirst serve [--port N] [--host ADDR] [--db FILE] [--site DIR] [--dist DIR]
                    [--allow-origin URL]... [--allow-host NAME]... [--write-key KEY]
                    [--token TOKEN] [--notify FILE]

OPTIONS:
    --site DIR          the demo site, served from / (default www)
    --dist DIR          the widget's build, served from /helpfirst/ (default dist)";

const COLLECT_USAGE: &str = "\
USAGE:
    helpfirst collect [--port N] [--host ADDR] [--db FILE] [--allow-origin URL]...
                      [--allow-host NAME]... [--write-key KEY] [--token TOKEN]
                      [--notify FILE]

OPTIONS:";

const COMMON_OPTIONS: &str = "
    --port N            the port to listen on (default 8080; 0 picks a free one)
    --host ADDR         the address to bind (default 127.0.0.1; 0.0.0.0 for every IPv4
                        interface, :: for every interface over IPv6 and IPv4)
    --db FILE           the SQLite file events are stored in (default helpfirst.db)
    --allow-origin URL  another site that may send events, like https://shop.example;
                        repeat for more, or give * for any
    --allow-host NAME   a host name, besides loopback names and IP addresses, under which
                        the stored events and the report may be read; repeat for more
    --write-key KEY     refuse events that do not carry this write key
    --token TOKEN       lets callers on other machines read GET /v1/events with
                        `Authorization: Bearer TOKEN` (or set HELPFIRST_TOKEN);
                        without it, stored events are readable from this machine only
    --notify FILE       tell the named person about each handoff, by e-mail and/or
                        webhook, as this TOML file says (see `helpfirst notify --help`)";

pub fn run(args: &mut lexopt::Parser, mode: Mode) -> Result<(), String> {
    let usage = match mode {
        Mode::Demo => format!("{SERVE_USAGE}{COMMON_OPTIONS}"),
        Mode::Collector => format!("{COLLECT_USAGE}{COMMON_OPTIONS}"),
    };
    let Some(config) = parse(args, mode, &usage)? else {
        println!("{usage}");
        return Ok(());
    };
    let db = config.db.clone();
    let widget = config.dist.as_ref().map(|dist| dist.join("helpfirst.js"));
    let running = server::start(config)?;
    if let Some(widget) = widget.filter(|widget| !widget.is_file()) {
        eprintln!(
            "helpfirst: warning: {} is missing, so the demo will have no widget; \
             run `make dist` first",
            widget.display()
        );
    }
    match mode {
        Mode::Demo => println!(
            "helpfirst: serving the demo at http://{}/ (events -> {})",
            running.addr(),
            db.display()
        ),
        Mode::Collector => println!(
            "helpfirst: collecting events at http://{}/v1/batch (-> {})",
            running.addr(),
            db.display()
        ),
    }
    // Ctrl-C or SIGTERM: stop accepting, let requests in flight finish (bounded), then exit.
    running.run_until_signal()
}

/// The options, or `None` when the user asked for help.
fn parse(args: &mut lexopt::Parser, mode: Mode, usage: &str) -> Result<Option<Config>, String> {
    let mut config = Config {
        token: std::env::var("HELPFIRST_TOKEN").ok(),
        ..Config::default()
    };
    if mode == Mode::Collector {
        config.site = None;
        config.dist = None;
    }
    let usage = |error: lexopt::Error| usage_error(error, usage);
    while let Some(arg) = args.next().map_err(usage)? {
        match arg {
            Long("port") => {
                let port = text(args.value())?;
                config.port = port.parse().map_err(|_| {
                    format!("--port: expected a port number from 0 to 65535, got {port:?}")
                })?;
            }
            Long("host") => config.host = text(args.value())?,
            Long("db") => config.db = args.value().map_err(usage)?.into(),
            Long("site") if mode == Mode::Demo => {
                config.site = Some(args.value().map_err(usage)?.into())
            }
            Long("dist") if mode == Mode::Demo => {
                config.dist = Some(args.value().map_err(usage)?.into())
            }
            Long("allow-origin") => config.allow_origins.push(text(args.value())?),
            Long("allow-host") => config.allow_hosts.push(text(args.value())?),
            Long("write-key") => config.write_key = Some(text(args.value())?),
            Long("token") => config.token = Some(text(args.value())?),
            Long("notify") => {
                let file: std::path::PathBuf = args.value().map_err(usage)?.into();
                let settings = helpfirst::notify::Settings::load(&file)
                    .map_err(|problems| problems.join("\n"))?;
                config.notify = Some(std::sync::Arc::new(settings));
            }
            Long("help") | Short('h') => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    // A missing site would make every page a 404, which looks like a server bug: say so upfront.
    if let Some(site) = config.site.as_ref().filter(|site| !site.is_dir()) {
        return Err(format!("--site: {} is not a directory", site.display()));
    }
    if config.write_key.as_deref() == Some("") {
        return Err("--write-key: must not be empty".to_owned());
    }
    Ok(Some(config))
}
