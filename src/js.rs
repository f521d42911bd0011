//! Reading and writing plain JavaScript objects.
//!
//! Frontend API answers are parsed by the browser (`JSON.parse`) and stay JavaScript objects:
//! a serde stack compiled to WebAssembly measured 129 KB of the first build's 414 KB (see
//! ARCHITECTURE.md), and the budget for the whole SDK is 80 KB gzip. These helpers are the one
//! way the SDK reads such objects; none of them throws.

use wasm_bindgen::{JsCast, JsValue};

/// `o[key]`, or `undefined` when `o` is not an object.
pub fn get(o: &JsValue, key: &str) -> JsValue {
    if !o.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(o, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `o[key]` if it is a string.
pub fn string(o: &JsValue, key: &str) -> Option<String> {
    get(o, key).as_string()
}

/// `o[key]` if it is a non-empty string.
pub fn text(o: &JsValue, key: &str) -> Option<String> {
    string(o, key).filter(|s| !s.is_empty())
}

/// `o[key]` if it is a boolean.
pub fn boolean(o: &JsValue, key: &str) -> Option<bool> {
    get(o, key).as_bool()
}

/// `o[key]` if it is a number.
pub fn number(o: &JsValue, key: &str) -> Option<f64> {
    get(o, key).as_f64()
}

/// `o[key]` if it is an array, else an empty array.
pub fn items(o: &JsValue, key: &str) -> js_sys::Array {
    get(o, key).dyn_into::<js_sys::Array>().unwrap_or_default()
}

/// Sets `o[key] = value` (on objects the SDK made, this cannot fail).
pub fn set(o: &JsValue, key: &str, value: &JsValue) {
    let _ = js_sys::Reflect::set(o, &JsValue::from_str(key), value);
}

/// A new empty object.
pub fn object() -> JsValue {
    js_sys::Object::new().into()
}

/// Parses JSON text; `None` if it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// `param_name` → `paramName`.
pub fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A copy of an object with its top-level keys in camelCase; anything else as is.
pub fn camel_keys(v: &JsValue) -> JsValue {
    let Some(obj) = v.dyn_ref::<js_sys::Object>() else { return v.clone() };
    if js_sys::Array::is_array(v) {
        return v.clone();
    }
    let out = object();
    for entry in js_sys::Object::entries(obj).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        if let Some(k) = pair.get(0).as_string() {
            set(&out, &camel_case(&k), &pair.get(1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn camel_case_keys() {
        assert_eq!(super::camel_case("param_name"), "paramName");
        assert_eq!(super::camel_case("is_plan_upgrade_possible"), "isPlanUpgradePossible");
        assert_eq!(super::camel_case("zxcvbn"), "zxcvbn");
    }
}
