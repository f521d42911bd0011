//! The sign-in component's steps: identifier → password or a code (email or SMS) → the SMS
//! second factor when the user has one → `setActive` and the redirect. Each step is a
//! [`Screen`] plus what its buttons do; the work is done through the client's `signIn`
//! resource, exactly as a page calling ClerkJS's methods would.

use super::{Flow, Input, Screen, Step};
use crate::error::Error;
use crate::js;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;
use wasm_bindgen::JsValue;

/// The client's current sign-in attempt (a `SignIn` resource).
fn sign_in(flow: &Flow) -> JsValue {
    js::get(&flow.core.js_client(), "signIn")
}

/// The first factors the sign-in offers (camelCase objects).
fn first_factors(flow: &Flow) -> Vec<JsValue> {
    js::items(&sign_in(flow), "supportedFirstFactors").iter().collect()
}

fn strategy(factor: &JsValue) -> String {
    js::string(factor, "strategy").unwrap_or_default()
}

fn is_code(factor: &JsValue) -> bool {
    matches!(strategy(factor).as_str(), "email_code" | "phone_code")
}

/// "Email address, username or phone number", from what the instance lets users sign in with.
fn identifier_label(flow: &Flow) -> String {
    let mut names: Vec<&str> = Vec::new();
    for (attr, name) in [("email_address", "email address"), ("username", "username"), ("phone_number", "phone number")] {
        if flow.attribute_on(attr, "enabled") && flow.attribute_on(attr, "used_for_first_factor") {
            names.push(name);
        }
    }
    let mut label = String::new();
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            label.push_str(if i + 1 == names.len() { " or " } else { ", " });
        }
        label.push_str(n);
    }
    if label.is_empty() {
        label.push_str("identifier");
    }
    let mut chars = label.chars();
    chars.next().map(|c| [c.to_ascii_uppercase().to_string(), chars.collect()].concat()).unwrap_or_default()
}

fn code_input() -> Input {
    Input { name: "code", label: "Verification code".into(), kind: "text", autocomplete: "one-time-code", value: String::new(), optional: false }
}

/// What a step shows.
pub fn screen(flow: &Flow, step: &Step) -> Screen {
    let app = flow.display("application_name").unwrap_or_else(|| "the application".into());
    let identifier = js::string(&sign_in(flow), "identifier").unwrap_or_default();
    let sign_up_url = js::text(&flow.props, "signUpUrl").or_else(|| flow.display("sign_up_url"));
    match step {
        Step::Identifier => {
            let initial = js::get(&flow.props, "initialValues");
            let value = ["emailAddress", "username", "phoneNumber"].iter().find_map(|k| js::text(&initial, k)).unwrap_or(identifier);
            Screen {
                title: ["Sign in to ", &app].concat(),
                subtitle: "Welcome back! Please sign in to continue.".into(),
                inputs: vec![Input {
                    name: "identifier",
                    label: identifier_label(flow),
                    kind: "text",
                    autocomplete: "username",
                    value,
                    optional: false,
                }],
                submit: Some("Continue"),
                footer: sign_up_url.map(|u| ("Don't have an account?", "Sign up", u)),
                social: true,
                ..Screen::default()
            }
        }
        Step::Password => Screen {
            title: "Enter your password".into(),
            subtitle: identifier.clone(),
            username_hint: identifier,
            inputs: vec![Input {
                name: "password",
                label: "Password".into(),
                kind: "password",
                autocomplete: "current-password",
                value: String::new(),
                optional: false,
            }],
            submit: Some("Continue"),
            links: {
                let mut l = Vec::new();
                if first_factors(flow).iter().any(is_code) {
                    l.push(("use-code", "Use a code instead".into()));
                }
                l.push(("back", "Use a different account".into()));
                l
            },
            ..Screen::default()
        },
        Step::Code(factor) => Screen {
            title: if strategy(factor) == "phone_code" { "Check your phone".into() } else { "Check your email".into() },
            subtitle: ["Enter the code sent to ", &js::string(factor, "safeIdentifier").unwrap_or_default()].concat(),
            inputs: vec![code_input()],
            submit: Some("Continue"),
            links: vec![("resend", "Resend code".into()), ("choose", "Use another method".into())],
            ..Screen::default()
        },
        Step::Choose => Screen {
            title: "Use another method".into(),
            subtitle: identifier,
            choices: first_factors(flow)
                .iter()
                .enumerate()
                .filter_map(|(i, f)| {
                    let to = js::string(f, "safeIdentifier").unwrap_or_default();
                    let label = match strategy(f).as_str() {
                        "password" => "Sign in with your password".to_string(),
                        "email_code" => ["Email a code to ", &to].concat(),
                        "phone_code" => ["Send an SMS code to ", &to].concat(),
                        _ => return None,
                    };
                    Some((["factor:", &i.to_string()].concat(), label))
                })
                .collect(),
            links: vec![("back", "Use a different account".into())],
            ..Screen::default()
        },
        Step::SecondFactor => {
            let factor = js::items(&sign_in(flow), "supportedSecondFactors").get(0);
            Screen {
                title: "Two-step verification".into(),
                subtitle: ["Enter the code sent to ", &js::string(&factor, "safeIdentifier").unwrap_or_default()].concat(),
                inputs: vec![code_input()],
                submit: Some("Continue"),
                links: vec![("resend", "Resend code".into())],
                ..Screen::default()
            }
        }
        _ => Screen { title: "Signed in".into(), subtitle: "Redirecting…".into(), ..Screen::default() },
    }
}

/// `{strategy, emailAddressId | phoneNumberId}` for preparing a code factor.
fn prepare_params(factor: &JsValue) -> JsValue {
    let p = js::object();
    js::set(&p, "strategy", &JsValue::from_str(&strategy(factor)));
    for key in ["emailAddressId", "phoneNumberId"] {
        let v = js::get(factor, key);
        if v.is_string() {
            js::set(&p, key, &v);
        }
    }
    p
}

fn params(pairs: &[(&str, &str)]) -> JsValue {
    let p = js::object();
    for (k, v) in pairs {
        js::set(&p, k, &JsValue::from_str(v));
    }
    p
}

/// A value the user must type, refused before any request when empty (as the server would).
fn required(flow: &Flow, name: &'static str, what: &str) -> Result<String, Error> {
    let v = flow.value(name);
    if v.is_empty() {
        return Err(Error::invalid_param("form_param_nil", name, ["Enter ", what, "."].concat()));
    }
    Ok(v)
}

/// Sends a code for a first factor and shows the code step.
async fn send_code(flow: &Rc<Flow>, factor: JsValue) -> Result<(), Error> {
    super::call(&sign_in(flow), "prepareFirstFactor", &prepare_params(&factor)).await?;
    flow.go(Step::Code(factor));
    Ok(())
}

/// Moves on from the state the sign-in is in after a step.
async fn next(flow: &Rc<Flow>, si: JsValue) -> Result<(), Error> {
    match js::string(&si, "status").as_deref() {
        Some("complete") => flow.finish(js::string(&si, "createdSessionId")).await,
        Some("needs_first_factor") => {
            let factors = first_factors(flow);
            if factors.iter().any(|f| strategy(f) == "password") {
                flow.go(Step::Password);
                Ok(())
            } else if let Some(code) = factors.into_iter().find(is_code) {
                send_code(flow, code).await
            } else {
                Err(Error::usage("This account has no way to sign in that this form supports."))
            }
        }
        Some("needs_second_factor") => {
            super::call(&si, "prepareSecondFactor", &params(&[("strategy", "phone_code")])).await?;
            flow.go(Step::SecondFactor);
            Ok(())
        }
        _ => Err(Error::usage("This sign-in cannot be completed here.")),
    }
}

/// What a step's buttons do.
pub async fn act(flow: &Rc<Flow>, action: &str) -> Result<(), Error> {
    let step = flow.step.borrow().clone();
    match (step, action) {
        (Step::Identifier, "submit") => {
            let identifier = required(flow, "identifier", "your email address, username or phone number")?;
            let si = super::call(&sign_in(flow), "create", &params(&[("identifier", &identifier)])).await?;
            next(flow, si).await
        }
        (Step::Password, "submit") => {
            let password = required(flow, "password", "your password")?;
            let si = super::call(&sign_in(flow), "attemptFirstFactor", &params(&[("strategy", "password"), ("password", &password)])).await?;
            next(flow, si).await
        }
        (Step::Password, "use-code") => match first_factors(flow).into_iter().find(is_code) {
            Some(f) => send_code(flow, f).await,
            None => Ok(()),
        },
        (Step::Code(factor), "submit") => {
            let code = required(flow, "code", "the code")?;
            let si = super::call(&sign_in(flow), "attemptFirstFactor", &params(&[("strategy", &strategy(&factor)), ("code", &code)])).await?;
            next(flow, si).await
        }
        (Step::Code(factor), "resend") => send_code(flow, factor).await,
        (Step::SecondFactor, "submit") => {
            let code = required(flow, "code", "the code")?;
            let si = super::call(&sign_in(flow), "attemptSecondFactor", &params(&[("strategy", "phone_code"), ("code", &code)])).await?;
            next(flow, si).await
        }
        (Step::SecondFactor, "resend") => {
            super::call(&sign_in(flow), "prepareSecondFactor", &params(&[("strategy", "phone_code")])).await?;
            Ok(())
        }
        (_, "choose") => {
            flow.go(Step::Choose);
            Ok(())
        }
        (_, "back") => {
            flow.go(Step::Identifier);
            Ok(())
        }
        (Step::Choose, a) => {
            let index: usize = a.strip_prefix("factor:").and_then(|i| i.parse().ok()).unwrap_or(usize::MAX);
            match first_factors(flow).into_iter().nth(index) {
                Some(f) if strategy(&f) == "password" => {
                    flow.go(Step::Password);
                    Ok(())
                }
                Some(f) => send_code(flow, f).await,
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}
