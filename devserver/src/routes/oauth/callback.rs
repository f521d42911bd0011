//! `GET /v1/oauth_callback` (and `POST`, answered `303` to the `GET` form, as Clerk does for
//! providers that post): where the mock provider sends the browser back. The round trip's end
//! is `auth::oauth::callback`; this answers `303` to its `redirect_url` (with the rotated client
//! cookie when a sign-in completed for the browser that started it), or an error page (JSON for
//! non-browsers) when the callback is refused.

use super::page;
use crate::auth::oauth::callback;
use crate::caller::Caller;
use crate::form::Params;
use crate::state::AppState;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, Uri};
use axum::response::Response;

/// `POST /v1/oauth_callback`: `303` to the `GET` form with the same parameters.
pub async fn callback_post(params: Params) -> Response {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for key in ["code", "state", "scope", "error", "error_description"] {
        if let Some(v) = params.get(key) {
            q.append_pair(key, v);
        }
    }
    page::see_other(&format!("/v1/oauth_callback?{}", q.finish()))
}

pub async fn callback_get(caller: Caller, State(st): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let html = page::wants_html(&headers);
    let result = st
        .tx(move |tx, st| {
            let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
            callback::callback(tx, st, &caller, &q)
        })
        .await;
    match result {
        Ok((to, cookie)) => {
            let mut res = page::see_other(&to);
            if let Some(v) = cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
                res.headers_mut().append(SET_COOKIE, v);
            }
            res
        }
        Err(e) => page::error_response(e, html),
    }
}
