//! The dev-browser flow of development instances (PROTOCOL.md §2): with a key whose host is a
//! Clerk development host, `load()` first obtains a dev browser (`POST /v1/dev_browser`), keeps
//! it in the `__clerk_db_jwt` cookies, sends it as `__clerk_db_jwt` on every request, and
//! recovers when the server does not know it. Here the key's host is
//! `wasm-tests.accounts.dev` and `proxyUrl` points at the dev server.

mod common;

use clerk_wasm::Clerk;
use common::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const DEV_KEY: &str = "pk_test_d2FzbS10ZXN0cy5hY2NvdW50cy5kZXYk";

fn dev_clerk() -> Clerk {
    clerk_with(DEV_KEY, fapi()).unwrap()
}

/// Every `__clerk_db_jwt*` cookie of the page, by name.
fn dev_browser_cookies() -> Vec<(String, String)> {
    let doc: web_sys::HtmlDocument = wasm_bindgen::JsCast::dyn_into(web_sys::window().unwrap().document().unwrap()).unwrap();
    doc.cookie()
        .unwrap()
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .filter(|(k, _)| k.starts_with("__clerk_db_jwt"))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn forget_dev_browser() {
    for (name, _) in dev_browser_cookies() {
        set_cookie(&name, None);
    }
}

#[wasm_bindgen_test]
async fn dev_browser_flow() {
    forget_dev_browser();

    // A first load creates a dev browser and stores it in the plain and the suffixed cookie.
    let clerk = dev_clerk();
    resolve(clerk.load(JsValue::UNDEFINED)).await.expect("load");
    let cookies = dev_browser_cookies();
    assert_eq!(cookies.len(), 2, "__clerk_db_jwt and __clerk_db_jwt_<suffix>: {cookies:?}");
    let id = cookies[0].1.clone();
    assert!(id.starts_with("dvb_"), "{id}");
    assert!(cookies.iter().all(|(_, v)| *v == id));
    let suffixed = cookies.iter().find(|(k, _)| k != "__clerk_db_jwt").unwrap().0.clone();
    assert_eq!(suffixed.len(), "__clerk_db_jwt_".len() + 8);
    assert!(clerk.user().is_null());

    // The dev browser carries the sign-in: no client cookie is involved.
    let user = user(1);
    sign_in(&clerk, &user).await;
    assert_eq!(text(&clerk.user(), &["id"]), user.id);

    // A new page load finds the dev browser in its cookie and is signed in.
    let again = dev_clerk();
    resolve(again.load(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(text(&again.user(), &["id"]), user.id);

    // A dev browser handed over in the page URL wins, and leaves the address bar.
    forget_dev_browser();
    let history = web_sys::window().unwrap().history().unwrap();
    history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("?keep=1&__clerk_db_jwt={id}"))).unwrap();
    let from_url = dev_clerk();
    resolve(from_url.load(JsValue::UNDEFINED)).await.unwrap();
    assert_eq!(text(&from_url.user(), &["id"]), user.id);
    let search = web_sys::window().unwrap().location().search().unwrap();
    assert_eq!(search, "?keep=1", "only __clerk_db_jwt is removed");
    assert_eq!(cookie("__clerk_db_jwt").as_deref(), Some(id.as_str()));

    // An unknown dev browser: the server says dev_browser_unauthenticated, the SDK makes a new
    // one and loads signed out, as ClerkJS does.
    for (name, _) in dev_browser_cookies() {
        set_cookie(&name, Some("dvb_unknown"));
    }
    let recovered = dev_clerk();
    resolve(recovered.load(JsValue::UNDEFINED)).await.expect("load recovers");
    let fresh = cookie("__clerk_db_jwt").unwrap();
    assert!(fresh.starts_with("dvb_") && fresh != "dvb_unknown" && fresh != id, "{fresh}");
    assert!(recovered.user().is_null());

    // The old dev browser still holds its session; sign it out to leave the server tidy.
    forget_dev_browser();
    set_cookie("__clerk_db_jwt", Some(&id));
    let old = dev_clerk();
    resolve(old.load(JsValue::UNDEFINED)).await.unwrap();
    sign_out(&old).await;
    assert!(old.user().is_null());
}
