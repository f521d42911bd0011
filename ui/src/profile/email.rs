//! "Email addresses": the user's addresses, adding one (an email code proves it), verifying,
//! making one primary, removing — ClerkJS's section and texts, drawn by `ident.rs`. Shown when
//! the instance enables `email_address`.

use super::ident::{self, Kind};
use super::{Profile, Then, User};
use crate::error::Failure;
use std::rc::Rc;
use web_sys::Element;

static EMAIL: Kind = Kind {
    key: "email",
    attr: "email_address",
    list: "emailAddresses",
    value: "emailAddress",
    primary: "primaryEmailAddressId",
    create: "createEmailAddress",
    param: "email",
    strategy: Some("email_code"),
    input_type: "email",
    autocomplete: "email",
    title: "Email addresses",
    label: "Email address",
    add: "Add email address",
    add_text: "You'll need to verify this email address before it can be added to your account.",
    verify: "Verify",
    verify_title: "Verify email address",
    remove: "Remove email",
    remove_title: "Remove email address",
    remove_text: " You will no longer be able to sign in using this email address.",
    added: "The email ",
};

pub fn draw(p: &Profile, body: &Element, user: &User) {
    if p.enabled(EMAIL.attr) {
        ident::draw(p, body, user, &EMAIL);
    }
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str) -> Result<Then, Failure> {
    ident::act(p, user, verb, arg, &EMAIL)
}
