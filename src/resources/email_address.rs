//! `EmailAddress`: one of a user's email addresses.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// An email address of the user.
#[wasm_bindgen]
pub struct EmailAddress {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("emailAddress", "email_address", Kind::Str),
        Field("verification", "verification", Kind::Plain(&verification::SHAPE)),
        Field("linkedTo", "linked_to", Kind::List),
        Field("matchesSsoConnection", "matches_sso_connection", Kind::Bool),
        Field("createdAt", "created_at", Kind::OptDate),
        Field("updatedAt", "updated_at", Kind::OptDate),
    ],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| EmailAddress { base })
}

#[wasm_bindgen]
impl EmailAddress {
    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "email_address")
    }
}
