//! What every component's forms share: a labelled input with its error slot ([`field`]), and
//! showing a failure — each API error at the input its `meta.paramName` names, the rest in the
//! form's `role="alert"` line ([`show_error`]). The sign-in and sign-up cards ([`crate::flow`])
//! and the account components ([`crate::profile`]) draw their forms with these.

use crate::dom;
use crate::error::Failure;
use web_sys::{Document, Element};

/// One input of a form.
pub struct Input {
    /// The form parameter it is, as the Frontend API names it (`identifier`, `email_address`,
    /// …), so `meta.paramName` finds it.
    pub name: &'static str,
    pub label: &'static str,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub optional: bool,
}

impl Input {
    /// A required input with no initial value.
    pub fn new(name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str) -> Input {
        Input { name, label, kind, autocomplete, value: String::new(), optional: false }
    }
}

/// `<div class="cl-field">`: the label (with "Optional"), the input (id `<prefix><name>`) and
/// the paragraph its error goes to (`<id>-error`).
pub fn field(doc: &Document, prefix: &str, input: &Input) -> Element {
    let field = dom::el(doc, "div", "cl-field cl-formField");
    let id = [prefix, input.name].concat();
    let label = dom::el(doc, "label", "cl-label cl-formFieldLabel");
    dom::attr(&label, "for", &id);
    dom::append(&label, &dom::text_el(doc, "span", "", input.label));
    if input.optional {
        dom::append(&label, &dom::text_el(doc, "span", "cl-optional", "Optional"));
    }
    let el = dom::el(doc, "input", if input.name == "code" { "cl-input cl-code cl-formFieldInput" } else { "cl-input cl-formFieldInput" });
    dom::attr(&el, "id", &id);
    dom::attr(&el, "name", input.name);
    dom::attr(&el, "type", input.kind);
    dom::attr(&el, "autocomplete", input.autocomplete);
    if input.name == "code" {
        dom::attr(&el, "inputmode", "numeric");
        dom::attr(&el, "maxlength", "6");
    }
    if !input.optional {
        dom::attr(&el, "aria-required", "true");
    }
    dom::set_value(&el, &input.value);
    let error = dom::el(doc, "p", "cl-field-error");
    dom::attr(&error, "id", &[&id, "-error"].concat());
    dom::attr(&error, "aria-live", "polite");
    dom::append(&field, &label);
    dom::append(&field, &el);
    dom::append(&field, &error);
    field
}

/// `<div class="cl-alert" role="alert">`, the line a form's failures without a field go to.
pub fn alert(doc: &Document) -> Element {
    let alert = dom::el(doc, "div", "cl-alert");
    dom::attr(&alert, "role", "alert");
    dom::attr(&alert, "data-role", "alert");
    alert
}

/// Clears every error shown inside `root`.
pub fn clear_errors(root: &Element) {
    for input in dom::query_all(root, "input[aria-invalid]") {
        dom::remove_attr(&input, "aria-invalid");
        dom::remove_attr(&input, "aria-describedby");
    }
    for e in dom::query_all(root, ".cl-field-error, [data-role=alert]") {
        dom::set_text(&e, "");
    }
}

/// Shows a failure inside `root`: each API error at its input when `root` has one named by its
/// `meta.paramName` (`aria-invalid`, `aria-describedby`, focus), the rest in the first
/// `[data-role=alert]`.
pub fn show_error(root: &Element, failure: &Failure) {
    let mut form_level = String::new();
    let mut first_invalid: Option<Element> = None;
    match failure {
        Failure::Api(errors) => {
            for e in errors.iter() {
                let text = e.long_message().filter(|m| !m.is_empty()).or_else(|| e.message()).unwrap_or_default();
                let param = e.meta().and_then(|m| m.param_name());
                let input = param.and_then(|p| dom::query(root, &["input[name=\"", &p, "\"]"].concat()));
                match input {
                    Some(input) => {
                        let error_id = [&dom::id(&input), "-error"].concat();
                        dom::attr(&input, "aria-invalid", "true");
                        dom::attr(&input, "aria-describedby", &error_id);
                        if let Some(slot) = dom::query(root, &["#", &error_id].concat()) {
                            dom::set_text(&slot, &text);
                        }
                        first_invalid.get_or_insert(input);
                    }
                    None => {
                        if !form_level.is_empty() {
                            form_level.push(' ');
                        }
                        form_level.push_str(&text);
                    }
                }
            }
        }
        Failure::Message(m) => form_level.push_str(m),
    }
    if let Some(alert) = dom::query(root, "[data-role=alert]") {
        dom::set_text(&alert, &form_level);
    }
    if let Some(input) = first_invalid {
        dom::focus(&input);
    }
}
