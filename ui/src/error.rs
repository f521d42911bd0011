//! Why an action of a component failed, in the terms the component shows it: the entries of a
//! `ClerkAPIResponseError` (each shown at the field its `meta.paramName` names), or one message.

use crate::api::{self, ApiError};
use js_sys::Array;
use wasm_bindgen::{JsCast, JsValue};

pub enum Failure {
    /// The Frontend API refused: the entries of the `ClerkAPIResponseError` (or of a refusal the
    /// component made first, in the same shape).
    Api(Array<ApiError>),
    /// Anything else: a network failure, an unexpected state — one line in the form's alert.
    Message(String),
}

impl Failure {
    /// An empty required field, refused before any request the way the server refuses it:
    /// `{code: "form_param_nil", message: "is invalid", longMessage, meta: {paramName}}`.
    pub fn param_nil(param: &str, long_message: &str) -> Failure {
        let error = api::params(&[("code", "form_param_nil"), ("message", "is invalid"), ("longMessage", long_message)]);
        api::set(&error, "meta", &api::params(&[("paramName", param)]));
        let errors = Array::new_typed();
        errors.push(error.unchecked_ref());
        Failure::Api(errors)
    }

    pub fn message(text: &str) -> Failure {
        Failure::Message(text.into())
    }

    /// Reads what an SDK method rejected with. A Clerk API error (`clerkError: true` and a
    /// numeric `status`) with entries gives them; anything else gives its `message` (a thrown
    /// string itself).
    pub fn from_thrown(value: &JsValue) -> Failure {
        if api::get(value, "clerkError") == JsValue::TRUE && api::get(value, "status").as_f64().is_some() {
            if let Some(errors) = api::get(value, "errors").dyn_into::<Array>().ok().filter(|list| list.length() > 0) {
                return Failure::Api(errors.unchecked_into());
            }
        }
        let message = if value.is_object() { api::get_text(value, "message") } else { value.as_string() };
        Failure::Message(message.unwrap_or_else(|| "a JavaScript callback failed".into()))
    }
}
