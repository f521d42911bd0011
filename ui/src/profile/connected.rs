//! "Connected accounts": the user's OAuth accounts, as ClerkJS's `ConnectedAccountsSection`
//! shows them — only on instances with an enabled social provider; the verified accounts, then
//! the failed ones (with their `verification.error`, and an "Unverified" badge ClerkJS does not
//! draw), each "`<Provider> • <username or email>`" with "Remove" (a confirmation, then
//! `externalAccount.destroy()`).
//!
//! "Connect account" lists the enabled providers not yet connected; choosing one calls
//! `user.createExternalAccount({strategy, redirectUrl: <this page>, additionalScopes})` and sends
//! the page to the account's `verification.externalVerificationRedirectURL`: the provider's
//! consent page, which returns to this page, where the account shows as it now is. An account
//! whose connection failed says so and offers "Reconnect" (a new `createExternalAccount`); one
//! that lacks scopes `props.additionalOAuthScopes` asks for offers it too, as
//! `externalAccount.reauthorize({additionalScopes, redirectUrl})` (ClerkJS's rule:
//! `findAdditionalScopes`). ClerkJS offers "Reconnect" only for four error codes
//! (`errorCodesForReconnect`) and shows other errors alone; here every failed connection
//! offers it, since a new connection is what the user can do about any of them.
//!
//! The menus ("Connect account", and "Connect wallet" in `wallet.rs`) and the removal
//! confirmations of both sections are drawn by [`menu`] and [`confirm`].

use super::{after, call, find, get, list, text, verified, Profile, Then, User};
use crate::api;
use crate::error::Failure;
use crate::{dom, page};
use js_sys::{Array, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// `verification.error.code`s after which ClerkJS says "This account has been disconnected."
/// (`errorCodesForReconnect`); other errors show their own `longMessage`.
const DISCONNECTED: [&str; 4] = [
    "external_account_missing_refresh_token",
    "oauth_fetch_user_error",
    "oauth_token_exchange_error",
    "external_account_email_address_verification_required",
];

pub fn draw(p: &Profile, body: &Element, user: &User) {
    let settings = get(&p.clerk, "environment");
    let settings = get(&settings, "userSettings");
    let enabled = list(&settings, "socialProviderStrategies");
    if enabled.length() == 0 {
        return;
    }
    let social = get(&settings, "social");
    // A provider's name (`Google`) from its strategy (`oauth_google`).
    let name = |strategy: &str| {
        let n = text(&social, &[strategy, "name"]);
        if n.is_empty() {
            strategy.get(6..).unwrap_or_default().into()
        } else {
            n
        }
    };
    let body = p.section(body, "connectedAccounts", "Connected accounts");
    let mut connected = Vec::new();
    let accounts = list(user, "externalAccounts");
    // ClerkJS's list: the verified accounts, then the failed ones.
    for pass in [true, false] {
        for a in accounts.iter() {
            let verified = verified(&a);
            let error = text(&a, &["verification", "error", "code"]);
            if verified != pass || !verified && error.is_empty() {
                continue;
            }
            let (id, provider) = (text(&a, &["id"]), text(&a, &["provider"]));
            let strategy = ["oauth_", &provider].concat();
            let shown = name(&strategy);
            if verified {
                connected.push(strategy);
            }
            let mut label = text(&a, &["username"]);
            if label.is_empty() {
                label = text(&a, &["emailAddress"]);
            }
            let row_text = if label.is_empty() { shown.clone() } else { [shown.as_str(), " • ", &label].concat() };
            let actions = p.row(&body, &row_text, &[if verified { "" } else { "Unverified" }]);
            p.button(&actions, "cl-action cl-danger", "connected:remove:", &id, "Remove");
            let (_, reauthorize) = additional_scopes(p, &a, &provider);
            if reauthorize || !error.is_empty() {
                let note = p.add(&body, "p", "cl-item-note", "");
                if reauthorize || DISCONNECTED.contains(&error.as_str()) {
                    dom::append_text(&note, "This account has been disconnected.");
                } else {
                    dom::toggle_class(&note, "cl-field-error", true);
                    dom::append_text(&note, &text(&a, &["verification", "error", "longMessage"]));
                }
                p.button(&note, "cl-action", "connected:reconnect:", &id, "Reconnect");
            }
            if p.opened("connected-remove", &id) {
                const WHAT: &str =
                    " will be removed from this account. You will no longer be able to use this connected account and any dependent features will no longer work.";
                p.confirm(&body, &["connected:destroy:", &id].concat(), "Remove connected account", &[shown.as_str(), WHAT].concat());
            }
        }
    }
    let (menu, open) = menu(p, &body, "connected", "Connect account");
    let mut any = false;
    for s in enabled.iter() {
        let s = s.as_string().unwrap_or_default();
        if !connected.contains(&s) {
            any = true;
            if open {
                p.button(&menu, "cl-button cl-secondary cl-menuItem", "connected:connect:", &s, &name(&s));
            }
        }
    }
    menu_end(p, &menu, open, any);
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str) -> Result<Then, Failure> {
    match verb {
        "add" => p.open_form("connected-add", ""),
        "connect" => {
            let provider = arg.strip_prefix("oauth_").unwrap_or(arg);
            let scopes = scopes_asked(p, provider);
            Ok(Then::Wait(call(user, "createExternalAccount", &oauth_params(Some(arg), &scopes)), Box::new(go_to_provider)))
        }
        "reconnect" => {
            let a = find(&list(user, "externalAccounts"), arg);
            if !a.is_object() {
                return Ok(Then::Render);
            }
            let provider = text(&a, &["provider"]);
            let (scopes, reauthorize) = additional_scopes(p, &a, &provider);
            let call = if reauthorize {
                call(&a, "reauthorize", &oauth_params(None, &scopes))
            } else {
                let strategy = api::path_text(&a, &["verification", "strategy"]).unwrap_or_else(|| ["oauth_", &provider].concat());
                call(user, "createExternalAccount", &oauth_params(Some(&strategy), &scopes))
            };
            Ok(Then::Wait(call, Box::new(go_to_provider)))
        }
        "remove" => p.open_form("connected-remove", arg),
        "destroy" => Ok(super::then_close(call(&find(&list(user, "externalAccounts"), arg), "destroy", &JsValue::UNDEFINED))),
        _ => Ok(Then::Render),
    }
}

/// `{strategy?, redirectUrl: <this page>, additionalScopes}`.
fn oauth_params(strategy: Option<&str>, scopes: &Array) -> Object {
    let params = api::params(&[("redirectUrl", &page::href().unwrap_or_default())]);
    if let Some(s) = strategy {
        api::set(&params, "strategy", &JsValue::from_str(s));
    }
    api::set(&params, "additionalScopes", scopes);
    params
}

/// After `createExternalAccount` / `reauthorize`: the page goes to the provider. The component
/// stays busy while the browser leaves, for two seconds as ClerkJS's card does: a page the
/// browser brings back from its history (the back button on the consent page) is usable again.
fn go_to_provider(_: &Rc<Profile>, account: JsValue) -> Result<Then, Failure> {
    let url = text(&account, &["verification", "externalVerificationRedirectURL", "href"]);
    if !page::navigate(&url) {
        return Err(Failure::message("The provider's address is missing or not an http(s) URL."));
    }
    let leaving = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2000);
        }
    });
    Ok(after(Ok(leaving), false, String::new()))
}

/// `props.additionalOAuthScopes[provider]`, as the strings it holds.
fn scopes_asked(p: &Profile, provider: &str) -> Array {
    let asked = Array::new();
    for s in list(&get(&p.props, "additionalOAuthScopes"), provider).iter() {
        if s.is_string() {
            asked.push(&s);
        }
    }
    asked
}

/// ClerkJS's `findAdditionalScopes`: all the scopes the props ask for when the account lacks
/// one of them (else none); and whether that calls for `reauthorize` (an account that has
/// approved scopes).
fn additional_scopes(p: &Profile, account: &JsValue, provider: &str) -> (Array, bool) {
    let asked = scopes_asked(p, provider);
    let approved = text(account, &["approvedScopes"]);
    // (Split as bytes: `str::split` would bring a string searcher along for this one use.)
    let mut lacks = false;
    for s in asked.iter() {
        let s = s.as_string().unwrap_or_default();
        lacks |= !approved.as_bytes().split(|b| *b == b' ').any(|a| a == s.as_bytes());
    }
    if lacks {
        (asked, !approved.is_empty())
    } else {
        (Array::new(), false)
    }
}

/// A section's "Connect …" button; once pressed (the inline form `<section>-add` is open), the
/// group of what can be connected (the caller appends a button each) instead. Returns the
/// element drawn and whether it is the group; then [`menu_end`].
pub fn menu(p: &Profile, body: &Element, section: &str, label: &str) -> (Element, bool) {
    if !p.opened(&[section, "-add"].concat(), "") {
        return (p.button_el(body, "cl-add cl-profileSectionPrimaryButton", section, ":add", label), false);
    }
    let menu = p.add(body, "div", "cl-choices cl-menu", "");
    dom::attr(&menu, "role", "group");
    dom::attr(&menu, "aria-label", label);
    dom::attr(&menu, "data-menu", section);
    (menu, true)
}

/// Ends what [`menu`] began: "Cancel" after the choices; nothing at all when nothing is left to
/// connect (`any` is false).
pub fn menu_end(p: &Profile, menu: &Element, open: bool, any: bool) {
    if !any {
        dom::remove(menu);
    } else if open {
        p.button(menu, "cl-link", "cancel", "", "Cancel");
    }
}
