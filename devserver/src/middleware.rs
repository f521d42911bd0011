//! Request plumbing that runs around the routes.
//!
//! `dashboard_guard` runs first of all (after the timeout and the body limit, `lib.rs`), on the
//! dashboard's paths only (`is_dashboard_path`: `/dev`, `/dev/`, `/dev/dashboard.{js,css}`,
//! `/dev/api/*`): the peer must be on a loopback address, `Host` must be this server's own address
//! (a loopback name with the port it listens on: DNS rebinding), every `/dev/api/*` call must carry
//! the per-process CSRF token (`X-Clerk-Dev-Csrf`, `AppState::dashboard_csrf`), and a mutating one
//! an `Origin` equal to `http://<Host>` (any `Origin` present must be that one). A call it lets
//! through is marked `DashboardCall`: the capture skips it and `cors` adds no CORS headers. It
//! forwards `/dev/api/bapi/<rest>` to the Backend API route `/bapi/<rest>` (query kept) with the
//! secret key as `Authorization` and no `Origin`, so the dashboard gets the Backend API's own
//! validation and rendering; every dashboard answer carries its security headers (CSP, no frames,
//! no caching, no referrer).
//!
//! `rewrite` runs *before* routing (it wraps the whole router, see `lib.rs`): axum's
//! `Router::layer` middleware would run after a handler was already chosen, too late to change
//! the method or the path. It applies ClerkJS's method tunnelling (`POST …?_method=PATCH`; ClerkJS
//! sends only GET and POST so that requests stay CORS-simple and Safari keeps its cookies) and
//! strips the trailing slash ClerkJS puts on some create paths (`/v1/me/email_addresses/`).
//!
//! `cors` decides who may call: the Frontend API answers allowed origins with credentialed CORS
//! headers and refuses the rest with `origin_invalid`; the pages and the SDK's files are public.
//! The Backend API and the dashboard get no CORS at all (the Backend API's guard refuses browser
//! calls; the dashboard is same-origin only).
//!
//! `record` runs before `rewrite` (`lib.rs`): the request capture behind `GET|DELETE
//! /dev/requests` and the dashboard's `/dev/api/requests` (`request_log.rs`). It keeps every
//! Frontend API request (`is_fapi_path`, except `/dev/requests` itself; `api: "fapi"`) and every
//! Backend API request (`api: "bapi"`) as it arrived — method and path before method tunnelling
//! and trailing-slash removal, the query pairs in order, the raw body, content-type and origin
//! (never `Authorization` nor any other header) — then, once the answer is ready, its `status`
//! and `durationMs`; so tests can compare what two SDKs send for the same call, and the dashboard
//! can show the traffic. The dashboard's own calls (`DashboardCall`), and the Backend API calls
//! it forwards, are not kept. CORS preflights are kept too (ClerkJS never causes one). The last
//! `CAPTURE_CAPACITY` stay in memory (`AppState::requests`); bodies are cut at `CAPTURE_MAX_BODY`
//! bytes, and one declared larger than that is passed on unread (`truncated: true`).

use crate::error::AppError;
use crate::form::RawBody;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::extract::{FromRequest, Request, State};
use axum::http::header::{
    ACCESS_CONTROL_ALLOW_CREDENTIALS, ACCESS_CONTROL_ALLOW_HEADERS, ACCESS_CONTROL_ALLOW_METHODS, ACCESS_CONTROL_ALLOW_ORIGIN,
    ACCESS_CONTROL_EXPOSE_HEADERS, ACCESS_CONTROL_MAX_AGE, ACCESS_CONTROL_REQUEST_HEADERS, AUTHORIZATION, CACHE_CONTROL, CONTENT_LENGTH,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, HOST, ORIGIN, REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

/// Paths that belong to the Frontend API (and the dev endpoints pages call with fetch), not the
/// dashboard's.
pub fn is_fapi_path(path: &str) -> bool {
    (path == "/v1" || path.starts_with("/v1/") || path.starts_with("/.well-known/") || path.starts_with("/dev/")) && !is_dashboard_path(path)
}

/// The dashboard's paths: its page, its two files and its API (`/dev/api/*`).
pub fn is_dashboard_path(path: &str) -> bool {
    matches!(path, "/dev" | "/dev/" | "/dev/dashboard.js" | "/dev/dashboard.css" | "/dev/api") || path.starts_with("/dev/api/")
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

// ---- the dashboard's guard ---------------------------------------------------------------------

/// The header a dashboard API call carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-clerk-dev-csrf";

/// The Content-Security-Policy of every dashboard answer: its own files only, no frames.
pub const DASHBOARD_CSP: &str = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Marks a request `dashboard_guard` let through (a dashboard path, or the Backend API call a
/// `/dev/api/bapi/*` call became): the capture does not keep it, `cors` adds nothing to it.
#[derive(Debug, Clone, Copy)]
pub struct DashboardCall;

/// The guard of the dashboard's paths (see the module doc), and the forward of
/// `/dev/api/bapi/<rest>` to `/bapi/<rest>`. Other paths pass untouched.
pub async fn dashboard_guard(State(st): State<AppState>, mut req: Request, next: Next) -> Response {
    if !is_dashboard_path(req.uri().path()) {
        return next.run(req).await;
    }
    let mut res = match dashboard_check(&st, &req) {
        Err(refusal) => refusal.into_response(),
        Ok(()) => {
            req.extensions_mut().insert(DashboardCall);
            if let Some(rest) = bapi_forward(req.uri().path()) {
                let pq = match req.uri().query() {
                    Some(q) => format!("{rest}?{q}"),
                    None => rest,
                };
                match pq.parse::<Uri>() {
                    Ok(uri) => *req.uri_mut() = uri,
                    Err(_) => return AppError::route_not_found(req.uri().path()).into_response(),
                }
                let h = req.headers_mut();
                h.remove(ORIGIN);
                h.remove(COOKIE);
                h.remove(CSRF_HEADER);
                match HeaderValue::from_str(&format!("Bearer {}", st.secret_key)) {
                    Ok(v) => h.insert(AUTHORIZATION, v),
                    Err(e) => return AppError::internal(format!("secret key as a header: {e}")).into_response(),
                };
            }
            next.run(req).await
        }
    };
    let h = res.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(DASHBOARD_CSP));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    res
}

/// `/bapi/<rest>` for `/dev/api/bapi/<rest>` (and `/bapi` for `/dev/api/bapi`).
fn bapi_forward(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/dev/api/bapi")?;
    (rest.is_empty() || rest.starts_with('/')).then(|| format!("/bapi{rest}"))
}

/// The guard's checks, in order: peer, Host, CSRF token (API calls), Origin.
fn dashboard_check(st: &AppState, req: &Request) -> Result<(), AppError> {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if !peer.is_some_and(is_loopback) {
        return Err(AppError::dashboard_peer_refused());
    }
    let host = req.headers().get(HOST).and_then(|v| v.to_str().ok()).ok_or_else(AppError::dashboard_host_invalid)?;
    if !own_host(host, st.addr.port()) {
        return Err(AppError::dashboard_host_invalid());
    }
    if req.uri().path().starts_with("/dev/api") {
        let token = req.headers().get(CSRF_HEADER).map(HeaderValue::as_bytes).unwrap_or_default();
        if !crate::secret_key::constant_time_eq(token, st.dashboard_csrf.as_bytes()) {
            return Err(AppError::csrf_token_invalid());
        }
    }
    let origin = req.headers().get(ORIGIN).map(|v| v.to_str().unwrap_or("\u{fffd}"));
    match origin {
        Some(o) if o != format!("http://{host}") => Err(AppError::dashboard_origin_invalid()),
        None if !matches!(*req.method(), Method::GET | Method::HEAD) => Err(AppError::dashboard_origin_missing()),
        _ => Ok(()),
    }
}

/// A loopback address, IPv4-mapped IPv6 (`::ffff:127.0.0.1`) included.
fn is_loopback(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4.is_loopback(),
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(v6.is_loopback(), |v4| v4.is_loopback()),
    }
}

/// Whether `host` (a `Host` header) names this server: a loopback name with its port.
fn own_host(host: &str, port: u16) -> bool {
    let Some((name, p)) = host.rsplit_once(':') else { return false };
    p == port.to_string() && (name == "127.0.0.1" || name.eq_ignore_ascii_case("localhost") || name == "[::1]")
}

// ---- the request capture -----------------------------------------------------------------------

/// The most of a body that is kept.
const CAPTURE_MAX_BODY: usize = 64 * 1024;

/// Which API a request to `path` belongs to, if it is captured: the Frontend API's (but not the
/// capture's own) and the Backend API's.
fn captured(path: &str) -> Option<&'static str> {
    if is_fapi_path(path) && path.trim_end_matches('/') != "/dev/requests" {
        Some("fapi")
    } else if is_bapi_path(path) {
        Some("bapi")
    } else {
        None
    }
}

/// The request capture (before `rewrite`): records a Frontend or Backend API request as it
/// arrived, passes it on unchanged, and keeps it with its answer's status and duration. The
/// dashboard's calls are not kept.
pub async fn record(State(st): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    let path = req.uri().path().to_string();
    let api = if req.extensions().get::<DashboardCall>().is_some() { None } else { captured(&path) };
    let Some(api) = api else {
        return Ok(next.run(req).await);
    };
    let started = Instant::now();
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
        "api": api,
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
    let res = next.run(Request::from_parts(parts, body)).await;
    entry["status"] = json!(res.status().as_u16());
    // Milliseconds, to the microsecond: most answers take less than one.
    entry["durationMs"] = json!(started.elapsed().as_micros() as f64 / 1000.0);
    st.requests.push(entry);
    Ok(res)
}

const EXPOSED: &str = "Clerk-Db-Jwt, x-country, Retry-After";

/// CORS and origin checks.
pub async fn cors(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    if is_bapi_path(&path) || is_dashboard_path(&path) || req.extensions().get::<DashboardCall>().is_some() {
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
