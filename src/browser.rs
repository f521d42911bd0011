//! The page the SDK runs in: its cookies, its address, timers and navigation. Thin wrappers over
//! web-sys that never panic — outside a browser (or in a worker) they do nothing and return
//! `None`, so the rest of the SDK does not have to care.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

pub const YEAR_SECS: i64 = 365 * 24 * 3600;

fn document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into::<web_sys::HtmlDocument>().ok()
}

/// The value of cookie `name` in a `document.cookie` string.
pub fn find_cookie(all: &str, name: &str) -> Option<String> {
    all.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

/// Reads a JavaScript-visible cookie of the page.
pub fn cookie(name: &str) -> Option<String> {
    find_cookie(&document()?.cookie().ok()?, name)
}

fn is_https() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:")
}

/// Writes a host-only cookie on path `/` that expires in `max_age` seconds.
pub fn set_cookie(name: &str, value: &str, max_age: i64, same_site: &str) {
    if let Some(doc) = document() {
        let secure = if is_https() { "; Secure" } else { "" };
        let _ = doc.set_cookie(&format!("{name}={value}; Path=/; Max-Age={max_age}; SameSite={same_site}{secure}"));
    }
}

pub fn remove_cookie(name: &str) {
    if let Some(doc) = document() {
        let _ = doc.set_cookie(&format!("{name}=; Path=/; Max-Age=0"));
    }
}

/// `location.origin` of the page.
pub fn origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// `location.href` of the page.
pub fn href() -> Option<String> {
    web_sys::window()?.location().href().ok()
}

/// Removes a query parameter from the address bar (without reloading) and returns its value.
pub fn take_query_param(name: &str) -> Option<String> {
    let window = web_sys::window()?;
    let url = web_sys::Url::new(&window.location().href().ok()?).ok()?;
    let params = url.search_params();
    let value = params.get(name)?;
    params.delete(name);
    let _ = window.history().ok()?.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    Some(value)
}

/// Resolves `to` against the page and checks it is http(s): the only places the SDK navigates.
pub fn resolve_http_url(to: &str) -> Option<String> {
    let base = href()?;
    let url = web_sys::Url::new_with_base(to, &base).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Sends the whole page to `to` when it is an http(s) URL; anything else is refused and
/// reported as `false` (ClerkJS falls back to `/` for such URLs; the SDK does not move at all).
pub fn navigate(to: &str) -> bool {
    match (resolve_http_url(to), web_sys::window()) {
        (Some(url), Some(w)) => w.location().set_href(&url).is_ok(),
        _ => false,
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let Some(window) = web_sys::window() else { return };
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32);
    });
    let _ = JsFuture::from(promise).await;
}

/// Current time in Unix milliseconds.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_cookies() {
        let all = "a=1; __session=x.y.z; __session_abc=q; b=";
        assert_eq!(super::find_cookie(all, "__session").as_deref(), Some("x.y.z"));
        assert_eq!(super::find_cookie(all, "b").as_deref(), Some(""));
        assert_eq!(super::find_cookie(all, "c"), None);
        assert_eq!(super::find_cookie("", "a"), None);
    }
}
