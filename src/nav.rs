//! Where the SDK sends people, as ClerkJS does (`core/clerk.ts`, `utils/redirectUrls.ts`):
//! the URL builders (`buildSignInUrl`, `buildAfterSignInUrl`, …), the redirect options of
//! `load()` and the props that override them, the `allowedRedirectOrigins` filter, and
//! `navigate`, which hands same-origin paths to the app's `routerPush` / `routerReplace`.
//!
//! Redirect URLs taken from options, props or a page's query are made absolute and dropped —
//! with a console warning — unless they are http(s) and on an allowed origin: the page's own,
//! or those `allowedRedirectOrigins` lists (strings with `*` globs, or `RegExp`s); without that
//! option, ClerkJS's defaults (the page, the instance's domain and its subdomains over https).

use crate::browser;
use crate::core::Core;
use crate::error::Error;
use crate::js;
use crate::key::InstanceType;
use crate::params::LoadOptions;
use wasm_bindgen::{JsCast, JsValue};

/// The redirect keys, in the order ClerkJS writes them into a sign-in or sign-up URL.
const KEYS: [&str; 5] = ["signUpForceRedirectUrl", "signUpFallbackRedirectUrl", "signInFallbackRedirectUrl", "signInForceRedirectUrl", "redirectUrl"];
const SIGN_UP_FORCE: usize = 0;
const SIGN_UP_FALLBACK: usize = 1;
const SIGN_IN_FALLBACK: usize = 2;
const SIGN_IN_FORCE: usize = 3;
const REDIRECT: usize = 4;

/// The five redirect values of one source (options, props or query), already filtered.
type Urls = [Option<String>; 5];

/// Where a redirect value comes from: `load()`'s options, a method's props (a JS object with
/// camelCase keys) or a query (`URLSearchParams` or an object with snake_case keys).
pub enum From<'a> {
    Options(&'a LoadOptions),
    Props(&'a JsValue),
    Query(&'a JsValue),
}

fn option_value(o: &LoadOptions, i: usize) -> Option<String> {
    match i {
        SIGN_UP_FORCE => o.sign_up_force_redirect_url.clone(),
        SIGN_UP_FALLBACK => o.sign_up_fallback_redirect_url.clone(),
        SIGN_IN_FALLBACK => o.sign_in_fallback_redirect_url.clone(),
        SIGN_IN_FORCE => o.sign_in_force_redirect_url.clone(),
        _ => None,
    }
}

fn read(core: &Core, from: &From) -> Urls {
    let mut out: Urls = Default::default();
    for (i, key) in KEYS.iter().enumerate() {
        let raw = match from {
            From::Options(o) => option_value(o, i),
            From::Props(p) => js::string(p, key),
            From::Query(q) => {
                let name = crate::fapi::form::camel_to_snake(key);
                browser::call(q, "get", &[&JsValue::from_str(&name)]).and_then(|v| v.as_string()).or_else(|| js::string(q, &name))
            }
        };
        out[i] = raw.filter(|v| !v.is_empty()).and_then(|v| allowed(core, &v));
    }
    out
}

/// `url` made absolute against the page, when it may be redirected to (see the module doc).
pub fn allowed(core: &Core, url: &str) -> Option<String> {
    let page = browser::href()?;
    let u = web_sys::Url::new_with_base(url, &page).ok()?;
    let path = u.pathname();
    let problematic = !matches!(u.protocol().as_str(), "http:" | "https:") || path.starts_with("//") || path.chars().any(|c| c.is_control());
    let origin = u.origin();
    let ok = !problematic && (browser::origin().as_deref() == Some(origin.as_str()) || allowed_origin(core, &origin));
    if !ok {
        web_sys::console::warn_1(&JsValue::from_str(
            &["Clerk: Redirect URL ", &u.href(), " is not on one of the allowedRedirectOrigins, falling back to the default redirect URL."].concat(),
        ));
    }
    ok.then(|| u.href())
}

fn allowed_origin(core: &Core, origin: &str) -> bool {
    let origin = origin.trim_end_matches('/');
    let given = core.options().allowed_redirect_origins;
    if let Some(list) = given.dyn_ref::<js_sys::Array>().filter(|a| a.length() > 0) {
        return list.iter().any(|p| match p.as_string() {
            Some(glob) => glob_match(glob.trim_end_matches('/'), origin),
            None => browser::call(&p, "test", &[&JsValue::from_str(origin)]).and_then(|v| v.as_bool()).unwrap_or(false),
        });
    }
    default_origin(&core.key.frontend_api, core.key.instance_type == InstanceType::Development, origin)
}

/// Whether `origin` is one of ClerkJS's default redirect origins for an instance whose Frontend
/// API host is `fapi`: the globs `https://<domain>`, `https://*.<domain>` (the domain is the host
/// less `clerk.`) and, in development, `https://<fapi>` — matched without building them.
fn default_origin(fapi: &str, dev: bool, origin: &str) -> bool {
    let domain = fapi.strip_prefix("clerk.").unwrap_or(fapi);
    origin
        .strip_prefix("https://")
        .is_some_and(|host| host == domain || host.strip_suffix(domain).is_some_and(|sub| sub.ends_with('.')) || (dev && host == fapi))
}

/// Whether `text` matches `glob`, where `*` stands for any run of characters (byte-wise: no
/// `str::find`, whose two-way searcher measured 2.3 KB of `.wasm`).
pub fn glob_match(glob: &str, text: &str) -> bool {
    fn at(g: &[u8], t: &[u8]) -> bool {
        match g.split_first() {
            None => t.is_empty(),
            Some((b'*', rest)) => (0..=t.len()).any(|i| at(rest, &t[i..])),
            Some((c, rest)) => t.first() == Some(c) && at(rest, &t[1..]),
        }
    }
    at(glob.as_bytes(), text.as_bytes())
}

fn first(sources: &[&Urls], i: usize) -> Option<String> {
    sources.iter().find_map(|s| s[i].clone())
}

/// Where to go after a sign-in (`sign_up: false`) or sign-up: the force URL (query, props,
/// options), else the query's `redirect_url`, else the fallback URL, else `/`.
pub fn after(core: &Core, sign_up: bool, props: &JsValue, query: &JsValue) -> String {
    let options = core.options();
    let (q, p, o) = (read(core, &From::Query(query)), read(core, &From::Props(props)), read(core, &From::Options(&options)));
    let all = [&q, &p, &o];
    let (force, fallback) = if sign_up { (SIGN_UP_FORCE, SIGN_UP_FALLBACK) } else { (SIGN_IN_FORCE, SIGN_IN_FALLBACK) };
    first(&all, force).or_else(|| q[REDIRECT].clone()).or_else(|| first(&all, fallback)).unwrap_or_else(|| "/".into())
}

/// `buildSignInUrl` / `buildSignUpUrl`: the sign-in (or sign-up) page — the `signInUrl` option,
/// else the instance's — with the initial values and the redirect URLs in its hash, as
/// ClerkJS's components read them (`…/sign-in#/?redirect_url=…`). `""` before `load()` or
/// without such a page.
pub fn sign_in_or_up_url(core: &Core, sign_up: bool, props: &JsValue) -> String {
    if !core.is_loaded() {
        return String::new();
    }
    let options = core.options();
    let base = if sign_up { options.sign_up_url.clone() } else { options.sign_in_url.clone() };
    let base = base.filter(|b| !b.is_empty()).or_else(|| {
        let display = js::get(&core.environment().unwrap_or(JsValue::UNDEFINED), "display_config");
        js::string(&display, if sign_up { "sign_up_url" } else { "sign_in_url" })
    });
    let (Some(base), Some(page)) = (base.filter(|b| !b.is_empty()), browser::href()) else { return String::new() };
    let Ok(url) = web_sys::Url::new_with_base(&base, &page) else { return String::new() };
    let (mut p, o) = (read(core, &From::Props(props)), read(core, &From::Options(&options)));
    // The redirect URL defaults to the current page.
    if js::text(props, "redirectUrl").is_none() {
        p[REDIRECT] = allowed(core, &page);
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    let initial = js::get(props, "initialValues");
    if let Some(obj) = initial.dyn_ref::<js_sys::Object>() {
        for entry in js_sys::Object::entries(obj).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                pairs.push((crate::fapi::form::camel_to_snake(&k), v));
            }
        }
    }
    let force_up = first(&[&p, &o], SIGN_UP_FORCE);
    let force_in = first(&[&p, &o], SIGN_IN_FORCE);
    let values = [
        force_up.clone(),
        first(&[&p, &o], SIGN_UP_FALLBACK).filter(|_| force_up.is_none()),
        first(&[&p, &o], SIGN_IN_FALLBACK).filter(|_| force_in.is_none()),
        force_in.clone(),
        p[REDIRECT].clone(),
    ];
    for (key, value) in KEYS.iter().zip(values) {
        if let Some(v) = value {
            pairs.push((crate::fapi::form::camel_to_snake(key), v));
        }
    }
    const DUMMY: &str = "http://clerk-dummy";
    let existing = url.hash();
    if let Ok(inner) = web_sys::Url::new(&[DUMMY, existing.strip_prefix('#').unwrap_or(&existing)].concat()) {
        let search = inner.search_params();
        for (k, v) in &pairs {
            search.set(k, v);
        }
        let hash = inner.href();
        let hash = hash.strip_prefix(DUMMY).unwrap_or("/");
        if hash != "/" {
            url.set_hash(hash);
        }
    }
    with_auth(core, &url.href())
}

/// ClerkJS's `buildUrlWithAuth`: in development, the URL made absolute, carrying the dev
/// browser (`__clerk_db_jwt`) when it leads to another origin; in production, as given.
pub fn with_auth(core: &Core, to: &str) -> String {
    if core.key.instance_type == InstanceType::Production {
        return to.to_string();
    }
    let Some(page) = browser::href() else { return to.to_string() };
    let Ok(url) = web_sys::Url::new_with_base(to, &page) else { return to.to_string() };
    if browser::origin().as_deref() != Some(url.origin().as_str()) {
        if let Some(id) = core.fapi.dev_browser().and_then(|db| db.id()) {
            url.search_params().set(crate::fapi::dev_browser::COOKIE, &id);
        }
    }
    url.href()
}

/// `buildAfterSignOutUrl`: the `afterSignOutUrl` option, else `/`.
pub fn after_sign_out(core: &Core) -> String {
    match core.options().after_sign_out_url.filter(|u| !u.is_empty()) {
        Some(u) => with_auth(core, &u),
        None => "/".into(),
    }
}

/// ClerkJS's `navigate(to, {replace})`: nothing for an empty `to`; a scheme-relative `//host`
/// is refused; a protocol other than http(s) is replaced by `/` (with a console warning); a
/// same-origin URL goes to `routerReplace` (with `replace`) or `routerPush` when the app gave
/// them — as a path with its query and hash — and everything else loads the page. Returns what
/// the router returned (a promise the caller awaits), else `undefined`.
pub fn navigate(core: &Core, to: &str, replace: bool) -> Result<JsValue, Error> {
    let trimmed = to.trim_start_matches(|c: char| c <= ' ');
    let Some(page) = browser::href().filter(|_| !trimmed.is_empty()) else { return Ok(JsValue::UNDEFINED) };
    let b = trimmed.as_bytes();
    if b.len() > 1 && matches!(b[0], b'/' | b'\\') && matches!(b[1], b'/' | b'\\') {
        web_sys::console::warn_1(&JsValue::from_str(
            &["Clerk: scheme-relative navigation to \"", to, "\" is not allowed. Provide a same-origin path or an absolute URL."].concat(),
        ));
        return Ok(JsValue::UNDEFINED);
    }
    let mut url = web_sys::Url::new_with_base(trimmed, &page).map_err(|_| Error::usage(["navigate: not a URL: ", to].concat()))?;
    if !matches!(url.protocol().as_str(), "http:" | "https:") {
        web_sys::console::warn_1(&JsValue::from_str(
            &["Clerk: \"", &url.protocol(), "\" is not a valid protocol. Redirecting to \"/\" instead."].concat(),
        ));
        url = web_sys::Url::new_with_base("/", &page).map_err(|_| Error::usage("navigate: no page"))?;
    }
    let options = core.options();
    let router = if replace && options.router_replace.is_function() { options.router_replace } else { options.router_push };
    let same_origin = browser::origin().as_deref() == Some(url.origin().as_str());
    match router.dyn_ref::<js_sys::Function>().filter(|_| same_origin) {
        Some(f) => {
            let path = [url.pathname(), url.search(), url.hash()].concat();
            f.call2(&JsValue::NULL, &JsValue::from_str(&path), &js::object()).map_err(crate::error::from_js)
        }
        None => {
            browser::navigate(&url.href());
            Ok(JsValue::UNDEFINED)
        }
    }
}

/// [`navigate`], awaiting the router's promise.
pub async fn go(core: &Core, to: &str) -> Result<(), Error> {
    let ret = navigate(core, to, false)?;
    if let Ok(p) = ret.dyn_into::<js_sys::Promise>() {
        wasm_bindgen_futures::JsFuture::from(p).await.map_err(crate::error::from_js)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{default_origin, glob_match};

    #[test]
    fn default_origins_are_clerkjs_globs() {
        for (fapi, dev) in
            [("clerk.example.com", false), ("clerk.example.com", true), ("happy-cat-1.clerk.accounts.dev", true), ("127.0.0.1:4000", true)]
        {
            let domain = fapi.strip_prefix("clerk.").unwrap_or(fapi);
            let mut globs = vec![format!("https://{domain}"), format!("https://*.{domain}")];
            if dev {
                globs.push(format!("https://{fapi}"));
            }
            for origin in [
                "https://example.com",
                "https://app.example.com",
                "https://a.b.example.com",
                "https://.example.com",
                "https://clerk.example.com",
                "https://badexample.com",
                "http://app.example.com",
                "https://example.com.evil.io",
                "https://happy-cat-1.clerk.accounts.dev",
                "https://x.happy-cat-1.clerk.accounts.dev",
                "https://127.0.0.1:4000",
                "http://127.0.0.1:4000",
            ] {
                let want = globs.iter().any(|g| glob_match(g, origin));
                assert_eq!(default_origin(fapi, dev, origin), want, "{fapi} {dev} {origin}");
            }
        }
    }

    #[test]
    fn globs() {
        assert!(glob_match("https://*.example.com", "https://app.example.com"));
        assert!(glob_match("https://example.com", "https://example.com"));
        assert!(!glob_match("https://example.com", "https://example.com.evil.io"));
        assert!(!glob_match("https://*.example.com", "https://example.com"));
        assert!(!glob_match("https://*.example.com", "http://app.example.com"));
        assert!(glob_match("http://127.0.0.1:*", "http://127.0.0.1:4000"));
        assert!(glob_match("*", "https://anything"));
        assert!(!glob_match("https://a*b*c", "https://abx"));
    }
}
