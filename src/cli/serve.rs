//! `helpfirst serve`: run the demo site and the event collector on one local port.

use std::path::PathBuf;

use lexopt::prelude::*;

use super::usage_error;
use helpfirst::server::{self, Config};

const USAGE: &str = "\
USAGE:
    helpfirst serve [--port N] [--host ADDR] [--db FILE] [--site DIR] [--dist DIR]
                    [--allow-origin URL]...

OPTIONS:
    --port N            the port to listen on (default 8080; 0 picks a free one)
    --host ADDR         the address to bind (default 127.0.0.1; 0.0.0.0 for every interface)
    --db FILE           the SQLite file events are stored in (default helpfirst.db)
    --site DIR          the demo site, served from / (default www)
    --dist DIR          the widget's build, served from /helpfirst/ (default dist)
    --allow-origin URL  another site that may send events, like https://shop.example;
                        repeat for more, or give * for any";

pub fn run(args: &mut lexopt::Parser) -> Result<(), String> {
    let Some(config) = parse(args)? else {
        println!("{USAGE}");
        return Ok(());
    };
    let db = config.db.clone();
    let widget = config.dist.join("helpfirst.js");
    let running = server::start(config)?;
    if !widget.is_file() {
        eprintln!(
            "helpfirst: warning: {} is missing, so the demo will have no widget; \
             run `make dist` first",
            widget.display()
        );
    }
    println!(
        "helpfirst: serving the demo at http://{}/ (events -> {})",
        running.addr(),
        db.display()
    );
    running.wait();
    Err("the server stopped unexpectedly".to_owned())
}

/// The options, or `None` when the user asked for help.
fn parse(args: &mut lexopt::Parser) -> Result<Option<Config>, String> {
    let mut config = Config {
        host: "127.0.0.1".to_owned(),
        port: 8080,
        db: PathBuf::from("helpfirst.db"),
        site: PathBuf::from("www"),
        dist: PathBuf::from("dist"),
        allow_origins: Vec::new(),
    };
    let usage = |error: lexopt::Error| usage_error(error, USAGE);
    while let Some(arg) = args.next().map_err(usage)? {
        match arg {
            Long("port") => {
                let port = args.value().map_err(usage)?.string().map_err(usage)?;
                config.port = port.parse().map_err(|_| {
                    format!("--port: expected a port number from 0 to 65535, got {port:?}")
                })?;
            }
            Long("host") => config.host = args.value().map_err(usage)?.string().map_err(usage)?,
            Long("db") => config.db = args.value().map_err(usage)?.into(),
            Long("site") => config.site = args.value().map_err(usage)?.into(),
            Long("dist") => config.dist = args.value().map_err(usage)?.into(),
            Long("allow-origin") => config
                .allow_origins
                .push(args.value().map_err(usage)?.string().map_err(usage)?),
            Long("help") | Short('h') => return Ok(None),
            other => return Err(usage(other.unexpected())),
        }
    }
    // A missing site would make every page a 404, which looks like a server bug: say so upfront.
    if !config.site.is_dir() {
        return Err(format!(
            "--site: {} is not a directory",
            config.site.display()
        ));
    }
    Ok(Some(config))
}
