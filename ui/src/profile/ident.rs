//! What the "Email addresses" and "Phone numbers" sections share: ClerkJS's list of a user's
//! identifications of one kind (the primary first; "Primary" and "Unverified" badges), each row's
//! actions — "Set as primary" (`user.update({primary…Id})`), "Verify" / "Complete verification"
//! (`prepareVerification`, then the code form), "Remove …" (a confirmation, then `destroy()`) —
//! and "Add …": a form for the identifier (`user.create…`), then `prepareVerification` and the
//! code form (`attemptVerification({code})`, "Didn't receive a code? Resend"). A [`Kind`] holds
//! what differs: the SDK's names and ClerkJS's en-US texts.
//!
//! The open forms are `<key>-add`, `<key>-verify` and `<key>-remove` (the latter two with the
//! identification's id); actions `<key>:<verb>[:<id>]`. Errors go to the field the SDK or the
//! Frontend API names: `email_address` / `phone_number` (a bad format, refused by the SDK before
//! any request; `form_identifier_exists`), `code` (`form_code_incorrect`, an expired code).

use super::{after, call, find, list, then_close, Profile, Then, User};
use crate::api::{self, path_text};
use crate::dom;
use crate::error::Failure;
use crate::form::Input;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// One kind of identification.
pub struct Kind {
    /// The section's key and its actions' prefix (`email`).
    pub key: &'static str,
    /// The user attribute (`email_address`): the instance enables it, and it names the input
    /// (as `meta.paramName` does).
    pub attr: &'static str,
    /// `user[list]`: the identifications (`emailAddresses`).
    pub list: &'static str,
    /// The identifier's property on one (`emailAddress`).
    pub value: &'static str,
    /// `user[primary]`, also the `user.update` parameter (`primaryEmailAddressId`).
    pub primary: &'static str,
    /// `user[create]({[param]: value})`.
    pub create: &'static str,
    pub param: &'static str,
    /// `prepareVerification`'s parameter: `{strategy}`, or none (a phone number).
    pub strategy: Option<&'static str>,
    pub input_type: &'static str,
    pub autocomplete: &'static str,
    // ClerkJS's texts.
    pub title: &'static str,
    pub label: &'static str,
    pub add: &'static str,
    pub add_text: &'static str,
    pub verify: &'static str,
    pub verify_title: &'static str,
    pub remove: &'static str,
    pub remove_title: &'static str,
    pub remove_text: &'static str,
    /// Put before the identifier in "… has been added to your account.".
    pub added: &'static str,
}

fn form_key(k: &Kind, form: &str) -> String {
    [k.key, "-", form].concat()
}

/// `<key>:<verb>:<id>`.
fn action(k: &Kind, verb: &str, id: &str) -> String {
    [k.key, ":", verb, ":", id].concat()
}

fn is_verified(item: &JsValue) -> bool {
    path_text(item, &["verification", "status"]).as_deref() == Some("verified")
}

pub fn draw(p: &Profile, body: &Element, user: &User, k: &Kind) {
    let s = p.section(body, k.key, k.title);
    let primary = path_text(user, &[k.primary]);
    // The primary first, then the others in the SDK's order (two passes: a sort would bring
    // several KB of the standard library's sorting code).
    let all = list(user, k.list);
    let is_primary = |i: &JsValue| path_text(i, &["id"]) == primary;
    let items = all.iter().filter(is_primary).chain(all.iter().filter(|i| !is_primary(i)));
    let verifying = p.is_open(&form_key(k, "verify"));
    let removing = p.is_open(&form_key(k, "remove"));
    for item in items {
        let id = path_text(&item, &["id"]).unwrap_or_default();
        let value = path_text(&item, &[k.value]).unwrap_or_default();
        let is_primary = primary.as_deref() == Some(id.as_str());
        let verified = is_verified(&item);
        let mut badges = Vec::new();
        if is_primary {
            badges.push("Primary");
        }
        if !verified {
            badges.push("Unverified");
        }
        let actions = p.row(&s, &value, &badges);
        let (verb, label) = match (is_primary, verified) {
            (true, false) => ("verify", "Complete verification"),
            (false, true) => ("primary", "Set as primary"),
            (false, false) => ("verify", k.verify),
            _ => ("", ""),
        };
        if !verb.is_empty() {
            p.button(&actions, "cl-action", &action(k, verb, &id), label);
        }
        p.button(&actions, "cl-action cl-danger", &action(k, "remove", &id), k.remove);
        if verifying.as_deref() == Some(id.as_str()) {
            code_form(p, &s, k, &id, &value);
        }
        if removing.as_deref() == Some(id.as_str()) {
            let text = [value.as_str(), " will be removed from this account.", if verified { k.remove_text } else { "" }].concat();
            let f = p.form(&s, &action(k, "destroy", &id), k.remove_title, &text, &[], "Remove");
            dom::toggle_class(&f, "cl-danger-form", true);
        }
    }
    if p.is_open(&form_key(k, "add")).is_some() {
        let input = Input::new(k.attr, k.label, k.input_type, k.autocomplete);
        p.form(&s, &[k.key, ":create"].concat(), k.add, k.add_text, &[input], "Add");
    } else {
        p.button(&s, "cl-add", &[k.key, ":add"].concat(), k.add);
    }
}

/// The form for the code sent to `value`.
fn code_form(p: &Profile, s: &Element, k: &Kind, id: &str, value: &str) {
    let text = ["Enter the verification code sent to ", value].concat();
    let code = Input::new("code", "Verification code", "text", "one-time-code");
    let f = p.form(s, &action(k, "attempt", id), k.verify_title, &text, &[code], "Verify");
    p.form_link(&f, &action(k, "resend", id), "Didn't receive a code? Resend");
}

/// Sends a code to `item` (`prepareVerification`).
fn prepare(item: &JsValue, k: &Kind) -> Result<js_sys::Promise, JsValue> {
    let params = k.strategy.map(|s| api::params(&[("strategy", s)]).into()).unwrap_or(JsValue::UNDEFINED);
    call(item, "prepareVerification", &params)
}

pub fn act(p: &Rc<Profile>, verb: &str, arg: &str, k: &'static Kind) -> Result<Then, Failure> {
    let Some(user) = p.clerk.user() else { return Ok(Then::Render) };
    if verb == "add" {
        return p.open_form(&form_key(k, "add"), "");
    }
    if verb == "create" {
        let params = api::params(&[(k.param, &p.value(k.attr))]);
        return Ok(Then::Wait(
            call(&user, k.create, &params),
            Box::new(move |p, created| {
                let _ = p.open_form(&form_key(k, "verify"), &path_text(&created, &["id"]).unwrap_or_default());
                Ok(after(prepare(&created, k), false, String::new()))
            }),
        ));
    }
    // The other verbs act on one identification, found again in `clerk.user` (another tab may
    // have removed it meanwhile: then there is nothing to do).
    let item = find(&list(&user, k.list), arg);
    if item.is_undefined() {
        p.close_form();
        return Ok(Then::Render);
    }
    let value = path_text(&item, &[k.value]).unwrap_or_default();
    match verb {
        "verify" => {
            let _ = p.open_form(&form_key(k, "verify"), arg);
            Ok(after(prepare(&item, k), false, String::new()))
        }
        "resend" => Ok(after(prepare(&item, k), false, String::new())),
        "attempt" => {
            let params = api::params(&[("code", &p.value("code"))]);
            Ok(after(call(&item, "attemptVerification", &params), true, [k.added, &value, " has been added to your account."].concat()))
        }
        "primary" => Ok(then_close(call(&user, "update", &api::params(&[(k.primary, arg)])))),
        "remove" => p.open_form(&form_key(k, "remove"), arg),
        "destroy" => Ok(after(call(&item, "destroy", &JsValue::UNDEFINED), true, [&value, " has been removed from your account."].concat())),
        _ => Ok(Then::Render),
    }
}
