//! The parameters of the public methods: `#[derive(Deserialize)]` structs read from the
//! JavaScript argument with serde-wasm-bindgen, with ClerkJS's camelCase names and the
//! snake_case spellings Clerk's own docs use (`redirect_url` in the Notion example of
//! `createExternalAccount`; an alias costs its string comparisons in every struct's visitor, so
//! there are no others). Methods that post their parameters as given also pass snake_case keys
//! through unchanged, as ClerkJS does.
//!
//! Every struct's deserializer is code of its own, so there are three: [`LoadOptions`] (kept by
//! the core), [`Options`] (the constructor's and `Clerk`'s other methods', `getToken`'s) and
//! [`AttemptParams`] (every resource method's; the other names are aliases of it).
//!
//! Every field is optional: a missing value is the method's business (it refuses with Clerk's
//! `form_param_missing` and the Frontend API's name for the field, before any request), and a
//! value of the wrong type is refused here as `form_param_format_invalid` with `meta.paramName` —
//! never with serde's own message. Keys the struct does not know are ignored, as ClerkJS does;
//! a key another method reads through the same struct is checked wherever it is passed.
//!
//! Methods that post what they are given (`signIn.create`, `signUp.update`, …) send the caller's
//! object as ClerkJS does: its keys in the caller's order, camelCase → snake_case, values encoded
//! by [`form_of`] — so the bytes on the wire stay ClerkJS's. The typed struct is what the Rust
//! code reads; the form is what the Frontend API receives.

use crate::error::Error;
use crate::fapi::form::{camel_to_snake, Form, FormValue};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// Reads a parameter object. `undefined` and `null` read as the defaults (every field absent).
pub fn read<T: DeserializeOwned + Default>(value: &JsValue) -> Result<T, Error> {
    read_as(value, &[])
}

/// [`read`], for a struct some of whose keys the Frontend API names otherwise than their
/// snake_case (`renames`: JS key → wire name, for the error's `paramName`).
pub fn read_as<T: DeserializeOwned + Default>(value: &JsValue, renames: &[(&str, &str)]) -> Result<T, Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    if !value.is_object() || js_sys::Array::is_array(value) {
        return Err(Error::usage("Parameters must be an object"));
    }
    serde_wasm_bindgen::from_value(value.clone()).map_err(|_| wrong_key(value, renames, |one| serde_wasm_bindgen::from_value::<T>(one).is_ok()))
}

/// The error for a parameter object serde refused: the key whose value alone is refused
/// (every field is optional, so a one-key object fails only on a wrong value). Not generic, so
/// that one copy serves every parameter type.
fn wrong_key(value: &JsValue, renames: &[(&str, &str)], accepts: fn(JsValue) -> bool) -> Error {
    let obj: &js_sys::Object = value.unchecked_ref();
    for key in js_sys::Object::keys(obj).iter() {
        let one = js_sys::Object::new();
        let v = js_sys::Reflect::get(value, &key).unwrap_or(JsValue::UNDEFINED);
        let _ = js_sys::Reflect::set(&one, &key, &v);
        if !accepts(one.into()) {
            let key = key.as_string().unwrap_or_default();
            return match renames.iter().find(|(js, _)| *js == key) {
                Some((_, wire)) => invalid(wire),
                None => invalid(&camel_to_snake(&key)),
            };
        }
    }
    Error::usage("Parameters could not be read")
}

/// `form_param_format_invalid` for `param` (the Frontend API's name).
pub fn invalid(param: &str) -> Error {
    Error::invalid_param("form_param_format_invalid", param, [param, " is invalid."].concat())
}

/// `form_param_missing` for `param` (the Frontend API's name).
pub fn missing(param: &str) -> Error {
    Error::invalid_param("form_param_missing", param, [param, " must be included."].concat())
}

/// A required string: present and not blank, else `form_param_missing` for `param`.
pub fn required(value: Option<String>, param: &str) -> Result<String, Error> {
    value.filter(|v| !v.trim().is_empty()).ok_or_else(|| missing(param))
}

/// A typed parameter object and the form ClerkJS would post for it.
pub struct Posted<T> {
    pub params: T,
    pub form: Form,
}

/// Reads a parameter object that is posted as given (less the `skip`ped JS keys).
pub fn posted<T: DeserializeOwned + Default>(value: &JsValue, skip: &[&str]) -> Result<Posted<T>, Error> {
    let params = read(value)?;
    Ok(Posted { params, form: form_of(value, skip) })
}

/// Encodes a JS object as ClerkJS encodes a request body (see `fapi::form`): every own key in
/// order, camelCase → snake_case; `undefined` dropped, `null` → empty, arrays repeated, other
/// objects as JSON text, numbers as JavaScript prints them.
pub fn form_of(value: &JsValue, skip: &[&str]) -> Form {
    let mut form = Form::new();
    let Some(obj) = value.dyn_ref::<js_sys::Object>() else { return form };
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        if skip.contains(&key.as_str()) {
            continue;
        }
        if let Some(v) = form_value(&pair.get(1)) {
            form = form.push_js(&key, v);
        }
    }
    form
}

fn form_value(v: &JsValue) -> Option<FormValue> {
    if v.is_undefined() {
        None
    } else if v.is_null() {
        Some(FormValue::Null)
    } else if let Some(s) = v.as_string() {
        Some(FormValue::Str(s))
    } else if let Some(b) = v.as_bool() {
        Some(FormValue::Bool(b))
    } else if v.as_f64().is_some() {
        // JavaScript's own `String(n)`: no float formatting code in the .wasm.
        Some(FormValue::Str(String::from(js_sys::JsString::from(v.clone()))))
    } else if let Some(a) = v.dyn_ref::<js_sys::Array>() {
        Some(FormValue::List(a.iter().filter_map(|i| form_value(&i)).collect()))
    } else {
        js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).map(FormValue::Json)
    }
}

// ---- Clerk ------------------------------------------------------------------------------------

/// `clerk.load(options)`: ClerkJS's options that apply here (`nav.rs` uses them); its others
/// are accepted and ignored.
#[derive(Deserialize, Default, Clone)]
#[serde(rename_all = "camelCase")]
pub struct LoadOptions {
    pub sign_in_url: Option<String>,
    pub sign_up_url: Option<String>,
    pub after_sign_out_url: Option<String>,
    pub sign_in_fallback_redirect_url: Option<String>,
    pub sign_up_fallback_redirect_url: Option<String>,
    pub sign_in_force_redirect_url: Option<String>,
    pub sign_up_force_redirect_url: Option<String>,
    /// Strings (with `*` globs) and `RegExp`s.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub allowed_redirect_origins: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub router_push: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub router_replace: JsValue,
}

/// The options of `new Clerk(key, options)` and of `Clerk`'s other methods — `navigate(to,
/// {replace})`, `addListener(f, {skipInitialEmit})`, `setActive({session, redirectUrl})`,
/// `signOut({redirectUrl, sessionId})`, `handleRedirectCallback({signInForceRedirectUrl, …})` —
/// and of `session.getToken({template, skipCache})`: one struct for them all, as for the
/// resources' parameters below (each struct's deserializer is code of its own: the seven structs
/// these were measured 0.6 KB gzip more). A key of another of these methods is checked too
/// (`navigate('/x', {skipCache: 'yes'})` is refused).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Options {
    pub proxy_url: Option<String>,
    /// The longest a Frontend API call may take, in milliseconds (clerk-wasm's own option).
    pub request_timeout: Option<u32>,
    pub replace: Option<bool>,
    pub skip_initial_emit: Option<bool>,
    /// `setActive`'s: a `Session`, a session id or `null`.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub session: JsValue,
    pub redirect_url: Option<String>,
    pub session_id: Option<String>,
    pub sign_in_force_redirect_url: Option<String>,
    pub sign_in_fallback_redirect_url: Option<String>,
    pub sign_up_url: Option<String>,
    pub template: Option<String>,
    pub skip_cache: Option<bool>,
}

// ---- sign-in and sign-up ----------------------------------------------------------------------

/// The parameters of the resources' methods, one struct for them all (every struct's
/// deserializer is code of its own: the eight structs these were measured 1.4 KB gzip more; see
/// also ARCHITECTURE.md's size table): the sign-in and sign-up attempts' methods — `signIn.create`, `prepareFirstFactor`,
/// `attemptFirstFactor`, `prepareSecondFactor`, `attemptSecondFactor`, `resetPassword`,
/// `signUp.create`, `update`, `prepareVerification`, `attemptVerification`, whose ClerkJS
/// parameter types share these fields and which post what they are given — the verifications'
/// ([`VerificationParams`]), the OAuth and wallet ones ([`AuthenticateWithRedirectParams`],
/// [`ExternalAccountParams`]), and the user's ([`CreateIdentificationParams`],
/// [`UpdateUserParams`], [`UpdatePasswordParams`], [`ReservedParams`]). A key of another of
/// these methods is checked too (`{reserved: 'yes'}` is refused wherever it is passed).
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct AttemptParams {
    pub strategy: Option<String>,
    pub identifier: Option<String>,
    pub password: Option<String>,
    pub ticket: Option<String>,
    pub code: Option<String>,
    pub signature: Option<String>,
    pub transfer: Option<bool>,
    pub email_address_id: Option<String>,
    pub phone_number_id: Option<String>,
    pub web3_wallet_id: Option<String>,
    /// Also as `redirect_url`, as Clerk's own Notion example of `createExternalAccount` writes it.
    #[serde(alias = "redirect_url")]
    pub redirect_url: Option<String>,
    pub redirect_url_complete: Option<String>,
    pub action_complete_redirect_url: Option<String>,
    pub additional_scopes: Option<Vec<String>>,
    pub email_address: Option<String>,
    /// `user.createEmailAddress({email})`.
    pub email: Option<String>,
    pub phone_number: Option<String>,
    pub web3_wallet: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    pub primary_web3_wallet_id: Option<String>,
    pub current_password: Option<String>,
    pub new_password: Option<String>,
    pub sign_out_of_other_sessions: Option<bool>,
    pub reserved: Option<bool>,
    pub legal_accepted: Option<bool>,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub unsafe_metadata: JsValue,
}

/// `signIn.authenticateWithRedirect` / `signUp.authenticateWithRedirect`: `{strategy,
/// redirectUrl, redirectUrlComplete}`.
pub type AuthenticateWithRedirectParams = AttemptParams;

/// The verification methods of sign-ups and of the user's identifications:
/// `prepareVerification({strategy, redirectUrl})`, `attemptVerification({code})` /
/// `({signature})`, `signUp.prepareEmailAddressVerification(options)`.
pub type VerificationParams = AttemptParams;

// ---- the user ---------------------------------------------------------------------------------

/// `user.createEmailAddress({email})`, `createPhoneNumber({phoneNumber})`,
/// `createWeb3Wallet({web3Wallet})`.
pub type CreateIdentificationParams = AttemptParams;

/// `user.createExternalAccount({strategy, redirectUrl, additionalScopes})` and
/// `externalAccount.reauthorize({redirectUrl, additionalScopes})`.
pub type ExternalAccountParams = AttemptParams;

/// `user.update(params)` (posted as given, less `unsafeMetadata`, which goes to
/// `PATCH /me/metadata`) and `user.updateMetadata({unsafeMetadata})`.
pub type UpdateUserParams = AttemptParams;

/// `user.updatePassword({currentPassword, newPassword, signOutOfOtherSessions})` (posted as given).
pub type UpdatePasswordParams = AttemptParams;

/// `phoneNumber.setReservedForSecondFactor({reserved})`.
pub type ReservedParams = AttemptParams;
