//! The exported `Clerk` class: a thin facade over [`Core`]. It parses the key, loads the
//! environment and client, exposes `client`/`session`/`user`, and runs the session-level
//! actions (`setActive`, `signOut`) and listeners, with ClerkJS's names and behaviour.

use crate::core::{Core, LoadOptions, Status};
use crate::error::Error;
use crate::fapi::form::Form;
use crate::fapi::url::resource_path;
use crate::fapi::{decode, Envelope, Method, Request};
use crate::key;
use crate::resources::client::ClientJson;
use crate::resources::environment::{Environment, EnvironmentJson};
use crate::resources::params;
use crate::resources::session::SessionJson;
use serde::Deserialize;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The Clerk SDK for one instance: `new Clerk(publishableKey, options)`, then `await clerk.load()`.
#[wasm_bindgen]
pub struct Clerk {
    core: Rc<Core>,
    proxy_url: Option<String>,
}

/// Options of the constructor.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ClerkOptions {
    proxy_url: Option<String>,
}

/// Options of `load()` that the SDK uses.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct LoadOptionsJs {
    after_sign_out_url: Option<String>,
}

/// Options of `signOut()`.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct SignOutOptions {
    redirect_url: Option<String>,
    session_id: Option<String>,
}

/// Options of `addListener()`.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct ListenerOptions {
    skip_initial_emit: bool,
}

/// Runs two futures concurrently (the environment and client fetches of `load()`).
async fn join<A: Future, B: Future>(a: A, b: B) -> (A::Output, B::Output) {
    let mut a = pin!(a);
    let mut b = pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(move |cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        match (ra.take(), rb.take()) {
            (Some(x), Some(y)) => Poll::Ready((x, y)),
            (x, y) => {
                ra = x;
                rb = y;
                Poll::Pending
            }
        }
    })
    .await
}

/// A session given to `setActive`: a `Session`, a session id, or `null`.
fn session_id_of(value: &JsValue) -> Result<Option<String>, Error> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    if let Some(id) = value.as_string() {
        return Ok(Some(id));
    }
    js_sys::Reflect::get(value, &JsValue::from_str("id"))
        .ok()
        .and_then(|v| v.as_string())
        .map(Some)
        .ok_or_else(|| Error::usage("setActive: `session` must be a Session, a session id or null"))
}

#[wasm_bindgen]
impl Clerk {
    /// Creates the SDK for the instance a publishable key names. Throws on an invalid key or
    /// `proxyUrl`. Nothing is sent until `load()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "string")] publishable_key: JsValue,
        #[wasm_bindgen(unchecked_param_type = "ClerkOptions")] options: JsValue,
    ) -> Result<Clerk, Error> {
        let raw = publishable_key.as_string().unwrap_or_default();
        let pk = key::parse(raw.trim())
            .map_err(|why| Error::usage(format!("The publishableKey passed to Clerk is invalid: {why} (key={raw})")))?;
        let opts: ClerkOptions = params(options)?;
        let origin = crate::browser::origin();
        let base = key::fapi_base(&pk, opts.proxy_url.as_deref(), origin.as_deref())
            .map_err(|why| Error::usage(format!("The proxyUrl passed to Clerk is invalid: {why}")))?;
        Ok(Clerk { core: Core::new(pk, base), proxy_url: opts.proxy_url })
    }

    /// The publishable key.
    #[wasm_bindgen(getter = publishableKey)]
    pub fn publishable_key(&self) -> String {
        self.core.key.key.clone()
    }

    /// The Frontend API host the key names (without scheme), whatever the proxy.
    #[wasm_bindgen(getter = frontendApi)]
    pub fn frontend_api(&self) -> String {
        self.core.key.frontend_api.clone()
    }

    /// The `proxyUrl` option, or `""`.
    #[wasm_bindgen(getter = proxyUrl)]
    pub fn proxy_url(&self) -> String {
        self.proxy_url.clone().unwrap_or_default()
    }

    /// `"development"` or `"production"`.
    #[wasm_bindgen(getter = instanceType, unchecked_return_type = "'development' | 'production'")]
    pub fn instance_type(&self) -> String {
        self.core.key.instance_type.as_str().to_string()
    }

    /// The clerk-wasm version.
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }

    /// Whether `load()` finished.
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> bool {
        self.core.is_loaded()
    }

    /// `"loading"`, `"ready"`, `"degraded"` or `"error"`.
    #[wasm_bindgen(getter, unchecked_return_type = "'loading' | 'ready' | 'degraded' | 'error'")]
    pub fn status(&self) -> String {
        self.core.status().as_str().to_string()
    }

    /// This browser's client (after `load()`), else `undefined`.
    #[wasm_bindgen(getter, unchecked_return_type = "Client | null | undefined")]
    pub fn client(&self) -> JsValue {
        if self.core.client().is_none() {
            return JsValue::UNDEFINED;
        }
        self.core.js_client()
    }

    /// The current session, or `null` when signed out.
    #[wasm_bindgen(getter, unchecked_return_type = "Session | null | undefined")]
    pub fn session(&self) -> JsValue {
        if !self.core.is_loaded() {
            return JsValue::UNDEFINED;
        }
        self.core.js_session()
    }

    /// The current session's user, or `null` when signed out.
    #[wasm_bindgen(getter, unchecked_return_type = "User | null | undefined")]
    pub fn user(&self) -> JsValue {
        if !self.core.is_loaded() {
            return JsValue::UNDEFINED;
        }
        self.core.js_user()
    }

    /// Always `null`: organizations are not supported yet.
    #[wasm_bindgen(getter, unchecked_return_type = "Organization | null")]
    pub fn organization(&self) -> JsValue {
        JsValue::NULL
    }

    /// Whether a user is signed in with an active session (`pending` sessions do not count).
    #[wasm_bindgen(getter = isSignedIn)]
    pub fn is_signed_in(&self) -> bool {
        self.core.session().is_some_and(|s| s.status.as_deref() == Some("active"))
    }

    /// The instance's environment (after `load()`), else `null`.
    #[wasm_bindgen(getter)]
    pub fn environment(&self) -> Option<Environment> {
        self.core.environment().map(Environment::new)
    }

    /// Loads the environment and the client. In development it first makes sure this browser has
    /// a dev browser when the key's host uses them. Safe to call more than once.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub async fn load(&self, #[wasm_bindgen(unchecked_param_type = "ClerkLoadOptions")] options: JsValue) -> Result<(), Error> {
        if self.core.is_loaded() {
            return Ok(());
        }
        let opts: LoadOptionsJs = params(options)?;
        self.core.set_options(LoadOptions { after_sign_out_url: opts.after_sign_out_url });
        self.core.set_status(Status::Loading);
        match self.fetch_environment_and_client().await {
            Ok((env, client)) => {
                // Everything arrived: apply it in one step, then tell the listeners.
                self.core.set_environment(env);
                self.core.apply_client(Some(client.unwrap_or_default()));
                self.core.set_status(Status::Ready);
                self.core.emit();
                Ok(())
            }
            Err(e) => {
                self.core.set_status(Status::Error);
                Err(e)
            }
        }
    }

    async fn fetch_environment_and_client(&self) -> Result<(EnvironmentJson, Option<ClientJson>), Error> {
        let core = &self.core;
        if let Some(db) = core.fapi.dev_browser() {
            db.restore();
            if db.id().is_none() {
                db.set(Some(core.fapi.create_dev_browser().await?));
            }
        }
        // Development instances PATCH the environment (PROTOCOL.md §2); production GETs it.
        let env_req = match core.key.instance_type {
            key::InstanceType::Development => Request::new(Method::Patch, "/environment"),
            key::InstanceType::Production => Request::get("/environment"),
        };
        let client_req = Request::get("/client");
        let (env, client) = join(core.send(&env_req), core.send(&client_req)).await;
        let (env, client) = match (env, client, core.fapi.dev_browser()) {
            // An unknown dev browser: make a new one and try once more, as ClerkJS does.
            (_, Err(e), Some(db)) | (Err(e), _, Some(db)) if e.code() == Some("dev_browser_unauthenticated") => {
                db.set(None);
                db.set(Some(core.fapi.create_dev_browser().await?));
                join(core.send(&env_req), core.send(&client_req)).await
            }
            other => (other.0, other.1),
        };
        let env: EnvironmentJson = decode(&env?)?;
        let client: Envelope<ClientJson, ClientJson> = decode(&client?)?;
        Ok((env, client.response))
    }

    /// Calls `listener({client, session, user, organization})` now (once loaded, unless
    /// `{skipInitialEmit: true}`) and on every change. Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = addListener, unchecked_return_type = "() => void")]
    pub fn add_listener(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(resources: ListenerPayload) => void")] listener: JsValue,
        #[wasm_bindgen(unchecked_param_type = "{ skipInitialEmit?: boolean }")] options: JsValue,
    ) -> Result<JsValue, Error> {
        let f: js_sys::Function = listener.dyn_into().map_err(|_| Error::usage("addListener expects a function"))?;
        let opts: ListenerOptions = params(options)?;
        let id = self.core.add_listener(f.clone());
        if self.core.client().is_some() && !opts.skip_initial_emit {
            if let Err(e) = f.call1(&JsValue::NULL, &self.core.snapshot()) {
                web_sys::console::error_2(&JsValue::from_str("clerk-wasm: a listener threw"), &e);
            }
        }
        let weak = Rc::downgrade(&self.core);
        let unsubscribe = Closure::<dyn Fn()>::new(move || {
            if let Some(core) = weak.upgrade() {
                core.remove_listener(id);
            }
        });
        Ok(unsubscribe.into_js_value())
    }

    /// Makes a session current: `setActive({session})` with a `Session`, a session id, or `null`
    /// (which signs out locally). Touches the session, refreshes its token and the `__session`
    /// cookie, emits, and navigates to `redirectUrl` when given.
    #[wasm_bindgen(js_name = setActive, unchecked_return_type = "Promise<void>")]
    pub async fn set_active(&self, #[wasm_bindgen(unchecked_param_type = "SetActiveParams")] params_js: JsValue) -> Result<(), Error> {
        let session = js_sys::Reflect::get(&params_js, &JsValue::from_str("session")).unwrap_or(JsValue::UNDEFINED);
        let redirect_url = js_sys::Reflect::get(&params_js, &JsValue::from_str("redirectUrl")).ok().and_then(|v| v.as_string());
        let Some(sid) = session_id_of(&session)? else {
            self.core.set_session(None);
            self.core.emit();
            return Ok(());
        };
        let known = self.core.client().is_some_and(|c| c.signed_in_sessions().any(|s| s.id.as_deref() == Some(sid.as_str())));
        if !known {
            return Err(Error::usage(format!("setActive: no signed-in session {sid} on this client")));
        }
        let form = Form::new().push("active_organization_id", "").push("intent", "select_session");
        let path = resource_path("/client/sessions", &sid, Some("touch"));
        let _: Option<SessionJson> = self.core.request_quiet(&Request::post(path, form)).await?;
        self.core.set_session(Some(sid.clone()));
        self.core.get_token(&sid, false).await?;
        self.core.emit();
        if let Some(url) = redirect_url {
            crate::browser::navigate(&url);
        }
        Ok(())
    }

    /// Signs out. `signOut()` ends every session (keeping the client), updates the state, emits,
    /// then calls the callback if one was given, else navigates to `redirectUrl` (or the
    /// `afterSignOutUrl` of `load()`, or `/`). `signOut({sessionId})` ends only that session when
    /// several are signed in.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub async fn sign_out(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(() => void | Promise<unknown>) | SignOutOptions")] callback_or_options: JsValue,
        #[wasm_bindgen(unchecked_param_type = "SignOutOptions")] options: JsValue,
    ) -> Result<(), Error> {
        let callback = callback_or_options.dyn_ref::<js_sys::Function>().cloned();
        let opts: SignOutOptions = if callback.is_some() { params(options)? } else { params(callback_or_options)? };
        let Some(client) = self.core.client() else { return Ok(()) };
        if client.sessions.is_empty() {
            return Ok(());
        }
        let signed_in = client.signed_in_sessions().count();
        match opts.session_id.as_deref() {
            Some(sid) if signed_in > 1 && self.core.session_id().as_deref() != Some(sid) => {
                let path = resource_path("/client/sessions", sid, Some("remove"));
                let _: Option<SessionJson> = self.core.request(&Request::post(path, Form::new())).await?;
                return Ok(());
            }
            _ => {}
        }
        let _: Option<ClientJson> = self.core.request_quiet(&Request::delete("/client/sessions")).await?;
        self.core.set_session(None);
        self.core.emit();
        match callback {
            Some(cb) => {
                let ret = cb.call0(&JsValue::NULL).map_err(crate::error::from_js)?;
                if let Ok(p) = ret.dyn_into::<js_sys::Promise>() {
                    wasm_bindgen_futures::JsFuture::from(p).await.map_err(crate::error::from_js)?;
                }
            }
            None => {
                let to = opts.redirect_url.or(self.core.options().after_sign_out_url).unwrap_or_else(|| "/".into());
                crate::browser::navigate(&to);
            }
        }
        Ok(())
    }
}
