//! `ExternalAccount`: an OAuth account (Google, GitHub, Notion, …) connected to the user.

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::form::{Form, FormValue};
use crate::fapi::Method;
use crate::js;
use crate::params::{read, ExternalAccountParams};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An external (OAuth) account of the user.
#[wasm_bindgen]
pub struct ExternalAccount {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("identificationId", "identification_id", Kind::Str),
        // FAPI sends `oauth_notion`; ClerkJS shows `notion`.
        Field("provider", "provider", Kind::Provider),
        Field("providerUserId", "provider_user_id", Kind::Str),
        Field("approvedScopes", "approved_scopes", Kind::Str),
        Field("emailAddress", "email_address", Kind::Str),
        Field("firstName", "first_name", Kind::Str),
        Field("lastName", "last_name", Kind::Str),
        Field("imageUrl", "image_url", Kind::Str),
        Field("username", "username", Kind::OptStr),
        Field("phoneNumber", "phone_number", Kind::OptStr),
        Field("publicMetadata", "public_metadata", Kind::Object),
        Field("label", "label", Kind::OptStr),
        Field("verification", "verification", Kind::Plain(&verification::SHAPE)),
        Field("createdAt", "created_at", Kind::OptDate),
        Field("updatedAt", "updated_at", Kind::OptDate),
    ],
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| ExternalAccount { base })
}

const ROOT: &str = "/me/external_accounts";

/// The form of `createExternalAccount` (`strategy`, `redirect_url`, then one `additional_scope`
/// per scope, ClerkJS's repeated key) and of `reauthorize` (`additional_scope` first, then
/// `redirect_url`): the orders in which ClerkJS writes each body. `redirect_url` (as Clerk's own
/// Notion example writes it) is accepted besides `redirectUrl`.
pub fn oauth_form(params: ExternalAccountParams, with_strategy: bool) -> Form {
    let scopes = FormValue::List(params.additional_scopes.unwrap_or_default().into_iter().map(FormValue::Str).collect());
    let url = params.redirect_url.filter(|u| !u.is_empty());
    let with_url = |form: Form| match url {
        Some(u) => form.push("redirect_url", u),
        None => form,
    };
    if with_strategy {
        with_url(Form::new().push("strategy", params.strategy.unwrap_or_default())).push_js("additional_scope", scopes)
    } else {
        with_url(Form::new().push_js("additional_scope", scopes))
    }
}

#[wasm_bindgen]
impl ExternalAccount {
    /// Asks the provider for more scopes: `{additionalScopes, redirectUrl}`. Resolves to this
    /// account with a new `verification.externalVerificationRedirectURL` to send the browser to.
    #[wasm_bindgen(unchecked_return_type = "Promise<ExternalAccount>")]
    pub fn reauthorize(&self, #[wasm_bindgen(unchecked_param_type = "ReauthorizeExternalAccountParams")] params: JsValue) -> js_sys::Promise {
        self.base.act(ROOT, Method::Patch, Some("reauthorize"), read::<ExternalAccountParams>(&params).map(|p| oauth_form(p, false)))
    }

    /// Disconnects the account from the user.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn destroy(&self) -> js_sys::Promise {
        self.base.act(ROOT, Method::Delete, None, Ok(Form::new()))
    }

    /// `username`, else `emailAddress`, else `label` (ClerkJS's `accountIdentifier()`).
    #[wasm_bindgen(js_name = accountIdentifier, unchecked_return_type = "string")]
    pub fn account_identifier(&self) -> JsValue {
        let raw = self.base.raw();
        let found = ["username", "email_address", "label"].iter().find_map(|k| js::text(&raw, k));
        JsValue::from_str(found.as_deref().unwrap_or(""))
    }
}
