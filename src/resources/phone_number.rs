//! `PhoneNumber`: one of a user's phone numbers, with ClerkJS's methods
//! (`core/resources/PhoneNumber.ts`): `prepareVerification`, `attemptVerification`,
//! `setReservedForSecondFactor`, `makeDefaultSecondFactor`, `destroy`, `reload`, `toString`.

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::Method;
use crate::js;
use crate::params::{read, required, ReservedParams, VerificationParams};
use std::rc::Rc;
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
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| PhoneNumber { base })
}

const ROOT: &str = "/me/phone_numbers";

#[wasm_bindgen]
impl PhoneNumber {
    /// Sends an SMS code (strategy `phone_code`, as ClerkJS always sends).
    #[wasm_bindgen(js_name = prepareVerification, unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn prepare_verification(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Post, Some("prepare_verification"), Ok(Form::new().push("strategy", "phone_code")))
    }

    /// Proves the number with `{code}`.
    #[wasm_bindgen(js_name = attemptVerification, unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn attempt_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AttemptPhoneNumberVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        let form = read::<VerificationParams>(&params).and_then(|p| Ok(Form::new().push("code", required(p.code, "code")?)));
        self.base.act(ROOT, Method::Post, Some("attempt_verification"), form)
    }

    /// Reserves the number for multi-factor authentication (`{reserved: true}`), or releases it.
    #[wasm_bindgen(js_name = setReservedForSecondFactor, unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn set_reserved_for_second_factor(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SetReservedForSecondFactorParams")] params: JsValue,
    ) -> js_sys::Promise {
        let form = read::<ReservedParams>(&params)
            .map(|p| Form::new().push("reserved_for_second_factor", if p.reserved.unwrap_or(false) { "true" } else { "false" }));
        self.base.act(ROOT, Method::Patch, None, form)
    }

    /// Makes this the default second factor.
    #[wasm_bindgen(js_name = makeDefaultSecondFactor, unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn make_default_second_factor(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Patch, None, Ok(Form::new().push("default_second_factor", "true")))
    }

    /// Removes the number from the user.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn destroy(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Delete, None, Ok(Form::new()))
    }

    #[wasm_bindgen(unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Get, None, Ok(Form::new()))
    }

    /// The number, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "phone_number")
    }
}
