//! `Web3Wallet`: one of a user's Ethereum wallet addresses, with ClerkJS's methods
//! (`core/resources/Web3Wallet.ts`): `prepareVerification` (the answer's verification carries
//! the `message` to sign), `attemptVerification({signature})`, `destroy`, `reload`, `toString`.

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::Method;
use crate::js;
use crate::params::{posted, read, required, VerificationParams};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A web3 wallet of the user.
#[wasm_bindgen]
pub struct Web3Wallet {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("web3Wallet", "web3_wallet", Kind::Str),
        Field("verification", "verification", Kind::Plain(&verification::SHAPE)),
        Field("createdAt", "created_at", Kind::OptDate),
        Field("updatedAt", "updated_at", Kind::OptDate),
    ],
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Web3Wallet { base })
}

const ROOT: &str = "/me/web3_wallets";

#[wasm_bindgen]
impl Web3Wallet {
    /// Asks for a message to sign: `{strategy: 'web3_metamask_signature'}`.
    #[wasm_bindgen(js_name = prepareVerification, unchecked_return_type = "Promise<Web3Wallet>")]
    pub fn prepare_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PrepareWeb3WalletVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        self.base.act(ROOT, Method::Post, Some("prepare_verification"), posted::<VerificationParams>(&params, &[]).map(|p| p.form))
    }

    /// Proves the wallet with the `personal_sign` signature of the message: `{signature}`.
    #[wasm_bindgen(js_name = attemptVerification, unchecked_return_type = "Promise<Web3Wallet>")]
    pub fn attempt_verification(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AttemptWeb3WalletVerificationParams")] params: JsValue,
    ) -> js_sys::Promise {
        let form = read::<VerificationParams>(&params).and_then(|p| Ok(Form::new().push("signature", required(p.signature, "signature")?)));
        self.base.act(ROOT, Method::Post, Some("attempt_verification"), form)
    }

    /// Removes the wallet from the user.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn destroy(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Delete, None, Ok(Form::new()))
    }

    #[wasm_bindgen(unchecked_return_type = "Promise<Web3Wallet>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Get, None, Ok(Form::new()))
    }

    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "web3_wallet")
    }
}
