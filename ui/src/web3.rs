//! "Continue with MetaMask": ClerkJS's wallet way in, through the SDK's public methods and the
//! page's EIP-1193 wallet (`window.ethereum`). The wallet gives its address
//! (`eth_requestAccounts`); a sign-in with it prepares the wallet's first factor, the wallet
//! signs the nonce (`personal_sign` of its bytes in hex, as ClerkJS asks), the signature is
//! attempted. An address no user has (`form_identifier_not_found`) signs up instead: a sign-up
//! with the wallet, its verification prepared, signed and attempted. Each step is the
//! continuation of the previous promise ([`After::Web3`]).

use crate::api::{self, SignIn, SignUp};
use crate::error::Failure;
use crate::flow::{no_client, After, Flow, Then};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// ClerkJS's strategy for MetaMask.
pub const STRATEGY: &str = "web3_metamask_signature";

/// Where the wallet flow stands when a promise settles.
pub enum Web3 {
    /// The wallet gave its accounts.
    Accounts,
    /// The sign-in with the address exists (rejected: no such user → sign up).
    SignInCreated,
    /// The wallet factor is prepared: sign its nonce.
    SignInPrepared,
    /// The sign-up with the wallet exists: prepare its verification.
    SignUpCreated,
    /// The verification is prepared: sign its nonce.
    SignUpPrepared,
    /// The wallet signed (for a sign-up when `true`): attempt the signature.
    Signed(bool),
}

/// `window.ethereum.request({method, params})`; without a wallet in the page, an `Error` saying
/// one is needed (also `authenticate.rs`'s).
pub fn wallet(method: &str, params: &[&str]) -> Result<Promise, JsValue> {
    let ethereum =
        web_sys::window().map(JsValue::from).and_then(|w| Reflect::get(&w, &JsValue::from_str("ethereum")).ok()).filter(JsValue::is_object);
    let Some(ethereum) = ethereum else {
        return Err(js_sys::Error::new("A wallet extension such as MetaMask is needed to continue with a wallet.").into());
    };
    let args = api::params(&[("method", method)]);
    api::set(&args, "params", &params.iter().map(|p| JsValue::from_str(p)).collect::<Array>());
    let request: js_sys::Function = Reflect::get(&ethereum, &JsValue::from_str("request"))?.dyn_into()?;
    // The wallet may answer with a value instead of a promise.
    Ok(Promise::resolve(&request.call1(&ethereum, &args)?))
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

/// The button's action: asks the wallet for its account.
pub fn start() -> Then {
    Then::Wait(wallet("eth_requestAccounts", &[]), After::Web3(Web3::Accounts))
}

/// After the sign-in with the address was refused because no user has it: sign up with it.
pub fn sign_up_instead(flow: &Flow) -> Result<Then, Failure> {
    let sign_up = flow.clerk.client().ok_or_else(no_client)?.sign_up();
    let params = api::params(&[("web3Wallet", &flow.wallet.borrow())]);
    Ok(Then::Wait(sign_up.create(&params), After::Web3(Web3::SignUpCreated)))
}

/// The next step of the wallet flow, from what the last promise resolved to.
pub fn next(flow: &Flow, step: Web3, value: JsValue) -> Result<Then, Failure> {
    let missing = || Failure::message("The wallet sign-in could not go on.");
    let strategy = [("strategy", STRATEGY)];
    Ok(match step {
        Web3::Accounts => {
            let address = Reflect::get(&value, &0.into()).ok().and_then(api::text).ok_or_else(|| Failure::message("The wallet gave no account."))?;
            *flow.wallet.borrow_mut() = address.clone();
            let sign_in = flow.clerk.client().ok_or_else(no_client)?.sign_in();
            Then::Wait(sign_in.create(&api::params(&[("identifier", &address)])), After::Web3(Web3::SignInCreated))
        }
        Web3::SignInCreated => {
            let si: SignIn = value.unchecked_into();
            let factors = si.supported_first_factors().unwrap_or_else(Array::new_typed);
            let wallet_id = factors
                .iter()
                .find(|f| f.strategy().as_deref() == Some(STRATEGY))
                .and_then(|f| api::path_text(&f, &["web3WalletId"]))
                .ok_or_else(missing)?;
            let params = api::params(&[("strategy", STRATEGY), ("web3WalletId", &wallet_id)]);
            Then::Wait(si.prepare_first_factor(&params), After::Web3(Web3::SignInPrepared))
        }
        Web3::SignInPrepared => {
            let nonce = api::path_text(&value, &["firstFactorVerification", "message"]).ok_or_else(missing)?;
            Then::Wait(sign(&flow.wallet.borrow(), &nonce), After::Web3(Web3::Signed(false)))
        }
        Web3::SignUpCreated => {
            let su: SignUp = value.unchecked_into();
            Then::Wait(su.prepare_verification(&api::params(&strategy)), After::Web3(Web3::SignUpPrepared))
        }
        Web3::SignUpPrepared => {
            let nonce = api::path_text(&value, &["verifications", "web3Wallet", "message"]).ok_or_else(missing)?;
            Then::Wait(sign(&flow.wallet.borrow(), &nonce), After::Web3(Web3::Signed(true)))
        }
        Web3::Signed(sign_up) => {
            let signature = api::text(value).ok_or_else(|| Failure::message("The wallet gave no signature."))?;
            let params: Object = api::params(&[("strategy", STRATEGY), ("signature", &signature)]);
            let client = flow.clerk.client().ok_or_else(no_client)?;
            if sign_up {
                Then::Wait(client.sign_up().attempt_verification(&params), After::Web3Done)
            } else {
                Then::Wait(client.sign_in().attempt_first_factor(&params), After::SignIn)
            }
        }
    })
}
