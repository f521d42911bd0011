//! `User`: the signed-in person, with their identifications and metadata.

#[allow(unused_imports)]
use crate::prelude::*;

use super::{email_address, external_account, phone_number, web3_wallet, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::js;
use alloc::rc::Rc;
use wasm_bindgen::prelude::*;

/// The user of a session.
#[wasm_bindgen]
pub struct User {
    #[allow(dead_code)]
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("externalId", "external_id", Kind::OptStr),
        Field("username", "username", Kind::OptStr),
        Field("firstName", "first_name", Kind::OptStr),
        Field("lastName", "last_name", Kind::OptStr),
        Field("imageUrl", "image_url", Kind::Str),
        Field("hasImage", "has_image", Kind::Bool),
        Field("primaryEmailAddressId", "primary_email_address_id", Kind::OptStr),
        Field("primaryPhoneNumberId", "primary_phone_number_id", Kind::OptStr),
        Field("primaryWeb3WalletId", "primary_web3_wallet_id", Kind::OptStr),
        Field("emailAddresses", "email_addresses", Kind::Many(email_address::build)),
        Field("phoneNumbers", "phone_numbers", Kind::Many(phone_number::build)),
        Field("web3Wallets", "web3_wallets", Kind::Many(web3_wallet::build)),
        Field("externalAccounts", "external_accounts", Kind::Many(external_account::build)),
        Field("organizationMemberships", "organization_memberships", Kind::List),
        Field("passwordEnabled", "password_enabled", Kind::Bool),
        Field("twoFactorEnabled", "two_factor_enabled", Kind::Bool),
        Field("totpEnabled", "totp_enabled", Kind::Bool),
        Field("backupCodeEnabled", "backup_code_enabled", Kind::Bool),
        Field("publicMetadata", "public_metadata", Kind::Object),
        Field("unsafeMetadata", "unsafe_metadata", Kind::Object),
        Field("createOrganizationEnabled", "create_organization_enabled", Kind::Bool),
        Field("createOrganizationsLimit", "create_organizations_limit", Kind::OptNum),
        Field("deleteSelfEnabled", "delete_self_enabled", Kind::Bool),
        Field("lastSignInAt", "last_sign_in_at", Kind::OptDate),
        Field("legalAcceptedAt", "legal_accepted_at", Kind::OptDate),
        Field("createdAt", "created_at", Kind::Date),
        Field("updatedAt", "updated_at", Kind::Date),
    ],
    derive: Some(derive),
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| User { base })
}

/// `fullName`, the `primary…` objects (the same objects as in the lists), the verified and
/// unverified external accounts, and the `hasVerified…` flags.
fn derive(_core: &Rc<Core>, user: &JsValue, _raw: &JsValue) {
    let mut full = String::new();
    for name in ["firstName", "lastName"].iter().filter_map(|k| js::text(user, k)) {
        if !full.is_empty() {
            full.push(' ');
        }
        full.push_str(&name);
    }
    let full = full.trim();
    js::set(user, "fullName", &if full.is_empty() { JsValue::NULL } else { JsValue::from_str(full) });
    for (list, id_key, primary_key) in [
        ("emailAddresses", "primaryEmailAddressId", "primaryEmailAddress"),
        ("phoneNumbers", "primaryPhoneNumberId", "primaryPhoneNumber"),
        ("web3Wallets", "primaryWeb3WalletId", "primaryWeb3Wallet"),
    ] {
        let id = js::string(user, id_key);
        let found = id.and_then(|id| js::items(user, list).into_iter().find(|i| js::string(i, "id").as_deref() == Some(id.as_str())));
        js::set(user, primary_key, &found.unwrap_or(JsValue::NULL));
    }
    let verified = |i: &JsValue| js::string(&js::get(i, "verification"), "status").as_deref() == Some("verified");
    let (ok, not) = (js_sys::Array::new(), js_sys::Array::new());
    for a in js::items(user, "externalAccounts").iter() {
        if verified(&a) { &ok } else { &not }.push(&a);
    }
    js::set(user, "verifiedExternalAccounts", &ok);
    js::set(user, "unverifiedExternalAccounts", &not);
    js::set(user, "hasVerifiedEmailAddress", &JsValue::from_bool(js::items(user, "emailAddresses").iter().any(|i| verified(&i))));
    js::set(user, "hasVerifiedPhoneNumber", &JsValue::from_bool(js::items(user, "phoneNumbers").iter().any(|i| verified(&i))));
}
