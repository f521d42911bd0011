//! `SignIn`: a sign-in attempt of the client, with ClerkJS's methods (`core/resources/SignIn.ts`):
//! `create`, `prepareFirstFactor`, `attemptFirstFactor`, `prepareSecondFactor`,
//! `attemptSecondFactor`, `resetPassword`, `authenticateWithRedirect`, `reload`; and the wallet
//! sign-in `authenticateWithWeb3` / `authenticateWithMetamask`, which the UI module runs with
//! these same methods (`components::web3`). Each sends the parameters as ClerkJS does (form-encoded,
//! camelCase keys as snake_case) and resolves to this same object, updated in place.

use super::{verification, Base, Field, Kind, Shape};
use crate::components;
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::{Method, Request};
use crate::params::{posted, read, AttemptParams, AuthenticateWithRedirectParams};
use std::rc::Rc;
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
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| SignIn { base })
}

const ROOT: &str = "/client/sign_ins";

impl SignIn {
    /// `POST /client/sign_ins/{id}/<action>` with `params`, refilling this sign-in.
    fn act(&self, action: &'static str, params: &JsValue) -> js_sys::Promise {
        self.base.act(ROOT, Method::Post, Some(action), posted::<AttemptParams>(params, &[]).map(|p| p.form))
    }
}

#[wasm_bindgen]
impl SignIn {
    /// Starts a sign-in (`POST /v1/client/sign_ins`) with ClerkJS's parameters, e.g.
    /// `{identifier}`, `{identifier, password, strategy: 'password'}`, `{strategy: 'ticket', ticket}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<SignIn>")]
    pub fn create(&self, #[wasm_bindgen(unchecked_param_type = "SignInCreateParams")] params: JsValue) -> js_sys::Promise {
        let base = self.base.clone();
        let form = posted::<AttemptParams>(&params, &[]).map(|p| p.form);
        crate::promise(async move { base.update_from(&Request::post("/client/sign_ins", form?)).await })
    }

    /// Sends a first-factor code: `{strategy: 'email_code', emailAddressId}` or
    /// `{strategy: 'phone_code', phoneNumberId}` (a factor of `supportedFirstFactors`).
    #[wasm_bindgen(js_name = prepareFirstFactor, unchecked_return_type = "Promise<SignIn>")]
    pub fn prepare_first_factor(&self, #[wasm_bindgen(unchecked_param_type = "PrepareFirstFactorParams")] params: JsValue) -> js_sys::Promise {
        self.act("prepare_first_factor", &params)
    }

    /// Proves the first factor: `{strategy: 'password', password}` or `{strategy: 'email_code', code}`.
    #[wasm_bindgen(js_name = attemptFirstFactor, unchecked_return_type = "Promise<SignIn>")]
    pub fn attempt_first_factor(&self, #[wasm_bindgen(unchecked_param_type = "AttemptFirstFactorParams")] params: JsValue) -> js_sys::Promise {
        self.act("attempt_first_factor", &params)
    }

    /// Sends a second-factor code: `{strategy: 'phone_code', phoneNumberId?}`.
    #[wasm_bindgen(js_name = prepareSecondFactor, unchecked_return_type = "Promise<SignIn>")]
    pub fn prepare_second_factor(&self, #[wasm_bindgen(unchecked_param_type = "PrepareSecondFactorParams")] params: JsValue) -> js_sys::Promise {
        self.act("prepare_second_factor", &params)
    }

    /// Proves the second factor: `{strategy: 'phone_code', code}`.
    #[wasm_bindgen(js_name = attemptSecondFactor, unchecked_return_type = "Promise<SignIn>")]
    pub fn attempt_second_factor(&self, #[wasm_bindgen(unchecked_param_type = "AttemptSecondFactorParams")] params: JsValue) -> js_sys::Promise {
        self.act("attempt_second_factor", &params)
    }

    /// Sets a new password once a reset code was verified (`status: 'needs_new_password'`):
    /// `{password, signOutOfOtherSessions}`; the sign-in completes.
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<SignIn>")]
    pub fn reset_password(&self, #[wasm_bindgen(unchecked_param_type = "ResetPasswordParams")] params: JsValue) -> js_sys::Promise {
        self.act("reset_password", &params)
    }

    /// Signs in with an OAuth provider: `{strategy: 'oauth_google', redirectUrl,
    /// redirectUrlComplete}` starts the attempt and sends the browser to the provider; the
    /// page at `redirectUrl` then calls `clerk.handleRedirectCallback()`.
    #[wasm_bindgen(js_name = authenticateWithRedirect, unchecked_return_type = "Promise<void>")]
    pub fn authenticate_with_redirect(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AuthenticateWithRedirectParams")] params: JsValue,
    ) -> js_sys::Promise {
        let core = self.base.core.clone();
        let params = read::<AuthenticateWithRedirectParams>(&params);
        crate::promise(async move { crate::oauth::authenticate_with_redirect(&core, ROOT, params?).await })
    }

    /// Signs in with a web3 wallet, as ClerkJS: `create({identifier})`, the wallet's factor
    /// prepared (`{web3WalletId, strategy}`), its nonce signed by `generateSignature({identifier,
    /// nonce, provider})`, then `attemptFirstFactor({signature, strategy})`. `strategy` defaults
    /// to `web3_metamask_signature`. Resolves to this sign-in.
    #[wasm_bindgen(js_name = authenticateWithWeb3, unchecked_return_type = "Promise<SignIn>")]
    pub fn authenticate_with_web3(&self, #[wasm_bindgen(unchecked_param_type = "AuthenticateWithWeb3Params")] params: JsValue) -> js_sys::Promise {
        components::web3(&self.base.core, "SignIn", self.base.this(), params)
    }

    /// `authenticateWithWeb3` with the browser's MetaMask (`window.ethereum`): its first
    /// account, its `personal_sign`.
    #[wasm_bindgen(js_name = authenticateWithMetamask, unchecked_return_type = "Promise<SignIn>")]
    pub fn authenticate_with_metamask(&self) -> js_sys::Promise {
        components::web3(&self.base.core, "SignInMetamask", self.base.this(), JsValue::UNDEFINED)
    }

    /// Fetches the sign-in again (`GET /v1/client/sign_ins/{id}`).
    #[wasm_bindgen(unchecked_return_type = "Promise<SignIn>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Get, None, Ok(Form::new()))
    }
}
