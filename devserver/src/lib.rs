//! clerk-devserver: a local Clerk development instance.
//!
//! # Brief overview
//!
//! The server speaks Clerk's Frontend API (FAPI) well enough for ClerkJS and clerk-wasm, plus the
//! Backend API calls needed to manage users, for one instance whose configuration is
//! [`config::Config`]. [`app`] builds the whole HTTP service from an [`state::AppState`]; `main`
//! only parses arguments, opens the database and serves it, and tests call [`app`] directly.
//!
//! A request passes through [`middleware::dashboard_guard`] (the local dashboard's paths: loopback,
//! Host, CSRF token, Origin; `/dev/api/bapi/*` forwarded to the Backend API),
//! [`middleware::record`] (the request capture) and [`middleware::rewrite`] (method tunnelling,
//! trailing slashes) before routing, then [`middleware::cors`] (who may call), then a handler in
//! [`routes`]. FAPI handlers
//! extract a [`caller::Caller`] (the caller's dev browser or client cookie) and their parameters,
//! run the rules of the domain layer [`auth`] in one SQLite transaction ([`state::AppState::tx`]),
//! render Clerk's JSON with [`wire::Render`], and answer a [`reply::Reply`] or an
//! [`error::AppError`] — Clerk's error body with a catalog code. Only `routes` knows HTTP; only
//! [`db`] knows SQL.
//!
//! The domain builds on [`accounts`] (which user an identifier names, passwords and lockout,
//! the fields a sign-up asks for), [`factors`] (what a user can prove, as sign-ins list it) and
//! [`codes`] (one-time codes, their attempt rules, and the dev outbox they are "sent" to).

pub mod accounts;
pub mod auth;
pub mod caller;
pub mod clock;
pub mod codes;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod factors;
pub mod form;
pub mod ids;
pub mod images;
pub mod jwt;
pub mod jwt_templates;
pub mod limits;
pub mod middleware;
pub mod password;
pub mod reply;
pub mod request_log;
pub mod routes;
pub mod secret_key;
pub mod state;
pub mod status;
pub mod web3;
pub mod wire;

use axum::extract::{ConnectInfo, DefaultBodyLimit};
use axum::middleware::{from_fn, from_fn_with_state, map_request};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use state::AppState;
use std::time::Duration;
use tokio::sync::watch;
use tower::ServiceExt;

/// The complete service: routes, CORS, error logging, and the pre-routing rewrite around them.
pub fn app(st: AppState) -> Router {
    let routed = routes::router(st.clone())
        .layer(from_fn_with_state(st.clone(), middleware::cors))
        .layer(from_fn(error::log_internal_errors))
        .layer(from_fn(middleware::log_requests))
        // As Clerk's Frontend API and a CDN do: gzip or brotli, as the browser accepts.
        .layer(tower_http::compression::CompressionLayer::new());
    // `rewrite` must see the request before the router picks a route, so it wraps the router as a
    // service instead of being one of its layers.
    // The dashboard's guard comes before anything else reads a request (after the timeout and the
    // body limit): it refuses what is not the dashboard's own page, marks what it lets through so
    // that the capture skips it and `cors` adds nothing, and forwards `/dev/api/bapi/*` to the
    // Backend API with the secret key, through the capture (which skips it) and the rewrite.
    // The request capture (`/dev/requests`) records what arrived, before the rewrite.
    // The request timeout is outermost: it covers reading the body wherever that happens. The
    // body limit applies to every request, the capture's reading included (`form::RawBody`
    // answers a larger body with Clerk's 413).
    let rewritten = tower::ServiceBuilder::new()
        .layer(from_fn_with_state(st.clone(), middleware::timeout))
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .layer(from_fn_with_state(st.clone(), middleware::dashboard_guard))
        .layer(from_fn_with_state(st.clone(), middleware::record))
        .layer(map_request(middleware::rewrite))
        .service(routed);
    Router::new().fallback_service(rewritten)
}

/// How long, after `shutdown`, a connection may take to finish the request it is on.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Serves `app(st)` on `listener` until `shutdown` resolves, then lets the open connections
/// finish their requests (graceful shutdown, at most `SHUTDOWN_GRACE`) and returns.
///
/// Each connection is served by hyper's HTTP/1 server with a timer (which `axum::serve` does not
/// set): a request's head must arrive within `timeouts.header_read_secs`, also on a connection
/// that sends nothing or stays idle between requests, else the connection is closed. Every
/// request carries its peer's address (`ConnectInfo`, read by `caller::Caller`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    st: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let header_read = Duration::from_secs(st.config.timeouts.header_read_secs);
    let app = app(st);
    // Every connection task holds a receiver: `closed()` resolves when the last one ends.
    let (open_tx, open_rx) = watch::channel(());
    // Tells the connections to finish (changes once, when `shutdown` resolved).
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(conn) => conn,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let app = app.clone();
        let (open, mut stop) = (open_rx.clone(), stop_rx.clone());
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let mut req = req.map(axum::body::Body::new);
                req.extensions_mut().insert(ConnectInfo(peer));
                app.clone().oneshot(req)
            });
            let mut builder = http1::Builder::new();
            builder.timer(TokioTimer::new()).header_read_timeout(header_read);
            let conn = builder.serve_connection(TokioIo::new(stream), service);
            let mut conn = std::pin::pin!(conn);
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stop.changed() => {
                    conn.as_mut().graceful_shutdown();
                    // The request in progress may finish; a client still sending one is not
                    // waited for longer than the grace period.
                    let _ = tokio::time::timeout(SHUTDOWN_GRACE, conn).await;
                }
            }
            drop(open);
        });
    }
    drop(listener);
    drop(open_rx);
    let _ = stop_tx.send(true);
    open_tx.closed().await;
    Ok(())
}
