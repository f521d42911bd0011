//! Shared helpers of the browser tests: where the dev server is, the users and sign-in tickets
//! `scripts/test.sh` prepared for them, and small adapters from the exported API's promises
//! and `JsValue`s to Rust.
//!
//! The dev server's address and the seeded users come in at compile time (gloo's pattern for
//! its HTTP tests): `scripts/test.sh` starts a dev server, creates users and single-use
//! sign-in tokens through its Backend API, and sets `CLERK_TEST_FAPI`, `CLERK_TEST_PK` and
//! `CLERK_TEST_USERS` (`user_id|ticket|email` entries separated by commas) before running
//! `wasm-pack test`. The secret key never reaches the browser.
#![allow(dead_code)]

use clerk_wasm::Clerk;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A value `scripts/test.sh` set at compile time.
fn prepared(value: Option<&'static str>, name: &str) -> &'static str {
    match value {
        Some(v) => v,
        None => panic!("{name} is not set: run the browser tests through `make test`"),
    }
}

pub fn fapi() -> &'static str {
    prepared(option_env!("CLERK_TEST_FAPI"), "CLERK_TEST_FAPI")
}

pub fn publishable_key() -> &'static str {
    prepared(option_env!("CLERK_TEST_PK"), "CLERK_TEST_PK")
}

/// A user prepared for the tests, with one unused sign-in ticket.
pub struct TestUser {
    pub id: &'static str,
    pub ticket: &'static str,
    pub email: &'static str,
}

/// The `n`th prepared user (each test file uses its own indices; every ticket works once).
pub fn user(n: usize) -> TestUser {
    let all = prepared(option_env!("CLERK_TEST_USERS"), "CLERK_TEST_USERS");
    let entry = all.split(',').nth(n).unwrap_or_else(|| panic!("CLERK_TEST_USERS has no user #{n}"));
    let mut parts = entry.split('|');
    TestUser { id: parts.next().unwrap(), ticket: parts.next().unwrap(), email: parts.next().unwrap() }
}

/// `{key: value, …}` as a JS object.
pub fn obj(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        js_sys::Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

/// `value[key]`, or `undefined` when `value` is not an object.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    if !value.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

/// `value[a][b]…` as a string (panics with the path if it is not one).
pub fn text(value: &JsValue, path: &[&str]) -> String {
    let mut v = value.clone();
    for k in path {
        v = get(&v, k);
    }
    v.as_string().unwrap_or_else(|| panic!("{path:?} is not a string: {v:?}"))
}

/// Awaits a promise the SDK returned.
pub async fn resolve(p: js_sys::Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(p).await
}

/// A Clerk for the dev server in cookie mode (the key of the server's own address).
pub fn clerk() -> Clerk {
    Clerk::new(publishable_key().into(), JsValue::UNDEFINED).expect("the dev server's key is valid")
}

/// `new Clerk(key, {proxyUrl})`.
pub fn clerk_with(key: &str, proxy_url: &str) -> Result<Clerk, JsValue> {
    Clerk::new(key.into(), obj(&[("proxyUrl", proxy_url.into())])).map_err(JsValue::from)
}

/// Loads, signs in with the user's ticket and makes the new session current.
pub async fn sign_in(clerk: &Clerk, user: &TestUser) {
    resolve(clerk.load(JsValue::UNDEFINED)).await.expect("load");
    let sign_in = get(&clerk.client(), "signIn");
    let create: js_sys::Function = get(&sign_in, "create").dyn_into().unwrap();
    let params = obj(&[("strategy", "ticket".into()), ("ticket", user.ticket.into())]);
    let done = resolve(create.call1(&sign_in, &params).unwrap().dyn_into().unwrap()).await.expect("ticket sign-in");
    let session = get(&done, "createdSessionId");
    resolve(clerk.set_active(obj(&[("session", session)]))).await.expect("setActive");
}

/// Signs out without navigating (`signOut(callback)`).
pub async fn sign_out(clerk: &Clerk) {
    let noop = wasm_bindgen::closure::Closure::<dyn Fn()>::new(|| {}).into_js_value();
    resolve(clerk.sign_out(noop, JsValue::UNDEFINED)).await.expect("signOut");
}

/// Calls `method` on `target` with `args` and awaits the promise it returns.
pub async fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(target, method).dyn_into().unwrap_or_else(|_| panic!("{method} is not a method"));
    let list: js_sys::Array = args.iter().collect();
    let ret = f.apply(target, &list)?;
    match ret.dyn_into::<js_sys::Promise>() {
        Ok(p) => resolve(p).await,
        Err(v) => Ok(v),
    }
}

/// The value of a page cookie.
pub fn cookie(name: &str) -> Option<String> {
    let doc: web_sys::HtmlDocument = web_sys::window().unwrap().document().unwrap().dyn_into().unwrap();
    clerk_wasm::browser::find_cookie(&doc.cookie().unwrap(), name)
}

/// Sets (or, with `None`, removes) a page cookie.
pub fn set_cookie(name: &str, value: Option<&str>) {
    let doc: web_sys::HtmlDocument = web_sys::window().unwrap().document().unwrap().dyn_into().unwrap();
    let text = match value {
        Some(v) => format!("{name}={v}; Path=/"),
        None => format!("{name}=; Path=/; Max-Age=0"),
    };
    doc.set_cookie(&text).unwrap();
}
