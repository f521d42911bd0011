//! `Session`: a signed-in session of the client, with its user and its session token.

use super::user::{User, UserJson};
use super::{resource, set};
use crate::core::Core;
use crate::error::Error;
use crate::fapi::form::Form;
use crate::fapi::url::resource_path;
use crate::fapi::Request;
use serde::Deserialize;
use serde_json::Value;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// `last_active_token`: `{object: "token", jwt}`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct TokenJson {
    pub jwt: Option<String>,
}

/// A session of the client.
#[wasm_bindgen]
pub struct Session {
    data: RefCell<Rc<SessionJson>>,
    core: Rc<Core>,
}

impl Session {
    pub(crate) fn new(core: Rc<Core>, data: Rc<SessionJson>) -> Session {
        Session { data: RefCell::new(data), core }
    }

    pub(crate) fn data(&self) -> Rc<SessionJson> {
        self.data.borrow().clone()
    }

    /// Runs a session action (`touch`, `end`, `remove`) and takes the session the server returns.
    async fn act(&self, action: &str, form: Form) -> Result<Session, Error> {
        let path = resource_path("/client/sessions", &self.id(), Some(action));
        let fresh: SessionJson = self.core.request_some(&Request::post(path, form)).await?;
        let fresh = Rc::new(fresh);
        *self.data.borrow_mut() = fresh.clone();
        Ok(Session::new(self.core.clone(), fresh))
    }
}

impl SessionJson {
    /// `active` and `pending` sessions count as signed in (ClerkJS's `signedInSessions`).
    pub fn is_signed_in(&self) -> bool {
        matches!(self.status.as_deref(), Some("active") | Some("pending"))
    }
}

resource! {
    Session(SessionJson) {
        /// The session id (`sess_…`).
        id: id str,
        /// `active`, `pending`, `ended`, `expired`, `removed`, `replaced`, `revoked` or `abandoned`.
        status: status str,
        expireAt: expire_at date,
        abandonAt: abandon_at date,
        lastActiveAt: last_active_at date,
        /// The active organization, `null` for the personal account.
        lastActiveOrganizationId: last_active_organization_id opt_str,
        createdAt: created_at date,
        updatedAt: updated_at date,
    }
    hidden {
        user: Option<Rc<UserJson>>,
        last_active_token: Option<TokenJson>,
        public_user_data: Option<Value>,
        actor: Option<Value>,
        factor_verification_age: Option<Vec<i64>>,
        latest_activity: Option<Value>,
    }
}

/// Options of `getToken()`.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct GetTokenOptions {
    skip_cache: bool,
    template: Option<String>,
}

#[wasm_bindgen]
impl Session {
    /// The session's user, or `null`.
    #[wasm_bindgen(getter)]
    pub fn user(&self) -> Option<User> {
        self.data().user.clone().map(|u| User::new(self.core.clone(), u))
    }

    /// What may be shown about the user on a shared device: `{firstName, lastName, imageUrl,
    /// hasImage, identifier, userId}`.
    #[wasm_bindgen(getter = publicUserData, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn public_user_data(&self) -> JsValue {
        match &self.data().public_user_data {
            Some(v) => super::json_to_js(&super::camel_keys(v)),
            None => JsValue::NULL,
        }
    }

    /// The impersonator, when an actor token started this session; else `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "Record<string, unknown> | null")]
    pub fn actor(&self) -> JsValue {
        self.data().actor.as_ref().map(super::json_to_js).unwrap_or(JsValue::NULL)
    }

    /// Minutes since the first and second factor were verified (`-1`: never), or `null`.
    #[wasm_bindgen(getter = factorVerificationAge, unchecked_return_type = "[number, number] | null")]
    pub fn factor_verification_age(&self) -> JsValue {
        match &self.data().factor_verification_age {
            Some(ages) => super::array(ages.iter().map(|a| JsValue::from_f64(*a as f64))).into(),
            None => JsValue::NULL,
        }
    }

    /// A session token (JWT) for your backend: cached until shortly before it expires, then
    /// fetched anew; `null` when the session is not signed in. Also writes the `__session` cookie.
    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<string | null>")]
    pub async fn get_token(&self, #[wasm_bindgen(unchecked_param_type = "GetTokenOptions")] options: JsValue) -> Result<JsValue, Error> {
        let opts: GetTokenOptions = super::params(options)?;
        if let Some(t) = opts.template {
            return Err(Error::usage(format!("JWT templates are not supported by clerk-wasm yet (template {t:?})")));
        }
        let token = self.core.get_token(&self.id(), opts.skip_cache).await?;
        Ok(super::opt_str(token.as_deref()))
    }

    /// Marks the session as in use (`POST …/touch`).
    pub async fn touch(&self) -> Result<Session, Error> {
        self.act("touch", Form::new().push("active_organization_id", "")).await
    }

    /// Ends the session (`POST …/end`).
    pub async fn end(&self) -> Result<Session, Error> {
        self.act("end", Form::new()).await
    }

    /// Removes the session from this client (`POST …/remove`).
    pub async fn remove(&self) -> Result<Session, Error> {
        self.act("remove", Form::new()).await
    }

    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> js_sys::Object {
        let o = self.fields_object();
        set(&o, "user", &self.user().map(|u| JsValue::from(u.to_json())).unwrap_or(JsValue::NULL));
        set(&o, "publicUserData", &self.public_user_data());
        o
    }
}
