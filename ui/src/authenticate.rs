//! The wallet sign-in methods of the SDK — `clerk.authenticateWithMetamask` /
//! `authenticateWithWeb3` and the `authenticateWithWeb3` / `authenticateWithMetamask` of
//! `SignIn` and `SignUp` — which the SDK core hands to this module (`src/components.rs`,
//! `web3`) once it has checked their parameters: written here as chains of the SDK's own public
//! promises, they cost the core nothing but the call (as Rust async flows in the core they
//! measured 8.3 KB gzip). Like the components, they use only the public API of the objects they
//! are given (`signIn.create`, `prepareFirstFactor`, `clerk.setActive`, `clerk.navigate`, …).
//!
//! The steps and requests are ClerkJS 6.40's (`SignIn.authenticateWithWeb3`,
//! `SignUp.authenticateWithWeb3`, `Clerk.authenticateWithWeb3`):
//! - a sign-in: `create({identifier})`, the supported first factor of the strategy prepared
//!   (`{web3WalletId, strategy}`), its `firstFactorVerification.message` signed, then
//!   `attemptFirstFactor({signature, strategy})`;
//! - a sign-up: `create({web3Wallet, unsafeMetadata, legalAccepted})`,
//!   `prepareVerification({strategy})`, `verifications.web3Wallet.message` signed, then
//!   `attemptVerification({signature, strategy})`;
//! - `clerk.authenticateWithWeb3`: the wallet's first account signs in; an address no user has
//!   (`form_identifier_not_found`) signs up instead, and goes to `signUpContinueUrl` (when given)
//!   if the verified sign-up still misses fields; then a complete attempt becomes the current
//!   session (`setActive`) and the page goes to `redirectUrl` (else `buildAfterSignInUrl()`),
//!   one that needs a second factor to `secondFactorUrl` (else the sign-in page's
//!   `#/factor-two`) — through `customNavigate` when given, else `clerk.navigate`.
//!
//! Who signs: the page's `generateSignature({identifier, nonce, provider})` when it gave one,
//! else the page's EIP-1193 wallet (`window.ethereum`, `web3.rs`), which also gives the
//! address (`eth_requestAccounts`) when none was given. Without a wallet the chain rejects with
//! an `Error` saying one is needed.

use crate::api;
use crate::web3::{sign, wallet, STRATEGY};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A `Promise`, with `then` taking callbacks that return the next promise or value (js-sys's
    /// `then` takes callbacks that return nothing).
    type Chain;
    /// `promise.then(onFulfilled)`.
    #[wasm_bindgen(method, js_name = then)]
    fn and_then(this: &Chain, f: &Closure<dyn FnMut(JsValue) -> JsValue>) -> Promise;
    /// `promise.then(undefined, onRejected)`.
    #[wasm_bindgen(method, js_name = then)]
    fn or_else(this: &Chain, fulfilled: &JsValue, rejected: &Closure<dyn FnMut(JsValue) -> JsValue>) -> Promise;
}

/// What a step of a chain gives the next: a promise or a value to go on with; an `Err` rejects
/// the chain with that value.
type Next = Result<JsValue, JsValue>;

/// One closure type for every step (each closure type has glue of its own).
fn step(mut f: impl FnMut(JsValue) -> Next + 'static) -> Closure<dyn FnMut(JsValue) -> JsValue> {
    Closure::new(move |v| f(v).unwrap_or_else(|e| Promise::reject(&e).into()))
}

/// `p.then(f)`. The promise holds `f` from now on; the garbage collector frees it once it has
/// settled.
fn then(p: &Promise, f: impl FnMut(JsValue) -> Next + 'static) -> Promise {
    let f = step(f);
    let out = p.unchecked_ref::<Chain>().and_then(&f);
    let _ = f.into_js_value();
    out
}

/// `p.then(undefined, f)`.
fn recover(p: &Promise, f: impl FnMut(JsValue) -> Next + 'static) -> Promise {
    let f = step(f);
    let out = p.unchecked_ref::<Chain>().or_else(&JsValue::UNDEFINED, &f);
    let _ = f.into_js_value();
    out
}

/// A step's outcome as a promise (a step may give a value, or fail before any promise).
fn settle(next: Next) -> Promise {
    match next {
        Ok(v) => Promise::resolve(&v),
        Err(e) => Promise::reject(&e),
    }
}

/// `target[method](arg)`: a method of the SDK's public API; what it throws becomes an `Err`.
fn call(target: &JsValue, method: &str, arg: &JsValue) -> Next {
    match Reflect::get(target, &JsValue::from_str(method))?.dyn_into::<Function>() {
        Ok(f) => f.call1(target, arg),
        Err(_) => Err(broken(&[method, " is not a method of its target"].concat())),
    }
}

/// `obj[a][b]…`, `undefined` where a step is missing.
fn get(obj: &JsValue, path: &[&str]) -> JsValue {
    path.iter()
        .fold(obj.clone(), |v, key| if v.is_object() { Reflect::get(&v, &JsValue::from_str(key)).unwrap_or_default() } else { JsValue::UNDEFINED })
}

/// `{key: value, …}`; `undefined` values are left to the SDK, which drops them as ClerkJS does.
fn object(pairs: &[(&str, &JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        api::set(&o, k, v);
    }
    o.into()
}

/// The error of a step whose answer lacks what ClerkJS's flow needs next.
fn broken(what: &str) -> JsValue {
    js_sys::Error::new(&["clerk-wasm: authenticateWithWeb3: ", what].concat()).into()
}

/// One wallet sign-in or sign-up: its strategy, the address, who signs.
struct Wallet {
    strategy: JsValue,
    /// The address (`undefined` when the page gave none and signs itself, as ClerkJS passes it).
    identifier: JsValue,
    /// The page's `generateSignature`; `None`: `window.ethereum` signs.
    generate: Option<Function>,
    /// The caller's parameters (`unsafeMetadata`, `legalAccepted`, the URLs).
    params: JsValue,
}

impl Wallet {
    /// The signature of `nonce`: `generateSignature({identifier, nonce, provider})` (its
    /// promise), else the browser wallet's `personal_sign`.
    fn sign(&self, nonce: &str) -> Next {
        match &self.generate {
            Some(f) => {
                let strategy = self.strategy.as_string().unwrap_or_default();
                let provider = strategy.strip_prefix("web3_").unwrap_or(&strategy);
                let provider = provider.strip_suffix("_signature").unwrap_or(provider);
                let arg = object(&[("identifier", &self.identifier), ("nonce", &nonce.into()), ("provider", &provider.into())]);
                f.call1(&JsValue::NULL, &arg)
            }
            None => sign(&self.identifier.as_string().unwrap_or_default(), nonce).map(Into::into),
        }
    }
}

/// `signIn.authenticateWithWeb3`: resolves to the sign-in after its attempt.
fn sign_in(target: JsValue, w: Rc<Wallet>) -> Promise {
    let created = settle(call(&target, "create", &object(&[("identifier", &w.identifier)])));
    let w1 = w.clone();
    let prepared = then(&created, move |si| {
        let factors: Array = get(&si, &["supportedFirstFactors"]).dyn_into().unwrap_or_default();
        let factor = factors.iter().find(|f| get(f, &["strategy"]) == w1.strategy);
        let factor = factor.ok_or_else(|| broken("the sign-in has no first factor for this strategy"))?;
        call(&si, "prepareFirstFactor", &object(&[("web3WalletId", &get(&factor, &["web3WalletId"])), ("strategy", &w1.strategy)]))
    });
    then(&prepared, move |si| {
        let nonce = get(&si, &["firstFactorVerification", "message"]).as_string().ok_or_else(|| broken("the sign-in has no message to sign"))?;
        let strategy = w.strategy.clone();
        Ok(then(&settle(w.sign(&nonce)), move |signature| {
            call(&si, "attemptFirstFactor", &object(&[("signature", &signature), ("strategy", &strategy)]))
        })
        .into())
    })
}

/// `signUp.authenticateWithWeb3`: resolves to the sign-up after its attempt.
fn sign_up_with(target: JsValue, w: Rc<Wallet>) -> Promise {
    let address = if w.identifier.is_string() { w.identifier.clone() } else { get(&target, &["web3wallet"]) };
    let arg = object(&[
        ("web3Wallet", &address),
        ("unsafeMetadata", &get(&w.params, &["unsafeMetadata"])),
        ("legalAccepted", &get(&w.params, &["legalAccepted"])),
    ]);
    let created = settle(call(&target, "create", &arg));
    let w1 = w.clone();
    let prepared = then(&created, move |su| call(&su, "prepareVerification", &object(&[("strategy", &w1.strategy)])));
    then(&prepared, move |su| {
        let nonce = get(&su, &["verifications", "web3Wallet", "message"]).as_string().ok_or_else(|| broken("the sign-up has no message to sign"))?;
        let strategy = w.strategy.clone();
        Ok(then(&settle(w.sign(&nonce)), move |signature| {
            call(&su, "attemptVerification", &object(&[("signature", &signature), ("strategy", &strategy)]))
        })
        .into())
    })
}

/// Navigates as `clerk.authenticateWithWeb3` does: through the caller's `customNavigate` when it
/// gave one, else `clerk.navigate`; resolves when that has.
fn go(clerk: &JsValue, params: &JsValue, to: &JsValue) -> Next {
    match get(params, &["customNavigate"]).dyn_into::<Function>() {
        Ok(f) => f.call1(&JsValue::NULL, to),
        Err(_) => call(clerk, "navigate", to),
    }
}

/// After the attempt of `clerk.authenticateWithWeb3`: the session, the navigation.
fn finish(clerk: &JsValue, params: &JsValue, attempt: &JsValue) -> Next {
    let status = get(attempt, &["status"]).as_string().unwrap_or_default();
    if status == "needs_second_factor" {
        let to = match get(params, &["secondFactorUrl"]) {
            url if url.is_string() => url,
            _ => {
                let sign_in_url = get(clerk, &["environment", "displayConfig", "signInUrl"]).as_string().unwrap_or_default();
                [sign_in_url.as_str(), "#/factor-two"].concat().into()
            }
        };
        return go(clerk, params, &to);
    }
    let session = get(attempt, &["createdSessionId"]);
    if status != "complete" || !session.is_string() {
        return Ok(JsValue::UNDEFINED);
    }
    let to = match get(params, &["redirectUrl"]) {
        url if url.is_string() => url,
        _ => call(clerk, "buildAfterSignInUrl", &JsValue::UNDEFINED)?,
    };
    let clerk = clerk.clone();
    // The redirect goes through `clerk.navigate` even with a `customNavigate`, as ClerkJS's does.
    Ok(then(&settle(call(&clerk, "setActive", &object(&[("session", &session)]))), move |_| call(&clerk, "navigate", &to)).into())
}

/// `clerk.authenticateWithWeb3(params)` once the wallet gave its address.
fn clerk_flow(clerk: JsValue, w: Rc<Wallet>) -> Promise {
    let attempt = sign_in(get(&clerk, &["client", "signIn"]), w.clone());
    let c = clerk.clone();
    let w1 = w.clone();
    let attempt = recover(&attempt, move |e| {
        if get(&e, &["errors", "0", "code"]).as_string().as_deref() != Some("form_identifier_not_found") {
            return Err(e);
        }
        let (c, params) = (c.clone(), w1.params.clone());
        Ok(then(&sign_up_with(get(&c, &["client", "signUp"]), w1.clone()), move |su| {
            let continue_url = get(&params, &["signUpContinueUrl"]);
            let missing = get(&su, &["status"]).as_string().as_deref() == Some("missing_requirements");
            let verified = get(&su, &["verifications", "web3Wallet", "status"]).as_string().as_deref() == Some("verified");
            if continue_url.is_string() && missing && verified {
                return Ok(then(&settle(go(&c, &params, &continue_url)), move |_| Ok(su.clone())).into());
            }
            Ok(su)
        })
        .into())
    });
    let done = then(&attempt, move |attempt| finish(&clerk, &w.params, &attempt));
    // ClerkJS's method resolves to nothing, whatever the navigation resolved to.
    then(&done, |_| Ok(JsValue::UNDEFINED))
}

/// The UI module's export behind the SDK's wallet methods (the SDK has checked `params`):
/// - `"Clerk"`: `clerk.authenticateWithWeb3(params)`, `target` the `Clerk`;
/// - `"Metamask"`: `clerk.authenticateWithMetamask(params)`, the same with MetaMask's strategy;
/// - `"SignIn"` / `"SignUp"`: the resource's `authenticateWithWeb3(params)`, `target` the resource;
/// - `"SignInMetamask"` / `"SignUpMetamask"`: its `authenticateWithMetamask(params)` — the
///   browser wallet's first account, signed by the wallet, MetaMask's strategy (and, for a
///   sign-up, `unsafeMetadata` and `legalAccepted` of `params`).
///
/// Resolves as the SDK method does: `undefined`, or the resource after its attempt.
#[wasm_bindgen(js_name = authenticateWithWeb3)]
pub fn authenticate_with_web3(kind: &str, target: JsValue, params: JsValue) -> Promise {
    let metamask = kind.ends_with("Metamask");
    let strategy = match get(&params, &["strategy"]) {
        s if s.is_string() && !metamask => s,
        _ => STRATEGY.into(),
    };
    let generate = if metamask { None } else { get(&params, &["generateSignature"]).dyn_into::<Function>().ok() };
    let given = if metamask { JsValue::UNDEFINED } else { get(&params, &["identifier"]) };
    let clerk = kind == "Clerk" || kind == "Metamask";
    // The address: the one given, else the browser wallet's first account when the wallet signs
    // (the Clerk methods, the MetaMask ones), else none (the page's `generateSignature` needs none).
    let identifier = if clerk || (generate.is_none() && !given.is_string()) {
        // ClerkJS's `getWeb3Identifier`: the first account, else "".
        then(&settle(wallet("eth_requestAccounts", &[]).map(Into::into)), |accounts| {
            Ok(get(&accounts, &["0"]).as_string().unwrap_or_default().into())
        })
    } else {
        Promise::resolve(&given)
    };
    let sign_up = kind.starts_with("SignUp");
    then(&identifier, move |identifier| {
        let w = Rc::new(Wallet { strategy: strategy.clone(), identifier, generate: generate.clone(), params: params.clone() });
        Ok(if clerk {
            clerk_flow(target.clone(), w)
        } else if sign_up {
            sign_up_with(target.clone(), w)
        } else {
            sign_in(target.clone(), w)
        }
        .into())
    })
}
