//! `Session`: a session of the client, with its user and its session token.

use super::{user, Base, Field, Kind, Shape};
use crate::core::Core;
use crate::fapi::form::Form;
use crate::fapi::Method;
use crate::js;
use crate::params::{read, Options};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A session of the client.
#[wasm_bindgen]
pub struct Session {
    base: Base,
}

pub static SHAPE: Shape = Shape {
    fields: &[
        Field("id", "id", Kind::Str),
        Field("status", "status", Kind::Str),
        Field("expireAt", "expire_at", Kind::Date),
        Field("abandonAt", "abandon_at", Kind::Date),
        Field("lastActiveAt", "last_active_at", Kind::Date),
        Field("lastActiveOrganizationId", "last_active_organization_id", Kind::OptStr),
        Field("actor", "actor", Kind::Raw),
        Field("user", "user", Kind::One(user::build)),
        Field("publicUserData", "public_user_data", Kind::Camel),
        Field("factorVerificationAge", "factor_verification_age", Kind::Raw),
        Field("latestActivity", "latest_activity", Kind::Camel),
        Field("createdAt", "created_at", Kind::Date),
        Field("updatedAt", "updated_at", Kind::Date),
    ],
    derived: &[],
    derive: None,
};

pub fn build(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| Session { base })
}

/// A session of the user on any device, as `user.getSessions()` lists them: with its
/// `latestActivity` (`browserName`, `browserVersion`, `deviceType`, `isMobile`, `ipAddress`,
/// `city`, `country`) and `revoke()`.
#[wasm_bindgen]
pub struct SessionWithActivities {
    base: Base,
}

pub fn build_with_activities(core: &Rc<Core>, raw: &JsValue) -> JsValue {
    Base::make(core, raw, &SHAPE, |base| SessionWithActivities { base })
}

#[wasm_bindgen]
impl SessionWithActivities {
    /// Ends that session, wherever it is (`POST /v1/me/sessions/{id}/revoke`).
    #[wasm_bindgen(unchecked_return_type = "Promise<SessionWithActivities>")]
    pub fn revoke(&self) -> js_sys::Promise {
        self.base.act("/me/sessions", Method::Post, Some("revoke"), Ok(Form::new()))
    }
}

/// Whether a session's wire status counts as signed in (`active` or `pending`, as ClerkJS's
/// `signedInSessions`).
pub fn is_signed_in(raw: &JsValue) -> bool {
    matches!(js::string(raw, "status").as_deref(), Some("active") | Some("pending"))
}

impl Session {
    /// `POST /client/sessions/{id}/<action>`, refilling this session from the answer.
    fn act(&self, action: &'static str, form: Form) -> js_sys::Promise {
        self.base.act("/client/sessions", Method::Post, Some(action), Ok(form))
    }
}

#[wasm_bindgen]
impl Session {
    /// A session token (JWT) for your backend — or, with `{template}`, a token of that JWT
    /// template: cached until shortly before it expires, then fetched anew (concurrent calls
    /// share one request; `{skipCache: true}` always sends one); `null` when the session is not
    /// signed in. A session token also goes to the `__session` cookie.
    #[wasm_bindgen(js_name = getToken, unchecked_return_type = "Promise<string | null>")]
    pub fn get_token(&self, #[wasm_bindgen(unchecked_optional_param_type = "GetTokenOptions")] options: JsValue) -> js_sys::Promise {
        let options = read::<Options>(&options);
        let (core, id) = (self.base.core.clone(), self.base.str("id"));
        crate::promise(async move {
            let Options { template, skip_cache, .. } = options?;
            let template = template.filter(|t| !t.is_empty());
            let token = core.get_token(&id, template.as_deref(), skip_cache.unwrap_or(false)).await?;
            Ok(token.map(|t| JsValue::from_str(&t)).unwrap_or(JsValue::NULL))
        })
    }

    /// Marks the session as in use (`POST …/touch`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Session>")]
    pub fn touch(&self) -> js_sys::Promise {
        self.act("touch", Form::new().push("active_organization_id", ""))
    }

    /// Ends the session (`POST …/end`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Session>")]
    pub fn end(&self) -> js_sys::Promise {
        self.act("end", Form::new())
    }

    /// Removes the session from this client (`POST …/remove`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Session>")]
    pub fn remove(&self) -> js_sys::Promise {
        self.act("remove", Form::new())
    }
}
