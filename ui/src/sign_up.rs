//! The sign-up component's steps: the fields the instance asks for → the email code →
//! `setActive` and the redirect. The work goes through `clerk.client.signUp`.

use crate::api;
use crate::error::Failure;
use crate::flow::{After, Card, Flow, Input, Step, Then, SIGN_UP};
use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

/// The client's current sign-up attempt (`undefined` before `load()`).
fn sign_up(flow: &Flow) -> JsValue {
    api::path(&flow.clerk, &["client", SIGN_UP])
}

/// One input the instance's settings may ask for.
struct Field {
    /// The attribute and form parameter (the input's name).
    name: &'static str,
    /// The parameter of `signUp.create`, which is also the sign-up's property and the page's
    /// `initialValues` entry with that value.
    param: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
}

const FIELDS: &[Field] = &[
    Field { name: "first_name", param: "firstName", label: "First name", kind: "text", autocomplete: "given-name" },
    Field { name: "last_name", param: "lastName", label: "Last name", kind: "text", autocomplete: "family-name" },
    Field { name: "username", param: "username", label: "Username", kind: "text", autocomplete: "username" },
    Field { name: "email_address", param: "emailAddress", label: "Email address", kind: "email", autocomplete: "email" },
    Field { name: "phone_number", param: "phoneNumber", label: "Phone number", kind: "tel", autocomplete: "tel" },
    Field { name: "password", param: "password", label: "Password", kind: "password", autocomplete: "new-password" },
];

/// Whether the form shows this attribute: enabled, and for phone numbers only when required
/// (the email code is how this form verifies).
fn shown(flow: &Flow, name: &str) -> bool {
    flow.attribute_on(name, "enabled") && (name != "phone_number" || flow.attribute_on(name, "required"))
}

fn fields(flow: &Flow) -> impl Iterator<Item = &'static Field> + '_ {
    FIELDS.iter().filter(move |f| shown(flow, f.name))
}

/// Draws a step.
pub fn draw<'a>(flow: &'a Flow, step: &Step) -> Card<'a> {
    match step {
        Step::SignUpForm => {
            let app = flow.display("applicationName").unwrap_or_else(|| "the application".into());
            let mut c = flow.card("Create your account", &["Welcome! Fill in the details to get started with ", &app, "."].concat());
            c.social();
            let initial = api::get(&flow.props, "initialValues");
            let current = sign_up(flow);
            for f in fields(flow) {
                // The value the sign-up under way already has (shown again after "Edit your
                // details"), else the page's; a password is never shown again.
                let value = match f.name {
                    "password" => None,
                    _ => api::get_text(&current, f.param).or_else(|| api::get_text(&initial, f.param)),
                };
                c.input(&Input {
                    value: value.unwrap_or_default(),
                    optional: !flow.attribute_on(f.name, "required"),
                    ..Input::new(f.name, f.label, f.kind, f.autocomplete)
                });
            }
            c.submit("Continue");
            c.footer("Already have an account?", "Sign in", flow.link_url("signInUrl"));
            c
        }
        Step::VerifyEmail => {
            let to = api::get_text(&sign_up(flow), "emailAddress").unwrap_or_default();
            let mut c = flow.card("Verify your email", &["Enter the code sent to ", &to].concat());
            c.field("code", "Verification code", "text", "one-time-code");
            c.submit("Continue");
            c.link("resend", "Resend code");
            c.link("edit", "Edit your details");
            c
        }
        _ => flow.card("Account created", "Redirecting…"),
    }
}

/// `su[key]` as a list of strings (`unverifiedFields`, `missingFields`).
fn list(su: &JsValue, key: &str) -> Array {
    api::get(su, key).dyn_into().unwrap_or_default()
}

/// Where to go from the state the sign-up is in (`su`: what the method resolved to).
pub fn next(flow: &Flow, su: &JsValue) -> Result<Then, Failure> {
    if api::get_text(su, "status").as_deref() == Some("complete") {
        return Ok(flow.finish(su));
    }
    if list(su, "unverifiedFields").iter().any(|f| f == "email_address") {
        let call = api::call(su, "prepareEmailAddressVerification", &api::params(&[("strategy", "email_code")]));
        return Ok(Then::Wait(call, After::Show(Step::VerifyEmail)));
    }
    let mut missing = String::new();
    for f in list(su, "missingFields").iter() {
        if !missing.is_empty() {
            missing.push_str(", ");
        }
        // `email_address` → `email address` (the names are ASCII).
        for b in f.as_string().unwrap_or_default().bytes() {
            missing.push(if b == b'_' { ' ' } else { char::from(b) });
        }
    }
    Err(Failure::Message(["This form cannot complete the sign-up; still missing: ", &missing, "."].concat()))
}

/// What a step's buttons do.
pub fn act(flow: &Flow, action: &str) -> Result<Then, Failure> {
    let step = flow.step.borrow().clone();
    match (step, action) {
        (Step::SignUpForm, "submit") => {
            let params = Object::new();
            for f in fields(flow) {
                let value = flow.value(f.name);
                if value.is_empty() {
                    if flow.attribute_on(f.name, "required") {
                        return Err(Failure::param_nil(f.name, &["Enter your ", &f.label.to_ascii_lowercase(), "."].concat()));
                    }
                    continue;
                }
                api::set(&params, f.param, &JsValue::from_str(&value));
            }
            let metadata = api::get(&flow.props, "unsafeMetadata");
            if metadata.is_object() {
                api::set(&params, "unsafeMetadata", &metadata);
            }
            flow.call(SIGN_UP, "create", &params, After::SignUp)
        }
        (Step::VerifyEmail, "submit") => {
            let code = flow.value("code");
            if code.is_empty() {
                return Err(Failure::param_nil("code", "Enter the code."));
            }
            flow.call(SIGN_UP, "attemptEmailAddressVerification", &api::params(&[("code", &code)]), After::SignUp)
        }
        (Step::VerifyEmail, "resend") => flow.call(SIGN_UP, "prepareEmailAddressVerification", &Object::new(), After::Stay),
        (Step::VerifyEmail, "edit") => Ok(Then::Show(Step::SignUpForm)),
        _ => Ok(Then::Stay),
    }
}
