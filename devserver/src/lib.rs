//! clerk-devserver: a local Clerk development instance.
//!
//! # Brief overview
//!
//! The server speaks Clerk's Frontend API (FAPI) well enough for ClerkJS and clerk-wasm, plus the
//! Backend API calls needed to manage users, for one instance whose configuration is
//! [`config::Config`]. [`app`] builds the whole HTTP service from an [`state::AppState`]; `main`
//! only parses arguments, opens the database and serves it, and tests call [`app`] directly.
//!
//! A request passes through [`middleware::rewrite`] (method tunnelling, trailing slashes) before
//! routing, then [`middleware::cors`] (who may call), then a handler in [`routes`]. FAPI handlers
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
pub mod error;
pub mod factors;
pub mod form;
pub mod ids;
pub mod jwt;
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

use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state, map_request};
use axum::Router;
use state::AppState;

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
    // The request capture (`/dev/requests`) records what arrived, before the rewrite.
    // The body limit applies to every request, the capture's reading included (`form::RawBody`
    // answers a larger body with Clerk's 413).
    let rewritten = tower::ServiceBuilder::new()
        .layer(DefaultBodyLimit::max(limits::MAX_BODY_BYTES))
        .layer(from_fn_with_state(st.clone(), middleware::record))
        .layer(map_request(middleware::rewrite))
        .service(routed);
    Router::new().fallback_service(rewritten)
}

/// Serves `app(st)` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    st: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = app(st).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}
