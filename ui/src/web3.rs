//! The page's EIP-1193 wallet (`window.ethereum`), for the wallet sign-in (`authenticate.rs`,
//! which the cards' "Continue with MetaMask" runs too) and the profile's "Connect wallet": its
//! address (`eth_requestAccounts`) and its signature of a nonce (`personal_sign` of the nonce's
//! bytes in hex, as ClerkJS asks).

use crate::api;
use js_sys::{Array, Promise};
use wasm_bindgen::JsValue;

/// ClerkJS's strategy for MetaMask.
pub const STRATEGY: &str = "web3_metamask_signature";

/// `window.ethereum.request({method, params})`; without a wallet in the page, an `Error` saying
/// one is needed (also `authenticate.rs`'s).
pub fn wallet(method: &str, params: &[&str]) -> Result<Promise, JsValue> {
    let ethereum = api::get(&js_sys::global(), "ethereum");
    if !ethereum.is_object() {
        return Err(js_sys::Error::new("A wallet extension such as MetaMask is needed to continue with a wallet.").into());
    }
    let args = api::params(&[("method", method)]);
    let list = Array::new();
    for p in params {
        list.push(&JsValue::from_str(p));
    }
    api::set(&args, "params", &list);
    // The wallet may answer with a value instead of a promise.
    Ok(Promise::resolve(&api::call(&ethereum, "request", &args)?))
}

/// `personal_sign` of `nonce` (its bytes in hex) by `address`.
pub fn sign(address: &str, nonce: &str) -> Result<Promise, JsValue> {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::from("0x");
    for b in nonce.bytes() {
        hex.push(DIGITS[usize::from(b >> 4)] as char);
        hex.push(DIGITS[usize::from(b & 15)] as char);
    }
    wallet("personal_sign", &[&hex, address])
}
