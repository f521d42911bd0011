//! `load()`, listeners, ticket sign-in, `setActive`, tokens and `signOut` against the dev
//! server, in cookie mode (the key of the server's own address: no dev browser, the HttpOnly
//! `__client` cookie names the client). One test, in order, because the steps share that cookie.

mod common;

use common::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// One listener call: (client present, session id or null, user id or null).
type Call = (bool, Option<String>, Option<String>);

/// Records every listener call.
fn recorder() -> (js_sys::Function, Rc<RefCell<Vec<Call>>>) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = calls.clone();
    let f = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| {
        let id = |v: JsValue| get(&v, "id").as_string();
        let client = get(&payload, "client");
        sink.borrow_mut().push((client.is_object(), id(get(&payload, "session")), id(get(&payload, "user"))));
        assert!(get(&payload, "organization").is_null());
    });
    (f.into_js_value().unchecked_into(), calls)
}

#[wasm_bindgen_test]
async fn load_sign_in_reload_sign_out() {
    let user = user(0);

    // --- load() signed out -------------------------------------------------------------
    let clerk = clerk();
    let (listener, calls) = recorder();
    let unsubscribe: js_sys::Function = clerk.add_listener(listener.into(), JsValue::UNDEFINED).unwrap().unchecked_into();
    assert!(calls.borrow().is_empty(), "no call before there is a client");
    resolve(clerk.load(JsValue::UNDEFINED)).await.expect("load");
    // A browser that may have signed in before (another test run) starts signed out here.
    if clerk.is_signed_in() {
        sign_out(&clerk).await;
    }
    assert!(clerk.loaded());
    assert_eq!(clerk.status().as_string().unwrap(), "ready");
    assert!(clerk.client().is_object());
    assert!(clerk.session().is_null());
    assert!(clerk.user().is_null());
    assert!(!clerk.is_signed_in());
    assert_eq!(calls.borrow().first(), Some(&(true, None, None)), "listeners fire on load");
    let env = clerk.environment();
    assert_eq!(text(&env, &["displayConfig", "instanceEnvironmentType"]), "development");
    assert!(!text(&env, &["displayConfig", "applicationName"]).is_empty());
    assert_eq!(call(&env, "isProduction", &[]).await.unwrap(), JsValue::FALSE);

    // A second load() is a no-op.
    let before = calls.borrow().len();
    resolve(clerk.load(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(calls.borrow().len(), before);

    // --- addListener after load is called at once, unless skipInitialEmit --------------
    let (late, late_calls) = recorder();
    clerk.add_listener(late.into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(late_calls.borrow().len(), 1);
    let (quiet, quiet_calls) = recorder();
    clerk.add_listener(quiet.into(), obj(&[("skipInitialEmit", true.into())])).unwrap();
    assert!(quiet_calls.borrow().is_empty());

    // --- ticket sign-in and setActive -----------------------------------------------------
    sign_in(&clerk, &user).await;
    assert!(clerk.is_signed_in());
    let u = clerk.user();
    assert_eq!(text(&u, &["id"]), user.id);
    assert_eq!(text(&u, &["primaryEmailAddress", "emailAddress"]), user.email);
    assert_eq!(text(&u, &["emailAddresses", "0", "verification", "status"]), "verified");
    assert!(get(&u, "createdAt").is_instance_of::<js_sys::Date>());
    assert!(get(&u, "publicMetadata").is_object());
    assert!(get(&u, "privateMetadata").is_undefined(), "private metadata never reaches the browser");
    let json = js_sys::JSON::stringify(&u).unwrap().as_string().unwrap();
    assert!(!json.contains("secret-plan"), "the seeded private metadata value is nowhere: {json}");
    assert!(!json.contains("__wbg_ptr"));
    assert!(clerk.user() == clerk.user(), "clerk.user is stable until the next change");
    assert_eq!(text(&clerk.session(), &["user", "id"]), user.id);
    assert_eq!(text(&clerk.session(), &["status"]), "active");
    let last = calls.borrow().last().cloned().unwrap();
    assert_eq!(last.2.as_deref(), Some(user.id), "listeners saw the signed-in user");
    assert_eq!(quiet_calls.borrow().last().and_then(|c| c.2.clone()).as_deref(), Some(user.id));

    // --- the session token: a JWT for this session, also in the __session cookie ----------
    let token = call(&clerk.session(), "getToken", &[]).await.unwrap().as_string().unwrap();
    assert_eq!(token.split('.').count(), 3);
    assert_eq!(cookie("__session").as_deref(), Some(token.as_str()));
    let fresh = call(&clerk.session(), "getToken", &[obj(&[("skipCache", true.into())])]).await.unwrap();
    assert_eq!(fresh.as_string().unwrap().split('.').count(), 3);
    assert_ne!(cookie("__client_uat").as_deref(), Some("0"), "a signed-in client has a non-zero client_uat");

    // --- unsubscribe stops the calls ---------------------------------------------------------
    unsubscribe.call0(&JsValue::NULL).unwrap();
    let before = calls.borrow().len();
    call(&clerk.session(), "touch", &[]).await.expect("touch");
    assert_eq!(calls.borrow().len(), before);

    // --- a fresh page load (a new instance) is signed in by the client cookie alone -------
    let again = clerk_wasm::Clerk::new(publishable_key().into(), JsValue::UNDEFINED).unwrap();
    resolve(again.load(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(text(&again.user(), &["id"]), user.id);
    assert_eq!(text(&again.session(), &["id"]), text(&clerk.session(), &["id"]));

    // --- signOut clears the user and the session cookie -----------------------------------
    let (after, after_calls) = recorder();
    again.add_listener(after.into(), obj(&[("skipInitialEmit", true.into())])).unwrap();
    sign_out(&again).await;
    assert!(again.user().is_null());
    assert!(again.session().is_null());
    assert!(!again.is_signed_in());
    assert_eq!(after_calls.borrow().last(), Some(&(true, None, None)));
    assert_eq!(cookie("__session"), None);
    assert_eq!(cookie("__client_uat").as_deref(), Some("0"));

    // --- and the next load stays signed out --------------------------------------------------
    let third = clerk_wasm::Clerk::new(publishable_key().into(), JsValue::UNDEFINED).unwrap();
    resolve(third.load(JsValue::UNDEFINED)).await.unwrap();
    assert!(third.user().is_null());
    // signOut while signed out does nothing and does not fail.
    sign_out(&third).await;
}
