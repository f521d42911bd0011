//! `Web3Wallet`: one of a user's Ethereum wallet addresses.

use super::verification::{Verification, VerificationJson};
use super::{resource, set};
use crate::core::Core;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A web3 wallet of the user.
#[wasm_bindgen]
pub struct Web3Wallet {
    data: RefCell<Rc<Web3WalletJson>>,
    #[allow(dead_code)]
    core: Rc<Core>,
}

impl Web3Wallet {
    pub(crate) fn new(core: Rc<Core>, data: Rc<Web3WalletJson>) -> Web3Wallet {
        Web3Wallet { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<Web3WalletJson> {
        self.data.borrow().clone()
    }
}

resource! {
    Web3Wallet(Web3WalletJson) {
        /// The identification id (`idn_…`).
        id: id str,
        /// The address, `0x` and 40 hex digits.
        web3Wallet: web3_wallet str,
    }
    hidden {
        verification: Option<Rc<VerificationJson>>,
        created_at: Option<i64>,
        updated_at: Option<i64>,
    }
}

#[wasm_bindgen]
impl Web3Wallet {
    #[wasm_bindgen(getter)]
    pub fn verification(&self) -> Verification {
        Verification::of(&self.data().verification)
    }

    /// The address, as ClerkJS's `toString()`.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.web3_wallet()
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "verification", &self.verification().to_json());
        o
    }
}
