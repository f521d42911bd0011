//! ClerkJS's `appearance` prop, the parts the components honour:
//! - `appearance.variables` (`colorPrimary`, `colorText`, `colorTextSecondary`,
//!   `colorBackground`, `colorDanger`, `fontFamily`, `borderRadius`) become the CSS custom
//!   properties the stylesheet is written with, set on the component's root through
//!   `style.setProperty` (one property value each: a value cannot add declarations);
//! - `appearance.elements` maps ClerkJS's element keys to class names: every element of a
//!   component carries `cl-<key>` for the keys it is (`cl-card`, `cl-formButtonPrimary`,
//!   `cl-userButtonTrigger`, …), as in ClerkJS, and gets the page's classes added after each
//!   drawing.

use crate::api::{self, Props};
use crate::dom;
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

fn part(props: &Props, name: &str) -> JsValue {
    Reflect::get(&props.appearance(), &JsValue::from_str(name)).ok().filter(JsValue::is_object).unwrap_or(JsValue::UNDEFINED)
}

/// The variables ClerkJS knows and the custom properties they set.
const VARIABLES: [(&str, &str); 7] = [
    ("colorPrimary", "--cl-primary"),
    ("colorText", "--cl-text"),
    ("colorTextSecondary", "--cl-muted"),
    ("colorBackground", "--cl-bg"),
    ("colorDanger", "--cl-danger"),
    ("fontFamily", "--cl-font"),
    ("borderRadius", "--cl-radius"),
];

/// Sets `appearance.variables` on a component's root.
pub fn apply_variables(root: &Element, props: &Props) {
    let vars = part(props, "variables");
    if vars.is_undefined() {
        return;
    }
    let style = root.unchecked_ref::<HtmlElement>().style();
    for (key, property) in VARIABLES {
        if let Some(v) = Reflect::get(&vars, &JsValue::from_str(key)).ok().and_then(api::text) {
            let _ = style.set_property(property, &v);
        }
    }
}

/// Adds `appearance.elements`' classes to the elements of `root` that are those keys.
pub fn decorate(root: &Element, props: &Props) {
    let elements = part(props, "elements");
    if elements.is_undefined() {
        return;
    }
    for entry in Object::entries(elements.unchecked_ref()).iter() {
        let (Some(key), Some(classes)) = (api::path_text(&entry, &["0"]), api::path_text(&entry, &["1"])) else {
            continue;
        };
        // A key is a word (ClerkJS's are camelCase): anything else could not be one of ours and
        // would not be a valid selector.
        if !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let selector = [".cl-", &key].concat();
        let mut found = dom::query_all(root, &selector);
        if root.matches(&selector).unwrap_or(false) {
            found.push(root.clone());
        }
        for el in found {
            for class in classes.split_ascii_whitespace() {
                dom::toggle_class(&el, class, true);
            }
        }
    }
}
