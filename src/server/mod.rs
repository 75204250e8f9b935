//! The demo's HTTP server: the site, the widget's build and the event collector on one port.
//!
//! Key decision: plain `tiny_http` with a small fixed pool of worker threads, each taking requests
//! from the shared server and owning its own SQLite connection. That is enough for a demo and a
//! small site, needs no async runtime, and lets SQLite's WAL mode handle concurrent writers.

mod access;
mod answer;
mod api;
mod cors;
mod export;
mod files;
mod reply;
mod report;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use tiny_http::{Method, Request, Server};

use crate::collector::{Shape, Store};
use crate::semantic::service::AnswerService;
use access::Access;
use cors::AllowList;
use files::Roots;

const WORKERS: usize = 4;

/// What to serve, and where.
pub struct Config {
    /// The address to bind, such as `127.0.0.1`, or `0.0.0.0` for every interface.
    pub host: String,
    /// The port to bind; 0 picks a free one (see [`Running::port`]).
    pub port: u16,
    /// The SQLite file events are stored in; created if missing.
    pub db: PathBuf,
    /// The demo site, served from `/`; `None` for the collector alone.
    pub site: Option<PathBuf>,
    /// The widget's build, served from `/helpfirst/`; `None` for the collector alone.
    pub dist: Option<PathBuf>,
    /// Other sites that may send events and load the widget's files: origins such as
    /// `https://shop.example`, or `*` for any.
    pub allow_origins: Vec<String>,
    /// When set, every event request must carry it (Segment's `writeKey`, in the body or as the
    /// Basic auth user name).
    pub write_key: Option<String>,
    /// What a caller from another machine must show (`Authorization: Bearer TOKEN`) to read the
    /// stored events; loopback callers need none.
    pub token: Option<String>,
    /// The answering service for `POST /v1/answer`; `None` serves no answers (404).
    pub answers: Option<Arc<AnswerService>>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_owned(),
            port: 8080,
            db: PathBuf::from("helpfirst.db"),
            site: Some(PathBuf::from("www")),
            dist: Some(PathBuf::from("dist")),
            allow_origins: Vec::new(),
            write_key: None,
            token: None,
            answers: None,
        }
    }
}

/// A server that is accepting requests.
pub struct Running {
    addr: SocketAddr,
    server: Arc<Server>,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

/// What every worker shares.
struct Site {
    roots: Option<Roots>,
    origins: AllowList,
    write_key: Option<String>,
    access: Access,
    answers: Option<Arc<AnswerService>>,
}

/// Opens the event store, binds the address and starts the workers. Errors (a bad allowed origin,
/// an unusable database file, a port in use) are reported before anything is served.
pub fn start(config: Config) -> Result<Running, String> {
    let origins = AllowList::parse(&config.allow_origins)?;
    let stores = (0..WORKERS)
        .map(|_| Store::open(&config.db))
        .collect::<Result<Vec<_>, _>>()?;
    let server = Server::http((config.host.as_str(), config.port))
        .map_err(|error| format!("cannot listen on {}:{}: {error}", config.host, config.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or("the server is not listening on an IP address")?;
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let site = Arc::new(Site {
        roots: config
            .site
            .zip(config.dist)
            .map(|(site, dist)| Roots { site, dist }),
        origins,
        write_key: config.write_key,
        access: Access::new(config.token),
        answers: config.answers,
    });
    let workers = stores
        .into_iter()
        .map(|store| {
            let server = Arc::clone(&server);
            let stopping = Arc::clone(&stopping);
            let site = Arc::clone(&site);
            thread::spawn(move || work(&server, &stopping, &site, store))
        })
        .collect();
    Ok(Running {
        addr,
        server,
        stopping,
        workers,
    })
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Blocks while the server runs. Nothing but [`Running::stop`] ends the workers, so this only
    /// returns if they all panicked.
    pub fn wait(self) {
        for worker in self.workers {
            // A worker that panicked has printed why; there is nothing more to report.
            let _ = worker.join();
        }
    }

    /// Lets the requests being handled finish, then ends every worker.
    pub fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Each call wakes one waiting worker now rather than at its next look at the flag.
        for _ in &self.workers {
            self.server.unblock();
        }
        self.wait();
    }
}

/// How long a worker waits for a request before it looks at the stop flag again. `stop` also wakes
/// the workers at once; this bound is the guarantee that none can sleep through it.
const STOP_CHECK: Duration = Duration::from_millis(250);

fn work(server: &Server, stopping: &AtomicBool, site: &Site, mut store: Store) {
    while !stopping.load(Ordering::SeqCst) {
        match server.recv_timeout(STOP_CHECK) {
            Ok(Some(request)) => handle(request, site, &mut store),
            Ok(None) => {}
            Err(error) => eprintln!("helpfirst: could not receive a request: {error}"),
        }
    }
}

fn handle(mut request: Request, site: &Site, store: &mut Store) {
    let url = request.url().to_owned();
    let path = url.split_once('?').map_or(url.as_str(), |(path, _)| path);
    let verdict = site
        .origins
        .check(header(&request, "Origin"), header(&request, "Host"));
    let readable = matches!(request.method(), Method::Get | Method::Head);
    let write_key = site.write_key.as_deref();
    let mut response = match path {
        "/healthz" if readable => reply::text(200, "ok"),
        "/v1/batch" => api::respond(&mut request, &verdict, store, Shape::Batch, write_key),
        "/v1/track" => api::respond(&mut request, &verdict, store, Shape::Track, write_key),
        "/v1/answer" => match &site.answers {
            Some(service) => answer::respond(&mut request, &verdict, service),
            None => reply::text(404, "not found: this server answers no questions"),
        },
        "/v1/events" if readable => match site.access.check(&request) {
            Ok(()) => export::respond(&url, store),
            Err(refusal) => refusal,
        },
        _ if readable && (path == "/report" || path.starts_with("/report/")) => {
            match site.access.check(&request) {
                Ok(()) => report::respond(path, &url, store),
                Err(refusal) => refusal,
            }
        }
        _ if readable => match &site.roots {
            Some(roots) => files::respond(roots, path),
            None => reply::text(404, "not found: this is an event collector"),
        },
        _ => reply::not_allowed("GET, HEAD"),
    };
    if path.starts_with("/v1/") || path.starts_with("/helpfirst/") {
        cors::add_headers(&mut response, &verdict);
    }
    reply::add_header(&mut response, "X-Content-Type-Options", "nosniff");
    // An error means the client left before the answer; there is no one left to tell.
    let _ = request.respond(response);
}

fn header<'a>(request: &'a Request, name: &'static str) -> Option<&'a str> {
    request
        .headers()
        .iter()
        .find(|header| header.field.equiv(name))
        .map(|header| header.value.as_str())
}
