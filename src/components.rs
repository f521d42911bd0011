//! Where the components come from. `mountSignIn`, `openUserProfile` and their siblings keep
//! ClerkJS's synchronous signatures, but the components themselves are another WebAssembly
//! module (the `clerk-wasm-ui` crate: `pkg/clerk_ui.js` + `clerk_ui_bg.wasm`), imported the first
//! time a page needs one — as ClerkJS 6 loads `@clerk/ui` — so a page that never shows a
//! component never downloads it.
//!
//! The UI module knows this SDK only through its public JavaScript API: each call hands it a
//! `Clerk` object for this instance, and the element and props a page passed. Its exports are
//! `mount(component, clerk, node, props)`, `unmount(node)`, `openModal(component, clerk,
//! props)`, `closeModal(component)` — the component named `"SignIn"`, `"SignUp"`,
//! `"UserButton"` or `"UserProfile"` ([`Component::name`]) — and `authenticateWithWeb3`
//! ([`web3`]). This module keeps no registry of what is mounted or open (the UI module does);
//! it only orders the calls:
//! - once the module is in and `load()` has finished, a call runs at once (synchronously);
//! - before that, calls wait in a queue, in the order they were made, and run when both are
//!   ready — so `mountSignIn` may be called while `load()` is still running, and a mount followed
//!   by an unmount (or an open followed by a close) before the module arrives ends with nothing
//!   shown.
//!
//! All fourteen component methods of `Clerk` go through one function, [`component`], with a
//! [`Verb`]: each exported method costs its wasm-bindgen shim and nothing more.
//!
//! The wallet sign-in (`clerk.authenticateWithMetamask`, `signIn.authenticateWithWeb3`, …) also
//! lives in the UI module, as a chain of the SDK's own public promises: [`web3`] checks the
//! parameters, then imports the module if needed and hands it the call. (Written as Rust async
//! flows here, those methods measured 8.3 KB gzip of the core; delegated, a few hundred bytes.)
//!
//! To keep the module off the critical path, `load()` starts fetching it ([`prefetch`]) as soon
//! as it knows nobody is signed in, and a mount during `load()` starts it at once.

use crate::core::Core;
use crate::error::Error;
use crate::js;
use crate::params::{self, AttemptParams};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/www/ui-loader.js")]
extern "C" {
    /// Imports the UI module next to the SDK's `clerk.js` (once per page) and resolves to it.
    #[wasm_bindgen(js_name = loadComponents)]
    fn load_components() -> js_sys::Promise;

    /// Imports the UI module if needed, then calls its export `name` with `args`: a promise of
    /// what that returns (the import's failure rejects it).
    #[wasm_bindgen(js_name = withComponents)]
    fn with_components(name: &str, args: js_sys::Array) -> js_sys::Promise;
}

/// The components this SDK can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    SignIn,
    SignUp,
    UserButton,
    UserProfile,
}

impl Component {
    /// The name the UI module knows the component by.
    pub fn name(self) -> &'static str {
        match self {
            Component::SignIn => "SignIn",
            Component::SignUp => "SignUp",
            Component::UserButton => "UserButton",
            Component::UserProfile => "UserProfile",
        }
    }
}

/// What a component method does: `mount…` / `unmount…` into a page's element, `open…` /
/// `close…` as a modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Mount,
    Unmount,
    Open,
    Close,
}

/// A call waiting for the module or for `load()`: the UI module's export and its arguments.
struct Call(&'static str, js_sys::Array);

thread_local! {
    /// The UI module once it is in: one per page, whatever the number of `Clerk` instances.
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// One instance's queue of component calls.
#[derive(Default)]
pub struct Host {
    pending: RefCell<VecDeque<Call>>,
    /// A task is emptying the queue.
    draining: Cell<bool>,
    /// This instance asked for the module at least once (an unmount or a close before that has
    /// nothing to do).
    requested: Cell<bool>,
}

/// Every component method of `Clerk`: `mount<C>(node, props)`, `unmount<C>(node)`,
/// `open<C>(props)`, `close<C>()`. Checked here, synchronously, as ClerkJS checks them —
/// `mount` needs an element, `mount` and `open` need `load()` to have been called — then the
/// component appears (or goes) once the UI module is in and `load()` has finished.
pub fn component(core: &Rc<Core>, verb: Verb, component: Component, node: JsValue, props: JsValue) -> Result<(), Error> {
    let host = &core.components;
    let name = JsValue::from_str(component.name());
    let call = match verb {
        Verb::Mount | Verb::Open => {
            if verb == Verb::Mount && !node.is_instance_of::<web_sys::Element>() {
                return Err(Error::usage("mount: the first argument must be a DOM element"));
            }
            if !core.load_started() {
                return Err(Error::usage("components: call `clerk.load()` before mounting or opening components"));
            }
            host.requested.set(true);
            let clerk = crate::clerk::Clerk::handle(core);
            match verb {
                Verb::Mount => Call("mount", array(&[&name, &clerk, &node, &props])),
                _ => Call("openModal", array(&[&name, &clerk, &props])),
            }
        }
        _ if !host.requested.get() => return Ok(()),
        Verb::Unmount => Call("unmount", array(&[&node])),
        Verb::Close => Call("closeModal", array(&[&name])),
    };
    queue(core, call);
    Ok(())
}
/// Starts downloading the UI module, if it is not in or on its way already.
pub fn prefetch() {
    if MODULE.with(|m| m.borrow().is_none()) {
        crate::spawn(async {
            // A failure here is not reported: the mount that needs the module tries again.
            let _ = module().await;
        });
    }
}

fn queue(core: &Rc<Core>, call: Call) {
    let host = &core.components;
    let ready = MODULE.with(|m| m.borrow().clone());
    match ready {
        Some(m) if !host.draining.get() && core.is_loaded() => run(&m, call),
        _ => {
            host.pending.borrow_mut().push_back(call);
            if !host.draining.replace(true) {
                crate::spawn(drain(core.clone()));
            }
        }
    }
}

/// Waits for the module and for `load()`, then runs the queued calls in order.
async fn drain(core: Rc<Core>) {
    let ready = match module().await {
        Ok(m) => core.until_loaded().await.map(|_| m),
        Err(e) => Err(e),
    };
    loop {
        let Some(next) = core.components.pending.borrow_mut().pop_front() else { break };
        match &ready {
            Ok(m) => run(m, next),
            Err(e) => report("the components could not be shown", &e.message()),
        }
    }
    core.components.draining.set(false);
}

/// Calls the UI module's export; what it throws is reported on the console (the page's call
/// returned long ago, or had nothing to throw it to).
fn run(m: &JsValue, Call(export, args): Call) {
    if let Err(e) = js::get(m, export).unchecked_into::<js_sys::Function>().apply(m, &args) {
        report("a component failed", &crate::error::from_js(e).message());
    }
}

/// The UI module, importing it if needed.
async fn module() -> Result<JsValue, Error> {
    if let Some(m) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(m);
    }
    let m = JsFuture::from(load_components()).await.map_err(crate::error::from_js)?;
    MODULE.with(|cell| *cell.borrow_mut() = Some(m.clone()));
    Ok(m)
}

fn report(what: &str, why: &str) {
    web_sys::console::error_1(&JsValue::from_str(&["clerk-wasm: ", what, ": ", why].concat()));
}

/// The wallet methods, handed to the UI module's `authenticateWithWeb3(kind, target, params)`,
/// which runs ClerkJS's flow through the public methods of `target`: `kind` is `"Clerk"` or
/// `"Metamask"` (`clerk.authenticateWithWeb3` / `authenticateWithMetamask`, `target` the
/// `Clerk`), `"SignIn"` / `"SignUp"` (the resource's `authenticateWithWeb3`, `target` the
/// resource) or `"SignInMetamask"` / `"SignUpMetamask"` (its `authenticateWithMetamask`).
/// Before that, as any method of the SDK: a parameter of the wrong type is refused with
/// `form_param_format_invalid`, a missing `strategy` (of `clerk.authenticateWithWeb3`) or
/// `generateSignature` (of the resources' `authenticateWithWeb3`) with `form_param_missing` —
/// before any request and without loading the module. As ClerkJS's, the `Clerk` methods resolve
/// to `undefined` at once, checking nothing, when `load()` has not brought a client yet.
pub fn web3(core: &Core, kind: &'static str, target: JsValue, given: JsValue) -> js_sys::Promise {
    let checked = match kind {
        "Clerk" | "Metamask" if core.client().is_none() => return js_sys::Promise::resolve(&JsValue::UNDEFINED),
        // (`posted`, not `read`: one instance of the reading code for both.)
        _ => params::posted::<AttemptParams>(&given, &[]).and_then(|p| match kind {
            "Clerk" => params::required(p.params.strategy, "strategy").map(drop),
            "SignIn" | "SignUp" if !js::get(&given, "generateSignature").is_function() => Err(params::missing("generate_signature")),
            _ => Ok(()),
        }),
    };
    match checked {
        Err(e) => js_sys::Promise::reject(&e.into()),
        Ok(()) => with_components("authenticateWithWeb3", array(&[&JsValue::from_str(kind), &target, &given])),
    }
}

/// `[items…]`.
fn array(items: &[&JsValue]) -> js_sys::Array {
    let a = js_sys::Array::new();
    for i in items {
        a.push(i);
    }
    a
}
