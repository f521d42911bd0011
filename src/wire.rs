//! Typed views of the Frontend API's JSON: the fields the SDK's own logic reads (which session
//! is current, tokens, the state of an OAuth attempt, the envelope of an answer), read with
//! serde-wasm-bindgen from the object `JSON.parse` made. serde-wasm-bindgen reads only the
//! fields a struct names, so a view of a large client costs a few property reads.
//!
//! The data JavaScript sees is not built from these views: resources copy the wire JSON onto
//! their objects through their `Shape` tables (`resources`), which keeps every field, known or not.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use wasm_bindgen::JsValue;

/// Reads a view of `value`; the view's defaults where `value` does not fit it.
pub fn view<T: DeserializeOwned + Default>(value: &JsValue) -> T {
    if value.is_object() {
        serde_wasm_bindgen::from_value(value.clone()).unwrap_or_default()
    } else {
        T::default()
    }
}

/// An answer `{response, client}` (some carry the client under `meta.client`).
#[derive(Deserialize, Default)]
pub struct Envelope {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub response: JsValue,
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub client: JsValue,
    #[serde(default)]
    pub meta: EnvelopeMeta,
}

#[derive(Deserialize, Default)]
pub struct EnvelopeMeta {
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub client: JsValue,
}

/// The client: its sessions and current attempts.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct Client {
    #[serde(default)]
    pub sessions: Vec<Session>,
    pub last_active_session_id: Option<String>,
    /// Unix milliseconds.
    pub updated_at: Option<f64>,
    pub sign_in: Option<SignIn>,
    pub sign_up: Option<SignUp>,
}

impl Client {
    pub fn read(value: &JsValue) -> Client {
        view(value)
    }

    /// The ids of the signed-in sessions (`active` or `pending`, as ClerkJS's `signedInSessions`).
    pub fn signed_in_ids(&self) -> Vec<String> {
        self.sessions.iter().filter(|s| s.is_signed_in()).map(|s| s.id.clone()).collect()
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

#[derive(Deserialize, Default, Debug, Clone)]
pub struct Session {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub status: String,
    pub last_active_token: Option<Token>,
}

impl Session {
    pub fn is_signed_in(&self) -> bool {
        matches!(self.status.as_str(), "active" | "pending")
    }
}

#[derive(Deserialize, Default, Debug, Clone)]
pub struct Token {
    #[serde(default)]
    pub jwt: String,
}

/// A sign-in attempt.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct SignIn {
    pub id: Option<String>,
    pub status: Option<String>,
    pub created_session_id: Option<String>,
    pub first_factor_verification: Option<Verification>,
}

/// A sign-up attempt.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct SignUp {
    pub id: Option<String>,
    pub status: Option<String>,
    pub created_session_id: Option<String>,
    #[serde(default)]
    pub verifications: SignUpVerifications,
}

#[derive(Deserialize, Default, Debug, Clone)]
pub struct SignUpVerifications {
    pub external_account: Option<Verification>,
}

#[derive(Deserialize, Default, Debug, Clone)]
pub struct Verification {
    pub status: Option<String>,
    pub external_verification_redirect_url: Option<String>,
    /// A Frontend API error object, or `null`.
    #[serde(default, with = "serde_wasm_bindgen::preserve")]
    pub error: JsValue,
}

/// `POST /client/sessions/{id}/tokens`'s answer; `POST /v1/dev_browser`'s.
#[derive(Deserialize, Default)]
pub struct Issued {
    pub jwt: Option<String>,
    pub id: Option<String>,
    pub token: Option<String>,
}
