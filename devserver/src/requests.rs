//! The request capture behind `GET|DELETE /dev/requests`: every Frontend API request (`/v1/…`)
//! as it arrived — method and path before method tunnelling and trailing-slash removal, the
//! query pairs in order, the raw form body — so tests can compare what two SDKs send for the
//! same call. The last `CAPACITY` are kept in memory; bodies are cut at `MAX_BODY` bytes.

use crate::error::AppError;
use crate::routes::bapi::check_secret_key;
use crate::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Query, Request, State};
use axum::http::header::{CONTENT_TYPE, ORIGIN};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Mutex;

const CAPACITY: usize = 1000;
const MAX_BODY: usize = 64 * 1024;
/// The most a Frontend API body may be (they are small forms); larger ones are refused.
const BODY_LIMIT: usize = 1024 * 1024;

#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<(u64, VecDeque<Value>)>,
}

impl RequestLog {
    fn push(&self, mut entry: Value) {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 += 1;
        entry["id"] = json!(format!("req_{}", guard.0));
        if guard.1.len() == CAPACITY {
            guard.1.pop_front();
        }
        guard.1.push_back(entry);
    }

    /// Newest first, those whose path starts with `prefix`.
    pub fn list(&self, prefix: &str) -> Vec<Value> {
        let guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard.1.iter().rev().filter(|e| e["path"].as_str().is_some_and(|p| p.starts_with(prefix))).cloned().collect()
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).1.clear();
    }
}

/// Records a `/v1/…` request, then passes it on unchanged.
pub async fn record(State(st): State<AppState>, req: Request, next: Next) -> Result<Response, AppError> {
    let path = req.uri().path().to_string();
    // CORS preflights are the browser's, not the SDK's.
    if !(path == "/v1" || path.starts_with("/v1/")) || req.method() == axum::http::Method::OPTIONS {
        return Ok(next.run(req).await);
    }
    let (parts, body) = req.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.map_err(|_| AppError::body_invalid("the request body is too large"))?;
    let query: Vec<(String, String)> =
        url::form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let header = |name| parts.headers.get(name).and_then(|v: &axum::http::HeaderValue| v.to_str().ok()).map(str::to_string);
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(MAX_BODY)]).into_owned();
    st.requests.push(json!({
        "method": parts.method.as_str(),
        "path": path,
        "query": query,
        "body": text,
        "contentType": header(CONTENT_TYPE),
        "origin": header(ORIGIN),
        "createdAt": st.now(),
    }));
    Ok(next.run(Request::from_parts(parts, Body::from(bytes))).await)
}

#[derive(Deserialize)]
struct Filter {
    path_prefix: Option<String>,
}

pub fn router() -> Router<AppState> {
    Router::new().route("/dev/requests", get(requests_list).delete(requests_clear))
}

async fn requests_list(State(st): State<AppState>, headers: HeaderMap, Query(f): Query<Filter>) -> Result<Json<Value>, AppError> {
    check_secret_key(&st, &headers)?;
    Ok(Json(json!({"data": st.requests.list(f.path_prefix.as_deref().unwrap_or(""))})))
}

async fn requests_clear(State(st): State<AppState>, headers: HeaderMap) -> Result<Json<Value>, AppError> {
    check_secret_key(&st, &headers)?;
    st.requests.clear();
    Ok(Json(json!({"deleted": true})))
}
