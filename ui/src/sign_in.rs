//! The sign-in component's steps: identifier → password or a code (email or SMS) → the SMS
//! second factor when the user has one → `setActive` and the redirect. Each step is a
//! [`Screen`] plus what its buttons do; the work is done through `clerk.client.signIn`,
//! exactly as a page calling ClerkJS's methods would.

use crate::api::{self, Attribute, Factor, InitialValues, SignIn};
use crate::error::Failure;
use crate::flow::{no_client, After, Card, Flow, Input, Step, Then};
use js_sys::{Array, Object, Promise};
use wasm_bindgen::JsValue;

/// The client's current sign-in attempt.
fn sign_in(flow: &Flow) -> Option<SignIn> {
    Some(flow.clerk.client()?.sign_in())
}

/// The same, for an action that is about to call one of its methods.
fn current(flow: &Flow) -> Result<SignIn, Failure> {
    sign_in(flow).ok_or_else(no_client)
}

/// The first factors the sign-in offers.
fn first_factors(flow: &Flow) -> Array<Factor> {
    sign_in(flow).and_then(|s| s.supported_first_factors()).unwrap_or_else(Array::new_typed)
}

fn strategy(factor: &Factor) -> String {
    factor.strategy().unwrap_or_default()
}

fn is_code(factor: &Factor) -> bool {
    matches!(strategy(factor).as_str(), "email_code" | "phone_code")
}

/// A password-reset code factor (`reset_password_email_code` / `reset_password_phone_code`).
fn is_reset(factor: &Factor) -> bool {
    strategy(factor).starts_with("reset_password_")
}

/// "Email address, username or phone number": what the instance lets users sign in with.
fn identifier_label(flow: &Flow) -> &'static str {
    let on = |attr| flow.attribute_on(attr, Attribute::enabled) && flow.attribute_on(attr, Attribute::used_for_first_factor);
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
    let identifier = sign_in(flow).and_then(|s| s.identifier()).unwrap_or_default();
    match step {
        Step::Identifier => {
            let app = flow.application_name().unwrap_or_else(|| "the application".into());
            let mut c = flow.card(&["Sign in to ", &app].concat(), "Welcome back! Please sign in to continue.");
            c.social();
            let initial: InitialValues = api::object_as(flow.props.initial_values());
            let value = [initial.email_address(), initial.username(), initial.phone_number()].into_iter().find_map(api::text).unwrap_or(identifier);
            c.input(&Input { value, ..Input::new("identifier", identifier_label(flow), "text", "username") });
            c.submit("Continue");
            c.footer("Don't have an account?", "Sign up", api::text(flow.props.sign_up_url()).or_else(|| flow.sign_up_url()));
            c
        }
        Step::Password => {
            let mut c = flow.card("Enter your password", &identifier);
            c.username_hint(&identifier);
            c.field("password", "Password", "password", "current-password");
            c.submit("Continue");
            let mut links = Vec::new();
            if first_factors(flow).iter().any(|f| is_reset(&f)) {
                links.push(("forgot", "Forgot password?"));
            }
            if first_factors(flow).iter().any(|f| is_code(&f)) {
                links.push(("use-code", "Use a code instead"));
            }
            links.push(("back", "Use a different account"));
            c.links(&links);
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
            let mut c = flow.card(title, &["Enter the code sent to ", &factor.safe_identifier().unwrap_or_default()].concat());
            code_input(&mut c);
            c.submit("Continue");
            c.links(&[("resend", "Resend code"), ("choose", "Use another method")]);
            c
        }
        Step::Choose => {
            let c = flow.card("Use another method", &identifier);
            let list = c.list("cl-choices");
            for (i, f) in first_factors(flow).iter().enumerate() {
                let to = f.safe_identifier().unwrap_or_default();
                let label = match strategy(&f).as_str() {
                    "password" => "Sign in with your password".to_string(),
                    "email_code" => ["Email a code to ", &to].concat(),
                    "phone_code" => ["Send an SMS code to ", &to].concat(),
                    _ => continue,
                };
                c.button(&list, "cl-button cl-secondary", &["factor:", &i.to_string()].concat(), &label);
            }
            c.links(&[("back", "Use a different account")]);
            c
        }
        Step::SecondFactor => {
            let factor = sign_in(flow).and_then(|s| s.supported_second_factors()).and_then(|list| list.iter().next());
            let mut c = flow
                .card("Two-step verification", &["Enter the code sent to ", &factor.and_then(|f| f.safe_identifier()).unwrap_or_default()].concat());
            code_input(&mut c);
            c.submit("Continue");
            c.links(&[("resend", "Resend code")]);
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

/// `{strategy, emailAddressId | phoneNumberId}` for preparing a code factor.
fn prepare_params(factor: &Factor) -> Object {
    let p = api::params(&[("strategy", &strategy(factor))]);
    for (key, id) in [("emailAddressId", factor.email_address_id()), ("phoneNumberId", factor.phone_number_id())] {
        if let Some(id) = id {
            api::set(&p, key, &JsValue::from_str(&id));
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
fn send_code(flow: &Flow, factor: Factor) -> Result<Then, Failure> {
    Ok(Then::Wait(current(flow)?.prepare_first_factor(&prepare_params(&factor)), After::Show(Step::Code(factor))))
}

/// Calls a method of the sign-in, then goes on from the sign-in it resolves to.
fn then_next(call: Result<Promise, JsValue>) -> Then {
    Then::Wait(call, After::SignIn)
}

/// Where to go from the state the sign-in is in after a step (`si`: what the method resolved to).
pub fn next(flow: &Flow, si: SignIn) -> Result<Then, Failure> {
    match si.status().as_deref() {
        Some("complete") => Ok(flow.finish(si.created_session_id())),
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
        Some("needs_second_factor") => {
            Ok(Then::Wait(si.prepare_second_factor(&api::params(&[("strategy", "phone_code")])), After::Show(Step::SecondFactor)))
        }
        _ => Err(Failure::message("This sign-in cannot be completed here.")),
    }
}

/// What a step's buttons do.
pub fn act(flow: &Flow, action: &str) -> Result<Then, Failure> {
    let step = flow.step.borrow().clone();
    Ok(match (step, action) {
        (Step::Identifier, "submit") => {
            let identifier = required(flow, "identifier", "your email address, username or phone number")?;
            then_next(current(flow)?.create(&api::params(&[("identifier", &identifier)])))
        }
        (Step::Password, "submit") => {
            let password = required(flow, "password", "your password")?;
            then_next(current(flow)?.attempt_first_factor(&api::params(&[("strategy", "password"), ("password", &password)])))
        }
        (Step::Password, "use-code") => match first_factors(flow).iter().find(is_code) {
            Some(f) => send_code(flow, f)?,
            None => Then::Stay,
        },
        (Step::Code(factor), "submit") => {
            let code = required(flow, "code", "the code")?;
            then_next(current(flow)?.attempt_first_factor(&api::params(&[("strategy", &strategy(&factor)), ("code", &code)])))
        }
        (Step::Code(factor), "resend") => send_code(flow, factor)?,
        (Step::Password, "forgot") => match first_factors(flow).iter().find(is_reset) {
            Some(f) => send_code(flow, f)?,
            None => Then::Stay,
        },
        (Step::NewPassword, "submit") => {
            let password = required(flow, "password", "a new password")?;
            if flow.value("confirm_password") != password {
                return Err(Failure::param_nil("confirm_password", "Passwords don't match."));
            }
            // The other devices are signed out, as ClerkJS's form does by default.
            let params = api::params(&[("password", &password)]);
            api::set(&params, "signOutOfOtherSessions", &JsValue::TRUE);
            then_next(current(flow)?.reset_password(&params))
        }
        (Step::SecondFactor, "submit") => {
            let code = required(flow, "code", "the code")?;
            then_next(current(flow)?.attempt_second_factor(&api::params(&[("strategy", "phone_code"), ("code", &code)])))
        }
        (Step::SecondFactor, "resend") => Then::Wait(current(flow)?.prepare_second_factor(&api::params(&[("strategy", "phone_code")])), After::Stay),
        (_, "choose") => Then::Show(Step::Choose),
        (_, "back") => Then::Show(Step::Identifier),
        (Step::Choose, a) => {
            let index: usize = a.strip_prefix("factor:").and_then(|i| i.parse().ok()).unwrap_or(usize::MAX);
            match first_factors(flow).iter().nth(index) {
                Some(f) if strategy(&f) == "password" => Then::Show(Step::Password),
                Some(f) => send_code(flow, f)?,
                None => Then::Stay,
            }
        }
        _ => Then::Stay,
    })
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
