//! The route table. Each file owns one area and exports `router()`; handlers sit next to the
//! routes that call them and are named `<resource>_<verb>`. Paths copy Clerk's.
//!
//! - `dev_browser`, `environment`, `client`, `sign_ins`, `sign_ups`, `sessions`: the Frontend API.
//! - `well_known`: the JWKS that verifies session tokens.
//! - `bapi`: the Backend API subset, under `/bapi`, behind the secret key: users (create, list
//!   and count with `query`, get, update, metadata, ban / unban, delete), sessions, sign-in
//!   tokens, the JWKS.
//! - `dev`: dev-server extras (`/dev/instance`, avatars, the outbox of codes sent, the
//!   request capture `/dev/requests`);
//!   `dev_clock`: `POST /dev/clock`, for servers started with `--movable-clock`.
//! - `dashboard`: the local dashboard, `/dev/` (its page and files) and `/dev/api/*` (outbox,
//!   requests, instance, secret key, reset), behind `middleware::dashboard_guard`, which also
//!   forwards `/dev/api/bapi/*` to `bapi`.
//! - `statics`: the pages and the SDK's files, and the JSON 404 for unknown API paths.

mod attempt;
pub mod bapi;
pub mod client;
pub mod dashboard;
pub mod dev;
pub mod dev_browser;
pub mod dev_clock;
pub mod environment;
pub mod me;
pub mod oauth;
pub mod sessions;
pub mod sign_ins;
pub mod sign_ups;
pub mod statics;
pub mod well_known;

use crate::state::AppState;
use axum::Router;

/// Every route, with the state attached.
pub fn router(st: AppState) -> Router {
    Router::new()
        .merge(dev_browser::router())
        .merge(environment::router())
        .merge(client::router())
        .merge(sign_ins::router())
        .merge(sign_ups::router())
        .merge(sessions::router())
        .merge(well_known::router())
        .merge(dev::router())
        .merge(dashboard::router())
        .merge(dev_clock::router())
        .merge(me::router())
        .merge(oauth::router())
        .nest("/bapi", bapi::router(st.clone()))
        .fallback(statics::fallback)
        .method_not_allowed_fallback(statics::no_such_route)
        .with_state(st)
}
