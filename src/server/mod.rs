//! The demo's HTTP server: the site, the widget's build and the event collector on one port.
//!
//! Key decision: axum on tokio, with the limits a server on the open internet needs kept out of the
//! handlers: `connections` owns the socket side (a cap on open connections, a deadline for request
//! headers, a bounded drain at shutdown), tower layers own the per-request ones (a deadline for the
//! whole request, body included), and the collector's single writer owns back-pressure on SQLite.
//! Adding a route is one line in [`routes`] and a small handler module.

mod access;
mod answer;
mod api;
mod connections;
mod cors;
mod export;
mod files;
mod reply;
mod report;

use std::net::{IpAddr, SocketAddr, TcpListener, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use axum::http::header::{HeaderValue, X_CONTENT_TYPE_OPTIONS};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::any;
use axum::Router;
use tokio::runtime::Runtime;
use tokio::sync::oneshot;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

use crate::collector::{Store, Writer};
use crate::notify::{self, Worker};
use crate::semantic::service::AnswerService;
use access::Access;
use cors::AllowList;
use files::Roots;

/// The longest a request may take once its headers are in, body included: a client that trickles
/// its body (a "slowloris") gets 408 and its connection back instead of holding it for good.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);

/// What to serve, and where.
pub struct Config {
    /// The address to bind, such as `127.0.0.1`, `0.0.0.0` for every IPv4 interface, or `::` for
    /// every interface over IPv6 and IPv4.
    pub host: String,
    /// The port to bind; 0 picks a free one (see [`Running::port`]).
    pub port: u16,
    /// The SQLite file events are stored in (created if missing), or a `postgres://` URL (see
    /// `collector::Database`).
    pub db: PathBuf,
    /// The demo site, served from `/`; `None` for the collector alone.
    pub site: Option<PathBuf>,
    /// The widget's build, served from `/helpfirst/`; `None` for the collector alone.
    pub dist: Option<PathBuf>,
    /// Other sites that may send events and load the widget's files: origins such as
    /// `https://shop.example`, or `*` for any.
    pub allow_origins: Vec<String>,
    /// Host names, besides loopback names and IP addresses, under which the stored events and the
    /// report may be read (such as `collector.example`). Any other `Host` is refused there, which
    /// stops DNS rebinding.
    pub allow_hosts: Vec<String>,
    /// When set, every event request must carry it (Segment's `writeKey`, in the body or as the
    /// Basic auth user name).
    pub write_key: Option<String>,
    /// What a caller from another machine must show (`Authorization: Bearer TOKEN`) to read the
    /// stored events; loopback callers need none.
    pub token: Option<String>,
    /// Who is told about a handoff, and how (`--notify FILE`); `None` stores handoffs only.
    pub notify: Option<Arc<notify::Settings>>,
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
            allow_hosts: Vec::new(),
            write_key: None,
            token: None,
            notify: None,
            answers: None,
        }
    }
}

/// What every handler shares.
pub(crate) struct Site {
    roots: Option<Roots>,
    origins: AllowList,
    write_key: Option<String>,
    access: Access,
    writer: Writer,
    db: PathBuf,
    /// The channels handoffs are delivered on, for `GET /v1/capabilities`.
    handoff_channels: Vec<&'static str>,
    answers: Option<Arc<AnswerService>>,
}

/// A server that is accepting requests.
pub struct Running {
    addr: SocketAddr,
    runtime: Arc<Runtime>,
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
    notifier: Option<Worker>,
}

/// Opens the event store, binds the address and starts serving. Errors (a bad allowed origin, an
/// unusable database file, a port in use) are reported before anything is served.
pub fn start(config: Config) -> Result<Running, String> {
    let origins = AllowList::parse(&config.allow_origins)?;
    let access = Access::new(config.token, &config.allow_hosts)?;
    let queueing = config
        .notify
        .as_ref()
        .map(|settings| settings.queueing())
        .unwrap_or_default();
    let handoff_channels = queueing.channels.clone();
    let writer = Writer::start(Store::open(&config.db)?.notify_handoffs(queueing));
    let listener = bind(&config.host, config.port)?;
    let addr = listener
        .local_addr()
        .map_err(|error| format!("cannot read the bound address: {error}"))?;
    let site = Arc::new(Site {
        roots: config
            .site
            .zip(config.dist)
            .map(|(site, dist)| Roots { site, dist }),
        origins,
        write_key: config.write_key,
        access,
        writer,
        db: config.db.clone(),
        handoff_channels,
        answers: config.answers,
    });
    let notifier = config
        .notify
        .map(|settings| Worker::start(&config.db, settings))
        .transpose()?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("helpfirst-server")
        .build()
        .map(Arc::new)
        .map_err(|error| format!("cannot start the server's runtime: {error}"))?;
    let listener = {
        let _entered = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|error| format!("cannot listen on {addr}: {error}"))?
    };
    let (stop, stopped) = oneshot::channel();
    let app = routes(site);
    let serving = Arc::clone(&runtime);
    let thread = thread::Builder::new()
        .name("helpfirst-accept".to_owned())
        .spawn(move || serving.block_on(connections::serve(listener, app, stopped)))
        .map_err(|error| format!("cannot start the server: {error}"))?;
    Ok(Running {
        addr,
        runtime,
        stop,
        thread,
        notifier,
    })
}

/// Every route. Another endpoint is one more line here and a handler module.
fn routes(site: Arc<Site>) -> Router {
    // What the widget calls from the shop's pages: open to the allowed origins.
    let widget_facing = Router::new()
        .route("/v1/batch", any(api::batch))
        .route("/v1/track", any(api::track))
        .route("/v1/capabilities", any(api::capabilities))
        .route("/v1/answer", any(answer::respond))
        .route_layer(from_fn_with_state(Arc::clone(&site), cors::guard));
    // What holds visitors' words: this machine, the operator's host names and the token only.
    let private = Router::new()
        .route("/v1/events", any(export::respond))
        .route("/report", any(report::respond))
        .route("/report/{table}", any(report::respond))
        .route_layer(from_fn_with_state(Arc::clone(&site), access::guard));
    Router::new()
        .route("/healthz", any(health))
        .merge(widget_facing)
        .merge(private)
        .fallback(files::respond)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .with_state(site)
}

async fn health(method: axum::http::Method) -> axum::response::Response {
    if method == axum::http::Method::GET || method == axum::http::Method::HEAD {
        reply::text(200, "ok")
    } else {
        reply::not_allowed("GET, HEAD")
    }
}

/// Binds `host:port`. `::` is bound dual-stack explicitly, so IPv4 callers reach it too (as
/// IPv4-mapped addresses, which `access` counts as loopback when they are).
fn bind(host: &str, port: u16) -> Result<TcpListener, String> {
    let fail = |error: std::io::Error| format!("cannot listen on {host}:{port}: {error}");
    let addr = match host.parse::<IpAddr>() {
        Ok(ip) => SocketAddr::new(ip, port),
        Err(_) => (host, port)
            .to_socket_addrs()
            .map_err(fail)?
            .next()
            .ok_or_else(|| format!("cannot listen on {host}:{port}: no address for {host}"))?,
    };
    let socket = socket2::Socket::new(
        socket2::Domain::for_address(addr),
        socket2::Type::STREAM,
        Some(socket2::Protocol::TCP),
    )
    .map_err(fail)?;
    if addr.is_ipv6() {
        socket.set_only_v6(false).map_err(fail)?;
    }
    socket.set_reuse_address(true).map_err(fail)?;
    socket.bind(&addr.into()).map_err(fail)?;
    socket.listen(1024).map_err(fail)?;
    socket.set_nonblocking(true).map_err(fail)?;
    Ok(socket.into())
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Blocks until SIGINT (Ctrl-C) or SIGTERM, then stops as [`Running::stop`] does.
    pub fn run_until_signal(self) -> Result<(), String> {
        self.runtime.block_on(async {
            let mut terminate =
                tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                    .map_err(|error| format!("cannot listen for SIGTERM: {error}"))?;
            tokio::select! {
                _ = tokio::signal::ctrl_c() => Ok::<(), String>(()),
                _ = terminate.recv() => Ok(()),
            }
        })?;
        self.stop();
        Ok(())
    }

    /// Stops accepting, lets the requests being handled finish for a bounded time, then ends
    /// every connection; the events already acknowledged are in the file.
    pub fn stop(mut self) {
        if let Some(notifier) = self.notifier.take() {
            notifier.stop();
        }
        // The serving thread may have ended already; then there is nothing to tell it.
        let _ = self.stop.send(());
        // A serving thread that panicked has printed why; there is nothing more to report.
        let _ = self.thread.join();
        if let Ok(runtime) = Arc::try_unwrap(self.runtime) {
            runtime.shutdown_timeout(Duration::from_secs(1));
        }
    }
}
