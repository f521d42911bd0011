//! The page around the components: its address, the address bar, navigation (http and https
//! only, as everywhere in the SDK) and the console. Nothing here throws or panics; outside a
//! window each function does nothing and returns `None` / `false`.

use wasm_bindgen::JsValue;
use web_sys::{Url, Window};

fn window() -> Option<Window> {
    web_sys::window()
}

/// `location.href`.
pub fn href() -> Option<String> {
    window()?.location().href().ok()
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
    Url::new(&href()?).ok()?.search_params().get(name)
}

/// Resolves `to` against the page and checks it is http(s): the only URLs the components
/// link to or navigate to.
pub fn resolve_http_url(to: &str) -> Option<String> {
    let url = Url::new_with_base(to, &href()?).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Sends the page to `to` when it is an http(s) URL; anything else is refused (`false`).
pub fn navigate(to: &str) -> bool {
    match (resolve_http_url(to), window()) {
        (Some(url), Some(w)) => w.location().assign(&url).is_ok(),
        _ => false,
    }
}

/// Replaces the address bar's URL without a navigation (`history.replaceState`).
pub fn replace_url(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// Puts `url` in the address bar as a new history entry, without a navigation
/// (`history.pushState`).
pub fn push_url(url: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(url));
    }
}

/// `console.warn(message)`.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
