//! The components' DOM in the browser: what `mountSignIn` / `mountSignUp` put in the page,
//! that mounting twice replaces instead of duplicating, that unmounting leaves nothing behind,
//! client-side refusals placed at their field, and the refusals of bad mounts. The sign-in and
//! sign-up flows themselves run in the page-level tests (tests/e2e/), typed into by Playwright.

mod common;

use common::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn host() -> web_sys::Element {
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

fn count(root: &web_sys::Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

/// Lets the component's event handler (a spawned task) run.
async fn tick() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
}

#[wasm_bindgen_test]
async fn mount_render_remount_unmount() {
    let clerk = clerk();
    // Before load() the components cannot know the instance's settings.
    let node = host();
    assert!(clerk.mount_sign_in(node.clone().into(), JsValue::UNDEFINED).is_err());
    resolve(clerk.load(JsValue::UNDEFINED)).await.unwrap();
    if clerk.is_signed_in() {
        sign_out(&clerk).await;
    }

    clerk.mount_sign_in(node.clone().into(), JsValue::UNDEFINED).unwrap();
    assert_eq!(count(&node, ".cl-root"), 1);
    assert_eq!(count(&node, "form"), 1);
    let input: web_sys::HtmlInputElement = node.query_selector("input[name=identifier]").unwrap().unwrap().dyn_into().unwrap();
    let label = node.query_selector(&format!("label[for='{}']", input.id())).unwrap().expect("the input has a label");
    assert!(label.text_content().unwrap().to_lowercase().contains("email"));
    assert_eq!(document().active_element().unwrap(), input.clone().into(), "the first input has the focus");
    assert!(document().get_element_by_id("cl-style").is_some(), "the stylesheet is in the page once");
    assert!(count(&node, "[data-action^='oauth:']") >= 1, "a button per enabled OAuth provider");
    let footer_link = node.query_selector(".cl-footer a").unwrap().unwrap();
    assert!(footer_link.get_attribute("href").unwrap().starts_with("http"));

    // Mounting again into the same node replaces the component; initialValues pre-fill.
    let props = obj(&[("initialValues", obj(&[("emailAddress", "pre@example.com".into())]))]);
    clerk.mount_sign_in(node.clone().into(), props).unwrap();
    assert_eq!(count(&node, ".cl-root"), 1);
    let input: web_sys::HtmlInputElement = node.query_selector("input[name=identifier]").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(input.value(), "pre@example.com");

    // An empty identifier is refused at its field, without a request.
    input.set_value("");
    let form: web_sys::HtmlFormElement = node.query_selector("form").unwrap().unwrap().dyn_into().unwrap();
    form.request_submit().unwrap();
    tick().await;
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described = input.get_attribute("aria-describedby").unwrap();
    let error = document().get_element_by_id(&described).unwrap();
    assert!(!error.text_content().unwrap().is_empty());
    assert_eq!(error.get_attribute("aria-live").as_deref(), Some("polite"));

    // An unknown account: the server's form_identifier_not_found lands at the same field.
    input.set_value("nobody-at-all@example.com");
    form.request_submit().unwrap();
    for _ in 0..50 {
        tick().await;
        if input.get_attribute("aria-invalid").is_some() {
            break;
        }
    }
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(!document().get_element_by_id(&input.get_attribute("aria-describedby").unwrap()).unwrap().text_content().unwrap().is_empty());

    // Unmounting leaves the node as it was.
    clerk.unmount_sign_in(node.clone().into());
    assert_eq!(node.child_element_count(), 0);
    // and the old component no longer reacts (its listeners are gone).
    clerk.unmount_sign_in(node.clone().into());

    // The sign-up shows the fields the instance asks for.
    clerk.mount_sign_up(node.clone().into(), JsValue::UNDEFINED).unwrap();
    for name in ["email_address", "password", "first_name", "last_name"] {
        assert_eq!(count(&node, &format!("input[name={name}]")), 1, "{name}");
    }
    assert_eq!(node.query_selector("input[name=password]").unwrap().unwrap().get_attribute("type").as_deref(), Some("password"));
    clerk.unmount_sign_up(node.clone().into());
    assert_eq!(node.child_element_count(), 0);

    // Not an element: a clear error.
    let err = clerk.mount_sign_in(JsValue::from_str("#sign-in"), JsValue::UNDEFINED).err().unwrap();
    assert!(text(&JsValue::from(err), &["message"]).contains("DOM element"));
}

#[wasm_bindgen_test]
async fn text_is_never_parsed_as_html() {
    let clerk = clerk();
    resolve(clerk.load(JsValue::UNDEFINED)).await.unwrap();
    if clerk.is_signed_in() {
        sign_out(&clerk).await;
    }
    let node = host();
    let props = obj(&[("initialValues", obj(&[("emailAddress", "<img src=x onerror=alert(1)>".into())]))]);
    clerk.mount_sign_in(node.clone().into(), props).unwrap();
    assert_eq!(count(&node, "img"), 0);
    clerk.unmount_sign_in(node.into());
}
