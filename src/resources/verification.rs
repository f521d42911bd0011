//! `Verification`: the state of proving an identification (a code, a link, an OAuth round trip,
//! a signature). Read-only; it is refreshed with the resource that owns it.

use super::{opt_str, resource};
use crate::error::{js_errors, ApiError};
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The verification of an email address, phone number, web3 wallet, external account or sign-in factor.
#[wasm_bindgen]
pub struct Verification {
    data: Rc<VerificationJson>,
}

impl Verification {
    pub(crate) fn new(data: Rc<VerificationJson>) -> Verification {
        Verification { data }
    }

    fn data(&self) -> Rc<VerificationJson> {
        self.data.clone()
    }

    /// A verification object, or an empty one where the JSON has `null` (ClerkJS always builds one).
    pub(crate) fn of(v: &Option<Rc<VerificationJson>>) -> Verification {
        Verification::new(v.clone().unwrap_or_default())
    }
}

resource! {
    Verification(VerificationJson) {
        /// `unverified`, `verified`, `transferable`, `failed` or `expired`; `null` when there is none.
        status: status opt_str,
        /// How it is verified, e.g. `email_code`, `phone_code`, `oauth_google`, `web3_metamask_signature`.
        strategy: strategy opt_str,
        /// For web3 and passkeys: the nonce to sign.
        nonce: nonce opt_str,
        /// For web3: the message to sign.
        message: message opt_str,
        /// How many attempts were made.
        attempts: attempts opt_num,
        /// When the verification expires.
        expireAt: expire_at opt_date,
        /// The client that completed the verification.
        verifiedAtClient: verified_at_client opt_str,
        /// The channel a phone code was sent on (`sms`, `whatsapp`).
        channel: channel opt_str,
    }
    hidden {
        external_verification_redirect_url: Option<String>,
        error: Option<Value>,
    }
}

#[wasm_bindgen]
impl Verification {
    /// Where to send the browser to verify (the OAuth provider's page), as a `URL`; `null` if none.
    #[wasm_bindgen(getter = externalVerificationRedirectURL, unchecked_return_type = "URL | null")]
    pub fn external_verification_redirect_url(&self) -> JsValue {
        match self.data.external_verification_redirect_url.as_deref().map(web_sys::Url::new) {
            Some(Ok(url)) => url.into(),
            _ => JsValue::NULL,
        }
    }

    /// Why the verification failed: `{code, message, longMessage, meta}`, or `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "ClerkAPIError | null")]
    pub fn error(&self) -> JsValue {
        let Some(err) = self.data.error.clone().filter(|e| !e.is_null()) else { return JsValue::NULL };
        match serde_json::from_value::<ApiError>(err) {
            Ok(e) => match js_errors(&[e]) {
                Value::Array(mut v) if !v.is_empty() => super::json_to_js(&v.remove(0)),
                _ => JsValue::NULL,
            },
            Err(_) => JsValue::NULL,
        }
    }

    /// A plain-object copy, for `JSON.stringify`.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        super::set(&o, "externalVerificationRedirectURL", &opt_str(self.data.external_verification_redirect_url.as_deref()));
        super::set(&o, "error", &self.error());
        o
    }
}
