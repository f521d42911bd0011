//! The Security page, as ClerkJS's `SecurityPage` draws it (en-US texts):
//! - **Password** (when the instance has passwords): "Set password" for a user who has none,
//!   else "Update password" — current password, new password, confirmation and "Sign out of all
//!   other devices" (checked, as in ClerkJS) → `user.updatePassword(…)`; a confirmation that
//!   differs is refused at its field before any request;
//! - **Two-step verification** (when phone numbers serve as a second factor): the verified
//!   phone numbers reserved for it, the default one badged; "Add two-step verification" → "SMS
//!   code" → one of the user's verified phone numbers not reserved yet →
//!   `phoneNumber.setReservedForSecondFactor({reserved: true})`; per row "Set as default"
//!   (`makeDefaultSecondFactor()`) and "Remove" (a confirmation, then `{reserved: false}`);
//! - **Active devices**: `user.getSessions()`, loaded each time the page shows and kept in
//!   [`Profile::sessions`] — per session its device, browser, IP address and place, when it was
//!   last active; "This device" for `clerk.session`, "Sign out of device" (`session.revoke()`,
//!   then the list again) for the others;
//! - **Delete account** (when `user.deleteSelfEnabled`, as ClerkJS decides): the user types
//!   "Delete account" to confirm → `user.delete()`. The answer's client has no session left, so
//!   `clerk.user` turns null and the component draws nothing.
//!
//! The SDK's methods are called by name through [`call`] rather than one binding each: the
//! page calls six of them, and one reflective call is smaller.

use super::{after, before, call, find, get, invoke, is, list, once, text, then_close, then_js, verified, Profile, Then, User};
use crate::api;
use crate::error::Failure;
use crate::form::Input;
use crate::{appearance, dom, form};
use js_sys::Array;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Element;

/// What the Delete account form asks the user to type (ClerkJS's
/// `formFieldInputPlaceholder__confirmDeletionUserAccount`).
const CONFIRM_DELETE: &str = "Delete account";

/// Draws the page's sections, each when the instance (or the user) has it.
pub fn draw(p: &Rc<Profile>, body: &Element, user: &User) {
    let env = get(&p.clerk, "environment");
    if is(&env, &["userSettings", "attributes", "password", "enabled"]) {
        password(p, body, user);
    }
    if is(&env, &["userSettings", "attributes", "phone_number", "used_for_second_factor"]) {
        two_step(p, body, user);
    }
    let devices = p.section(body, "devices", "Active devices");
    if p.sessions.borrow().is_none() {
        load_sessions(p);
    }
    draw_devices(p, &devices);
    if is(user, &["deleteSelfEnabled"]) {
        delete_account(p, body);
    }
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str) -> Result<Then, Failure> {
    match verb {
        // The inline forms; their keys say whose they are (one form is open in the whole
        // component).
        "password" | "mfa" | "sms" | "remove" | "delete" => p.open_form(&["security-", verb].concat(), arg),
        "password-save" => {
            let new = p.value("new_password");
            if p.value("confirm_password") != new {
                return Err(Failure::param_nil("confirm_password", "Passwords don't match."));
            }
            let sign_out = dom::query(&p.root, "input[name=sign_out_of_other_sessions]").is_some_and(|c| is(&c, &["checked"]));
            let updating = is(user, &["passwordEnabled"]);
            // ClerkJS's keys, in its order: the SDK posts them as given.
            let params = api::params(&[("newPassword", &new)]);
            api::set(&params, "signOutOfOtherSessions", &sign_out.into());
            if updating {
                api::set(&params, "currentPassword", &p.value("current_password").into());
            }
            let done = if updating { "Your password has been updated." } else { "Your password has been set." };
            let others = if sign_out { " All other devices have been signed out." } else { "" };
            // The active devices are loaded again at the next drawing.
            p.sessions.replace(None);
            Ok(after(call(user, "updatePassword", &params), true, [done, others].concat()))
        }
        "reserve" | "unreserve" => {
            let reserved = verb == "reserve";
            let params = js_sys::Object::new();
            api::set(&params, "reserved", &reserved.into());
            let notice = if reserved { "SMS code verification enabled" } else { "" };
            Ok(after(call(&find(&list(user, "phoneNumbers"), arg), "setReservedForSecondFactor", &params), true, notice.into()))
        }
        "default" => Ok(then_close(call(&find(&list(user, "phoneNumbers"), arg), "makeDefaultSecondFactor", &JsValue::UNDEFINED))),
        "revoke" => {
            let sessions = p.sessions.borrow().clone().unwrap_or_default();
            Ok(Then::Wait(
                call(&find(&sessions, arg), "revoke", &JsValue::UNDEFINED),
                Box::new(|p, _| {
                    Ok(Then::Wait(
                        call(&get(&p.clerk, "user"), "getSessions", &JsValue::UNDEFINED),
                        Box::new(|p, list| {
                            p.sessions.replace(list.dyn_into().ok());
                            Ok(Then::Render)
                        }),
                    ))
                }),
            ))
        }
        "delete-confirm" => {
            if p.value("delete_confirmation") != CONFIRM_DELETE {
                return Err(Failure::param_nil("delete_confirmation", "Type \"Delete account\" to confirm."));
            }
            Ok(then_close(call(user, "delete", &JsValue::UNDEFINED)))
        }
        _ => Ok(Then::Render),
    }
}

/// Password: the form, or the row that opens it.
fn password(p: &Profile, body: &Element, user: &User) {
    let updating = is(user, &["passwordEnabled"]);
    let title = if updating { "Update password" } else { "Set password" };
    let section = p.section(body, "password", "Password");
    if !p.opened("security-password", "") {
        let actions = p.row(&section, if updating { "••••••••••" } else { "" }, &[]);
        p.button(&actions, "cl-action cl-profileSectionPrimaryButton", "security:password", "", title);
        return;
    }
    let inputs = [
        Input::new("current_password", "Current password", "password", "current-password"),
        Input::new("new_password", "New password", "password", "new-password"),
        Input::new("confirm_password", "Confirm password", "password", "new-password"),
    ];
    let f = p.form(&section, "security:password-save", title, "", &inputs[if updating { 0 } else { 1 }..], "Save");
    // The checkbox goes after the inputs, before the buttons.
    let field = p.add(&f, "div", "cl-field cl-formField cl-checkbox", "");
    let label = p.add(&field, "label", "cl-label cl-formFieldLabel", "");
    let check = p.add(&label, "input", "cl-formFieldCheckboxInput", "");
    dom::attr(&check, "type", "checkbox");
    dom::attr(&check, "name", "sign_out_of_other_sessions");
    dom::flag(&check, "checked", true);
    dom::append_text(&label, " Sign out of all other devices");
    p.add(&field, "p", "cl-form-text", "It is recommended to sign out of all other devices which may have used your old password.");
    p.before_buttons(&f, &field);
}

/// Two-step verification: the phone numbers reserved for it, and the forms that add or remove
/// one.
fn two_step(p: &Profile, body: &Element, user: &User) {
    let section = p.section(body, "mfa", "Two-step verification");
    let phones = list(user, "phoneNumbers");
    for ph in phones.iter() {
        if !verified(&ph) || !is(&ph, &["reservedForSecondFactor"]) {
            continue;
        }
        let id = text(&ph, &["id"]);
        let number = text(&ph, &["phoneNumber"]);
        let default = is(&ph, &["defaultSecondFactor"]);
        let actions = p.row(&section, &["SMS Code ", &number].concat(), &[if default { "Default" } else { "" }]);
        if default {
            // The default one first, as ClerkJS lists them.
            to_top(&section, &actions);
        } else {
            p.button(&actions, "cl-action", "security:default:", &id, "Set as default");
        }
        p.button(&actions, "cl-action cl-danger", "security:remove:", &id, "Remove");
        if p.opened("security-remove", &id) {
            let text = [&number, " will be no longer receiving verification codes when signing in. Your account may not be as secure. Are you sure you want to continue?"].concat();
            p.confirm(&section, &["security:unreserve:", &id].concat(), "Remove two-step verification", &text);
        }
    }
    let sms = p.opened("security-sms", "");
    if !sms && !p.opened("security-mfa", "") {
        p.button(&section, "cl-add cl-profileSectionPrimaryButton", "security:mfa", "", "Add two-step verification");
        return;
    }
    // A step that is a choice, not a form: a titled group of buttons (a menu: the focus goes to
    // its first).
    let title = if sms { "Add SMS code verification" } else { "Add two-step verification" };
    let panel = p.add(&section, "div", "cl-form cl-inline-form cl-choices", "");
    dom::attr(&panel, "role", "group");
    dom::attr(&panel, "aria-label", title);
    dom::attr(&panel, "data-menu", "security");
    p.add(&panel, "h3", "cl-form-title", title);
    let line = p.add(&panel, "p", "cl-form-text", "Select a method to add.");
    if sms {
        // ClerkJS's words for either case; a phone number is added (and verified) on the
        // Account page.
        dom::set_text(&line, "There are no available phone numbers to register for SMS code two-step verification, please add a new one.");
        for ph in phones.iter() {
            if verified(&ph) && !is(&ph, &["reservedForSecondFactor"]) {
                dom::set_text(&line, "Select an existing phone number to register for SMS code two-step verification or add a new one.");
                p.button(&panel, "cl-button cl-secondary", "security:reserve:", &text(&ph, &["id"]), &text(&ph, &["phoneNumber"]));
            }
        }
    } else {
        p.button(&panel, "cl-button cl-secondary", "security:sms", "", "SMS code");
    }
    p.button(&panel, "cl-button cl-secondary cl-formButtonReset", "cancel", "", "Cancel");
}

/// Fetches the active sessions into [`Profile::sessions`] and draws them where the page shows
/// them when they arrive (the rest of the page, and whatever is typed in it, stays). Until
/// then the list is empty; a failure is shown in the page's alert, and the next drawing tries
/// again.
fn load_sessions(p: &Rc<Profile>) {
    p.sessions.replace(Some(Array::new()));
    let Ok(promise) = call(&get(&p.clerk, "user"), "getSessions", &JsValue::UNDEFINED) else { return };
    let q = p.clone();
    // One function for either outcome: the list is an array, a failure is not.
    let settled = once(Box::new(move |value| {
        match value.dyn_into::<Array>() {
            Ok(list) => {
                q.sessions.replace(Some(list));
                if let Some(section) = dom::query(&q.root, "[data-section=devices] .cl-section-body") {
                    dom::clear(&section);
                    draw_devices(&q, &section);
                    appearance::decorate(&q.root, &q.props);
                }
            }
            Err(e) => {
                q.sessions.replace(None);
                form::show_error(&q.root, &Failure::from_thrown(&e));
            }
        }
        JsValue::UNDEFINED
    }));
    // The promise holds the function; the garbage collector frees it once it has settled.
    let _ = then_js(&promise, &settled, &settled);
}

/// The active sessions, this device's first (as ClerkJS lists them).
fn draw_devices(p: &Profile, section: &Element) {
    let sessions = p.sessions.borrow().clone().unwrap_or_default();
    let this = text(&p.clerk, &["session", "id"]);
    for s in sessions.iter() {
        let id = text(&s, &["id"]);
        let current = id == this;
        let a = get(&s, "latestActivity");
        let mut device = text(&a, &["deviceType"]);
        if device.is_empty() {
            device = if is(&a, &["isMobile"]) { "Mobile device" } else { "Desktop device" }.into();
        }
        let actions = p.row(section, &device, &[if current { "This device" } else { "" }]);
        // Its browser, its IP address and place, when it was last active (a `Date`: the SDK
        // makes one of every session's `lastActiveAt`).
        let mut browser = words(&a, &["browserName", "browserVersion"], " ");
        if browser.is_empty() {
            browser = "Web browser".into();
        }
        let mut address = text(&a, &["ipAddress"]);
        let place = words(&a, &["city", "country"], ", ");
        if !place.is_empty() {
            address = [&address, " (", &place, ")"].concat();
        }
        let last = invoke(&get(&s, "lastActiveAt"), "toLocaleString", &"en-US".into()).ok().and_then(|v| v.as_string()).unwrap_or_default();
        let main = before(&actions);
        for line in [&browser, &address, &last] {
            if !line.is_empty() {
                p.add(&main, "span", "cl-item-detail", line);
            }
        }
        if current {
            to_top(section, &actions);
        } else {
            p.button(&actions, "cl-action cl-danger", "security:revoke:", &id, "Sign out of device");
        }
    }
}

/// The non-empty strings among `obj[key]` for `keys`, with `sep` between them.
fn words(obj: &JsValue, keys: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for key in keys {
        let w = text(obj, &[key]);
        if !w.is_empty() {
            if !out.is_empty() {
                out.push_str(sep);
            }
            out.push_str(&w);
        }
    }
    out
}

/// Moves the row whose buttons go in `actions` to the top of `section`.
fn to_top(section: &Element, actions: &Element) {
    let _ = invoke(section, "prepend", &get(actions, "parentElement"));
}

/// Delete account: a button, then the form that asks for the confirmation.
fn delete_account(p: &Profile, body: &Element) {
    let section = p.section(body, "danger", "Delete account");
    if !p.opened("security-delete", "") {
        p.button(&section, "cl-action cl-danger", "security:delete", "", "Delete account");
        return;
    }
    let confirm = Input::new("delete_confirmation", "Type \"Delete account\" below to continue.", "text", "off");
    p.form(
        &section,
        "security:delete-confirm",
        "Delete account",
        "Are you sure you want to delete your account? Some associated data may be retained. To request full data deletion, please contact support. This action is permanent and irreversible.",
        &[confirm],
        "Delete account",
    );
}
