//! `Client`: this browser as the Frontend API knows it — its sessions and its current sign-in.

use super::{session, sign_in, sign_up, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::Request;
use crate::js;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The client (one per browser).
#[wasm_bindgen]
pub struct Client {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("sessions", "sessions", Kind::Many(session::build)),
        Field("lastActiveSessionId", "last_active_session_id", Kind::OptStr),
        Field("cookieExpiresAt", "cookie_expires_at", Kind::OptDate),
        Field("createdAt", "created_at", Kind::OptDate),
        Field("updatedAt", "updated_at", Kind::OptDate),
    ],
    derived: &["signedInSessions", "signIn", "signUp"],
    derive: Some(derive),
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Client { base })
}

/// `signedInSessions` (the `active` and `pending` ones), and `signIn` / `signUp`, each a fresh
/// attempt to `create` when the client has none (as in ClerkJS).
fn derive(core: &Rc<Core>, client: &JsValue, raw: &JsValue) {
    let signed_in: js_sys::Array = js::items(client, "sessions")
        .into_iter()
        .filter(|s| matches!(js::string(s, "status").as_deref(), Some("active") | Some("pending")))
        .collect();
    js::set(client, "signedInSessions", &signed_in);
    let attempt = |key: &str| {
        let raw = js::get(raw, key);
        if raw.is_object() {
            raw
        } else {
            js::object()
        }
    };
    js::set(client, "signIn", &sign_in::build(core, &attempt("sign_in")));
    js::set(client, "signUp", &sign_up::build(core, &attempt("sign_up")));
}

#[wasm_bindgen]
impl Client {
    /// Whether the client has no id yet (the browser has not talked to the Frontend API).
    #[wasm_bindgen(js_name = isNew)]
    pub fn is_new(&self) -> bool {
        self.base.str("id").is_empty()
    }

    /// Signs out of every session and keeps the client (`DELETE /v1/client/sessions`).
    #[wasm_bindgen(js_name = removeSessions, unchecked_return_type = "Promise<void>")]
    pub fn remove_sessions(&self) -> js_sys::Promise {
        let core = self.base.core.clone();
        crate::promise(async move {
            core.request(&Request::delete("/client/sessions")).await?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Ends every session and forgets the client (`DELETE /v1/client`).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn destroy(&self) -> js_sys::Promise {
        let core = self.base.core.clone();
        crate::promise(async move {
            core.send(&Request::delete("/client")).await?;
            core.apply_client(Some(js::object()));
            core.emit();
            Ok(JsValue::UNDEFINED)
        })
    }
}
