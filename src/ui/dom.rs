//! Building and reading DOM nodes. Every call goes through `browser::call` / `js` (reflection
//! on the real DOM objects) rather than one web-sys binding per method: the UI uses a dozen DOM
//! methods, and a binding each would add its JS glue to the download. All text is set with
//! `textContent` or as an attribute value — never parsed as HTML.

use crate::browser::{call, global};
use crate::js;
#[allow(unused_imports)]
use crate::prelude::*;
use wasm_bindgen::JsValue;

pub fn document() -> JsValue {
    global("document")
}

/// `document.createElement(tag)` with a class name.
pub fn el(tag: &str, class: &str) -> JsValue {
    let n = call(&document(), "createElement", &[&JsValue::from_str(tag)]).unwrap_or(JsValue::UNDEFINED);
    if !class.is_empty() {
        js::set(&n, "className", &JsValue::from_str(class));
    }
    n
}

/// An element with text content.
pub fn text_el(tag: &str, class: &str, text: &str) -> JsValue {
    let n = el(tag, class);
    set_text(&n, text);
    n
}

pub fn set_text(n: &JsValue, text: &str) {
    js::set(n, "textContent", &JsValue::from_str(text));
}

pub fn attr(n: &JsValue, name: &str, value: &str) {
    call(n, "setAttribute", &[&JsValue::from_str(name), &JsValue::from_str(value)]);
}

pub fn remove_attr(n: &JsValue, name: &str) {
    call(n, "removeAttribute", &[&JsValue::from_str(name)]);
}

pub fn append(parent: &JsValue, child: &JsValue) {
    call(parent, "append", &[child]);
}

/// Appends every child in order.
pub fn append_all(parent: &JsValue, children: &[&JsValue]) {
    for c in children {
        append(parent, c);
    }
}

/// Removes a node from its parent.
pub fn remove(n: &JsValue) {
    call(n, "remove", &[]);
}

/// Removes all children.
pub fn clear(n: &JsValue) {
    call(n, "replaceChildren", &[]);
}

/// `root.querySelector(selector)`, or `None`.
pub fn query(root: &JsValue, selector: &str) -> Option<JsValue> {
    call(root, "querySelector", &[&JsValue::from_str(selector)]).filter(JsValue::is_object)
}

/// `root.querySelectorAll(selector)` as a list.
pub fn query_all(root: &JsValue, selector: &str) -> Vec<JsValue> {
    let list = call(root, "querySelectorAll", &[&JsValue::from_str(selector)]).unwrap_or(JsValue::UNDEFINED);
    let n = js::number(&list, "length").unwrap_or(0.0) as u32;
    (0..n).filter_map(|i| call(&list, "item", &[&JsValue::from(i)])).collect()
}

/// The value of the input named `name` inside `root` (trimmed unless it is a password).
pub fn input_value(root: &JsValue, name: &str) -> String {
    let selector = ["[name=\"", name, "\"]"].concat();
    let v = query(root, &selector).and_then(|i| js::string(&i, "value")).unwrap_or_default();
    if name == "password" {
        v
    } else {
        v.trim().to_string()
    }
}

pub fn focus(n: &JsValue) {
    call(n, "focus", &[]);
}

/// Adds the stylesheet once per document.
pub fn ensure_style(id: &str, css: &str) {
    let doc = document();
    let selector = ["#", id].concat();
    if query(&doc, &selector).is_some() {
        return;
    }
    let style = el("style", "");
    attr(&style, "id", id);
    set_text(&style, css);
    let head = js::get(&doc, "head");
    append(if head.is_object() { &head } else { &doc }, &style);
}
