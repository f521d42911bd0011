//! How failures reach JavaScript: Clerk's API errors as `ClerkAPIResponseError` with
//! `errors[{code, message, longMessage, meta}]`, network failures as a clear runtime error (and a
//! `load()` that goes on degraded), and no half-updated state after either.

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn api_errors_have_clerks_shape_and_change_nothing() {
    let clerk = clerk();
    resolve(clerk.load(JsValue::UNDEFINED)).await.unwrap();
    if clerk.is_signed_in() {
        sign_out(&clerk).await;
    }
    let sign_in = get(&clerk.client(), "signIn");
    let params = obj(&[("strategy", "ticket".into()), ("ticket", "not-a-ticket".into())]);
    let err = call(&sign_in, "create", &[params]).await.expect_err("an unknown ticket is refused");
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(text(&err, &["name"]), "ClerkAPIResponseError");
    assert_eq!(get(&err, "status").as_f64(), Some(400.0));
    assert_eq!(get(&err, "clerkError"), JsValue::TRUE);
    assert_eq!(text(&err, &["code"]), "api_response_error");
    assert_eq!(text(&err, &["errors", "0", "code"]), "ticket_invalid_code");
    assert_eq!(text(&err, &["errors", "0", "meta", "paramName"]), "ticket");
    let long = text(&err, &["errors", "0", "longMessage"]);
    assert!(!long.is_empty());
    assert_eq!(text(&err, &["message"]), long, "the message is the first long message, as in ClerkJS");
    assert!(get(&get(&get(&err, "errors"), "0"), "long_message").is_undefined(), "camelCase only");
    // Nothing changed: still signed out, the same sign-in state.
    assert!(clerk.user().is_null());
    assert!(get(&get(&clerk.client(), "signIn"), "id").is_null());

    // A missing parameter: the server's own 422 with meta.paramName.
    let err = call(&sign_in, "create", &[obj(&[("strategy", "ticket".into())])]).await.unwrap_err();
    assert_eq!(get(&err, "status").as_f64(), Some(422.0));
    assert_eq!(text(&err, &["errors", "0", "code"]), "form_param_missing");
    assert_eq!(text(&err, &["errors", "0", "meta", "paramName"]), "ticket");

    // setActive with a session that is not on this client.
    let err = resolve(clerk.set_active(obj(&[("session", "sess_nope".into())]))).await.unwrap_err();
    assert!(text(&err, &["message"]).contains("sess_nope"));
    assert!(clerk.session().is_null());
}

#[wasm_bindgen_test]
async fn network_failures_degrade_load_and_reject_calls_clearly() {
    // Port 9 (discard) on loopback: nothing listens there. As ClerkJS, load() goes on without
    // the answers that did not come (status "degraded") instead of failing or hanging.
    let clerk = clerk_with(publishable_key(), "http://127.0.0.1:9").unwrap();
    resolve(clerk.load(JsValue::UNDEFINED)).await.expect("load() finishes without the Frontend API");
    assert!(clerk.loaded());
    assert_eq!(clerk.status().as_string().unwrap(), "degraded");
    assert!(clerk.user().is_null());
    let client = clerk.client();
    assert!(client.is_object(), "an empty client stands in for the one that did not come");
    assert_eq!(get(&client, "sessions").unchecked_into::<js_sys::Array>().length(), 0);
    // A call made then rejects with a clear network error, naming the URL, and changes nothing.
    let sign_in = get(&client, "signIn");
    let params = obj(&[("strategy", "ticket".into()), ("ticket", "any".into())]);
    let err = call(&sign_in, "create", &[params]).await.expect_err("nothing answers");
    assert_eq!(text(&err, &["name"]), "ClerkRuntimeError");
    assert_eq!(text(&err, &["code"]), "network_error");
    assert!(text(&err, &["message"]).contains("127.0.0.1:9"), "the message names the URL");
    assert!(clerk.user().is_null());
    assert_eq!(clerk.status().as_string().unwrap(), "degraded");
}
