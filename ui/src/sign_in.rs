//! The sign-in component's steps: identifier → password or a code (email or SMS) → the SMS
//! second factor when the user has one → `setActive` and the redirect. Each step is a
//! [`Card`] plus what its buttons do; the work is done through `clerk.client.signIn`,
//! exactly as a page calling ClerkJS's methods would.

use crate::api;
use crate::error::Failure;
use crate::flow::{After, Card, Flow, Input, Step, Then, SIGN_IN};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// The client's current sign-in attempt (`undefined` before `load()`).
fn sign_in(flow: &Flow) -> JsValue {
    api::path(&flow.clerk, &["client", SIGN_IN])
}

/// The first factors the sign-in offers.
fn first_factors(flow: &Flow) -> Array {
    api::get(&sign_in(flow), "supportedFirstFactors").dyn_into().unwrap_or_default()
}

fn strategy(factor: &JsValue) -> String {
    api::get_text(factor, "strategy").unwrap_or_default()
}

/// A factor's `safeIdentifier` (the address or number a code goes to).
fn safe_identifier(factor: &JsValue) -> String {
    api::get_text(factor, "safeIdentifier").unwrap_or_default()
}

fn is_code(factor: &JsValue) -> bool {
    matches!(strategy(factor).as_str(), "email_code" | "phone_code")
}

/// A password-reset code factor (`reset_password_email_code` / `reset_password_phone_code`).
fn is_reset(factor: &JsValue) -> bool {
    strategy(factor).starts_with("reset_password_")
}

/// "Email address, username or phone number": what the instance lets users sign in with.
fn identifier_label(flow: &Flow) -> &'static str {
    let on = |attr| flow.attribute_on(attr, "enabled") && flow.attribute_on(attr, "used_for_first_factor");
    label_for(on("email_address"), on("username"), on("phone_number"))
}

/// The identifier's label for each combination of email address, username and phone number
/// (a table: building the phrase, as the first version did, measured 485 B more gzip).
fn label_for(email: bool, username: bool, phone: bool) -> &'static str {
    match (email, username, phone) {
        (true, true, true) => "Email address, username or phone number",
        (true, true, false) => "Email address or username",
        (true, false, true) => "Email address or phone number",
        (false, true, true) => "Username or phone number",
        (true, false, false) => "Email address",
        (false, true, false) => "Username",
        (false, false, true) => "Phone number",
        (false, false, false) => "Identifier",
    }
}

/// The code input.
fn code_input(c: &mut Card) {
    c.field("code", "Verification code", "text", "one-time-code");
}

/// Draws a step.
pub fn draw<'a>(flow: &'a Flow, step: &Step) -> Card<'a> {
    let identifier = api::get_text(&sign_in(flow), "identifier").unwrap_or_default();
    match step {
        Step::Identifier => {
            let app = flow.display("applicationName").unwrap_or_else(|| "the application".into());
            let mut c = flow.card(&["Sign in to ", &app].concat(), "Welcome back! Please sign in to continue.");
            c.social();
            let initial = api::get(&flow.props, "initialValues");
            let value = ["emailAddress", "username", "phoneNumber"].into_iter().find_map(|k| api::get_text(&initial, k)).unwrap_or(identifier);
            c.input(&Input { value, ..Input::new("identifier", identifier_label(flow), "text", "username") });
            c.submit("Continue");
            c.footer("Don't have an account?", "Sign up", flow.link_url("signUpUrl"));
            c
        }
        Step::Password => {
            let mut c = flow.card("Enter your password", &identifier);
            c.username_hint(&identifier);
            c.field("password", "Password", "password", "current-password");
            c.submit("Continue");
            if first_factors(flow).iter().any(|f| is_reset(&f)) {
                c.link("forgot", "Forgot password?");
            }
            if first_factors(flow).iter().any(|f| is_code(&f)) {
                c.link("use-code", "Use a code instead");
            }
            c.link("back", "Use a different account");
            c
        }
        Step::Code(factor) => {
            let title = if is_reset(factor) {
                "Reset password"
            } else if strategy(factor) == "phone_code" {
                "Check your phone"
            } else {
                "Check your email"
            };
            let mut c = flow.card(title, &["Enter the code sent to ", &safe_identifier(factor)].concat());
            code_input(&mut c);
            c.submit("Continue");
            c.link("resend", "Resend code");
            c.link("choose", "Use another method");
            c
        }
        Step::Choose => {
            let mut c = flow.card("Use another method", &identifier);
            let list = c.list("cl-choices");
            for (i, f) in first_factors(flow).iter().enumerate() {
                let (label, to) = match strategy(&f).as_str() {
                    "password" => ("Sign in with your password", String::new()),
                    "email_code" => ("Email a code to ", safe_identifier(&f)),
                    "phone_code" => ("Send an SMS code to ", safe_identifier(&f)),
                    _ => continue,
                };
                c.button(&list, "cl-button cl-secondary", &factor_action(i), &[label, &to].concat());
            }
            c.link("back", "Use a different account");
            c
        }
        Step::SecondFactor => {
            let factor = api::path(&sign_in(flow), &["supportedSecondFactors", "0"]);
            let mut c = flow.card("Two-step verification", &["Enter the code sent to ", &safe_identifier(&factor)].concat());
            code_input(&mut c);
            c.submit("Continue");
            c.link("resend", "Resend code");
            c
        }
        Step::NewPassword => {
            let mut c = flow.card("Set new password", &identifier);
            c.username_hint(&identifier);
            c.field("password", "New password", "password", "new-password");
            c.field("confirm_password", "Confirm password", "password", "new-password");
            c.submit("Reset password");
            c
        }
        _ => flow.card("Signed in", "Redirecting…"),
    }
}

/// The action of the "Use another method" button for the first factor at `index`:
/// `factor:<index>`, the index as one character from `0` on (`0`–`9`, then the characters that
/// follow) — no number formatting or parsing for a list this short.
fn factor_action(index: usize) -> String {
    let mut action = String::from("factor:");
    action.push(char::from(b'0'.wrapping_add(index as u8)));
    action
}

/// `{strategy, emailAddressId | phoneNumberId}` for preparing a code factor.
fn prepare_params(factor: &JsValue) -> Object {
    let p = api::params(&[("strategy", &strategy(factor))]);
    for key in ["emailAddressId", "phoneNumberId"] {
        let id = api::get(factor, key);
        if id.is_string() {
            api::set(&p, key, &id);
        }
    }
    p
}

/// A value the user must type, refused before any request when empty (as the server would).
fn required(flow: &Flow, name: &'static str, what: &str) -> Result<String, Failure> {
    let v = flow.value(name);
    if v.is_empty() {
        return Err(Failure::param_nil(name, &["Enter ", what, "."].concat()));
    }
    Ok(v)
}

/// Sends a code for a first factor, then shows the code step.
fn send_code(flow: &Flow, factor: JsValue) -> Result<Then, Failure> {
    let params = prepare_params(&factor);
    flow.call(SIGN_IN, "prepareFirstFactor", &params, After::Show(Step::Code(factor)))
}

/// `{strategy: "phone_code"}`: the second factor this card offers.
fn phone_code() -> Object {
    api::params(&[("strategy", "phone_code")])
}

/// Where to go from the state the sign-in is in after a step (`si`: what the method resolved to).
pub fn next(flow: &Flow, si: &JsValue) -> Result<Then, Failure> {
    match api::get_text(si, "status").as_deref() {
        Some("complete") => Ok(flow.finish(si)),
        Some("needs_first_factor") => {
            let factors = first_factors(flow);
            if factors.iter().any(|f| strategy(&f) == "password") {
                Ok(Then::Show(Step::Password))
            } else if let Some(code) = factors.iter().find(is_code) {
                send_code(flow, code)
            } else {
                Err(Failure::message("This account has no way to sign in that this form supports."))
            }
        }
        Some("needs_new_password") => Ok(Then::Show(Step::NewPassword)),
        Some("needs_second_factor") => Ok(Then::Wait(api::call(si, "prepareSecondFactor", &phone_code()), After::Show(Step::SecondFactor))),
        _ => Err(Failure::message("This sign-in cannot be completed here.")),
    }
}

/// What a step's buttons do.
pub fn act(flow: &Flow, action: &str) -> Result<Then, Failure> {
    let step = flow.step.borrow().clone();
    match (step, action) {
        // Each form sends its one input (named as the method's parameter), refused first when
        // empty, with the strategy it attempts.
        (step, "submit") => {
            let (name, what, method, strategy) = match &step {
                Step::Identifier => ("identifier", "your email address, username or phone number", "create", JsValue::UNDEFINED),
                Step::Password => ("password", "your password", "attemptFirstFactor", "password".into()),
                Step::Code(factor) => ("code", "the code", "attemptFirstFactor", api::get(factor, "strategy")),
                Step::SecondFactor => ("code", "the code", "attemptSecondFactor", "phone_code".into()),
                Step::NewPassword => ("password", "a new password", "resetPassword", JsValue::UNDEFINED),
                _ => return Ok(Then::Stay),
            };
            let value = required(flow, name, what)?;
            let params = Object::new();
            if !strategy.is_undefined() {
                api::set(&params, "strategy", &strategy);
            }
            api::set(&params, name, &JsValue::from_str(&value));
            if matches!(step, Step::NewPassword) {
                if flow.value("confirm_password") != value {
                    return Err(Failure::param_nil("confirm_password", "Passwords don't match."));
                }
                // The other devices are signed out, as ClerkJS's form does by default.
                api::set(&params, "signOutOfOtherSessions", &JsValue::TRUE);
            }
            flow.call(SIGN_IN, method, &params, After::SignIn)
        }
        (Step::Code(factor), "resend") => send_code(flow, factor),
        (Step::Password, "use-code" | "forgot") => {
            let wanted = if action == "forgot" { is_reset } else { is_code };
            match first_factors(flow).iter().find(wanted) {
                Some(f) => send_code(flow, f),
                None => Ok(Then::Stay),
            }
        }
        (Step::SecondFactor, "resend") => flow.call(SIGN_IN, "prepareSecondFactor", &phone_code(), After::Stay),
        (_, "choose") => Ok(Then::Show(Step::Choose)),
        (_, "back") => Ok(Then::Show(Step::Identifier)),
        (Step::Choose, a) => {
            let index = a.strip_prefix("factor:").and_then(|i| i.chars().next()).map_or(usize::MAX, |c| (c as usize).wrapping_sub(usize::from(b'0')));
            match first_factors(flow).iter().nth(index) {
                Some(f) if strategy(&f) == "password" => Ok(Then::Show(Step::Password)),
                Some(f) => send_code(flow, f),
                None => Ok(Then::Stay),
            }
        }
        _ => Ok(Then::Stay),
    }
}

#[cfg(test)]
mod tests {
    use super::label_for;

    #[test]
    fn identifier_labels() {
        assert_eq!(label_for(true, true, true), "Email address, username or phone number");
        assert_eq!(label_for(true, true, false), "Email address or username");
        assert_eq!(label_for(false, false, true), "Phone number");
        assert_eq!(label_for(false, false, false), "Identifier");
    }
}
