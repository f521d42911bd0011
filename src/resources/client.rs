//! `Client`: this browser as the Frontend API knows it — its sessions and its current sign-in.

use super::session::{Session, SessionJson};
use super::sign_in::{SignIn, SignInJson};
use super::{array, resource};
use crate::core::Core;
use crate::error::Error;
use crate::fapi::Request;
use serde_json::Value;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The client (one per browser).
#[wasm_bindgen]
pub struct Client {
    data: Rc<ClientJson>,
    core: Rc<Core>,
}

impl Client {
    pub(crate) fn new(core: Rc<Core>, data: Rc<ClientJson>) -> Client {
        Client { data, core }
    }

    fn data(&self) -> Rc<ClientJson> {
        self.data.clone()
    }
}

impl ClientJson {
    /// Sessions whose status is `active` or `pending`.
    pub fn signed_in_sessions(&self) -> impl Iterator<Item = &Rc<SessionJson>> {
        self.sessions.iter().filter(|s| s.is_signed_in())
    }
}

resource! {
    Client(ClientJson) {
        /// The client id (`client_…`).
        id: id str,
        lastActiveSessionId: last_active_session_id opt_str,
        cookieExpiresAt: cookie_expires_at opt_date,
        createdAt: created_at opt_date,
        updatedAt: updated_at opt_date,
    }
    hidden {
        #[serde(deserialize_with = "super::null_as_default")]
        sessions: Vec<Rc<SessionJson>>,
        sign_in: Option<Rc<SignInJson>>,
        sign_up: Option<Value>,
    }
}

#[wasm_bindgen]
impl Client {
    /// Every session of the client.
    #[wasm_bindgen(getter, unchecked_return_type = "Session[]")]
    pub fn sessions(&self) -> js_sys::Array {
        array(self.data.sessions.iter().map(|s| Session::new(self.core.clone(), s.clone())))
    }

    /// The sessions that are signed in (`active` or `pending`).
    #[wasm_bindgen(getter = signedInSessions, unchecked_return_type = "Session[]")]
    pub fn signed_in_sessions(&self) -> js_sys::Array {
        array(self.data.signed_in_sessions().map(|s| Session::new(self.core.clone(), s.clone())))
    }

    /// The current sign-in attempt, or a new one to start (`signIn.create(…)`).
    #[wasm_bindgen(getter = signIn)]
    pub fn sign_in(&self) -> SignIn {
        SignIn::new(self.core.clone(), self.data.sign_in.clone().unwrap_or_default())
    }

    /// Whether the client has no id yet (the browser never talked to the Frontend API).
    #[wasm_bindgen(js_name = isNew)]
    pub fn is_new(&self) -> bool {
        self.data.id.as_deref().unwrap_or("").is_empty()
    }

    /// Signs out of every session and keeps the client (`DELETE /v1/client/sessions`).
    #[wasm_bindgen(js_name = removeSessions)]
    pub async fn remove_sessions(&self) -> Result<(), Error> {
        self.core.request::<Value>(&Request::delete("/client/sessions")).await?;
        Ok(())
    }

    /// Ends every session and forgets the client (`DELETE /v1/client`).
    pub async fn destroy(&self) -> Result<(), Error> {
        self.core.send(&Request::delete("/client")).await?;
        self.core.apply_client(Some(ClientJson::default()));
        self.core.emit();
        Ok(())
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        let sessions: js_sys::Array = self.data.sessions.iter().map(|s| JsValue::from(Session::new(self.core.clone(), s.clone()).to_json())).collect();
        super::set(&o, "sessions", &sessions);
        super::set(&o, "signIn", &self.sign_in().to_json());
        o
    }
}
