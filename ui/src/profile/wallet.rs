//! "Web3 wallets": the user's wallets, as ClerkJS's `Web3Section` shows them — only on instances
//! with `web3_wallet` enabled; the primary one first, then the verified ones, then the rest; each
//! "MetaMask (0x1234...abcd)" (the full address in its `title`) with its "Primary" /
//! "Unverified" badges, "Set as primary" for a verified one that is not, and "Remove wallet" (a
//! confirmation, then `web3Wallet.destroy()`). ClerkJS leaves out wallets of strategies it does
//! not know; here they show as their address alone.
//!
//! "Connect wallet" (while no verified MetaMask wallet is connected, as in ClerkJS) offers
//! "MetaMask": the page's EIP-1193 wallet (`window.ethereum`, through `web3.rs`) gives its
//! address, `user.createWeb3Wallet({web3Wallet})` adds it, `prepareVerification({strategy:
//! 'web3_metamask_signature'})` gives the message, the wallet signs it (`personal_sign`) and
//! `attemptVerification({signature})` verifies the wallet. When a step fails — the user refuses
//! in the wallet (EIP-1193 code 4001, said in a sentence of ours), a signature the Frontend API
//! refuses — the wallet this attempt added is removed again before the error shows, so a failed
//! connection leaves nothing behind (ClerkJS would leave it, unverified). Without a wallet in
//! the page, the click says one is needed, in ClerkJS's words.

use super::connected::{confirm, focus_soon, menu, once, text, then_js};
use super::{list, Destroyable, Profile, Then, User};
use crate::api;
use crate::dom;
use crate::error::Failure;
use crate::web3::{self, STRATEGY};
use js_sys::{Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(method, catch, js_name = createWeb3Wallet)]
    fn create_web3_wallet(this: &User, params: &Object) -> Result<Promise, JsValue>;

    /// A `Web3Wallet`.
    #[derive(Clone)]
    type Wallet;
    #[wasm_bindgen(method, catch, js_name = prepareVerification)]
    fn prepare_verification(this: &Wallet, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = attemptVerification)]
    fn attempt_verification(this: &Wallet, params: &Object) -> Result<Promise, JsValue>;
}

/// What a refusal in the wallet (EIP-1193 `code: 4001`) reads as.
const REFUSED: &str = "You rejected the request in your wallet. No wallet was added.";

pub fn draw(p: &Profile, body: &Element, user: &User) {
    let attr = p.clerk.environment().and_then(|e| e.user_settings()).and_then(|s| s.attributes()).and_then(|a| a.get("web3_wallet"));
    let Some(attr) = attr.filter(|a| a.enabled() == Some(true)) else { return };
    let body = p.section(body, "web3Wallets", "Web3 wallets");
    let primary_id = text(user, &["primaryWeb3WalletId"]);
    let wallets = list(user, "web3Wallets");
    let verified = |w: &JsValue| text(w, &["verification", "status"]) == "verified";
    let mut has_metamask = false;
    // ClerkJS's order: the primary wallet, the verified ones, the rest.
    for (pass, w) in (0..3).flat_map(|pass| wallets.iter().map(move |w| (pass, w))) {
        let (id, address, ok) = (text(&w, &["id"]), text(&w, &["web3Wallet"]), verified(&w));
        let primary = id == primary_id;
        let rank = if primary {
            0
        } else if ok {
            1
        } else {
            2
        };
        if pass != rank {
            continue;
        }
        let metamask = text(&w, &["verification", "strategy"]) == STRATEGY;
        has_metamask |= ok && metamask;
        let short = shorten(&address);
        let shown = if metamask { ["MetaMask (", short.as_str(), ")"].concat() } else { short };
        let mut badges = Vec::new();
        if primary {
            badges.push("Primary");
        }
        if !ok {
            badges.push("Unverified");
        }
        let actions = p.row(&body, &shown, &badges);
        if let Some(t) = actions.previous_element_sibling().and_then(|main| main.first_element_child()) {
            dom::attr(&t, "title", &address);
        }
        if ok && !primary {
            p.button(&actions, "cl-action", &["wallet:primary:", &id].concat(), "Set as primary");
        }
        p.button(&actions, "cl-action cl-danger", &["wallet:remove:", &id].concat(), "Remove wallet");
        if p.is_open("wallet-remove").as_deref() == Some(id.as_str()) {
            let more = if ok { " You will no longer be able to sign in using this web3 wallet." } else { "" };
            let message = [address.as_str(), " will be removed from this account.", more].concat();
            confirm(p, &body, &["wallet:destroy:", &id].concat(), "Remove web3 wallet", &message);
        }
    }
    let offered = list(&attr, "first_factors").iter().any(|s| s.as_string().as_deref() == Some(STRATEGY));
    if offered && !has_metamask {
        menu(p, &body, "wallet", "Connect wallet", &[("wallet:connect".into(), "MetaMask".into())]);
    }
}

pub fn act(p: &Rc<Profile>, verb: &str, arg: &str) -> Result<Then, Failure> {
    let Some(user) = p.clerk.user() else { return Ok(Then::Render) };
    Ok(match verb {
        "add" => {
            focus_soon(p, "[data-menu] button");
            return p.open_form("wallet-add", "");
        }
        "connect" => Then::Wait(guard(web3::wallet("eth_requestAccounts", &[]), None), Box::new(move |_, accounts| add(user, accounts))),
        "primary" => {
            let params = api::params(&[("primaryWeb3WalletId", arg)]);
            super::then_close(user.update(&params))
        }
        "remove" => {
            focus_soon(p, "form [type=submit]");
            return p.open_form("wallet-remove", arg);
        }
        "destroy" => {
            let w = list(&user, "web3Wallets").iter().find(|w| text(w, &["id"]) == arg);
            let w = w.ok_or_else(|| Failure::message("This wallet is no longer connected."))?;
            super::then_close(w.unchecked_into::<Destroyable>().destroy())
        }
        _ => Then::Render,
    })
}

/// The wallet gave its accounts: add the first, prepare its verification, have the wallet sign
/// the message, attempt the signature.
fn add(user: User, accounts: JsValue) -> Result<Then, Failure> {
    let address = Reflect::get(&accounts, &0.into()).ok().and_then(api::text).ok_or_else(|| Failure::message("The wallet gave no account."))?;
    let created = user.create_web3_wallet(&api::params(&[("web3Wallet", &address)]));
    Ok(Then::Wait(
        guard(created, None),
        Box::new(move |_, wallet| {
            let w: Wallet = wallet.unchecked_into();
            let prepared = w.prepare_verification(&api::params(&[("strategy", STRATEGY)]));
            Ok(Then::Wait(
                guard(prepared, Some(&w)),
                Box::new(move |_, wallet| {
                    let signed = web3::sign(&address, &text(&wallet, &["verification", "message"]));
                    Ok(Then::Wait(
                        guard(signed, Some(&w)),
                        Box::new(move |_, signature| {
                            let params = api::params(&[("signature", &api::text(signature).unwrap_or_default())]);
                            Ok(super::then_close(guard(w.attempt_verification(&params), Some(&w))))
                        }),
                    ))
                }),
            ))
        }),
    ))
}

/// `call`, whose failure first removes the wallet `added` by this attempt (if any) and, when the
/// user refused in the wallet (EIP-1193 `code: 4001`), reads as [`REFUSED`]; any other reason
/// is kept as it is.
fn guard(call: Result<Promise, JsValue>, added: Option<&Wallet>) -> Result<Promise, JsValue> {
    let call = call.unwrap_or_else(|e| Promise::reject(&e));
    let added = added.cloned();
    let undo = once(move |reason| {
        let code = Reflect::get(&reason, &"code".into()).ok().and_then(|c| c.as_f64());
        let reason = if code == Some(4001.0) { js_sys::Error::new(REFUSED).into() } else { reason };
        let removed = added.and_then(|w| w.unchecked_into::<Destroyable>().destroy().ok()).unwrap_or_else(|| Promise::resolve(&JsValue::UNDEFINED));
        let rethrow = once(move |_| Promise::reject(&reason).into());
        then_js(&removed, &rethrow, &rethrow).into()
    });
    Ok(then_js(&call, &JsValue::UNDEFINED, &undo))
}

/// ClerkJS's `shortenWeb3Address`: `0x1234...abcd` (an address of ten characters or fewer as
/// it is).
fn shorten(address: &str) -> String {
    match (address.get(..6), address.get(address.len().saturating_sub(4)..)) {
        (Some(head), Some(tail)) if address.len() > 10 => [head, "...", tail].concat(),
        _ => address.into(),
    }
}
