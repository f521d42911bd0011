//! The local dashboard (`/dev/`): its page and files, embedded in the binary, and its API under
//! `/dev/api/*`. Every path here is behind `middleware::dashboard_guard` (loopback peer, the
//! server's own `Host`, the CSRF token on `/dev/api/*`, the page's own `Origin` on mutating
//! calls), which also forwards `/dev/api/bapi/*` to the Backend API with the secret key, so the
//! users and sessions the dashboard shows and changes go through the Backend API's own routes.
//!
//! - `GET /dev`, `/dev/`: `dashboard/index.html`, the per-process CSRF token in its
//!   `<meta name="clerk-dev-csrf">`; `GET /dev/dashboard.js`, `/dev/dashboard.css`.
//! - `GET /dev/api/outbox`: the outbox, newest first, with each code's purpose and expiry.
//! - `GET|DELETE /dev/api/requests`: the request capture, both APIs unless `?api=fapi|bapi`.
//! - `GET /dev/api/instance`: keys, URLs, the effective configuration, the JWT templates; the
//!   secret key only masked. `POST /dev/api/secret-key`: the secret key (the copy button).
//! - `POST /dev/api/reset`: deletes every user, client, session, attempt and message and the
//!   captured requests; keeps the instance; re-creates the demo user under `--seed-demo`.

use crate::db::{self, outbox};
use crate::demo;
use crate::error::AppError;
use crate::password;
use crate::routes::dev::{jwt_templates_json, message_json, requests_of, RequestsQuery};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

const INDEX_HTML: &str = include_str!("../../dashboard/index.html");
const DASHBOARD_JS: &str = include_str!("../../dashboard/dashboard.js");
const DASHBOARD_CSS: &str = include_str!("../../dashboard/dashboard.css");

/// What the page's `<meta name="clerk-dev-csrf">` holds before it is served.
const CSRF_PLACEHOLDER: &str = "__CSRF_TOKEN__";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev", get(page_get))
        .route("/dev/", get(page_get))
        .route("/dev/dashboard.js", get(script_get))
        .route("/dev/dashboard.css", get(style_get))
        .route("/dev/api/outbox", get(outbox_list))
        .route("/dev/api/requests", get(requests_list).delete(requests_clear))
        .route("/dev/api/instance", get(instance_get))
        .route("/dev/api/secret-key", post(secret_key_reveal))
        .route("/dev/api/reset", post(reset))
}

/// The page, with this process's CSRF token (hex, so nothing to escape). The security headers
/// are the guard's, on every dashboard answer.
async fn page_get(State(st): State<AppState>) -> Html<String> {
    Html(INDEX_HTML.replace(CSRF_PLACEHOLDER, &st.dashboard_csrf))
}

async fn script_get() -> Response {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], DASHBOARD_JS).into_response()
}

async fn style_get() -> Response {
    ([(CONTENT_TYPE, "text/css; charset=utf-8")], DASHBOARD_CSS).into_response()
}

/// Every message, newest first (`routes::dev::message_json`).
async fn outbox_list(State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    let messages = st.tx(|tx, _| outbox::list(tx, None)).await?;
    Ok(Json(Value::Array(messages.iter().map(message_json).collect())))
}

/// The captured requests of both APIs (unless `?api=fapi|bapi`), `?path_prefix=` as `/dev/requests`.
async fn requests_list(State(st): State<AppState>, Query(q): Query<RequestsQuery>) -> Result<Json<Value>, AppError> {
    Ok(Json(requests_of(&st, &q, None)?))
}

/// Forgets every captured request (the page's "Clear").
async fn requests_clear(State(st): State<AppState>) -> Json<Value> {
    st.requests.clear();
    Json(json!({ "deleted": true }))
}

/// `sk_test_••••••••WXYZ`: the prefix and the last four characters.
fn masked(secret_key: &str) -> String {
    let prefix = if secret_key.starts_with("sk_live_") { "sk_live_" } else { "sk_test_" };
    let tail: String = secret_key.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{prefix}••••••••{tail}")
}

/// The instance as the dashboard shows it: never the secret key itself, nor a template's
/// signing key (`Config`'s serialization leaves both out).
async fn instance_get(State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    Ok(Json(json!({
        "publishableKey": st.publishable_key,
        "frontendApiUrl": st.frontend_api_url,
        "bapiUrl": st.bapi_url,
        "jwksUrl": format!("{}/.well-known/jwks.json", st.frontend_api_url),
        "secretKeyMasked": masked(&st.secret_key),
        "config": serde_json::to_value(&st.config)?,
        "jwtTemplates": jwt_templates_json(&st, true),
    })))
}

/// The secret key, for the page's copy button (a POST: the guard asks the page's `Origin`).
async fn secret_key_reveal(State(st): State<AppState>) -> Json<Value> {
    Json(json!({ "secretKey": st.secret_key }))
}

/// "Reset data": one transaction deletes the data (`db::reset_data`) and, under `--seed-demo`,
/// creates the demo user again (its password hashed first, off the lock); then the capture is
/// emptied.
async fn reset(State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    let demo_hash = if st.seed_demo { Some(password::hash_off_lock(demo::DEMO_PASSWORD.to_string()).await?) } else { None };
    st.tx(move |tx, st| {
        db::reset_data(tx)?;
        demo_hash.map(|hash| demo::seed(tx, st, hash)).transpose()?;
        Ok(())
    })
    .await?;
    st.requests.clear();
    Ok(Json(json!({ "reset": true })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_key_is_masked_but_its_last_four() {
        assert_eq!(masked("sk_test_abcdefghijklmnopWXYZ"), "sk_test_••••••••WXYZ");
        assert_eq!(masked("sk_live_abcdefghijklmnop1234"), "sk_live_••••••••1234");
        assert!(INDEX_HTML.contains(CSRF_PLACEHOLDER), "the page has the token's placeholder");
    }
}
