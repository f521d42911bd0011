//! `EmailAddress`: one of a user's email addresses, with ClerkJS's methods
//! (`core/resources/EmailAddress.ts`): `prepareVerification`, `attemptVerification`,
//! `destroy`, `reload`, `toString`.

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::Method;
use crate::js;
use crate::params::{posted, read, required, VerificationParams};
use std::rc::Rc;
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
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| EmailAddress { base })
}

/// Paths of existing addresses have no trailing slash (ClerkJS: `/me/email_addresses/{id}`).
const ROOT: &str = "/me/email_addresses";

#[wasm_bindgen]
impl EmailAddress {
    /// Sends a verification: `{strategy: 'email_code'}` (or `'email_link'` with `redirectUrl`).
    #[wasm_bindgen(js_name = prepareVerification, unchecked_return_type = "Promise<EmailAddress>")]
    pub fn prepare_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PrepareEmailAddressVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        self.base.act(ROOT, Method::Post, Some("prepare_verification"), posted::<VerificationParams>(&params, &[]).map(|p| p.form))
    }

    /// Proves the address with `{code}`.
    #[wasm_bindgen(js_name = attemptVerification, unchecked_return_type = "Promise<EmailAddress>")]
    pub fn attempt_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AttemptEmailAddressVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        let form = read::<VerificationParams>(&params).and_then(|p| Ok(Form::new().push("code", required(p.code, "code")?)));
        self.base.act(ROOT, Method::Post, Some("attempt_verification"), form)
    }

    /// Removes the address from the user.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn destroy(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Delete, None, Ok(Form::new()))
    }

    /// Fetches the address again.
    #[wasm_bindgen(unchecked_return_type = "Promise<EmailAddress>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Get, None, Ok(Form::new()))
    }

    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "email_address")
    }
}
