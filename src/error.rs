//! The SDK's one error type, and its single conversion into the JavaScript error ClerkJS throws.
//!
//! Inside the crate every failure is an [`Error`]. At the export edge it becomes a real JS `Error`
//! shaped like ClerkJS's `ClerkAPIResponseError` (`packages/shared/src/errors/clerkApiResponseError.ts`):
//! `name`, `message` (the first error's `long_message`, else the status text), `status`,
//! `clerkError: true`, `code: "api_response_error"`, `clerkTraceId`, `retryAfter`, and `errors` — an
//! array of `{code, message, longMessage, meta}` with `meta`'s keys in camelCase (`paramName`).
//! Failures that are not answers of the Frontend API (network, bad input to a method) become a
//! `ClerkRuntimeError` with a `code` of their own and an empty `errors` array.

use crate::js;
use serde::Deserialize;
use wasm_bindgen::{JsCast, JsValue};

/// One entry of a Frontend API error body (`ClerkAPIError` in ClerkJS).
#[derive(Debug, Clone)]
pub struct ApiError {
    pub code: String,
    pub message: String,
    pub long_message: String,
    /// `meta.param_name`: the form field the error is about.
    pub param_name: Option<String>,
    /// The whole of `meta` as the server sent it (snake_case), or `undefined`.
    pub meta: JsValue,
}

/// An error body as the Frontend API sends it: `{errors: [...], clerk_trace_id}`.
#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    errors: Vec<WireError>,
    clerk_trace_id: Option<String>,
}

/// One entry of `errors` (also a verification's `error`).
#[derive(Deserialize, Default)]
struct WireError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    long_message: String,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    meta: JsValue,
}

/// The part of `meta` the SDK reads; the rest is handed to JavaScript as it came.
#[derive(Deserialize, Default)]
struct WireMeta {
    param_name: Option<String>,
}

impl From<WireError> for ApiError {
    fn from(e: WireError) -> ApiError {
        let meta: WireMeta =
            if e.meta.is_object() { serde_wasm_bindgen::from_value(e.meta.clone()).unwrap_or_default() } else { WireMeta::default() };
        ApiError { code: e.code, message: e.message, long_message: e.long_message, param_name: meta.param_name, meta: e.meta }
    }
}

impl ApiError {
    /// Reads one Frontend API error object (an entry of `errors`, or a verification's `error`).
    pub fn from_js(e: &JsValue) -> ApiError {
        serde_wasm_bindgen::from_value::<WireError>(e.clone()).unwrap_or_default().into()
    }

    /// `{code, message, longMessage, meta: {paramName, …}}`, as ClerkJS exposes it.
    pub fn to_js(&self) -> JsValue {
        let o = js::object();
        js::set(&o, "code", &JsValue::from_str(&self.code));
        js::set(&o, "message", &JsValue::from_str(&self.message));
        js::set(&o, "longMessage", &JsValue::from_str(&self.long_message));
        let meta = if self.meta.is_object() { js::camel_keys(&self.meta) } else { js::object() };
        if let Some(p) = &self.param_name {
            js::set(&meta, "paramName", &JsValue::from_str(p));
        }
        js::set(&o, "meta", &meta);
        o
    }
}

/// Every way an SDK call can fail.
#[derive(Debug, Clone)]
pub enum Error {
    /// The Frontend API answered with a status of 400 or more (or the SDK refused the input
    /// before sending it, in the same shape).
    Api { status: u16, errors: Vec<ApiError>, trace_id: Option<String>, retry_after: Option<u32> },
    /// The request never got an answer (offline, DNS, CORS refusal, server down).
    Network { url: String, detail: String },
    /// The answer was not what Clerk's protocol says it is.
    Decode(&'static str),
    /// A JavaScript call failed, or JavaScript passed something unusable.
    Js { name: &'static str, message: String },
}

impl Error {
    /// Builds the error for an HTTP answer of `status` with this body text.
    pub fn from_response(status: u16, body: &str, retry_after: Option<u32>) -> Error {
        let parsed = js::parse(body).unwrap_or(JsValue::UNDEFINED);
        let body: ErrorBody = if parsed.is_object() { serde_wasm_bindgen::from_value(parsed).unwrap_or_default() } else { ErrorBody::default() };
        Error::Api {
            status,
            errors: body.errors.into_iter().map(ApiError::from).collect(),
            trace_id: body.clerk_trace_id,
            retry_after: if status == 429 { retry_after } else { None },
        }
    }

    /// A 422 with one form-parameter error, for input the SDK refuses before any request —
    /// the same shape the server would send.
    pub fn invalid_param(code: &str, param: &str, long_message: String) -> Error {
        let message = if code == "form_param_missing" { "is missing" } else { "is invalid" };
        Error::Api {
            status: 422,
            errors: vec![ApiError {
                code: code.into(),
                message: message.into(),
                long_message,
                param_name: Some(param.into()),
                meta: JsValue::UNDEFINED,
            }],
            trace_id: None,
            retry_after: None,
        }
    }

    /// A usage error raised by the SDK itself (bad key, bad argument, wrong state).
    pub fn usage(message: impl Into<String>) -> Error {
        Error::Js { name: "ClerkRuntimeError", message: message.into() }
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
                Some(e) if !e.long_message.is_empty() => e.long_message.clone(),
                Some(e) if !e.message.is_empty() => e.message.clone(),
                _ => ["Request failed with status ", &status.to_string()].concat(),
            },
            Error::Network { url, detail } => ["Network error: the request to ", url, " failed (", detail, ")"].concat(),
            Error::Decode(what) => ["Unexpected response from the Frontend API: ", what].concat(),
            Error::Js { message, .. } => message.clone(),
        }
    }
}

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let err = js_sys::Error::new(&e.message());
        let o: &JsValue = err.as_ref();
        let (name, code) = match &e {
            Error::Api { .. } => ("ClerkAPIResponseError", "api_response_error"),
            Error::Network { .. } => ("ClerkRuntimeError", "network_error"),
            Error::Decode(_) => ("ClerkRuntimeError", "invalid_response"),
            Error::Js { name, .. } => (*name, "runtime_error"),
        };
        err.set_name(name);
        js::set(o, "clerkError", &JsValue::TRUE);
        js::set(o, "code", &JsValue::from_str(code));
        let errors = js_sys::Array::new();
        if let Error::Api { status, errors: list, trace_id, retry_after } = &e {
            js::set(o, "status", &JsValue::from(*status));
            js::set(o, "clerkTraceId", &trace_id.as_deref().map(JsValue::from_str).unwrap_or(JsValue::UNDEFINED));
            js::set(o, "retryAfter", &retry_after.map(JsValue::from).unwrap_or(JsValue::UNDEFINED));
            for a in list {
                errors.push(&a.to_js());
            }
        }
        js::set(o, "errors", &errors);
        err.into()
    }
}

/// Turns whatever JavaScript threw into an [`Error`]; a thrown non-`Error` keeps its `String()` form.
pub fn from_js(value: JsValue) -> Error {
    let message = match value.dyn_ref::<js_sys::Error>() {
        Some(e) => String::from(e.message()),
        None => value.as_string().unwrap_or_else(|| "a JavaScript callback failed".into()),
    };
    Error::Js { name: "Error", message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_side_validation_has_server_shape() {
        let e = Error::invalid_param("form_param_format_invalid", "email_address", "email_address must be a valid email address.".into());
        assert_eq!(e.status(), Some(422));
        assert_eq!(e.code(), Some("form_param_format_invalid"));
        assert_eq!(e.message(), "email_address must be a valid email address.");
    }

    #[test]
    fn messages_fall_back_to_the_status() {
        let e = Error::Api { status: 502, errors: Vec::new(), trace_id: None, retry_after: None };
        assert_eq!(e.message(), "Request failed with status 502");
        let n = Error::Network { url: "http://x/v1/client".into(), detail: "TypeError: Failed to fetch".into() };
        assert!(n.message().contains("http://x/v1/client"));
    }
}
