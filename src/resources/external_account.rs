//! `ExternalAccount`: an OAuth account (Google, GitHub, Notion, …) connected to the user.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{verification, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
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
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| ExternalAccount { base })
}

#[wasm_bindgen]
impl ExternalAccount {
    /// `username`, else `emailAddress`, else `label` (ClerkJS's `accountIdentifier()`).
    #[wasm_bindgen(js_name = accountIdentifier, unchecked_return_type = "string")]
    pub fn account_identifier(&self) -> JsValue {
        let raw = self.base.raw();
        let found = ["username", "email_address", "label"].iter().find_map(|k| js::text(&raw, k));
        JsValue::from_str(found.as_deref().unwrap_or(""))
    }
}
