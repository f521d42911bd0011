//! The guard of the Backend API and of the dev server's own secret routes (`/dev/outbox`, which
//! reveals codes; `/dev/requests`; `/dev/clock`): `Authorization: Bearer <secret key>`, and never
//! from a browser — a request with an `Origin` header is refused, so the secret key has no use in
//! a page. `SecretKey` is an axum extractor: a handler (or middleware) that takes one runs only
//! for a caller that has the key; anyone else gets Clerk's 401 first.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::header::{AUTHORIZATION, ORIGIN};
use axum::http::request::Parts;
use axum::http::HeaderMap;

/// Proof that the request carried the instance's secret key.
pub struct SecretKey;

impl FromRequestParts<AppState> for SecretKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, AppError> {
        check(st, &parts.headers).map(|()| SecretKey)
    }
}

/// Checks the headers of a request for the secret key.
fn check(st: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    if headers.contains_key(ORIGIN) {
        return Err(AppError::origin_with_secret_key());
    }
    let given = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match given {
        None => Err(AppError::bapi_authorization_format()),
        Some(key) if !constant_time_eq(key.trim().as_bytes(), st.secret_key.as_bytes()) => Err(AppError::bapi_key_invalid()),
        Some(_) => Ok(()),
    }
}

/// Compares two strings in time that depends only on their lengths (also the dashboard's CSRF
/// token, `middleware::dashboard_guard`).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
