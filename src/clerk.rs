//! The exported `Clerk` class: a thin facade over [`Core`]. It parses the key, loads the
//! environment and client, exposes `client`/`session`/`user`, and runs the session-level
//! actions (`setActive`, `signOut`), the listeners and the navigation helpers (`nav.rs`), with
//! ClerkJS's names and behaviour.
//!
//! Two kinds of methods are only entry points here: the component methods (`mountSignIn`,
//! `mountUserButton`, `openUserProfile`, `closeSignIn`, … — fourteen, ClerkJS's synchronous
//! signatures) and the wallet sign-in (`authenticateWithMetamask`, `authenticateWithWeb3`) both
//! go to `components.rs`, which checks their arguments and hands them to the UI module, where
//! the components and the wallet flow live.

use crate::components::{self, Component, Verb};
use crate::core::{call_listener, Core, Status};
use crate::error::Error;
use crate::fapi::form::Form;
use crate::fapi::url::resource_path;
use crate::fapi::{envelope, parse, Method, Request};
use crate::js;
use crate::key;
use crate::params::{self, LoadOptions, Options};
use crate::resources::environment;
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
    #[derive(serde::Deserialize)]
    struct WithId {
        id: String,
    }
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    if let Some(id) = value.as_string() {
        return Ok(Some(id));
    }
    serde_wasm_bindgen::from_value::<WithId>(value.clone())
        .map(|s| Some(s.id))
        .map_err(|_| Error::usage("setActive: `session` must be a Session, a session id or null"))
}

impl Clerk {
    /// `buildAfterSignInUrl` / `buildAfterSignUpUrl` for `{params}`.
    fn after_url(&self, sign_up: bool, options: &JsValue) -> JsValue {
        let url = crate::nav::after(&self.core, sign_up, &JsValue::UNDEFINED, &js::get(options, "params"));
        JsValue::from_str(&crate::nav::with_auth(&self.core, &url))
    }

    /// Navigates to `to` (see `navigate`): a promise of what the router returned.
    fn go(&self, to: &str, replace: bool) -> js_sys::Promise {
        match crate::nav::navigate(&self.core, to, replace) {
            Ok(v) => js_sys::Promise::resolve(&v),
            Err(e) => js_sys::Promise::reject(&e.into()),
        }
    }

    /// `unmount…(node)` / `close…()`: nothing to check, nothing to throw.
    fn hide(&self, verb: Verb, component: Component, node: JsValue) {
        let _ = components::component(&self.core, verb, component, node, JsValue::UNDEFINED);
    }

    /// Another `Clerk` object for the same instance: what the UI module is handed (it uses the
    /// public API only, as a page does).
    pub fn handle(core: &Rc<Core>) -> JsValue {
        Clerk { core: core.clone() }.into()
    }
}

#[wasm_bindgen]
impl Clerk {
    /// Creates the SDK for the instance a publishable key names. Throws on an invalid key or
    /// `proxyUrl`. Nothing is sent until `load()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = publishableKey, unchecked_param_type = "string")] publishable_key: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ClerkOptions")] options: JsValue,
    ) -> Result<Clerk, Error> {
        let raw = publishable_key.as_string().unwrap_or_default();
        let pk = key::parse(raw.trim())
            .map_err(|why| Error::usage(["The publishableKey passed to Clerk is invalid: ", why, " (key=", &raw, ")"].concat()))?;
        let Options { proxy_url, request_timeout, .. } = params::read::<Options>(&options)?;
        let timeout_ms = request_timeout.filter(|ms| *ms > 0).unwrap_or(crate::fapi::DEFAULT_TIMEOUT_MS);
        let origin = crate::browser::origin();
        let base = key::fapi_base(&pk, proxy_url.as_deref(), origin.as_deref())
            .map_err(|why| Error::usage(["The proxyUrl passed to Clerk is invalid: ", why].concat()))?;
        let core = Core::new(pk, base, proxy_url, timeout_ms);
        // The instance lives as long as the page, as ClerkJS's does: pages write
        // `const clerk = new Clerk(key); … clerk.mountSignIn(el)` and drop the variable, and
        // the JS garbage collector would then free this object while its components, listeners
        // and resources still need the core. One reference is therefore never released.
        std::mem::forget(core.clone());
        Ok(Clerk { core })
    }

    /// The publishable key.
    #[wasm_bindgen(getter = publishableKey, unchecked_return_type = "string")]
    pub fn publishable_key(&self) -> JsValue {
        JsValue::from_str(&self.core.key.key)
    }

    /// The Frontend API host the key names (without scheme), whatever the proxy.
    #[wasm_bindgen(getter = frontendApi, unchecked_return_type = "string")]
    pub fn frontend_api(&self) -> JsValue {
        JsValue::from_str(&self.core.key.frontend_api)
    }

    /// The `proxyUrl` option, or `""`.
    #[wasm_bindgen(getter = proxyUrl, unchecked_return_type = "string")]
    pub fn proxy_url(&self) -> JsValue {
        JsValue::from_str(self.core.proxy_url.as_deref().unwrap_or(""))
    }

    /// `"development"` or `"production"`.
    #[wasm_bindgen(getter = instanceType, unchecked_return_type = "InstanceType")]
    pub fn instance_type(&self) -> JsValue {
        JsValue::from_str(self.core.key.instance_type.as_str())
    }

    /// The clerk-wasm version.
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn version(&self) -> JsValue {
        JsValue::from_str(env!("CARGO_PKG_VERSION"))
    }

    /// Whether `load()` finished.
    #[wasm_bindgen(getter)]
    pub fn loaded(&self) -> bool {
        self.core.is_loaded()
    }

    /// `"loading"`, `"ready"`, `"degraded"` or `"error"`.
    #[wasm_bindgen(getter, unchecked_return_type = "ClerkStatus")]
    pub fn status(&self) -> JsValue {
        JsValue::from_str(self.core.status().as_str())
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
        self.core.session_status().as_deref() == Some("active")
    }

    /// The instance's environment (after `load()`), else `null`.
    #[wasm_bindgen(getter, unchecked_return_type = "Environment | null")]
    pub fn environment(&self) -> JsValue {
        match self.core.environment() {
            Some(env) => environment::build(&self.core, &env),
            None => JsValue::NULL,
        }
    }

    /// Loads the environment and the client. In development it first makes sure this browser has
    /// a dev browser when the key's host uses them. Safe to call more than once.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn load(&self, #[wasm_bindgen(unchecked_optional_param_type = "ClerkLoadOptions")] options: JsValue) -> js_sys::Promise {
        if self.core.is_loaded() {
            return js_sys::Promise::resolve(&JsValue::UNDEFINED);
        }
        if let Some(running) = self.core.running_load() {
            return running;
        }
        let options = match params::read::<LoadOptions>(&options) {
            Ok(o) => o,
            Err(e) => return js_sys::Promise::reject(&e.into()),
        };
        // Set before the first await, so a `mountSignIn` right after `load()` is accepted.
        self.core.set_options(options);
        self.core.set_status(Status::Loading);
        // The SDK writes `__session` whenever a session is current: without one, this browser was
        // last seen signed out, and the page is about to show a sign-in — the UI module starts
        // downloading now, alongside the Frontend API's answers (the client answer confirms it).
        if !crate::browser::has_cookie_starting("__session") {
            components::prefetch();
        }
        let promise = crate::promise(load(self.core.clone()));
        self.core.set_load_promise(promise.clone());
        promise
    }

    /// Calls `listener({client, session, user, organization})` now (once loaded, unless
    /// `{skipInitialEmit: true}`) and on every change. Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = addListener, unchecked_return_type = "UnsubscribeCallback")]
    pub fn add_listener(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ListenerCallback")] listener: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ListenerOptions")] options: JsValue,
    ) -> Result<JsValue, Error> {
        let f: js_sys::Function = listener.dyn_into().map_err(|_| Error::usage("addListener expects a function"))?;
        let options = params::read::<Options>(&options)?;
        let id = self.core.add_listener(f.clone());
        if self.core.client().is_some() && !options.skip_initial_emit.unwrap_or(false) {
            call_listener(&f, &self.core.snapshot());
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
    pub fn set_active(&self, #[wasm_bindgen(unchecked_param_type = "SetActiveParams")] params: JsValue) -> js_sys::Promise {
        crate::promise(set_active(self.core.clone(), params))
    }

    /// Renders the sign-in component into `node`: identifier, password or a code, the second
    /// factor, then `setActive` and a redirect (`forceRedirectUrl`, the page's `redirect_url`,
    /// `fallbackRedirectUrl`, else the current page). Props as ClerkJS names them:
    /// `forceRedirectUrl`, `fallbackRedirectUrl`, `signUpUrl`, `initialValues`. May be called
    /// once `load()` was called; the component appears when the components' module (imported
    /// on the first mount, as ClerkJS imports `@clerk/ui`) is in and `load()` has finished.
    /// Throws when `node` is not an element or `load()` was not called, as every `mount…` and
    /// `open…` method does.
    #[wasm_bindgen(js_name = mountSignIn)]
    pub fn mount_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignInProps")] props: JsValue,
    ) -> Result<(), Error> {
        components::component(&self.core, Verb::Mount, Component::SignIn, node, props)
    }

    /// Removes the sign-in component from `node`.
    #[wasm_bindgen(js_name = unmountSignIn)]
    pub fn unmount_sign_in(&self, #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue) {
        self.hide(Verb::Unmount, Component::SignIn, node);
    }

    /// Renders the sign-up component into `node`: the fields the instance asks for, the email
    /// code, then `setActive` and a redirect. Props: `forceRedirectUrl`, `fallbackRedirectUrl`,
    /// `signInUrl`, `initialValues`, `unsafeMetadata` (copied onto the new user). Appears as
    /// `mountSignIn`'s component does.
    #[wasm_bindgen(js_name = mountSignUp)]
    pub fn mount_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignUpProps")] props: JsValue,
    ) -> Result<(), Error> {
        components::component(&self.core, Verb::Mount, Component::SignUp, node, props)
    }

    /// Removes the sign-up component from `node`.
    #[wasm_bindgen(js_name = unmountSignUp)]
    pub fn unmount_sign_up(&self, #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue) {
        self.hide(Verb::Unmount, Component::SignUp, node);
    }

    /// Renders the user button into `node`: the signed-in user's avatar, opening a menu with
    /// their account (`userProfileMode`: a modal, or `userProfileUrl`) and "Sign out" (then
    /// `afterSignOutUrl`). Appears as `mountSignIn`'s component does.
    #[wasm_bindgen(js_name = mountUserButton)]
    pub fn mount_user_button(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UserButtonProps")] props: JsValue,
    ) -> Result<(), Error> {
        components::component(&self.core, Verb::Mount, Component::UserButton, node, props)
    }

    /// Removes the user button from `node`.
    #[wasm_bindgen(js_name = unmountUserButton)]
    pub fn unmount_user_button(&self, #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue) {
        self.hide(Verb::Unmount, Component::UserButton, node);
    }

    /// Renders the signed-in user's account page into `node`: profile, email addresses, phone
    /// numbers, connected accounts, password, sessions. Appears as `mountSignIn`'s component does.
    #[wasm_bindgen(js_name = mountUserProfile)]
    pub fn mount_user_profile(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "UserProfileProps")] props: JsValue,
    ) -> Result<(), Error> {
        components::component(&self.core, Verb::Mount, Component::UserProfile, node, props)
    }

    /// Removes the account page from `node`.
    #[wasm_bindgen(js_name = unmountUserProfile)]
    pub fn unmount_user_profile(&self, #[wasm_bindgen(unchecked_param_type = "HTMLElement")] node: JsValue) {
        self.hide(Verb::Unmount, Component::UserProfile, node);
    }

    /// Opens the sign-in component in a modal over the page. Throws when `load()` was not called.
    #[wasm_bindgen(js_name = openSignIn)]
    pub fn open_sign_in(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignInModalProps")] props: JsValue) -> Result<(), Error> {
        components::component(&self.core, Verb::Open, Component::SignIn, JsValue::UNDEFINED, props)
    }

    /// Closes the sign-in modal.
    #[wasm_bindgen(js_name = closeSignIn)]
    pub fn close_sign_in(&self) {
        self.hide(Verb::Close, Component::SignIn, JsValue::UNDEFINED);
    }

    /// Opens the sign-up component in a modal over the page. Throws when `load()` was not called.
    #[wasm_bindgen(js_name = openSignUp)]
    pub fn open_sign_up(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignUpModalProps")] props: JsValue) -> Result<(), Error> {
        components::component(&self.core, Verb::Open, Component::SignUp, JsValue::UNDEFINED, props)
    }

    /// Closes the sign-up modal.
    #[wasm_bindgen(js_name = closeSignUp)]
    pub fn close_sign_up(&self) {
        self.hide(Verb::Close, Component::SignUp, JsValue::UNDEFINED);
    }

    /// Opens the signed-in user's account page in a modal. Throws when `load()` was not called.
    #[wasm_bindgen(js_name = openUserProfile)]
    pub fn open_user_profile(&self, #[wasm_bindgen(unchecked_optional_param_type = "UserProfileModalProps")] props: JsValue) -> Result<(), Error> {
        components::component(&self.core, Verb::Open, Component::UserProfile, JsValue::UNDEFINED, props)
    }

    /// Closes the account modal.
    #[wasm_bindgen(js_name = closeUserProfile)]
    pub fn close_user_profile(&self) {
        self.hide(Verb::Close, Component::UserProfile, JsValue::UNDEFINED);
    }

    /// Signs in with the browser's MetaMask (`window.ethereum`): its first account signs the
    /// Frontend API's nonce; an address no user has signs up instead (then `signUpContinueUrl`
    /// when the sign-up still misses fields). Once complete: `setActive`, then `redirectUrl`
    /// (else `buildAfterSignInUrl()`); a second factor needed: `secondFactorUrl` (else the
    /// sign-in page's `#/factor-two`); navigation through `customNavigate` when given. Rejects
    /// with Clerk's error when the signature is refused, with an `Error` when the page has no
    /// wallet. As ClerkJS's `authenticateWithWeb3` with `strategy: 'web3_metamask_signature'`.
    #[wasm_bindgen(js_name = authenticateWithMetamask, unchecked_return_type = "Promise<unknown>")]
    pub fn authenticate_with_metamask(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "AuthenticateWithMetamaskParams")] params: JsValue,
    ) -> js_sys::Promise {
        components::web3(&self.core, "Metamask", Clerk::handle(&self.core), params)
    }

    /// `authenticateWithMetamask` for any web3 `strategy` (`web3_metamask_signature`,
    /// `web3_okx_wallet_signature`, …); the browser's EIP-1193 wallet (`window.ethereum`) signs.
    #[wasm_bindgen(js_name = authenticateWithWeb3, unchecked_return_type = "Promise<unknown>")]
    pub fn authenticate_with_web3(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ClerkAuthenticateWithWeb3Params")] params: JsValue,
    ) -> js_sys::Promise {
        components::web3(&self.core, "Clerk", Clerk::handle(&self.core), params)
    }

    /// Finishes an OAuth sign-in or sign-up on the page the provider returned to: makes the new
    /// session current and goes to `signInForceRedirectUrl` / `signInFallbackRedirectUrl` /
    /// `redirectUrl` (else `/`); an identity no user has yet becomes a sign-up (transfer). Rejects
    /// with the verification's error (`oauth_access_denied`, …) when the provider step failed.
    #[wasm_bindgen(js_name = handleRedirectCallback, unchecked_return_type = "Promise<void>")]
    pub fn handle_redirect_callback(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "HandleOAuthCallbackParams")] params: JsValue,
    ) -> js_sys::Promise {
        let core = self.core.clone();
        let params = params::read::<Options>(&params);
        crate::promise(async move {
            let p = params?;
            let after = [p.sign_in_force_redirect_url, p.sign_in_fallback_redirect_url, p.redirect_url]
                .into_iter()
                .flatten()
                .find(|u| !u.is_empty())
                .unwrap_or_else(|| "/".into());
            crate::oauth::handle_redirect_callback(&core, &after, p.sign_up_url.filter(|u| !u.is_empty())).await
        })
    }

    /// Signs out. `signOut()` ends every session (keeping the client), updates the state, emits,
    /// then calls the callback if one was given, else navigates to `redirectUrl` (or the
    /// `afterSignOutUrl` of `load()`, or `/`). `signOut({sessionId})` ends only that session when
    /// several are signed in.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(
        &self,
        #[wasm_bindgen(js_name = callbackOrOptions, unchecked_optional_param_type = "SignOutCallback | SignOutOptions")] callback_or_options: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOutOptions")] options: JsValue,
    ) -> js_sys::Promise {
        crate::promise(sign_out(self.core.clone(), callback_or_options, options))
    }

    /// The sign-in page's URL (the `signInUrl` option of `load()`, else the instance's), with
    /// `redirectUrl` (default: this page), the redirect options and `initialValues` in its
    /// hash, as ClerkJS builds it; `""` before `load()`.
    #[wasm_bindgen(js_name = buildSignInUrl, unchecked_return_type = "string")]
    pub fn build_sign_in_url(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignInRedirectOptions")] options: JsValue) -> JsValue {
        JsValue::from_str(&crate::nav::sign_in_or_up_url(&self.core, false, &options))
    }

    /// The sign-up page's URL, as `buildSignInUrl` builds the sign-in page's.
    #[wasm_bindgen(js_name = buildSignUpUrl, unchecked_return_type = "string")]
    pub fn build_sign_up_url(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignUpRedirectOptions")] options: JsValue) -> JsValue {
        JsValue::from_str(&crate::nav::sign_in_or_up_url(&self.core, true, &options))
    }

    /// Where a sign-in leads: `signInForceRedirectUrl`, else the `redirect_url` of `params` (a
    /// page's `URLSearchParams`), else `signInFallbackRedirectUrl`, else `/` — only to allowed
    /// origins.
    #[wasm_bindgen(js_name = buildAfterSignInUrl, unchecked_return_type = "string")]
    pub fn build_after_sign_in_url(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ params?: URLSearchParams }")] options: JsValue,
    ) -> JsValue {
        self.after_url(false, &options)
    }

    /// Where a sign-up leads, as `buildAfterSignInUrl` with the sign-up options.
    #[wasm_bindgen(js_name = buildAfterSignUpUrl, unchecked_return_type = "string")]
    pub fn build_after_sign_up_url(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "{ params?: URLSearchParams }")] options: JsValue,
    ) -> JsValue {
        self.after_url(true, &options)
    }

    /// Where `signOut()` leads: the `afterSignOutUrl` option, else `/`.
    #[wasm_bindgen(js_name = buildAfterSignOutUrl, unchecked_return_type = "string")]
    pub fn build_after_sign_out_url(&self) -> JsValue {
        JsValue::from_str(&crate::nav::after_sign_out(&self.core))
    }

    /// Navigates to `buildSignInUrl(options)`.
    #[wasm_bindgen(js_name = redirectToSignIn, unchecked_return_type = "Promise<void>")]
    pub fn redirect_to_sign_in(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignInRedirectOptions")] options: JsValue) -> js_sys::Promise {
        self.go(&crate::nav::sign_in_or_up_url(&self.core, false, &options), false)
    }

    /// Navigates to `buildSignUpUrl(options)`.
    #[wasm_bindgen(js_name = redirectToSignUp, unchecked_return_type = "Promise<void>")]
    pub fn redirect_to_sign_up(&self, #[wasm_bindgen(unchecked_optional_param_type = "SignUpRedirectOptions")] options: JsValue) -> js_sys::Promise {
        self.go(&crate::nav::sign_in_or_up_url(&self.core, true, &options), false)
    }

    /// Navigates to `buildAfterSignOutUrl()`.
    #[wasm_bindgen(js_name = redirectToAfterSignOut, unchecked_return_type = "Promise<void>")]
    pub fn redirect_to_after_sign_out(&self) -> js_sys::Promise {
        self.go(&crate::nav::after_sign_out(&self.core), false)
    }

    /// Goes to `to`: an http(s) URL or a path (another protocol goes to `/`; `//host` is
    /// refused). Same-origin destinations go through the `routerPush` (or, with
    /// `{replace: true}`, `routerReplace`) given to `load()`, when there is one.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn navigate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] to: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "{ replace?: boolean }")] options: JsValue,
    ) -> js_sys::Promise {
        match params::read::<Options>(&options) {
            Ok(o) => self.go(&to.as_string().unwrap_or_default(), o.replace.unwrap_or(false)),
            Err(e) => js_sys::Promise::reject(&e.into()),
        }
    }
}

/// How long `load()` waits for the client before going on without it (ClerkJS's 7 s).
const LOAD_CLIENT_TIMEOUT_MS: u32 = 7_000;

/// Whether `load()` may go on without an answer that failed this way: ClerkJS goes on (status
/// `degraded`) after anything but a 4xx — no answer in time, a network failure, a 5xx.
fn degrades(e: &Error) -> bool {
    !matches!(e.status(), Some(400..=499))
}

async fn load(core: Rc<Core>) -> Result<JsValue, Error> {
    let (env, client) = match fetch_environment_and_client(&core).await {
        // A refused client (4xx) fails `load()`, as in ClerkJS.
        Ok((_, Err(e))) if !degrades(&e) => {
            core.set_status(Status::Error);
            return Err(e);
        }
        // So does a dev browser that could not be had.
        Err(e) => {
            core.set_status(Status::Error);
            return Err(e);
        }
        Ok(answers) => answers,
    };
    let degraded = env.is_err() || client.is_err();
    for e in [env.as_ref().err(), client.as_ref().err()].into_iter().flatten() {
        web_sys::console::warn_1(&JsValue::from_str(
            &["clerk-wasm: load() goes on without an answer (status \"degraded\"): ", &e.message()].concat(),
        ));
    }
    // Everything that arrived is applied in one step, then the listeners are told. The
    // environment that did not arrive reads as an empty one (the defaults).
    core.set_environment(env.unwrap_or_else(|_| js::object()));
    match client {
        // No client yet reads as an empty one, as ClerkJS builds it.
        Ok(c) => core.apply_client(Some(if c.is_object() { c } else { js::object() })),
        Err(_) => {
            // The client did not come: what the page had stays; without one, an empty
            // stand-in, replaced by the real one when a later fetch brings it.
            if core.client().is_none() {
                core.apply_provisional_client();
            }
            refetch_client(core.clone());
        }
    }
    core.set_status(if degraded { Status::Degraded } else { Status::Ready });
    crate::keeper::install(&core);
    core.emit();
    Ok(JsValue::UNDEFINED)
}

/// After a `load()` that went on without the client, asks for it once more in the background
/// (with the instance's deadline), as ClerkJS does; when it comes, the page catches up — unless
/// a newer client (the answer of a call made meanwhile) came first.
fn refetch_client(core: Rc<Core>) {
    crate::spawn(async move {
        let fetched = client_answer(&core, &Request::get("/client")).await;
        if let (Ok(client), true) = (fetched, core.has_provisional_client()) {
            core.apply_client(Some(if client.is_object() { client } else { js::object() }));
            core.emit();
        }
    });
}

/// The environment's and the client's answers (each may have failed); `Err` when the dev
/// browser could not be had, before either was asked for.
async fn fetch_environment_and_client(core: &Core) -> Result<(Result<JsValue, Error>, Result<JsValue, Error>), Error> {
    if let Some(db) = core.fapi.dev_browser() {
        // The dev browser's suffixed cookie needs the suffix before the first request.
        core.set_cookie_suffix(crate::browser::cookie_suffix(&core.key.key).await);
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
    let client_req = Request::get("/client").timeout(LOAD_CLIENT_TIMEOUT_MS);
    // Otherwise the suffix (a crypto.subtle digest) is only needed for the cookies written
    // once the answers are in: it is computed while they travel.
    let suffix = async {
        if core.fapi.dev_browser().is_none() {
            core.set_cookie_suffix(crate::browser::cookie_suffix(&core.key.key).await);
        }
    };
    let ((env, client), ()) = join(join(core.send(&env_req), client_answer(core, &client_req)), suffix).await;
    let (env, client) = match (env, client, core.fapi.dev_browser()) {
        // An unknown dev browser: make a new one and try once more, as ClerkJS does.
        (_, Err(e), Some(db)) | (Err(e), _, Some(db)) if e.code() == Some("dev_browser_unauthenticated") => {
            db.set(None);
            db.set(Some(core.fapi.create_dev_browser().await?));
            join(core.send(&env_req), client_answer(core, &client_req)).await
        }
        other => (other.0, other.1),
    };
    let env = env.and_then(|body| parse(&body)).and_then(|env| {
        if env.is_object() {
            Ok(env)
        } else {
            Err(Error::Decode("the environment answer is not an object"))
        }
    });
    Ok((env, client))
}

/// `GET /client`'s `response`. As soon as it shows nobody signed in, the UI module starts
/// downloading (a signed-out page is about to show a sign-in), while the environment may still
/// be on its way.
async fn client_answer(core: &Core, req: &Request) -> Result<JsValue, Error> {
    let client = envelope(&core.send(req).await?)?.response;
    if crate::wire::Client::read(&client).signed_in_ids().is_empty() {
        components::prefetch();
    }
    Ok(client)
}

async fn set_active(core: Rc<Core>, params: JsValue) -> Result<JsValue, Error> {
    let params = params::read::<Options>(&params)?;
    let session = session_id_of(&params.session)?;
    core.set_active(session).await?;
    if let Some(url) = params.redirect_url {
        crate::nav::go(&core, &url).await?;
    }
    Ok(JsValue::UNDEFINED)
}

/// ClerkJS's `signOut`: without `sessionId` (or with only one session signed in), ends every
/// session of the client; with the `sessionId` of one of several, removes that one — and
/// signs this page out only if it was the current one. Signing the page out clears
/// `__session`, tells the listeners and the page's other tabs, then calls the callback or
/// navigates to `redirectUrl` (else `buildAfterSignOutUrl()`).
async fn sign_out(core: Rc<Core>, callback_or_options: JsValue, options: JsValue) -> Result<JsValue, Error> {
    let callback = callback_or_options.dyn_ref::<js_sys::Function>().cloned();
    let opts = params::read::<Options>(if callback.is_some() { &options } else { &callback_or_options })?;
    let Some(client) = core.client() else { return Ok(JsValue::UNDEFINED) };
    if crate::wire::Client::read(&client).sessions.is_empty() {
        return Ok(JsValue::UNDEFINED);
    }
    let signed_in = core.signed_in_session_ids();
    match opts.session_id {
        Some(sid) if signed_in.len() > 1 => {
            if !signed_in.contains(&sid) {
                return Ok(JsValue::UNDEFINED);
            }
            let was_current = core.session_id().as_deref() == Some(sid.as_str());
            core.request_quiet(&Request::post(resource_path("/client/sessions", &sid, Some("remove")), Form::new())).await?;
            if !was_current {
                core.emit();
                return Ok(JsValue::UNDEFINED);
            }
        }
        _ => {
            core.request_quiet(&Request::delete("/client/sessions")).await?;
        }
    }
    core.set_session(None);
    core.keeper.broadcast_sign_out();
    core.emit();
    match callback {
        Some(cb) => {
            let ret = cb.call0(&JsValue::NULL).map_err(crate::error::from_js)?;
            if let Ok(p) = ret.dyn_into::<js_sys::Promise>() {
                wasm_bindgen_futures::JsFuture::from(p).await.map_err(crate::error::from_js)?;
            }
        }
        None => {
            let to = opts.redirect_url.filter(|u| !u.is_empty()).unwrap_or_else(|| crate::nav::after_sign_out(&core));
            crate::nav::go(&core, &to).await?;
        }
    }
    Ok(JsValue::UNDEFINED)
}
