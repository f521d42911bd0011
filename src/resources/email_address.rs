//! `EmailAddress`: one of a user's email addresses.

use super::verification::{Verification, VerificationJson};
use super::{resource, set};
use crate::core::Core;
use serde::Deserialize;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An identification linked to another (`{type: "oauth_google", id}`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct LinkedJson {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
}

/// `linkedTo` as ClerkJS shows it: `[{id, type}]`.
pub fn linked_to(list: &[LinkedJson]) -> JsValue {
    super::json_to_js(&serde_json::to_value(list).unwrap_or_default())
}

/// An email address of the user.
#[wasm_bindgen]
pub struct EmailAddress {
    data: RefCell<Rc<EmailAddressJson>>,
    #[allow(dead_code)]
    core: Rc<Core>,
}

impl EmailAddress {
    pub(crate) fn new(core: Rc<Core>, data: Rc<EmailAddressJson>) -> EmailAddress {
        EmailAddress { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<EmailAddressJson> {
        self.data.borrow().clone()
    }
}

resource! {
    EmailAddress(EmailAddressJson) {
        /// The identification id (`idn_…`).
        id: id str,
        /// The address itself.
        emailAddress: email_address str,
        /// Whether the address matches an enterprise SSO connection.
        matchesSsoConnection: matches_sso_connection bool,
    }
    hidden {
        verification: Option<Rc<VerificationJson>>,
        #[serde(deserialize_with = "super::null_as_default")]
        linked_to: Vec<LinkedJson>,
        created_at: Option<i64>,
        updated_at: Option<i64>,
        reserved: Option<bool>,
    }
}

#[wasm_bindgen]
impl EmailAddress {
    /// The address's verification.
    #[wasm_bindgen(getter)]
    pub fn verification(&self) -> Verification {
        Verification::of(&self.data().verification)
    }

    /// Identifications this address is linked to (e.g. the OAuth account it came from).
    #[wasm_bindgen(getter = linkedTo, unchecked_return_type = "Array<{id: string, type: string}>")]
    pub fn linked_to(&self) -> JsValue {
        linked_to(&self.data().linked_to)
    }

    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.email_address()
    }

    /// A plain-object copy, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "verification", &self.verification().to_json());
        set(&o, "linkedTo", &self.linked_to());
        o
    }
}
