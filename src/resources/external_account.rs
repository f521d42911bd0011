//! `ExternalAccount`: an OAuth account (Google, GitHub, Notion, …) connected to the user.

use super::verification::{Verification, VerificationJson};
use super::{resource, set};
use crate::core::Core;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// An external (OAuth) account of the user.
#[wasm_bindgen]
pub struct ExternalAccount {
    data: RefCell<Rc<ExternalAccountJson>>,
    #[allow(dead_code)]
    core: Rc<Core>,
}

impl ExternalAccount {
    pub(crate) fn new(core: Rc<Core>, data: Rc<ExternalAccountJson>) -> ExternalAccount {
        ExternalAccount { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<ExternalAccountJson> {
        self.data.borrow().clone()
    }
}

impl ExternalAccountJson {
    pub fn is_verified(&self) -> bool {
        self.verification.as_ref().and_then(|v| v.status.as_deref()) == Some("verified")
    }
}

resource! {
    ExternalAccount(ExternalAccountJson) {
        /// The account id (`eac_…`).
        id: id str,
        /// The identification this account created.
        identificationId: identification_id str,
        /// The user's id at the provider.
        providerUserId: provider_user_id str,
        /// The scopes the user granted, separated by spaces.
        approvedScopes: approved_scopes str,
        /// The email address the provider reported.
        emailAddress: email_address str,
        firstName: first_name str,
        lastName: last_name str,
        /// The avatar the provider reported.
        imageUrl: image_url str,
        username: username opt_str,
        phoneNumber: phone_number opt_str,
        publicMetadata: public_metadata object,
        label: label opt_str,
    }
    hidden {
        provider: Option<String>,
        verification: Option<Rc<VerificationJson>>,
        avatar_url: Option<String>,
        created_at: Option<i64>,
        updated_at: Option<i64>,
    }
}

#[wasm_bindgen]
impl ExternalAccount {
    /// The provider without the `oauth_` prefix (`"notion"` for `oauth_notion`), as ClerkJS.
    #[wasm_bindgen(getter)]
    pub fn provider(&self) -> String {
        let p = self.data().provider.clone().unwrap_or_default();
        p.strip_prefix("oauth_").map(str::to_string).unwrap_or(p)
    }

    #[wasm_bindgen(getter)]
    pub fn verification(&self) -> Verification {
        Verification::of(&self.data().verification)
    }

    /// `username`, else `emailAddress`, else `label` (ClerkJS's `accountIdentifier()`).
    #[wasm_bindgen(js_name = accountIdentifier)]
    pub fn account_identifier(&self) -> String {
        let d = self.data();
        let found = [&d.username, &d.email_address, &d.label].into_iter().flatten().find(|s| !s.is_empty()).cloned();
        found.unwrap_or_default()
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "provider", &JsValue::from_str(&self.provider()));
        set(&o, "verification", &self.verification().to_json());
        o
    }
}
