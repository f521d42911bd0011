//! `PhoneNumber`: one of a user's phone numbers.

use super::email_address::LinkedJson;
use super::verification::{Verification, VerificationJson};
use super::{resource, set};
use crate::core::Core;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A phone number of the user.
#[wasm_bindgen]
pub struct PhoneNumber {
    data: RefCell<Rc<PhoneNumberJson>>,
    #[allow(dead_code)]
    core: Rc<Core>,
}

impl PhoneNumber {
    pub(crate) fn new(core: Rc<Core>, data: Rc<PhoneNumberJson>) -> PhoneNumber {
        PhoneNumber { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<PhoneNumberJson> {
        self.data.borrow().clone()
    }
}

resource! {
    PhoneNumber(PhoneNumberJson) {
        /// The identification id (`idn_…`).
        id: id str,
        /// The number, in E.164 format.
        phoneNumber: phone_number str,
        /// Whether the number is used only for multi-factor authentication.
        reservedForSecondFactor: reserved_for_second_factor bool,
        /// Whether it is the default second factor.
        defaultSecondFactor: default_second_factor bool,
    }
    hidden {
        verification: Option<Rc<VerificationJson>>,
        #[serde(deserialize_with = "super::null_as_default")]
        linked_to: Vec<LinkedJson>,
        backup_codes: Option<Vec<String>>,
        created_at: Option<i64>,
        updated_at: Option<i64>,
    }
}

#[wasm_bindgen]
impl PhoneNumber {
    /// The number's verification.
    #[wasm_bindgen(getter)]
    pub fn verification(&self) -> Verification {
        Verification::of(&self.data().verification)
    }

    #[wasm_bindgen(getter = linkedTo, unchecked_return_type = "Array<{id: string, type: string}>")]
    pub fn linked_to(&self) -> JsValue {
        super::email_address::linked_to(&self.data().linked_to)
    }

    /// Backup codes issued with this number, or `null`.
    #[wasm_bindgen(getter = backupCodes, unchecked_return_type = "string[] | null")]
    pub fn backup_codes(&self) -> JsValue {
        match &self.data().backup_codes {
            Some(codes) => super::array(codes.iter().map(|c| JsValue::from_str(c))).into(),
            None => JsValue::NULL,
        }
    }

    /// The number, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.phone_number()
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "verification", &self.verification().to_json());
        set(&o, "linkedTo", &self.linked_to());
        o
    }
}
