//! The OAuth redirect round trip of sign-in and sign-up (PROTOCOL.md §7b): start an attempt
//! with an `oauth_<provider>` strategy and send the browser to the provider
//! (`authenticateWithRedirect`); after the provider and the Frontend API send it back, finish
//! (`handleRedirectCallback`): a completed sign-in becomes the current session; an identity no
//! user has yet is transferred to a sign-up; a failure comes back as the verification's error.
//! The SDK only ever navigates to http(s) URLs.

use crate::browser;
use crate::core::Core;
use crate::error::{ApiError, Error};
use crate::fapi::form::Form;
use crate::fapi::url::resource_path;
use crate::fapi::Request;
use crate::params::AuthenticateWithRedirectParams;
use crate::wire;
use std::rc::Rc;
use wasm_bindgen::JsValue;

/// A URL the SDK may hand to the Frontend API as a redirect target: made absolute against the
/// page, and refused unless it is http(s).
fn absolute(param: &str, url: &str) -> Result<String, Error> {
    browser::resolve_http_url(url).ok_or_else(|| Error::invalid_param("invalid_redirect_url", param, [param, " must be an http(s) URL."].concat()))
}

/// `POST <path>` with `{strategy, redirect_url, action_complete_redirect_url}`, then sends the
/// browser to the provider. `path` is `/client/sign_ins` or `/client/sign_ups`.
pub async fn authenticate_with_redirect(core: &Rc<Core>, path: &'static str, params: AuthenticateWithRedirectParams) -> Result<JsValue, Error> {
    let strategy = params.strategy.unwrap_or_default();
    if !strategy.starts_with("oauth_") {
        return Err(Error::invalid_param("form_param_value_invalid", "strategy", "strategy must be an oauth_<provider> strategy.".into()));
    }
    let here = browser::href().unwrap_or_default();
    let given = |u: Option<String>| u.filter(|u| !u.is_empty()).unwrap_or_else(|| here.clone());
    let redirect = absolute("redirect_url", &given(params.redirect_url))?;
    let complete = absolute("action_complete_redirect_url", &given(params.redirect_url_complete))?;
    let form = Form::new().push("strategy", strategy).push("redirect_url", redirect).push("action_complete_redirect_url", complete);
    let attempt = core.request(&Request::post(path, form)).await?;
    // ClerkJS requires an unverified verification with the provider's URL (SignIn.ts).
    let v = if path == "/client/sign_ins" {
        wire::view::<wire::SignIn>(&attempt).first_factor_verification
    } else {
        wire::view::<wire::SignUp>(&attempt).verifications.external_account
    }
    .unwrap_or_default();
    match (v.status.as_deref(), v.external_verification_redirect_url.filter(|u| !u.is_empty())) {
        (Some("unverified"), Some(url)) if browser::navigate(&url) => Ok(JsValue::UNDEFINED),
        (Some("unverified"), Some(_)) => Err(Error::usage("refusing to navigate to a provider URL that is not http(s)")),
        _ => Err(Error::Decode("the OAuth attempt has no provider URL")),
    }
}

/// The error a verification carries, as an `Error`.
fn verification_error(v: &wire::Verification) -> Option<Error> {
    v.error.is_object().then(|| Error::Api { status: 400, errors: vec![ApiError::from_js(&v.error)], trace_id: None, retry_after: None })
}

/// Finishes an OAuth redirect flow on the page the provider came back to. `after` is where to
/// go once signed in. Resolves to `undefined` (having navigated) or fails with the
/// verification's error (`oauth_access_denied`, …).
pub async fn handle_redirect_callback(core: &Rc<Core>, after: &str, sign_up_url: Option<String>) -> Result<JsValue, Error> {
    let sign_in = core.client_view().sign_in.unwrap_or_default();
    let sign_in = match sign_in.id.as_deref().filter(|id| !id.is_empty()) {
        Some(id) => wire::view::<wire::SignIn>(&core.request(&Request::get(resource_path("/client/sign_ins", id, None))).await?),
        None => sign_in,
    };
    if sign_in.status.as_deref() == Some("complete") {
        return finish(core, sign_in.created_session_id, after).await;
    }
    let first = sign_in.first_factor_verification.unwrap_or_default();
    if first.status.as_deref() == Some("transferable") {
        // No user has this identity yet: continue as a sign-up (ClerkJS's transfer).
        let sign_up: wire::SignUp = wire::view(&core.request(&Request::post("/client/sign_ups", Form::new().push("transfer", "true"))).await?);
        if sign_up.status.as_deref() == Some("complete") {
            return finish(core, sign_up.created_session_id, after).await;
        }
        if let Some(url) = sign_up_url {
            browser::navigate(&url);
        }
        return Ok(JsValue::UNDEFINED);
    }
    if let Some(e) = verification_error(&first) {
        return Err(e);
    }
    // A sign-up whose OAuth identity belongs to an existing user: continue as a sign-in.
    let external = core.client_view().sign_up.unwrap_or_default().verifications.external_account.unwrap_or_default();
    if external.status.as_deref() == Some("transferable") {
        let si: wire::SignIn = wire::view(&core.request(&Request::post("/client/sign_ins", Form::new().push("transfer", "true"))).await?);
        if si.status.as_deref() == Some("complete") {
            return finish(core, si.created_session_id, after).await;
        }
    }
    if let Some(e) = verification_error(&external) {
        return Err(e);
    }
    Ok(JsValue::UNDEFINED)
}

async fn finish(core: &Rc<Core>, session: Option<String>, after: &str) -> Result<JsValue, Error> {
    core.set_active(session).await?;
    browser::navigate(after);
    Ok(JsValue::UNDEFINED)
}
