//! Accepting connections: how many may be open, how long a client may take to send its request
//! headers, and how long shutdown waits for requests in flight.
//!
//! Key decision: limits that protect the process live here, before any request exists. Open
//! connections are capped below the process's file limit, so idle sockets can never exhaust the
//! descriptors SQLite and the static files need; a connection over the cap gets a 503 with
//! `Retry-After` and is closed. The header deadline also ends idle keep-alive connections, so
//! the slots held by clients that say nothing come back.

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::Request;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, Semaphore};
use tower::ServiceExt;

/// How long a client has to send a request's headers (or, between requests, to start the next).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long shutdown waits for requests in flight before closing their connections.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);
/// The most connections open at once, whatever the file limit allows.
const MAX_CONNECTIONS: usize = 10_000;
/// Descriptors kept free for SQLite (the file, its WAL and shared memory), static files and the
/// listening socket.
const RESERVED_DESCRIPTORS: usize = 64;
/// How long writing the 503 to a client over the cap may take.
const REFUSAL_TIMEOUT: Duration = Duration::from_secs(1);
/// How long to wait after the system refused to accept (out of descriptors or memory) before
/// trying again, instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

const OVER_CAPACITY: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
    Content-Type: text/plain; charset=utf-8\r\nContent-Length: 45\r\nConnection: close\r\n\r\n\
    the server is at its connection limit; retry\n";

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), then drains.
pub async fn serve(listener: TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    let slots = Arc::new(Semaphore::new(max_connections()));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_TIMEOUT);
    let mut accept_failing = false;
    loop {
        let (stream, remote) = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    if !accept_failing {
                        eprintln!("helpfirst: cannot accept a connection ({error}); retrying");
                    }
                    accept_failing = true;
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        accept_failing = false;
        let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        // Small answers go out at once rather than waiting to fill a packet.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let service = service_fn(move |mut request: Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(remote));
            let app = app.clone();
            async move { app.oneshot(request.map(Body::new)).await }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A connection that failed (the client left, sent garbage or timed out) has nobody to
            // tell; the server carries on.
            let _ = connection.await;
            drop(slot);
        });
    }
    drop(listener);
    // Idle connections close at once; busy ones finish their request, within the bound.
    let _ = tokio::time::timeout(DRAIN_TIMEOUT, graceful.shutdown()).await;
}

/// Tells a client over the connection cap to come back, and closes at once so the descriptor is
/// free again. What the client already sent is read and thrown away first: closing a socket with
/// unread data resets the connection, which could destroy the answer before the client reads it.
async fn refuse(mut stream: TcpStream) {
    let told = tokio::time::timeout(REFUSAL_TIMEOUT, stream.write_all(OVER_CAPACITY)).await;
    if matches!(told, Ok(Ok(()))) {
        let _ = stream.shutdown().await;
        let mut sink = [0; 4096];
        while matches!(stream.try_read(&mut sink), Ok(read) if read > 0) {}
    }
}

/// The connection cap: what the process's file limit leaves after [`RESERVED_DESCRIPTORS`].
fn max_connections() -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives for the whole call.
    let known = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    let files = if known {
        usize::try_from(limit.rlim_cur).unwrap_or(usize::MAX)
    } else {
        1_024
    };
    files
        .saturating_sub(RESERVED_DESCRIPTORS)
        .clamp(16, MAX_CONNECTIONS)
}
