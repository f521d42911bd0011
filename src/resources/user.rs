//! `User`: the signed-in person, with their identifications and metadata.

use super::{create, email_address, external_account, phone_number, session, web3_wallet, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::error::Error;
use crate::fapi::form::Form;
use crate::fapi::{Method, Request};
use crate::js;
use crate::params::{
    form_of, missing, posted, read, read_as, required, CreateIdentificationParams, ExternalAccountParams, Posted, UpdatePasswordParams,
    UpdateUserParams,
};
use crate::validate;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The user of a session.
#[wasm_bindgen]
pub struct User {
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
    derived: &[
        "fullName",
        "primaryEmailAddress",
        "primaryPhoneNumber",
        "primaryWeb3Wallet",
        "verifiedExternalAccounts",
        "unverifiedExternalAccounts",
        "hasVerifiedEmailAddress",
        "hasVerifiedPhoneNumber",
    ],
    derive: Some(derive),
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| User { base })
}

/// What `setProfileImage` resolves to: ClerkJS's `ImageResource`, a plain object.
pub static IMAGE: Shape = Shape {
    fields: &[Field("id", "id", Kind::Str), Field("name", "name", Kind::OptStr), Field("publicUrl", "public_url", Kind::OptStr)],
    derived: &[],
    derive: None,
};

fn image(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    let o = js::object();
    super::fill(core, &o, raw, &IMAGE);
    o
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

/// `PATCH /me/metadata` with `unsafe_metadata=<JSON>`, when `unsafeMetadata` is given.
fn metadata_request(unsafe_metadata: &JsValue) -> Option<Request> {
    if unsafe_metadata.is_undefined() {
        return None;
    }
    let one = js::object();
    js::set(&one, "unsafeMetadata", unsafe_metadata);
    Some(Request::new(Method::Patch, "/me/metadata").with_body(form_of(&one, &[])))
}

/// What turns `old` into `new` under the Frontend API's deep merge (ClerkJS's diff in
/// `User.update`): `new`'s keys whose values differ (objects compared key by key, equal ones left
/// out), and `null` for each key of `old` that `new` does not have. A `new` that is not a plain
/// object replaces `old` outright.
fn metadata_patch(old: &JsValue, new: &JsValue) -> JsValue {
    if new.is_null() {
        return JsValue::NULL;
    }
    let (Some(was), Some(is)) = (plain_object(old), plain_object(new)) else { return new.clone() };
    let out = js_sys::Object::new();
    for key in js_sys::Object::keys(is).iter() {
        let value = get(is, &key);
        if !js_sys::Object::has_own(was, &key) {
            set(&out, &key, &value);
            continue;
        }
        let before = get(was, &key);
        if plain_object(&before).is_some() && plain_object(&value).is_some() {
            let inner = metadata_patch(&before, &value);
            if plain_object(&inner).is_none_or(|o| js_sys::Object::keys(o).length() > 0) {
                set(&out, &key, &inner);
            }
        } else if !same_value(&before, &value) {
            set(&out, &key, &value);
        }
    }
    for key in js_sys::Object::keys(was).iter() {
        if !js_sys::Object::has_own(is, &key) {
            set(&out, &key, &JsValue::NULL);
        }
    }
    out.into()
}

/// `v` if it is an object made by `{…}` or `JSON.parse` (not an array, a date, a class instance).
fn plain_object(v: &JsValue) -> Option<&js_sys::Object> {
    let o = v.dyn_ref::<js_sys::Object>().filter(|_| v.is_object())?;
    let proto = js_sys::Object::get_prototype_of(o);
    (proto.is_null() || js_sys::Object::get_prototype_of(&proto).is_null()).then_some(o)
}

fn get(o: &js_sys::Object, key: &JsValue) -> JsValue {
    js_sys::Reflect::get(o, key).unwrap_or(JsValue::UNDEFINED)
}

fn set(o: &js_sys::Object, key: &JsValue, value: &JsValue) {
    let _ = js_sys::Reflect::set(o, key, value);
}

/// Deep equality of JSON values: primitives by `===`, arrays item by item, plain objects key by key.
fn same_value(a: &JsValue, b: &JsValue) -> bool {
    if a == b {
        return true;
    }
    if let (Some(x), Some(y)) = (a.dyn_ref::<js_sys::Array>(), b.dyn_ref::<js_sys::Array>()) {
        return x.length() == y.length() && x.iter().zip(y.iter()).all(|(p, q)| same_value(&p, &q));
    }
    let (Some(x), Some(y)) = (plain_object(a), plain_object(b)) else { return false };
    let keys = js_sys::Object::keys(x);
    keys.length() == js_sys::Object::keys(y).length() && keys.iter().all(|k| js_sys::Object::has_own(y, &k) && same_value(&get(x, &k), &get(y, &k)))
}

/// The form of a create call's one value: present (else `form_param_missing`), accepted by
/// `check`, and sent as given — ClerkJS sends the value untouched (`15551234567`, not
/// `+15551234567`) and the server normalises it, so the bodies stay byte-identical.
fn one_value(value: Option<String>, wire: &'static str, check: fn(&str, &str) -> Result<String, Error>) -> Result<Form, Error> {
    let value = required(value, wire)?;
    check(wire, &value)?;
    Ok(Form::new().push(wire, value))
}

#[wasm_bindgen]
impl User {
    /// Adds an email address (`POST /v1/me/email_addresses/`); resolves to the new
    /// `EmailAddress`, unverified. A malformed address is refused before any request.
    #[wasm_bindgen(js_name = createEmailAddress, unchecked_return_type = "Promise<EmailAddress>")]
    pub fn create_email_address(&self, #[wasm_bindgen(unchecked_param_type = "CreateEmailAddressParams")] params: JsValue) -> js_sys::Promise {
        // The trailing slash is ClerkJS's (its create paths keep the collection's slash).
        let form = read_as::<CreateIdentificationParams>(&params, &[("email", "email_address")])
            .and_then(|p| one_value(p.email, "email_address", validate::email));
        create(&self.base.core, "/me/email_addresses/", form, email_address::build)
    }

    /// Adds a phone number (`POST /v1/me/phone_numbers/`); digits without `+` are taken as E.164.
    #[wasm_bindgen(js_name = createPhoneNumber, unchecked_return_type = "Promise<PhoneNumber>")]
    pub fn create_phone_number(&self, #[wasm_bindgen(unchecked_param_type = "CreatePhoneNumberParams")] params: JsValue) -> js_sys::Promise {
        let form = read::<CreateIdentificationParams>(&params).and_then(|p| one_value(p.phone_number, "phone_number", validate::phone));
        create(&self.base.core, "/me/phone_numbers/", form, phone_number::build)
    }

    /// Adds a web3 wallet (`POST /v1/me/web3_wallets/`); `0x` + 40 hex digits, EIP-55 when mixed-case.
    #[wasm_bindgen(js_name = createWeb3Wallet, unchecked_return_type = "Promise<Web3Wallet>")]
    pub fn create_web3_wallet(&self, #[wasm_bindgen(unchecked_param_type = "CreateWeb3WalletParams")] params: JsValue) -> js_sys::Promise {
        let form = read::<CreateIdentificationParams>(&params).and_then(|p| one_value(p.web3_wallet, "web3_wallet", validate::web3_wallet));
        create(&self.base.core, "/me/web3_wallets/", form, web3_wallet::build)
    }

    /// Connects an OAuth account (`POST /v1/me/external_accounts`): `{strategy: 'oauth_notion',
    /// redirectUrl, additionalScopes}`. Resolves to the new, unverified `ExternalAccount`; send
    /// the browser to its `verification.externalVerificationRedirectURL`.
    #[wasm_bindgen(js_name = createExternalAccount, unchecked_return_type = "Promise<ExternalAccount>")]
    pub fn create_external_account(&self, #[wasm_bindgen(unchecked_param_type = "CreateExternalAccountParams")] params: JsValue) -> js_sys::Promise {
        let form = read::<ExternalAccountParams>(&params).and_then(|p| match p.strategy.as_deref() {
            Some(s) if s.starts_with("oauth_") => Ok(external_account::oauth_form(p, true)),
            _ => Err(Error::invalid_param("form_param_missing", "strategy", "strategy must be an oauth_<provider> strategy.".into())),
        });
        create(&self.base.core, "/me/external_accounts", form, external_account::build)
    }

    /// Changes the user: names, username, primary identifications (`PATCH /v1/me`), and
    /// `unsafeMetadata`, which is replaced as a whole. Clerk's Frontend API takes unsafe metadata
    /// only as a deep merge (`PATCH /v1/me/metadata`, where `null` deletes a key), so, as ClerkJS
    /// 6.40 does, the other fields are saved first (or the user is reloaded), then only the
    /// difference with the saved metadata is sent: changed values, and `null` for keys no longer
    /// there. Resolves to this user, updated.
    #[wasm_bindgen(unchecked_return_type = "Promise<User>")]
    pub fn update(&self, #[wasm_bindgen(unchecked_param_type = "UpdateUserParams")] params: JsValue) -> js_sys::Promise {
        let base = self.base.clone();
        let posted = posted::<UpdateUserParams>(&params, &["unsafeMetadata"]);
        crate::promise(async move {
            let Posted { params, form } = posted?;
            let wanted = params.unsafe_metadata;
            if wanted.is_undefined() || !form.is_empty() {
                base.update_from(&Request::new(Method::Patch, "/me").with_body(form)).await?;
            } else {
                base.update_from(&Request::get("/me")).await?;
            }
            if wanted.is_undefined() {
                return Ok(base.this());
            }
            let patch = metadata_patch(&js::get(&base.this(), "unsafeMetadata"), &wanted);
            if plain_object(&patch).is_some_and(|o| js_sys::Object::keys(o).length() == 0) {
                return Ok(base.this());
            }
            base.update_from(&metadata_request(&patch).ok_or_else(|| missing("unsafe_metadata"))?).await
        })
    }

    /// Merges `{unsafeMetadata}` into the user's unsafe metadata.
    #[wasm_bindgen(js_name = updateMetadata, unchecked_return_type = "Promise<User>")]
    pub fn update_metadata(&self, #[wasm_bindgen(unchecked_param_type = "UpdateUserMetadataParams")] params: JsValue) -> js_sys::Promise {
        let req = read::<UpdateUserParams>(&params).and_then(|p| metadata_request(&p.unsafe_metadata).ok_or_else(|| missing("unsafe_metadata")));
        self.base.update(req)
    }

    /// Changes the password: `{currentPassword, newPassword, signOutOfOtherSessions}`.
    #[wasm_bindgen(js_name = updatePassword, unchecked_return_type = "Promise<User>")]
    pub fn update_password(&self, #[wasm_bindgen(unchecked_param_type = "UpdateUserPasswordParams")] params: JsValue) -> js_sys::Promise {
        self.base.update(posted::<UpdatePasswordParams>(&params, &[]).map(|p| Request::post("/me/change_password", p.form)))
    }

    /// Sets the profile image, `{file}`: a `Blob` or `File` (sent as `multipart/form-data`, field
    /// `file`) or a string — a base64 image or `data:` URL — sent as it is, as ClerkJS sends
    /// them (`POST /v1/me/profile_image`); `{file: null}` removes it (`DELETE`). Resolves to
    /// the image, `{id, name, publicUrl}`; `clerk.user` follows (`imageUrl`, `hasImage`) from the
    /// client the answer carries, as in ClerkJS (this `User` object stays as it was).
    #[wasm_bindgen(js_name = setProfileImage, unchecked_return_type = "Promise<ImageResource>")]
    pub fn set_profile_image(&self, #[wasm_bindgen(unchecked_param_type = "SetProfileImageParams")] params: JsValue) -> js_sys::Promise {
        let file = js::get(&params, "file");
        let req = if file.is_null() {
            Ok(Request::delete("/me/profile_image"))
        } else if file.is_undefined() {
            // ClerkJS then posts its parameters as a form: an empty one.
            Ok(Request::post("/me/profile_image", Form::new()))
        } else if file.is_string() {
            Ok(Request::upload("/me/profile_image", file))
        } else {
            let form = js_sys::Reflect::construct(crate::browser::global("FormData").unchecked_ref::<js_sys::Function>(), &js_sys::Array::new());
            form.map_err(crate::error::from_js).map(|form| {
                crate::browser::call(&form, "append", &[&JsValue::from_str("file"), &file]);
                Request::upload("/me/profile_image", form)
            })
        };
        super::send(&self.base.core, req, image)
    }

    /// Fetches the user again (`GET /v1/me`), with the client.
    #[wasm_bindgen(unchecked_return_type = "Promise<User>")]
    pub fn reload(&self) -> js_sys::Promise {
        self.base.update(Ok(Request::get("/me")))
    }

    /// The user's active sessions on every device, with their latest activity
    /// (browser, OS, IP address, location).
    #[wasm_bindgen(js_name = getSessions, unchecked_return_type = "Promise<SessionWithActivities[]>")]
    pub fn get_sessions(&self) -> js_sys::Promise {
        let core = self.base.core.clone();
        crate::promise(async move {
            let list = core.request(&Request::get("/me/sessions/active")).await?;
            let list = list.dyn_into::<js_sys::Array>().unwrap_or_default();
            Ok(list.iter().map(|raw| session::build_with_activities(&core, &raw)).collect::<js_sys::Array>().into())
        })
    }

    /// Deletes the user (`DELETE /v1/me`; the instance must allow it). The client's sessions end.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(&self) -> js_sys::Promise {
        let core = self.base.core.clone();
        crate::promise(async move {
            core.request(&Request::delete("/me")).await?;
            Ok(JsValue::UNDEFINED)
        })
    }
}
