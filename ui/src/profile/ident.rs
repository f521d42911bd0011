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

use super::{after, call, find, list, text, then_close, verified, Profile, Then, User};
use crate::api;
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

/// `<key>:<verb>:`, an action to which the identification's id is added.
fn action(k: &Kind, verb: &str) -> String {
    [k.key, ":", verb, ":"].concat()
}

pub fn draw(p: &Profile, body: &Element, user: &User, k: &Kind) {
    let s = p.section(body, k.key, k.title);
    let primary = text(user, &[k.primary]);
    // The primary first, then the others in the SDK's order (two passes: a sort would bring
    // several KB of the standard library's sorting code).
    let all = list(user, k.list);
    let (verify, remove) = (form_key(k, "verify"), form_key(k, "remove"));
    for pass in [true, false] {
        for item in all.iter() {
            let id = text(&item, &["id"]);
            let is_primary = id == primary;
            if is_primary != pass {
                continue;
            }
            let value = text(&item, &[k.value]);
            let verified = verified(&item);
            let actions = p.row(&s, &value, &[if is_primary { "Primary" } else { "" }, if verified { "" } else { "Unverified" }]);
            let (verb, label) = match (is_primary, verified) {
                (true, false) => ("verify", "Complete verification"),
                (false, true) => ("primary", "Set as primary"),
                (false, false) => ("verify", k.verify),
                _ => ("", ""),
            };
            if !verb.is_empty() {
                p.button(&actions, "cl-action", &action(k, verb), &id, label);
            }
            p.button(&actions, "cl-action cl-danger", &action(k, "remove"), &id, k.remove);
            if p.opened(&verify, &id) {
                // The form for the code sent to `value`.
                let text = ["Enter the verification code sent to ", &value].concat();
                let code = Input::new("code", "Verification code", "text", "one-time-code");
                let f = p.form(&s, &[&action(k, "attempt"), id.as_str()].concat(), k.verify_title, &text, &[code], "Verify");
                let resend = p.button_el(&f, "cl-link cl-form-link", &action(k, "resend"), &id, "Didn't receive a code? Resend");
                p.before_buttons(&f, &resend);
            }
            if p.opened(&remove, &id) {
                let text = [value.as_str(), " will be removed from this account.", if verified { k.remove_text } else { "" }].concat();
                p.confirm(&s, &[&action(k, "destroy"), id.as_str()].concat(), k.remove_title, &text);
            }
        }
    }
    if p.opened(&form_key(k, "add"), "") {
        let input = Input::new(k.attr, k.label, k.input_type, k.autocomplete);
        p.form(&s, &[k.key, ":create"].concat(), k.add, k.add_text, &[input], "Add");
    } else {
        p.button(&s, "cl-add", k.key, ":add", k.add);
    }
}

/// Sends a code to `item` (`prepareVerification`).
fn prepare(item: &JsValue, k: &Kind) -> Result<js_sys::Promise, JsValue> {
    let params = k.strategy.map(|s| api::params(&[("strategy", s)]).into()).unwrap_or(JsValue::UNDEFINED);
    call(item, "prepareVerification", &params)
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str, k: &'static Kind) -> Result<Then, Failure> {
    if verb == "add" {
        return p.open_form(&form_key(k, "add"), "");
    }
    if verb == "create" {
        let params = api::params(&[(k.param, &p.value(k.attr))]);
        return Ok(Then::Wait(
            call(user, k.create, &params),
            Box::new(move |p, created| {
                let _ = p.open_form(&form_key(k, "verify"), &text(&created, &["id"]));
                Ok(after(prepare(&created, k), false, String::new()))
            }),
        ));
    }
    // The other verbs act on one identification, found again in `clerk.user` (another tab may
    // have removed it meanwhile: then there is nothing to do).
    let item = find(&list(user, k.list), arg);
    if item.is_undefined() {
        p.close_form();
        return Ok(Then::Render);
    }
    let value = text(&item, &[k.value]);
    match verb {
        "verify" | "resend" => {
            if verb == "verify" {
                let _ = p.open_form(&form_key(k, verb), arg);
            }
            Ok(after(prepare(&item, k), false, String::new()))
        }
        "attempt" => {
            let params = api::params(&[("code", &p.value("code"))]);
            Ok(after(call(&item, "attemptVerification", &params), true, [k.added, &value, " has been added to your account."].concat()))
        }
        "primary" => Ok(then_close(call(user, "update", &api::params(&[(k.primary, arg)])))),
        "remove" => p.open_form(&form_key(k, verb), arg),
        "destroy" => Ok(after(call(&item, "destroy", &JsValue::UNDEFINED), true, [&value, " has been removed from your account."].concat())),
        _ => Ok(Then::Render),
    }
}
