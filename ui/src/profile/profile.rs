//! "Profile" and "Username", as ClerkJS's Account page opens:
//! - the user's avatar (`imageUrl`, else initials) and full name; "Update profile" opens a form
//!   with the profile image — "Upload" (an image file, `user.setProfileImage({file})`) and
//!   "Remove" (`setProfileImage({file: null})`), each done at once and closing the form as
//!   ClerkJS's does — and the first and last names the instance enables, saved with
//!   `user.update({firstName, lastName})`;
//! - when the instance enables usernames: the username, and "Set username" / "Update username"
//!   (`user.update({username})`; a taken or malformed one is refused at the field).

use super::{call, then_close, Profile, Then, User};
use crate::api::{self, path_text};
use crate::dom;
use crate::error::Failure;
use crate::form::Input;
use js_sys::{Object, Reflect};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use web_sys::Element;

/// The names the instance may enable: attribute, label, `user` property, autocomplete.
const NAMES: [(&str, &str, &str, &str); 2] =
    [("first_name", "First name", "firstName", "given-name"), ("last_name", "Last name", "lastName", "family-name")];

pub fn draw(p: &Profile, body: &Element, user: &User) {
    let s = p.section(body, "profile", "Profile");
    let name = path_text(user, &["fullName"])
        .or_else(|| path_text(user, &["username"]))
        .or_else(|| path_text(user, &["primaryEmailAddress", "emailAddress"]))
        .unwrap_or_default();
    let actions = p.row(&s, &name, &[]);
    if let Some(text) = dom::query(&s, ".cl-item-text") {
        let _ = text.before_with_node_1(&avatar(p, user));
    }
    if p.is_open("profile").is_some() {
        let mut inputs = Vec::new();
        for (attr, label, key, autocomplete) in NAMES {
            if p.enabled(attr) {
                let mut i = Input::new(attr, label, "text", autocomplete);
                i.value = path_text(user, &[key]).unwrap_or_default();
                i.optional = p.attribute(attr).and_then(|a| a.required()) != Some(true);
                inputs.push(i);
            }
        }
        let f = p.form(&s, "profile:save", "Update profile", "", &inputs, "Save");
        // Above the names (or the buttons, when the instance has no names).
        if let Some(next) = dom::query(&f, ".cl-field,.cl-form-actions") {
            let _ = next.before_with_node_1(&image_field(p, user));
        }
    } else {
        p.button(&actions, "cl-action", "profile:edit", "Update profile");
    }
    if p.enabled("username") {
        let s = p.section(body, "username", "Username");
        let username = path_text(user, &["username"]);
        let actions = p.row(&s, username.as_deref().unwrap_or(""), &[]);
        let title = if username.is_some() { "Update username" } else { "Set username" };
        if p.is_open("username").is_some() {
            let mut i = Input::new("username", "Username", "text", "username");
            i.value = username.unwrap_or_default();
            p.form(&s, "profile:save-username", title, "", &[i], "Save");
        } else {
            p.button(&actions, "cl-action", "profile:username", title);
        }
    }
}

/// The user's image, or their initials when the SDK gives no image URL.
fn avatar(p: &Profile, user: &User) -> Element {
    match path_text(user, &["imageUrl"]) {
        Some(url) => {
            let img = p.el("img", "cl-avatar cl-avatarImage");
            dom::attr(&img, "src", &url);
            // Decorative: the name (or "Profile image") is next to it.
            dom::attr(&img, "alt", "");
            img
        }
        None => {
            // The first character of each name (upper-cased by the stylesheet: Unicode's case
            // tables would weigh more than this whole section).
            let mut initials = String::new();
            for key in ["firstName", "lastName"] {
                let name = path_text(user, &[key]).unwrap_or_default();
                let end = (1..=4).find(|&i| name.is_char_boundary(i)).unwrap_or(0);
                initials.push_str(name.get(..end).unwrap_or(""));
            }
            let a = p.text_el("span", "cl-avatar cl-avatarBox", &initials);
            dom::attr(&a, "aria-hidden", "true");
            a
        }
    }
}

/// "Profile image": the avatar, "Upload" (a visible label for a file input, which stays
/// reachable by keyboard; named `file`, as the Frontend API's refusals name it, with its error
/// slot) and, when the user has an image of their own, "Remove".
fn image_field(p: &Profile, user: &User) -> Element {
    let field = p.el("div", "cl-image-field");
    dom::append(&field, &avatar(p, user));
    let side = p.el("div", "");
    dom::append(&side, &p.text_el("p", "cl-label", "Profile image"));
    let buttons = p.el("div", "cl-avatarImageActions cl-item-actions");
    let id = p.id("image");
    let input = p.el("input", "cl-sr");
    dom::attr(&input, "type", "file");
    dom::attr(&input, "accept", "image/*");
    dom::attr(&input, "id", &id);
    dom::attr(&input, "name", "file");
    dom::attr(&input, "data-change", "profile:image");
    let label = p.text_el("label", "cl-button cl-secondary cl-upload cl-avatarImageActionsUpload", "Upload");
    dom::attr(&label, "for", &id);
    dom::append(&buttons, &input);
    dom::append(&buttons, &label);
    if Reflect::get(user, &JsValue::from_str("hasImage")).ok() == Some(JsValue::TRUE) {
        p.button(&buttons, "cl-action cl-danger cl-avatarImageActionsRemove", "profile:remove-image", "Remove");
    }
    dom::append(&side, &buttons);
    dom::append(&side, &p.text_el("p", "cl-form-text", "Recommended size 1:1, up to 10MB."));
    let error = p.el("p", "cl-field-error");
    dom::attr(&error, "id", &[&id, "-error"].concat());
    dom::attr(&error, "aria-live", "polite");
    dom::append(&side, &error);
    dom::append(&field, &side);
    field
}

pub fn act(p: &Rc<Profile>, verb: &str, _arg: &str) -> Result<Then, Failure> {
    let Some(user) = p.clerk.user() else { return Ok(Then::Render) };
    match verb {
        "edit" => p.open_form("profile", ""),
        "username" => p.open_form("username", ""),
        "save" => {
            let params = Object::new();
            for (attr, _, key, _) in NAMES {
                if p.enabled(attr) {
                    api::set(&params, key, &JsValue::from_str(&p.value(attr)));
                }
            }
            Ok(then_close(call(&user, "update", &params)))
        }
        "save-username" => Ok(then_close(call(&user, "update", &api::params(&[("username", &p.value("username"))])))),
        "image" | "remove-image" => {
            let file = if verb == "image" {
                // The file chosen in the input that changed (the open form has only that one).
                let input = dom::query(&p.root, "input[type=file]").map(JsValue::from);
                let files = input.and_then(|i| Reflect::get(&i, &JsValue::from_str("files")).ok());
                match files.and_then(|f| Reflect::get_u32(&f, 0).ok()).filter(JsValue::is_object) {
                    Some(file) => file,
                    None => return Ok(Then::Render),
                }
            } else {
                JsValue::NULL
            };
            let params = Object::new();
            api::set(&params, "file", &file);
            Ok(then_close(call(&user, "setProfileImage", &params)))
        }
        _ => Ok(Then::Render),
    }
}
