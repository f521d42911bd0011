//! The parameters of the public methods, read with serde-wasm-bindgen into typed structs: a value
//! of the wrong type or a missing one is refused with Clerk's error shape
//! (`form_param_format_invalid` / `form_param_missing`, `meta.paramName` as the Frontend API
//! names the field) and sends no request; serde's own message never reaches the page; the
//! snake_case spelling Clerk's docs use (`redirect_url`) is read like the camelCase one.

mod common;

use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Wraps the page's `fetch` to count calls; returns a reader of the count.
fn count_fetches() -> impl Fn() -> f64 {
    let global = js_sys::global();
    let count = js_sys::Function::new_with_args(
        "g",
        "if (!g.__fetchCount) { const f = g.fetch; g.__fetchCount = { n: 0 }; g.fetch = function () { g.__fetchCount.n++; return f.apply(this, arguments); }; } return g.__fetchCount;",
    );
    let counter = count.call1(&JsValue::NULL, &global).unwrap();
    move || get(&counter, "n").as_f64().unwrap()
}

/// A loaded Clerk with `n`'s session current (signing out whoever an earlier test left signed in).
async fn signed_in_as(n: usize) -> clerk_wasm::Clerk {
    let clerk = clerk();
    resolve(clerk.load(JsValue::UNDEFINED)).await.expect("load");
    if clerk.is_signed_in() {
        sign_out(&clerk).await;
    }
    sign_in(&clerk, &user(n)).await;
    clerk
}

/// Asserts `err` is Clerk's 422 for `param` with `code`, and that it carries no serde wording.
fn assert_refused(err: &JsValue, code: &str, param: &str) {
    assert_eq!(text(err, &["name"]), "ClerkAPIResponseError", "{err:?}");
    assert_eq!(get(err, "status").as_f64(), Some(422.0));
    assert_eq!(text(err, &["errors", "0", "code"]), code);
    assert_eq!(text(err, &["errors", "0", "meta", "paramName"]), param);
    let message = text(err, &["message"]);
    assert!(message.contains(param), "the message names the field: {message}");
    for serde_words in ["invalid type", "expected", "missing field", "unknown field"] {
        assert!(!message.contains(serde_words), "serde's message leaked: {message}");
    }
}

#[wasm_bindgen_test]
async fn wrong_or_missing_parameters_are_refused_before_any_request() {
    let clerk = signed_in_as(2).await;
    let user = clerk.user();
    let fetches = count_fetches();
    let before = fetches();

    let err = call(&user, "createEmailAddress", &[obj(&[("email", 42.into())])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "email_address");
    let err = call(&user, "createEmailAddress", &[obj(&[])]).await.unwrap_err();
    assert_refused(&err, "form_param_missing", "email_address");
    let err = call(&user, "createPhoneNumber", &[obj(&[("phoneNumber", JsValue::TRUE)])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "phone_number");
    let err = call(&user, "createExternalAccount", &[obj(&[("strategy", "oauth_google".into()), ("additionalScopes", 7.into())])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "additional_scopes");
    let err = call(&user, "update", &[obj(&[("firstName", js_sys::Array::new().into())])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "first_name");

    let session = clerk.session();
    let err = call(&session, "getToken", &[obj(&[("skipCache", "yes".into())])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "skip_cache");

    let sign_in = get(&clerk.client(), "signIn");
    let err = call(&sign_in, "create", &[obj(&[("identifier", obj(&[("nested", 1.into())]))])]).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "identifier");

    let err = resolve(clerk.set_active(obj(&[("redirectUrl", 5.into())]))).await.unwrap_err();
    assert_refused(&err, "form_param_format_invalid", "redirect_url");

    assert_eq!(fetches(), before, "no refused call reached the network");
    // Nothing changed for the user.
    assert_eq!(js_sys::Array::from(&get(&clerk.user(), "emailAddresses")).length(), 1);
}

#[wasm_bindgen_test]
fn constructor_options_are_typed_too() {
    let err = clerk_with_options(obj(&[("proxyUrl", 12.into())])).err().expect("refused");
    assert_refused(&err, "form_param_format_invalid", "proxy_url");
    // A non-object is a usage error, not a crash.
    let err = clerk_with_options("proxy".into()).err().expect("refused");
    assert_eq!(text(&err, &["name"]), "ClerkRuntimeError");
}

#[wasm_bindgen_test]
async fn the_docs_snake_case_redirect_url_is_read() {
    let clerk = signed_in_as(3).await;
    let user = clerk.user();
    // Clerk's Notion example writes `redirect_url`. Read, it reaches the Frontend API, which
    // refuses an origin the instance does not allow; ignored, the call would succeed.
    for key in ["redirect_url", "redirectUrl"] {
        let params = obj(&[("strategy", "oauth_google".into()), (key, "https://not-allowed.example/after".into())]);
        let err = call(&user, "createExternalAccount", &[params]).await.expect_err(key);
        assert_eq!(text(&err, &["errors", "0", "code"]), "invalid_redirect_url", "{key}");
        assert_eq!(text(&err, &["errors", "0", "meta", "paramName"]), "redirect_url", "{key}");
    }
    // And an allowed one connects an account, pending the provider's consent.
    let page = web_sys::window().unwrap().location().origin().unwrap();
    let params = obj(&[("strategy", "oauth_google".into()), ("redirect_url", format!("{page}/after-oauth").into())]);
    let account = call(&user, "createExternalAccount", &[params]).await.expect("created");
    assert_eq!(text(&account, &["verification", "status"]), "unverified");
    assert!(text(&get(&get(&account, "verification"), "externalVerificationRedirectURL"), &["href"]).starts_with("http"));
    call(&account, "destroy", &[]).await.expect("destroyed");
}

fn clerk_with_options(options: JsValue) -> Result<clerk_wasm::Clerk, JsValue> {
    clerk_wasm::Clerk::new(publishable_key().into(), options).map_err(JsValue::from)
}
