//! `SignIn`: a sign-in attempt of the client. `create(params)` starts (or, with a ticket,
//! completes) one.

use super::verification::{Verification, VerificationJson};
use super::{resource, set};
use crate::core::Core;
use crate::error::Error;
use crate::fapi::Request;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A sign-in attempt.
#[wasm_bindgen]
pub struct SignIn {
    data: RefCell<Rc<SignInJson>>,
    core: Rc<Core>,
}

impl SignIn {
    pub(crate) fn new(core: Rc<Core>, data: Rc<SignInJson>) -> SignIn {
        SignIn { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<SignInJson> {
        self.data.borrow().clone()
    }

    /// Sends `req`, takes the sign-in it answers with (in place, as ClerkJS) and returns it.
    async fn update_from(&self, req: Request) -> Result<SignIn, Error> {
        let fresh: SignInJson = self.core.request_some(&req).await?;
        let fresh = Rc::new(fresh);
        *self.data.borrow_mut() = fresh.clone();
        Ok(SignIn::new(self.core.clone(), fresh))
    }
}

resource! {
    SignIn(SignInJson) {
        /// The attempt id (`sia_…`), or `null` before `create`.
        id: id opt_str,
        /// `needs_identifier`, `needs_first_factor`, `needs_second_factor`, `complete`, …; `null` before `create`.
        status: status opt_str,
        /// The identifier the user gave.
        identifier: identifier opt_str,
        /// The session created when the sign-in completed.
        createdSessionId: created_session_id opt_str,
        abandonAt: abandon_at opt_date,
    }
    hidden {
        #[serde(deserialize_with = "super::null_as_default")]
        supported_identifiers: Vec<String>,
        supported_first_factors: Option<Vec<Value>>,
        supported_second_factors: Option<Vec<Value>>,
        first_factor_verification: Option<Rc<VerificationJson>>,
        second_factor_verification: Option<Rc<VerificationJson>>,
        user_data: Option<Value>,
    }
}

#[wasm_bindgen]
impl SignIn {
    #[wasm_bindgen(getter = supportedIdentifiers, unchecked_return_type = "string[]")]
    pub fn supported_identifiers(&self) -> js_sys::Array {
        super::array(self.data().supported_identifiers.iter().map(|s| JsValue::from_str(s)))
    }

    /// The first factors the user may use, camelCased (`{strategy, safeIdentifier, emailAddressId, …}`), or `null`.
    #[wasm_bindgen(getter = supportedFirstFactors, unchecked_return_type = "Array<Record<string, unknown>> | null")]
    pub fn supported_first_factors(&self) -> JsValue {
        factors(&self.data().supported_first_factors)
    }

    #[wasm_bindgen(getter = supportedSecondFactors, unchecked_return_type = "Array<Record<string, unknown>> | null")]
    pub fn supported_second_factors(&self) -> JsValue {
        factors(&self.data().supported_second_factors)
    }

    #[wasm_bindgen(getter = firstFactorVerification)]
    pub fn first_factor_verification(&self) -> Verification {
        Verification::of(&self.data().first_factor_verification)
    }

    #[wasm_bindgen(getter = secondFactorVerification)]
    pub fn second_factor_verification(&self) -> Verification {
        Verification::of(&self.data().second_factor_verification)
    }

    /// `{firstName, lastName, imageUrl, hasImage}` of the user signing in, or `null`.
    #[wasm_bindgen(getter = userData, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn user_data(&self) -> JsValue {
        self.data().user_data.as_ref().map(|v| super::json_to_js(&super::camel_keys(v))).unwrap_or(JsValue::NULL)
    }

    /// Starts a sign-in (`POST /v1/client/sign_ins`) with ClerkJS's parameters, e.g.
    /// `{identifier}`, `{identifier, password, strategy: 'password'}`, `{strategy: 'ticket', ticket}`.
    pub async fn create(&self, #[wasm_bindgen(unchecked_param_type = "SignInCreateParams")] params: JsValue) -> Result<SignIn, Error> {
        let form = super::js_form(&params)?;
        self.update_from(Request::post("/client/sign_ins", form)).await
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "supportedIdentifiers", &self.supported_identifiers());
        set(&o, "supportedFirstFactors", &self.supported_first_factors());
        set(&o, "supportedSecondFactors", &self.supported_second_factors());
        set(&o, "firstFactorVerification", &self.first_factor_verification().to_json());
        set(&o, "secondFactorVerification", &self.second_factor_verification().to_json());
        set(&o, "userData", &self.user_data());
        o
    }
}

fn factors(list: &Option<Vec<Value>>) -> JsValue {
    match list {
        Some(l) => super::json_to_js(&Value::Array(l.iter().map(super::camel_keys).collect())),
        None => JsValue::NULL,
    }
}
