//! Keeping the current session alive, as ClerkJS's session-token poller and cookie service do
//! (`core/auth/AuthCookieService.ts`, `SessionCookiePoller.ts`, `tokenCache.ts` in clerk-js 6):
//!
//! - **A poller** runs while a session is current (none while signed out): every 1.5 s while
//!   the page has the focus, 5 s otherwise — or sooner, when the session token is due for its
//!   refresh (`Core::token_due_in`) — it makes sure the token is fresh, so `__session` never
//!   goes stale while the page is open. Failures keep the state as it is and back off (doubling
//!   up to 20 s); a Frontend API that says the session is over (401, 404, 422) leads to
//!   [`handle_unauthenticated`].
//! - **Focus**: on `focus` and `visibilitychange` (to visible) the token is refreshed and
//!   `__session` rewritten; on `focus` the session is also touched (`intent=focus`), at most
//!   once every 5 s.
//! - **Tabs**: a token this page mints is posted on `BroadcastChannel("clerk:session_token")`
//!   and other tabs cache it; a refresh takes the Web Lock `clerk.lock.refreshSessionToken`
//!   first and, once it has it, looks at what another tab may have minted meanwhile (its
//!   message, or the `__session` cookie it wrote) — so N tabs do not mint N tokens. A sign-out
//!   is posted on `BroadcastChannel("clerk")` as `{type: "signout"}`; the other tabs then ask
//!   for the client and drop the session it no longer has. The channel names and messages are
//!   ClerkJS's.

use crate::browser;
use crate::core::Core;
use crate::error::Error;
use crate::fapi::{envelope, Request};
use crate::js;
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The poller's pace while the page has the focus, and otherwise (ClerkJS's figures).
const FOCUSED_MS: f64 = 1_500.0;
const UNFOCUSED_MS: f64 = 5_000.0;
/// The longest wait between retries while the Frontend API fails.
const MAX_BACKOFF_MS: f64 = 20_000.0;
/// At most one touch on focus per this many milliseconds (ClerkJS's).
const TOUCH_THROTTLE_MS: f64 = 5_000.0;
/// How long a refresh waits for another tab's lock before going on without it (ClerkJS's).
const LOCK_WAIT_MS: u32 = 4_999;

const SIGN_OUT_CHANNEL: &str = "clerk";
const TOKEN_CHANNEL: &str = "clerk:session_token";
const LOCK_NAME: &str = "clerk.lock.refreshSessionToken";

/// The keeper's state in one `Core`.
#[derive(Default)]
pub struct Keeper {
    /// The poller runs.
    running: Cell<bool>,
    /// The listeners and channels are in place (once per instance).
    installed: Cell<bool>,
    /// `[sign-outs, tokens]` channels, where the browser has `BroadcastChannel`.
    channels: RefCell<Option<[JsValue; 2]>>,
    /// Failed refreshes in a row.
    failures: Cell<u32>,
    last_touch_ms: Cell<f64>,
}

impl Keeper {
    /// Tells the page's other tabs about a session token minted here.
    pub fn share_token(&self, session_id: &str, jwt: &str) {
        let msg = js::object();
        js::set(&msg, "sessionId", &JsValue::from_str(session_id));
        js::set(&msg, "tokenId", &JsValue::from_str(session_id));
        js::set(&msg, "tokenRaw", &JsValue::from_str(jwt));
        self.post(1, &msg);
    }

    /// Tells the page's other tabs that this one signed out.
    pub fn broadcast_sign_out(&self) {
        let msg = js::object();
        js::set(&msg, "type", &JsValue::from_str("signout"));
        self.post(0, &msg);
    }

    fn post(&self, which: usize, msg: &JsValue) {
        if let Some(channels) = self.channels.borrow().as_ref() {
            browser::call(&channels[which], "postMessage", &[msg]);
        }
    }
}

/// Puts the listeners and the channels in place, once per instance (at the end of `load()`).
pub fn install(core: &Rc<Core>) {
    if core.keeper.installed.replace(true) {
        return;
    }
    let (window, document) = browser::window_and_document();
    for (target, event, touch) in [(&window, "focus", true), (&document, "visibilitychange", false)] {
        let weak = Rc::downgrade(core);
        browser::on_event(target, event, move || {
            if let (Some(core), true) = (weak.upgrade(), browser::is_visible()) {
                crate::spawn(async move { on_focus(&core, touch).await });
            }
        });
    }
    let ctor = browser::global("BroadcastChannel");
    let Some(ctor) = ctor.dyn_ref::<js_sys::Function>() else { return };
    let open = |name: &str, on_message: fn(&Rc<Core>, JsValue)| -> Option<JsValue> {
        let channel = js_sys::Reflect::construct(ctor, &js_sys::Array::of1(&JsValue::from_str(name))).ok()?;
        let weak = Rc::downgrade(core);
        let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
            if let Some(core) = weak.upgrade() {
                on_message(&core, js::get(&event, "data"));
            }
        });
        js::set(&channel, "onmessage", &handler.into_js_value());
        Some(channel)
    };
    if let (Some(sign_outs), Some(tokens)) = (open(SIGN_OUT_CHANNEL, on_sign_out_message), open(TOKEN_CHANNEL, on_token_message)) {
        *core.keeper.channels.borrow_mut() = Some([sign_outs, tokens]);
    }
}

fn on_sign_out_message(core: &Rc<Core>, data: JsValue) {
    if js::string(&data, "type").as_deref() == Some("signout") {
        let core = core.clone();
        crate::spawn(async move { handle_unauthenticated(&core, false).await });
    }
}

fn on_token_message(core: &Rc<Core>, data: JsValue) {
    if let (Some(sid), Some(jwt)) = (js::string(&data, "sessionId"), js::string(&data, "tokenRaw")) {
        core.adopt_token(&sid, &jwt);
    }
}

/// Starts the poller unless it runs; it stops by itself once no session is current.
pub fn keep(core: &Rc<Core>) {
    if core.keeper.running.replace(true) {
        return;
    }
    let weak = Rc::downgrade(core);
    crate::spawn(async move {
        while let Some(wait) = next_wait(&weak) {
            browser::sleep(wait).await;
            match weak.upgrade() {
                Some(core) if core.session_id().is_some() => refresh(&core).await,
                _ => {}
            }
        }
    });
}

/// How long the poller sleeps before its next look; `None` (and the poller marked stopped) when
/// no session is current.
fn next_wait(weak: &Weak<Core>) -> Option<u32> {
    let core = weak.upgrade()?;
    let Some(sid) = core.session_id() else {
        core.keeper.running.set(false);
        return None;
    };
    let pace = if browser::has_focus() { FOCUSED_MS } else { UNFOCUSED_MS };
    let failures = core.keeper.failures.get();
    let wait = if failures > 0 {
        (pace * f64::from(1u32 << failures.min(5))).min(MAX_BACKOFF_MS)
    } else {
        let due_ms = core.token_due_in(&sid).unwrap_or(0.0) * 1000.0;
        due_ms.clamp(50.0, pace)
    };
    Some(wait as u32)
}

/// Makes sure the current session's token is fresh: nothing when it is; otherwise, under the
/// tabs' lock, takes a token another tab minted meanwhile, or mints one.
async fn refresh(core: &Rc<Core>) {
    let Some(sid) = core.session_id() else { return };
    if core.token_due_in(&sid).is_some_and(|s| s > 0.0) {
        core.keeper.failures.set(0);
        return;
    }
    let result = Rc::new(RefCell::new(None));
    let (me, slot, id) = (core.clone(), result.clone(), sid.clone());
    under_lock(async move {
        // Another tab may have refreshed while this one waited for the lock.
        if let Some(jwt) = browser::cookie("__session") {
            me.adopt_token(&id, &jwt);
        }
        *slot.borrow_mut() = Some(me.get_token(&id, None, false).await);
    })
    .await;
    let outcome = result.borrow_mut().take();
    match outcome {
        Some(Err(e)) if ends_session(&e) => {
            handle_unauthenticated(core, true).await;
            // Still signed in: the client could not be had (or still lists the session); back
            // off rather than ask again at once.
            let failures = if core.session_id().is_some() { core.keeper.failures.get() + 1 } else { 0 };
            core.keeper.failures.set(failures);
        }
        Some(Err(_)) | None => core.keeper.failures.set(core.keeper.failures.get() + 1),
        Some(Ok(_)) => core.keeper.failures.set(0),
    }
}

/// Whether a Frontend API refusal means the session is no longer usable here: ClerkJS's 401,
/// 422 and the banned/deactivated 403, and the 404 of a session this client no longer has.
fn ends_session(e: &Error) -> bool {
    match e.status() {
        Some(401 | 404 | 422) => true,
        Some(403) => matches!(e.code(), Some("user_banned" | "user_deactivated")),
        _ => false,
    }
}

/// Runs `f` holding the Web Lock the page's tabs share for token refreshes (ClerkJS's lock
/// name); without Web Locks, or after waiting `LOCK_WAIT_MS` for it, runs it anyway.
async fn under_lock(f: impl std::future::Future<Output = ()> + 'static) {
    let job: Job = Rc::new(RefCell::new(Some(Box::pin(f))));
    let locks = js::get(&browser::global("navigator"), "locks");
    if locks.is_object() {
        let options = js::object();
        js::set(&options, "signal", &web_sys::AbortSignal::timeout_with_u32(LOCK_WAIT_MS));
        let granted = job.clone();
        let callback = Closure::<dyn FnMut(JsValue) -> JsValue>::new(move |_lock: JsValue| -> JsValue {
            let granted = granted.clone();
            crate::promise(async move {
                run_once(&granted).await;
                Ok(JsValue::UNDEFINED)
            })
            .into()
        })
        .into_js_value();
        if let Some(p) = browser::call(&locks, "request", &[&JsValue::from_str(LOCK_NAME), &options, &callback]) {
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p)).await;
        }
    }
    // No Web Locks, or the wait for the lock was given up: run anyway (nothing happens if the
    // locked run already did).
    run_once(&job).await;
}

type Job = Rc<RefCell<Option<std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>>>>;

async fn run_once(job: &Job) {
    let next = job.borrow_mut().take();
    if let Some(fut) = next {
        fut.await;
    }
}

/// On `focus` / `visibilitychange`: touches the session (`focus` only, throttled), refreshes
/// its token and writes `__session` again — the focused tab's session is the cookie's.
async fn on_focus(core: &Rc<Core>, touch: bool) {
    let Some(sid) = core.session_id() else { return };
    let now = browser::now_ms();
    if touch && now - core.keeper.last_touch_ms.get() >= TOUCH_THROTTLE_MS {
        core.keeper.last_touch_ms.set(now);
        if let Err(e) = core.request(&crate::core::touch(&sid, "focus")).await {
            if ends_session(&e) {
                return handle_unauthenticated(core, true).await;
            }
        }
    }
    refresh(core).await;
    core.write_cookies();
}

/// The Frontend API refused the current session (or another tab signed out): asks for the
/// client, and when it no longer has the session, drops it — `__session` cleared, listeners
/// told — and, unless the news came from another tab, tells the other tabs. As ClerkJS's
/// `handleUnauthenticated`: a 403 or 500 for the client drops the session too; other failures
/// keep the state (the poller retries).
pub async fn handle_unauthenticated(core: &Rc<Core>, broadcast: bool) {
    if core.session_id().is_none() {
        return;
    }
    match core.send(&Request::get("/client")).await.and_then(|body| envelope(&body)) {
        Ok(answer) => {
            let client = answer.response;
            core.apply_client(Some(if client.is_object() { client } else { js::object() }));
            if core.session_id().is_none() && broadcast {
                core.keeper.broadcast_sign_out();
            }
            core.emit();
        }
        Err(e) if matches!(e.status(), Some(403 | 500)) => {
            core.drop_session();
            if broadcast {
                core.keeper.broadcast_sign_out();
            }
        }
        Err(_) => {}
    }
}
