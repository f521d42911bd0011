//! clerk-wasm's components — `<SignIn/>`, `<SignUp/>`, `<UserButton/>`, `<UserProfile/>` and
//! their modals — in a WebAssembly module of their own.
//!
//! The SDK core loads this module (`pkg/clerk_ui.js` + `pkg/clerk_ui_bg.wasm`, built by
//! `scripts/build-ui.sh`) with a dynamic `import()` the first time a page mounts or opens a
//! component (or calls a wallet method), as ClerkJS 6 loads `@clerk/ui`, so a page that never
//! shows a component never downloads it. The module exports:
//!
//! - its default export, wasm-bindgen's `init({module_or_path})`;
//! - [`mount`]`(component, clerk, node, props)`: renders `"SignIn"`, `"SignUp"`, `"UserButton"`
//!   or `"UserProfile"` into `node`, replacing a component already mounted there;
//! - [`unmount`]`(node)`: removes it and its listeners, leaving the node as it was;
//! - [`open_modal`] / [`close_modal`] (`openModal` / `closeModal`): the component in a modal
//!   dialog (`modal.rs`), for `clerk.openSignIn`, `openSignUp`, `openUserProfile`;
//! - `authenticateWithWeb3` (`authenticate.rs`): the wallet sign-in the SDK's
//!   `authenticateWithMetamask` / `authenticateWithWeb3` hand over once their parameters are
//!   checked.
//!
//! The components know the SDK only as a page does: `clerk` is the public `Clerk` instance, and
//! everything goes through its JavaScript API — `clerk.client.signIn.create(…)`, `setActive`,
//! `clerk.user.createEmailAddress(…)`, `clerk.environment` — read and called by name
//! (`api::get`, `api::call`: one binding instead of one per property, which measured 2.4 KB
//! gzip for the cards alone). No Rust type crosses between the two modules; failures arrive as
//! the `ClerkAPIResponseError` a page would catch (`error.rs`).
//!
//! A mounted component is a [`Widget`]: the element it owns inside the page's node and one
//! event listener per event type on it (event delegation: buttons and forms say what they do in
//! `data-action`, file inputs in `data-change`). It draws itself anew on every change and turns
//! each action into a plan: a call of the same methods a page would make, and what to do with
//! its answer, chained on the SDK's promises. Errors land at the input named by
//! `meta.paramName`, others in the form's alert (`form.rs`). Unmounting removes the DOM, the
//! listener and what the component holds outside it; only a request still under way holds it,
//! until it settles.
//!
//! `flow.rs` with `sign_in.rs` and `sign_up.rs` are the cards; `user_button.rs` the avatar and
//! its menu; `profile/` the account's pages and sections; `modal.rs` the dialogs; `dom.rs` the
//! DOM calls, `page.rs` the address bar and navigation, `appearance.rs` the `appearance` prop,
//! `style.rs` and `profile/style.rs` the stylesheets.
//!
//! Size (the module's budget is 60 KB gzip, `node scripts/size.mjs`): the crate keeps `std`
//! (`no_std` with a non-formatting panic handler measured 980 B gzip less, and 947 B again with
//! all the components in: it needs `use` lines for `String`, `Vec`, … in every file),
//! uses web-sys for the DOM (reflection, as the core uses, measured 122 B gzip less once the
//! imports are renamed: not worth the untyped calls), and leaves Rust futures out (`flow.rs`).
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod api;
mod appearance;
mod authenticate;
mod dom;
mod error;
mod flow;
mod form;
mod modal;
mod page;
mod profile;
mod sign_in;
mod sign_up;
mod style;
mod user_button;
mod web3;

use flow::{Component, Flow, Job, SSO_CALLBACK};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::{Event, HtmlElement};

// SAFETY: the module targets wasm32 without threads (no `atomics` target feature), so the
// allocator is only ever used from one thread. lol_alloc, as in the SDK core: dlmalloc measured
// 7 KB of the core's .wasm; the components allocate little.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

/// A mounted component, as this file drives it: the element it owns and what its actions do.
/// `SignIn` / `SignUp` are a `Flow`; `UserButton` a `user_button::Button`; `UserProfile` a
/// `profile::Profile`.
pub trait Widget {
    /// The `<div class="cl-root">` the component owns inside the page's node.
    fn root(&self) -> &web_sys::Element;
    /// Runs an action: a button's `data-action`, a form's (`data-action` on the `<form>`, else
    /// `submit`) or a file input's `data-change`.
    fn act(self: Rc<Self>, action: String);
    /// The component is being removed: drop what it holds outside its root (SDK listeners,
    /// document listeners).
    fn detach(&self) {}
}

impl Widget for Flow {
    fn root(&self) -> &web_sys::Element {
        &self.root
    }
    fn act(self: Rc<Self>, action: String) {
        self.run(Job::Action(action));
    }
}

/// A mounted component and the listener that keeps it alive.
struct Mounted {
    node: HtmlElement,
    widget: Rc<dyn Widget>,
    listener: Closure<dyn FnMut(Event)>,
}

/// The events a component's root listens to (event delegation).
const EVENTS: [&str; 3] = ["submit", "click", "change"];

impl Mounted {
    fn detach(self) {
        let f = self.listener.as_ref().unchecked_ref();
        let root = self.widget.root();
        for ty in EVENTS {
            dom::unlisten(root, ty, f);
        }
        self.widget.detach();
        dom::remove(root);
        // Dropping `listener` frees the closure. Only a request still under way refers to the
        // component now, until it settles.
    }
}

/// State of the page's one thread (wasm32 without the `atomics` feature has no other). A plain
/// static rather than `thread_local!`, which measured 270 B more gzip.
struct PageState {
    /// The components mounted on this page (by any `Clerk`), found again by their node.
    mounted: RefCell<Vec<Mounted>>,
    /// Mounts so far, for element ids unique in the page.
    mounts: Cell<u32>,
}

// SAFETY: the module targets wasm32 without threads, so only one thread ever reaches this state.
unsafe impl Sync for PageState {}

static STATE: PageState = PageState { mounted: RefCell::new(Vec::new()), mounts: Cell::new(0) };

/// Renders `component` (`"SignIn"`, `"SignUp"`, `"UserButton"` or `"UserProfile"`) into `node`
/// for a loaded `clerk`, replacing a component already mounted there. The SDK has checked that
/// `node` is an element.
#[wasm_bindgen]
pub fn mount(component: &str, clerk: api::Clerk, node: HtmlElement, props: JsValue) -> Result<(), JsValue> {
    let kind = match component {
        "SignIn" => Some(Component::SignIn),
        "SignUp" => Some(Component::SignUp),
        "UserButton" | "UserProfile" => None,
        _ => return Err(js_sys::Error::new("clerk-wasm-ui: unknown component").into()),
    };
    unmount(node.clone());
    let props: api::Props = api::object_as(props);
    // With a signed-in user and one session per client, ClerkJS does not render these
    // components: it warns and sends the user on to where a sign-in would have led.
    if kind.is_some() && flow::single_session_blocks(&clerk) {
        page::warn("clerk-wasm: <SignIn/> and <SignUp/> do not render while a user is signed in and the instance allows a single session.");
        if let Some(to) = api::get_text(&props, "forceRedirectUrl").or_else(|| api::get_text(&props, "fallbackRedirectUrl")) {
            page::navigate(&to);
        }
        return Ok(());
    }
    let Some(doc) = dom::document_of(&node) else { return Ok(()) };
    dom::ensure_style(&doc, "cl-style", style::CSS);
    let root = dom::el(&doc, "div", "cl-root");
    appearance::apply_variables(&root, &props);
    dom::append(&node, &root);
    let uid = STATE.mounts.replace(STATE.mounts.get() + 1);
    // The account components draw themselves; a flow is drawn below, once it listens.
    let (widget, flow): (Rc<dyn Widget>, _) = match kind {
        Some(kind) => {
            let flow = Rc::new(Flow::new(clerk, kind, doc, root, props, uid));
            (flow.clone(), Some(flow))
        }
        None if component == "UserButton" => (user_button::Button::new(clerk, doc, root, props, uid), None),
        None => (profile::Profile::new(clerk, doc, root, props, uid), None),
    };
    let for_events = Rc::downgrade(&widget);
    let listener = Closure::<dyn FnMut(Event)>::new(move |ev: Event| {
        if let (Some(widget), Some(action)) = (for_events.upgrade(), dom::action_of(&ev)) {
            widget.act(action);
        }
    });
    let f = listener.as_ref().unchecked_ref();
    for ty in EVENTS {
        dom::listen(widget.root(), ty, f);
    }
    STATE.mounted.borrow_mut().push(Mounted { node, widget, listener });
    // The sign-in and sign-up cards finish an OAuth return on the page the provider sent back.
    if let Some(flow) = flow {
        flow.render();
        if page::href().is_some_and(|h| h.ends_with(SSO_CALLBACK)) {
            flow.run(Job::SsoCallback);
        }
    }
    Ok(())
}

/// Removes the component mounted in `node`, if any, and its listeners.
#[wasm_bindgen]
pub fn unmount(node: HtmlElement) {
    let found = {
        let mut list = STATE.mounted.borrow_mut();
        list.iter().position(|m| m.node == node).map(|i| list.swap_remove(i))
    };
    if let Some(m) = found {
        m.detach();
    }
}

/// `clerk.openSignIn(props)`, `openSignUp`, `openUserProfile`: the component in a modal dialog
/// over the page (`modal.rs`); a second open of the same component replaces the first.
#[wasm_bindgen(js_name = openModal)]
pub fn open_modal(component: &str, clerk: api::Clerk, props: JsValue) -> Result<(), JsValue> {
    modal::open(component, clerk, props)
}

/// `clerk.closeSignIn()`, `closeSignUp`, `closeUserProfile`: closes that component's modal, if
/// open, and gives the focus back to where it was.
#[wasm_bindgen(js_name = closeModal)]
pub fn close_modal(component: &str) {
    modal::close(component);
}
