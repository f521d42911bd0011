//! The state every object of one `Clerk` instance shares: the transport, the environment, the
//! client, which session is current, the session-token cache and the listeners.
//!
//! Resources hold an `Rc<Core>` (context is passed in, never global). All mutable state sits in
//! `RefCell`s that are borrowed briefly and never across an `.await`; listeners are called with
//! no borrow held, so a listener may read `clerk.user` or start another request.
//!
//! Client updates follow ClerkJS's `updateClient` (`core/clerk.ts`): the first client picks the
//! current session (the signed-in one named by `last_active_session_id`, else the first signed-in
//! one); later clients keep the current session if it is still signed in, and drop it otherwise —
//! a newly appearing session becomes current only through `setActive`.

use crate::browser;
use crate::error::Error;
use crate::fapi::dev_browser::{self, DevBrowser};
use crate::fapi::form::Form;
use crate::fapi::{decode, Envelope, Fapi, Request};
use crate::jwt;
use crate::key::{self, InstanceType, PublishableKey};
use crate::resources::client::{Client, ClientJson};
use crate::resources::environment::EnvironmentJson;
use crate::resources::session::{Session, SessionJson};
use crate::resources::user::User;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::JsValue;

/// ClerkJS's load status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Loading,
    Ready,
    Degraded,
    Error,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Loading => "loading",
            Status::Ready => "ready",
            Status::Degraded => "degraded",
            Status::Error => "error",
        }
    }
}

/// Options given to `load()` that later calls consult.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub after_sign_out_url: Option<String>,
}

#[derive(Default)]
struct State {
    status: Option<Status>,
    environment: Option<Rc<EnvironmentJson>>,
    client: Option<Rc<ClientJson>>,
    session_id: Option<String>,
    options: LoadOptions,
    /// The JS objects handed out for `clerk.client`, `clerk.session`, `clerk.user`, kept until the
    /// next change so that `clerk.user === clerk.user`, as in ClerkJS.
    js_client: Option<JsValue>,
    js_session: Option<JsValue>,
    js_user: Option<JsValue>,
}

/// A cached session token.
#[derive(Debug, Clone)]
struct CachedToken {
    session_id: String,
    jwt: String,
    iat: i64,
    exp: i64,
}

/// The answer of the tokens endpoint (not enveloped).
#[derive(Deserialize)]
struct TokenJson {
    jwt: Option<String>,
}

pub struct Core {
    pub key: PublishableKey,
    pub fapi: Fapi,
    cookie_suffix: String,
    state: RefCell<State>,
    listeners: RefCell<Vec<(u32, js_sys::Function)>>,
    next_listener: Cell<u32>,
    tokens: RefCell<Vec<CachedToken>>,
    weak_self: Weak<Core>,
}

/// Seconds before `exp` at which a cached token is no longer handed out (ClerkJS refreshes a
/// little over 15 s before expiry).
const TOKEN_LEEWAY_SECS: i64 = 17;

impl Core {
    pub fn new(key: PublishableKey, base: String) -> Rc<Core> {
        let dev_browser = key::uses_dev_browser(&key).then(|| DevBrowser::new(&key.key));
        let cookie_suffix = dev_browser::cookie_suffix(&key.key);
        Rc::new_cyclic(|weak_self| Core {
            weak_self: weak_self.clone(),
            key,
            fapi: Fapi::new(base, dev_browser),
            cookie_suffix,
            state: RefCell::new(State::default()),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            tokens: RefCell::new(Vec::new()),
        })
    }

    // ---- reading state ---------------------------------------------------------------------

    pub fn status(&self) -> Status {
        self.state.borrow().status.unwrap_or(Status::Loading)
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.status(), Status::Ready | Status::Degraded)
    }

    pub fn client(&self) -> Option<Rc<ClientJson>> {
        self.state.borrow().client.clone()
    }

    pub fn environment(&self) -> Option<Rc<EnvironmentJson>> {
        self.state.borrow().environment.clone()
    }

    pub fn session_id(&self) -> Option<String> {
        self.state.borrow().session_id.clone()
    }

    pub fn options(&self) -> LoadOptions {
        self.state.borrow().options.clone()
    }

    /// The current session's JSON.
    pub fn session(&self) -> Option<Rc<SessionJson>> {
        let st = self.state.borrow();
        let sid = st.session_id.as_deref()?;
        st.client.as_ref()?.sessions.iter().find(|s| s.id.as_deref() == Some(sid)).cloned()
    }

    /// `clerk.client` as a JS object (stable until the next change).
    pub fn js_client(self: &Rc<Self>) -> JsValue {
        if let Some(v) = self.state.borrow().js_client.clone() {
            return v;
        }
        let v: JsValue = match self.client() {
            Some(c) => Client::new(self.clone(), c).into(),
            None => JsValue::NULL,
        };
        self.state.borrow_mut().js_client = Some(v.clone());
        v
    }

    /// `clerk.session` as a JS object.
    pub fn js_session(self: &Rc<Self>) -> JsValue {
        if let Some(v) = self.state.borrow().js_session.clone() {
            return v;
        }
        let v: JsValue = match self.session() {
            Some(s) => Session::new(self.clone(), s).into(),
            None => JsValue::NULL,
        };
        self.state.borrow_mut().js_session = Some(v.clone());
        v
    }

    /// `clerk.user` as a JS object.
    pub fn js_user(self: &Rc<Self>) -> JsValue {
        if let Some(v) = self.state.borrow().js_user.clone() {
            return v;
        }
        let v: JsValue = match self.session().and_then(|s| s.user.clone()) {
            Some(u) => User::new(self.clone(), u).into(),
            None => JsValue::NULL,
        };
        self.state.borrow_mut().js_user = Some(v.clone());
        v
    }

    // ---- requests ---------------------------------------------------------------------------

    /// Sends a request with the current session id; returns the body text.
    pub async fn send(&self, req: &Request) -> Result<String, Error> {
        let sid = self.session_id();
        self.fapi.send(req, sid.as_deref()).await
    }

    /// Sends a request whose answer is `{response, client}`, applies the piggybacked client (as
    /// ClerkJS does for every non-GET and for reloads), tells the listeners, and returns `response`.
    pub async fn request<T: DeserializeOwned>(&self, req: &Request) -> Result<Option<T>, Error> {
        let response = self.request_quiet(req).await?;
        self.emit();
        Ok(response)
    }

    /// Like `request`, without telling the listeners (the caller emits once its change is whole).
    pub async fn request_quiet<T: DeserializeOwned>(&self, req: &Request) -> Result<Option<T>, Error> {
        let body = self.send(req).await?;
        let mut env: Envelope<T, ClientJson> = decode(&body)?;
        if let Some(client) = env.take_client() {
            self.apply_client(Some(client));
        }
        Ok(env.response)
    }

    /// Like `request`, for answers that must carry a response.
    pub async fn request_some<T: DeserializeOwned>(&self, req: &Request) -> Result<T, Error> {
        self.request(req).await?.ok_or_else(|| Error::Decode(format!("{} answered without a response", req.path)))
    }

    // ---- state changes ----------------------------------------------------------------------

    /// Replaces the client, choosing the current session as ClerkJS does (see the module doc).
    /// Does not emit; callers emit once their whole change is applied.
    pub fn apply_client(&self, client: Option<ClientJson>) {
        let client = client.map(Rc::new);
        if let Some(c) = &client {
            for s in &c.sessions {
                if let (Some(sid), Some(jwt)) = (s.id.as_deref(), s.last_active_token.as_ref().and_then(|t| t.jwt.as_deref())) {
                    self.cache_token(sid, jwt);
                }
            }
        }
        {
            let mut st = self.state.borrow_mut();
            let first = st.client.is_none();
            let signed_in = |c: &ClientJson, id: &str| c.signed_in_sessions().any(|s| s.id.as_deref() == Some(id));
            st.session_id = match (&client, first) {
                (None, _) => None,
                (Some(c), true) => c
                    .last_active_session_id
                    .clone()
                    .filter(|id| signed_in(c, id))
                    .or_else(|| c.signed_in_sessions().next().and_then(|s| s.id.clone())),
                (Some(c), false) => st.session_id.clone().filter(|id| signed_in(c, id)),
            };
            st.client = client;
            st.js_client = None;
            st.js_session = None;
            st.js_user = None;
        }
        self.sync_cookies();
    }

    /// Makes `session_id` the current session (it must be a signed-in session of the client).
    pub fn set_session(&self, session_id: Option<String>) {
        {
            let mut st = self.state.borrow_mut();
            st.session_id = session_id;
            st.js_session = None;
            st.js_user = None;
        }
        self.sync_cookies();
    }

    pub fn set_environment(&self, env: EnvironmentJson) {
        self.state.borrow_mut().environment = Some(Rc::new(env));
    }

    pub fn set_status(&self, status: Status) {
        self.state.borrow_mut().status = Some(status);
    }

    pub fn set_options(&self, options: LoadOptions) {
        self.state.borrow_mut().options = options;
    }

    // ---- session tokens ---------------------------------------------------------------------

    fn cache_token(&self, session_id: &str, token: &str) {
        let Some(c) = jwt::claims(token) else { return };
        let mut tokens = self.tokens.borrow_mut();
        match tokens.iter_mut().find(|t| t.session_id == session_id) {
            // Keep the freshest token: an older one arriving late must not replace it.
            Some(t) if t.iat > c.iat => {}
            Some(t) => {
                t.jwt = token.to_string();
                t.iat = c.iat;
                t.exp = c.exp;
            }
            None => tokens.push(CachedToken { session_id: session_id.to_string(), jwt: token.to_string(), iat: c.iat, exp: c.exp }),
        }
    }

    fn cached_token(&self, session_id: &str) -> Option<String> {
        let now = (browser::now_ms() / 1000.0) as i64;
        self.tokens.borrow().iter().find(|t| t.session_id == session_id && t.exp - now > TOKEN_LEEWAY_SECS).map(|t| t.jwt.clone())
    }

    /// A session token for `session_id`: from the cache while it has more than a few seconds
    /// left, else fresh from `POST /client/sessions/{id}/tokens`. `None` when the session is not
    /// signed in.
    pub async fn get_token(&self, session_id: &str, skip_cache: bool) -> Result<Option<String>, Error> {
        let signed_in = self.client().is_some_and(|c| c.signed_in_sessions().any(|s| s.id.as_deref() == Some(session_id)));
        if !signed_in {
            return Ok(None);
        }
        if !skip_cache {
            if let Some(t) = self.cached_token(session_id) {
                return Ok(Some(t));
            }
        }
        let path = crate::fapi::url::resource_path("/client/sessions", session_id, Some("tokens"));
        let mut req = Request::post(path, Form::new().push("organization_id", ""));
        if skip_cache {
            req = req.query("debug", "skip_cache");
        }
        let body = self.send(&req).await?;
        let token: TokenJson = decode(&body)?;
        let jwt = token.jwt.filter(|j| !j.is_empty()).ok_or_else(|| Error::Decode("the token answer has no jwt".into()))?;
        self.cache_token(session_id, &jwt);
        if self.session_id().as_deref() == Some(session_id) {
            self.sync_cookies();
        }
        Ok(Some(jwt))
    }

    /// Writes the cookies ClerkJS writes for the page's server: `__session` (the current
    /// session's token, or removed) and, for development instances served from another host,
    /// `__client_uat` (the client's last update in seconds when signed in, else `0`).
    fn sync_cookies(&self) {
        let session_cookie = format!("__session_{}", self.cookie_suffix);
        let token = self.session_id().and_then(|sid| {
            self.tokens.borrow().iter().find(|t| t.session_id == sid).map(|t| t.jwt.clone())
        });
        match token {
            Some(jwt) => {
                browser::set_cookie("__session", &jwt, browser::YEAR_SECS, "Lax");
                browser::set_cookie(&session_cookie, &jwt, browser::YEAR_SECS, "Lax");
            }
            None => {
                browser::remove_cookie("__session");
                browser::remove_cookie(&session_cookie);
            }
        }
        if self.key.instance_type == InstanceType::Development {
            let page_host = browser::origin().map(|o| o.split("://").nth(1).unwrap_or_default().to_string()).unwrap_or_default();
            if !page_host.ends_with(&self.key.frontend_api) {
                let uat = match (self.session_id(), self.client()) {
                    (Some(_), Some(c)) => (c.updated_at.unwrap_or(0) / 1000).to_string(),
                    _ => "0".to_string(),
                };
                browser::set_cookie("__client_uat", &uat, browser::YEAR_SECS, "Strict");
                browser::set_cookie(&format!("__client_uat_{}", self.cookie_suffix), &uat, browser::YEAR_SECS, "Strict");
            }
        }
    }

    // ---- listeners --------------------------------------------------------------------------

    pub fn add_listener(&self, f: js_sys::Function) -> u32 {
        let id = self.next_listener.get();
        self.next_listener.set(id.wrapping_add(1));
        self.listeners.borrow_mut().push((id, f));
        id
    }

    pub fn remove_listener(&self, id: u32) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// `{client, session, user, organization}`, the argument listeners receive.
    pub fn snapshot(self: &Rc<Self>) -> JsValue {
        let o = js_sys::Object::new();
        crate::resources::set(&o, "client", &self.js_client());
        crate::resources::set(&o, "session", &self.js_session());
        crate::resources::set(&o, "user", &self.js_user());
        crate::resources::set(&o, "organization", &JsValue::NULL);
        o.into()
    }

    /// Calls every listener with the current state. A listener that throws is reported on the
    /// console and does not stop the others.
    pub fn emit(&self) {
        let Some(me) = self.self_rc() else { return };
        let listeners: Vec<js_sys::Function> = self.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
        if listeners.is_empty() {
            return;
        }
        let payload = me.snapshot();
        for f in listeners {
            if let Err(e) = f.call1(&JsValue::NULL, &payload) {
                web_sys::console::error_2(&JsValue::from_str("clerk-wasm: a listener threw"), &e);
            }
        }
    }

    /// An `Rc` to this core, for building JS objects where only `&self` is at hand.
    fn self_rc(&self) -> Option<Rc<Core>> {
        self.weak_self.upgrade()
    }
}
