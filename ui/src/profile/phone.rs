//! "Phone numbers": the user's numbers, adding one (an SMS code proves it), verifying, making
//! one primary, removing — ClerkJS's section and texts, drawn by `ident.rs`. Shown when the
//! instance enables `phone_number`.

use super::ident::{self, Kind};
use super::{Profile, Then, User};
use crate::error::Failure;
use std::rc::Rc;
use web_sys::Element;

static PHONE: Kind = Kind {
    key: "phone",
    attr: "phone_number",
    list: "phoneNumbers",
    value: "phoneNumber",
    primary: "primaryPhoneNumberId",
    create: "createPhoneNumber",
    param: "phoneNumber",
    // ClerkJS's phoneNumber.prepareVerification() takes nothing: always an SMS code.
    strategy: None,
    input_type: "tel",
    autocomplete: "tel",
    title: "Phone numbers",
    label: "Phone number",
    add: "Add phone number",
    add_text: "A text message containing a verification code will be sent to this phone number. Message and data rates may apply.",
    verify: "Verify phone number",
    verify_title: "Verify phone number",
    remove: "Remove phone number",
    remove_title: "Remove phone number",
    remove_text: " You will no longer be able to sign in using this phone number.",
    added: "",
};

pub fn draw(p: &Profile, body: &Element, user: &User) {
    if p.enabled(PHONE.attr) {
        ident::draw(p, body, user, &PHONE);
    }
}

pub fn act(p: &Rc<Profile>, user: &User, verb: &str, arg: &str) -> Result<Then, Failure> {
    ident::act(p, user, verb, arg, &PHONE)
}
