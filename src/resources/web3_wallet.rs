//! `Web3Wallet`: one of a user's Ethereum wallet addresses.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
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
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Web3Wallet { base })
}

#[wasm_bindgen]
impl Web3Wallet {
    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString, unchecked_return_type = "string")]
    pub fn to_string_js(&self) -> JsValue {
        js::get(&self.base.raw(), "web3_wallet")
    }
}
