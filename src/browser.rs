//! The page the SDK runs in: its cookies, its address, timers and navigation. Thin wrappers that
//! never panic — outside a browser (or in a worker) they do nothing and return `None`, so the
//! rest of the SDK does not have to care.
//!
//! Properties of `window`, `document` and `location` are read through [`js`] rather than one
//! web-sys binding each: every string-returning binding adds its own copy of the string-passing
//! glue to the JS file, and this file's bindings measured about 2 KB of it.

use crate::js;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub const YEAR_SECS: i64 = 365 * 24 * 3600;

pub(crate) fn global(name: &str) -> JsValue {
    js::get(&js_sys::global(), name)
}

fn document() -> JsValue {
    global("document")
}

fn location() -> JsValue {
    global("location")
}

/// Calls `obj[method](args…)`; `None` if it is not a function or it throws.
pub(crate) fn call(obj: &JsValue, method: &str, args: &[&JsValue]) -> Option<JsValue> {
    let f = js::get(obj, method).dyn_into::<js_sys::Function>().ok()?;
    let list: js_sys::Array = args.iter().map(|a| (*a).clone()).collect();
    f.apply(obj, &list).ok()
}

/// The value of cookie `name` in a `document.cookie` string.
pub fn find_cookie(all: &str, name: &str) -> Option<String> {
    all.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| *k == name).map(|(_, v)| v.to_string())
}

/// Whether the page has a cookie whose name starts with `prefix`.
pub fn has_cookie_starting(prefix: &str) -> bool {
    js::string(&document(), "cookie").is_some_and(|all| all.split(';').any(|c| c.trim_start().starts_with(prefix)))
}

/// Reads a JavaScript-visible cookie of the page.
pub fn cookie(name: &str) -> Option<String> {
    find_cookie(&js::string(&document(), "cookie")?, name)
}

fn write_cookie(text: &str) {
    let doc = document();
    if doc.is_object() {
        js::set(&doc, "cookie", &JsValue::from_str(text));
    }
}

/// Writes a host-only cookie on path `/` that expires in `max_age` seconds.
pub fn set_cookie(name: &str, value: &str, max_age: i64, same_site: &str) {
    let secure = if js::string(&location(), "protocol").as_deref() == Some("https:") { "; Secure" } else { "" };
    let age = max_age.to_string();
    write_cookie(&[name, "=", value, "; Path=/; Max-Age=", &age, "; SameSite=", same_site, secure].concat());
}

pub fn remove_cookie(name: &str) {
    write_cookie(&[name, "=; Path=/; Max-Age=0"].concat());
}

/// `location.origin` of the page.
pub fn origin() -> Option<String> {
    js::string(&location(), "origin")
}

/// `location.href` of the page.
pub fn href() -> Option<String> {
    js::string(&location(), "href")
}

/// Removes a query parameter from the address bar (without reloading) and returns its value.
pub fn take_query_param(name: &str) -> Option<String> {
    let url = web_sys::Url::new(&href()?).ok()?;
    let params = url.search_params();
    let value = params.get(name)?;
    params.delete(name);
    call(&global("history"), "replaceState", &[&JsValue::NULL, &JsValue::from_str(""), &JsValue::from_str(&url.href())]);
    Some(value)
}

/// Resolves `to` against the page and checks it is http(s): the only places the SDK navigates.
pub fn resolve_http_url(to: &str) -> Option<String> {
    let url = web_sys::Url::new_with_base(to, &href()?).ok()?;
    matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
}

/// Sends the whole page to `to` when it is an http(s) URL; anything else is refused and
/// reported as `false` (ClerkJS falls back to `/` for such URLs; the SDK does not move at all).
pub fn navigate(to: &str) -> bool {
    match resolve_http_url(to) {
        Some(url) => call(&location(), "assign", &[&JsValue::from_str(&url)]).is_some(),
        None => false,
    }
}

/// Whether the page has the focus (`document.hasFocus()`); `false` outside a document.
pub fn has_focus() -> bool {
    call(&document(), "hasFocus", &[]).and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Whether the page is shown (`document.visibilityState === "visible"`).
pub fn is_visible() -> bool {
    js::string(&document(), "visibilityState").as_deref() == Some("visible")
}

/// The page's state as ClerkJS reports it with a token request: `focused`, `visible` or
/// `hidden`.
pub fn tab_state() -> &'static str {
    if has_focus() {
        "focused"
    } else if is_visible() {
        "visible"
    } else {
        "hidden"
    }
}

/// Calls `f` on every `event` of `window` (`"focus"`) or `document` (`"visibilitychange"`) for
/// the life of the page.
pub fn on_event(target: &JsValue, event: &str, f: impl Fn() + 'static) {
    // `dyn Fn()`, the type `addListener`'s unsubscribe already has: a second zero-argument
    // closure type made wasm-opt -Oz fold its shim in a way wasm-bindgen 0.2.130 then fails on
    // ("failed to find 0 in function table").
    let f = wasm_bindgen::closure::Closure::<dyn Fn()>::new(f).into_js_value();
    call(target, "addEventListener", &[&JsValue::from_str(event), &f]);
}

/// `window` and `document`.
pub fn window_and_document() -> (JsValue, JsValue) {
    (js_sys::global().into(), document())
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        call(&js_sys::global(), "setTimeout", &[&resolve, &JsValue::from(ms)]);
    });
    let _ = JsFuture::from(promise).await;
}

/// ClerkJS's cookie suffix: the first 8 characters of URL-safe base64 of SHA-1(publishable key),
/// computed with the browser's `crypto.subtle` (a SHA-1 in Rust measured 4 KB of `.wasm`).
/// `None` where `crypto.subtle` is unavailable (pages on plain http outside loopback); the SDK
/// then writes only the unsuffixed cookies, which Clerk's backends also read.
pub async fn cookie_suffix(publishable_key: &str) -> Option<String> {
    let subtle = js::get(&global("crypto"), "subtle");
    let data = js_sys::Uint8Array::from(publishable_key.as_bytes());
    let promise = call(&subtle, "digest", &[&JsValue::from_str("SHA-1"), &data])?.dyn_into::<js_sys::Promise>().ok()?;
    let buf = JsFuture::from(promise).await.ok()?;
    let digest = js_sys::Uint8Array::new(&buf).to_vec();
    let s = crate::base64::encode_url_safe(&digest);
    s.get(..8).map(str::to_string)
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
