//! The components in a modal dialog: `clerk.openSignIn(props)`, `openSignUp`, `openUserProfile`
//! (the UI module's `openModal`) and their `close…` counterparts (`closeModal`), and the user
//! button's "Manage account" and "Add account".
//!
//! A modal is a backdrop (`cl-modalBackdrop`) appended to `document.body`, holding the dialog
//! (`cl-modalContent`, `role="dialog"`, `aria-modal="true"`, labelled by the component's heading)
//! with a close button (`cl-modalCloseButton`) and a node the component is mounted into through
//! [`crate::mount`] — the same code as a component the page mounts itself. While one is open the
//! page does not scroll, Tab and Shift+Tab cycle through the dialog's controls only, and Escape,
//! a click on the backdrop or the close button close it; the focus then goes back to where it
//! was before the modal opened.
//!
//! There is at most one modal per component: opening it again replaces it. As ClerkJS, the
//! sign-in and sign-up modals do not open while a user is signed in on an instance with one
//! session per client, nor the profile while nobody is signed in: a warning, nothing else.
//!
//! A modal also closes itself when the current session changes (a sign-in in it finished, the
//! user signed out or deleted the account): what it showed is over, and the component goes on
//! to its redirect as it would mounted in the page.
//!
//! Keyboard and clicks are handled by one listener on the document, installed while any modal
//! is open; it acts on the modal opened last.

use crate::api::{self, Clerk};
use crate::profile::{get, is};
use crate::{dom, flow, page};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event, HtmlElement};

#[wasm_bindgen]
extern "C" {
    /// `clerk.addListener(callback)`, which calls back at once and returns the function that
    /// removes it.
    #[wasm_bindgen(method, catch, js_name = addListener)]
    pub fn subscribe(this: &Clerk, callback: &js_sys::Function) -> Result<js_sys::Function, JsValue>;
}

/// A DOM event listener.
pub type Listener = Closure<dyn FnMut(Event)>;

/// The modal's stylesheet. The backdrop lives outside any `.cl-root`, so its rules are scoped
/// by their own classes.
pub const CSS: &str = r#"
.cl-noscroll{overflow:hidden!important}
.cl-modalBackdrop{position:fixed;inset:0;z-index:2147483000;display:flex;justify-content:center;overflow:auto;padding:64px 16px;background:rgb(17 24 39/.5)}
.cl-modalContent{position:relative;width:100%;max-width:400px;margin:auto 0;outline:0}
.cl-modalContent[data-component=UserProfile]{max-width:880px}
.cl-modalContent .cl-root>.cl-card{max-width:none}
.cl-modalCloseButton{position:absolute;top:10px;right:10px;z-index:1;width:32px;height:32px;border:0;border-radius:8px;background:none;color:#6b7280;font:22px/1 sans-serif;cursor:pointer}
"#;

/// An open modal.
struct Open {
    /// `"SignIn"`, `"SignUp"` or `"UserProfile"`.
    component: &'static str,
    backdrop: Element,
    /// The node the component is mounted into.
    node: HtmlElement,
    /// What had the focus before the modal opened.
    opener: Option<Element>,
    /// Removes the modal's `clerk.addListener` callback.
    off: Option<js_sys::Function>,
}

/// The open modals, oldest first, and what the page had before the first one.
struct Modals {
    open: RefCell<Vec<Open>>,
    /// The document's keydown and click listener, made on the first open.
    handler: RefCell<Option<Listener>>,
}

// SAFETY: the module targets wasm32 without threads, so only one thread ever reaches this state
// (as lib.rs's `STATE`).
unsafe impl Sync for Modals {}

static MODALS: Modals = Modals { open: RefCell::new(Vec::new()), handler: RefCell::new(None) };

/// The events the document listener handles.
const EVENTS: [&str; 2] = ["keydown", "click"];

/// The components a modal shows, by the names the SDK gives them (`Component::name`).
fn component(name: &str) -> Option<&'static str> {
    match name {
        "SignIn" => Some("SignIn"),
        "SignUp" => Some("SignUp"),
        "UserProfile" => Some("UserProfile"),
        _ => None,
    }
}

/// Another handle on the same `Clerk` (the binding is not `Clone`).
pub fn another(clerk: &Clerk) -> Clerk {
    let v: &JsValue = clerk.as_ref();
    v.clone().unchecked_into()
}

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

/// The current session's id.
fn session_id(clerk: &Clerk) -> Option<String> {
    api::path_text(clerk, &["session", "id"])
}

/// Opens `name` in a modal, replacing its modal if one is open.
pub fn open(name: &str, clerk: Clerk, props: JsValue) -> Result<(), JsValue> {
    let Some(name) = component(name) else { return Err(js_sys::Error::new("clerk-wasm-ui: no modal for this component").into()) };
    if name == "UserProfile" {
        if session_id(&clerk).is_none() {
            page::warn("clerk-wasm: the <UserProfile/> modal needs a signed-in user; nobody is signed in, so it does not open.");
            return Ok(());
        }
    } else if flow::single_session_blocks(&clerk) {
        page::warn("clerk-wasm: the <SignIn/> and <SignUp/> modals do not open while a user is signed in and the instance allows a single session.");
        return Ok(());
    }
    let Some(doc) = document() else { return Ok(()) };
    let Some(body) = doc.body() else { return Ok(()) };
    // A second open replaces the first, and the focus goes back to where it was before the first.
    let old = remove(name);
    let first = old.is_none() && MODALS.open.borrow().is_empty();
    let opener = match old {
        Some(old) => {
            let opener = old.opener.clone();
            dismiss(old);
            opener
        }
        None => doc.active_element(),
    };
    dom::ensure_style(&doc, "cl-style-modal", CSS);
    let backdrop = dom::el(&doc, "div", "cl-modalBackdrop");
    let dialog = dom::el(&doc, "div", "cl-modalContent");
    dom::attr(&dialog, "role", "dialog");
    dom::attr(&dialog, "aria-modal", "true");
    dom::attr(&dialog, "data-component", name);
    // ClerkJS's label for it.
    let x = dom::text_el(&doc, "button", "cl-modalCloseButton", "×");
    dom::attr(&x, "type", "button");
    dom::attr(&x, "aria-label", "Close modal");
    let node: HtmlElement = dom::el(&doc, "div", "").unchecked_into();
    dom::append(&dialog, &x);
    dom::append(&dialog, &node);
    dom::append(&backdrop, &dialog);
    dom::append(&body, &backdrop);
    if first {
        // The page does not scroll under the modal.
        dom::toggle_class(&body, "cl-noscroll", true);
        listen(&doc);
    }
    let watcher = another(&clerk);
    if let Err(e) = crate::mount(name, clerk, node.clone(), props) {
        backdrop.remove();
        release(&doc);
        return Err(e);
    }
    // The flows give their heading an id; the profile's heading changes with its page.
    match dom::query(&dialog, "h1[id]") {
        Some(h) => dom::attr(&dialog, "aria-labelledby", &dom::id(&h)),
        None => dom::attr(&dialog, "aria-label", "Account"),
    }
    // The component focuses its first field when it has one; else its first control.
    let inside = doc.active_element().is_some_and(|a| node.contains(Some(&a)));
    if !inside {
        match focusables(&node).first() {
            Some(f) => dom::focus(f),
            None => dom::focus(&x),
        }
    }
    MODALS.open.borrow_mut().push(Open { component: name, backdrop, node, opener, off: None });
    // Registered last: `addListener` calls back at once, with the session the modal opened on.
    let was = session_id(&watcher);
    let w = another(&watcher);
    let on_change = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
        if session_id(&w) != was {
            close(name);
        }
    });
    let f: js_sys::Function = on_change.into_js_value().unchecked_into();
    if let Ok(off) = watcher.subscribe(&f) {
        let mut open = MODALS.open.borrow_mut();
        match open.iter_mut().find(|m| m.component == name) {
            Some(m) => m.off = Some(off),
            // Closed already by the first call back.
            None => {
                let _ = off.call0(&JsValue::NULL);
            }
        }
    }
    Ok(())
}

/// Closes the modal of `name`, if one is open, and gives the focus back.
pub fn close(name: &str) {
    let Some(m) = component(name).and_then(remove) else { return };
    let opener = m.opener.clone();
    dismiss(m);
    if let Some(doc) = document() {
        release(&doc);
    }
    if let Some(o) = opener.filter(|o| is(o, &["isConnected"])) {
        dom::focus(&o);
    }
}

/// Takes the modal of `name` out of the list.
fn remove(name: &'static str) -> Option<Open> {
    let mut open = MODALS.open.borrow_mut();
    let i = open.iter().position(|m| m.component == name)?;
    Some(open.remove(i))
}

/// Unmounts the component, removes the backdrop and the modal's SDK listener.
fn dismiss(m: Open) {
    crate::unmount(m.node);
    m.backdrop.remove();
    if let Some(off) = m.off {
        let _ = off.call0(&JsValue::NULL);
    }
}

/// Once no modal is open: the document's listener off, the page scrolls again.
fn release(doc: &Document) {
    if !MODALS.open.borrow().is_empty() {
        return;
    }
    if let Some(f) = MODALS.handler.borrow().as_ref() {
        for ty in EVENTS {
            let _ = doc.remove_event_listener_with_callback(ty, f.as_ref().unchecked_ref());
        }
    }
    if let Some(body) = doc.body() {
        dom::toggle_class(&body, "cl-noscroll", false);
    }
}

/// Adds the document's listener (made once, kept for the next modals).
fn listen(doc: &Document) {
    let mut handler = MODALS.handler.borrow_mut();
    let f = handler.get_or_insert_with(|| Closure::new(on_event));
    for ty in EVENTS {
        let _ = doc.add_event_listener_with_callback(ty, f.as_ref().unchecked_ref());
    }
}

/// The controls of `scope` Tab reaches, in order (those not rendered left out).
pub fn focusables(scope: &Element) -> Vec<Element> {
    let mut all = dom::query_all(
        scope,
        "a[href],button:not(:disabled),input:not(:disabled):not([type=hidden]):not([tabindex='-1']),select:not(:disabled),textarea:not(:disabled),[tabindex]:not([tabindex='-1'])",
    );
    all.retain(|e| !get(e, "offsetParent").is_null());
    all
}

/// Moves the focus to the next (or, `back`, the previous) control of `scope`, round from the
/// last to the first; from outside `scope`, to its first (or last).
pub fn step_focus(scope: &Element, back: bool) {
    let list = focusables(scope);
    let n = list.len();
    if n == 0 {
        return;
    }
    let active = document().and_then(|d| d.active_element());
    let next = match (list.iter().position(|e| Some(e) == active.as_ref()), back) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, false) => 0,
        (None, true) => n - 1,
    };
    if let Some(e) = list.get(next) {
        dom::focus(e);
    }
}

/// Keys and clicks while a modal is open, for the one opened last.
fn on_event(ev: Event) {
    let top = MODALS.open.borrow().last().map(|m| (m.component, m.backdrop.clone()));
    let Some((name, backdrop)) = top else { return };
    let target = ev.target().map(JsCast::unchecked_into::<Element>);
    if ev.type_() == "click" {
        let on_backdrop = target.as_ref() == Some(&backdrop);
        let on_close = target.and_then(|t| t.closest(".cl-modalCloseButton").ok().flatten()).is_some_and(|b| backdrop.contains(Some(&b)));
        if on_backdrop || on_close {
            close(name);
        }
        return;
    }
    match get(&ev, "key").as_string().as_deref() {
        Some("Escape") => {
            ev.prevent_default();
            close(name);
        }
        Some("Tab") => {
            // Tab is ours while the modal is open: the next (or previous) control of the
            // dialog, round from the last to the first, wherever the focus was.
            ev.prevent_default();
            step_focus(&backdrop, is(&ev, &["shiftKey"]));
        }
        _ => {}
    }
}
