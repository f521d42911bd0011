//! The sign-up component's steps: the fields the instance asks for → the email code →
//! `setActive` and the redirect. The work goes through `clerk.client.signUp`.

use crate::api::{self, Attribute, InitialValues, SignUp};
use crate::error::Failure;
use crate::flow::{no_client, After, Card, Flow, Input, Step, Then};
use js_sys::Array;
use wasm_bindgen::JsValue;

/// The client's current sign-up attempt.
fn sign_up(flow: &Flow) -> Option<SignUp> {
    Some(flow.clerk.client()?.sign_up())
}

fn current(flow: &Flow) -> Result<SignUp, Failure> {
    sign_up(flow).ok_or_else(no_client)
}

/// One input the instance's settings may ask for.
struct Field {
    /// The attribute and form parameter (the input's name).
    name: &'static str,
    /// The parameter of `signUp.create`.
    param: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    /// The value the sign-up under way already has (shown again after "Edit your details").
    current: fn(&SignUp) -> Option<String>,
    /// The page's `initialValues` entry.
    initial: fn(&InitialValues) -> JsValue,
}

const FIELDS: &[Field] = &[
    Field {
        name: "first_name",
        param: "firstName",
        label: "First name",
        kind: "text",
        autocomplete: "given-name",
        current: SignUp::first_name,
        initial: InitialValues::first_name,
    },
    Field {
        name: "last_name",
        param: "lastName",
        label: "Last name",
        kind: "text",
        autocomplete: "family-name",
        current: SignUp::last_name,
        initial: InitialValues::last_name,
    },
    Field {
        name: "username",
        param: "username",
        label: "Username",
        kind: "text",
        autocomplete: "username",
        current: SignUp::username,
        initial: InitialValues::username,
    },
    Field {
        name: "email_address",
        param: "emailAddress",
        label: "Email address",
        kind: "email",
        autocomplete: "email",
        current: SignUp::email_address,
        initial: InitialValues::email_address,
    },
    Field {
        name: "phone_number",
        param: "phoneNumber",
        label: "Phone number",
        kind: "tel",
        autocomplete: "tel",
        current: SignUp::phone_number,
        initial: InitialValues::phone_number,
    },
    // A password is never shown again.
    Field {
        name: "password",
        param: "password",
        label: "Password",
        kind: "password",
        autocomplete: "new-password",
        current: |_| None,
        initial: |_| JsValue::UNDEFINED,
    },
];

/// Whether the form shows this attribute: enabled, and for phone numbers only when required
/// (the email code is how this form verifies).
fn shown(flow: &Flow, name: &str) -> bool {
    flow.attribute_on(name, Attribute::enabled) && (name != "phone_number" || flow.attribute_on(name, Attribute::required))
}

fn fields(flow: &Flow) -> impl Iterator<Item = &'static Field> + '_ {
    FIELDS.iter().filter(move |f| shown(flow, f.name))
}

/// Draws a step.
pub fn draw<'a>(flow: &'a Flow, step: &Step) -> Card<'a> {
    match step {
        Step::SignUpForm => {
            let app = flow.application_name().unwrap_or_else(|| "the application".into());
            let mut c = flow.card("Create your account", &["Welcome! Fill in the details to get started with ", &app, "."].concat());
            c.social();
            let initial: InitialValues = api::object_as(flow.props.initial_values());
            let current = sign_up(flow);
            for f in fields(flow) {
                c.input(&Input {
                    name: f.name,
                    label: f.label,
                    kind: f.kind,
                    autocomplete: f.autocomplete,
                    value: current
                        .as_ref()
                        .and_then(f.current)
                        .filter(|v| !v.is_empty())
                        .or_else(|| api::text((f.initial)(&initial)))
                        .unwrap_or_default(),
                    optional: !flow.attribute_on(f.name, Attribute::required),
                });
            }
            c.submit("Continue");
            c.footer("Already have an account?", "Sign in", api::text(flow.props.sign_in_url()).or_else(|| flow.sign_in_url()));
            c
        }
        Step::VerifyEmail => {
            let mut c = flow
                .card("Verify your email", &["Enter the code sent to ", &sign_up(flow).and_then(|s| s.email_address()).unwrap_or_default()].concat());
            c.field("code", "Verification code", "text", "one-time-code");
            c.submit("Continue");
            c.links(&[("resend", "Resend code"), ("edit", "Edit your details")]);
            c
        }
        _ => flow.card("Account created", "Redirecting…"),
    }
}

/// Where to go from the state the sign-up is in (`su`: what the method resolved to).
pub fn next(flow: &Flow, su: SignUp) -> Result<Then, Failure> {
    if su.status().as_deref() == Some("complete") {
        return Ok(flow.finish(su.created_session_id()));
    }
    if su.unverified_fields().is_some_and(|list| list.iter().any(|f| f == "email_address")) {
        let call = su.prepare_email_address_verification(&api::params(&[("strategy", "email_code")]));
        return Ok(Then::Wait(call, After::Show(Step::VerifyEmail)));
    }
    let mut missing = String::new();
    for f in su.missing_fields().iter().flat_map(Array::iter) {
        if !missing.is_empty() {
            missing.push_str(", ");
        }
        missing.push_str(&String::from(f).replace('_', " "));
    }
    Err(Failure::Message(["This form cannot complete the sign-up; still missing: ", &missing, "."].concat()))
}

/// What a step's buttons do.
pub fn act(flow: &Flow, action: &str) -> Result<Then, Failure> {
    let step = flow.step.borrow().clone();
    Ok(match (step, action) {
        (Step::SignUpForm, "submit") => {
            let params = js_sys::Object::new();
            for f in fields(flow) {
                let value = flow.value(f.name);
                if value.is_empty() {
                    if flow.attribute_on(f.name, Attribute::required) {
                        return Err(Failure::param_nil(f.name, &["Enter your ", &f.label.to_ascii_lowercase(), "."].concat()));
                    }
                    continue;
                }
                api::set(&params, f.param, &JsValue::from_str(&value));
            }
            let metadata = flow.props.unsafe_metadata();
            if metadata.is_object() {
                api::set(&params, "unsafeMetadata", &metadata);
            }
            Then::Wait(current(flow)?.create(&params), After::SignUp)
        }
        (Step::VerifyEmail, "submit") => {
            let code = flow.value("code");
            if code.is_empty() {
                return Err(Failure::param_nil("code", "Enter the code."));
            }
            Then::Wait(current(flow)?.attempt_email_address_verification(&api::params(&[("code", &code)])), After::SignUp)
        }
        (Step::VerifyEmail, "resend") => Then::Wait(current(flow)?.prepare_email_address_verification(&js_sys::Object::new()), After::Stay),
        (Step::VerifyEmail, "edit") => Then::Show(Step::SignUpForm),
        _ => Then::Stay,
    })
}
