//! Publishable keys and `proxyUrl` in the browser: what `new Clerk(key, options)` accepts,
//! what it throws, and which Frontend API it then calls.

mod common;

use clerk_wasm::Clerk;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn thrown(key: JsValue, options: JsValue) -> js_sys::Error {
    match Clerk::new(key, options) {
        Ok(_) => panic!("the constructor accepted it"),
        Err(e) => wasm_bindgen::JsCast::dyn_into(JsValue::from(e)).expect("a JS Error"),
    }
}

#[wasm_bindgen_test]
fn valid_keys_expose_clerkjs_getters() {
    let c = Clerk::new("pk_test_MTI3LjAuMC4xOjQwMDAk".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(c.publishable_key().as_string().unwrap(), "pk_test_MTI3LjAuMC4xOjQwMDAk");
    assert_eq!(c.frontend_api().as_string().unwrap(), "127.0.0.1:4000");
    assert_eq!(c.instance_type().as_string().unwrap(), "development");
    assert_eq!(c.proxy_url().as_string().unwrap(), "");
    assert!(!c.loaded());
    assert_eq!(c.status().as_string().unwrap(), "loading");
    assert!(c.client().is_undefined());
    assert!(c.user().is_undefined(), "ClerkJS's user is undefined until load()");
    assert!(!c.version().as_string().unwrap().is_empty());

    let live = Clerk::new("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k".into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(live.instance_type().as_string().unwrap(), "production");
    assert_eq!(live.frontend_api().as_string().unwrap(), "clerk.example.com");
}

#[wasm_bindgen_test]
fn invalid_keys_throw_a_clear_error() {
    for bad in ["", "sk_test_MTI3LjAuMC4xOjQwMDAk", "pk_test_bG9jYWxob3N0OjMwMDAk", "pk_test_%%%", "pk_test_MTI3LjAuMC4xOjQwMDA"] {
        let e = thrown(bad.into(), JsValue::UNDEFINED);
        let message = String::from(e.message());
        assert!(message.contains("publishableKey"), "{bad:?}: {message}");
        assert_eq!(String::from(e.name()), "ClerkRuntimeError");
    }
    let e = thrown(JsValue::from_f64(42.0), JsValue::UNDEFINED);
    assert!(String::from(e.message()).contains("publishableKey"));
}

#[wasm_bindgen_test]
fn proxy_url_is_validated_and_kept() {
    let c = clerk_with("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k", "https://proxy.example/__clerk/").unwrap();
    assert_eq!(c.proxy_url().as_string().unwrap(), "https://proxy.example/__clerk/");
    assert_eq!(c.frontend_api().as_string().unwrap(), "clerk.example.com", "frontendApi stays the key's host");
    assert!(clerk_with("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k", "/__clerk").is_ok(), "a path resolves against the page");
    for bad in ["javascript:alert(1)", "ftp://x.example", "//evil.example", "http://"] {
        let e = clerk_with("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k", bad).err().unwrap_or_else(|| panic!("{bad} accepted"));
        assert!(text(&e, &["message"]).contains("proxyUrl"), "{bad}");
    }
}

#[wasm_bindgen_test]
async fn proxy_url_routes_requests() {
    // A key naming a host that does not exist, with the dev server as its proxy: load() works.
    let c = clerk_with("pk_test_bm8taG9zdC5leGFtcGxlLmludmFsaWQk", fapi()).unwrap();
    resolve(c.load(JsValue::UNDEFINED)).await.expect("load through the proxy");
    assert!(c.loaded());
    assert_eq!(c.frontend_api().as_string().unwrap(), "no-host.example.invalid");
}
