//! The pages and the SDK's files, and the fallback for everything no route matched.
//!
//! Only `index.html`, `www/` and `pkg/` under the static directory are served — never the rest of
//! it (the repository root holds `.clerk-dev/` with the database and the secret key). The SDK's
//! browser bundle is also reachable at the path ClerkJS's script-tag snippet loads from the
//! Frontend API, `/npm/@clerk/clerk-js@<version>/dist/<file>`, which maps onto `pkg/<file>`.
//! Unknown API paths get Clerk's JSON 404, not a page.

use crate::error::AppError;
use crate::middleware::{is_bapi_path, is_dashboard_path, is_fapi_path};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// Maps a request path onto a file path under the static directory, or `None` if it is not served.
pub fn static_path(path: &str) -> Option<String> {
    if path == "/" {
        return Some("/index.html".into());
    }
    if path == "/index.html" || path == "/www" || path.starts_with("/www/") || path == "/pkg" || path.starts_with("/pkg/") {
        return Some(path.to_string());
    }
    let rest = path.strip_prefix("/npm/@clerk/clerk-js@")?;
    let (_version, file) = rest.split_once("/dist/")?;
    if file.is_empty() || file.contains('/') {
        return None;
    }
    Some(format!("/pkg/{file}"))
}

pub async fn fallback(State(st): State<AppState>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    if is_fapi_path(&path) || is_bapi_path(&path) || is_dashboard_path(&path) {
        return AppError::route_not_found(&path).into_response();
    }
    let (Some(root), Some(mapped)) = (st.static_dir.as_ref(), static_path(&path)) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let uri = match req.uri().query() {
        Some(q) => format!("{mapped}?{q}"),
        None => mapped,
    };
    let (mut parts, body) = req.into_parts();
    match uri.parse::<Uri>() {
        Ok(u) => parts.uri = u,
        Err(_) => return (StatusCode::NOT_FOUND, "Not found").into_response(),
    }
    let req = Request::from_parts(parts, body);
    match ServeDir::new(root).oneshot(req).await {
        Ok(res) => {
            let mut res = res.into_response();
            // A dev server: always revalidate, so a rebuilt pkg/ is picked up on reload.
            res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            res
        }
        Err(e) => AppError::internal(format!("static file: {e}")).into_response(),
    }
}

/// A known path with a method it does not take.
pub async fn no_such_route(uri: Uri) -> AppError {
    AppError::route_not_found(uri.path())
}

#[cfg(test)]
mod tests {
    use super::static_path;

    #[test]
    fn only_pages_and_pkg_are_served() {
        assert_eq!(static_path("/").as_deref(), Some("/index.html"));
        assert_eq!(static_path("/www/notion.html").as_deref(), Some("/www/notion.html"));
        assert_eq!(static_path("/pkg/clerk.js").as_deref(), Some("/pkg/clerk.js"));
        assert_eq!(static_path("/npm/@clerk/clerk-js@latest/dist/clerk.browser.js").as_deref(), Some("/pkg/clerk.browser.js"));
        assert_eq!(static_path("/npm/@clerk/clerk-js@6/dist/a/b.js"), None);
        assert_eq!(static_path("/.clerk-dev/clerk-dev.sqlite3"), None);
        assert_eq!(static_path("/Cargo.toml"), None);
        assert_eq!(static_path("/wwwx/secret"), None);
    }
}
