//! `SignIn`: a sign-in attempt of the client. `create(params)` starts (or, with a ticket,
//! completes) one.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::Request;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// A sign-in attempt.
#[wasm_bindgen]
pub struct SignIn {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::OptStr),
        Field("status", "status", Kind::OptStr),
        Field("supportedIdentifiers", "supported_identifiers", Kind::StrList),
        Field("identifier", "identifier", Kind::OptStr),
        Field("supportedFirstFactors", "supported_first_factors", Kind::CamelList),
        Field("supportedSecondFactors", "supported_second_factors", Kind::CamelList),
        Field("firstFactorVerification", "first_factor_verification", Kind::Plain(&verification::SHAPE)),
        Field("secondFactorVerification", "second_factor_verification", Kind::Plain(&verification::SHAPE)),
        Field("userData", "user_data", Kind::Camel),
        Field("createdSessionId", "created_session_id", Kind::OptStr),
        Field("abandonAt", "abandon_at", Kind::OptDate),
    ],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| SignIn { base })
}

#[wasm_bindgen]
impl SignIn {
    /// Starts a sign-in (`POST /v1/client/sign_ins`) with ClerkJS's parameters, e.g.
    /// `{identifier}`, `{identifier, password, strategy: 'password'}`, `{strategy: 'ticket', ticket}`.
    /// Resolves to this same object, updated.
    #[wasm_bindgen(unchecked_return_type = "Promise<SignIn>")]
    pub fn create(&self, #[wasm_bindgen(unchecked_param_type = "SignInCreateParams")] params: JsValue) -> js_sys::Promise {
        let base = self.base.clone();
        let form = super::js_form(&params);
        crate::promise(async move { base.update_from(&Request::post("/client/sign_ins", form?)).await })
    }
}
