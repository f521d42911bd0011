//! The SDK as the components see it: typed bindings to the public JavaScript API a page uses
//! (`clerk.client.signIn.create(…)`, `clerk.setActive(…)`, `clerk.environment`, …), and to the
//! errors it rejects with. Nothing of the SDK's Rust crosses into this module; each binding is
//! one property read or method call on the object the page itself holds.
//!
//! Getters of SDK objects return `Option<String>` / `Option<bool>`: the SDK fills those
//! properties with a string (or boolean) or `null`. Props come from the page, which may pass
//! anything, so their getters return the raw value and [`text`] keeps only non-empty strings.
//! Methods are bound with `catch`: one that throws instead of rejecting becomes an `Err`, never
//! an exception through the WebAssembly frames.

use js_sys::{Array, JsString, Object, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// A `Clerk` instance, as `new Clerk(key)` made it, after `await clerk.load()`.
    pub type Clerk;
    /// `clerk.client`: this browser's client (`undefined` before `load()`).
    #[wasm_bindgen(method, getter)]
    pub fn client(this: &Clerk) -> Option<Client>;
    /// `clerk.session`: the current session, or `null` when signed out.
    #[wasm_bindgen(method, getter)]
    pub fn session(this: &Clerk) -> Option<Object>;
    /// `clerk.environment`: the instance's settings (`null` before `load()`). A new object on
    /// every read, with the same contents: the environment is fixed once loaded.
    #[wasm_bindgen(method, getter)]
    pub fn environment(this: &Clerk) -> Option<Environment>;
    /// `clerk.setActive({session})`.
    #[wasm_bindgen(method, catch, js_name = setActive)]
    pub fn set_active(this: &Clerk, params: &Object) -> Result<Promise, JsValue>;
    /// `clerk.buildAfterSignInUrl({params})`: where a sign-in leads, the `load()` options
    /// taken into account.
    #[wasm_bindgen(method, js_name = buildAfterSignInUrl)]
    pub fn build_after_sign_in_url(this: &Clerk, options: &Object) -> String;
    /// `clerk.buildAfterSignUpUrl({params})`.
    #[wasm_bindgen(method, js_name = buildAfterSignUpUrl)]
    pub fn build_after_sign_up_url(this: &Clerk, options: &Object) -> String;
    /// `clerk.handleRedirectCallback({signInForceRedirectUrl, signUpUrl})`.
    #[wasm_bindgen(method, catch, js_name = handleRedirectCallback)]
    pub fn handle_redirect_callback(this: &Clerk, params: &Object) -> Result<Promise, JsValue>;

    /// `clerk.client`.
    pub type Client;
    /// The client's current sign-in attempt (a `SignIn`, empty when none is under way).
    #[wasm_bindgen(method, getter, js_name = signIn)]
    pub fn sign_in(this: &Client) -> SignIn;
    /// The client's current sign-up attempt.
    #[wasm_bindgen(method, getter, js_name = signUp)]
    pub fn sign_up(this: &Client) -> SignUp;

    /// A `SignIn` resource. Its methods resolve to the updated sign-in.
    pub type SignIn;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &SignIn) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn identifier(this: &SignIn) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = supportedFirstFactors)]
    pub fn supported_first_factors(this: &SignIn) -> Option<Array<Factor>>;
    #[wasm_bindgen(method, getter, js_name = supportedSecondFactors)]
    pub fn supported_second_factors(this: &SignIn) -> Option<Array<Factor>>;
    #[wasm_bindgen(method, getter, js_name = createdSessionId)]
    pub fn created_session_id(this: &SignIn) -> Option<String>;
    #[wasm_bindgen(method, catch)]
    pub fn create(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = prepareFirstFactor)]
    pub fn prepare_first_factor(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = attemptFirstFactor)]
    pub fn attempt_first_factor(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    /// `signIn.resetPassword({password, signOutOfOtherSessions})`.
    #[wasm_bindgen(method, catch, js_name = resetPassword)]
    pub fn reset_password(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = prepareSecondFactor)]
    pub fn prepare_second_factor(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = attemptSecondFactor)]
    pub fn attempt_second_factor(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = authenticateWithRedirect)]
    pub fn authenticate_with_redirect(this: &SignIn, params: &Object) -> Result<Promise, JsValue>;

    /// One entry of `supportedFirstFactors` / `supportedSecondFactors`.
    #[derive(Clone)]
    pub type Factor;
    #[wasm_bindgen(method, getter)]
    pub fn strategy(this: &Factor) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = safeIdentifier)]
    pub fn safe_identifier(this: &Factor) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = emailAddressId)]
    pub fn email_address_id(this: &Factor) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = phoneNumberId)]
    pub fn phone_number_id(this: &Factor) -> Option<String>;

    /// A `SignUp` resource. Its methods resolve to the updated sign-up.
    pub type SignUp;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = createdSessionId)]
    pub fn created_session_id(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = unverifiedFields)]
    pub fn unverified_fields(this: &SignUp) -> Option<Array<JsString>>;
    #[wasm_bindgen(method, getter, js_name = missingFields)]
    pub fn missing_fields(this: &SignUp) -> Option<Array<JsString>>;
    #[wasm_bindgen(method, getter, js_name = firstName)]
    pub fn first_name(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = lastName)]
    pub fn last_name(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn username(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = emailAddress)]
    pub fn email_address(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = phoneNumber)]
    pub fn phone_number(this: &SignUp) -> Option<String>;
    #[wasm_bindgen(method, catch)]
    pub fn create(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = prepareEmailAddressVerification)]
    pub fn prepare_email_address_verification(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = attemptEmailAddressVerification)]
    pub fn attempt_email_address_verification(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = authenticateWithRedirect)]
    pub fn authenticate_with_redirect(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = prepareVerification)]
    pub fn prepare_verification(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(method, catch, js_name = attemptVerification)]
    pub fn attempt_verification(this: &SignUp, params: &Object) -> Result<Promise, JsValue>;

    /// `clerk.environment`: each section has camelCase top-level keys; what is inside them
    /// keeps the Frontend API's snake_case (`userSettings.attributes.email_address.enabled`).
    pub type Environment;
    #[wasm_bindgen(method, getter, js_name = authConfig)]
    pub fn auth_config(this: &Environment) -> Option<AuthConfig>;
    #[wasm_bindgen(method, getter, js_name = displayConfig)]
    pub fn display_config(this: &Environment) -> Option<DisplayConfig>;
    #[wasm_bindgen(method, getter, js_name = userSettings)]
    pub fn user_settings(this: &Environment) -> Option<UserSettings>;

    pub type AuthConfig;
    #[wasm_bindgen(method, getter, js_name = singleSessionMode)]
    pub fn single_session_mode(this: &AuthConfig) -> Option<bool>;

    pub type DisplayConfig;
    #[wasm_bindgen(method, getter, js_name = applicationName)]
    pub fn application_name(this: &DisplayConfig) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = signInUrl)]
    pub fn sign_in_url(this: &DisplayConfig) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = signUpUrl)]
    pub fn sign_up_url(this: &DisplayConfig) -> Option<String>;

    pub type UserSettings;
    #[wasm_bindgen(method, getter)]
    pub fn attributes(this: &UserSettings) -> Option<Attributes>;
    /// `{oauth_google: Provider, …}`.
    #[wasm_bindgen(method, getter)]
    pub fn social(this: &UserSettings) -> Option<Object>;

    /// `userSettings.attributes`: one [`Attribute`] per name (`email_address`, `password`, …).
    pub type Attributes;
    #[wasm_bindgen(method, structural, indexing_getter)]
    pub fn get(this: &Attributes, name: &str) -> Option<Attribute>;

    pub type Attribute;
    #[wasm_bindgen(method, getter)]
    pub fn enabled(this: &Attribute) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    pub fn required(this: &Attribute) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    pub fn used_for_first_factor(this: &Attribute) -> Option<bool>;

    /// One entry of `userSettings.social`.
    pub type Provider;
    #[wasm_bindgen(method, getter)]
    pub fn enabled(this: &Provider) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    pub fn authenticatable(this: &Provider) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    pub fn strategy(this: &Provider) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn name(this: &Provider) -> Option<String>;

    /// What a method of the SDK rejects with: a `ClerkAPIResponseError` (`clerkError: true`, a
    /// numeric `status`, `errors`) or another `Error`.
    pub type Thrown;
    #[wasm_bindgen(method, getter, js_name = clerkError)]
    pub fn clerk_error(this: &Thrown) -> Option<bool>;
    #[wasm_bindgen(method, getter)]
    pub fn status(this: &Thrown) -> Option<f64>;
    #[wasm_bindgen(method, getter)]
    pub fn errors(this: &Thrown) -> Option<Array<ApiError>>;

    /// One entry of `ClerkAPIResponseError.errors`.
    pub type ApiError;
    #[wasm_bindgen(method, getter)]
    pub fn message(this: &ApiError) -> Option<String>;
    #[wasm_bindgen(method, getter, js_name = longMessage)]
    pub fn long_message(this: &ApiError) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    pub fn meta(this: &ApiError) -> Option<Meta>;

    pub type Meta;
    #[wasm_bindgen(method, getter, js_name = paramName)]
    pub fn param_name(this: &Meta) -> Option<String>;

    /// The props a page passes to `mountSignIn` / `mountSignUp` (ClerkJS's names).
    pub type Props;
    #[wasm_bindgen(method, getter, js_name = forceRedirectUrl)]
    pub fn force_redirect_url(this: &Props) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = fallbackRedirectUrl)]
    pub fn fallback_redirect_url(this: &Props) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = signInUrl)]
    pub fn sign_in_url(this: &Props) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = signUpUrl)]
    pub fn sign_up_url(this: &Props) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = initialValues)]
    pub fn initial_values(this: &Props) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = unsafeMetadata)]
    pub fn unsafe_metadata(this: &Props) -> JsValue;
    /// `{variables, elements}` (`appearance.rs`).
    #[wasm_bindgen(method, getter)]
    pub fn appearance(this: &Props) -> JsValue;

    /// `props.initialValues`.
    pub type InitialValues;
    #[wasm_bindgen(method, getter, js_name = emailAddress)]
    pub fn email_address(this: &InitialValues) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = phoneNumber)]
    pub fn phone_number(this: &InitialValues) -> JsValue;
    #[wasm_bindgen(method, getter)]
    pub fn username(this: &InitialValues) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = firstName)]
    pub fn first_name(this: &InitialValues) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = lastName)]
    pub fn last_name(this: &InitialValues) -> JsValue;
}

/// A value a page passed, if it is a non-empty string.
pub fn text(v: JsValue) -> Option<String> {
    v.as_string().filter(|s| !s.is_empty())
}

/// `obj[a][b]…` as a string, where every step may be missing.
pub fn path_text(obj: &JsValue, path: &[&str]) -> Option<String> {
    let mut v = obj.clone();
    for key in path {
        v = js_sys::Reflect::get(&v, &JsValue::from_str(key)).ok().filter(|x| !x.is_undefined() && !x.is_null())?;
    }
    text(v)
}

/// `value` as `T` when it is an object (props and their parts may be anything); else an empty
/// object as `T`, whose getters all read `undefined`.
pub fn object_as<T: JsCast>(value: JsValue) -> T {
    if value.is_object() {
        value.unchecked_into()
    } else {
        Object::new().unchecked_into()
    }
}

/// A parameter object for an SDK method: `{key: value, …}`. Keys are the SDK's parameter
/// names (`identifier`, `strategy`, …); writing them needs no reading back.
pub fn params(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        set(&o, k, &JsValue::from_str(v));
    }
    o
}

/// `o[key] = value` on a parameter object this module made (which cannot refuse it).
pub fn set(o: &Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), value);
}
