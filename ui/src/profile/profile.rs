//! "Profile" and "Username", as ClerkJS's Account page opens:
//! - the user's avatar (`imageUrl`, else initials) and full name; "Update profile" opens a form
//!   with the profile image — "Upload" (an image file, `user.setProfileImage({file})`) and
//!   "Remove" (`setProfileImage({file: null})`), each done at once and closing the form as
//!   ClerkJS's does — and the first and last names the instance enables, saved with
//!   `user.update({firstName, lastName})`;
//! - when the instance enables usernames: the username, and "Set username" / "Update username"
//!   (`user.update({username})`; a taken or malformed one is refused at the field).

use super::{before, call, get, initial, invoke, is, text, then_close, Profile, Then, User};
use crate::api::{self, path_text};
use crate::dom;
use crate::error::Failure;
use crate::form::Input;
use js_sys::Object;
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
    let _ = invoke(&before(&actions), "prepend", &avatar(p, user));
    if p.opened("profile", "") {
        let input = |(attr, label, key, autocomplete): (&'static str, &'static str, &str, &'static str)| Input {
            value: text(user, &[key]),
            optional: p.attribute(attr).and_then(|a| a.required()) != Some(true),
            ..Input::new(attr, label, "text", autocomplete)
        };
        let inputs = [input(NAMES[0]), input(NAMES[1])];
        // The names the instance enables (the first, the last, both or none).
        let from = if p.enabled(NAMES[0].0) { 0 } else { 1 };
        let to = if p.enabled(NAMES[1].0) { 2 } else { 1 };
        let f = p.form(&s, "profile:save", "Update profile", "", &inputs[from..to], "Save");
        image_field(p, &f, user);
    } else {
        p.button(&actions, "cl-action", "profile:edit", "", "Update profile");
    }
    if p.enabled("username") {
        let s = p.section(body, "username", "Username");
        let username = text(user, &["username"]);
        let actions = p.row(&s, &username, &[]);
        let title = if username.is_empty() { "Set username" } else { "Update username" };
        if p.opened("username", "") {
            let i = Input { value: username, ..Input::new("username", "Username", "text", "username") };
            p.form(&s, "profile:save-username", title, "", &[i], "Save");
        } else {
            p.button(&actions, "cl-action", "profile:username", "", title);
        }
    }
}

/// The user's image, or their initials when the SDK gives no image URL.
fn avatar(p: &Profile, user: &User) -> Element {
    let url = text(user, &["imageUrl"]);
    if !url.is_empty() {
        let img = p.el("img", "cl-avatar cl-avatarImage");
        dom::attr(&img, "src", &url);
        // Decorative: the name (or "Profile image") is next to it.
        dom::attr(&img, "alt", "");
        return img;
    }
    // The first character of each name (upper-cased by the stylesheet: Unicode's case tables
    // would weigh more than this whole section).
    let mut initials = String::new();
    for key in ["firstName", "lastName"] {
        initials.push_str(initial(&text(user, &[key])));
    }
    let a = p.text_el("span", "cl-avatar cl-avatarBox", &initials);
    dom::attr(&a, "aria-hidden", "true");
    a
}

/// Puts "Profile image" at the top of the form `f` (above the names, or the buttons when the
/// instance has no names): the avatar, "Upload" (a visible label for a file input, which stays
/// reachable by keyboard; named `file`, as the Frontend API's refusals name it, with its error
/// slot) and, when the user has an image of their own, "Remove".
fn image_field(p: &Profile, f: &Element, user: &User) {
    let field = p.add(f, "div", "cl-image-field", "");
    dom::append(&field, &avatar(p, user));
    let side = p.add(&field, "div", "", "");
    p.add(&side, "p", "cl-label", "Profile image");
    let buttons = p.add(&side, "div", "cl-avatarImageActions cl-item-actions", "");
    let id = p.id("image");
    let input = p.add(&buttons, "input", "cl-sr", "");
    dom::attr(&input, "type", "file");
    dom::attr(&input, "accept", "image/*");
    dom::attr(&input, "id", &id);
    dom::attr(&input, "name", "file");
    dom::attr(&input, "data-change", "profile:image");
    let label = p.add(&buttons, "label", "cl-button cl-secondary cl-upload cl-avatarImageActionsUpload", "Upload");
    dom::attr(&label, "for", &id);
    if is(user, &["hasImage"]) {
        p.button(&buttons, "cl-action cl-danger cl-avatarImageActionsRemove", "profile:remove-image", "", "Remove");
    }
    p.add(&side, "p", "cl-form-text", "Recommended size 1:1, up to 10MB.");
    let error = p.add(&side, "p", "cl-field-error", "");
    dom::attr(&error, "id", &[&id, "-error"].concat());
    dom::attr(&error, "aria-live", "polite");
    if let Some(next) = dom::query(f, ".cl-field,.cl-form-actions") {
        let _ = next.before_with_node_1(&field);
    }
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str) -> Result<Then, Failure> {
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
            Ok(then_close(call(user, "update", &params)))
        }
        "save-username" => Ok(then_close(call(user, "update", &api::params(&[("username", &p.value("username"))])))),
        "image" | "remove-image" => {
            let mut file = JsValue::NULL;
            if verb == "image" {
                // The file chosen in the input that changed (the open form has only that one).
                file = dom::query(&p.root, "input[type=file]").map(|i| get(&get(&i, "files"), "0")).unwrap_or_default();
                if !file.is_object() {
                    return Ok(Then::Render);
                }
            }
            let params = Object::new();
            api::set(&params, "file", &file);
            Ok(then_close(call(user, "setProfileImage", &params)))
        }
        _ => Ok(Then::Render),
    }
}
