//! Building and reading the components' DOM with web-sys. All text goes in with `textContent`
//! or as an attribute or input value — never parsed as HTML.
//!
//! Elements are made in the document of the node the page mounted into. The DOM methods that
//! can throw (`setAttribute`, `append`, `focus`, …) only do so for invalid names or a node
//! inserted into itself, which these literal names and fresh nodes never are: their `Result`s
//! are ignored, so a drawing never stops half-way.

use js_sys::{Function, JsString};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement};

#[wasm_bindgen]
extern "C" {
    /// A `Document` seen through `createElement` bound without web-sys's `catch` (and its
    /// `Result`): it throws only for an invalid tag name, and every tag here is a literal.
    type ElementFactory;
    #[wasm_bindgen(method, js_name = createElement)]
    fn create_element(this: &ElementFactory, tag: &str) -> Element;
}

/// `document.createElement(tag)` with a class name.
pub fn el(doc: &Document, tag: &str, class: &str) -> Element {
    let n = doc.unchecked_ref::<ElementFactory>().create_element(tag);
    if !class.is_empty() {
        n.set_class_name(class);
    }
    n
}

/// An element with text content.
pub fn text_el(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let n = el(doc, tag, class);
    n.set_text_content(Some(text));
    n
}

pub fn set_text(n: &Element, text: &str) {
    n.set_text_content(Some(text));
}

pub fn attr(n: &Element, name: &str, value: &str) {
    let _ = n.set_attribute(name, value);
}

pub fn remove_attr(n: &Element, name: &str) {
    let _ = n.remove_attribute(name);
}

/// Sets or removes a boolean attribute (`disabled`).
pub fn flag(n: &Element, name: &str, on: bool) {
    let _ = n.toggle_attribute_with_force(name, on);
}

pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_with_node_1(child);
}

/// Appends a text node.
pub fn append_text(parent: &Element, text: &str) {
    let _ = parent.append_with_str_1(text);
}

/// Removes a node from its parent.
pub fn remove(n: &Element) {
    n.remove();
}

/// Removes all children.
pub fn clear(n: &Element) {
    n.replace_children_with_node_0();
}

/// `root.querySelector(selector)`, or `None`.
pub fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// `root.querySelectorAll(selector)` as a list.
pub fn query_all(root: &Element, selector: &str) -> Vec<Element> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    let mut out = Vec::new();
    for i in 0..list.length() {
        if let Some(n) = list.item(i) {
            out.push(n.unchecked_into());
        }
    }
    out
}

/// Sets an `<input>`'s value (the property, as typing would).
pub fn set_value(input: &Element, value: &str) {
    input.unchecked_ref::<HtmlInputElement>().set_value(value);
}

/// The value of the input named `name` inside `root` (trimmed unless it is a password:
/// `password`, `new_password`, …). Trimmed by the browser (`String.prototype.trim`): Rust's
/// `str::trim` brings Unicode's whitespace tables.
pub fn input_value(root: &Element, name: &str) -> String {
    let selector = ["input[name=\"", name, "\"]"].concat();
    let Some(input) = query(root, &selector) else { return String::new() };
    let v: JsString = js_sys::Reflect::get(&input, &JsValue::from_str("value")).unwrap_or_default().unchecked_into();
    if name.ends_with("password") { v } else { v.trim() }.into()
}

pub fn focus(n: &Element) {
    let _ = n.unchecked_ref::<HtmlElement>().focus();
}

/// Adds the stylesheet `<style id=…>` once per document.
pub fn ensure_style(doc: &Document, id: &str, css: &str) {
    if doc.get_element_by_id(id).is_some() {
        return;
    }
    let style = text_el(doc, "style", "", css);
    style.set_id(id);
    match doc.head() {
        Some(head) => append(&head, &style),
        None => {
            let _ = doc.append_with_node_1(&style);
        }
    }
}

/// Adds or removes a class.
pub fn toggle_class(n: &Element, class: &str, on: bool) {
    let _ = n.class_list().toggle_with_force(class, on);
}

pub fn id(n: &Element) -> String {
    n.id()
}

/// The document a node belongs to.
pub fn document_of(n: &Element) -> Option<Document> {
    n.owner_document()
}

pub fn listen(n: &Element, ty: &str, f: &Function) {
    let _ = n.add_event_listener_with_callback(ty, f);
}

pub fn unlisten(n: &Element, ty: &str, f: &Function) {
    let _ = n.remove_event_listener_with_callback(ty, f);
}

/// What an event on a component's root asks for: for a form's submission (whose default, a
/// page load, is prevented) the form's `data-action`, else `submit`; for a `change` (a file
/// chosen) the input's `data-change`; for a click the `data-action` of the closest element
/// that has one.
pub fn action_of(ev: &Event) -> Option<String> {
    let target: Element = ev.target()?.unchecked_into();
    let ty = ev.type_();
    if ty == "submit" {
        ev.prevent_default();
        return Some(target.get_attribute("data-action").unwrap_or_else(|| "submit".into()));
    }
    if ty == "change" {
        return target.get_attribute("data-change");
    }
    target.closest("[data-action]").ok()??.get_attribute("data-action")
}
