//! `PhoneNumber`: one of a user's phone numbers.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// A phone number of the user.
#[wasm_bindgen]
pub struct PhoneNumber {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("phoneNumber", "phone_number", Kind::Str),
        Field("reservedForSecondFactor", "reserved_for_second_factor", Kind::Bool),
        Field("defaultSecondFactor", "default_second_factor", Kind::Bool),
        Field("verification", "verification", Kind::Plain(&verification::SHAPE)),
        Field("linkedTo", "linked_to", Kind::List),
        Field("backupCodes", "backup_codes", Kind::Raw),
        Field("createdAt", "created_at", Kind::OptDate),
        Field("updatedAt", "updated_at", Kind::OptDate),
    ],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| PhoneNumber { base })
}

#[wasm_bindgen]
impl PhoneNumber {
    /// The number, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "phone_number")
    }
}
