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

use super::connected::{menu, menu_end};
use super::{before, call, find, get, is, list, once, text, then_js, verified, Profile, Then, User};
use crate::api;
use crate::dom;
use crate::error::Failure;
use crate::web3::{self, STRATEGY};
use js_sys::Promise;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// What a refusal in the wallet (EIP-1193 `code: 4001`) reads as.
const REFUSED: &str = "You rejected the request in your wallet. No wallet was added.";

pub fn draw(p: &Profile, body: &Element, user: &User) {
    let attr = get(&p.clerk, "environment");
    let attr = get(&attr, "userSettings");
    let attr = get(&attr, "attributes");
    let attr = get(&attr, "web3_wallet");
    if !is(&attr, &["enabled"]) {
        return;
    }
    let body = p.section(body, "web3Wallets", "Web3 wallets");
    let primary_id = text(user, &["primaryWeb3WalletId"]);
    let wallets = list(user, "web3Wallets");
    let mut has_metamask = false;
    // ClerkJS's order: the primary wallet, the verified ones, the rest.
    for pass in 0..3 {
        for w in wallets.iter() {
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
            let actions = p.row(&body, &shown, &[if primary { "Primary" } else { "" }, if ok { "" } else { "Unverified" }]);
            dom::attr(get(&before(&actions), "firstElementChild").unchecked_ref(), "title", &address);
            if ok && !primary {
                p.button(&actions, "cl-action", "wallet:primary:", &id, "Set as primary");
            }
            p.button(&actions, "cl-action cl-danger", "wallet:remove:", &id, "Remove wallet");
            if p.opened("wallet-remove", &id) {
                let more = if ok { " You will no longer be able to sign in using this web3 wallet." } else { "" };
                let message = [address.as_str(), " will be removed from this account.", more].concat();
                p.confirm(&body, &["wallet:destroy:", &id].concat(), "Remove web3 wallet", &message);
            }
        }
    }
    let mut offered = false;
    for s in list(&attr, "first_factors").iter() {
        offered |= s == STRATEGY;
    }
    if offered && !has_metamask {
        let (menu, open) = menu(p, &body, "wallet", "Connect wallet");
        if open {
            p.button(&menu, "cl-button cl-secondary cl-menuItem", "wallet:connect", "", "MetaMask");
        }
        menu_end(p, &menu, open, true);
    }
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str) -> Result<Then, Failure> {
    Ok(match verb {
        "add" => return p.open_form("wallet-add", ""),
        "connect" => {
            // ClerkJS's words for a page without a wallet (`web3.rs` has its own, for the sign-in).
            if !web_sys::window().is_some_and(|w| get(&w, "ethereum").is_object()) {
                return Err(Failure::message("A Web3 Wallet extension cannot be found. Please install one to continue."));
            }
            let attempt = Attempt { user: user.clone(), address: String::new(), wallet: JsValue::UNDEFINED };
            Then::Wait(guard(web3::wallet("eth_requestAccounts", &[]), &JsValue::UNDEFINED), next(0, attempt))
        }
        "primary" => {
            let params = api::params(&[("primaryWeb3WalletId", arg)]);
            super::then_close(call(user, "update", &params))
        }
        "remove" => return p.open_form("wallet-remove", arg),
        "destroy" => super::then_close(call(&find(&list(user, "web3Wallets"), arg), "destroy", &JsValue::UNDEFINED)),
        _ => Then::Render,
    })
}

/// A connection under way: the user, the wallet's address, the wallet once added.
struct Attempt {
    user: User,
    address: String,
    wallet: JsValue,
}

/// What follows step `step` of a connection (one closure type for all of them).
fn next(step: u8, attempt: Attempt) -> super::Next {
    Box::new(move |p, value| advance(p, step, attempt, value))
}

/// A connection's steps, each given what the previous one resolved to: 0, the wallet's
/// accounts: add the first; 1, the wallet added: prepare its verification; 2, the message to
/// sign: the wallet signs it; 3, the signature: attempt it; 4, verified.
fn advance(p: &Rc<Profile>, step: u8, mut a: Attempt, value: JsValue) -> Result<Then, Failure> {
    let call = match step {
        0 => {
            let first = api::text(get(&value, "0"));
            a.address = first.ok_or_else(|| Failure::message("The wallet gave no account."))?;
            call(&a.user, "createWeb3Wallet", &api::params(&[("web3Wallet", &a.address)]))
        }
        1 => {
            a.wallet = value;
            call(&a.wallet, "prepareVerification", &api::params(&[("strategy", STRATEGY)]))
        }
        2 => web3::sign(&a.address, &text(&value, &["verification", "message"])),
        3 => call(&a.wallet, "attemptVerification", &api::params(&[("signature", &api::text(value).unwrap_or_default())])),
        _ => {
            p.close_form();
            return Ok(Then::Render);
        }
    };
    Ok(Then::Wait(guard(call, &a.wallet), next(step + 1, a)))
}

/// `step`, whose failure first removes the wallet `added` by this attempt (if any yet) and, when the
/// user refused in the wallet (EIP-1193 `code: 4001`), reads as [`REFUSED`]; any other reason
/// is kept as it is.
fn guard(step: Result<Promise, JsValue>, added: &JsValue) -> Result<Promise, JsValue> {
    let step = step.unwrap_or_else(|e| Promise::reject(&e));
    let added = added.clone();
    let undo = once(Box::new(move |reason| {
        let code = get(&reason, "code").as_f64();
        let reason = if code == Some(4001.0) { js_sys::Error::new(REFUSED).into() } else { reason };
        // `call` fails (no `destroy`) when nothing was added yet.
        let removed = call(&added, "destroy", &JsValue::UNDEFINED).unwrap_or_else(|_| Promise::resolve(&JsValue::UNDEFINED));
        let rethrow = once(Box::new(move |_| Promise::reject(&reason).into()));
        then_js(&removed, &rethrow, &rethrow).into()
    }));
    Ok(then_js(&step, &JsValue::UNDEFINED, &undo))
}

/// ClerkJS's `shortenWeb3Address`: `0x1234...abcd` (an address of ten characters or fewer as
/// it is).
fn shorten(address: &str) -> String {
    match (address.get(..6), address.get(address.len().saturating_sub(4)..)) {
        (Some(head), Some(tail)) if address.len() > 10 => [head, "...", tail].concat(),
        _ => address.into(),
    }
}
