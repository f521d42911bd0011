//! The page around the components: its address, the address bar, navigation (http and https
//! only, as everywhere in the SDK) and the console. Nothing here throws or panics; outside a
//! window each function does nothing and returns `None` / `false`.
//!
//! `location`, `history` and the parts of a `URL` are read and called reflectively ([`api::get`], [`api::call`]): a
//! typed binding per property and method measured more.

use crate::api;
use wasm_bindgen::JsValue;
use web_sys::Url;

/// `globalThis[name]` (`location`, `history`).
fn global(name: &str) -> JsValue {
    api::get(&js_sys::global(), name)
}

/// `location.href`.
pub fn href() -> Option<String> {
    api::get_text(&global("location"), "href")
}

/// `location.href` without its `#fragment`.
pub fn href_without_hash() -> String {
    let mut here = href().unwrap_or_default();
    if let Some(i) = here.bytes().position(|b| b == b'#') {
        here.truncate(i);
    }
    here
}

/// A query parameter of the page's address (`Some("")` when present and empty).
pub fn query_param(name: &str) -> Option<String> {
    let url = Url::new(&href()?).ok()?;
    let params = api::get(&url, "searchParams");
    api::call(&params, "get", &JsValue::from_str(name)).ok()?.as_string()
}

/// Resolves `to` against the page and checks it is http(s): the only URLs the components
/// link to or navigate to.
pub fn resolve_http_url(to: &str) -> Option<String> {
    let url = Url::new_with_base(to, &href()?).ok()?;
    matches!(api::get_text(&url, "protocol").as_deref(), Some("http:" | "https:")).then(|| api::get_text(&url, "href")).flatten()
}

/// Sends the page to `to` when it is an http(s) URL; anything else is refused (`false`).
pub fn navigate(to: &str) -> bool {
    match resolve_http_url(to) {
        Some(url) => api::call(&global("location"), "assign", &JsValue::from_str(&url)).is_ok(),
        None => false,
    }
}

/// `history[method](null, "", url)`.
fn history(method: &str, url: &str) {
    let history = global("history");
    if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(api::get(&history, method)) {
        let _ = f.call3(&history, &JsValue::NULL, &JsValue::from_str(""), &JsValue::from_str(url));
    }
}

/// Replaces the address bar's URL without a navigation (`history.replaceState`).
pub fn replace_url(url: &str) {
    history("replaceState", url);
}

/// Puts `url` in the address bar as a new history entry, without a navigation
/// (`history.pushState`).
pub fn push_url(url: &str) {
    history("pushState", url);
}

/// `console.warn(message)`.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
