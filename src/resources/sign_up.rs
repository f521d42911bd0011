//! `SignUp`: a sign-up attempt of the client, with ClerkJS's methods (`core/resources/SignUp.ts`):
//! `create`, `update`, `prepareVerification` / `attemptVerification`, the email shortcuts
//! `prepareEmailAddressVerification` / `attemptEmailAddressVerification`, `authenticateWithRedirect`,
//! the wallet sign-up `authenticateWithWeb3` / `authenticateWithMetamask` (run by the UI module
//! with these same methods, `components::web3`), and `reload`.

use super::{verification, Base, Field, Kind, Shape};
use crate::components;
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::{Method, Request};
use crate::params::{posted, read, required, AttemptParams, AuthenticateWithRedirectParams, VerificationParams};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A sign-up attempt.
#[wasm_bindgen]
pub struct SignUp {
    base: Base,
}

/// A sign-up verification: a verification plus what to do next.
pub static SIGN_UP_VERIFICATION: Shape = Shape {
    fields: &[
        Field("status", "status", Kind::OptStr),
        Field("strategy", "strategy", Kind::OptStr),
        Field("nonce", "nonce", Kind::OptStr),
        Field("message", "message", Kind::OptStr),
        Field("attempts", "attempts", Kind::OptNum),
        Field("expireAt", "expire_at", Kind::OptDate),
        Field("error", "error", Kind::ApiErr),
        Field("externalVerificationRedirectURL", "external_verification_redirect_url", Kind::Url),
        Field("nextAction", "next_action", Kind::Str),
        Field("supportedStrategies", "supported_strategies", Kind::StrList),
    ],
    derived: &[],
    derive: None,
};

pub static VERIFICATIONS: Shape = Shape {
    fields: &[
        Field("emailAddress", "email_address", Kind::Plain(&SIGN_UP_VERIFICATION)),
        Field("phoneNumber", "phone_number", Kind::Plain(&SIGN_UP_VERIFICATION)),
        Field("web3Wallet", "web3_wallet", Kind::Plain(&SIGN_UP_VERIFICATION)),
        Field("externalAccount", "external_account", Kind::Plain(&verification::SHAPE)),
    ],
    derived: &[],
    derive: None,
};

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::OptStr),
        Field("status", "status", Kind::OptStr),
        Field("requiredFields", "required_fields", Kind::StrList),
        Field("optionalFields", "optional_fields", Kind::StrList),
        Field("missingFields", "missing_fields", Kind::StrList),
        Field("unverifiedFields", "unverified_fields", Kind::StrList),
        Field("verifications", "verifications", Kind::Plain(&VERIFICATIONS)),
        Field("username", "username", Kind::OptStr),
        Field("emailAddress", "email_address", Kind::OptStr),
        Field("phoneNumber", "phone_number", Kind::OptStr),
        Field("web3wallet", "web3_wallet", Kind::OptStr),
        Field("hasPassword", "password_enabled", Kind::Bool),
        Field("firstName", "first_name", Kind::OptStr),
        Field("lastName", "last_name", Kind::OptStr),
        Field("unsafeMetadata", "unsafe_metadata", Kind::Object),
        Field("createdSessionId", "created_session_id", Kind::OptStr),
        Field("createdUserId", "created_user_id", Kind::OptStr),
        Field("abandonAt", "abandon_at", Kind::OptDate),
    ],
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| SignUp { base })
}

const ROOT: &str = "/client/sign_ups";

impl SignUp {
    fn send(&self, method: Method, action: Option<&'static str>, form: Result<Form, crate::Error>) -> js_sys::Promise {
        self.base.act(ROOT, method, action, form)
    }
}

#[wasm_bindgen]
impl SignUp {
    /// Starts a sign-up (`POST /v1/client/sign_ups`): `{emailAddress, password, firstName,
    /// lastName, username, unsafeMetadata, …}`.
    #[wasm_bindgen(unchecked_return_type = "Promise<SignUp>")]
    pub fn create(&self, #[wasm_bindgen(unchecked_param_type = "SignUpCreateParams")] params: JsValue) -> js_sys::Promise {
        let base = self.base.clone();
        let form = posted::<AttemptParams>(&params, &[]).map(|p| p.form);
        crate::promise(async move { base.update_from(&Request::post("/client/sign_ups", form?)).await })
    }

    /// Changes fields of the sign-up (`PATCH /v1/client/sign_ups/{id}`).
    #[wasm_bindgen(unchecked_return_type = "Promise<SignUp>")]
    pub fn update(&self, #[wasm_bindgen(unchecked_param_type = "SignUpUpdateParams")] params: JsValue) -> js_sys::Promise {
        self.send(Method::Patch, None, posted::<AttemptParams>(&params, &[]).map(|p| p.form))
    }

    /// `{strategy: 'email_code'}`: sends a verification code.
    #[wasm_bindgen(js_name = prepareVerification, unchecked_return_type = "Promise<SignUp>")]
    pub fn prepare_verification(&self, #[wasm_bindgen(unchecked_param_type = "PrepareVerificationParams")] params: JsValue) -> js_sys::Promise {
        self.send(Method::Post, Some("prepare_verification"), posted::<AttemptParams>(&params, &[]).map(|p| p.form))
    }

    /// `{strategy: 'email_code', code}`.
    #[wasm_bindgen(js_name = attemptVerification, unchecked_return_type = "Promise<SignUp>")]
    pub fn attempt_verification(&self, #[wasm_bindgen(unchecked_param_type = "AttemptVerificationParams")] params: JsValue) -> js_sys::Promise {
        self.send(Method::Post, Some("attempt_verification"), posted::<AttemptParams>(&params, &[]).map(|p| p.form))
    }

    /// Sends the email-address verification code (strategy `email_code` unless given).
    #[wasm_bindgen(js_name = prepareEmailAddressVerification, unchecked_return_type = "Promise<SignUp>")]
    pub fn prepare_email_address_verification(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "PrepareEmailAddressVerificationOptions")] params: JsValue,
    ) -> js_sys::Promise {
        let form = read::<VerificationParams>(&params).map(|p| Form::new().push("strategy", p.strategy.unwrap_or_else(|| "email_code".into())));
        self.send(Method::Post, Some("prepare_verification"), form)
    }

    /// Proves the email address with `{code}`.
    #[wasm_bindgen(js_name = attemptEmailAddressVerification, unchecked_return_type = "Promise<SignUp>")]
    pub fn attempt_email_address_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AttemptEmailAddressVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        let form =
            read::<VerificationParams>(&params).and_then(|p| Ok(Form::new().push("strategy", "email_code").push("code", required(p.code, "code")?)));
        self.send(Method::Post, Some("attempt_verification"), form)
    }

    /// Signs up with an OAuth provider (see `SignIn.authenticateWithRedirect`).
    #[wasm_bindgen(js_name = authenticateWithRedirect, unchecked_return_type = "Promise<void>")]
    pub fn authenticate_with_redirect(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AuthenticateWithRedirectParams")] params: JsValue,
    ) -> js_sys::Promise {
        let core = self.base.core.clone();
        let params = read::<AuthenticateWithRedirectParams>(&params);
        crate::promise(async move { crate::oauth::authenticate_with_redirect(&core, ROOT, params?).await })
    }

    /// Signs up with a web3 wallet, as ClerkJS: `create({web3Wallet: identifier ?? this.web3wallet,
    /// unsafeMetadata, legalAccepted})`, `prepareVerification({strategy})`, the verification's
    /// nonce signed by `generateSignature({identifier, nonce, provider})`, then
    /// `attemptVerification({signature, strategy})`. Resolves to this sign-up.
    #[wasm_bindgen(js_name = authenticateWithWeb3, unchecked_return_type = "Promise<SignUp>")]
    pub fn authenticate_with_web3(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpAuthenticateWithWeb3Params")] params: JsValue,
    ) -> js_sys::Promise {
        components::web3(&self.base.core, "SignUp", self.base.this(), params)
    }

    /// `authenticateWithWeb3` with the browser's MetaMask (`window.ethereum`):
    /// `{unsafeMetadata, legalAccepted}`.
    #[wasm_bindgen(js_name = authenticateWithMetamask, unchecked_return_type = "Promise<SignUp>")]
    pub fn authenticate_with_metamask(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "SignUpAuthenticateWithMetamaskParams")] params: JsValue,
    ) -> js_sys::Promise {
        components::web3(&self.base.core, "SignUpMetamask", self.base.this(), params)
    }

    /// Fetches the sign-up again.
    #[wasm_bindgen(unchecked_return_type = "Promise<SignUp>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.send(Method::Get, None, Ok(Form::new()))
    }
}
