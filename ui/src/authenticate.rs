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
//!
//! Each step is a state ([`At`]) that the settled promise of the previous one hands to
//! [`Auth::advance`], through one closure type: every closure type brings glue of its own (a
//! closure per step measured 0.7 KB gzip more than this one driver, as `flow.rs` has). The whole
//! file is about 3.3 KB gzip of this module.

use crate::api::{self, call, path as get};
use crate::web3::{sign, wallet, STRATEGY};
use js_sys::{Array, Function, Object, Promise};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A `Promise`, with a `then` whose callbacks return the next promise or value (js-sys's
    /// `then` takes callbacks that return nothing).
    type Chain;
    /// `promise.then(onFulfilled, onRejected)` (`undefined` for a callback not given).
    #[wasm_bindgen(method, js_name = then)]
    fn then(this: &Chain, fulfilled: &JsValue, rejected: &JsValue) -> Promise;
}

/// What a step gives the next: a promise or a value to go on with; an `Err` rejects the chain
/// with that value.
type Next = Result<JsValue, JsValue>;

/// Where a wallet sign-in stands when a promise settles with `value`.
#[derive(Clone, Copy)]
enum At {
    /// The browser wallet gave its accounts: the first is the address.
    Accounts,
    /// The address is known: the attempt starts.
    Identified,
    /// `signIn.create` resolved: prepare the wallet's first factor.
    SignInCreated,
    /// The first factor is prepared: sign its nonce.
    SignInPrepared,
    /// The sign-in's nonce is signed: attempt the signature.
    SignInSigned,
    /// `signUp.create` resolved: prepare the wallet's verification.
    SignUpCreated,
    /// The verification is prepared: sign its nonce.
    SignUpPrepared,
    /// The sign-up's nonce is signed: attempt the signature.
    SignUpSigned,
    /// (`clerk.authenticateWithWeb3`) The sign-in was refused: a sign-up, when no user has the
    /// address.
    SignInRefused,
    /// (`clerk.…`) The wallet's sign-up was attempted: `signUpContinueUrl`, if fields are missing.
    SignedUp,
    /// (`clerk.…`) The attempt is done: the session and the navigation.
    Attempted,
    /// (`clerk.…`) `setActive` is done: the redirect.
    Active,
    /// Nothing more: resolve to `undefined`.
    Done,
}

/// Whether `obj[a][b]…` is the string `value` (compared in JavaScript, no Rust string made).
fn is(obj: &JsValue, path: &[&str], value: &str) -> bool {
    get(obj, path) == JsValue::from_str(value)
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

/// One wallet sign-in or sign-up.
struct Auth {
    /// `clerk.authenticateWithWeb3` / `…Metamask`: the `Clerk` (else `None`).
    clerk: Option<JsValue>,
    /// A resource's method: the `SignIn` or `SignUp` it was called on.
    target: JsValue,
    /// `target` is a `SignUp`.
    sign_up: bool,
    strategy: JsValue,
    /// The page's `generateSignature`; `None`: `window.ethereum` signs.
    generate: Option<Function>,
    /// The caller's parameters (`unsafeMetadata`, `legalAccepted`, the URLs, `customNavigate`).
    params: JsValue,
    /// The address (`undefined` when the page gave none and signs itself, as ClerkJS passes it).
    identifier: Cell<JsValue>,
    /// The sign-in or sign-up being attempted.
    attempt: Cell<JsValue>,
}

impl Auth {
    fn identifier(&self) -> JsValue {
        let v = self.identifier.take();
        self.identifier.set(v.clone());
        v
    }

    fn attempt(&self) -> JsValue {
        let v = self.attempt.take();
        self.attempt.set(v.clone());
        v
    }

    /// Goes on as `at` says once `promise` settles (its rejection goes to `or_else`, when given;
    /// otherwise it rejects the chain).
    fn chain(self: &Rc<Self>, promise: Next, at: At, or_else: Option<At>) -> Next {
        let promise = match promise {
            Ok(v) => Promise::resolve(&v),
            Err(e) => Promise::reject(&e),
        };
        let callback = |at: At| {
            let me = self.clone();
            Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |v| me.advance(at, v).unwrap_or_else(|e| Promise::reject(&e).into())).into_js_value()
        };
        let rejected = or_else.map_or(JsValue::UNDEFINED, callback);
        // The promise holds the callbacks now; the garbage collector frees them once it settled.
        Ok(promise.unchecked_ref::<Chain>().then(&callback(at), &rejected).into())
    }

    /// The signature of `nonce`: `generateSignature({identifier, nonce, provider})` (its
    /// promise), else the browser wallet's `personal_sign`.
    fn sign(&self, nonce: &str) -> Next {
        let identifier = self.identifier();
        match &self.generate {
            Some(f) => {
                let strategy = self.strategy.as_string().unwrap_or_default();
                let provider = strategy.strip_prefix("web3_").unwrap_or(&strategy);
                let provider = provider.strip_suffix("_signature").unwrap_or(provider);
                f.call1(&JsValue::NULL, &object(&[("identifier", &identifier), ("nonce", &nonce.into()), ("provider", &provider.into())]))
            }
            None => sign(&identifier.as_string().unwrap_or_default(), nonce).map(Into::into),
        }
    }

    /// `signIn.create({identifier})`, then the rest of the wallet sign-in.
    fn sign_in(self: &Rc<Self>, sign_in: &JsValue) -> Next {
        self.chain(call(sign_in, "create", &object(&[("identifier", &self.identifier())])), At::SignInCreated, None)
    }

    /// `signUp.create({web3Wallet, unsafeMetadata, legalAccepted})`, then the rest of the wallet
    /// sign-up.
    fn sign_up(self: &Rc<Self>, sign_up: &JsValue) -> Next {
        let given = self.identifier();
        let address = if given.is_string() { given } else { get(sign_up, &["web3wallet"]) };
        let p = &self.params;
        let arg =
            object(&[("web3Wallet", &address), ("unsafeMetadata", &get(p, &["unsafeMetadata"])), ("legalAccepted", &get(p, &["legalAccepted"]))]);
        self.chain(call(sign_up, "create", &arg), At::SignUpCreated, None)
    }

    /// Navigates as `clerk.authenticateWithWeb3` does: through the caller's `customNavigate` when
    /// it gave one, else `clerk.navigate`.
    fn go(&self, clerk: &JsValue, to: &JsValue) -> Next {
        match get(&self.params, &["customNavigate"]).dyn_into::<Function>() {
            Ok(f) => f.call1(&JsValue::UNDEFINED, to),
            Err(_) => call(clerk, "navigate", to),
        }
    }

    /// The next step from `at`, the state the last promise settled into with `value`.
    fn advance(self: &Rc<Self>, at: At, value: JsValue) -> Next {
        let clerk = self.clerk.clone().unwrap_or_default();
        let strategy = &self.strategy;
        match at {
            At::Accounts => {
                // ClerkJS's `getWeb3Identifier`: the first account, else "".
                let first = get(&value, &["0"]);
                self.identifier.set(if first.is_string() { first } else { JsValue::from_str("") });
                self.advance(At::Identified, JsValue::UNDEFINED)
            }
            At::Identified if self.clerk.is_some() => {
                // ClerkJS's `try { signIn.authenticateWithWeb3 } catch`: any refusal on the way.
                let attempt = self.sign_in(&get(&clerk, &["client", "signIn"]));
                self.chain(attempt, At::Attempted, Some(At::SignInRefused))
            }
            At::Identified if self.sign_up => self.sign_up(&self.target),
            At::Identified => self.sign_in(&self.target),
            At::SignInCreated => {
                let factors: Array = get(&value, &["supportedFirstFactors"]).dyn_into().unwrap_or_default();
                let factor = factors.iter().find(|f| get(f, &["strategy"]) == *strategy);
                let factor = factor.ok_or_else(|| broken("no first factor for this strategy"))?;
                let arg = object(&[("web3WalletId", &get(&factor, &["web3WalletId"])), ("strategy", strategy)]);
                self.chain(call(&value, "prepareFirstFactor", &arg), At::SignInPrepared, None)
            }
            At::SignUpCreated => self.chain(call(&value, "prepareVerification", &object(&[("strategy", strategy)])), At::SignUpPrepared, None),
            At::SignInPrepared | At::SignUpPrepared => {
                let (path, next): (&[&str], _) = match at {
                    At::SignInPrepared => (&["firstFactorVerification", "message"], At::SignInSigned),
                    _ => (&["verifications", "web3Wallet", "message"], At::SignUpSigned),
                };
                let nonce = get(&value, path).as_string().ok_or_else(|| broken("no message to sign"))?;
                self.attempt.set(value);
                self.chain(self.sign(&nonce), next, None)
            }
            At::SignInSigned | At::SignUpSigned => {
                let method = if matches!(at, At::SignInSigned) { "attemptFirstFactor" } else { "attemptVerification" };
                call(&self.attempt(), method, &object(&[("signature", &value), ("strategy", strategy)]))
            }
            At::SignInRefused => {
                if !is(&value, &["errors", "0", "code"], "form_identifier_not_found") {
                    return Err(value);
                }
                let attempt = self.sign_up(&get(&clerk, &["client", "signUp"]));
                self.chain(attempt, At::SignedUp, None)
            }
            At::SignedUp => {
                let to = get(&self.params, &["signUpContinueUrl"]);
                if to.is_string()
                    && is(&value, &["status"], "missing_requirements")
                    && is(&value, &["verifications", "web3Wallet", "status"], "verified")
                {
                    return self.chain(self.go(&clerk, &to), At::Attempted, None);
                }
                self.advance(At::Attempted, value)
            }
            At::Attempted => {
                let attempt = self.attempt();
                let session = get(&attempt, &["createdSessionId"]);
                if is(&attempt, &["status"], "needs_second_factor") {
                    let to = match get(&self.params, &["secondFactorUrl"]) {
                        url if url.is_string() => url,
                        _ => {
                            let sign_in_url = get(&clerk, &["environment", "displayConfig", "signInUrl"]).as_string().unwrap_or_default();
                            [sign_in_url.as_str(), "#/factor-two"].concat().into()
                        }
                    };
                    return self.chain(self.go(&clerk, &to), At::Done, None);
                }
                if is(&attempt, &["status"], "complete") && session.is_string() {
                    return self.chain(call(&clerk, "setActive", &object(&[("session", &session)])), At::Active, None);
                }
                Ok(JsValue::UNDEFINED)
            }
            At::Active => {
                let to = match get(&self.params, &["redirectUrl"]) {
                    url if url.is_string() => url,
                    _ => call(&clerk, "buildAfterSignInUrl", &JsValue::UNDEFINED)?,
                };
                // The redirect goes through `clerk.navigate` even with a `customNavigate`, as ClerkJS's.
                self.chain(call(&clerk, "navigate", &to), At::Done, None)
            }
            At::Done => Ok(JsValue::UNDEFINED),
        }
    }
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
    let clerk = kind == "Clerk" || kind == "Metamask";
    let strategy = match get(&params, &["strategy"]) {
        s if s.is_string() && !metamask => s,
        _ => STRATEGY.into(),
    };
    let generate = if metamask { None } else { get(&params, &["generateSignature"]).dyn_into::<Function>().ok() };
    let identifier = if metamask { JsValue::UNDEFINED } else { get(&params, &["identifier"]) };
    // The address: the one given, else the browser wallet's first account when the wallet signs
    // (the Clerk methods, the MetaMask ones), else none (the page's `generateSignature` needs none).
    let ask_wallet = clerk || (generate.is_none() && !identifier.is_string());
    let auth = Rc::new(Auth {
        clerk: clerk.then(|| target.clone()),
        target,
        sign_up: kind.starts_with("SignUp"),
        strategy,
        generate,
        params,
        identifier: Cell::new(identifier),
        attempt: Cell::default(),
    });
    let started = if ask_wallet {
        auth.chain(wallet("eth_requestAccounts", &[]).map(Into::into), At::Accounts, None)
    } else {
        auth.advance(At::Identified, JsValue::UNDEFINED)
    };
    // The Clerk methods resolve to nothing, whatever the navigation resolved to.
    let done = if clerk { started.and_then(|p| auth.chain(Ok(p), At::Done, None)) } else { started };
    match done {
        Ok(v) => Promise::resolve(&v),
        Err(e) => Promise::reject(&e),
    }
}
