//! The resource classes JavaScript sees (`Client`, `Session`, `User`, `EmailAddress`, …) and the
//! machinery they share.
//!
//! Each resource is two things defined in its own file: a wire struct (`UserJson`) that serde
//! fills from Clerk's snake_case JSON — unknown keys ignored, missing ones defaulted, so every
//! payload ClerkJS accepts is accepted here — and an exported class (`User`) holding that struct
//! behind `Rc` plus a handle to the shared [`Core`](crate::core::Core). The [`resource!`] macro
//! writes both from one field list, with a camelCase getter per field, so a field is named once.
//! Nested values (lists of resources, derived values like `fullName`) get hand-written getters.
//!
//! A resource's own mutation (`emailAddress.prepareVerification()`) replaces the struct inside
//! its `RefCell` with the server's answer once the request is done — the object JavaScript holds
//! updates in place, as in ClerkJS — and never keeps a borrow across an `.await`.

pub mod client;
pub mod email_address;
pub mod environment;
pub mod external_account;
pub mod phone_number;
pub mod session;
pub mod sign_in;
pub mod user;
pub mod verification;
pub mod web3_wallet;

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use wasm_bindgen::JsValue;

/// Deserializes `null` as the type's default (ClerkJS's `|| []`, `|| false`).
pub fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A JSON value as a plain JS value (objects, arrays, numbers, strings, booleans, null).
pub fn json_to_js(v: &Value) -> JsValue {
    match v {
        Value::Null => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(n.as_f64().unwrap_or(0.0)),
        Value::String(s) => JsValue::from_str(s),
        _ => js_sys::JSON::parse(&v.to_string()).unwrap_or(JsValue::NULL),
    }
}

/// `Some(s)` → the string, `None` → `null` (ClerkJS's `|| null`).
pub fn opt_str(s: Option<&str>) -> JsValue {
    s.map(JsValue::from_str).unwrap_or(JsValue::NULL)
}

/// Unix milliseconds → `Date`.
pub fn date(ms: i64) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(ms as f64))
}

/// Unix milliseconds or nothing → `Date` or `null`.
pub fn opt_date(ms: Option<i64>) -> JsValue {
    ms.filter(|m| *m != 0).map(|m| date(m).into()).unwrap_or(JsValue::NULL)
}

/// A JSON object field (metadata) as a JS object; a missing one is `{}`.
pub fn object(v: &Option<Value>) -> JsValue {
    match v {
        Some(v @ Value::Object(_)) => json_to_js(v),
        _ => js_sys::Object::new().into(),
    }
}

/// A list of resources as a JS array.
pub fn array<T: Into<JsValue>>(items: impl IntoIterator<Item = T>) -> js_sys::Array {
    items.into_iter().map(Into::into).collect()
}

/// Declares a resource's wire struct and its exported class's field getters from one list.
///
/// ```ignore
/// resource! {
///     EmailAddress(EmailAddressJson) {
///         /// The address itself.
///         emailAddress: email_address str,
///     }
///     hidden { verification: Option<VerificationJson>, }
/// }
/// ```
///
/// Kinds: `str` (string, `""` when missing), `opt_str` (string or `null`), `bool` (`false` when
/// missing), `date` (a `Date`; now when missing, as ClerkJS), `opt_date` (`Date` or `null`),
/// `opt_num` (number or `null`), `object` (a JSON object, `{}` when missing). `hidden` fields are
/// decoded but get hand-written getters (or none).
macro_rules! resource {
    (
        $class:ident($json:ident) {
            $( $(#[$fdoc:meta])* $js:ident: $field:ident $kind:ident, )*
        }
        hidden { $( $(#[$hmeta:meta])* $hfield:ident: $hty:ty, )* }
    ) => {
        #[derive(Debug, Clone, Default, serde::Deserialize)]
        #[serde(default)]
        pub struct $json {
            $( pub $field: $crate::resources::wire_ty!($kind), )*
            $( $(#[$hmeta])* pub $hfield: $hty, )*
        }

        $( $crate::resources::getter!($class, $(#[$fdoc])* $js, $field, $kind); )*

        impl $class {
            /// The getter fields as a plain object, for `toJSON`.
            #[allow(dead_code)]
            pub(crate) fn fields_object(&self) -> js_sys::Object {
                let o = js_sys::Object::new();
                $( $crate::resources::set(&o, stringify!($js), &wasm_bindgen::JsValue::from(self.$field())); )*
                o
            }
        }
    };
}

/// The wire type of a field kind.
macro_rules! wire_ty {
    (str) => { Option<String> };
    (opt_str) => { Option<String> };
    (bool) => { Option<bool> };
    (date) => { Option<i64> };
    (opt_date) => { Option<i64> };
    (opt_num) => { Option<f64> };
    (object) => { Option<serde_json::Value> };
}

/// One exported getter (each in its own `#[wasm_bindgen] impl`, since `wasm_bindgen` does not
/// see getters produced by macros inside its own impl block).
macro_rules! getter {
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, str) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js)]
            pub fn $field(&self) -> String { self.data().$field.clone().unwrap_or_default() }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, opt_str) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js, unchecked_return_type = "string | null")]
            pub fn $field(&self) -> wasm_bindgen::JsValue { $crate::resources::opt_str(self.data().$field.as_deref()) }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, bool) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js)]
            pub fn $field(&self) -> bool { self.data().$field.unwrap_or(false) }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, date) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js)]
            pub fn $field(&self) -> js_sys::Date {
                match self.data().$field.filter(|m| *m != 0) {
                    Some(ms) => $crate::resources::date(ms),
                    None => js_sys::Date::new_0(),
                }
            }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, opt_date) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js, unchecked_return_type = "Date | null")]
            pub fn $field(&self) -> wasm_bindgen::JsValue { $crate::resources::opt_date(self.data().$field) }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, opt_num) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js, unchecked_return_type = "number | null")]
            pub fn $field(&self) -> wasm_bindgen::JsValue {
                self.data().$field.map(wasm_bindgen::JsValue::from_f64).unwrap_or(wasm_bindgen::JsValue::NULL)
            }
        }
    };
    ($class:ident, $(#[$doc:meta])* $js:ident, $field:ident, object) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            $(#[$doc])*
            #[wasm_bindgen(getter = $js, unchecked_return_type = "Record<string, unknown>")]
            pub fn $field(&self) -> wasm_bindgen::JsValue { $crate::resources::object(&self.data().$field) }
        }
    };
}

pub(crate) use {getter, resource, wire_ty};

/// Sets a property on a plain object built by the SDK (cannot fail on such objects).
pub fn set(o: &js_sys::Object, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), value);
}

/// An object's top-level keys in camelCase (`safe_identifier` → `safeIdentifier`); values unchanged.
pub fn camel_keys(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (crate::error::camel_case(k), v.clone())).collect()),
        other => other.clone(),
    }
}

/// Decodes a JS parameter object (camelCase keys) into `T`; `undefined` or `null` gives `T::default()`.
pub fn params<T: serde::de::DeserializeOwned + Default>(value: JsValue) -> Result<T, crate::error::Error> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value).map_err(|e| crate::error::Error::usage(format!("Invalid parameters: {e}")))
}

/// Encodes a JS parameter object as a form, the way ClerkJS does (see `fapi::form`).
pub fn js_form(params: &JsValue) -> Result<crate::fapi::form::Form, crate::error::Error> {
    use crate::fapi::form::{Form, FormValue};
    use wasm_bindgen::JsCast;
    if params.is_undefined() || params.is_null() {
        return Ok(Form::new());
    }
    let Some(obj) = params.dyn_ref::<js_sys::Object>() else {
        return Err(crate::error::Error::usage("Parameters must be an object"));
    };
    fn value(v: &JsValue) -> Option<FormValue> {
        if v.is_undefined() {
            None
        } else if v.is_null() {
            Some(FormValue::Null)
        } else if let Some(s) = v.as_string() {
            Some(FormValue::Str(s))
        } else if let Some(b) = v.as_bool() {
            Some(FormValue::Bool(b))
        } else if let Some(n) = v.as_f64() {
            Some(FormValue::Num(n))
        } else if let Some(a) = v.dyn_ref::<js_sys::Array>() {
            Some(FormValue::List(a.iter().filter_map(|i| value(&i)).collect()))
        } else {
            js_sys::JSON::stringify(v).ok().and_then(|s| s.as_string()).map(FormValue::Json)
        }
    }
    let mut form = Form::new();
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        if let Some(v) = value(&pair.get(1)) {
            form = form.push_js(&key, v);
        }
    }
    Ok(form)
}
