//! The sign-up component's steps: the fields the instance asks for → the email code →
//! `setActive` and the redirect. The work goes through the client's `signUp` resource.

use super::{Flow, Input, Screen, Step};
use crate::error::Error;
use crate::js;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;
use wasm_bindgen::JsValue;

fn sign_up(flow: &Flow) -> JsValue {
    js::get(&flow.core.js_client(), "signUp")
}

/// The inputs the instance's settings ask for, as (wire name, JS param, label, type, autocomplete).
const FIELDS: &[(&str, &str, &str, &str, &str)] = &[
    ("first_name", "firstName", "First name", "text", "given-name"),
    ("last_name", "lastName", "Last name", "text", "family-name"),
    ("username", "username", "Username", "text", "username"),
    ("email_address", "emailAddress", "Email address", "email", "email"),
    ("phone_number", "phoneNumber", "Phone number", "tel", "tel"),
    ("password", "password", "Password", "password", "new-password"),
];

/// Whether the form shows this attribute: enabled, and for phone numbers only when required
/// (the email code is how this form verifies).
fn shown(flow: &Flow, name: &str) -> bool {
    flow.attribute_on(name, "enabled") && (name != "phone_number" || flow.attribute_on(name, "required"))
}

pub fn screen(flow: &Flow, step: &Step) -> Screen {
    let app = flow.display("application_name").unwrap_or_else(|| "the application".into());
    match step {
        Step::SignUpForm => {
            let initial = js::get(&flow.props, "initialValues");
            let current = sign_up(flow);
            let inputs = FIELDS
                .iter()
                .filter(|(name, ..)| shown(flow, name))
                .map(|&(name, param, label, kind, autocomplete)| Input {
                    name,
                    label: label.into(),
                    kind,
                    autocomplete,
                    value: if name == "password" {
                        String::new()
                    } else {
                        js::text(&current, param).or_else(|| js::text(&initial, param)).unwrap_or_default()
                    },
                    optional: !flow.attribute_on(name, "required"),
                })
                .collect();
            let sign_in_url = js::text(&flow.props, "signInUrl").or_else(|| flow.display("sign_in_url"));
            Screen {
                title: "Create your account".into(),
                subtitle: ["Welcome! Fill in the details to get started with ", &app, "."].concat(),
                inputs,
                submit: Some("Continue"),
                footer: sign_in_url.map(|u| ("Already have an account?", "Sign in", u)),
                social: true,
                ..Screen::default()
            }
        }
        Step::VerifyEmail => Screen {
            title: "Verify your email".into(),
            subtitle: ["Enter the code sent to ", &js::string(&sign_up(flow), "emailAddress").unwrap_or_default()].concat(),
            inputs: vec![Input {
                name: "code",
                label: "Verification code".into(),
                kind: "text",
                autocomplete: "one-time-code",
                value: String::new(),
                optional: false,
            }],
            submit: Some("Continue"),
            links: vec![("resend", "Resend code".into()), ("edit", "Edit your details".into())],
            ..Screen::default()
        },
        _ => Screen { title: "Account created".into(), subtitle: "Redirecting…".into(), ..Screen::default() },
    }
}

/// Moves on from the state the sign-up is in.
async fn next(flow: &Rc<Flow>, su: JsValue) -> Result<(), Error> {
    if js::string(&su, "status").as_deref() == Some("complete") {
        return flow.finish(js::string(&su, "createdSessionId")).await;
    }
    let unverified: Vec<String> = js::items(&su, "unverifiedFields").iter().filter_map(|v| v.as_string()).collect();
    if unverified.iter().any(|f| f == "email_address") {
        let params = js::object();
        js::set(&params, "strategy", &JsValue::from_str("email_code"));
        super::call(&su, "prepareEmailAddressVerification", &params).await?;
        flow.go(Step::VerifyEmail);
        return Ok(());
    }
    let mut missing = String::new();
    for f in js::items(&su, "missingFields").iter().filter_map(|v| v.as_string()) {
        if !missing.is_empty() {
            missing.push_str(", ");
        }
        missing.push_str(&f.replace('_', " "));
    }
    Err(Error::usage(["This form cannot complete the sign-up; still missing: ", &missing, "."].concat()))
}

pub async fn act(flow: &Rc<Flow>, action: &str) -> Result<(), Error> {
    let step = flow.step.borrow().clone();
    match (step, action) {
        (Step::SignUpForm, "submit") => {
            let params = js::object();
            for &(name, param, label, ..) in FIELDS.iter().filter(|(name, ..)| shown(flow, name)) {
                let value = flow.value(name);
                if value.is_empty() {
                    if flow.attribute_on(name, "required") {
                        return Err(Error::invalid_param("form_param_nil", name, ["Enter your ", &label.to_ascii_lowercase(), "."].concat()));
                    }
                    continue;
                }
                js::set(&params, param, &JsValue::from_str(&value));
            }
            let metadata = js::get(&flow.props, "unsafeMetadata");
            if metadata.is_object() {
                js::set(&params, "unsafeMetadata", &metadata);
            }
            let su = super::call(&sign_up(flow), "create", &params).await?;
            next(flow, su).await
        }
        (Step::VerifyEmail, "submit") => {
            let code = flow.value("code");
            if code.is_empty() {
                return Err(Error::invalid_param("form_param_nil", "code", "Enter the code.".into()));
            }
            let params = js::object();
            js::set(&params, "code", &JsValue::from_str(&code));
            let su = super::call(&sign_up(flow), "attemptEmailAddressVerification", &params).await?;
            next(flow, su).await
        }
        (Step::VerifyEmail, "resend") => {
            super::call(&sign_up(flow), "prepareEmailAddressVerification", &js::object()).await?;
            Ok(())
        }
        (Step::VerifyEmail, "edit") => {
            flow.go(Step::SignUpForm);
            Ok(())
        }
        _ => Ok(()),
    }
}
