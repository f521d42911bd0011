//! The SDK's one error type, and its single conversion into the JavaScript error ClerkJS throws.
//!
//! Inside the crate every failure is an [`Error`]. At the export edge it becomes a real JS `Error`
//! shaped like ClerkJS's `ClerkAPIResponseError` (`packages/shared/src/errors/clerkApiResponseError.ts`):
//! `name`, `message` (the first error's `long_message`, else the status text), `status`,
//! `clerkError: true`, `code: "api_response_error"`, `clerkTraceId`, `retryAfter`, and `errors` — an
//! array of `{code, message, longMessage, meta}` with `meta`'s keys in camelCase (`paramName`).

use serde::Deserialize;
use serde_json::{Map, Value};
use wasm_bindgen::JsValue;

/// One entry of a Frontend API error body (`ClerkAPIError` in ClerkJS).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ApiError {
    pub code: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub long_message: Option<String>,
    #[serde(default)]
    pub meta: Option<Map<String, Value>>,
}

impl ApiError {
    /// An error of Clerk's form-parameter family, as the server would send it.
    pub fn param(code: &str, param: &str, message: &str, long_message: String) -> ApiError {
        let mut meta = Map::new();
        meta.insert("param_name".into(), Value::String(param.into()));
        ApiError { code: code.into(), message: message.into(), long_message: Some(long_message), meta: Some(meta) }
    }
}

/// Every way an SDK call can fail.
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The Frontend API answered with a status of 400 or more (or the SDK refused the input
    /// before sending it, in the same shape).
    Api { status: u16, errors: Vec<ApiError>, trace_id: Option<String>, retry_after: Option<u32> },
    /// The request never got an answer (offline, DNS, CORS refusal, server down).
    Network { url: String, detail: String },
    /// The answer was not what Clerk's protocol says it is.
    Decode(String),
    /// A JavaScript call failed, or JavaScript passed something unusable.
    Js { name: String, message: String },
}

/// The body of an error answer.
#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<ApiError>,
    #[serde(default)]
    clerk_trace_id: Option<String>,
}

impl Error {
    /// Builds the error for an HTTP answer of `status` with this body text.
    pub fn from_response(status: u16, body: &str, retry_after: Option<u32>) -> Error {
        let parsed: Option<ErrorBody> = serde_json::from_str(body).ok();
        let (errors, trace_id) = parsed.map(|b| (b.errors, b.clerk_trace_id)).unwrap_or_default();
        Error::Api { status, errors, trace_id, retry_after: if status == 429 { retry_after } else { None } }
    }

    /// A 422 with one form-parameter error, for input the SDK refuses before any request.
    pub fn invalid_param(code: &str, param: &str, long_message: String) -> Error {
        let message = if code == "form_param_missing" { "is missing" } else { "is invalid" };
        Error::Api { status: 422, errors: vec![ApiError::param(code, param, message, long_message)], trace_id: None, retry_after: None }
    }

    /// A usage error raised by the SDK itself (bad key, bad argument, wrong state).
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Js { name: "ClerkRuntimeError".into(), message: message.into() }
    }

    /// The first error code of an API error.
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api { errors, .. } => errors.first().map(|e| e.code.as_str()),
            _ => None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The message a JS `Error` carries.
    pub fn message(&self) -> String {
        match self {
            Error::Api { status, errors, .. } => match errors.first() {
                Some(e) => e.long_message.clone().filter(|m| !m.is_empty()).unwrap_or_else(|| e.message.clone()),
                None => format!("Request failed with status {status}"),
            },
            Error::Network { url, detail } => format!("Network error: the request to {url} failed ({detail})"),
            Error::Decode(detail) => format!("Unexpected response from the Frontend API: {detail}"),
            Error::Js { message, .. } => message.clone(),
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Decode(e.to_string())
    }
}

/// `param_name` → `paramName`.
pub fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The `errors` entries as ClerkJS exposes them: camelCase keys, `meta` camelCased one level.
pub fn js_errors(errors: &[ApiError]) -> Value {
    Value::Array(
        errors
            .iter()
            .map(|e| {
                let meta: Map<String, Value> =
                    e.meta.iter().flatten().map(|(k, v)| (camel_case(k), v.clone())).collect();
                serde_json::json!({
                    "code": e.code,
                    "message": e.message,
                    "longMessage": e.long_message,
                    "meta": meta,
                })
            })
            .collect(),
    )
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.message());
        let set = |k: &str, v: &JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&err, &JsValue::from_str(k), v);
        };
        match &e {
            Error::Api { status, errors, trace_id, retry_after } => {
                err.set_name("ClerkAPIResponseError");
                set("status", &JsValue::from(*status));
                set("clerkError", &JsValue::TRUE);
                set("code", &JsValue::from_str("api_response_error"));
                set("clerkTraceId", &trace_id.as_deref().map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED));
                set("retryAfter", &retry_after.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
                set("errors", &crate::resources::json_to_js(&js_errors(errors)));
            }
            Error::Network { .. } => {
                err.set_name("ClerkRuntimeError");
                set("clerkError", &JsValue::TRUE);
                set("code", &JsValue::from_str("network_error"));
                set("errors", &js_sys::Array::new());
            }
            Error::Decode(_) => {
                err.set_name("ClerkRuntimeError");
                set("clerkError", &JsValue::TRUE);
                set("code", &JsValue::from_str("invalid_response"));
                set("errors", &js_sys::Array::new());
            }
            Error::Js { name, .. } => {
                err.set_name(name);
                set("clerkError", &JsValue::TRUE);
                set("errors", &js_sys::Array::new());
            }
        }
        err.into()
    }
}

/// Turns whatever JavaScript threw into an [`Error`]; a thrown non-`Error` keeps its `String()` form.
pub fn from_js(value: JsValue) -> Error {
    use wasm_bindgen::JsCast;
    match value.dyn_ref::<js_sys::Error>() {
        Some(e) => Error::Js { name: String::from(e.name()), message: String::from(e.message()) },
        None => Error::Js { name: "Error".into(), message: js_sys::JSON::stringify(&value).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "unknown JavaScript error".into()) },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_clerks_error_body() {
        let body = r#"{"errors":[{"message":"is invalid","long_message":"email_address must be a valid email address.","code":"form_param_format_invalid","meta":{"param_name":"email_address"}}],"clerk_trace_id":"abc"}"#;
        let e = Error::from_response(422, body, Some(3));
        assert_eq!(e.code(), Some("form_param_format_invalid"));
        assert_eq!(e.message(), "email_address must be a valid email address.");
        match &e {
            Error::Api { trace_id, retry_after, .. } => {
                assert_eq!(trace_id.as_deref(), Some("abc"));
                assert_eq!(*retry_after, None, "retry-after only counts on 429");
            }
            _ => panic!("not an API error"),
        }
        let js = js_errors(match &e {
            Error::Api { errors, .. } => errors,
            _ => unreachable!(),
        });
        assert_eq!(js[0]["longMessage"], "email_address must be a valid email address.");
        assert_eq!(js[0]["meta"]["paramName"], "email_address");
    }

    #[test]
    fn non_json_error_body_keeps_the_status() {
        let e = Error::from_response(502, "<html>bad gateway</html>", None);
        assert_eq!(e.status(), Some(502));
        assert_eq!(e.message(), "Request failed with status 502");
    }

    #[test]
    fn camel_case_keys() {
        assert_eq!(camel_case("param_name"), "paramName");
        assert_eq!(camel_case("is_plan_upgrade_possible"), "isPlanUpgradePossible");
        assert_eq!(camel_case("zxcvbn"), "zxcvbn");
    }

    #[test]
    fn client_side_validation_has_server_shape() {
        let e = Error::invalid_param("form_param_format_invalid", "email_address", "email_address must be a valid email address.".into());
        assert_eq!(e.status(), Some(422));
        assert_eq!(e.code(), Some("form_param_format_invalid"));
    }
}
