//! The SDK as the components see it: typed bindings to the public JavaScript API a page uses
//! (`clerk.client.signIn.create(…)`, `clerk.setActive(…)`, `clerk.environment`, …), and to the
//! errors it rejects with. Nothing of the SDK's Rust crosses into this module; each binding is
//! one property read or method call on the object the page itself holds.
//!
//! Getters of SDK objects return `Option<String>` / `Option<bool>`: the SDK fills those
//! properties with a string (or boolean) or `null`. Props come from the page, which may pass
//! anything, so their getters return the raw value and [`text`] keeps only non-empty strings.
//! Methods are bound with `catch`: one that throws instead of rejecting becomes an `Err`, never
//! an exception through the WebAssembly frames. What only the sign-in and sign-up cards use
//! (the `SignIn` / `SignUp` resources, `displayConfig`, their props, the errors) they read and
//! call reflectively ([`get`], [`call`]): a typed binding per property measured more.

use js_sys::{Function, Object, Promise, Reflect};
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

    /// `clerk.client`.
    pub type Client;

    /// `clerk.environment`: each section has camelCase top-level keys; what is inside them
    /// keeps the Frontend API's snake_case (`userSettings.attributes.email_address.enabled`).
    pub type Environment;
    #[wasm_bindgen(method, getter, js_name = authConfig)]
    pub fn auth_config(this: &Environment) -> Option<AuthConfig>;
    #[wasm_bindgen(method, getter, js_name = userSettings)]
    pub fn user_settings(this: &Environment) -> Option<UserSettings>;

    pub type AuthConfig;
    #[wasm_bindgen(method, getter, js_name = singleSessionMode)]
    pub fn single_session_mode(this: &AuthConfig) -> Option<bool>;

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

    /// The props a page passes to `mountSignIn` / `mountSignUp` (ClerkJS's names; the sign-in
    /// and sign-up cards read theirs with [`get`]).
    pub type Props;
    #[wasm_bindgen(method, getter, js_name = signInUrl)]
    pub fn sign_in_url(this: &Props) -> JsValue;
    /// `{variables, elements}` (`appearance.rs`).
    #[wasm_bindgen(method, getter)]
    pub fn appearance(this: &Props) -> JsValue;
}

/// A value a page passed, if it is a non-empty string.
pub fn text(v: JsValue) -> Option<String> {
    v.as_string().filter(|s| !s.is_empty())
}

/// `obj[key]`: `undefined` when `obj` has no such property or is no object. With [`call`], how
/// the components read what only they use of the SDK's objects: one reflective read per use
/// costs less than a typed binding per property (each brings its JavaScript glue).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or_default()
}

/// `obj[key]` if it is a non-empty string.
pub fn get_text(obj: &JsValue, key: &str) -> Option<String> {
    text(get(obj, key))
}

/// `obj[a][b]…`, `undefined` where a step is missing.
pub fn path(obj: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(obj.clone(), |v, key| get(&v, key))
}

/// `obj[a][b]…` as a string, where every step may be missing.
pub fn path_text(obj: &JsValue, keys: &[&str]) -> Option<String> {
    text(path(obj, keys))
}

/// `target[method](arg)`: a method of the SDK's public API (`signIn.create`, `clerk.setActive`,
/// …). What it throws, or its not being a method, is an `Err`.
pub fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    match get(target, method).dyn_into::<Function>() {
        Ok(f) => f.call1(target, arg),
        Err(_) => Err(js_sys::Error::new(&["clerk-wasm: ", method, " is not a method of its target"].concat()).into()),
    }
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
    let _ = Reflect::set(o, &JsValue::from_str(key), value);
}
