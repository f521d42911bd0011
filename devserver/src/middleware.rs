//! Request plumbing that runs around the routes.
//!
//! `rewrite` runs *before* routing (it wraps the whole router, see `lib.rs`): axum's
//! `Router::layer` middleware would run after a handler was already chosen, too late to change
//! the method or the path. It applies ClerkJS's method tunnelling (`POST …?_method=PATCH`; ClerkJS
//! sends only GET and POST so that requests stay CORS-simple and Safari keeps its cookies) and
//! strips the trailing slash ClerkJS puts on some create paths (`/v1/me/email_addresses/`).
//!
//! `cors` decides who may call: the Frontend API answers allowed origins with credentialed CORS
//! headers and refuses the rest with `origin_invalid`; the pages and the SDK's files are public.
//! The Backend API gets no CORS at all (its own guard refuses browser calls).
//!
//! `record` runs before `rewrite` (outermost, `lib.rs`): the request capture behind
//! `GET|DELETE /dev/requests` (`routes/dev.rs`, `request_log.rs`). It keeps every Frontend API request
//! (`is_fapi_path`, except `/dev/requests` itself) as it arrived — method and path before method
//! tunnelling and trailing-slash removal, the query pairs in order, the raw body, content-type and
//! origin — so tests can compare what two SDKs send for the same call. CORS preflights are kept
//! too (ClerkJS never causes one). The last `CAPTURE_CAPACITY` stay in memory (`AppState::requests`);
//! bodies are cut at `CAPTURE_MAX_BODY` bytes, and one declared larger than that is passed on
//! unread (`truncated: true`).

use crate::error::AppError;
use crate::form::RawBody;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, CONTENT_LENGTH, CONTENT_TYPE, ORIGIN, VARY,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Paths that belong to the Frontend API (and the dev endpoints pages call with fetch).
pub fn is_fapi_path(path: &str) -> bool {
    path == "/v1" || path.starts_with("/v1/") || path.starts_with("/.well-known/") || path.starts_with("/dev/")
}

pub fn is_bapi_path(path: &str) -> bool {
    path == "/bapi" || path.starts_with("/bapi/")
}

/// Method override and trailing-slash removal (before routing).
pub async fn rewrite(mut req: Request) -> Request {
    let path = req.uri().path();
    let trimmed = if path.len() > 1 && path.ends_with('/') && (is_fapi_path(path) || is_bapi_path(path)) {
        Some(path.trim_end_matches('/').to_string())
    } else {
        None
    };
    if let Some(new_path) = trimmed {
        let pq = match req.uri().query() {
            Some(q) => format!("{new_path}?{q}"),
            None => new_path,
        };
        let mut parts = req.uri().clone().into_parts();
        if let Ok(pq) = pq.parse() {
            parts.path_and_query = Some(pq);
            if let Ok(uri) = Uri::from_parts(parts) {
                *req.uri_mut() = uri;
            }
        }
    }
    if req.method() == Method::POST {
        let tunnelled = req
            .uri()
            .query()
            .and_then(|q| url::form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "_method").map(|(_, v)| v.to_ascii_uppercase()));
        match tunnelled.as_deref() {
            Some("PATCH") => *req.method_mut() = Method::PATCH,
            Some("PUT") => *req.method_mut() = Method::PUT,
            Some("DELETE") => *req.method_mut() = Method::DELETE,
            _ => {}
        }
    }
    req
}

/// The most of a body that is kept.
const CAPTURE_MAX_BODY: usize = 64 * 1024;

/// Whether a request to `path` is captured: the Frontend API's, but not the capture's own.
fn captured(path: &str) -> bool {
    is_fapi_path(path) && path.trim_end_matches('/') != "/dev/requests"
}

/// The request capture (before `rewrite`): records a Frontend API request as it arrived, then
/// passes it on unchanged.
pub async fn record(State(st): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    let path = req.uri().path().to_string();
    if !captured(&path) {
        return Ok(next.run(req).await);
    }
    let (parts, body) = req.into_parts();
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let (text, truncated, body) = if declared.is_some_and(|n| n > CAPTURE_MAX_BODY) {
        (String::new(), true, body)
    } else {
        // Read within the body limit, as a route would (`RawBody`): too large is a 413.
        let RawBody(bytes) = RawBody::from_request(Request::from_parts(parts.clone(), body), &()).await?;
        let text = String::from_utf8_lossy(&bytes[..bytes.len().min(CAPTURE_MAX_BODY)]).into_owned();
        (text, bytes.len() > CAPTURE_MAX_BODY, Body::from(bytes))
    };
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let header = |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_string);
    let mut entry = json!({
        "method": parts.method.as_str(),
        "path": path,
        "query": query,
        "body": text,
        "contentType": header(CONTENT_TYPE),
        "origin": header(ORIGIN),
        "createdAt": st.now(),
    });
    if truncated {
        entry["truncated"] = json!(true);
    }
    st.requests.push(entry);
    Ok(next.run(Request::from_parts(parts, body)).await)
}

const EXPOSED: &str = "Clerk-Db-Jwt, x-country, Retry-After";

/// CORS and origin checks.
pub async fn cors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_bapi_path(&path) {
        return next.run(req).await;
    }
    if !is_fapi_path(&path) {
        // Pages, the SDK's JS and .wasm: public files any page may load (ClerkJS's snippet uses
        // crossorigin="anonymous", and module scripts always fetch in CORS mode).
        let mut res = next.run(req).await;
        res.headers_mut().insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
        return res;
    }
    let origin = req.headers().get(ORIGIN).and_then(|v| v.to_str().ok()).map(str::to_string);
    let Some(origin) = origin else {
        // Top-level navigations and server-side callers send no Origin.
        return next.run(req).await;
    };
    let allowed = origin == st.frontend_api_url || st.config.origin_allowed(&origin);
    if !allowed {
        tracing::warn!(%origin, %path, "refused a Frontend API call from an origin that is not allowed");
        return AppError::origin_invalid(&origin).into_response();
    }
    let Ok(origin_value) = HeaderValue::from_str(&origin) else {
        return AppError::origin_invalid(&origin).into_response();
    };
    if req.method() == Method::OPTIONS {
        // ClerkJS never preflights (its requests are simple); other callers may.
        let mut res = StatusCode::NO_CONTENT.into_response();
        let h = res.headers_mut();
        h.insert(ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, PATCH, PUT, DELETE"));
        if let Some(asked) = req.headers().get(ACCESS_CONTROL_REQUEST_HEADERS) {
            h.insert(ACCESS_CONTROL_ALLOW_HEADERS, asked.clone());
        }
        h.insert(ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
        credentialed(h, origin_value);
        return res;
    }
    let mut res = next.run(req).await;
    credentialed(res.headers_mut(), origin_value);
    res
}

fn credentialed(h: &mut HeaderMap, origin: HeaderValue) {
    h.insert(ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    h.insert(ACCESS_CONTROL_ALLOW_CREDENTIALS, HeaderValue::from_static("true"));
    h.insert(ACCESS_CONTROL_EXPOSE_HEADERS, HeaderValue::from_static(EXPOSED));
    h.append(VARY, HeaderValue::from_static("Origin"));
}

/// The request timeout (`timeouts.request_secs`, outermost, so reading the body is inside it): a
/// request that takes longer — a client sending its body slowly — is answered with Clerk's 504
/// `gateway_timeout`, and hyper closes the connection, whose body was not read to its end. (Work
/// already handed to a database transaction finishes on its own.)
pub async fn timeout(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let secs = st.config.timeouts.request_secs;
    match tokio::time::timeout(std::time::Duration::from_secs(secs), next.run(req)).await {
        Ok(res) => res,
        Err(_) => AppError::request_timeout(secs).into_response(),
    }
}

/// Logs each request at debug level (`RUST_LOG=clerk_devserver=debug`).
pub async fn log_requests(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    tracing::debug!(%method, %path, status = res.status().as_u16(), "request");
    res
}
