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
use crate::fapi::dev_browser::DevBrowser;
use crate::fapi::form::Form;
use crate::fapi::{envelope, parse, Fapi, Request};
use crate::js;
use crate::jwt;
use crate::key::{self, InstanceType, PublishableKey};
use crate::resources::client;
use crate::resources::environment::Settings;
use crate::wire;
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
pub use crate::params::LoadOptions;

#[derive(Default)]
struct State {
    status: Option<Status>,
    /// The environment and the client as the Frontend API sent them.
    environment: Option<JsValue>,
    client: Option<JsValue>,
    /// The typed view of `client` the SDK's logic reads.
    view: wire::Client,
    session_id: Option<String>,
    options: LoadOptions,
    /// The `Client` object handed to JavaScript, kept until the next change so that
    /// `clerk.user === clerk.user`, as in ClerkJS; session and user are found inside it.
    js_client: Option<JsValue>,
    /// `client` is an empty stand-in for one `load()` could not fetch: the next client applied
    /// is taken as the first.
    provisional: bool,
}

/// A cached token: the session's (`key` = the session id) or a JWT template's (`key` =
/// `<session id>/<template>`).
#[derive(Debug, Clone)]
struct CachedToken {
    key: String,
    jwt: String,
    claims: jwt::Claims,
}

/// What a token's `iat` says of the issuer's clock, for [`Core::cache_token`].
#[derive(Clone, Copy)]
pub enum Clock {
    /// Minted just now for this page (the tokens endpoint): `iat` is the issuer's now.
    Set,
    /// The `last_active_token` an answer carries: minted at most now (Clerk may send an older
    /// one), so it can only show the issuer's clock to be later than thought.
    Raise,
    /// Another tab's, or the cookie's: says nothing of now.
    Keep,
}

/// A token request in flight: later callers of `get_token` for the same token wait for it
/// instead of sending their own (`done` settles when `result` is set).
struct Flight {
    key: String,
    done: js_sys::Promise,
    result: Rc<RefCell<Option<Result<String, Error>>>>,
}

pub struct Core {
    pub key: PublishableKey,
    pub fapi: Fapi,
    /// ClerkJS's cookie suffix, computed in `load()` (see `browser::cookie_suffix`).
    cookie_suffix: RefCell<Option<String>>,
    state: RefCell<State>,
    listeners: RefCell<Vec<(u32, js_sys::Function)>>,
    next_listener: Cell<u32>,
    tokens: RefCell<Vec<CachedToken>>,
    flights: RefCell<Vec<Flight>>,
    /// The Frontend API's clock minus the page's, in seconds, as the latest token minted for
    /// this page showed it (token lifetimes are judged on the issuer's clock, so a skewed page
    /// clock — or the dev server's movable one — does not keep a stale token).
    clock_offset: Cell<f64>,
    /// The session keeper (`keeper.rs`): its poller runs while a session is current.
    pub keeper: crate::keeper::Keeper,
    /// The environment's settings, typed (defaults until `load()` has them).
    settings: RefCell<Rc<Settings>>,
    /// The promise of the latest `load()` (component calls made during it wait for it).
    load_promise: RefCell<Option<js_sys::Promise>>,
    /// The calls to the UI module waiting for it or for `load()`.
    pub components: crate::components::Host,
    /// The `proxyUrl` option of the constructor.
    pub proxy_url: Option<String>,
    weak_self: Weak<Core>,
}

/// ClerkJS's cookie naming the session (and organization) `__session` was last written for.
const ACTIVE_CONTEXT: &str = "clerk_active_context";

/// Seconds before `exp` at which a cached token is refreshed: ClerkJS refreshes 17 s before
/// expiry when the token lives longer than that, else drops it 5 s before.
fn leeway_secs(claims: &jwt::Claims) -> f64 {
    if claims.exp - claims.iat > 17 {
        17.0
    } else {
        5.0
    }
}

impl Core {
    /// `timeout_ms`: the longest any Frontend API call may take.
    pub fn new(key: PublishableKey, base: String, proxy_url: Option<String>, timeout_ms: u32) -> Rc<Core> {
        let dev_browser = key::uses_dev_browser(&key).then(DevBrowser::new);
        Rc::new_cyclic(|weak_self| Core {
            weak_self: weak_self.clone(),
            key,
            fapi: Fapi::new(base, dev_browser, timeout_ms),
            cookie_suffix: RefCell::new(None),
            state: RefCell::new(State::default()),
            listeners: RefCell::new(Vec::new()),
            next_listener: Cell::new(0),
            tokens: RefCell::new(Vec::new()),
            flights: RefCell::new(Vec::new()),
            clock_offset: Cell::new(0.0),
            keeper: crate::keeper::Keeper::default(),
            settings: RefCell::new(Rc::new(Settings::default())),
            load_promise: RefCell::new(None),
            components: crate::components::Host::default(),
            proxy_url,
        })
    }

    fn rc(&self) -> Option<Rc<Core>> {
        self.weak_self.upgrade()
    }

    // ---- reading state ---------------------------------------------------------------------

    pub fn status(&self) -> Status {
        self.state.borrow().status.unwrap_or(Status::Loading)
    }

    pub fn is_loaded(&self) -> bool {
        matches!(self.status(), Status::Ready | Status::Degraded)
    }

    /// Whether `load()` was ever called.
    pub fn load_started(&self) -> bool {
        self.state.borrow().status.is_some()
    }

    /// Remembers the promise `load()` returned, for [`Core::until_loaded`].
    pub fn set_load_promise(&self, promise: js_sys::Promise) {
        *self.load_promise.borrow_mut() = Some(promise);
    }

    /// The promise of a `load()` still running (a second call shares it).
    pub fn running_load(&self) -> Option<js_sys::Promise> {
        (self.status() == Status::Loading && self.load_started()).then(|| self.load_promise.borrow().clone()).flatten()
    }

    /// Resolves once the latest `load()` has finished; fails with its error.
    pub async fn until_loaded(&self) -> Result<(), Error> {
        if self.is_loaded() {
            return Ok(());
        }
        let promise = self.load_promise.borrow().clone();
        match promise {
            Some(p) => wasm_bindgen_futures::JsFuture::from(p).await.map(|_| ()).map_err(crate::error::from_js),
            None => Err(Error::usage("clerk.load() was not called")),
        }
    }

    /// The environment's settings, typed.
    pub fn settings(&self) -> Rc<Settings> {
        self.settings.borrow().clone()
    }

    /// The client's wire JSON.
    pub fn client(&self) -> Option<JsValue> {
        self.state.borrow().client.clone()
    }

    /// The environment's wire JSON.
    pub fn environment(&self) -> Option<JsValue> {
        self.state.borrow().environment.clone()
    }

    pub fn session_id(&self) -> Option<String> {
        self.state.borrow().session_id.clone()
    }

    pub fn options(&self) -> LoadOptions {
        self.state.borrow().options.clone()
    }

    /// The ids of the client's signed-in sessions.
    pub fn signed_in_session_ids(&self) -> Vec<String> {
        self.state.borrow().view.signed_in_ids()
    }

    /// The typed view of the client.
    pub fn client_view(&self) -> wire::Client {
        self.state.borrow().view.clone()
    }

    /// The current session's status (`active`, `pending`, …).
    pub fn session_status(&self) -> Option<String> {
        let st = self.state.borrow();
        let sid = st.session_id.as_deref()?;
        st.view.session(sid).map(|s| s.status.clone())
    }

    /// `clerk.client` as a JS object (stable until the next change).
    pub fn js_client(&self) -> JsValue {
        if let Some(v) = self.state.borrow().js_client.clone() {
            return v;
        }
        let (Some(raw), Some(me)) = (self.client(), self.rc()) else { return JsValue::NULL };
        let v = client::build(&me, &raw);
        self.state.borrow_mut().js_client = Some(v.clone());
        v
    }

    /// `clerk.session`: the current session's object inside `clerk.client.sessions`, or `null`.
    pub fn js_session(&self) -> JsValue {
        let Some(sid) = self.session_id() else { return JsValue::NULL };
        js::items(&self.js_client(), "sessions").into_iter().find(|s| js::string(s, "id").as_deref() == Some(sid.as_str())).unwrap_or(JsValue::NULL)
    }

    /// `clerk.user`: the current session's user, or `null`.
    pub fn js_user(&self) -> JsValue {
        let u = js::get(&self.js_session(), "user");
        if u.is_object() {
            u
        } else {
            JsValue::NULL
        }
    }

    // ---- requests ---------------------------------------------------------------------------

    /// Sends a request with the current session id; returns the body text.
    pub async fn send(&self, req: &Request) -> Result<String, Error> {
        let sid = self.session_id();
        self.fapi.send(req, sid.as_deref()).await
    }

    /// Sends a request whose answer is `{response, client}`, applies the piggybacked client (as
    /// ClerkJS does for every non-GET and for reloads), tells the listeners, and returns
    /// `response` (`null` when there is none).
    pub async fn request(&self, req: &Request) -> Result<JsValue, Error> {
        let response = self.request_quiet(req).await?;
        self.emit();
        Ok(response)
    }

    /// Like `request`, without telling the listeners (the caller emits once its change is whole).
    pub async fn request_quiet(&self, req: &Request) -> Result<JsValue, Error> {
        let body = self.send(req).await?;
        let answer = envelope(&body)?;
        if let Some(c) = answer.client {
            self.apply_client(Some(c));
        }
        Ok(answer.response)
    }

    // ---- state changes ----------------------------------------------------------------------

    /// Replaces the client, choosing the current session as ClerkJS does (see the module doc).
    /// Does not emit; callers emit once their whole change is applied.
    pub fn apply_client(&self, client: Option<JsValue>) {
        let view = client.as_ref().map(wire::Client::read).unwrap_or_default();
        for s in &view.sessions {
            if let Some(t) = s.last_active_token.as_ref().filter(|t| !t.jwt.is_empty()) {
                self.cache_token(&s.id, &t.jwt, Clock::Raise);
            }
        }
        {
            let mut st = self.state.borrow_mut();
            let first = st.client.is_none() || st.provisional;
            let ids = view.signed_in_ids();
            let keep = |id: &String| ids.contains(id);
            st.session_id = match &client {
                None => None,
                Some(_) if first => view.last_active_session_id.clone().filter(keep).or_else(|| ids.first().cloned()),
                Some(_) => st.session_id.clone().filter(keep),
            };
            st.client = client;
            st.view = view;
            st.js_client = None;
            st.provisional = false;
        }
        self.sync_cookies();
    }

    /// Applies an empty client standing in for one that could not be fetched (see
    /// `provisional`). The cookies stay as they are: the page's server keeps seeing the session
    /// it knew until a real client says otherwise.
    pub fn apply_provisional_client(&self) {
        let mut st = self.state.borrow_mut();
        st.client = Some(js::object());
        st.view = wire::Client::default();
        st.session_id = None;
        st.js_client = None;
        st.provisional = true;
    }

    /// Whether the client is still the stand-in of `apply_provisional_client`.
    pub fn has_provisional_client(&self) -> bool {
        self.state.borrow().provisional
    }

    /// Makes `session_id` the current session (callers check it is a signed-in one).
    pub fn set_session(&self, session_id: Option<String>) {
        self.state.borrow_mut().session_id = session_id;
        self.sync_cookies();
    }

    /// Drops the current session without a request (the Frontend API said it ended, or another
    /// tab signed out): clears `__session`, tells the listeners.
    pub fn drop_session(&self) {
        self.set_session(None);
        self.emit();
    }

    pub fn set_environment(&self, env: JsValue) {
        *self.settings.borrow_mut() = Rc::new(Settings::from_wire(&env));
        self.state.borrow_mut().environment = Some(env);
    }

    pub fn set_status(&self, status: Status) {
        self.state.borrow_mut().status = Some(status);
    }

    /// Records the cookie suffix for the suffixed cookies (the dev browser's too).
    pub fn set_cookie_suffix(&self, suffix: Option<String>) {
        if let Some(db) = self.fapi.dev_browser() {
            db.set_suffix(suffix.clone());
        }
        *self.cookie_suffix.borrow_mut() = suffix;
    }

    pub fn set_options(&self, options: LoadOptions) {
        self.state.borrow_mut().options = options;
    }

    /// Whether the instance allows one signed-in session per client (ClerkJS's default).
    pub fn single_session_mode(&self) -> bool {
        self.settings().auth_config.single_session_mode
    }

    /// Makes a signed-in session of the client current, or none (ClerkJS's `setActive`): touches
    /// it (`intent=select_session`), takes the client the answer carries, refreshes the session's
    /// token and the cookies, then tells the listeners once.
    pub async fn set_active(&self, session_id: Option<String>) -> Result<(), Error> {
        let Some(sid) = session_id else {
            self.set_session(None);
            self.emit();
            return Ok(());
        };
        if !self.signed_in_session_ids().contains(&sid) {
            return Err(Error::usage(["setActive: no signed-in session ", &sid, " on this client"].concat()));
        }
        self.request_quiet(&touch(&sid, "select_session")).await?;
        self.set_session(Some(sid.clone()));
        self.get_token(&sid, None, false).await?;
        self.emit();
        Ok(())
    }

    // ---- session tokens ---------------------------------------------------------------------

    /// Caches `token` for `key` unless a newer one is cached; `clock` says what its `iat` tells
    /// of the issuer's clock.
    pub fn cache_token(&self, key: &str, token: &str, clock: Clock) -> bool {
        let Some(claims) = jwt::claims(token) else { return false };
        let offset = claims.iat as f64 - browser::now_ms() / 1000.0;
        match clock {
            Clock::Set => self.clock_offset.set(offset),
            Clock::Raise => self.clock_offset.set(self.clock_offset.get().max(offset)),
            Clock::Keep => {}
        }
        let mut tokens = self.tokens.borrow_mut();
        match tokens.iter_mut().find(|t| t.key == key) {
            // Keep the freshest token: an older one arriving late must not replace it.
            Some(t) if t.claims.iat >= claims.iat => false,
            Some(t) => {
                t.jwt = token.to_string();
                t.claims = claims;
                true
            }
            None => {
                tokens.push(CachedToken { key: key.to_string(), jwt: token.to_string(), claims });
                true
            }
        }
    }

    /// Seconds until the cached token for `key` is due for a refresh (negative: overdue);
    /// `None` when none is cached.
    pub fn token_due_in(&self, key: &str) -> Option<f64> {
        let now = browser::now_ms() / 1000.0 + self.clock_offset.get();
        let tokens = self.tokens.borrow();
        let t = tokens.iter().find(|t| t.key == key)?;
        Some(t.claims.exp as f64 - leeway_secs(&t.claims) - now)
    }

    fn cached_token(&self, key: &str, fresh_only: bool) -> Option<String> {
        if fresh_only && self.token_due_in(key)? <= 0.0 {
            return None;
        }
        self.tokens.borrow().iter().find(|t| t.key == key).map(|t| t.jwt.clone())
    }

    /// A token for `session_id` (a JWT `template`'s when given): from the cache until it is due
    /// for a refresh, else fresh from `POST /client/sessions/{id}/tokens[/{template}]`.
    /// Concurrent calls for the same token share one request; `skip_cache` always sends one.
    /// `None` when the session is not signed in.
    pub async fn get_token(&self, session_id: &str, template: Option<&str>, skip_cache: bool) -> Result<Option<String>, Error> {
        if !self.signed_in_session_ids().iter().any(|id| id == session_id) {
            return Ok(None);
        }
        let key = match template {
            Some(t) => [session_id, "/", t].concat(),
            None => session_id.to_string(),
        };
        if !skip_cache {
            if let Some(t) = self.cached_token(&key, true) {
                return Ok(Some(t));
            }
        }
        let joined = if skip_cache { None } else { self.flights.borrow().iter().find(|f| f.key == key).map(|f| (f.done.clone(), f.result.clone())) };
        let (done, result) = match joined {
            Some(flight) => flight,
            None => {
                let me = self.rc().ok_or(Error::Decode("the Clerk instance is gone"))?;
                let result = Rc::new(RefCell::new(None));
                let (slot, sid, tpl, k) = (result.clone(), session_id.to_string(), template.map(str::to_string), key.clone());
                let done = crate::promise(async move {
                    let out = me.mint_token(&sid, tpl.as_deref(), &k, skip_cache).await;
                    *slot.borrow_mut() = Some(out);
                    me.flights.borrow_mut().retain(|f| !Rc::ptr_eq(&f.result, &slot));
                    Ok(JsValue::UNDEFINED)
                });
                self.flights.borrow_mut().push(Flight { key, done: done.clone(), result: result.clone() });
                (done, result)
            }
        };
        let _ = wasm_bindgen_futures::JsFuture::from(done).await;
        let out = result.borrow().clone();
        out.unwrap_or(Err(Error::Decode("the token request did not finish"))).map(Some)
    }

    /// Sends the token request and caches what it brings; a session token also goes to the
    /// `__session` cookie (when its session is current) and to the page's other tabs.
    async fn mint_token(&self, session_id: &str, template: Option<&str>, key: &str, skip_cache: bool) -> Result<String, Error> {
        let mut path = crate::fapi::url::resource_path("/client/sessions", session_id, Some("tokens"));
        let form = match template {
            Some(t) => {
                path = crate::fapi::url::resource_path(&path, t, None);
                Form::new()
            }
            None => Form::new().push("organization_id", "").push("tab_state", browser::tab_state()),
        };
        let mut req = Request::post(path, form);
        if skip_cache {
            req = req.query("debug", "skip_cache");
        }
        let body = self.send(&req).await?;
        let issued: wire::Issued = wire::view(&parse(&body)?);
        let jwt = issued.jwt.filter(|j| !j.is_empty()).ok_or(Error::Decode("the token answer has no jwt"))?;
        self.cache_token(key, &jwt, Clock::Set);
        if template.is_none() {
            self.keeper.share_token(session_id, &jwt);
            if self.session_id().as_deref() == Some(session_id) {
                self.write_cookies_as(false);
            }
        }
        Ok(jwt)
    }

    /// Takes a session token minted elsewhere (another tab's message, the `__session` cookie it
    /// wrote) when it is for a signed-in session of this client and newer than the cached one.
    pub fn adopt_token(&self, session_id: &str, jwt: &str) {
        let signed_in = self.signed_in_session_ids().iter().any(|id| id == session_id);
        let for_it = jwt::claims(jwt).and_then(|c| c.sid).as_deref() == Some(session_id);
        if signed_in && for_it && self.cache_token(session_id, jwt, Clock::Keep) && self.session_id().as_deref() == Some(session_id) {
            self.write_cookies_as(false);
        }
    }

    /// Writes `__session` (and `__client_uat`) again from the current state.
    pub fn write_cookies(&self) {
        self.sync_cookies();
    }

    /// Writes the cookies ClerkJS writes for the page's server: `__session` (the current
    /// session's token, or removed) and, for development instances served from another host,
    /// `__client_uat` (the client's last update in seconds when signed in, else `0`).
    fn sync_cookies(&self) {
        self.write_cookies_as(true);
    }

    /// [`Core::sync_cookies`]. `foreground: false` for a token refreshed in the background (the
    /// poller, another tab's token): it goes to `__session` only when this page has the focus
    /// or its session is the one the cookie was last written for (`clerk_active_context`,
    /// ClerkJS's rule), so that two tabs with different current sessions do not take turns.
    fn write_cookies_as(&self, foreground: bool) {
        let suffix = self.cookie_suffix.borrow().clone();
        let with_suffix = |name: &str| -> Vec<String> {
            let mut names = vec![name.to_string()];
            names.extend(suffix.as_ref().map(|s| [name, "_", s].concat()));
            names
        };
        let sid = self.session_id();
        if let (Some(_), Some(me)) = (&sid, self.rc()) {
            crate::keeper::keep(&me);
        }
        match sid.as_deref().and_then(|sid| Some((sid, self.cached_token(sid, false)?))) {
            Some((sid, jwt)) => {
                let context = [sid, ":"].concat();
                let last = browser::cookie(ACTIVE_CONTEXT);
                if foreground || browser::has_focus() || last.as_deref().is_none_or(|c| c == context) {
                    for name in with_suffix("__session") {
                        browser::set_cookie(&name, &jwt, browser::YEAR_SECS, "Lax");
                    }
                    browser::set_cookie(ACTIVE_CONTEXT, &context, browser::YEAR_SECS, "Lax");
                }
            }
            None => {
                for name in with_suffix("__session") {
                    browser::remove_cookie(&name);
                }
                browser::remove_cookie(ACTIVE_CONTEXT);
            }
        }
        if self.key.instance_type == InstanceType::Development {
            let page = browser::origin().unwrap_or_default();
            let page_host = page.strip_prefix("https://").or_else(|| page.strip_prefix("http://")).unwrap_or_default();
            if !page_host.ends_with(&self.key.frontend_api) {
                let updated = self.state.borrow().view.updated_at.unwrap_or(0.0);
                let uat = if self.session_id().is_some() { ((updated / 1000.0) as i64).to_string() } else { "0".into() };
                for name in with_suffix("__client_uat") {
                    browser::set_cookie(&name, &uat, browser::YEAR_SECS, "Strict");
                }
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
    pub fn snapshot(&self) -> JsValue {
        let o = js::object();
        js::set(&o, "client", &self.js_client());
        js::set(&o, "session", &self.js_session());
        js::set(&o, "user", &self.js_user());
        js::set(&o, "organization", &JsValue::NULL);
        o
    }

    /// Calls every listener with the current state. A listener that throws is reported on the
    /// console and does not stop the others.
    pub fn emit(&self) {
        let listeners: Vec<js_sys::Function> = self.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
        if listeners.is_empty() {
            return;
        }
        let payload = self.snapshot();
        for f in listeners {
            call_listener(&f, &payload);
        }
    }
}

/// `POST /client/sessions/{id}/touch` with ClerkJS's body and `intent` (`select_session` from
/// `setActive`, `focus` when the page gets the focus).
pub fn touch(session_id: &str, intent: &str) -> Request {
    let form = Form::new().push("active_organization_id", "").push("intent", intent);
    Request::post(crate::fapi::url::resource_path("/client/sessions", session_id, Some("touch")), form)
}

/// Calls a listener, reporting (not propagating) what it throws.
pub fn call_listener(f: &js_sys::Function, payload: &JsValue) {
    if let Err(e) = f.call1(&JsValue::NULL, payload) {
        web_sys::console::error_2(&JsValue::from_str("clerk-wasm: a listener threw"), &e);
    }
}
